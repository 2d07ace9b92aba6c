use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_autostart::ManagerExt;

use super::{AppState, BridgeError, CommandResult};
use crate::settings::{self, AppSettings, ReminderSettings};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllSettings {
    reminders: ReminderSettings,
    app: AppSettings,
}

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> CommandResult<AllSettings> {
    state.read(all)
}

pub fn all(c: &rusqlite::Connection) -> crate::error::Result<AllSettings> {
    Ok(AllSettings {
        reminders: settings::reminders(c)?,
        app: settings::app(c)?,
    })
}

#[tauri::command]
pub fn settings_save_reminders(
    state: State<'_, AppState>,
    value: ReminderSettings,
) -> CommandResult<ReminderSettings> {
    state.write(|c| settings::save_reminders(c, value))
}

/// Saves how the app lives on the desktop; "launch at login" is registered with the OS.
#[tauri::command]
pub fn settings_save_app<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    value: AppSettings,
) -> CommandResult<AppSettings> {
    let login = app.autolaunch();
    let registered = if value.launch_at_login {
        login.enable()
    } else {
        login.disable()
    };
    // Disabling what was never enabled is no failure worth showing.
    if let (Err(err), true) = (registered, value.launch_at_login) {
        return Err(BridgeError::os(format!(
            "Rapport could not be set to launch at login: {err}"
        )));
    }
    state.write(|c| settings::save_app(c, value))
}

/// Quits, after the window has saved what was typed.
#[tauri::command]
pub fn app_quit<R: Runtime>(app: AppHandle<R>) {
    app.exit(0);
}
