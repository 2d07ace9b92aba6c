use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::organizations::{self, Organization, OrganizationInput, OrganizationPage};

#[tauri::command]
pub fn organizations_list(state: State<'_, AppState>) -> CommandResult<Vec<Organization>> {
    state.read(organizations::list)
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
