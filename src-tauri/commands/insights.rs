//! What works, over a period the window picks.

use chrono::{DateTime, Local, Utc};
use tauri::State;

use super::{AppState, CommandResult};
use crate::insights::{self, Insights};

/// The figures from `from` (none: since the beginning) to now, weeks in the user's time.
#[tauri::command]
pub fn insights_get(
    state: State<'_, AppState>,
    from: Option<DateTime<Utc>>,
) -> CommandResult<Insights> {
    let now = Local::now();
    state.read_aside(|c| insights::insights(c, from, &now))
}
