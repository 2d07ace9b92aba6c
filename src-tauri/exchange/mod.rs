//! Data in and out of the contact log: files read into people, a preview of what importing
//! them would do, and the one transaction that does it.

pub mod csv;
pub mod duplicates;
pub mod fuzz;
pub mod ics;
pub mod import;
pub mod json;
pub mod linkedin;
pub mod matching;
pub mod text_file;
pub mod vcard;
