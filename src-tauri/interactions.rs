//! Every outreach attempt and conversation with a contact, and what it did to their stage.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::contacts::{self, Stage};
use crate::error::{Error, FieldError, Result};
use crate::text;
use crate::text_enum::text_enum;

text_enum! {
    /// How the user and the contact were in touch.
    Channel {
        Email => "email", "Email";
        Letter => "letter", "Letter";
        PhoneCall => "phone_call", "Phone call";
        Voicemail => "voicemail", "Voicemail left";
        MessageLeft => "message_left", "Message left with someone";
        LinkedInMessage => "linkedin_message", "LinkedIn message";
        VideoCall => "video_call", "Video call";
        InPerson => "in_person", "In person";
        Other => "other", "Other";
    }
}

text_enum! {
    /// Who reached out: the user ("out") or the contact ("in").
    Direction {
        Out => "out", "Outgoing";
        In => "in", "Incoming";
    }
}

text_enum! {
    /// What came of it.
    Outcome {
        Sent => "sent", "Sent";
        Replied => "replied", "Replied";
        NoAnswer => "no_answer", "No answer";
        Declined => "declined", "Declined";
        Scheduled => "scheduled", "Scheduled";
        Snafu => "snafu", "Snafu";
    }
}

text_enum! {
    /// Why an interaction happened: it answers a reminder, or it only records when two
    /// people connected (neither outreach nor a reply, so it moves nothing).
    Purpose {
        ThankYou => "thank_you", "Thank-you note";
        FollowUp => "follow_up", "Follow-up";
        CheckIn => "check_in", "Check-in";
        Connected => "connected", "Connected on LinkedIn";
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionInput {
    pub contact_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub channel: Channel,
    pub direction: Direction,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub purpose: Option<Purpose>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub id: i64,
    pub contact_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub channel: Channel,
    pub direction: Direction,
    pub outcome: Option<Outcome>,
    pub notes: String,
    pub purpose: Option<Purpose>,
}

/// What logging an interaction returns: it, and the contact's stage if it moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Logged {
    pub interaction: Interaction,
    pub stage: Option<Stage>,
}

/// How far ahead a scheduled conversation may be logged.
const SCHEDULE_HORIZON_DAYS: i64 = 2 * 366;
/// Clocks and time zones differ; a few hours ahead of `now` is still "now".
const CLOCK_SLACK_HOURS: i64 = 24;

/// Checks the date is sane: not before 1900, not in the future unless it is a scheduled call.
pub fn validate(input: &InteractionInput, now: DateTime<Utc>) -> Result<()> {
    let mut errors = Vec::new();
    let earliest = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
    if input.occurred_at < earliest {
        errors.push(FieldError::new(
            "occurredAt",
            "That date is too far in the past.",
        ));
    } else if input.outcome == Some(Outcome::Scheduled) {
        if input.occurred_at > now + Duration::days(SCHEDULE_HORIZON_DAYS) {
            errors.push(FieldError::new(
                "occurredAt",
                "A call can be scheduled up to two years ahead.",
            ));
        }
    } else if input.occurred_at > now + Duration::hours(CLOCK_SLACK_HOURS) {
        errors.push(FieldError::new(
            "occurredAt",
            "That date is in the future. Log what happened, or choose the outcome “Scheduled”.",
        ));
    }
    if input.notes.chars().count() > 20_000 {
        errors.push(FieldError::new(
            "notes",
            "Keep notes under 20,000 characters.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// A talk took place: on the phone, by video or in person, neither one that failed or was
/// only agreed on, nor a note sent by phone (a thank-you, a check-in). The thank-you clock,
/// the templates and Insights count conversations by this one rule.
pub fn is_conversation(
    channel: Channel,
    outcome: Option<Outcome>,
    purpose: Option<Purpose>,
) -> bool {
    matches!(
        channel,
        Channel::PhoneCall | Channel::VideoCall | Channel::InPerson
    ) && purpose.is_none()
        && !matches!(
            outcome,
            Some(Outcome::Scheduled | Outcome::Declined | Outcome::NoAnswer | Outcome::Snafu)
        )
}

/// [`is_conversation`] in SQL, over the interactions aliased `i`.
pub const CONVERSATION_SQL: &str = "(i.channel IN ('phone_call', 'video_call', 'in_person')
     AND i.purpose IS NULL
     AND coalesce(i.outcome, '') NOT IN ('scheduled', 'declined', 'no_answer', 'snafu'))";

impl Interaction {
    pub fn is_conversation(&self) -> bool {
        is_conversation(self.channel, self.outcome, self.purpose)
    }
}

/// The stage a contact moves to when this interaction is logged, if it moves at all.
/// Stages only move forward along the pipeline; a user's own choice is not undone.
pub fn stage_after(
    current: Stage,
    channel: Channel,
    direction: Direction,
    outcome: Option<Outcome>,
) -> Option<Stage> {
    use Stage::*;
    let conversation = matches!(
        channel,
        Channel::PhoneCall | Channel::VideoCall | Channel::InPerson
    );
    let next = match (outcome, current) {
        (Some(Outcome::Scheduled), ToContact | ReachedOut | Declined | NotNow) => Scheduled,
        (Some(Outcome::Declined), ToContact | ReachedOut) => Declined,
        (None, ToContact | ReachedOut | Scheduled) if conversation => Interviewed,
        (_, ToContact) if direction == Direction::Out => ReachedOut,
        _ => return None,
    };
    (next != current).then_some(next)
}

pub fn create(
    conn: &mut Connection,
    input: InteractionInput,
    now: DateTime<Utc>,
) -> Result<Logged> {
    let tx = conn.transaction()?;
    let (id, stage) = insert(&tx, &input, now)?;
    tx.commit()?;
    Ok(Logged {
        interaction: get(conn, id)?,
        stage,
    })
}

/// Logs an interaction inside the caller's transaction; returns its id and the new stage.
pub(crate) fn insert(
    conn: &Connection,
    input: &InteractionInput,
    now: DateTime<Utc>,
) -> Result<(i64, Option<Stage>)> {
    validate(input, now)?;
    let notes = text::block(&input.notes);
    let current = contacts::stage_of(conn, input.contact_id)?;
    conn.prepare_cached(
        "INSERT INTO interactions (contact_id, occurred_at, channel, direction, outcome, notes,
             purpose, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        input.contact_id,
        input.occurred_at,
        input.channel,
        input.direction,
        input.outcome,
        notes,
        input.purpose,
        now
    ])?;
    let id = conn.last_insert_rowid();
    let stage = (input.purpose != Some(Purpose::Connected))
        .then(|| stage_after(current, input.channel, input.direction, input.outcome))
        .flatten();
    if let Some(stage) = stage {
        contacts::set_stage(conn, input.contact_id, stage, now)?;
    }
    Ok((id, stage))
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM interactions WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound("interaction")),
        _ => Ok(()),
    }
}

/// Keeps `notes` as what was typed in the person's log form and not logged yet, exactly as
/// typed; blank, forgets it. A person no longer in the log keeps nothing.
pub fn keep_draft(
    conn: &Connection,
    contact_id: i64,
    notes: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if notes.trim().is_empty() {
        conn.execute("DELETE FROM log_drafts WHERE contact_id = ?1", [contact_id])?;
    } else {
        conn.execute(
            "INSERT INTO log_drafts (contact_id, notes, saved_at)
             SELECT id, ?2, ?3 FROM contacts WHERE id = ?1
             ON CONFLICT (contact_id) DO UPDATE SET notes = ?2, saved_at = ?3",
            params![contact_id, notes, now],
        )?;
    }
    Ok(())
}

/// What was typed in the person's log form and not logged yet; empty when nothing.
pub fn draft(conn: &Connection, contact_id: i64) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT notes FROM log_drafts WHERE contact_id = ?1",
            [contact_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

pub fn get(conn: &Connection, id: i64) -> Result<Interaction> {
    conn.query_row("SELECT * FROM interactions WHERE id = ?1", [id], from_row)
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound("interaction"),
            e => e.into(),
        })
}

/// A contact's timeline, newest first.
pub fn for_contact(conn: &Connection, contact_id: i64) -> Result<Vec<Interaction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM interactions WHERE contact_id = ?1 ORDER BY occurred_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([contact_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn from_row(row: &Row) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: row.get("id")?,
        contact_id: row.get("contact_id")?,
        occurred_at: row.get("occurred_at")?,
        channel: row.get("channel")?,
        direction: row.get("direction")?,
        outcome: row.get("outcome")?,
        notes: row.get("notes")?,
        purpose: row.get("purpose")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Channel::*;
    use Direction::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn input(when: DateTime<Utc>, outcome: Option<Outcome>) -> InteractionInput {
        InteractionInput {
            contact_id: 1,
            occurred_at: when,
            channel: Email,
            direction: Out,
            outcome,
            notes: String::new(),
            purpose: None,
        }
    }

    #[test]
    fn dates_must_be_sane() {
        let now = at(2026, 11, 22);
        assert!(validate(&input(at(2026, 11, 21), Some(Outcome::Sent)), now).is_ok());
        assert!(validate(&input(at(1899, 12, 31), None), now).is_err());
        assert!(validate(&input(at(2026, 12, 1), Some(Outcome::Sent)), now).is_err());
        assert!(validate(&input(at(2026, 12, 1), Some(Outcome::Scheduled)), now).is_ok());
        assert!(validate(&input(at(2029, 1, 1), Some(Outcome::Scheduled)), now).is_err());
    }

    #[test]
    fn stages_move_forward_only() {
        use Stage::*;
        assert_eq!(
            stage_after(ToContact, Email, Out, Some(Outcome::Sent)),
            Some(ReachedOut)
        );
        assert_eq!(
            stage_after(ToContact, Voicemail, Out, None),
            Some(ReachedOut)
        );
        assert_eq!(
            stage_after(ReachedOut, Email, In, Some(Outcome::Scheduled)),
            Some(Scheduled)
        );
        assert_eq!(
            stage_after(ReachedOut, Email, In, Some(Outcome::Declined)),
            Some(Declined)
        );
        assert_eq!(
            stage_after(Scheduled, VideoCall, Out, None),
            Some(Interviewed)
        );
        assert_eq!(
            stage_after(KeepingInTouch, Email, Out, Some(Outcome::Sent)),
            None
        );
        assert_eq!(
            stage_after(Interviewed, Email, Out, Some(Outcome::Declined)),
            None
        );
        assert_eq!(
            stage_after(ReachedOut, Email, Out, Some(Outcome::Sent)),
            None
        );
    }

    #[test]
    fn a_conversation_is_the_same_in_rust_and_in_sql() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!(
            "SELECT {CONVERSATION_SQL} FROM (SELECT ?1 AS channel, ?2 AS outcome, ?3 AS purpose) i"
        );
        let outcomes = Outcome::ALL.iter().copied().map(Some).chain([None]);
        for &channel in Channel::ALL {
            for outcome in outcomes.clone() {
                for purpose in Purpose::ALL.iter().copied().map(Some).chain([None]) {
                    let in_sql: bool = conn
                        .query_row(&sql, params![channel, outcome, purpose], |r| r.get(0))
                        .unwrap();
                    assert_eq!(
                        in_sql,
                        is_conversation(channel, outcome, purpose),
                        "{channel:?} {outcome:?} {purpose:?}"
                    );
                }
            }
        }
    }
}
