use std::path::Path;

use chrono::{Local, Utc};
use rusqlite::Connection;
use serde::Serialize;
use tauri::State;

use super::contacts::page_under;
use super::exchange::PendingImport;
use super::{AppState, BridgeError, CommandResult};
use crate::dates::DateStyle;
use crate::error::Error;
use crate::exchange::json;
use crate::store::backup;
use crate::{interviews, organizations, settings};

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
    let dir = state.backups_dir().ok_or_else(no_file)?;
    let copy = to_restore(Path::new(&path), state.date_style())?;
    let safety = state.write(|c| backup::restore(c, &copy, &dir, Utc::now()))?;
    // A file previewed before the restore was matched against the log that is gone.
    pending.set(None);
    Ok(Restored {
        safety_copy: safety.to_string_lossy().into_owned(),
    })
}

/// A backup file or a JSON export, checked whole, as the log it would become.
pub fn to_restore(path: &Path, style: DateStyle) -> crate::error::Result<Connection> {
    let copy = if is_json(path)? {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::BadFile(format!("The file could not be read: {e}.")))?;
        let mut conn = json::read(&bytes)?;
        backup::check(&mut conn)?;
        conn
    } else {
        backup::open_copy(path)?
    };
    readable(&copy, style)?;
    Ok(copy)
}

/// Whether everything a file to restore holds reads back as the window reads it. The
/// tables take values another program may write and Rapport never does (a tag that is a
/// number, a date it cannot parse), and one such value would leave a person's page, or
/// the whole list, unable to open once the file replaced the log. (Settings need no
/// check: what does not parse reads as the defaults.)
fn readable(c: &Connection, style: DateStyle) -> crate::error::Result<()> {
    let unreadable = |what: String, e: Error| {
        let detail = match e {
            Error::Database(e) => e.to_string(),
            other => other.to_string(),
        };
        Error::BadFile(format!(
            "In this file, {what} holds a value Rapport cannot read, as another program or a \
             hand edit can leave one, so it was not restored. ({detail})"
        ))
    };
    // Who holds it, named even where the name itself is what cannot be read.
    let named = |sql: &str| -> crate::error::Result<Vec<(i64, String)>> {
        let mut stmt = c.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            let name = r.get_ref(1)?.as_bytes().map(String::from_utf8_lossy);
            Ok((r.get(0)?, name.unwrap_or_default().into_owned()))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let now = Local::now();
    let rules = settings::reminders(c).map_err(|e| unreadable("a setting".into(), e))?;
    for (id, name) in named("SELECT id, full_name FROM contacts")? {
        page_under(c, &rules, id, &now, style)
            .map_err(|e| unreadable(format!("person #{id} (“\u{2068}{name}\u{2069}”)"), e))?;
    }
    for (id, name) in named("SELECT id, name FROM organizations")? {
        organizations::get(c, id)
            .map_err(|e| unreadable(format!("organization #{id} (“\u{2068}{name}\u{2069}”)"), e))?;
    }
    interviews::bank(c)
        .and_then(|_| interviews::ready_answers(c))
        .map_err(|e| unreadable("the question bank".into(), e))?;
    Ok(())
}

fn is_json(path: &Path) -> crate::error::Result<bool> {
    use std::io::Read;
    let mut start = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut start))
        .map_err(|e| Error::BadFile(format!("The file could not be read: {e}.")))?;
    Ok(json::looks_like(&start[..read]))
}
