//! The outreach desk: whom to approach and who the user is when they write.

pub mod my_search;
pub mod targets;
