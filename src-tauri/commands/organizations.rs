use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::organizations::{self, Organization, OrganizationInput, OrganizationPage};

#[tauri::command]
pub async fn organizations_list(state: State<'_, AppState>) -> CommandResult<Vec<Organization>> {
    Ok(organizations::list(state.db().conn())?)
}

#[tauri::command]
pub async fn organizations_get(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<OrganizationPage> {
    Ok(organizations::get(state.db().conn(), id)?)
}

#[tauri::command]
pub async fn organizations_update(
    state: State<'_, AppState>,
    id: i64,
    input: OrganizationInput,
) -> CommandResult<OrganizationPage> {
    Ok(organizations::update(
        state.db().conn(),
        id,
        input,
        Utc::now(),
    )?)
}
