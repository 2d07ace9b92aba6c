//! Informational interviews: scheduling, the prep checklist, and the call itself.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::contacts::{self, ContactInput, Source, Stage};
use crate::error::{Error, FieldError, Result};
use crate::interactions::{self, Channel, Direction, InteractionInput};
use crate::outreach::advice;
use crate::text;
use crate::text_enum::text_enum;

text_enum! {
    /// How the conversation happens.
    Medium {
        InPerson => "in_person", "In person";
        Phone => "phone", "Phone";
        Video => "video", "Video";
    }
}

text_enum! {
    Status {
        Requested => "requested", "Requested";
        Scheduled => "scheduled", "Scheduled";
        Done => "done", "Done";
        Cancelled => "cancelled", "Cancelled";
        NoShow => "no_show", "No-show";
    }
}

text_enum! {
    /// Where a prepared question comes from, and where it sits in the call.
    Category {
        Field => "field", "About the field and organization";
        Person => "person", "About them";
        Chances => "chances", "About my chances";
        Strategic => "strategic", "Trends and strategy";
        Tiara => "tiara", "TIARA";
        Own => "own", "My own";
        Closing => "closing", "Closing";
    }
}

/// Words a person speaks in a minute, for the elevator speech's spoken length.
pub const WORDS_PER_MINUTE: usize = 150;
/// The elevator speech should take this long, in seconds.
pub const SPEECH_RANGE: std::ops::RangeInclusive<u32> = 30..=45;

/// The spoken length of `text` in whole seconds.
pub fn speech_seconds(text: &str) -> u32 {
    let words = text.split_whitespace().count();
    ((words * 60 + WORDS_PER_MINUTE / 2) / WORDS_PER_MINUTE) as u32
}

/// Things to have and do before a conversation, depending on how it happens.
pub fn logistics(medium: Medium) -> &'static [(&'static str, &'static str)] {
    match medium {
        Medium::InPerson => &[
            ("arrive_early", "Arrive 5–10 minutes early"),
            ("resume", "Resume at hand"),
            ("notebook", "Notebook and pen"),
            ("timepiece", "A watch, to keep to the agreed time"),
            ("dress", "Dress one step up"),
            ("coffee", "Offer to pay for the coffee"),
        ],
        Medium::Video => &[
            ("test_link", "Test the video link, camera and sound"),
            ("quiet_place", "A quiet, well-lit place"),
            ("resume", "Resume at hand"),
            ("notebook", "Notebook and pen"),
            ("timepiece", "A clock in view"),
            ("dress", "Dress one step up"),
        ],
        Medium::Phone => &[
            ("number", "Their number, and who calls whom"),
            ("quiet_place", "A quiet place and a charged phone"),
            ("resume", "Resume at hand"),
            ("notebook", "Notebook and pen"),
            ("timepiece", "A clock in view"),
        ],
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterviewInput {
    pub contact_id: i64,
    pub scheduled_at: DateTime<Utc>,
    #[serde(default = "default_duration")]
    pub duration_minutes: u32,
    pub medium: Medium,
    #[serde(default)]
    pub place: String,
    #[serde(default = "default_status")]
    pub status: Status,
    #[serde(default)]
    pub goal: String,
}

fn default_duration() -> u32 {
    20
}

fn default_status() -> Status {
    Status::Scheduled
}

/// The prep checklist as the prep page edits it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Prep {
    pub goal: String,
    pub industry_notes: String,
    pub industry_done: bool,
    pub organization_notes: String,
    pub organization_done: bool,
    pub individual_notes: String,
    pub individual_done: bool,
    pub elevator_speech: String,
    pub logistics_done: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: i64,
    pub category: Category,
    pub text: String,
    pub asked: bool,
    pub note: String,
    /// The note is advice the person gave: kept with them once the call ends.
    pub advice: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Interview {
    pub id: i64,
    pub contact_id: i64,
    pub contact_name: String,
    pub organization: String,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub wind_down_minutes: u32,
    pub medium: Medium,
    pub place: String,
    pub status: Status,
    pub prep: Prep,
    pub call_started_at: Option<DateTime<Utc>>,
    pub call_ended_at: Option<DateTime<Utc>>,
    pub interaction_id: Option<i64>,
    /// Questions in the order of the call; the closing ones last.
    pub questions: Vec<Question>,
    pub readiness: Readiness,
}

/// How much of the prep is done.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Readiness {
    pub done: u32,
    pub total: u32,
    pub percent: u32,
    /// What is left, in words, for the prep page.
    pub missing: Vec<String>,
}

/// Questions a prep needs besides the closing ones before it counts as prepared.
const ENOUGH_QUESTIONS: usize = 3;

/// Readiness: the goal, three research parts, enough questions, a speech of the right
/// length, the ready answers, and each logistics item for the medium.
pub fn readiness(
    medium: Medium,
    prep: &Prep,
    questions: &[Question],
    answers_ready: bool,
) -> Readiness {
    let own_questions = questions
        .iter()
        .filter(|q| q.category != Category::Closing)
        .count();
    counted_readiness(medium, prep, own_questions, answers_ready)
}

/// Readiness from how many questions besides the closing ones the prep holds.
fn counted_readiness(
    medium: Medium,
    prep: &Prep,
    own_questions: usize,
    answers_ready: bool,
) -> Readiness {
    let speech = speech_seconds(&prep.elevator_speech);
    let mut checks: Vec<(bool, String)> = vec![
        (
            !prep.goal.trim().is_empty(),
            "the goal of the conversation".into(),
        ),
        (prep.industry_done, "industry research".into()),
        (prep.organization_done, "organization research".into()),
        (prep.individual_done, "research on the person".into()),
        (
            own_questions >= ENOUGH_QUESTIONS,
            format!("at least {ENOUGH_QUESTIONS} questions"),
        ),
        (
            SPEECH_RANGE.contains(&speech),
            "a 30–45 second elevator speech".into(),
        ),
        (answers_ready, "ready answers".into()),
    ];
    for (key, label) in logistics(medium) {
        checks.push((
            prep.logistics_done.iter().any(|k| k == key),
            label.to_lowercase(),
        ));
    }
    let done = checks.iter().filter(|(ok, _)| *ok).count() as u32;
    let total = checks.len() as u32;
    Readiness {
        done,
        total,
        percent: done * 100 / total,
        missing: checks
            .into_iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, what)| what)
            .collect(),
    }
}

/// Where the call's clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Running,
    WindDown,
    Overtime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallClock {
    pub elapsed_seconds: i64,
    /// Negative once the agreed time is over.
    pub remaining_seconds: i64,
    pub phase: Phase,
}

/// The call's clock at `now`, from when it started: it keeps running across restarts.
pub fn call_clock(
    started_at: DateTime<Utc>,
    duration_minutes: u32,
    wind_down_minutes: u32,
    now: DateTime<Utc>,
) -> CallClock {
    let elapsed = (now - started_at).num_seconds().max(0);
    let remaining = i64::from(duration_minutes) * 60 - elapsed;
    let phase = if remaining < 0 {
        Phase::Overtime
    } else if remaining <= i64::from(wind_down_minutes) * 60 {
        Phase::WindDown
    } else {
        Phase::Running
    };
    CallClock {
        elapsed_seconds: elapsed,
        remaining_seconds: remaining,
        phase,
    }
}

/// Normalizes and checks when, how and where.
fn validate(mut input: InterviewInput) -> Result<InterviewInput> {
    input.place = text::line(&input.place);
    input.goal = text::block(&input.goal);
    let mut errors = Vec::new();
    if !(5..=240).contains(&input.duration_minutes) {
        errors.push(FieldError::new(
            "durationMinutes",
            "Choose between 5 and 240 minutes.",
        ));
    }
    if input.place.chars().count() > 2_000 {
        errors.push(FieldError::new(
            "place",
            "Keep this under 2,000 characters.",
        ));
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(Error::Invalid(errors))
    }
}

impl Interview {
    /// The running call's clock at `now`; `None` before the call starts and after it ends.
    pub fn clock(&self, now: DateTime<Utc>) -> Option<CallClock> {
        let started = self
            .call_started_at
            .filter(|_| self.call_ended_at.is_none())?;
        Some(call_clock(
            started,
            self.duration_minutes,
            self.wind_down_minutes,
            now,
        ))
    }
}

/// Schedules an interview, with the suggested and closing questions from the bank; the
/// contact moves to "Scheduled".
pub fn create(
    conn: &mut Connection,
    input: InterviewInput,
    now: DateTime<Utc>,
) -> Result<Interview> {
    let input = validate(input)?;
    let tx = conn.transaction()?;
    let contact = contacts::get(&tx, input.contact_id)?;
    tx.execute(
        "INSERT INTO interviews (contact_id, scheduled_at, duration_minutes, medium, place, status,
             goal, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            input.contact_id,
            input.scheduled_at,
            input.duration_minutes,
            input.medium,
            input.place,
            input.status,
            input.goal,
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO interview_questions (interview_id, position, category, text)
         SELECT ?1, position, category, text FROM question_bank WHERE suggested = 1",
        [id],
    )?;
    if input.status == Status::Scheduled
        && matches!(
            contact.stage,
            Stage::ToContact | Stage::ReachedOut | Stage::NotNow | Stage::Declined
        )
    {
        contacts::set_stage(&tx, contact.id, Stage::Scheduled, now)?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Changes when, how long, how and where; and the status.
pub fn reschedule(
    conn: &Connection,
    id: i64,
    input: InterviewInput,
    now: DateTime<Utc>,
) -> Result<Interview> {
    let input = validate(input)?;
    let changed = conn.execute(
        "UPDATE interviews SET scheduled_at = ?2, duration_minutes = ?3, medium = ?4, place = ?5,
             status = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            id,
            input.scheduled_at,
            input.duration_minutes,
            input.medium,
            input.place,
            input.status,
            now
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("interview"));
    }
    get(conn, id)
}

/// Saves the prep checklist as typed.
pub fn save_prep(conn: &Connection, id: i64, prep: &Prep, now: DateTime<Utc>) -> Result<Interview> {
    let prep = &Prep {
        goal: text::block(&prep.goal),
        industry_notes: text::block(&prep.industry_notes),
        organization_notes: text::block(&prep.organization_notes),
        individual_notes: text::block(&prep.individual_notes),
        elevator_speech: text::block(&prep.elevator_speech),
        ..prep.clone()
    };
    let logistics = serde_json::to_string(&prep.logistics_done).unwrap_or_else(|_| "[]".into());
    let changed = conn.execute(
        "UPDATE interviews SET goal = ?2, industry_notes = ?3, industry_done = ?4,
             organization_notes = ?5, organization_done = ?6, individual_notes = ?7,
             individual_done = ?8, elevator_speech = ?9, logistics_done = ?10, updated_at = ?11
         WHERE id = ?1",
        params![
            id,
            prep.goal,
            prep.industry_notes,
            prep.industry_done,
            prep.organization_notes,
            prep.organization_done,
            prep.individual_notes,
            prep.individual_done,
            prep.elevator_speech,
            logistics,
            now
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("interview"));
    }
    get(conn, id)
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM interviews WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound("interview")),
        _ => Ok(()),
    }
}

fn question_text(typed: &str) -> Result<String> {
    let text = text::line(typed);
    if text.is_empty() {
        return Err(Error::invalid("text", "A question needs some words."));
    }
    if text.chars().count() > 500 {
        return Err(Error::invalid(
            "text",
            "Keep a question under 500 characters.",
        ));
    }
    Ok(text)
}

/// Adds a question after the others of the prep, before the closing ones.
pub fn add_question(
    conn: &Connection,
    interview_id: i64,
    category: Category,
    text: &str,
) -> Result<Question> {
    let text = question_text(text)?;
    exists(conn, interview_id)?;
    conn.execute(
        "INSERT INTO interview_questions (interview_id, position, category, text)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM interview_questions
                      WHERE interview_id = ?1), ?2, ?3)",
        params![interview_id, category, text],
    )?;
    question(conn, conn.last_insert_rowid())
}

pub fn edit_question(conn: &Connection, id: i64, text: &str) -> Result<Question> {
    let text = question_text(text)?;
    if conn.execute(
        "UPDATE interview_questions SET text = ?2 WHERE id = ?1",
        params![id, text],
    )? == 0
    {
        return Err(Error::NotFound("question"));
    }
    question(conn, id)
}

pub fn delete_question(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM interview_questions WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound("question")),
        _ => Ok(()),
    }
}

/// Ticks a question as asked (or not) and keeps its one-line note, and whether that note is
/// advice; saved as it happens.
pub fn mark_question(
    conn: &Connection,
    id: i64,
    asked: bool,
    note: &str,
    advice: bool,
) -> Result<Question> {
    let changed = conn.execute(
        "UPDATE interview_questions SET asked = ?2, note = ?3, advice = ?4 WHERE id = ?1",
        params![id, asked, text::line(note), advice],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("question"));
    }
    question(conn, id)
}

/// Moves a question one place up (`-1`) or down (`1`) among the non-closing questions.
pub fn move_question(conn: &mut Connection, id: i64, by: i32) -> Result<()> {
    let tx = conn.transaction()?;
    let q = question_row(&tx, id)?;
    if q.category == Category::Closing {
        return Err(Error::invalid(
            "position",
            "The closing questions always end the call.",
        ));
    }
    let ordered = ordered_questions(&tx, q.interview_id)?;
    let movable: Vec<&(i64, i64, Category)> = ordered
        .iter()
        .filter(|(_, _, c)| *c != Category::Closing)
        .collect();
    let at = movable
        .iter()
        .position(|(qid, _, _)| *qid == id)
        .expect("question in its interview");
    let target = at as i64 + i64::from(by);
    if target < 0 || target as usize >= movable.len() {
        return Ok(());
    }
    let other = movable[target as usize];
    let (a_pos, b_pos) = (movable[at].1, other.1);
    tx.execute(
        "UPDATE interview_questions SET position = ?2 WHERE id = ?1",
        params![id, b_pos],
    )?;
    tx.execute(
        "UPDATE interview_questions SET position = ?2 WHERE id = ?1",
        params![other.0, a_pos],
    )?;
    tx.commit()?;
    Ok(())
}

fn ordered_questions(conn: &Connection, interview_id: i64) -> Result<Vec<(i64, i64, Category)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, category FROM interview_questions WHERE interview_id = ?1
         ORDER BY category = 'closing', position, id",
    )?;
    let rows = stmt.query_map([interview_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct QuestionRow {
    interview_id: i64,
    category: Category,
}

fn question_row(conn: &Connection, id: i64) -> Result<QuestionRow> {
    conn.query_row(
        "SELECT interview_id, category FROM interview_questions WHERE id = ?1",
        [id],
        |r| {
            Ok(QuestionRow {
                interview_id: r.get(0)?,
                category: r.get(1)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound("question"))
}

fn question_from_row(r: &Row) -> rusqlite::Result<Question> {
    Ok(Question {
        id: r.get("id")?,
        category: r.get("category")?,
        text: r.get("text")?,
        asked: r.get("asked")?,
        note: r.get("note")?,
        advice: r.get("advice")?,
    })
}

fn question(conn: &Connection, id: i64) -> Result<Question> {
    conn.query_row(
        "SELECT * FROM interview_questions WHERE id = ?1",
        [id],
        question_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound("question"))
}

fn questions(conn: &Connection, interview_id: i64) -> Result<Vec<Question>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM interview_questions WHERE interview_id = ?1
         ORDER BY category = 'closing', position, id",
    )?;
    let rows = stmt.query_map([interview_id], question_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A question of the user's bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BankQuestion {
    pub id: i64,
    pub category: Category,
    pub text: String,
    /// Starts every new prep; the closing ones always do.
    pub suggested: bool,
}

/// The question bank, by category and the user's order.
pub fn bank(conn: &Connection) -> Result<Vec<BankQuestion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, category, text, suggested FROM question_bank ORDER BY position, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(BankQuestion {
            id: r.get(0)?,
            category: r.get(1)?,
            text: r.get(2)?,
            suggested: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn bank_add(conn: &Connection, category: Category, text: &str) -> Result<BankQuestion> {
    if category == Category::Own {
        return Err(Error::invalid(
            "category",
            "Choose a category for the bank.",
        ));
    }
    let text = question_text(text)?;
    conn.execute(
        "INSERT INTO question_bank (category, text, suggested, position)
         VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM question_bank))",
        params![category, text, category == Category::Closing],
    )?;
    bank_get(conn, conn.last_insert_rowid())
}

/// Rewords a bank question or changes whether it starts every prep.
pub fn bank_edit(conn: &Connection, id: i64, text: &str, suggested: bool) -> Result<BankQuestion> {
    let text = question_text(text)?;
    let changed = conn.execute(
        "UPDATE question_bank SET text = ?2, suggested = ?3 OR category = 'closing' WHERE id = ?1",
        params![id, text, suggested],
    )?;
    if changed == 0 {
        return Err(Error::NotFound("question"));
    }
    bank_get(conn, id)
}

pub fn bank_delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM question_bank WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound("question")),
        _ => Ok(()),
    }
}

fn bank_get(conn: &Connection, id: i64) -> Result<BankQuestion> {
    bank(conn)?
        .into_iter()
        .find(|q| q.id == id)
        .ok_or(Error::NotFound("question"))
}

/// The three prompts every prep keeps an answer ready for.
pub const PROMPTS: &[(&str, &str)] = &[
    ("about_me", "Tell me about yourself"),
    ("interest", "What interests you in this field?"),
    ("goals", "What are your career goals?"),
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadyAnswer {
    pub prompt: String,
    pub label: String,
    pub answer: String,
}

/// The user's ready answers, shown in every prep.
pub fn ready_answers(conn: &Connection) -> Result<Vec<ReadyAnswer>> {
    PROMPTS
        .iter()
        .map(|(prompt, label)| {
            let answer: Option<String> = conn
                .query_row(
                    "SELECT answer FROM ready_answers WHERE prompt = ?1",
                    [prompt],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(ReadyAnswer {
                prompt: prompt.to_string(),
                label: label.to_string(),
                answer: answer.unwrap_or_default(),
            })
        })
        .collect()
}

pub fn save_ready_answer(conn: &Connection, prompt: &str, answer: &str) -> Result<()> {
    if !PROMPTS.iter().any(|(p, _)| *p == prompt) {
        return Err(Error::invalid("prompt", "There is no such prompt."));
    }
    conn.execute(
        "INSERT INTO ready_answers (prompt, answer) VALUES (?1, ?2)
         ON CONFLICT (prompt) DO UPDATE SET answer = excluded.answer",
        params![prompt, text::block(answer)],
    )?;
    Ok(())
}

fn load_sql(filter: &str) -> String {
    format!(
        "SELECT i.*, c.full_name, coalesce(o.name, '') AS organization
         FROM interviews i JOIN contacts c ON c.id = i.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
         WHERE {filter}"
    )
}

/// The interviews a filter selects, each with its questions and readiness.
fn load(conn: &Connection, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Interview>> {
    let mut stmt = conn.prepare_cached(&load_sql(filter))?;
    let rows = stmt.query_map(args, |r| {
        let logistics: String = r.get("logistics_done")?;
        Ok(Interview {
            id: r.get("id")?,
            contact_id: r.get("contact_id")?,
            contact_name: r.get("full_name")?,
            organization: r.get("organization")?,
            scheduled_at: r.get("scheduled_at")?,
            duration_minutes: r.get("duration_minutes")?,
            wind_down_minutes: r.get("wind_down_minutes")?,
            medium: r.get("medium")?,
            place: r.get("place")?,
            status: r.get("status")?,
            prep: Prep {
                goal: r.get("goal")?,
                industry_notes: r.get("industry_notes")?,
                industry_done: r.get("industry_done")?,
                organization_notes: r.get("organization_notes")?,
                organization_done: r.get("organization_done")?,
                individual_notes: r.get("individual_notes")?,
                individual_done: r.get("individual_done")?,
                elevator_speech: r.get("elevator_speech")?,
                logistics_done: serde_json::from_str(&logistics).unwrap_or_default(),
            },
            call_started_at: r.get("call_started_at")?,
            call_ended_at: r.get("call_ended_at")?,
            interaction_id: r.get("interaction_id")?,
            // Both filled in below, once the rows are read.
            questions: Vec::new(),
            readiness: readiness(Medium::Video, &Prep::default(), &[], false),
        })
    })?;
    let mut interviews: Vec<Interview> = rows.collect::<rusqlite::Result<_>>()?;
    // The ready answers are the user's, shared by every interview: read them once.
    let answers = answers_ready(conn)?;
    for i in &mut interviews {
        i.questions = questions(conn, i.id)?;
        i.readiness = readiness(i.medium, &i.prep, &i.questions, answers);
    }
    Ok(interviews)
}

/// How ready one interview's prep is, read without its notes or its questions' text: Today
/// words every coming call's reminder with it. `answers_ready` as [`readiness`] takes it.
pub fn readiness_of(conn: &Connection, id: i64, answers_ready: bool) -> Result<Readiness> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.medium, i.goal, i.industry_done, i.organization_done, i.individual_done,
                i.elevator_speech, i.logistics_done,
                (SELECT count(*) FROM interview_questions q
                 WHERE q.interview_id = i.id AND q.category != 'closing')
         FROM interviews i WHERE i.id = ?1",
    )?;
    let (medium, prep, own_questions) = stmt
        .query_row([id], |r| {
            let logistics: String = r.get(6)?;
            let prep = Prep {
                goal: r.get(1)?,
                industry_done: r.get(2)?,
                organization_done: r.get(3)?,
                individual_done: r.get(4)?,
                elevator_speech: r.get(5)?,
                logistics_done: serde_json::from_str(&logistics).unwrap_or_default(),
                ..Prep::default()
            };
            Ok((r.get::<_, Medium>(0)?, prep, r.get::<_, i64>(7)? as usize))
        })
        .optional()?
        .ok_or(Error::NotFound("interview"))?;
    Ok(counted_readiness(
        medium,
        &prep,
        own_questions,
        answers_ready,
    ))
}

/// Whether every ready answer is written, which each prep's readiness counts.
pub fn answers_ready(conn: &Connection) -> Result<bool> {
    Ok(ready_answers(conn)?
        .iter()
        .all(|a| !a.answer.trim().is_empty()))
}

pub fn get(conn: &Connection, id: i64) -> Result<Interview> {
    load(conn, "i.id = ?1", &[&id])?
        .pop()
        .ok_or(Error::NotFound("interview"))
}

fn exists(conn: &Connection, id: i64) -> Result<()> {
    conn.query_row("SELECT 1 FROM interviews WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .ok_or(Error::NotFound("interview"))
}

/// A contact's interviews, latest first.
pub fn for_contact(conn: &Connection, contact_id: i64) -> Result<Vec<Interview>> {
    load(
        conn,
        "i.contact_id = ?1 ORDER BY i.scheduled_at DESC",
        &[&contact_id],
    )
}

/// Calls still to be held that are scheduled before a time (those whose time has passed
/// included): how many, and the soonest of them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Soon {
    pub total: usize,
    pub first: Vec<Interview>,
}

/// The calls still to be held before `before`, soonest first: the first `limit` (all with
/// `None`) and their count. A log with years of scheduled calls answers in a few rows.
pub fn soon(conn: &Connection, before: DateTime<Utc>, limit: Option<usize>) -> Result<Soon> {
    let total: i64 = conn.query_row(&soon_count_sql(), [before], |r| r.get(0))?;
    // SQLite reads a negative limit as none.
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let first = load(conn, &soon_filter(), &[&before, &limit])?;
    Ok(Soon {
        total: total as usize,
        first,
    })
}

/// Calls still to be held, as the partial index `interviews_pending` holds them.
pub(crate) const PENDING: &str = "i.status = 'scheduled' AND i.call_ended_at IS NULL";

fn soon_count_sql() -> String {
    format!("SELECT count(*) FROM interviews i WHERE {PENDING} AND i.scheduled_at <= ?1")
}

fn soon_filter() -> String {
    format!("{PENDING} AND i.scheduled_at <= ?1 ORDER BY i.scheduled_at LIMIT ?2")
}

fn upcoming_filter() -> String {
    format!("{PENDING} ORDER BY i.scheduled_at")
}

/// Interviews that are scheduled and not yet held, soonest first.
pub fn upcoming(conn: &Connection) -> Result<Vec<Interview>> {
    load(conn, &upcoming_filter(), &[])
}

/// The call starts; its clock is kept so a restart can resume where the time really is.
pub fn start_call(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<Interview> {
    exists(conn, id)?;
    conn.execute(
        "UPDATE interviews SET call_started_at = coalesce(call_started_at, ?2), updated_at = ?2
         WHERE id = ?1",
        params![id, now],
    )?;
    get(conn, id)
}

/// The latest call started and never ended, through the partial index `interviews_unfinished`.
const UNFINISHED_SQL: &str =
    "SELECT id FROM interviews WHERE call_started_at IS NOT NULL AND call_ended_at IS NULL
     ORDER BY call_started_at DESC LIMIT 1";

/// A call that was started and never ended (the app was closed or crashed).
pub fn unfinished_call(conn: &Connection) -> Result<Option<Interview>> {
    let id: Option<i64> = conn
        .query_row(UNFINISHED_SQL, [], |r| r.get(0))
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

/// Someone the interviewee suggested talking to.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Referral {
    pub full_name: String,
    pub organization: String,
    pub role: String,
}

/// The conversation's notes as they go on the timeline: the goal, then each question
/// asked with its note.
pub fn call_notes(interview: &Interview) -> String {
    call_lines(interview)
        .into_iter()
        .map(|(_, line)| line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// [`call_notes`] line by line, each with the question it tells of.
fn call_lines(interview: &Interview) -> Vec<(Option<&Question>, String)> {
    let mut lines = Vec::new();
    if !interview.prep.goal.trim().is_empty() {
        lines.push((None, format!("Goal: {}", interview.prep.goal.trim())));
    }
    for q in interview.questions.iter().filter(|q| q.asked) {
        if q.note.is_empty() {
            lines.push((Some(q), format!("✓ {}", q.text)));
        } else {
            lines.push((Some(q), format!("✓ {} — {}", q.text, q.note)));
        }
    }
    lines
}

/// The people the advice noted in call mode names, for the end of the call to offer.
pub fn named_in_advice(interview: &Interview) -> Vec<Referral> {
    interview
        .questions
        .iter()
        .filter(|q| q.advice)
        .filter_map(|q| advice::person_in(&q.note))
        .map(|p| Referral {
            full_name: p.full_name,
            organization: p.organization,
            role: String::new(),
        })
        .collect()
}

/// Ends the call: the interview is done, its notes become the conversation on the
/// timeline (which starts the thank-you clock), the notes marked advice are kept as the
/// person's advice, and each referral becomes a contact referred by the interviewee, linked
/// to the advice that named them. All or nothing.
pub fn end_call(
    conn: &mut Connection,
    id: i64,
    referrals: &[Referral],
    now: DateTime<Utc>,
) -> Result<Interview> {
    let interview = get(conn, id)?;
    if interview.call_ended_at.is_some() {
        return Err(Error::invalid("call", "This call has already ended."));
    }
    let channel = match interview.medium {
        Medium::InPerson => Channel::InPerson,
        Medium::Phone => Channel::PhoneCall,
        Medium::Video => Channel::VideoCall,
    };
    let started = interview.call_started_at.unwrap_or(now);
    let tx = conn.transaction()?;
    let (interaction_id, _) = interactions::insert(
        &tx,
        &InteractionInput {
            contact_id: interview.contact_id,
            // The conversation is dated when it ended: the thank-you clock starts there.
            occurred_at: now.max(started),
            channel,
            direction: Direction::Out,
            outcome: None,
            notes: call_notes(&interview),
            purpose: None,
        },
        now,
    )?;
    let occurred_at = now.max(started);
    let mut kept = Vec::new();
    for (n, (q, _)) in call_lines(&interview).iter().enumerate() {
        if let Some(q) = q.filter(|q| q.advice && !q.note.trim().is_empty()) {
            let item = advice::insert(
                &tx,
                interview.contact_id,
                Some((interaction_id, n)),
                &q.note,
                occurred_at,
                now,
            )?;
            kept.push(item);
        }
    }
    tx.execute(
        "UPDATE interviews SET status = 'done', call_started_at = ?2, call_ended_at = ?3,
             interaction_id = ?4, updated_at = ?3 WHERE id = ?1",
        params![id, started, now, interaction_id],
    )?;
    for referral in referrals.iter().filter(|r| !r.full_name.trim().is_empty()) {
        let referral_id = contacts::insert(
            &tx,
            ContactInput {
                full_name: referral.full_name.clone(),
                organization: referral.organization.clone(),
                role: referral.role.clone(),
                source: Some(Source::Referral),
                referred_by_id: Some(interview.contact_id),
                notes: format!(
                    "Suggested by {} during our conversation.",
                    interview.contact_name
                ),
                ..Default::default()
            },
            now,
        )?;
        // The advice that named them, though the user may have completed the name.
        let given = text::line(&referral.full_name).to_lowercase();
        let named = |a: &&advice::Advice| {
            a.names.as_ref().is_some_and(|p| {
                let named = text::line(&p.full_name).to_lowercase();
                given == named || given.starts_with(&format!("{named} "))
            })
        };
        if let Some(a) = kept.iter().find(named) {
            advice::link_referral(&tx, a.id, referral_id)?;
        }
    }
    tx.commit()?;
    get(conn, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    /// The calls the first screen asks for are read through the partial indexes of
    /// `017_calls_at_scale.sql`, never by reading every interview with its notes: a
    /// definition changed here and not there fails this.
    #[test]
    fn calls_to_hold_and_a_call_left_running_are_read_through_an_index() {
        let queries = [
            (soon_count_sql(), "interviews_pending"),
            (load_sql(&soon_filter()), "interviews_pending"),
            (load_sql(&upcoming_filter()), "interviews_pending"),
            (UNFINISHED_SQL.to_string(), "interviews_unfinished"),
        ];
        for (sql, index) in queries {
            let plan = crate::store::query_plan(&sql);
            assert!(
                plan.iter().any(|step| step.contains(index)),
                "{index} unused by {sql}: {plan:#?}"
            );
            assert!(
                !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "sorts every call for {sql}: {plan:#?}"
            );
        }
    }

    #[test]
    fn speech_length_is_words_at_150_a_minute() {
        assert_eq!(speech_seconds(""), 0);
        assert_eq!(speech_seconds(&"word ".repeat(75)), 30);
        assert_eq!(speech_seconds(&"word ".repeat(112)), 45);
        assert_eq!(speech_seconds("  many   spaces\nand lines  "), 2);
    }

    #[test]
    fn the_clock_winds_down_then_shows_overtime() {
        let start = Utc.with_ymd_and_hms(2026, 11, 22, 14, 0, 0).unwrap();
        let at = |m: i64, s: i64| {
            call_clock(
                start,
                20,
                5,
                start + Duration::minutes(m) + Duration::seconds(s),
            )
        };
        assert_eq!(
            at(0, 0),
            CallClock {
                elapsed_seconds: 0,
                remaining_seconds: 1200,
                phase: Phase::Running
            }
        );
        assert_eq!(at(14, 59).phase, Phase::Running);
        assert_eq!(at(15, 0).phase, Phase::WindDown);
        assert_eq!(
            at(20, 0),
            CallClock {
                elapsed_seconds: 1200,
                remaining_seconds: 0,
                phase: Phase::WindDown
            }
        );
        assert_eq!(
            at(21, 30),
            CallClock {
                elapsed_seconds: 1290,
                remaining_seconds: -90,
                phase: Phase::Overtime
            }
        );
        // After a restart the clock is where the time really is.
        assert_eq!(at(45, 0).remaining_seconds, -1500);
    }

    #[test]
    fn readiness_counts_what_is_prepared() {
        let q = |category| Question {
            id: 0,
            category,
            text: "?".into(),
            asked: false,
            note: String::new(),
            advice: false,
        };
        let empty = readiness(
            Medium::Video,
            &Prep::default(),
            &[q(Category::Closing)],
            false,
        );
        assert_eq!((empty.done, empty.total, empty.percent), (0, 13, 0));
        let prep = Prep {
            goal: "Learn how she moved into analytics".into(),
            industry_done: true,
            organization_done: true,
            individual_done: true,
            elevator_speech: "word ".repeat(90),
            logistics_done: vec!["test_link".into(), "resume".into()],
            ..Default::default()
        };
        let qs = [
            q(Category::Person),
            q(Category::Field),
            q(Category::Tiara),
            q(Category::Closing),
        ];
        let r = readiness(Medium::Video, &prep, &qs, true);
        assert_eq!((r.done, r.total, r.percent), (9, 13, 69));
        assert!(r.missing.contains(&"dress one step up".to_string()));
        // A speech too long does not count.
        let long = Prep {
            elevator_speech: "word ".repeat(200),
            ..prep
        };
        assert_eq!(readiness(Medium::Video, &long, &qs, true).done, 8);
    }
}
