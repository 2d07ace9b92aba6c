use serde::Serialize;
use tauri::State;

use super::{AppState, CommandResult};
use crate::settings::{self, AppSettings, ReminderSettings};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllSettings {
    reminders: ReminderSettings,
    app: AppSettings,
}

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> CommandResult<AllSettings> {
    let db = state.db();
    Ok(AllSettings {
        reminders: settings::reminders(db.conn())?,
        app: settings::app(db.conn())?,
    })
}

#[tauri::command]
pub async fn settings_save_reminders(
    state: State<'_, AppState>,
    value: ReminderSettings,
) -> CommandResult<ReminderSettings> {
    let saved = settings::save_reminders(state.db().conn(), value)?;
    state.changed();
    Ok(saved)
}

#[tauri::command]
pub async fn settings_save_app(
    state: State<'_, AppState>,
    value: AppSettings,
) -> CommandResult<AppSettings> {
    Ok(settings::save_app(state.db().conn(), value)?)
}
