//! Errors of the core: what went wrong, in words a person can act on.

use serde::Serialize;

/// A problem with one field of a form, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", summary(.0))]
    Invalid(Vec<FieldError>),
    #[error("That {0} no longer exists.")]
    NotFound(&'static str),
    #[error("The contact log could not be read or written: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("The contact log could not be upgraded: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("The data folder is not usable: {0}")]
    Io(#[from] std::io::Error),
    /// A file to import is not what it should be; the message names the line.
    #[error("{0}")]
    BadFile(String),
    /// The sync server could not be reached or used; the message says why.
    #[error("{0}")]
    Sync(crate::sync::Problem),
}

fn summary(fields: &[FieldError]) -> String {
    match fields {
        [one] => one.message.clone(),
        _ => format!("{} fields need attention.", fields.len()),
    }
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
