//! The advice people gave: marked on a conversation's lines or typed on its own, acted on,
//! followed to the person it names.

use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::outreach::advice::{self, Advice, Named};

/// Marks (or unmarks) line `line` of a conversation's notes as advice; answers with the
/// advice it now is, if it is.
#[tauri::command]
pub fn advice_mark(
    state: State<'_, AppState>,
    interaction_id: i64,
    line: usize,
    marked: bool,
) -> CommandResult<Option<Advice>> {
    state.write(|c| {
        if marked {
            advice::mark_line(c, interaction_id, line, Utc::now()).map(Some)
        } else {
            advice::unmark_line(c, interaction_id, line).map(|_| None)
        }
    })
}

#[tauri::command]
pub fn advice_add(
    state: State<'_, AppState>,
    contact_id: i64,
    text: String,
) -> CommandResult<Advice> {
    state.write(|c| advice::add(c, contact_id, &text, Utc::now()))
}

#[tauri::command]
pub fn advice_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(|c| advice::delete(c, id))
}

/// Acted on, with a short note of how; no note at all (`None`) takes it back.
#[tauri::command]
pub fn advice_act(
    state: State<'_, AppState>,
    id: i64,
    note: Option<String>,
) -> CommandResult<Advice> {
    state.write(|c| match note {
        Some(note) => advice::act(c, id, &note, Utc::now()),
        None => advice::unact(c, id),
    })
}

/// The person the advice names becomes a contact, referred by whoever gave it.
#[tauri::command]
pub fn advice_refer(state: State<'_, AppState>, id: i64, person: Named) -> CommandResult<Advice> {
    state.write(|c| advice::refer(c, id, &person, Utc::now()))
}
