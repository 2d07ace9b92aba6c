//! My search and the target organizations. Every change to the targets answers with the
//! list as it now stands, in order.

use chrono::Utc;
use rusqlite::Connection;
use tauri::State;

use super::{AppState, CommandResult};
use crate::error::Result;
use crate::outreach::my_search::{self, MySearch};
use crate::outreach::targets::{self, Target, TargetInput};

#[tauri::command]
pub fn my_search_get(state: State<'_, AppState>) -> CommandResult<MySearch> {
    state.read(my_search::get)
}

#[tauri::command]
pub fn my_search_save(state: State<'_, AppState>, value: MySearch) -> CommandResult<MySearch> {
    state.write(|c| my_search::save(c, value))
}

#[tauri::command]
pub fn targets_list(state: State<'_, AppState>) -> CommandResult<Vec<Target>> {
    state.read(targets::list)
}

/// Makes the organization called `name` a target, creating it when new.
#[tauri::command]
pub fn targets_add(state: State<'_, AppState>, name: String) -> CommandResult<Vec<Target>> {
    change(&state, |c| targets::mark(c, &name, Utc::now()))
}

/// Makes an organization a target again (the undo of a removal) or from its page.
#[tauri::command]
pub fn targets_mark(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<Target>> {
    change(&state, |c| targets::mark_id(c, id, Utc::now()))
}

#[tauri::command]
pub fn targets_unmark(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<Target>> {
    change(&state, |c| targets::unmark(c, id, Utc::now()))
}

#[tauri::command]
pub fn targets_set(
    state: State<'_, AppState>,
    id: i64,
    input: TargetInput,
) -> CommandResult<Vec<Target>> {
    change(&state, |c| targets::set(c, id, input, Utc::now()))
}

#[tauri::command]
pub fn targets_move(
    state: State<'_, AppState>,
    id: i64,
    index: usize,
) -> CommandResult<Vec<Target>> {
    change(&state, |c| targets::move_to(c, id, index))
}

#[tauri::command]
pub fn targets_sort_by_lamp(state: State<'_, AppState>) -> CommandResult<Vec<Target>> {
    change(&state, |c| targets::sort_by_lamp(c))
}

/// Makes a change to the targets and answers with the list as it now stands.
fn change<T>(
    state: &AppState,
    f: impl FnOnce(&mut Connection) -> Result<T>,
) -> CommandResult<Vec<Target>> {
    state.write(|c| {
        f(c)?;
        targets::list(c)
    })
}
