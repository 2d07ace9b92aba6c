//! A message to one person: the user's template filled from the log (the contact, their
//! organization, who suggested them, My search, the last conversation), what the
//! conversation left to pick from for a thank-you, and how sending it is logged.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use rusqlite::Connection;
use serde::Serialize;

use super::advice::{self, Advice};
use super::my_search::{self, MySearch, Standing};
use super::templates::{self, Kind};
use crate::contacts::{self, ContactDetail, Stage};
use crate::dates::{self, DateStyle};
use crate::error::Result;
use crate::interactions::{Channel, Direction, Interaction, Outcome, Purpose};
use crate::interviews;

/// How a sent message goes into the log, so the reminder it answers closes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogAs {
    pub channel: Channel,
    pub direction: Direction,
    /// None for the call script: what happened on the call is the user's to say.
    pub outcome: Option<Outcome>,
    pub purpose: Option<Purpose>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Composed {
    pub kind: Kind,
    pub label: &'static str,
    pub contact_id: i64,
    pub contact_name: String,
    pub subject: String,
    pub body: String,
    /// The gaps left marked in subject and body, in words (`their role`).
    pub missing: Vec<String>,
    /// The person's email addresses, the first one to write to.
    pub to: Vec<String>,
    /// What the last conversation left to refer to: ticked questions' notes, lines of its
    /// notes. A thank-you picks one of them for `{specific}`.
    pub picks: Vec<String>,
    pub log: LogAs,
}

/// The template that fits where the person stands: a first letter to someone not yet
/// written to, a follow-up while no answer came, a word before a call still to come, a
/// thank-you once they talked, then check-ins.
pub fn suggest<Tz: TimeZone>(
    conn: &Connection,
    contact_id: i64,
    now: &DateTime<Tz>,
) -> Result<Kind> {
    let detail = contacts::detail(conn, contact_id)?;
    let calls = interviews::for_contact(conn, contact_id)?;
    Ok(suited(&detail, &calls, now))
}

fn suited<Tz: TimeZone>(
    detail: &ContactDetail,
    calls: &[interviews::Interview],
    now: &DateTime<Tz>,
) -> Kind {
    match detail.contact.stage {
        Stage::ToContact => Kind::FirstOutreach,
        Stage::ReachedOut => Kind::FollowUp,
        Stage::Declined => Kind::GracefulNo,
        Stage::Scheduled | Stage::Interviewed => {
            let talked = last_conversation(&detail.interactions, calls, now);
            let thanked = detail.interactions.iter().any(|i| {
                i.purpose == Some(Purpose::ThankYou) && talked.is_some_and(|at| i.occurred_at >= at)
            });
            match (talked, thanked, next_call(&detail.interactions, calls, now)) {
                (Some(_), false, _) => Kind::ThankYou,
                (_, _, Some(_)) => Kind::ConfirmCall,
                (None, _, None) => Kind::FollowUp,
                (Some(_), true, None) => Kind::CheckIn,
            }
        }
        Stage::KeepingInTouch | Stage::NotNow => Kind::CheckIn,
    }
}

/// The user's template of `kind` (none: the one [`suggest`] picks) for this person, filled
/// in as of `now`.
pub fn compose<Tz: TimeZone>(
    conn: &Connection,
    contact_id: i64,
    kind: Option<Kind>,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Composed> {
    let detail = contacts::detail(conn, contact_id)?;
    let contact = &detail.contact;
    let me = my_search::get(conn)?;
    let calls = interviews::for_contact(conn, contact_id)?;
    let kind = kind.unwrap_or_else(|| suited(&detail, &calls, now));
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("first_name", first_name(&contact.full_name));
    values.insert("name", contact.full_name.clone());
    values.insert("role", contact.role.clone());
    values.insert("organization", contact.organization.clone());
    values.insert("in_common", contact.in_common.clone());
    if let Some(referrer) = &detail.referred_by {
        values.insert("referrer", referrer.full_name.clone());
    }
    insert_my_search(&mut values, &me);
    values.insert("dates", window(now));
    let written = detail
        .interactions
        .iter()
        .filter(|i| is_written_attempt(i))
        .map(|i| i.occurred_at)
        .max();
    if let Some(at) = written {
        values.insert("last_sent", on_day(at, now));
    }
    let last_call = last_conversation(&detail.interactions, &calls, now);
    if let Some(at) = last_call {
        values.insert("last_call", on_day(at, now));
    }
    if let Some(call) = next_call(&detail.interactions, &calls, now) {
        values.insert("next_call", ahead(call.at, now, style));
        values.insert("call_place", call.place.to_string());
    }
    let given = advice::for_contact(conn, contact_id)?;
    // A thank-you speaks of the advice of the last talk; a check-in of what came of any.
    let lately: Vec<&Advice> = given
        .iter()
        .rev()
        .filter(|a| last_call.is_none_or(|at| a.given_at >= at))
        .collect();
    if !lately.is_empty() {
        values.insert("advice", and_list(&advice::quoted(&lately)));
    }
    // The three latest acted on, told in the order they came.
    let mut acted: Vec<&Advice> = given
        .iter()
        .filter(|a| a.acted_at.is_some())
        .take(3)
        .collect();
    acted.reverse();
    if !acted.is_empty() {
        values.insert("advice_applied", advice::applied(&acted));
    }
    let template = templates::get(conn, kind)?;
    let subject = templates::fill(&template.subject, &values)?;
    let body = templates::fill(&template.body, &values)?;
    let mut missing = subject.missing;
    for m in body.missing {
        if !missing.contains(&m) {
            missing.push(m);
        }
    }
    Ok(Composed {
        kind,
        label: kind.label(),
        contact_id,
        contact_name: contact.full_name.clone(),
        subject: subject.text,
        body: body.text,
        missing,
        to: contact.emails.clone(),
        picks: picks(&detail.interactions, &calls, last_call),
        log: log_as(kind, contact),
    })
}

/// The prep's elevator speech as My search would start it: who the user is, where they
/// stand, what they explore, and why this person. None while My search is empty; a value it
/// lacks is a marked gap, as in a template.
pub fn speech_draft(conn: &Connection, contact_id: i64) -> Result<Option<String>> {
    let me = my_search::get(conn)?;
    if me == MySearch::default() {
        return Ok(None);
    }
    let contact = contacts::get(conn, contact_id)?;
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    insert_my_search(&mut values, &me);
    values.insert("organization", contact.organization);
    values.insert("role", contact.role);
    const SPEECH: &str =
        "My name is {my_name}{?my_standing}, and I am {my_standing}{/my_standing}. \
{my_background} I am exploring {my_fields}{?my_roles}, roles such as {my_roles}{/my_roles}, and I \
would love to hear how you came to your work{?role} as {role}{/role}{?organization} at \
{organization}{/organization}.";
    Ok(Some(templates::fill(SPEECH, &values)?.text))
}

/// What a template calls the person: the first word of their name that is not a title.
fn first_name(full: &str) -> String {
    full.split_whitespace()
        .find(|w| !w.ends_with('.'))
        .unwrap_or_default()
        .to_string()
}

fn insert_my_search(values: &mut BTreeMap<&str, String>, me: &MySearch) {
    values.insert("my_name", me.name.clone());
    values.insert("my_background", me.background.clone());
    values.insert("my_fields", and_list(&me.interests));
    values.insert("my_roles", and_list(&me.roles));
    values.insert("my_places", and_list(&me.locations));
    if let Some(standing) = me.standing {
        let words = match standing {
            Standing::Student => "a student",
            Standing::ChangingCareers => "changing careers",
            Standing::Exploring => "looking at where to take my career next",
            Standing::Between => "between jobs",
        };
        let detail = me.standing_detail.trim();
        values.insert(
            "my_standing",
            if detail.is_empty() {
                words.to_string()
            } else {
                format!("{words} {detail}")
            },
        );
    }
}

/// "supply chain", "supply chain and logistics", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Two working weeks from next Monday: "between Monday 30 November and Friday 11 December".
fn window<Tz: TimeZone>(now: &DateTime<Tz>) -> String {
    let today = now.date_naive();
    let to_monday = 7 - today.weekday().num_days_from_monday() as i64;
    let start = today + Duration::days(to_monday);
    let end = start + Duration::days(11);
    debug_assert_eq!(end.weekday(), Weekday::Fri);
    format!(
        "between {} and {}",
        start.format("%A %-d %B"),
        end.format("%A %-d %B")
    )
}

/// A past day as a letter says it: "today", "yesterday", "on Tuesday", "on 3 November",
/// "on 3 November 2025".
fn on_day<Tz: TimeZone>(at: DateTime<Utc>, now: &DateTime<Tz>) -> String {
    let local = at.with_timezone(&now.timezone()).date_naive();
    let today = now.date_naive();
    match (today - local).num_days() {
        0 => "today".into(),
        1 => "yesterday".into(),
        2..=6 => format!("on {}", local.format("%A")),
        _ if local.year() == today.year() => format!("on {}", local.format("%-d %B")),
        _ => format!("on {}", local.format("%-d %B %Y")),
    }
}

/// A coming day and time as a letter says it: "today at 14:00", "tomorrow at 14:00", "on
/// Tuesday at 14:00", "on Tuesday 8 December at 14:00", with the year when it is another.
fn ahead<Tz: TimeZone>(at: DateTime<Utc>, now: &DateTime<Tz>, style: DateStyle) -> String {
    let local = at.with_timezone(&now.timezone()).naive_local();
    let time = dates::time(&local, style);
    let day = match (local.date() - now.date_naive()).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        2..=6 => format!("on {}", local.format("%A")),
        _ if local.year() == now.year() => format!("on {}", local.format("%A %-d %B")),
        _ => format!("on {}", local.format("%A %-d %B %Y")),
    };
    format!("{day} at {time}")
}

/// A call still to come, and where it is to be held.
struct NextCall<'a> {
    at: DateTime<Utc>,
    place: &'a str,
}

/// The soonest call still to come: a scheduled interview not yet begun, or a conversation
/// logged ahead as scheduled.
fn next_call<'a, Tz: TimeZone>(
    log: &'a [Interaction],
    calls: &'a [interviews::Interview],
    now: &DateTime<Tz>,
) -> Option<NextCall<'a>> {
    let now = now.with_timezone(&Utc);
    let planned = calls
        .iter()
        .filter(|c| {
            c.status == interviews::Status::Scheduled
                && c.call_started_at.is_none()
                && c.scheduled_at > now
        })
        .map(|c| NextCall {
            at: c.scheduled_at,
            place: c.place.as_str(),
        });
    let logged = log
        .iter()
        .filter(|i| i.outcome == Some(Outcome::Scheduled) && i.occurred_at > now)
        .map(|i| NextCall {
            at: i.occurred_at,
            place: "",
        });
    planned.chain(logged).min_by_key(|c| c.at)
}

/// A letter, an email or a LinkedIn message the user sent asking for a conversation.
fn is_written_attempt(i: &Interaction) -> bool {
    i.direction == Direction::Out
        && i.purpose != Some(Purpose::Connected)
        && matches!(
            i.channel,
            Channel::Email | Channel::Letter | Channel::LinkedInMessage
        )
}

/// A talk that took place ([`Interaction::is_conversation`]), not one still to come.
fn is_conversation<Tz: TimeZone>(i: &Interaction, now: &DateTime<Tz>) -> bool {
    i.is_conversation() && i.occurred_at <= now.with_timezone(&Utc)
}

fn last_conversation<Tz: TimeZone>(
    log: &[Interaction],
    calls: &[interviews::Interview],
    now: &DateTime<Tz>,
) -> Option<DateTime<Utc>> {
    let logged = log
        .iter()
        .filter(|i| is_conversation(i, now))
        .map(|i| i.occurred_at);
    let held = calls.iter().filter_map(|c| c.call_started_at);
    logged.chain(held).max()
}

/// Most to offer for a thank-you; more is a wall, not a choice.
const PICKS_MAX: usize = 12;

/// What the last conversation left to refer to: the notes of the questions ticked in its
/// call, then the lines of its notes (less the goal and ticked questions the call wrote
/// there itself), each once.
fn picks(
    log: &[Interaction],
    calls: &[interviews::Interview],
    last_call: Option<DateTime<Utc>>,
) -> Vec<String> {
    let Some(at) = last_call else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut add = |line: &str| {
        let line = line
            .trim()
            .trim_start_matches(['-', '*', '•', '–'])
            .trim()
            .trim_end_matches('.');
        if line.chars().count() >= 3
            && out.len() < PICKS_MAX
            && !out.iter().any(|o| o.eq_ignore_ascii_case(line))
        {
            out.push(line.to_string());
        }
    };
    // The call held then, or whose conversation on the timeline is the latest.
    let call = calls.iter().find(|c| {
        c.call_started_at == Some(at)
            || c.interaction_id
                .is_some_and(|id| log.iter().any(|i| i.id == id && i.occurred_at == at))
    });
    // What call mode wrote on the timeline itself (the goal, each ticked question).
    let mut written = String::new();
    let notes = match call {
        Some(call) => {
            for q in call.questions.iter().filter(|q| q.asked) {
                add(&q.note);
            }
            written = interviews::call_notes(call);
            call.interaction_id
                .and_then(|id| log.iter().find(|i| i.id == id))
        }
        // A conversation logged by hand, without call mode.
        None => log
            .iter()
            .find(|i| i.occurred_at == at && is_conversation(i, &at)),
    };
    if let Some(i) = notes {
        i.notes
            .lines()
            .filter(|l| !written.lines().any(|w| w == *l))
            .for_each(&mut add);
    }
    out
}

fn log_as(kind: Kind, contact: &contacts::Contact) -> LogAs {
    let written = if !contact.emails.is_empty() {
        Channel::Email
    } else if contact.profile_url.contains("linkedin.") {
        Channel::LinkedInMessage
    } else {
        Channel::Letter
    };
    let sent = |purpose| LogAs {
        channel: written,
        direction: Direction::Out,
        outcome: Some(Outcome::Sent),
        purpose,
    };
    match kind {
        Kind::FirstOutreach | Kind::GracefulNo | Kind::ConfirmCall => sent(None),
        Kind::FollowUp => sent(Some(Purpose::FollowUp)),
        Kind::ThankYou => sent(Some(Purpose::ThankYou)),
        Kind::CheckIn => sent(Some(Purpose::CheckIn)),
        Kind::PhoneCall => LogAs {
            channel: Channel::PhoneCall,
            direction: Direction::Out,
            outcome: None,
            purpose: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    #[test]
    fn names_lists_and_days_read_as_a_letter_writes_them() {
        assert_eq!(first_name("Dr. Dana Reyes"), "Dana");
        assert_eq!(first_name("María José García"), "María");
        assert_eq!(first_name(""), "");
        let list = |v: &[&str]| and_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["supply chain"]), "supply chain");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
        // Monday 23 November 2026.
        let now = Berlin.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        assert_eq!(
            window(&now),
            "between Monday 30 November and Friday 11 December"
        );
        let sunday = Berlin.with_ymd_and_hms(2026, 11, 29, 23, 0, 0).unwrap();
        assert_eq!(
            window(&sunday),
            "between Monday 30 November and Friday 11 December"
        );
        let at = |d, h| {
            Berlin
                .with_ymd_and_hms(2026, 11, d, h, 0, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(on_day(at(23, 0), &now), "today");
        assert_eq!(on_day(at(22, 23), &now), "yesterday");
        assert_eq!(on_day(at(17, 9), &now), "on Tuesday");
        assert_eq!(on_day(at(3, 9), &now), "on 3 November");
        let last_year = Berlin.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap();
        assert_eq!(
            on_day(last_year.with_timezone(&Utc), &now),
            "on 1 December 2025"
        );
    }
}
