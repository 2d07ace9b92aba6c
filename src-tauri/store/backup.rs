//! Copies of the contact log and the way back from one. A copy is made with SQLite's online
//! backup API, so it is consistent while the app keeps working; a restore checks the copy
//! first, keeps a safety copy of what it replaces, and swaps in one transaction.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{latest_schema_version, migrate, schema_version};
use crate::error::{Error, Result};

/// The folder, inside the data folder, that holds the automatic copies.
pub const FOLDER: &str = "backups";
/// How many daily copies are kept.
pub const KEEP: usize = 7;
const DAILY_PREFIX: &str = "rapport-";
const SAFETY_PREFIX: &str = "before-restore-";
const SUFFIX: &str = ".db";

/// Tables without which a database is not a contact log.
const REQUIRED: [&str; 4] = ["contacts", "organizations", "interactions", "reminder_log"];

/// Writes a consistent copy of `conn`'s database to `to`, whole or not at all: the copy is
/// made beside it and renamed into place. The copy is one self-contained file.
pub fn write_copy(conn: &Connection, to: &Path) -> Result<()> {
    let dir = to
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".rapport-backup")
        .tempfile_in(dir)?;
    {
        let mut dst = Connection::open(temp.path())?;
        // Small steps with pauses between them: the app's own writes go on meanwhile.
        Backup::new(conn, &mut dst)?.run_to_completion(256, Duration::from_millis(5), None)?;
        dst.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    }
    temp.as_file().sync_all()?;
    temp.persist(to).map_err(|e| Error::Io(e.error))?;
    Ok(())
}

/// Copies the contact log in `db_file` to `to` through a connection of its own, so the
/// app's connection is never held while the copy is made.
pub fn copy_file(db_file: &Path, to: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        db_file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    write_copy(&conn, to)
}

/// Makes today's automatic copy if there is none yet, through a connection of its own so
/// the window never waits for it, and keeps the last [`KEEP`]. Answers the new copy's path.
pub fn daily(db_file: &Path, backups: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    let path = backups.join(format!("{DAILY_PREFIX}{today}{SUFFIX}"));
    if path.exists() {
        return Ok(None);
    }
    super::prepare_private_dir(backups)?;
    copy_file(db_file, &path)?;
    super::restrict(&path, 0o600)?;
    prune(backups, DAILY_PREFIX)?;
    Ok(Some(path))
}

/// The automatic copies, newest first.
pub fn list(backups: &Path) -> Result<Vec<PathBuf>> {
    copies(backups, DAILY_PREFIX)
}

fn copies(backups: &Path, prefix: &str) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = match fs::read_dir(backups) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix) && n.ends_with(SUFFIX))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    // The names carry the date, so their order is the copies' order.
    found.sort();
    found.reverse();
    Ok(found)
}

fn prune(backups: &Path, prefix: &str) -> Result<()> {
    for old in copies(backups, prefix)?.into_iter().skip(KEEP) {
        fs::remove_file(old)?;
    }
    Ok(())
}

/// Reads a database file into memory and checks it is a whole contact log this app can
/// take: a SQLite file, intact, holding Rapport's tables, of a schema no newer than the
/// app's. It is brought up to the app's schema; the file itself is never changed.
pub fn open_copy(path: &Path) -> Result<Connection> {
    let not_rapport = || {
        Error::BadFile(
            "This file is not a Rapport backup. Choose a backup (.db) or a JSON export made \
             by Rapport."
                .into(),
        )
    };
    let mut conn = Connection::open_in_memory()?;
    conn.restore(
        rusqlite::MAIN_DB,
        path,
        None::<fn(rusqlite::backup::Progress)>,
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            not_rapport()
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
            Error::BadFile("The file could not be opened.".into())
        }
        other => other.into(),
    })?;
    check(&mut conn).map_err(|e| match e {
        Error::Database(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            not_rapport()
        }
        other => other,
    })?;
    Ok(conn)
}

/// Checks a candidate database (from a file or a JSON export) and migrates it.
pub fn check(conn: &mut Connection) -> Result<()> {
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if integrity != ["ok"] {
        return Err(Error::BadFile(format!(
            "This backup is damaged and was not restored ({}).",
            integrity.join("; ")
        )));
    }
    for table in REQUIRED {
        if !super::has_table(conn, table)? {
            return Err(Error::BadFile(
                "This file is a database, but not a Rapport contact log.".into(),
            ));
        }
    }
    let version = schema_version(conn)?;
    let latest = latest_schema_version();
    if version > latest {
        return Err(Error::BadFile(format!(
            "This backup was made by a newer version of Rapport (schema {version}; this one \
             knows up to {latest}). Update Rapport to restore it."
        )));
    }
    migrate(conn)?;
    // Tables, indexes and triggers exactly as Rapport makes them: a file changed by another
    // program (an extra trigger, a missing index) would bring that change into the log.
    if schema(conn)? != schema(&super::empty_at(latest as usize)?)? {
        return Err(Error::BadFile(
            "This file is a Rapport log changed by another program (its tables are not as \
             Rapport makes them), so it was not restored."
                .into(),
        ));
    }
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(Error::BadFile(format!(
            "This backup has {broken} links that point nowhere and was not restored."
        )));
    }
    Ok(())
}

fn schema(conn: &Connection) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces the contact log with `copy` (already checked), after writing a safety copy of
/// the current one into `backups`. One transaction: a failure leaves the log as it was.
/// A reminder already notified stays notified, so old reminders do not all pop up again.
/// Answers the safety copy's path.
pub fn restore(
    conn: &mut Connection,
    copy: &Connection,
    backups: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    super::prepare_private_dir(backups)?;
    let safety = backups.join(format!(
        "{SAFETY_PREFIX}{}{SUFFIX}",
        now.format("%Y-%m-%d-%H%M%S")
    ));
    write_copy(conn, &safety)?;
    super::restrict(&safety, 0o600)?;
    prune(backups, SAFETY_PREFIX)?;

    let notified: Vec<(String, i64, String, String)> = conn
        .prepare(
            "SELECT kind, subject_id, due_at, notified_at FROM reminder_log \
             WHERE notified_at IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // All pages in one step: one write transaction on the live database.
    match Backup::new(copy, conn)?.step(-1)? {
        StepResult::Done => {}
        _ => {
            return Err(Error::BadFile(
                "The contact log was busy; nothing was restored. Try again.".into(),
            ))
        }
    }
    let tx = conn.transaction()?;
    {
        let mut keep = tx.prepare(
            "INSERT INTO reminder_log (kind, subject_id, due_at, notified_at) \
             VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (kind, subject_id, due_at) \
             DO UPDATE SET notified_at = coalesce(notified_at, excluded.notified_at)",
        )?;
        for (kind, subject, due, at) in &notified {
            keep.execute((kind, subject, due, at))?;
        }
    }
    // The copy's reminders were worked out on another day, perhaps in another time zone:
    // everyone is computed again at the next look.
    crate::reminders::pending::invalidate_all(&tx)?;
    tx.commit()?;
    Ok(safety)
}
