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
    for (n, change) in changes.into_iter().enumerate() {
        if n % 25 == 0 {
            progress(Progress {
                step: Step::Publishing,
                done: n,
                total,
            });
        }
        match change {
            Change::Put {
                uid,
                href,
                kind,
                subject_id,
                body,
                etag,
                completed,
            } => {
                let Some(etag) = put(dav, &href, &body, etag).await? else {
                    log.record(|conn| {
                        conn.execute("UPDATE sync_items SET etag = '' WHERE uid = ?1", [&uid])?;
                        Ok(())
                    })?;
                    continue;
                };
                log.record(|conn| {
                    conn.execute(
                        "INSERT INTO sync_items (uid, href, etag, kind, subject_id, body, completed)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                         ON CONFLICT (uid) DO UPDATE SET href = ?2, etag = ?3, body = ?6,
                             completed = ?7",
                        params![uid, href, etag, kind, subject_id, body, completed],
                    )?;
                    Ok(())
                })?;
            }
            Change::Delete { uid, href, etag } => {
                let gone = connection::delete(dav, &href, &etag).await?;
                log.record(|conn| {
                    if gone {
                        conn.execute("DELETE FROM sync_items WHERE uid = ?1", [&uid])?;
                    } else {
                        // Changed by someone else: forced next time, the item is ours.
                        conn.execute("UPDATE sync_items SET etag = '' WHERE uid = ?1", [&uid])?;
                    }
                    Ok(())
                })?;
                if !gone {
                    continue;
                }
            }
        }
        report.published += 1;
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
    Ok(connection::put(dav, href, body, ICALENDAR, etag.as_deref()).await?)
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
