use std::collections::HashMap;

use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::contacts::Contact;
use crate::exchange::duplicates::{self, Difference, Field, Pair, Side};

/// Every probable pair of records of one person, with the reason.
#[tauri::command]
pub fn duplicates_list(state: State<'_, AppState>) -> CommandResult<Vec<Pair>> {
    state.read_aside(duplicates::find)
}

/// Where two records differ, field by field.
#[tauri::command]
pub fn duplicates_compare(
    state: State<'_, AppState>,
    a: i64,
    b: i64,
) -> CommandResult<Vec<Difference>> {
    state.read(|c| duplicates::compare(c, a, b))
}

/// Makes two records one: `keep` stays with the fields `picks` chose.
#[tauri::command]
pub fn duplicates_merge(
    state: State<'_, AppState>,
    keep: i64,
    gone: i64,
    picks: HashMap<Field, Side>,
) -> CommandResult<Contact> {
    state.write(|c| duplicates::merge(c, keep, gone, &picks, Utc::now()))
}

/// The two are different people: not offered again.
#[tauri::command]
pub fn duplicates_dismiss(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    state.write(|c| duplicates::dismiss(c, a, b))
}

/// Undoes [`duplicates_dismiss`].
#[tauri::command]
pub fn duplicates_undismiss(state: State<'_, AppState>, a: i64, b: i64) -> CommandResult<()> {
    state.write(|c| duplicates::undismiss(c, a, b))
}
