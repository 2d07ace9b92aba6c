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
