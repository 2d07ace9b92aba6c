use tauri::State;

use super::{AppState, CommandResult};
use crate::organizations::{self, Organization};

#[tauri::command]
pub async fn organizations_list(state: State<'_, AppState>) -> CommandResult<Vec<Organization>> {
    Ok(organizations::list(state.db().conn())?)
}
