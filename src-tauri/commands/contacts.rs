use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use tauri::State;

use super::{AppState, BridgeError, CommandResult};
use crate::contacts::{self, Contact, ContactDetail, ContactInput, ContactList, ContactQuery};
use crate::dates::DateStyle;
use crate::interviews::{self, Interview, Status};
use crate::outreach::advice::{self, Advice};
use crate::reminders::{pending, Reminder};
use crate::settings::{self, ReminderSettings};
use crate::timeline::{self, Entry};

/// Everything a person's page shows: who they are, what is next, and their story.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactPage {
    #[serde(flatten)]
    detail: ContactDetail,
    timeline: Vec<Entry>,
    next_reminder: Option<Reminder>,
    next_interview: Option<Interview>,
    /// The advice they gave, latest first.
    advice: Vec<Advice>,
    /// Notes typed in the log form and not logged yet, as they were left.
    log_draft: String,
}

#[tauri::command]
pub fn contacts_list(
    state: State<'_, AppState>,
    query: ContactQuery,
) -> CommandResult<ContactList> {
    state.read(|c| contacts::list(c, &query))
}

#[tauri::command]
pub fn contacts_get(state: State<'_, AppState>, id: i64) -> CommandResult<ContactPage> {
    let style = state.date_style();
    state.read_current(|c| contact_page(c, id, &Local::now(), style))
}

/// A person's page as the window shows it.
pub fn contact_page(
    c: &rusqlite::Connection,
    id: i64,
    now: &DateTime<Local>,
    style: DateStyle,
) -> crate::error::Result<ContactPage> {
    page_under(c, &settings::reminders(c)?, id, now, style)
}

/// [`contact_page`] under reminder rules already read, for a reader of many pages.
pub fn page_under(
    c: &rusqlite::Connection,
    rules: &ReminderSettings,
    id: i64,
    now: &DateTime<Local>,
    style: DateStyle,
) -> crate::error::Result<ContactPage> {
    let detail = contacts::detail(c, id)?;
    let interviews = interviews::for_contact(c, id)?;
    let timeline = timeline::of(c, &detail, &interviews)?;
    let next_interview = interviews
        .into_iter()
        .filter(|i| i.status == Status::Scheduled && i.call_ended_at.is_none())
        .min_by_key(|i| i.scheduled_at);
    Ok(ContactPage {
        detail,
        timeline,
        next_reminder: pending::of_contact(c, rules, now, style, id)?
            .into_iter()
            .next(),
        next_interview,
        advice: advice::for_contact(c, id)?,
        log_draft: crate::interactions::draft(c, id)?,
    })
}

/// Opens a contact's email address in the mail app or their profile in the browser; any
/// other kind of link is refused.
#[tauri::command]
pub fn contacts_open_link(link: String) -> CommandResult<()> {
    let link = contacts::external_link(&link)?;
    open::that_detached(link)
        .map_err(|e| BridgeError::os(format!("The link could not be opened: {e}")))
}

#[tauri::command]
pub fn contacts_create(state: State<'_, AppState>, input: ContactInput) -> CommandResult<Contact> {
    state.write(|c| contacts::create(c, input, Utc::now()))
}

#[tauri::command]
pub fn contacts_update(
    state: State<'_, AppState>,
    id: i64,
    input: ContactInput,
) -> CommandResult<Contact> {
    state.write(|c| contacts::update(c, id, input, Utc::now()))
}

#[tauri::command]
pub fn contacts_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(|c| contacts::delete(c, id))
}

#[tauri::command]
pub fn contacts_tags(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    state.read(contacts::tags)
}
