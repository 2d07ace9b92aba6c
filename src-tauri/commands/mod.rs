//! The bridge: thin Tauri commands that parse arguments, call the core and map its errors.

pub mod contacts;
pub mod interactions;
pub mod interviews;
pub mod organizations;
pub mod reminders;
pub mod settings;
pub mod vocabulary;

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use serde::Serialize;

use crate::error::{Error, FieldError};
use crate::scheduler::Scheduler;
use crate::store::Db;

/// What every command can reach.
pub struct AppState {
    db: Arc<Mutex<Db>>,
    scheduler: OnceLock<Scheduler>,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self {
            db: Arc::new(Mutex::new(db)),
            scheduler: OnceLock::new(),
        }
    }

    /// The database as the scheduler thread shares it.
    pub fn shared_db(&self) -> Arc<Mutex<Db>> {
        Arc::clone(&self.db)
    }

    pub fn set_scheduler(&self, scheduler: Scheduler) {
        let _ = self.scheduler.set(scheduler);
    }

    /// The data changed: reminders may have moved, so the scheduler looks again now.
    pub fn changed(&self) {
        if let Some(scheduler) = self.scheduler.get() {
            scheduler.wake();
        }
    }

    /// The database, even if a previous command panicked while holding it: SQLite's own
    /// transactions keep the file consistent, so the lock's poison carries no meaning.
    pub fn db(&self) -> MutexGuard<'_, Db> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// An error as the UI receives it: `kind` to branch on, `message` to show, and for
/// `invalid`, the fields to mark.
#[derive(Debug, Serialize)]
pub struct BridgeError {
    kind: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldError>,
}

impl From<Error> for BridgeError {
    fn from(err: Error) -> Self {
        let message = err.to_string();
        let (kind, fields) = match err {
            Error::Invalid(fields) => ("invalid", fields),
            Error::NotFound(_) => ("not_found", Vec::new()),
            Error::Database(_) | Error::Migration(_) | Error::Io(_) => ("storage", Vec::new()),
        };
        BridgeError {
            kind,
            message,
            fields,
        }
    }
}

impl BridgeError {
    /// The operating system refused something (autostart, a notification, a file).
    pub fn os(message: String) -> Self {
        BridgeError {
            kind: "os",
            message,
            fields: Vec::new(),
        }
    }
}

pub type CommandResult<T> = Result<T, BridgeError>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_reach_the_window_as_kind_and_message() {
        let invalid = Error::Invalid(vec![
            FieldError::new("fullName", "A name is required."),
            FieldError::new("emails", "“x” is not an email address."),
        ]);
        assert_eq!(
            serde_json::to_value(BridgeError::from(invalid)).unwrap(),
            json!({
                "kind": "invalid",
                "message": "2 fields need attention.",
                "fields": [
                    {"field": "fullName", "message": "A name is required."},
                    {"field": "emails", "message": "“x” is not an email address."}
                ]
            })
        );
        assert_eq!(
            serde_json::to_value(BridgeError::from(Error::NotFound("contact"))).unwrap(),
            json!({"kind": "not_found", "message": "That contact no longer exists."})
        );
        let storage = BridgeError::from(Error::Database(rusqlite::Error::InvalidQuery));
        assert_eq!(serde_json::to_value(storage).unwrap()["kind"], "storage");
    }
}
