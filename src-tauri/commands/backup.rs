use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Serialize;
use tauri::State;

use super::exchange::PendingImport;
use super::{AppState, BridgeError, CommandResult};
use crate::error::Error;
use crate::exchange::json;
use crate::store::backup;

fn no_file() -> BridgeError {
    BridgeError::os("The contact log is not kept in a file, so it cannot be backed up.".into())
}

/// Writes a consistent copy of the contact log to the file the user chose; the window keeps
/// working meanwhile (the copy reads through its own connection).
#[tauri::command]
pub fn backup_now(state: State<'_, AppState>, path: String) -> CommandResult<()> {
    let file = state.db_file().ok_or_else(no_file)?;
    backup::copy_file(&file, Path::new(&path))
        .map_err(|e| BridgeError::os(format!("The backup could not be written: {e}")))
}

/// One automatic copy, as the Data view lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupCopy {
    path: String,
    /// The day it was made, as its name says (YYYY-MM-DD).
    day: String,
    bytes: u64,
}

/// The automatic daily copies, newest first.
#[tauri::command]
pub fn backup_list(state: State<'_, AppState>) -> CommandResult<Vec<BackupCopy>> {
    let Some(dir) = state.backups_dir() else {
        return Ok(Vec::new());
    };
    Ok(backup::list(&dir)?
        .into_iter()
        .map(|p| BackupCopy {
            day: p
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.strip_prefix("rapport-"))
                .unwrap_or_default()
                .to_owned(),
            bytes: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
            path: p.to_string_lossy().into_owned(),
        })
        .collect())
}

/// What a restore did: where the log as it was just before is kept.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    safety_copy: String,
}

/// Replaces the contact log with a backup file or a JSON export, once it is checked; the
/// log as it was is kept as a safety copy first.
#[tauri::command]
pub fn backup_restore(
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
    path: String,
) -> CommandResult<Restored> {
    let path = PathBuf::from(path);
    let dir = state.backups_dir().ok_or_else(no_file)?;
    let copy = if is_json(&path)? {
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::BadFile(format!("The file could not be read: {e}.")))?;
        let mut conn = json::read(&bytes)?;
        backup::check(&mut conn)?;
        conn
    } else {
        backup::open_copy(&path)?
    };
    let safety = state.write(|c| backup::restore(c, &copy, &dir, Utc::now()))?;
    // A file previewed before the restore was matched against the log that is gone.
    pending.set(None);
    Ok(Restored {
        safety_copy: safety.to_string_lossy().into_owned(),
    })
}

fn is_json(path: &Path) -> CommandResult<bool> {
    use std::io::Read;
    let mut start = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut start))
        .map_err(|e| Error::BadFile(format!("The file could not be read: {e}.")))?;
    Ok(json::looks_like(&start[..read]))
}
