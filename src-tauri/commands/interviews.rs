use chrono::Utc;
use serde::Serialize;
use tauri::State;

use super::{AppState, CommandResult};
use crate::interviews::{
    self, BankQuestion, CallClock, Category, Interview, InterviewInput, Prep, Question,
    ReadyAnswer, Referral,
};

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
}

#[derive(Serialize)]
pub struct Choice {
    value: &'static str,
    label: &'static str,
}

fn page(state: &AppState, interview: Interview) -> CommandResult<InterviewPage> {
    let db = state.db();
    let bank = interviews::bank(db.conn())?
        .into_iter()
        .filter(|q| q.category != Category::Closing)
        .collect();
    let clock = interview.clock(Utc::now());
    Ok(InterviewPage {
        ready_answers: interviews::ready_answers(db.conn())?,
        logistics: interviews::logistics(interview.medium)
            .iter()
            .map(|(value, label)| Choice { value, label })
            .collect(),
        bank,
        speech_seconds: interviews::speech_seconds(&interview.prep.elevator_speech),
        clock,
        interview,
    })
}

#[tauri::command]
pub async fn interviews_create(
    state: State<'_, AppState>,
    input: InterviewInput,
) -> CommandResult<Interview> {
    let interview = interviews::create(state.db().conn_mut(), input, Utc::now())?;
    state.changed();
    Ok(interview)
}

#[tauri::command]
pub async fn interviews_get(state: State<'_, AppState>, id: i64) -> CommandResult<InterviewPage> {
    let interview = interviews::get(state.db().conn(), id)?;
    page(&state, interview)
}

#[tauri::command]
pub async fn interviews_for_contact(
    state: State<'_, AppState>,
    contact_id: i64,
) -> CommandResult<Vec<Interview>> {
    Ok(interviews::for_contact(state.db().conn(), contact_id)?)
}

#[tauri::command]
pub async fn interviews_upcoming(state: State<'_, AppState>) -> CommandResult<Vec<Interview>> {
    Ok(interviews::upcoming(state.db().conn())?)
}

#[tauri::command]
pub async fn interviews_reschedule(
    state: State<'_, AppState>,
    id: i64,
    input: InterviewInput,
) -> CommandResult<Interview> {
    let interview = interviews::reschedule(state.db().conn(), id, input, Utc::now())?;
    state.changed();
    Ok(interview)
}

#[tauri::command]
pub async fn interviews_save_prep(
    state: State<'_, AppState>,
    id: i64,
    prep: Prep,
) -> CommandResult<InterviewPage> {
    let interview = interviews::save_prep(state.db().conn(), id, &prep, Utc::now())?;
    page(&state, interview)
}

#[tauri::command]
pub async fn interviews_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    interviews::delete(state.db().conn(), id)?;
    state.changed();
    Ok(())
}

#[tauri::command]
pub async fn interviews_add_question(
    state: State<'_, AppState>,
    interview_id: i64,
    category: Category,
    text: String,
) -> CommandResult<Question> {
    Ok(interviews::add_question(
        state.db().conn(),
        interview_id,
        category,
        &text,
    )?)
}

#[tauri::command]
pub async fn interviews_edit_question(
    state: State<'_, AppState>,
    id: i64,
    text: String,
) -> CommandResult<Question> {
    Ok(interviews::edit_question(state.db().conn(), id, &text)?)
}

#[tauri::command]
pub async fn interviews_delete_question(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    Ok(interviews::delete_question(state.db().conn(), id)?)
}

#[tauri::command]
pub async fn interviews_move_question(
    state: State<'_, AppState>,
    id: i64,
    by: i32,
) -> CommandResult<()> {
    Ok(interviews::move_question(state.db().conn_mut(), id, by)?)
}

#[tauri::command]
pub async fn interviews_mark_question(
    state: State<'_, AppState>,
    id: i64,
    asked: bool,
    note: String,
) -> CommandResult<Question> {
    Ok(interviews::mark_question(
        state.db().conn(),
        id,
        asked,
        &note,
    )?)
}

#[tauri::command]
pub async fn interviews_save_ready_answer(
    state: State<'_, AppState>,
    prompt: String,
    answer: String,
) -> CommandResult<()> {
    Ok(interviews::save_ready_answer(
        state.db().conn(),
        &prompt,
        &answer,
    )?)
}

#[tauri::command]
pub async fn interviews_start_call(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<InterviewPage> {
    let interview = interviews::start_call(state.db().conn(), id, Utc::now())?;
    page(&state, interview)
}

#[tauri::command]
pub async fn interviews_clock(
    state: State<'_, AppState>,
    id: i64,
) -> CommandResult<Option<CallClock>> {
    Ok(interviews::get(state.db().conn(), id)?.clock(Utc::now()))
}

#[tauri::command]
pub async fn interviews_end_call(
    state: State<'_, AppState>,
    id: i64,
    referrals: Vec<Referral>,
) -> CommandResult<Interview> {
    let interview = interviews::end_call(state.db().conn_mut(), id, &referrals, Utc::now())?;
    state.changed();
    Ok(interview)
}

/// A call left running when the app closed, to offer resuming it.
#[tauri::command]
pub async fn interviews_unfinished(state: State<'_, AppState>) -> CommandResult<Option<Interview>> {
    Ok(interviews::unfinished_call(state.db().conn())?)
}

#[tauri::command]
pub async fn questionbank_list(state: State<'_, AppState>) -> CommandResult<Vec<BankQuestion>> {
    Ok(interviews::bank(state.db().conn())?)
}

#[tauri::command]
pub async fn questionbank_add(
    state: State<'_, AppState>,
    category: Category,
    text: String,
) -> CommandResult<BankQuestion> {
    Ok(interviews::bank_add(state.db().conn(), category, &text)?)
}

#[tauri::command]
pub async fn questionbank_edit(
    state: State<'_, AppState>,
    id: i64,
    text: String,
    suggested: bool,
) -> CommandResult<BankQuestion> {
    Ok(interviews::bank_edit(
        state.db().conn(),
        id,
        &text,
        suggested,
    )?)
}

#[tauri::command]
pub async fn questionbank_delete(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    Ok(interviews::bank_delete(state.db().conn(), id)?)
}
