//! Message templates and the messages written from them: composed for one person, handed
//! to the mail app.

use chrono::Local;
use tauri::State;

use super::{AppState, BridgeError, CommandResult};
use crate::outreach::compose::{self, Composed};
use crate::outreach::mail;
use crate::outreach::templates::{self, Kind, Template};

#[tauri::command]
pub fn templates_list(state: State<'_, AppState>) -> CommandResult<Vec<Template>> {
    state.read(templates::list)
}

#[tauri::command]
pub fn templates_save(
    state: State<'_, AppState>,
    kind: Kind,
    subject: String,
    body: String,
) -> CommandResult<Template> {
    state.write(|c| templates::save(c, kind, &subject, &body))
}

#[tauri::command]
pub fn templates_reset(state: State<'_, AppState>, kind: Kind) -> CommandResult<Template> {
    state.write(|c| templates::reset(c, kind))
}

/// The template of `kind` (or the one that fits where the person stands) filled for them.
#[tauri::command]
pub fn message_compose(
    state: State<'_, AppState>,
    contact_id: i64,
    kind: Option<Kind>,
) -> CommandResult<Composed> {
    let style = state.date_style();
    state.read(|c| compose::compose(c, contact_id, kind, &Local::now(), style))
}

/// Opens a new message in the desktop's mail app, addressed and written.
#[tauri::command]
pub fn message_mail(to: String, subject: String, body: String) -> CommandResult<()> {
    let link = mail::link(&to, &subject, &body)?;
    open::that_detached(link)
        .map_err(|e| BridgeError::os(format!("The mail app could not be opened: {e}")))
}
