use std::sync::Mutex;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};

use super::{AppState, BridgeError, CommandResult};
use crate::contacts;
use crate::error::Error;
use crate::exchange::import::{self, Candidate, Preview};
use crate::exchange::{json, linkedin, text_file, vcard};

/// Which kind of file the user chose.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Linkedin,
    Vcard,
}

/// A file read and previewed, waiting for the user to say yes.
#[derive(Default)]
pub struct PendingImport(Mutex<Option<Vec<Candidate>>>);

impl PendingImport {
    pub(super) fn set(&self, people: Option<Vec<Candidate>>) -> Option<Vec<Candidate>> {
        std::mem::replace(
            &mut self.0.lock().unwrap_or_else(|e| e.into_inner()),
            people,
        )
    }
}

/// What the preview shows: the file's name and what importing it would do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    file: String,
    #[serde(flatten)]
    preview: Preview,
}

/// Reads the file the user chose and says what importing it would do; nothing changes yet.
#[tauri::command]
pub async fn exchange_preview(
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
    path: String,
    format: Format,
) -> CommandResult<ImportPreview> {
    let path = std::path::PathBuf::from(path);
    let bytes = read_file(&path)?;
    let people = match format {
        Format::Linkedin => linkedin::read(&bytes)?,
        Format::Vcard => vcard::read(&bytes)?,
    };
    let preview = state.read(|c| import::preview(c, &people, Utc::now()))?;
    pending.set(Some(people));
    Ok(ImportPreview {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        preview,
    })
}

/// Imports what was previewed, all or nothing, telling the window how far it got.
#[tauri::command]
pub async fn exchange_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
) -> CommandResult<Preview> {
    let people = pending
        .set(None)
        .ok_or_else(|| Error::BadFile("Nothing to import: choose a file first.".into()))?;
    state.write(|c| {
        import::commit(c, &people, Utc::now(), &mut |done, total| {
            let _ = app.emit("import-progress", (done, total));
        })
    })
}

/// What an export can write.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Vcard,
    /// Everything, for a restore or another program.
    Json,
}

/// Writes everyone to the file the user chose; answers how many were written.
#[tauri::command]
pub async fn exchange_export(
    state: State<'_, AppState>,
    path: String,
    format: ExportFormat,
) -> CommandResult<usize> {
    let (text, count) = state.read(|c| {
        let people = contacts::all(c)?;
        let text = match format {
            ExportFormat::Vcard => vcard::write(&people),
            ExportFormat::Json => json::write(c, Utc::now())?,
        };
        Ok((text, people.len()))
    })?;
    write_file(std::path::Path::new(&path), text.as_bytes())?;
    Ok(count)
}

/// Writes `bytes` beside `path` first and then renames, so a failed write never leaves
/// half a file where the user expects a whole one.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> CommandResult<()> {
    let failed =
        |e: std::io::Error| BridgeError::os(format!("The file could not be written: {e}."));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    std::io::Write::write_all(&mut temp, bytes).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Forgets a previewed file the user decided not to import.
#[tauri::command]
pub fn exchange_discard(pending: State<'_, PendingImport>) {
    pending.set(None);
}

pub(super) fn read_file(path: &std::path::Path) -> CommandResult<Vec<u8>> {
    let unreadable = |e: std::io::Error| {
        BridgeError::from(Error::BadFile(format!("The file could not be read: {e}.")))
    };
    text_file::check_size(std::fs::metadata(path).map_err(unreadable)?.len())?;
    std::fs::read(path).map_err(unreadable)
}
