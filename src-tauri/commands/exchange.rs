use std::collections::HashSet;
use std::sync::Mutex;

use chrono::{Local, Utc};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};

use super::{AppState, BridgeError, CommandResult};
use crate::contacts::{self, ContactQuery};
use crate::error::Error;
use crate::exchange::import::{self, Candidate, Preview};
use crate::exchange::{csv, ics, json, linkedin, text_file, vcard};

/// Which kind of file the user chose.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Linkedin,
    Vcard,
    /// Any spreadsheet of people; its columns are mapped before anything is read.
    Csv,
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
    /// For a spreadsheet: each column, what it is taken to hold, and a few of its values.
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<Vec<csv::Column>>,
    /// Why the mapping cannot be read yet (no column of names): the user changes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
    #[serde(flatten)]
    preview: Preview,
}

/// Reads the file the user chose and says what importing it would do; nothing changes yet.
/// A spreadsheet is read with `mapping` (a field per column) or, without one, with the
/// mapping Rapport guesses from its header.
#[tauri::command]
pub fn exchange_preview(
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
    path: String,
    format: Format,
    mapping: Option<Vec<csv::Field>>,
) -> CommandResult<ImportPreview> {
    let path = std::path::PathBuf::from(path);
    let bytes = read_file(&path)?;
    // A new file or mapping replaces what was previewed, even if it is refused.
    pending.set(None);
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut columns = None;
    let people = match format {
        Format::Linkedin => linkedin::read(&bytes)?,
        Format::Vcard => vcard::read(&bytes)?,
        Format::Csv => {
            let table = csv::table(&bytes)?;
            let fields = mapping.unwrap_or_else(|| csv::guess(&table.header.fields));
            columns = Some(csv::columns(&table, &fields));
            match csv::read(&table, &fields) {
                Ok(people) => people,
                // The columns are shown so the user can say which holds the names.
                Err(Error::BadFile(problem)) => {
                    return Ok(ImportPreview {
                        file,
                        columns,
                        problem: Some(problem),
                        preview: Preview::default(),
                    })
                }
                Err(other) => return Err(other.into()),
            }
        }
    };
    let preview = state.read(|c| import::preview(c, &people, Utc::now()))?;
    pending.set(Some(people));
    Ok(ImportPreview {
        file,
        columns,
        problem: None,
        preview,
    })
}

/// Imports what was previewed, all or nothing, telling the window how far it got.
#[tauri::command]
pub fn exchange_import<R: Runtime>(
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
    Csv,
    /// Everything, for a restore or another program.
    Json,
    /// Scheduled calls and open deadlines, for a calendar.
    Ics,
}

/// Writes to the file the user chose: everyone, or with `query` the people the list shows
/// for it (vCard and CSV). Answers how many people or calendar items were written.
#[tauri::command]
pub fn exchange_export(
    state: State<'_, AppState>,
    path: String,
    format: ExportFormat,
    query: Option<ContactQuery>,
) -> CommandResult<usize> {
    let style = state.date_style();
    let (text, count) = state.read_aside(|c| {
        let mut people = contacts::all(c)?;
        if let Some(query) = &query {
            let shown: HashSet<i64> = contacts::list(
                c,
                &ContactQuery {
                    limit: Some(u32::MAX),
                    offset: 0,
                    ..query.clone()
                },
            )?
            .items
            .into_iter()
            .map(|p| p.id)
            .collect();
            people.retain(|p| shown.contains(&p.id));
        }
        Ok(match format {
            ExportFormat::Vcard => (vcard::write(&people), people.len()),
            ExportFormat::Csv => (csv::write(&people)?, people.len()),
            ExportFormat::Json => (json::write(c, Utc::now())?, people.len()),
            ExportFormat::Ics => ics::write(c, &Local::now(), style)?,
        })
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

fn read_file(path: &std::path::Path) -> CommandResult<Vec<u8>> {
    let unreadable = |e: std::io::Error| {
        BridgeError::from(Error::BadFile(format!("The file could not be read: {e}.")))
    };
    text_file::check_size(std::fs::metadata(path).map_err(unreadable)?.len())?;
    std::fs::read(path).map_err(unreadable)
}
