//! The SQLite file that holds everything the user records, and its schema history.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::Result;

pub const DB_FILE: &str = "rapport.db";

/// Append-only: a migration that has shipped is never edited; a change is a new entry.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_contact_log.sql")),
        M::up(include_str!("migrations/002_search_index.sql")),
        M::up(include_str!("migrations/003_reminders.sql")),
        M::up(include_str!("migrations/004_interviews.sql")),
    ])
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
        migrations().to_latest(&mut conn)?;
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

    /// A private database that lives as long as the value: for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations().to_latest(&mut conn)?;
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
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    // Writes are human-paced; a saved note must survive a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

fn prepare_private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        fs::create_dir_all(dir)?;
        restrict(dir, 0o700)?;
    }
    Ok(())
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
}
