use chrono::{DateTime, Local, Utc};
use serde::Deserialize;
use tauri::State;

use super::{AppState, CommandResult};
use crate::reminders::{self, Bucket, Key, Kind, Reminder};
use crate::settings;

/// A reminder as the window names it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderRef {
    kind: Kind,
    subject_id: i64,
    due_at: DateTime<Utc>,
}

impl ReminderRef {
    fn key(&self) -> Key {
        (self.kind, self.subject_id, self.due_at)
    }
}

/// What the Today view lists: overdue, due today, and the next seven days.
#[tauri::command]
pub async fn reminders_list(state: State<'_, AppState>) -> CommandResult<Vec<Reminder>> {
    let db = state.db();
    let rules = settings::reminders(db.conn())?;
    let all = reminders::all(db.conn(), &rules, &Local::now())?;
    Ok(all
        .into_iter()
        .filter(|r| r.bucket != Bucket::Later)
        .collect())
}

#[tauri::command]
pub async fn reminders_done(
    state: State<'_, AppState>,
    reminder: ReminderRef,
    contact_id: i64,
) -> CommandResult<()> {
    reminders::complete(
        state.db().conn_mut(),
        &reminder.key(),
        contact_id,
        Utc::now(),
    )?;
    state.changed();
    Ok(())
}

#[tauri::command]
pub async fn reminders_snooze(
    state: State<'_, AppState>,
    reminder: ReminderRef,
    until: DateTime<Utc>,
) -> CommandResult<()> {
    reminders::snooze(state.db().conn_mut(), &reminder.key(), until, Utc::now())?;
    state.changed();
    Ok(())
}

/// The window is listening: look again now, so it receives the due count at once.
#[tauri::command]
pub async fn reminders_wake(state: State<'_, AppState>) -> CommandResult<()> {
    state.changed();
    Ok(())
}
