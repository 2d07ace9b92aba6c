use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::interactions::{self, InteractionInput, Logged};

#[tauri::command]
pub async fn interactions_create(
    state: State<'_, AppState>,
    input: InteractionInput,
) -> CommandResult<Logged> {
    Ok(interactions::create(
        state.db().conn_mut(),
        input,
        Utc::now(),
    )?)
}

#[tauri::command]
pub async fn interactions_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    interactions::delete(state.db().conn(), id)?;
    state.changed();
    Ok(())
}
