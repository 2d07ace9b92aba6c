use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::organizations::{self, OrganizationInput, OrganizationPage};

#[tauri::command]
pub fn organizations_names(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    state.read(organizations::names)
}

#[tauri::command]
pub fn organizations_get(state: State<'_, AppState>, id: i64) -> CommandResult<OrganizationPage> {
    state.read(|c| organizations::get(c, id))
}

#[tauri::command]
pub fn organizations_update(
    state: State<'_, AppState>,
    id: i64,
    input: OrganizationInput,
) -> CommandResult<OrganizationPage> {
    state.write(|c| organizations::update(c, id, input, Utc::now()))
}
