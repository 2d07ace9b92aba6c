//! The outreach desk: whom to approach, who the user is when they write, and what they
//! write.

pub mod advice;
pub mod compose;
pub mod mail;
pub mod my_search;
pub mod targets;
pub mod templates;
