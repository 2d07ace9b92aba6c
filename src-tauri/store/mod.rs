//! The SQLite file that holds everything the user records, and its schema history.

pub mod backup;
mod normalize;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::Result;
use crate::text;

pub const DB_FILE: &str = "rapport.db";

static VISIBLE_SEARCH: LazyLock<String> =
    LazyLock::new(|| expand_visible(include_str!("migrations/005_visible_search.sql")));
static CONNECTED: LazyLock<String> =
    LazyLock::new(|| expand_visible(include_str!("migrations/007_connected.sql")));
static SEARCH_AT_SCALE: LazyLock<String> =
    LazyLock::new(|| expand_visible(include_str!("migrations/010_search_at_scale.sql")));

/// Append-only: a migration that has shipped is never edited; a change is a new entry.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(steps())
}

fn steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/001_contact_log.sql")),
        M::up(include_str!("migrations/002_search_index.sql")),
        M::up(include_str!("migrations/003_reminders.sql")),
        M::up(include_str!("migrations/004_interviews.sql")),
        M::up_with_hook(&VISIBLE_SEARCH, normalize::stored_text),
        M::up(include_str!("migrations/006_contact_changes.sql")),
        M::up(&CONNECTED).foreign_key_check(),
        M::up(include_str!("migrations/008_not_duplicates.sql")),
        M::up(include_str!("migrations/009_pending_reminders.sql")),
        M::up(&SEARCH_AT_SCALE),
        M::up(include_str!("migrations/011_targets.sql")),
        M::up(include_str!("migrations/012_today_counts.sql")),
        M::up(include_str!("migrations/013_advice.sql")),
        M::up(include_str!("migrations/014_sync.sql")),
        M::up(include_str!("migrations/015_sync_reasons.sql")),
        M::up(include_str!("migrations/016_insights_at_scale.sql")),
        M::up(include_str!("migrations/017_calls_at_scale.sql")),
        M::up(include_str!("migrations/018_quiet_connections.sql")),
        M::up(include_str!("migrations/019_filters_at_scale.sql")),
        M::up(include_str!("migrations/020_log_drafts.sql")),
    ]
}

/// The schema version this build of Rapport writes.
pub fn latest_schema_version() -> i64 {
    steps().len() as i64
}

/// The schema version a database was last migrated to (0 for one Rapport never touched).
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// A private in-memory database with the schema as it stood at `version`.
pub fn empty_at(version: usize) -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", false)?;
    migrations().to_version(&mut conn, version)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(conn)
}

pub fn has_table(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

/// The names of a table's columns (none when there is no such table).
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// Writes out every `visible(expr)` in `sql` as `expr` without invisible characters.
fn expand_visible(sql: &str) -> String {
    const CALL: &str = "visible(";
    let mut out = String::with_capacity(sql.len() * 4);
    let mut rest = sql;
    while let Some(at) = rest.find(CALL) {
        out.push_str(&rest[..at]);
        let inner_start = at + CALL.len();
        let mut depth = 1;
        let end = rest[inner_start..]
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(inner_start + i)
            })
            .expect("a visible( call in a migration is closed");
        out.push_str(&text::sql_without_invisible(&rest[inner_start..end]));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Owns the one connection to the contact log.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Db {
    /// Opens (creating if needed) `rapport.db` in `dir`, readable by the user alone,
    /// and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Db> {
        prepare_private_dir(dir)?;
        let path = dir.join(DB_FILE);
        create_private_file(&path)?;
        let mut conn = Connection::open(&path)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        // SQLite gives -wal and -shm the main file's mode; older files are tightened here.
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("{DB_FILE}{suffix}"));
            if side.exists() {
                restrict(&side, 0o600)?;
            }
        }
        Ok(Db {
            conn,
            path: Some(path),
        })
    }

    /// A second connection to the same file that can only read: a long read (the duplicate
    /// scan, an export) on it leaves the log's own connection free. WAL lets both go at once.
    pub fn open_reader(&self) -> Result<Option<Connection>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "busy_timeout", 5000)?;
        Ok(Some(conn))
    }

    /// A private database that lives as long as the value: for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&mut conn)?;
        Ok(Db { conn, path: None })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// One pragma a statement, each checked: batched pragmas can fail silently.
fn configure(conn: &Connection) -> Result<()> {
    // Answers the mode in force ("memory" for an in-memory database); a test checks files.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    // Writes are human-paced; a saved note must survive a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Brings the schema up to date with foreign keys off, as SQLite asks for a migration that
/// rebuilds a table; a migration that does checks them before it commits. Then they hold.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", false)?;
    migrations().to_latest(conn)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Creates the folder if needed and makes it the user's alone, every time: a folder made
/// by hand, restored from a backup or loosened since keeps no wider mode.
fn prepare_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    restrict(dir, 0o700)
}

fn create_private_file(path: &Path) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?;
    restrict(path, 0o600)
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    Ok(())
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> Result<()> {
    // Per-user app-data folders are already private on Windows and macOS.
    Ok(())
}

/// `PRAGMA query_only` for as long as it lives, lifted again even if the reader panics: a
/// read that tries to write fails at once, in tests as in the app.
pub struct ReadOnly<'c>(&'c Connection);

impl<'c> ReadOnly<'c> {
    pub fn new(conn: &'c Connection) -> Result<Self> {
        conn.pragma_update(None, "query_only", true)?;
        Ok(ReadOnly(conn))
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        let _ = self.0.pragma_update(None, "query_only", false);
    }
}

/// What SQLite plans for `sql` on the current schema, a step a line: for tests that a
/// query is read through its index.
#[cfg(test)]
pub fn query_plan(sql: &str) -> Vec<String> {
    let db = Db::open_in_memory().unwrap();
    let mut stmt = db
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let values = vec!["2026-01-01"; stmt.parameter_count()];
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn pragmas_hold_on_a_file_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let c = db.conn();
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        let busy: i64 = c
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk, sync, busy), ("wal", 1, 2, 5000));
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private_to_the_user() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("data");
        let db = Db::open(&dir).unwrap();
        db.conn()
            .execute_batch("CREATE TABLE scratch (x); INSERT INTO scratch VALUES (1);")
            .unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for name in [DB_FILE, "rapport.db-wal", "rapport.db-shm"] {
            assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_loose_folder_is_tightened_on_every_start() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("data");
        drop(Db::open(&dir).unwrap());
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        drop(Db::open(&dir).unwrap());
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}
