//! Calls and deadlines for the calendar the user already keeps (iCalendar, RFC 5545).
//! Each item's UID comes from Rapport's own identity of it, and DTSTAMP and SEQUENCE from
//! when it last changed, so the same log exported twice gives the same file and importing a
//! newer file into a calendar updates its items instead of adding copies. Times are written
//! in UTC, which every calendar places in the user's own zone.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarAction, ICalendarComponent, ICalendarComponentType, ICalendarDuration,
    ICalendarParameter, ICalendarParameterName, ICalendarParameterValue, ICalendarProperty,
    ICalendarRelated, Uri,
};

use crate::dates::DateStyle;
use crate::error::Result;
use crate::interviews::{self, Interview, Medium};
use crate::reminders::{self, Kind, Reminder};
use crate::settings;
use crate::text::isolate;

/// The domain part of every UID: Rapport's items, whichever computer exported them.
const UID_DOMAIN: &str = "rapport.app";
/// How long before a call its alarm goes off.
const CALL_ALARM_MINUTES: u32 = 15;
/// SEQUENCE counts minutes from here to the item's last change: it grows with each change,
/// as RFC 5545 asks, and needs no counter kept anywhere.
const SEQUENCE_EPOCH: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// Scheduled calls as events and open deadlines as to-dos, as iCalendar text, and how many
/// items that is.
pub fn write<Tz: TimeZone>(
    conn: &Connection,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<(String, usize)> {
    let calls = interviews::upcoming(conn)?;
    let changed = interview_changes(conn)?;
    let rules = settings::reminders(conn)?;
    let deadlines: Vec<Reminder> = reminders::all(conn, &rules, now, style)?
        .into_iter()
        .filter(|r| is_deadline(r.kind))
        .collect();

    let mut calendar = ICalendar {
        components: vec![ICalendarComponent::new(ICalendarComponentType::VCalendar)],
    };
    {
        let root = &mut calendar.components[0];
        root.add_property(ICalendarProperty::Version, "2.0".to_string());
        root.add_property(
            ICalendarProperty::Prodid,
            "-//Rapport//Rapport//EN".to_string(),
        );
        root.add_property(ICalendarProperty::Calscale, "GREGORIAN".to_string());
        root.add_property(ICalendarProperty::Name, "Rapport".to_string());
        root.add_property(
            ICalendarProperty::Other("X-WR-CALNAME".into()),
            "Rapport".to_string(),
        );
    }
    for call in &calls {
        let stamp = changed
            .iter()
            .find(|(id, _)| *id == call.id)
            .map_or(call.scheduled_at, |(_, at)| *at);
        let (event, alarm) = event(call, stamp);
        add(&mut calendar, event, alarm);
    }
    for deadline in &deadlines {
        let (todo, alarm) = todo(deadline);
        add(&mut calendar, todo, alarm);
    }
    Ok((calendar.to_string(), calls.len() + deadlines.len()))
}

/// The reminders that are a deadline to meet, rather than a call to prepare for.
fn is_deadline(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::ThankYou | Kind::FollowUp | Kind::TrySomeoneElse | Kind::CheckIn
    )
}

fn add(calendar: &mut ICalendar, mut item: ICalendarComponent, alarm: ICalendarComponent) {
    let alarm_id = calendar.components.len() as u32 + 1;
    item.component_ids.push(alarm_id);
    calendar.components[0].component_ids.push(alarm_id - 1);
    calendar.components.push(item);
    calendar.components.push(alarm);
}

fn interview_changes(conn: &Connection) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let mut stmt = conn.prepare("SELECT id, updated_at FROM interviews")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn event(call: &Interview, changed: DateTime<Utc>) -> (ICalendarComponent, ICalendarComponent) {
    let mut e = ICalendarComponent::new(ICalendarComponentType::VEvent);
    e.add_uid(&format!("interview-{}@{UID_DOMAIN}", call.id));
    e.add_dtstamp(utc(changed));
    e.add_sequence(sequence(changed));
    e.add_property(ICalendarProperty::Dtstart, utc(call.scheduled_at));
    e.add_property(
        ICalendarProperty::Duration,
        ICalendarDuration {
            minutes: call.duration_minutes,
            ..Default::default()
        },
    );
    let with = if call.organization.is_empty() {
        isolate(&call.contact_name)
    } else {
        format!(
            "{} ({})",
            isolate(&call.contact_name),
            isolate(&call.organization)
        )
    };
    let summary = match call.medium {
        Medium::InPerson => format!("Informational interview with {with}"),
        Medium::Phone => format!("Informational call with {with}"),
        Medium::Video => format!("Informational video call with {with}"),
    };
    e.add_property(ICalendarProperty::Summary, text(&summary));
    let place = text(&call.place);
    if !place.is_empty() {
        if is_link(&place) {
            e.add_property(ICalendarProperty::Url, Uri::Location(place.clone()));
        }
        e.add_property(ICalendarProperty::Location, place);
    }
    let goal = text(&call.prep.goal);
    if !goal.is_empty() {
        e.add_property(ICalendarProperty::Description, goal);
    }
    let alarm = alarm(
        &summary,
        ICalendarDuration {
            neg: true,
            minutes: CALL_ALARM_MINUTES,
            ..Default::default()
        },
        ICalendarRelated::Start,
    );
    (e, alarm)
}

fn todo(r: &Reminder) -> (ICalendarComponent, ICalendarComponent) {
    let mut t = ICalendarComponent::new(ICalendarComponentType::VTodo);
    // Kind and subject are the reminder's identity; its due time may move (a new email
    // restarts a follow-up), and the calendar should move the same to-do.
    t.add_uid(&format!(
        "{}-{}@{UID_DOMAIN}",
        r.kind.as_str().replace('_', "-"),
        r.subject_id
    ));
    t.add_dtstamp(utc(r.due_at));
    t.add_sequence(sequence(r.due_at));
    t.add_property(ICalendarProperty::Due, utc(r.due_at));
    let summary = text(&format!("{}: {}", r.kind.label(), isolate(&r.contact_name)));
    t.add_property(ICalendarProperty::Summary, summary.clone());
    let body = text(&r.body);
    if !body.is_empty() {
        t.add_property(ICalendarProperty::Description, body);
    }
    t.add_property(
        ICalendarProperty::Status,
        calcard::icalendar::ICalendarStatus::NeedsAction,
    );
    let alarm = alarm(
        &summary,
        ICalendarDuration::default(),
        ICalendarRelated::End,
    );
    (t, alarm)
}

fn alarm(
    summary: &str,
    before: ICalendarDuration,
    related: ICalendarRelated,
) -> ICalendarComponent {
    let mut a = ICalendarComponent::new(ICalendarComponentType::VAlarm);
    a.add_property(ICalendarProperty::Action, ICalendarAction::Display);
    a.add_property_with_params(
        ICalendarProperty::Trigger,
        [ICalendarParameter::new(
            ICalendarParameterName::Related,
            ICalendarParameterValue::Related(related),
        )],
        before,
    );
    a.add_property(ICalendarProperty::Description, summary.to_string());
    a
}

fn utc(at: DateTime<Utc>) -> PartialDateTime {
    PartialDateTime::from_utc_timestamp(at.timestamp())
}

fn sequence(changed: DateTime<Utc>) -> i64 {
    ((changed.timestamp() - SEQUENCE_EPOCH) / 60).max(0)
}

/// Text as iCalendar can hold it: line breaks as LF only (calcard would write a CR as
/// "\r", which RFC 5545 does not know), no other control characters.
fn text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

fn is_link(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !s.contains(char::is_whitespace)
}
