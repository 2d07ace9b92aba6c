//! The window's start: its first call, everything its first screen needs in one round trip,
//! and its word that the first screen is drawn.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::reminders::{today_page, TodayPage};
use super::settings::{all as all_settings, AllSettings};
use super::vocabulary::{vocabulary, Vocabulary};
use super::{AppState, CommandResult};
use crate::interviews::{self, Interview, Soon};

/// Calls Today lists before "Show all" (as `INTERVIEWS_FIRST` in `ui/views/today.js`).
const CALLS_FIRST: usize = 5;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bootstrap {
    vocabulary: Vocabulary,
    settings: AllSettings,
    /// Today's groups with their totals and first pages, and the due count for the badge.
    today: TodayPage,
    /// Today's interviews card: the first calls of the coming week and how many there are.
    interviews: Soon,
    /// A call left running when Rapport last closed, to offer to resume.
    unfinished_call: Option<Interview>,
}

#[tauri::command]
pub fn app_bootstrap(state: State<'_, AppState>) -> CommandResult<Bootstrap> {
    // The start-up benchmark (`benches/startup.rs`) times exec → the window's first call.
    if std::env::var_os("RAPPORT_STARTUP_PROBE").is_some() {
        println!("first IPC");
    }
    let style = state.date_style();
    state.read_current(|c| {
        Ok(Bootstrap {
            vocabulary: vocabulary(style),
            settings: all_settings(c)?,
            today: today_page(c, style)?,
            interviews: super::interviews::soon(c, Some(CALLS_FIRST))?,
            unfinished_call: interviews::unfinished_call(c)?,
        })
    })
}

/// The first screen is on view: what it did not need comes now, the tray icon first. (A
/// window started hidden at login has had its tray from the start.)
#[tauri::command]
pub fn app_drawn<R: Runtime>(app: AppHandle<R>) {
    crate::desktop::ensure_tray(&app);
}
