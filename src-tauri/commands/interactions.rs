use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::interactions::{self, InteractionInput, Logged};

#[tauri::command]
pub fn interactions_create(
    state: State<'_, AppState>,
    input: InteractionInput,
) -> CommandResult<Logged> {
    state.write(|c| interactions::create(c, input, Utc::now()))
}

#[tauri::command]
pub fn interactions_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(|c| interactions::delete(c, id))
}

/// Keeps the notes typed in a person's log form as they are typed (blank forgets them). No
/// screen but the one typing shows them, so no other hears of it.
#[tauri::command]
pub fn interactions_keep_draft(
    state: State<'_, AppState>,
    contact_id: i64,
    notes: String,
) -> CommandResult<()> {
    state.keep(|c| interactions::keep_draft(c, contact_id, &notes, Utc::now()))
}
