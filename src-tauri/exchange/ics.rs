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
use crate::settings::{self, ReminderSettings};
use crate::text::isolate;

/// The domain part of every UID; the log's tag before it tells two logs' items apart.
const UID_DOMAIN: &str = "rapport.app";
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
    let items = items(conn, now, style)?;
    let count = items.len();
    let mut calendar = calendar();
    for item in items {
        add(&mut calendar, item.component, item.alarm);
    }
    Ok((calendar.to_string(), count))
}

/// One call or deadline as the calendar holds it.
pub struct Item {
    /// The same in every export and on the sync server: Rapport's identity of the thing.
    pub uid: String,
    /// "interview", or the reminder's kind.
    pub kind: &'static str,
    /// The interview, or the reminder's subject.
    pub subject_id: i64,
    component: ICalendarComponent,
    alarm: ICalendarComponent,
}

impl Item {
    /// The item alone, as a calendar server stores it: one calendar object a resource.
    pub fn text(&self) -> String {
        let mut calendar = calendar();
        add(&mut calendar, self.component.clone(), self.alarm.clone());
        calendar.to_string()
    }

    /// The same for a calendar that takes only events (iCloud keeps reminders out of
    /// CalDAV): a deadline becomes a short event at its due time, alerting then, with the
    /// same UID. A call is an event already.
    pub fn text_as_event(&self) -> String {
        if self.component.component_type != ICalendarComponentType::VTodo {
            return self.text();
        }
        let mut event = ICalendarComponent::new(ICalendarComponentType::VEvent);
        for entry in &self.component.entries {
            match entry.name {
                ICalendarProperty::Due => {
                    let mut start = entry.clone();
                    start.name = ICalendarProperty::Dtstart;
                    event.entries.push(start);
                    event.add_property(
                        ICalendarProperty::Duration,
                        ICalendarDuration {
                            minutes: DEADLINE_EVENT_MINUTES,
                            ..Default::default()
                        },
                    );
                }
                ICalendarProperty::Status => {}
                _ => event.entries.push(entry.clone()),
            }
        }
        let mut alarm = self.alarm.clone();
        for entry in &mut alarm.entries {
            if entry.name == ICalendarProperty::Trigger {
                entry.params = vec![ICalendarParameter::new(
                    ICalendarParameterName::Related,
                    ICalendarParameterValue::Related(ICalendarRelated::Start),
                )];
            }
        }
        let mut calendar = calendar();
        add(&mut calendar, event, alarm);
        calendar.to_string()
    }
}

/// How long a deadline shown as an event lasts in the calendar.
const DEADLINE_EVENT_MINUTES: u32 = 15;

/// Every scheduled call and open deadline.
pub fn items<Tz: TimeZone>(
    conn: &Connection,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Vec<Item>> {
    let rules = settings::reminders(conn)?;
    let open = reminders::all(conn, &rules, now, style)?;
    items_among(conn, &rules, open)
}

/// The same, read from the reminders kept in the store, which the caller has brought up
/// to date: what sync publishes every quarter of an hour without working out every
/// person's reminders again (some 150 ms at 50,000 people).
pub fn items_kept<Tz: TimeZone>(
    conn: &Connection,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Vec<Item>> {
    let rules = settings::reminders(conn)?;
    let open = reminders::pending::open(conn, &rules, now, style)?;
    items_among(conn, &rules, open)
}

fn items_among(
    conn: &Connection,
    rules: &ReminderSettings,
    open: Vec<Reminder>,
) -> Result<Vec<Item>> {
    let tag = crate::sync::log_tag(conn)?;
    let calls = interviews::upcoming(conn)?;
    let changed = interview_changes(conn)?;
    let deadlines: Vec<Reminder> = open.into_iter().filter(|r| is_deadline(r.kind)).collect();
    let mut out = Vec::with_capacity(calls.len() + deadlines.len());
    for call in &calls {
        let stamp = changed
            .iter()
            .find(|(id, _)| *id == call.id)
            .map_or(call.scheduled_at, |(_, at)| *at);
        let uid = format!("interview-{}.{tag}@{UID_DOMAIN}", call.id);
        let (component, alarm) = event(call, &uid, stamp, rules.before_call_minutes);
        out.push(Item {
            uid,
            kind: "interview",
            subject_id: call.id,
            component,
            alarm,
        });
    }
    for deadline in &deadlines {
        // Kind and subject are the reminder's identity; its due time may move (a new email
        // restarts a follow-up, a snooze), and the calendar should move the same to-do.
        let uid = format!(
            "{}-{}.{tag}@{UID_DOMAIN}",
            deadline.kind.as_str().replace('_', "-"),
            deadline.subject_id
        );
        let (component, alarm) = todo(deadline, &uid);
        out.push(Item {
            uid,
            kind: deadline.kind.as_str(),
            subject_id: deadline.subject_id,
            component,
            alarm,
        });
    }
    Ok(out)
}

/// A published to-do marked done at `at`, without its alarm; None when `text` holds none.
pub fn completed(text: &str, at: DateTime<Utc>) -> Option<String> {
    let mut calendar = ICalendar::parse(text).ok()?;
    let todo = calendar
        .components
        .iter_mut()
        .find(|c| c.component_type == ICalendarComponentType::VTodo)?;
    todo.entries.retain(|e| {
        !matches!(
            e.name,
            ICalendarProperty::Status
                | ICalendarProperty::Dtstamp
                | ICalendarProperty::Sequence
                | ICalendarProperty::Completed
        )
    });
    todo.component_ids.clear();
    todo.add_dtstamp(utc(at));
    todo.add_sequence(sequence(at));
    todo.add_property(
        ICalendarProperty::Status,
        calcard::icalendar::ICalendarStatus::Completed,
    );
    todo.add_property(ICalendarProperty::Completed, utc(at));
    todo.add_property(ICalendarProperty::PercentComplete, 100i64);
    Some(calendar.to_string())
}

fn calendar() -> ICalendar {
    let mut calendar = ICalendar {
        components: vec![ICalendarComponent::new(ICalendarComponentType::VCalendar)],
    };
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
    calendar
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

fn event(
    call: &Interview,
    uid: &str,
    changed: DateTime<Utc>,
    before_minutes: u32,
) -> (ICalendarComponent, ICalendarComponent) {
    let mut e = ICalendarComponent::new(ICalendarComponentType::VEvent);
    e.add_uid(uid);
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
            minutes: before_minutes,
            ..Default::default()
        },
        ICalendarRelated::Start,
    );
    (e, alarm)
}

fn todo(r: &Reminder, uid: &str) -> (ICalendarComponent, ICalendarComponent) {
    let mut t = ICalendarComponent::new(ICalendarComponentType::VTodo);
    t.add_uid(uid);
    // Due when Today shows it: a snooze moves it on the phone too.
    t.add_dtstamp(utc(r.show_at));
    t.add_sequence(sequence(r.show_at));
    t.add_property(ICalendarProperty::Due, utc(r.show_at));
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
