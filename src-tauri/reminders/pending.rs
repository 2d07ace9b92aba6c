//! Reminders kept in the store, so that what is due costs the same at 50 people and at
//! 50,000: each person's rule output is written to `pending_reminders` when something the
//! rules read changes (triggers mark them in the same transaction; [`refresh`] computes the
//! marked few), and Today and the scheduler read the rows due through an index. The full
//! derivation in the parent module stays the reference these rows are tested against.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{
    after_quiet_hours, at_local, bucket, held_until, load_log, load_people, prepare_due,
    prepare_text, rules, rules_change_at, text, Bucket, Due, Key, Kind, LogEntry, Reminder,
};
use crate::dates::DateStyle;
use crate::error::Result;
use crate::interviews;
use crate::settings::ReminderSettings;

/// Above this many people to compute, one pass over the whole log beats one query each.
const BULK: usize = 200;

/// Computes again everyone marked since the last look, and everyone whose rules time
/// alone has changed by `now`; answers how many people that was.
pub fn refresh<Tz: TimeZone>(
    conn: &mut Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
) -> Result<usize> {
    let now_utc = now.with_timezone(&Utc);
    let marked: Vec<i64> = {
        let mut stmt =
            conn.prepare_cached("SELECT contact_id FROM reminders_recheck WHERE at <= ?1")?;
        let ids = stmt.query_map([now_utc], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    if marked.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    let bulk = marked.len() > BULK;
    let people = if bulk {
        let wanted: HashSet<i64> = marked.iter().copied().collect();
        let mut all = load_people(&tx, None)?;
        all.retain(|p| wanted.contains(&p.id));
        all
    } else {
        let mut some = Vec::with_capacity(marked.len());
        for &id in &marked {
            some.extend(load_people(&tx, Some(id))?);
        }
        some
    };
    let log = if bulk {
        Log::All(load_log(&tx)?)
    } else {
        Log::Lookup
    };
    let calls = scheduled_calls(&tx, (!bulk).then_some(&marked[..]))?;
    for &id in &marked {
        tx.execute("DELETE FROM pending_reminders WHERE contact_id = ?1", [id])?;
        tx.execute("DELETE FROM reminders_recheck WHERE contact_id = ?1", [id])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO pending_reminders
             (kind, subject_id, due_at, contact_id, show_at, overdue_at, about_at,
              notified, snoozed, done)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut recheck =
        tx.prepare_cached("INSERT OR REPLACE INTO reminders_recheck VALUES (?1, ?2)")?;
    for person in &people {
        let mut dues = rules(person, s, now);
        let mut change_at = rules_change_at(person, now_utc);
        for call in calls.get(&person.id).into_iter().flatten() {
            dues.extend(prepare_due(call.id, call.at, call.started, s, now));
            if call.at > now_utc && !call.started {
                change_at = Some(change_at.map_or(call.at, |at| at.min(call.at)));
            }
        }
        for due in dues {
            let key = (due.kind, due.subject_id, due.due_at);
            let entry = log.get(&tx, &key)?;
            insert.execute(params![
                due.kind,
                due.subject_id,
                due.due_at,
                person.id,
                entry.snoozed_until.unwrap_or(due.due_at),
                due.overdue_at,
                due.about_at,
                entry.notified,
                entry.snoozed_until.is_some(),
                entry.done,
            ])?;
        }
        if let Some(at) = change_at {
            recheck.execute(params![person.id, at])?;
        }
    }
    drop((insert, recheck));
    tx.commit()?;
    Ok(marked.len())
}

/// [`refresh`] with the user's reminder settings.
pub fn bring_up_to_date<Tz: TimeZone>(conn: &mut Connection, now: &DateTime<Tz>) -> Result<()> {
    let rules = crate::settings::reminders(conn)?;
    refresh(conn, &rules, now)?;
    Ok(())
}

/// Marks everyone for computing again: after a restore, whose reminders were worked out
/// on another day.
pub fn invalidate_all(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO reminders_recheck (contact_id, at) SELECT id, '' FROM contacts",
        [],
    )?;
    Ok(())
}

/// What the log says of the reminders being computed: read whole for many people, or
/// looked up by key for a few.
enum Log {
    All(HashMap<Key, LogEntry>),
    Lookup,
}

impl Log {
    fn get(&self, conn: &Connection, key: &Key) -> Result<LogEntry> {
        match self {
            Log::All(all) => Ok(all.get(key).cloned().unwrap_or_default()),
            Log::Lookup => Ok(conn
                .prepare_cached(
                    "SELECT notified_at IS NOT NULL, done_at IS NOT NULL, snoozed_until
                     FROM reminder_log WHERE kind = ?1 AND subject_id = ?2 AND due_at = ?3",
                )?
                .query_row(params![key.0, key.1, key.2], |r| {
                    Ok(LogEntry {
                        notified: r.get(0)?,
                        done: r.get(1)?,
                        snoozed_until: r.get(2)?,
                    })
                })
                .optional()?
                .unwrap_or_default()),
        }
    }
}

struct Call {
    id: i64,
    at: DateTime<Utc>,
    started: bool,
}

/// Interviews still to be held, by person (the "prepare" reminders come from them): of
/// `people`, or of everyone.
fn scheduled_calls(conn: &Connection, people: Option<&[i64]>) -> Result<HashMap<i64, Vec<Call>>> {
    let mut calls: HashMap<i64, Vec<Call>> = HashMap::new();
    match people {
        Some(people) => {
            let mut stmt = conn.prepare_cached(&calls_of_sql())?;
            for id in people {
                add_calls(stmt.query([id])?, &mut calls)?;
            }
        }
        None => add_calls(
            conn.prepare_cached(&all_calls_sql())?.query([])?,
            &mut calls,
        )?,
    }
    Ok(calls)
}

fn add_calls(mut rows: rusqlite::Rows, calls: &mut HashMap<i64, Vec<Call>>) -> Result<()> {
    while let Some(row) = rows.next()? {
        calls.entry(row.get(0)?).or_default().push(Call {
            id: row.get(1)?,
            at: row.get(2)?,
            started: row.get(3)?,
        });
    }
    Ok(())
}

const CALL_COLUMNS: &str =
    "SELECT i.contact_id, i.id, i.scheduled_at, i.call_started_at IS NOT NULL FROM interviews i";

/// One person's calls to hold, through the index by person.
fn calls_of_sql() -> String {
    format!(
        "{CALL_COLUMNS} WHERE i.contact_id = ?1 AND {}",
        interviews::PENDING
    )
}

/// Everyone's calls to hold, through the index of calls to hold (not every interview).
fn all_calls_sql() -> String {
    format!("{CALL_COLUMNS} WHERE {}", interviews::PENDING)
}

/// How many reminders each of Today's groups holds, and how many are due now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub overdue: usize,
    pub today: usize,
    pub upcoming: usize,
    /// Overdue or due today and already come: the badge, the title and the tray.
    pub due_now: usize,
}

/// The instants Today's groups are cut at: now, and the starts of today, tomorrow and the
/// day a week after tomorrow, in the user's zone.
struct Bounds {
    now: DateTime<Utc>,
    today: DateTime<Utc>,
    tomorrow: DateTime<Utc>,
    week_on: DateTime<Utc>,
}

impl Bounds {
    fn at<Tz: TimeZone>(now: &DateTime<Tz>) -> Bounds {
        let tz = now.timezone();
        let day = now.date_naive();
        let start = |d| {
            at_local(
                &tz,
                day.checked_add_days(Days::new(d))
                    .expect("date in range")
                    .and_time(NaiveTime::MIN),
            )
        };
        Bounds {
            now: now.with_timezone(&Utc),
            today: start(0),
            tomorrow: start(1),
            week_on: start(8),
        }
    }

    /// Binds whichever of `:now`, `:today`, `:tomorrow`, `:week_on` the statement uses.
    fn bind(&self, stmt: &mut rusqlite::Statement) -> Result<()> {
        for (name, value) in [
            (":now", &self.now),
            (":today", &self.today),
            (":tomorrow", &self.tomorrow),
            (":week_on", &self.week_on),
        ] {
            if let Some(i) = stmt.parameter_index(name)? {
                stmt.raw_bind_parameter(i, value)?;
            }
        }
        Ok(())
    }
}

/// The rows [`super::bucket`] calls overdue, as SQL over `pending_reminders`.
/// Never NULL, so that `NOT` it is what it says.
const OVERDUE: &str = "(r.show_at <= :now AND ((r.overdue_at IS NOT NULL AND r.overdue_at <= :now) \
     OR (r.overdue_at IS NULL AND r.kind NOT IN ('before_call', 'prepare') AND r.show_at < :today)))";

fn condition(bucket: Bucket) -> String {
    match bucket {
        Bucket::Overdue => OVERDUE.to_string(),
        Bucket::Today => format!("r.show_at < :tomorrow AND NOT {OVERDUE}"),
        Bucket::Upcoming => "r.show_at >= :tomorrow AND r.show_at < :week_on".to_string(),
        Bucket::Later => "r.show_at >= :week_on".to_string(),
    }
}

pub fn counts<Tz: TimeZone>(conn: &Connection, now: &DateTime<Tz>) -> Result<Counts> {
    let bounds = Bounds::at(now);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT count(*) FILTER (WHERE {OVERDUE}),
                count(*) FILTER (WHERE r.show_at < :tomorrow AND NOT {OVERDUE}),
                count(*) FILTER (WHERE r.show_at >= :tomorrow),
                count(*) FILTER (WHERE r.show_at <= :now)
         FROM pending_reminders r WHERE r.done = 0 AND r.show_at < :week_on"
    ))?;
    bounds.bind(&mut stmt)?;
    let mut rows = stmt.raw_query();
    let row = rows.next()?.expect("an aggregate answers one row");
    Ok(Counts {
        overdue: row.get::<_, i64>(0)? as usize,
        today: row.get::<_, i64>(1)? as usize,
        upcoming: row.get::<_, i64>(2)? as usize,
        due_now: row.get::<_, i64>(3)? as usize,
    })
}

/// Up to `limit` reminders of one of Today's groups from `offset` on, in Today's order.
pub fn page<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
    group: Bucket,
    offset: usize,
    limit: usize,
) -> Result<Vec<Reminder>> {
    let sql = format!(
        "{SELECT} WHERE r.done = 0 AND {} {ORDER} LIMIT {limit} OFFSET {offset}",
        condition(group)
    );
    read(conn, &sql, s, now, style, None)
}

/// Every open reminder, soonest first, however far ahead: what the calendar publishes.
pub fn open<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Vec<Reminder>> {
    let sql = format!("{SELECT} WHERE r.done = 0 {ORDER}");
    read(conn, &sql, s, now, style, None)
}

/// One person's open reminders, soonest first, however far ahead: their page's next one.
pub fn of_contact<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
    contact_id: i64,
) -> Result<Vec<Reminder>> {
    read(conn, &of_contact_sql(), s, now, style, Some(contact_id))
}

fn of_contact_sql() -> String {
    format!("{SELECT} WHERE r.done = 0 AND r.contact_id = :contact {ORDER}")
}

/// What should be notified now, soonest first: nothing while quiet hours last.
pub fn to_notify<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Vec<Reminder>> {
    if held_until(s, now).is_some() {
        return Ok(Vec::new());
    }
    let sql = format!("{SELECT} WHERE r.done = 0 AND r.notified = 0 AND r.show_at <= :now {ORDER}");
    read(conn, &sql, s, now, style, None)
}

/// When to look again: the next reminder to notify (past quiet hours), the end of quiet
/// hours when something waits for it, or the next time a person's rules change.
pub fn next_wake<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
) -> Result<Option<DateTime<Utc>>> {
    let now_utc = now.with_timezone(&Utc);
    let (future, waiting): (Option<DateTime<Utc>>, bool) = conn.query_row(
        "SELECT (SELECT min(show_at) FROM pending_reminders
                 WHERE done = 0 AND notified = 0 AND show_at > ?1),
                EXISTS (SELECT 1 FROM pending_reminders
                 WHERE done = 0 AND notified = 0 AND show_at <= ?1)",
        [now_utc],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let recheck: Option<DateTime<Utc>> = conn.query_row(
        "SELECT min(at) FROM reminders_recheck WHERE at > ?1",
        [now_utc],
        |r| r.get(0),
    )?;
    let tz = now.timezone();
    let notify = future.map(|at| after_quiet_hours(at, &tz, s.quiet_start, s.quiet_end));
    let held = held_until(s, now).filter(|_| waiting);
    Ok([notify, held, recheck].into_iter().flatten().min())
}

const SELECT: &str = "SELECT r.kind, r.subject_id, r.due_at, r.contact_id, r.show_at,
        r.overdue_at, r.about_at, r.notified, r.snoozed, c.full_name, coalesce(o.name, '')
    FROM pending_reminders r JOIN contacts c ON c.id = r.contact_id
    LEFT JOIN organizations o ON o.id = c.organization_id";

/// Today's order, as [`Reminder::order`] has it (SQLite compares text as Rust does).
const ORDER: &str = "ORDER BY r.show_at, c.full_name, r.contact_id, r.kind, r.subject_id";

fn read<Tz: TimeZone>(
    conn: &Connection,
    sql: &str,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
    contact: Option<i64>,
) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(sql)?;
    Bounds::at(now).bind(&mut stmt)?;
    if let (Some(i), Some(id)) = (stmt.parameter_index(":contact")?, contact) {
        stmt.raw_bind_parameter(i, id)?;
    }
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let due = Due {
            kind: r.get(0)?,
            subject_id: r.get(1)?,
            due_at: r.get(2)?,
            overdue_at: r.get(5)?,
            about_at: r.get(6)?,
        };
        let row = Row {
            contact_id: r.get(3)?,
            show_at: r.get(4)?,
            notified: r.get(7)?,
            snoozed: r.get(8)?,
            name: r.get(9)?,
            organization: r.get(10)?,
        };
        out.push((due, row));
    }
    drop(rows);
    // Every coming call's reminder counts the ready answers: read them once.
    let answers = if out.iter().any(|(due, _)| due.kind == Kind::Prepare) {
        interviews::answers_ready(conn)?
    } else {
        false
    };
    out.into_iter()
        .map(|(due, row)| reminder(conn, due, row, answers, s, now, style))
        .collect()
}

struct Row {
    contact_id: i64,
    show_at: DateTime<Utc>,
    notified: bool,
    snoozed: bool,
    name: String,
    organization: String,
}

/// A stored row placed by the clock and worded, as the reference derivation would.
fn reminder<Tz: TimeZone>(
    conn: &Connection,
    due: Due,
    row: Row,
    answers_ready: bool,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
) -> Result<Reminder> {
    let (title, body) = if due.kind == Kind::Prepare {
        let readiness = interviews::readiness_of(conn, due.subject_id, answers_ready)?;
        prepare_text(&row.name, due.about_at, readiness.percent, now, style)
    } else {
        text(
            due.kind,
            &row.name,
            &row.organization,
            due.about_at,
            now,
            style,
        )
    };
    Ok(Reminder {
        kind: due.kind,
        subject_id: due.subject_id,
        contact_id: row.contact_id,
        contact_name: row.name,
        organization: row.organization,
        due_at: due.due_at,
        show_at: row.show_at,
        notify_at: after_quiet_hours(
            row.show_at.max(now.with_timezone(&Utc)),
            &now.timezone(),
            s.quiet_start,
            s.quiet_end,
        ),
        overdue_at: due.overdue_at,
        notified: row.notified,
        snoozed: row.snoozed,
        bucket: bucket(due.kind, row.show_at, due.overdue_at, now),
        title,
        body,
        advice: Vec::new(),
    })
}

/// One of Today's groups: how many it holds, and the first of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub bucket: Bucket,
    pub total: usize,
    pub items: Vec<Reminder>,
}

/// Today's groups (overdue, due today, the next seven days), each with its total and its
/// first `per_group` reminders, and how many are due now.
pub fn today<Tz: TimeZone>(
    conn: &Connection,
    s: &ReminderSettings,
    now: &DateTime<Tz>,
    style: DateStyle,
    per_group: usize,
) -> Result<(Vec<Group>, Counts)> {
    let counts = counts(conn, now)?;
    let groups = [
        (Bucket::Overdue, counts.overdue),
        (Bucket::Today, counts.today),
        (Bucket::Upcoming, counts.upcoming),
    ]
    .into_iter()
    .map(|(bucket, total)| {
        let items = if total == 0 {
            Vec::new()
        } else {
            page(conn, s, now, style, bucket, 0, per_group)?
        };
        Ok(Group {
            bucket,
            total,
            items,
        })
    })
    .collect::<Result<_>>()?;
    Ok((groups, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A person's page reads their reminders along the index by person.
    #[test]
    fn one_persons_reminders_are_read_through_an_index() {
        let plan = crate::store::query_plan(&of_contact_sql());
        assert!(
            plan.iter()
                .any(|step| step.contains("pending_reminders_contact")),
            "{plan:#?}"
        );
    }

    /// Computing a few people reads their calls by person, and the whole log's computation
    /// the calls still to be held: neither reads every interview with its notes.
    #[test]
    fn the_calls_prepare_reminders_come_from_are_read_through_an_index() {
        for (sql, index) in [
            (calls_of_sql(), "interviews_contact"),
            (all_calls_sql(), "interviews_pending"),
        ] {
            let plan = crate::store::query_plan(&sql);
            assert!(
                plan.iter().any(|step| step.contains(index)),
                "{index} unused by {sql}: {plan:#?}"
            );
        }
    }
}
