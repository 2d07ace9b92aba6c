//! What is due, derived from the contact log: thank-you notes, follow-ups, check-ins and
//! upcoming calls. Every rule takes `now`, whose time zone is the user's; only the
//! scheduler reads the clock. A small log records what happened to each reminder.

use std::collections::HashMap;

use chrono::{
    DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::contacts::Stage;
use crate::dates::{self, DateStyle};
use crate::error::{Error, Result};
use crate::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use crate::interviews;
use crate::settings::{FollowUpRoutine, ReminderSettings};
use crate::text::isolate;
use crate::text_enum::text_enum;

pub mod pending;

text_enum! {
    /// The kinds of reminder, each with its own rule.
    Kind {
        ThankYou => "thank_you", "Thank-you note";
        FollowUp => "follow_up", "Follow-up";
        TrySomeoneElse => "try_someone_else", "Try someone else";
        CheckIn => "check_in", "Check-in";
        BeforeCall => "before_call", "Upcoming call";
        Prepare => "prepare", "Prepare for an interview";
    }
}

/// Where a reminder sits in the Today view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Overdue,
    Today,
    Upcoming,
    Later,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub kind: Kind,
    /// The interaction (or, for check-ins, the contact) the reminder is about.
    pub subject_id: i64,
    pub contact_id: i64,
    pub contact_name: String,
    pub organization: String,
    /// When the rule says it is due; with kind and subject, the reminder's identity.
    pub due_at: DateTime<Utc>,
    /// When it shows as due: `due_at`, or the end of a snooze.
    pub show_at: DateTime<Utc>,
    /// When the desktop notification may go out: `show_at`, or now if that has passed, moved
    /// past quiet hours. While quiet hours last nothing goes out, however long it was due.
    pub notify_at: DateTime<Utc>,
    pub overdue_at: Option<DateTime<Utc>>,
    pub notified: bool,
    pub snoozed: bool,
    pub bucket: Bucket,
    pub title: String,
    pub body: String,
    /// For a check-in as Today shows it, the advice the person gave and what came of it
    /// ([`crate::outreach::advice::attach`]); the rules leave it empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<crate::outreach::advice::Advice>,
}

/// The facts about one contact that the rules read.
struct Person {
    id: i64,
    name: String,
    organization: String,
    stage: Stage,
    checkin_months: Option<u32>,
    checkin_paused: bool,
    history: Vec<Event>,
}

#[derive(Clone)]
struct Event {
    id: i64,
    at: DateTime<Utc>,
    channel: Channel,
    direction: Direction,
    outcome: Option<Outcome>,
    purpose: Option<Purpose>,
}

impl Event {
    fn is_conversation(&self) -> bool {
        interactions::is_conversation(self.channel, self.outcome, self.purpose)
    }

    fn is_written_outreach(&self) -> bool {
        self.direction == Direction::Out
            && matches!(
                self.channel,
                Channel::Email | Channel::Letter | Channel::LinkedInMessage
            )
            && !matches!(self.outcome, Some(Outcome::Declined | Outcome::Scheduled))
    }
}

/// A reminder as a rule produces it, before the log and the clock place it.
struct Due {
    kind: Kind,
    subject_id: i64,
    due_at: DateTime<Utc>,
    overdue_at: Option<DateTime<Utc>>,
    /// The interaction the text refers to ("you talked yesterday at 14:00").
    about_at: DateTime<Utc>,
}

/// Thank-you notes are asked for conversations of the last month; older ones are history.
const THANK_YOU_WINDOW_DAYS: i64 = 30;
/// After this many unanswered attempts in a row, Rapport stops suggesting another.
const MAX_UNANSWERED_ATTEMPTS: usize = 3;

fn rules<Tz: TimeZone>(p: &Person, s: &ReminderSettings, now: &DateTime<Tz>) -> Vec<Due> {
    let now_utc = now.with_timezone(&Utc);
    let tz = now.timezone();
    let past: Vec<&Event> = p.history.iter().filter(|e| e.at <= now_utc).collect();
    let mut out = Vec::new();

    // Thank-you: the latest conversation, until a thank-you is logged after it.
    if let Some(talk) = past.iter().rev().find(|e| e.is_conversation()) {
        let thanked = past
            .iter()
            .any(|e| e.at >= talk.at && e.purpose == Some(Purpose::ThankYou));
        if !thanked && talk.at >= now_utc - Duration::days(THANK_YOU_WINDOW_DAYS) {
            out.push(Due {
                kind: Kind::ThankYou,
                subject_id: talk.id,
                due_at: talk.at,
                overdue_at: Some(talk.at + Duration::hours(s.thank_you_overdue_hours.into())),
                about_at: talk.at,
            });
        }
    }

    // Follow-up: the last thing that happened is a written attempt nobody answered.
    let reaching_out = matches!(p.stage, Stage::ToContact | Stage::ReachedOut);
    if let (true, Some(last)) = (reaching_out, past.last()) {
        let since_reply = past
            .iter()
            .rev()
            .take_while(|e| e.direction == Direction::Out)
            .count();
        if last.is_written_outreach() && since_reply <= MAX_UNANSWERED_ATTEMPTS {
            let sent = last.at.with_timezone(&tz);
            match s.follow_up_routine {
                FollowUpRoutine::Simple => out.push(Due {
                    kind: Kind::FollowUp,
                    subject_id: last.id,
                    due_at: add_days(&sent, s.follow_up_days),
                    overdue_at: None,
                    about_at: last.at,
                }),
                FollowUpRoutine::ThreeBSeven => {
                    if !p.organization.is_empty() {
                        out.push(Due {
                            kind: Kind::TrySomeoneElse,
                            subject_id: last.id,
                            due_at: add_business_days(&sent, 3, &s.holidays),
                            overdue_at: None,
                            about_at: last.at,
                        });
                    }
                    out.push(Due {
                        kind: Kind::FollowUp,
                        subject_id: last.id,
                        due_at: add_business_days(&sent, 7, &s.holidays),
                        overdue_at: None,
                        about_at: last.at,
                    });
                }
            }
        }
    }

    // Check-in: N months after the last interaction of any kind.
    let keeping_warm = matches!(p.stage, Stage::Interviewed | Stage::KeepingInTouch);
    if let (true, false, Some(last)) = (keeping_warm, p.checkin_paused, past.last()) {
        let months = p.checkin_months.unwrap_or(s.check_in_months);
        out.push(Due {
            kind: Kind::CheckIn,
            subject_id: p.id,
            due_at: add_months(&last.at.with_timezone(&tz), months),
            overdue_at: None,
            about_at: last.at,
        });
    }

    // Before a call: a while before each scheduled call that has not started yet.
    for call in p
        .history
        .iter()
        .filter(|e| e.outcome == Some(Outcome::Scheduled) && e.at > now_utc)
    {
        out.push(Due {
            kind: Kind::BeforeCall,
            subject_id: call.id,
            due_at: call.at - Duration::minutes(s.before_call_minutes.into()),
            overdue_at: None,
            about_at: call.at,
        });
    }
    out
}

/// The next moment time alone changes what [`rules`] say for `p` after `now`: an event
/// logged ahead becomes past (a scheduled call begins), or the latest conversation leaves
/// the thank-you window. Kept beside the rules, which it must follow.
fn rules_change_at(p: &Person, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let next_event = p.history.iter().map(|e| e.at).filter(|&at| at > now).min();
    let thank_you_ends = p
        .history
        .iter()
        .rev()
        .find(|e| e.at <= now && e.is_conversation())
        // The window holds while `talk.at >= now - window`: it closes just after.
        .map(|talk| talk.at + Duration::days(THANK_YOU_WINDOW_DAYS) + Duration::milliseconds(1))
        .filter(|&end| end > now);
    next_event.into_iter().chain(thank_you_ends).min()
}

/// The same wall-clock time `days` calendar days later, across DST changes.
pub fn add_days<Tz: TimeZone>(t: &DateTime<Tz>, days: u32) -> DateTime<Utc> {
    let date = t.date_naive() + Days::new(days.into());
    at_local(&t.timezone(), date.and_time(t.time()))
}

/// The same wall-clock time `n` business days later: weekends and `holidays` skipped.
pub fn add_business_days<Tz: TimeZone>(
    t: &DateTime<Tz>,
    n: u32,
    holidays: &[NaiveDate],
) -> DateTime<Utc> {
    let mut date = t.date_naive();
    let mut left = n;
    while left > 0 {
        date = date.succ_opt().expect("date in range");
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        if !weekend && !holidays.contains(&date) {
            left -= 1;
        }
    }
    at_local(&t.timezone(), date.and_time(t.time()))
}

/// Calendar months later; a day that month lacks becomes its last day (Jan 31 → Feb 28).
pub fn add_months<Tz: TimeZone>(t: &DateTime<Tz>, months: u32) -> DateTime<Utc> {
    let date = t
        .date_naive()
        .checked_add_months(Months::new(months))
        .expect("date in range");
    at_local(&t.timezone(), date.and_time(t.time()))
}

/// A wall-clock time in `tz`; a time skipped by a DST change moves an hour on.
fn at_local<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .expect("a local time exists within an hour")
        .with_timezone(&Utc)
}

/// `t`, or the end of quiet hours when `t` falls inside them.
pub fn after_quiet_hours<Tz: TimeZone>(
    t: DateTime<Utc>,
    tz: &Tz,
    start: NaiveTime,
    end: NaiveTime,
) -> DateTime<Utc> {
    if start == end {
        return t;
    }
    let local = t.with_timezone(tz);
    let time = local.time();
    let date = local.date_naive();
    let quiet = if start < end {
        time >= start && time < end
    } else {
        time >= start || time < end
    };
    if !quiet {
        return t;
    }
    let end_date = if start > end && time >= start {
        date.succ_opt().expect("date in range")
    } else {
        date
    };
    at_local(tz, end_date.and_time(end))
}

/// The end of the quiet hours `now` is in, when it is in them: notifications wait till then.
pub fn held_until<Tz: TimeZone>(s: &ReminderSettings, now: &DateTime<Tz>) -> Option<DateTime<Utc>> {
    let now_utc = now.with_timezone(&Utc);
    let end = after_quiet_hours(now_utc, &now.timezone(), s.quiet_start, s.quiet_end);
    (end != now_utc).then_some(end)
}

/// Everyone, or only the person `only`, with their history.
fn load_people(conn: &Connection, only: Option<i64>) -> Result<Vec<Person>> {
    let mut people: Vec<Person> = Vec::new();
    let mut index = HashMap::new();
    let (people_sql, history_sql) = people_sql(only.is_some());
    let mut stmt = conn.prepare_cached(&people_sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(only), |r| {
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            organization: r.get(2)?,
            stage: r.get(3)?,
            checkin_months: r.get(4)?,
            checkin_paused: r.get(5)?,
            history: Vec::new(),
        })
    })?;
    for person in rows {
        let person = person?;
        index.insert(person.id, people.len());
        people.push(person);
    }
    let mut stmt = conn.prepare_cached(&history_sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(only), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Event {
                id: r.get(1)?,
                at: r.get(2)?,
                channel: r.get(3)?,
                direction: r.get(4)?,
                outcome: r.get(5)?,
                purpose: r.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (contact, event) = row?;
        if let Some(&i) = index.get(&contact) {
            people[i].history.push(event);
        }
    }
    Ok(people)
}

/// Who people are and what happened with them, for everyone or for one person (`?1`)
/// through the indexes by person: one statement for both could use no index, and read the
/// whole log for each person a write touched.
fn people_sql(one: bool) -> (String, String) {
    let (person, history) = if one {
        ("WHERE c.id = ?1", "contact_id = ?1 AND")
    } else {
        ("", "")
    };
    (
        format!(
            "SELECT c.id, c.full_name, coalesce(o.name, ''), c.stage, c.checkin_months,
                    c.checkin_paused
             FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id {person}"
        ),
        format!(
            "SELECT contact_id, id, occurred_at, channel, direction, outcome, purpose
             FROM interactions WHERE {history} purpose IS NOT 'connected'
             ORDER BY occurred_at, id"
        ),
    )
}

#[derive(Default, Clone)]
struct LogEntry {
    notified: bool,
    done: bool,
    snoozed_until: Option<DateTime<Utc>>,
}

/// A reminder's identity: its kind, its subject and when its rule made it due.
pub type Key = (Kind, i64, DateTime<Utc>);

fn load_log(conn: &Connection) -> Result<HashMap<Key, LogEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, subject_id, due_at, notified_at IS NOT NULL, done_at IS NOT NULL, snoozed_until
         FROM reminder_log",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?),
            LogEntry {
                notified: r.get(3)?,
                done: r.get(4)?,
                snoozed_until: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every reminder that is not done, soonest first, placed in its Today bucket; its words
/// write dates in `style`.
pub fn all<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Vec<Reminder>> {
    collect(conn, s, now, style, None)
}

/// One person's open reminders, soonest first, however far ahead, by the full derivation:
/// the reference a person's stored reminders (`pending::of_contact`) are tested against.
pub fn for_contact<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
    contact_id: i64,
) -> Result<Vec<Reminder>> {
    collect(conn, s, now, style, Some(contact_id))
}

fn collect<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
    only: Option<i64>,
) -> Result<Vec<Reminder>> {
    let log = load_log(conn)?;
    let mut out = Vec::new();
    for person in load_people(conn, only)? {
        for due in rules(&person, s, now) {
            let (title, body) = text(
                due.kind,
                &person.name,
                &person.organization,
                due.about_at,
                now,
                style,
            );
            let who = (
                person.id,
                person.name.as_str(),
                person.organization.as_str(),
            );
            out.extend(place(due, who, title, body, &log, s, now));
        }
    }
    for interview in interviews::upcoming(conn)? {
        if only.is_some_and(|id| id != interview.contact_id) {
            continue;
        }
        let started = interview.call_started_at.is_some();
        let Some(due) = prepare_due(interview.id, interview.scheduled_at, started, s, now) else {
            continue;
        };
        let (title, body) = prepare_text(
            &interview.contact_name,
            interview.scheduled_at,
            interview.readiness.percent,
            now,
            style,
        );
        let who = (
            interview.contact_id,
            interview.contact_name.as_str(),
            interview.organization.as_str(),
        );
        out.extend(place(due, who, title, body, &log, s, now));
    }
    out.sort_by(|a, b| a.order().cmp(&b.order()));
    Ok(out)
}

impl Reminder {
    /// Today's order: soonest first, then by name; the rest only makes it total.
    fn order(&self) -> (DateTime<Utc>, &str, i64, &str, i64) {
        (
            self.show_at,
            &self.contact_name,
            self.contact_id,
            self.kind.as_str(),
            self.subject_id,
        )
    }
}

/// An upcoming interview's "prepare" reminder, while the call has not begun.
fn prepare_due<Tz: TimeZone>(
    interview: i64,
    scheduled_at: DateTime<Utc>,
    call_started: bool,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
) -> Option<Due> {
    (scheduled_at > now.with_timezone(&Utc) && !call_started).then(|| Due {
        kind: Kind::Prepare,
        subject_id: interview,
        due_at: scheduled_at - Duration::minutes(s.before_call_minutes.into()),
        overdue_at: None,
        about_at: scheduled_at,
    })
}

fn prepare_text<Tz: TimeZone>(
    name: &str,
    scheduled_at: DateTime<Utc>,
    percent: u32,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> (String, String) {
    let body = format!(
        "Your interview with {} is {} — prep {}% done",
        isolate(name),
        dates::when(scheduled_at, now, style),
        percent
    );
    ("Interview coming up".into(), body)
}

/// A rule's reminder placed by what the log says happened to it (none when done) and by
/// the clock: when it shows, when it may notify, and its bucket.
fn place<Tz: TimeZone>(
    due: Due,
    (contact_id, name, organization): (i64, &str, &str),
    title: String,
    body: String,
    log: &HashMap<Key, LogEntry>,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
) -> Option<Reminder> {
    let entry = log.get(&(due.kind, due.subject_id, due.due_at));
    if entry.is_some_and(|e| e.done) {
        return None;
    }
    let snoozed_until = entry.and_then(|e| e.snoozed_until);
    let show_at = snoozed_until.unwrap_or(due.due_at);
    Some(Reminder {
        kind: due.kind,
        subject_id: due.subject_id,
        contact_id,
        contact_name: name.to_string(),
        organization: organization.to_string(),
        due_at: due.due_at,
        show_at,
        notify_at: after_quiet_hours(
            show_at.max(now.with_timezone(&Utc)),
            &now.timezone(),
            s.quiet_start,
            s.quiet_end,
        ),
        overdue_at: due.overdue_at,
        notified: entry.is_some_and(|e| e.notified),
        snoozed: snoozed_until.is_some(),
        bucket: bucket(due.kind, show_at, due.overdue_at, now),
        title,
        body,
        advice: Vec::new(),
    })
}

fn bucket<Tz: TimeZone>(
    kind: Kind,
    show_at: DateTime<Utc>,
    overdue_at: Option<DateTime<Utc>>,
    now: &DateTime<Tz>,
) -> Bucket {
    let today = now.date_naive();
    let day = show_at.with_timezone(&now.timezone()).date_naive();
    let now_utc = now.with_timezone(&Utc);
    if show_at > now_utc {
        if day == today {
            Bucket::Today
        } else if day <= today + Days::new(7) {
            Bucket::Upcoming
        } else {
            Bucket::Later
        }
    } else {
        let overdue = match (kind, overdue_at) {
            (_, Some(at)) => now_utc >= at,
            (Kind::BeforeCall | Kind::Prepare, None) => false,
            (_, None) => day < today,
        };
        if overdue {
            Bucket::Overdue
        } else {
            Bucket::Today
        }
    }
}

fn text<Tz: TimeZone>(
    kind: Kind,
    name: &str,
    organization: &str,
    about: DateTime<Utc>,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> (String, String) {
    let when = dates::when(about, now, style);
    let name = &isolate(name);
    match kind {
        Kind::ThankYou => (
            "Thank-you note due".into(),
            format!("Send a thank-you note to {name} — you talked {when}"),
        ),
        Kind::FollowUp => (
            "Time to follow up".into(),
            format!("Follow up with {name} — no reply since you wrote {when}"),
        ),
        Kind::TrySomeoneElse => (
            "Try someone else".into(),
            format!(
                "Try someone else at {} — {name} has not replied since {when}",
                isolate(organization)
            ),
        ),
        Kind::CheckIn => (
            "Time to check in".into(),
            format!("Check in with {name} — last in touch {when}"),
        ),
        // Interviews' reminders are worded where they are made, with the prep's readiness.
        Kind::BeforeCall | Kind::Prepare => (
            "Call coming up".into(),
            format!("Your call with {name} is {when} — time to prepare"),
        ),
    }
}

fn plural(kind: Kind, n: usize) -> String {
    let (one, many) = match kind {
        Kind::ThankYou => ("thank-you note", "thank-you notes"),
        Kind::FollowUp => ("follow-up", "follow-ups"),
        Kind::TrySomeoneElse => ("new person to find", "new people to find"),
        Kind::CheckIn => ("check-in", "check-ins"),
        Kind::BeforeCall => ("upcoming call", "upcoming calls"),
        Kind::Prepare => ("interview to prepare", "interviews to prepare"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A desktop notification: one reminder, or a summary of several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// The reminders it covers, to be marked notified once it is shown.
    pub keys: Vec<Key>,
    /// What a click on it opens.
    pub opens: Target,
}

/// Where a reminder leads: the person, an interview's prep, or Today for a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Contact(i64),
    Interview(i64),
    Today,
}

impl Reminder {
    pub fn target(&self) -> Target {
        match self.kind {
            Kind::Prepare => Target::Interview(self.subject_id),
            _ => Target::Contact(self.contact_id),
        }
    }
}

/// More than this many at once become one summary notification.
pub const MAX_SEPARATE: usize = 3;

/// What should be notified now: reminders whose time has come and that were not notified.
pub fn notices<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Vec<Notice>> {
    Ok(notices_among(
        &all(conn, s, now, style)?,
        now.with_timezone(&Utc),
    ))
}

/// [`notices`] over reminders already computed.
pub fn notices_among(reminders: &[Reminder], now: DateTime<Utc>) -> Vec<Notice> {
    let due: Vec<&Reminder> = reminders
        .iter()
        .filter(|r| !r.notified && r.notify_at <= now)
        .collect();
    let key = |r: &Reminder| (r.kind, r.subject_id, r.due_at);
    if due.len() <= MAX_SEPARATE {
        return due
            .iter()
            .map(|r| Notice {
                title: r.title.clone(),
                body: r.body.clone(),
                keys: vec![key(r)],
                opens: r.target(),
            })
            .collect();
    }
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    for r in &due {
        match counts.iter_mut().find(|(k, _)| *k == r.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.kind, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| plural(*k, *n)).collect();
    vec![Notice {
        title: format!("{} reminders are due", due.len()),
        body: parts.join(", "),
        keys: due.iter().map(|r| key(r)).collect(),
        opens: Target::Today,
    }]
}

/// The next moment a notification may be due, for the scheduler to sleep until.
pub fn next_notify_at<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
) -> Result<Option<DateTime<Utc>>> {
    Ok(next_notify_among(
        &all(conn, s, now, DateStyle::default())?,
        now.with_timezone(&Utc),
    ))
}

/// [`next_notify_at`] over reminders already computed.
pub fn next_notify_among(reminders: &[Reminder], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    reminders
        .iter()
        .filter(|r| !r.notified && r.notify_at > now)
        .map(|r| r.notify_at)
        .min()
}

fn upsert(conn: &Connection, key: &Key, set: &str, value: Option<DateTime<Utc>>) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO reminder_log (kind, subject_id, due_at, {set}) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kind, subject_id, due_at) DO UPDATE SET {set} = excluded.{set}"
        ),
        params![key.0, key.1, key.2, value],
    )?;
    Ok(())
}

pub fn mark_notified(conn: &mut Connection, keys: &[Key], now: DateTime<Utc>) -> Result<()> {
    let tx = conn.transaction()?;
    for key in keys {
        upsert(&tx, key, "notified_at", Some(now))?;
    }
    tx.commit()?;
    Ok(())
}

pub fn mark_done(conn: &Connection, key: &Key, now: DateTime<Utc>) -> Result<()> {
    upsert(conn, key, "done_at", Some(now))
}

/// Hides a reminder until `until`, when it shows and notifies again.
pub fn snooze(
    conn: &mut Connection,
    key: &Key,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    if until <= now {
        return Err(Error::invalid("until", "Choose a time in the future."));
    }
    let tx = conn.transaction()?;
    upsert(&tx, key, "snoozed_until", Some(until))?;
    upsert(&tx, key, "notified_at", None)?;
    tx.commit()?;
    Ok(())
}

/// "Done": logs what was done (a thank-you, follow-up or check-in sent, which also resets the
/// check-in clock) and closes the reminder, in one transaction. Returns the interaction it
/// logged, if any, so it can be undone.
pub fn complete(
    conn: &mut Connection,
    key: &Key,
    contact_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let tx = conn.transaction()?;
    let logged = match done_purpose(key.0) {
        Some(purpose) => {
            let input = InteractionInput {
                contact_id,
                occurred_at: now,
                channel: Channel::Email,
                direction: Direction::Out,
                outcome: Some(Outcome::Sent),
                notes: String::new(),
                purpose: Some(purpose),
            };
            Some(interactions::insert(&tx, &input, now)?.0)
        }
        None => None,
    };
    upsert(&tx, key, "done_at", Some(now))?;
    tx.commit()?;
    Ok(logged)
}

/// Takes back a "Done": the reminder is open again and the interaction it logged is gone.
/// Only an interaction that "Done" logs for this kind of reminder is removed.
pub fn undo_complete(conn: &mut Connection, key: &Key, logged: Option<i64>) -> Result<()> {
    let tx = conn.transaction()?;
    if let Some(id) = logged {
        let removed = tx.execute(
            "DELETE FROM interactions WHERE id = ?1 AND purpose IS ?2",
            params![id, done_purpose(key.0)],
        )?;
        if removed == 0 {
            return Err(Error::NotFound("interaction"));
        }
    }
    let reopened = tx.execute(
        "UPDATE reminder_log SET done_at = NULL
         WHERE kind = ?1 AND subject_id = ?2 AND due_at = ?3 AND done_at IS NOT NULL",
        params![key.0, key.1, key.2],
    )?;
    if reopened == 0 {
        return Err(Error::NotFound("reminder"));
    }
    tx.commit()?;
    Ok(())
}

/// The purpose of the interaction that "Done" logs, for the kinds that are done by writing.
pub fn done_purpose(kind: Kind) -> Option<Purpose> {
    match kind {
        Kind::ThankYou => Some(Purpose::ThankYou),
        Kind::FollowUp => Some(Purpose::FollowUp),
        Kind::CheckIn => Some(Purpose::CheckIn),
        Kind::TrySomeoneElse | Kind::BeforeCall | Kind::Prepare => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<chrono_tz::Tz> {
        Berlin.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// A write recomputes the people it touched: reading one of them must not read everyone.
    #[test]
    fn one_persons_rules_read_only_their_rows() {
        let (person, history) = people_sql(true);
        for sql in [person, history] {
            let plan = crate::store::query_plan(&sql);
            assert!(
                plan.iter().all(|step| !step.starts_with("SCAN")),
                "{sql} reads every row: {plan:#?}"
            );
        }
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        // Friday 20 Nov 2026 + 3 business days = Wednesday 25th.
        let friday = berlin(2026, 11, 20, 10, 0);
        assert_eq!(
            add_business_days(&friday, 3, &[]),
            berlin(2026, 11, 25, 10, 0)
        );
        // With Monday a holiday, Thursday.
        assert_eq!(
            add_business_days(&friday, 3, &[date(2026, 11, 23)]),
            berlin(2026, 11, 26, 10, 0)
        );
        // 7 business days over Christmas holidays.
        let before = berlin(2026, 12, 22, 9, 0);
        let holidays = [
            date(2026, 12, 24),
            date(2026, 12, 25),
            date(2026, 12, 31),
            date(2027, 1, 1),
        ];
        // 23, 28, 29, 30 Dec, then 4, 5, 6 Jan.
        assert_eq!(
            add_business_days(&before, 7, &holidays),
            berlin(2027, 1, 6, 9, 0)
        );
    }

    #[test]
    fn months_are_calendar_months() {
        let jan31 = berlin(2026, 1, 31, 15, 0);
        assert_eq!(add_months(&jan31, 1), berlin(2026, 2, 28, 15, 0));
        assert_eq!(
            add_months(&berlin(2028, 1, 31, 15, 0), 1),
            berlin(2028, 2, 29, 15, 0)
        );
        assert_eq!(
            add_months(&berlin(2026, 11, 30, 9, 0), 3),
            berlin(2027, 2, 28, 9, 0)
        );
        assert_eq!(
            add_months(&berlin(2026, 8, 15, 9, 0), 3),
            berlin(2026, 11, 15, 9, 0)
        );
    }

    #[test]
    fn days_keep_the_wall_clock_time_across_dst() {
        // Summer time starts on 29 March 2026: 10:00 stays 10:00, an hour less in UTC.
        let friday = berlin(2026, 3, 27, 10, 0);
        let later = add_days(&friday, 7);
        assert_eq!(later, berlin(2026, 4, 3, 10, 0));
        assert_eq!(
            later - friday.with_timezone(&Utc),
            Duration::days(7) - Duration::hours(1)
        );
        // A time that does not exist that night moves an hour on.
        let at_two = Berlin.with_ymd_and_hms(2026, 3, 28, 2, 30, 0).unwrap();
        assert_eq!(add_days(&at_two, 1), berlin(2026, 3, 29, 3, 30));
        // Winter time: 25 October 2026.
        assert_eq!(
            add_months(&berlin(2026, 7, 25, 12, 0), 3),
            berlin(2026, 10, 25, 12, 0)
        );
    }

    #[test]
    fn quiet_hours_hold_notifications_until_they_end() {
        let (start, end) = (hm(21, 0), hm(8, 0));
        let q = |t: DateTime<chrono_tz::Tz>| {
            after_quiet_hours(t.with_timezone(&Utc), &Berlin, start, end)
        };
        assert_eq!(q(berlin(2026, 11, 22, 22, 30)), berlin(2026, 11, 23, 8, 0));
        assert_eq!(q(berlin(2026, 11, 22, 7, 0)), berlin(2026, 11, 22, 8, 0));
        assert_eq!(q(berlin(2026, 11, 22, 21, 0)), berlin(2026, 11, 23, 8, 0));
        assert_eq!(q(berlin(2026, 11, 22, 8, 0)), berlin(2026, 11, 22, 8, 0));
        assert_eq!(q(berlin(2026, 11, 22, 12, 0)), berlin(2026, 11, 22, 12, 0));
        // A daytime quiet window, and none at all.
        let lunch = after_quiet_hours(
            berlin(2026, 11, 22, 13, 15).with_timezone(&Utc),
            &Berlin,
            hm(13, 0),
            hm(14, 0),
        );
        assert_eq!(lunch, berlin(2026, 11, 22, 14, 0));
        let none = after_quiet_hours(
            berlin(2026, 11, 22, 23, 0).with_timezone(&Utc),
            &Berlin,
            hm(8, 0),
            hm(8, 0),
        );
        assert_eq!(none, berlin(2026, 11, 22, 23, 0));
    }
}
