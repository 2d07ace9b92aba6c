//! Calls and deadlines published to the user's calendar, one way: each item written as the
//! .ics export writes it (same UID), rewritten when it changes, marked completed when it
//! is met, deleted when what it was about is deleted. A calendar that takes only events
//! gets deadlines as short events, removed when met. Items other apps or another log put
//! in the calendar are never touched.

use std::collections::HashMap;

use chrono::{DateTime, Local, Utc};
use rusqlite::{params, Connection};

use super::account::Server;
use super::connection::{self, Dav};
use super::{Log, Progress, Report, Step};
use crate::dates::DateStyle;
use crate::error::Result;
use crate::exchange::ics;

const ICALENDAR: &str = "text/calendar; charset=utf-8";
/// Items recorded in one write.
const BATCH: usize = 100;

/// What was published, by UID.
struct Published {
    href: String,
    etag: String,
    kind: String,
    subject_id: i64,
    body: String,
    completed: bool,
}

/// A change to make on the server.
enum Change {
    Put {
        uid: String,
        href: String,
        kind: String,
        subject_id: i64,
        body: String,
        etag: Option<String>,
        completed: bool,
    },
    Delete {
        uid: String,
        href: String,
        etag: String,
    },
}

pub(super) async fn publish<L: Log>(
    log: &L,
    server: &Server,
    now: DateTime<Local>,
    style: DateStyle,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut Report,
) -> Result<()> {
    // What changed with time alone since the scheduler last looked, brought up to date: a
    // record, as the scheduler's own pass makes it, which no view need hear of.
    log.record(|conn| crate::reminders::pending::bring_up_to_date(conn, &now))?;
    let (dav, calendar) = (&server.calendars, server.calendar.as_str());
    let changes = log.read(|conn| plan(conn, calendar, server.calendar_takes_todos, now, style))?;
    let total = changes.len();
    let mut done = 0;
    let mut changes = changes.into_iter().peekable();
    while changes.peek().is_some() {
        let batch: Vec<Change> = changes.by_ref().take(BATCH).collect();
        let size = batch.len();
        let (outcomes, failed) = connection::a_few_at_once(
            batch,
            |change| async move {
                let outcome = make(dav, &change).await;
                (change, outcome)
            },
            Progress::every_25(progress, Step::Publishing, done, total),
        )
        .await;
        // What the server took is recorded in one write per batch, before a failure is told.
        log.record(|conn| {
            let tx = conn.transaction()?;
            for (change, outcome) in &outcomes {
                settle(&tx, change, outcome)?;
            }
            tx.commit()?;
            Ok(())
        })?;
        report.published += outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Written(_) | Outcome::Deleted))
            .count();
        if let Some(problem) = failed {
            return Err(problem);
        }
        done += size;
    }
    Ok(())
}

/// What became of one change on the server.
enum Outcome {
    Written(String),
    /// The server's copy changed meanwhile, or a sync cut short wrote it unrecorded.
    NotWritten,
    Deleted,
    /// Changed by someone else since: not deleted.
    NotDeleted,
}

async fn make(dav: &Dav, change: &Change) -> Result<Outcome> {
    Ok(match change {
        Change::Put {
            href, body, etag, ..
        } => match put(dav, href, body, etag.clone()).await? {
            Some(etag) => Outcome::Written(etag),
            None => Outcome::NotWritten,
        },
        Change::Delete { href, etag, .. } => {
            if connection::delete(dav, href, etag).await? {
                Outcome::Deleted
            } else {
                Outcome::NotDeleted
            }
        }
    })
}

fn settle(conn: &Connection, change: &Change, outcome: &Outcome) -> Result<()> {
    match (change, outcome) {
        (
            Change::Put {
                uid,
                href,
                kind,
                subject_id,
                body,
                completed,
                ..
            },
            Outcome::Written(etag),
        ) => {
            conn.execute(
                "INSERT INTO sync_items (uid, href, etag, kind, subject_id, body, completed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (uid) DO UPDATE SET href = ?2, etag = ?3, body = ?6,
                     completed = ?7",
                params![uid, href, etag, kind, subject_id, body, completed],
            )?;
        }
        // Written again, unconditionally, next time: the item is Rapport's. One never
        // recorded (its sync cut short after the server took it) is recorded as there with
        // nothing known of it, so that it is not created again and again in vain.
        (
            Change::Put {
                uid,
                href,
                kind,
                subject_id,
                ..
            },
            _,
        ) => {
            conn.execute(
                "INSERT INTO sync_items (uid, href, etag, kind, subject_id, body, completed)
                 VALUES (?1, ?2, '', ?3, ?4, '', 0)
                 ON CONFLICT (uid) DO UPDATE SET etag = ''",
                params![uid, href, kind, subject_id],
            )?;
        }
        (Change::Delete { uid, .. }, Outcome::Deleted) => {
            conn.execute("DELETE FROM sync_items WHERE uid = ?1", [uid])?;
        }
        // Changed by someone else: forced next time, the item is ours.
        (Change::Delete { uid, .. }, _) => {
            conn.execute("UPDATE sync_items SET etag = '' WHERE uid = ?1", [uid])?;
        }
    }
    Ok(())
}

/// Writes one item; its new ETag, or None when the server's copy changed meanwhile (it is
/// written again, unconditionally, next time: the item is Rapport's).
async fn put(dav: &Dav, href: &str, body: &str, etag: Option<String>) -> Result<Option<String>> {
    let etag = match etag {
        // Known to exist, ETag unknown: the server's current one.
        Some(e) if e.is_empty() => connection::current_etag(dav, href).await?,
        other => other,
    };
    let written = connection::put(dav, href, body, ICALENDAR, etag.as_deref()).await?;
    if written.is_some() || etag.is_some() {
        return Ok(written);
    }
    // Already there, at the address Rapport gives its own items: written by a sync cut
    // short before the log recorded it.
    let Some(there) = connection::current_etag(dav, href).await? else {
        return Ok(None);
    };
    Ok(connection::put(dav, href, body, ICALENDAR, Some(&there)).await?)
}

/// What to write and delete: items new or changed since published, items no longer open
/// (completed if what they were about is still there, deleted if not).
fn plan(
    conn: &Connection,
    calendar: &str,
    takes_todos: bool,
    now: DateTime<Local>,
    style: DateStyle,
) -> Result<Vec<Change>> {
    let mut published = published(conn)?;
    let mut out = Vec::new();
    // Published in a calendar the user has since left: removed there first, then written
    // anew in this one.
    let inside = format!("{}/", calendar.trim_end_matches('/'));
    for (uid, p) in published.extract_if(|_, p| !p.href.starts_with(&inside)) {
        out.push(Change::Delete {
            uid,
            href: p.href,
            etag: p.etag,
        });
    }
    for item in ics::items_kept(conn, &now, style)? {
        let body = if takes_todos {
            item.text()
        } else {
            item.text_as_event()
        };
        match published.remove(&item.uid) {
            Some(p) if p.body == body && !p.completed => {}
            Some(p) => out.push(Change::Put {
                uid: item.uid,
                href: p.href,
                kind: item.kind.to_string(),
                subject_id: item.subject_id,
                body,
                etag: Some(p.etag),
                completed: false,
            }),
            None => out.push(Change::Put {
                href: format!(
                    "{}/{}.ics",
                    calendar.trim_end_matches('/'),
                    item.uid.replace('@', "-at-")
                ),
                uid: item.uid,
                kind: item.kind.to_string(),
                subject_id: item.subject_id,
                body,
                etag: None,
                completed: false,
            }),
        }
    }
    let at = now.with_timezone(&Utc);
    for (uid, p) in published {
        if !still_there(conn, &p.kind, p.subject_id)? {
            out.push(Change::Delete {
                uid,
                href: p.href,
                etag: p.etag,
            });
        } else if !p.completed && p.kind != "interview" {
            match ics::completed(&p.body, at) {
                Some(body) => out.push(Change::Put {
                    uid,
                    href: p.href,
                    kind: p.kind,
                    subject_id: p.subject_id,
                    body,
                    etag: Some(p.etag),
                    completed: true,
                }),
                // Published as an event (the calendar takes no to-dos): a deadline met
                // leaves the calendar, as there is no ticking an event off.
                None => out.push(Change::Delete {
                    uid,
                    href: p.href,
                    etag: p.etag,
                }),
            }
        }
        // A call that took place stays in the calendar as it was.
    }
    Ok(out)
}

fn published(conn: &Connection) -> Result<HashMap<String, Published>> {
    let mut stmt =
        conn.prepare("SELECT uid, href, etag, kind, subject_id, body, completed FROM sync_items")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Published {
                href: r.get(1)?,
                etag: r.get(2)?,
                kind: r.get(3)?,
                subject_id: r.get(4)?,
                body: r.get(5)?,
                completed: r.get(6)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether what an item is about still exists: the interview (not cancelled), the person
/// of a check-in, the conversation or message a thank-you or follow-up follows.
fn still_there(conn: &Connection, kind: &str, subject: i64) -> Result<bool> {
    let sql = match kind {
        "interview" => {
            "SELECT EXISTS (SELECT 1 FROM interviews WHERE id = ?1 AND status != 'cancelled')"
        }
        "check_in" => "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?1)",
        _ => "SELECT EXISTS (SELECT 1 FROM interactions WHERE id = ?1)",
    };
    Ok(conn.query_row(sql, [subject], |r| r.get(0))?)
}
