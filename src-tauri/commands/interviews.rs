use chrono::Utc;
use rusqlite::Connection;
use serde::Serialize;
use tauri::State;

use super::{AppState, CommandResult};
use crate::error::Result;
use crate::interviews::{
    self, BankQuestion, CallClock, Category, Interview, InterviewInput, Prep, Question,
    ReadyAnswer, Referral, Soon,
};
use crate::outreach::compose;

/// Everything the prep page and call mode show.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterviewPage {
    interview: Interview,
    ready_answers: Vec<ReadyAnswer>,
    logistics: Vec<Choice>,
    bank: Vec<BankQuestion>,
    speech_seconds: u32,
    clock: Option<CallClock>,
    /// Whom the advice noted in the call names, for its end to offer as new contacts.
    named_in_advice: Vec<Referral>,
    /// The elevator speech My search starts, while the prep's speech is not written.
    speech_draft: Option<String>,
}

#[derive(Serialize)]
pub struct Choice {
    value: &'static str,
    label: &'static str,
}

fn page(conn: &Connection, interview: Interview) -> Result<InterviewPage> {
    let bank = interviews::bank(conn)?
        .into_iter()
        .filter(|q| q.category != Category::Closing)
        .collect();
    let clock = interview.clock(Utc::now());
    Ok(InterviewPage {
        ready_answers: interviews::ready_answers(conn)?,
        logistics: interviews::logistics(interview.medium)
            .iter()
            .map(|(value, label)| Choice { value, label })
            .collect(),
        bank,
        speech_seconds: interviews::speech_seconds(&interview.prep.elevator_speech),
        clock,
        named_in_advice: interviews::named_in_advice(&interview),
        // Offered only until the speech is written.
        speech_draft: if interview.prep.elevator_speech.trim().is_empty() {
            compose::speech_draft(conn, interview.contact_id)?
        } else {
            None
        },
        interview,
    })
}

#[tauri::command]
pub fn interviews_create(
    state: State<'_, AppState>,
    input: InterviewInput,
) -> CommandResult<Interview> {
    state.write(|c| interviews::create(c, input, Utc::now()))
}

#[tauri::command]
pub fn interviews_get(state: State<'_, AppState>, id: i64) -> CommandResult<InterviewPage> {
    state.read(|c| page(c, interviews::get(c, id)?))
}

/// How far ahead Today lists calls to prepare.
const SOON: chrono::Duration = chrono::Duration::days(7);

/// The calls Today lists: those of the coming week and any whose time has passed unheld.
pub fn soon(conn: &Connection, limit: Option<usize>) -> Result<Soon> {
    interviews::soon(conn, Utc::now() + SOON, limit)
}

#[tauri::command]
pub fn interviews_soon(state: State<'_, AppState>, limit: Option<usize>) -> CommandResult<Soon> {
    state.read(|c| soon(c, limit))
}

#[tauri::command]
pub fn interviews_reschedule(
    state: State<'_, AppState>,
    id: i64,
    input: InterviewInput,
) -> CommandResult<Interview> {
    state.write(|c| interviews::reschedule(c, id, input, Utc::now()))
}

#[tauri::command]
pub fn interviews_save_prep(
    state: State<'_, AppState>,
    id: i64,
    prep: Prep,
) -> CommandResult<InterviewPage> {
    state.write(|c| page(c, interviews::save_prep(c, id, &prep, Utc::now())?))
}

#[tauri::command]
pub fn interviews_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(|c| interviews::delete(c, id))
}

#[tauri::command]
pub fn interviews_add_question(
    state: State<'_, AppState>,
    interview_id: i64,
    category: Category,
    text: String,
) -> CommandResult<Question> {
    state.write(|c| interviews::add_question(c, interview_id, category, &text))
}

#[tauri::command]
pub fn interviews_edit_question(
    state: State<'_, AppState>,
    id: i64,
    text: String,
) -> CommandResult<Question> {
    state.write(|c| interviews::edit_question(c, id, &text))
}

#[tauri::command]
pub fn interviews_delete_question(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(|c| interviews::delete_question(c, id))
}

#[tauri::command]
pub fn interviews_move_question(state: State<'_, AppState>, id: i64, by: i32) -> CommandResult<()> {
    state.write(|c| interviews::move_question(c, id, by))
}

#[tauri::command]
pub fn interviews_mark_question(
    state: State<'_, AppState>,
    id: i64,
    asked: bool,
    note: String,
    advice: bool,
) -> CommandResult<Question> {
    state.write(|c| interviews::mark_question(c, id, asked, &note, advice))
}

#[tauri::command]
pub fn interviews_save_ready_answer(
    state: State<'_, AppState>,
    prompt: String,
    answer: String,
) -> CommandResult<()> {
    state.write(|c| interviews::save_ready_answer(c, &prompt, &answer))
}

#[tauri::command]
pub fn interviews_start_call(state: State<'_, AppState>, id: i64) -> CommandResult<InterviewPage> {
    state.write(|c| page(c, interviews::start_call(c, id, Utc::now())?))
}

#[tauri::command]
pub fn interviews_clock(state: State<'_, AppState>, id: i64) -> CommandResult<Option<CallClock>> {
    let now = Utc::now();
    state.read(|c| Ok(interviews::get(c, id)?.clock(now)))
}

#[tauri::command]
pub fn interviews_end_call(
    state: State<'_, AppState>,
    id: i64,
    referrals: Vec<Referral>,
) -> CommandResult<Interview> {
    state.write(|c| interviews::end_call(c, id, &referrals, Utc::now()))
}

/// A call left running when the app closed, to offer resuming it.
#[tauri::command]
pub fn interviews_unfinished(state: State<'_, AppState>) -> CommandResult<Option<Interview>> {
    state.read(interviews::unfinished_call)
}

#[tauri::command]
pub fn questionbank_list(state: State<'_, AppState>) -> CommandResult<Vec<BankQuestion>> {
    state.read(interviews::bank)
}

#[tauri::command]
pub fn questionbank_add(
    state: State<'_, AppState>,
    category: Category,
    text: String,
) -> CommandResult<BankQuestion> {
    state.write(|c| interviews::bank_add(c, category, &text))
}

#[tauri::command]
pub fn questionbank_edit(
    state: State<'_, AppState>,
    id: i64,
    text: String,
    suggested: bool,
) -> CommandResult<BankQuestion> {
    state.write(|c| interviews::bank_edit(c, id, &text, suggested))
}

#[tauri::command]
pub fn questionbank_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.write(|c| interviews::bank_delete(c, id))
}
