use chrono::Utc;
use tauri::State;

use super::{AppState, CommandResult};
use crate::contacts::{self, Contact, ContactDetail, ContactInput, ContactList, ContactQuery};

#[tauri::command]
pub async fn contacts_list(
    state: State<'_, AppState>,
    query: ContactQuery,
) -> CommandResult<ContactList> {
    Ok(contacts::list(state.db().conn(), &query)?)
}

#[tauri::command]
pub async fn contacts_get(state: State<'_, AppState>, id: i64) -> CommandResult<ContactDetail> {
    Ok(contacts::detail(state.db().conn(), id)?)
}

#[tauri::command]
pub async fn contacts_create(
    state: State<'_, AppState>,
    input: ContactInput,
) -> CommandResult<Contact> {
    let contact = contacts::create(state.db().conn_mut(), input, Utc::now())?;
    state.changed();
    Ok(contact)
}

#[tauri::command]
pub async fn contacts_update(
    state: State<'_, AppState>,
    id: i64,
    input: ContactInput,
) -> CommandResult<Contact> {
    Ok(contacts::update(
        state.db().conn_mut(),
        id,
        input,
        Utc::now(),
    )?)
}

#[tauri::command]
pub async fn contacts_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    contacts::delete(state.db().conn(), id)?;
    state.changed();
    Ok(())
}

#[tauri::command]
pub async fn contacts_tags(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    Ok(contacts::tags(state.db().conn())?)
}
