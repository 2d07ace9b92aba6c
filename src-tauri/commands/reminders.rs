use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{AppState, CommandResult};
use crate::dates::DateStyle;
use crate::outreach::advice;
use crate::reminders::pending::{self, Group};
use crate::reminders::{self, Bucket, Key, Kind, Reminder};
use crate::{contacts, settings};

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

/// Reminders Today shows at once per group, and per *Show more*.
pub const PAGE: usize = 50;

/// What the Today view shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TodayPage {
    /// Overdue, due today, and the next seven days: each its total and first page.
    groups: Vec<Group>,
    /// Overdue or due today and already come: the badge beside "Today".
    due_now: usize,
    /// The end of the quiet hours notifications are waiting out, if they are.
    held_until: Option<DateTime<Utc>>,
    /// How many people the log holds: none means a first start.
    people: i64,
}

#[tauri::command]
pub fn reminders_today(state: State<'_, AppState>) -> CommandResult<TodayPage> {
    state.read_current(|c| today_page(c, state.date_style()))
}

/// Today as the window shows it now; reminders must be current (`read_current`).
pub fn today_page(c: &rusqlite::Connection, style: DateStyle) -> crate::error::Result<TodayPage> {
    let now = Local::now();
    let rules = settings::reminders(c)?;
    let (mut groups, counts) = pending::today(c, &rules, &now, style, PAGE)?;
    for g in &mut groups {
        advice::attach(c, &mut g.items)?;
    }
    Ok(TodayPage {
        groups,
        due_now: counts.due_now,
        held_until: reminders::held_until(&rules, &now),
        people: contacts::count(c)?,
    })
}

/// The next page of one of Today's groups, from `offset` on.
#[tauri::command]
pub fn reminders_more(
    state: State<'_, AppState>,
    bucket: Bucket,
    offset: usize,
) -> CommandResult<Vec<Reminder>> {
    let now = Local::now();
    state.read_current(|c| {
        let rules = settings::reminders(c)?;
        let mut items = pending::page(c, &rules, &now, state.date_style(), bucket, offset, PAGE)?;
        advice::attach(c, &mut items)?;
        Ok(items)
    })
}

/// Marks a reminder done; answers with the interaction that was logged, for Undo.
#[tauri::command]
pub fn reminders_done(
    state: State<'_, AppState>,
    reminder: ReminderRef,
    contact_id: i64,
) -> CommandResult<Option<i64>> {
    state.write(|c| reminders::complete(c, &reminder.key(), contact_id, Utc::now()))
}

#[tauri::command]
pub fn reminders_undo_done(
    state: State<'_, AppState>,
    reminder: ReminderRef,
    logged: Option<i64>,
) -> CommandResult<()> {
    state.write(|c| reminders::undo_complete(c, &reminder.key(), logged))
}

#[tauri::command]
pub fn reminders_snooze(
    state: State<'_, AppState>,
    reminder: ReminderRef,
    until: DateTime<Utc>,
) -> CommandResult<()> {
    state.write(|c| reminders::snooze(c, &reminder.key(), until, Utc::now()))
}

/// The window is listening: look again now, so it receives the due count at once.
#[tauri::command]
pub fn reminders_wake(state: State<'_, AppState>) -> CommandResult<()> {
    state.wake_scheduler();
    Ok(())
}
