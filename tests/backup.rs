//! Copies of the contact log and the way back: a backup file and a JSON export each restore
//! to the very log they came from, a bad file changes nothing, and a restore neither
//! half-happens nor brings back old notifications.

mod common;

use chrono::{Duration, NaiveDate};
use common::{checksum, contents, now, whole_log};
use rapport::commands::backup::to_restore;
use rapport::contacts;
use rapport::dates::DateStyle;
use rapport::error::Error;
use rapport::exchange::json;
use rapport::store::{backup, Db};
use serde_json::json;

fn file_log() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("data")).unwrap();
    whole_log(&mut db);
    (dir, db)
}

#[test]
fn a_backup_restores_the_log_as_it_was_and_keeps_a_safety_copy() {
    let (dir, mut db) = file_log();
    let before = checksum(db.conn());
    let copy = dir.path().join("Rapport backup.db");
    backup::write_copy(db.conn(), &copy).unwrap();

    // Changed after the backup: a new person, one deleted, a notification sent.
    let people = contacts::all(db.conn()).unwrap();
    contacts::delete(db.conn(), people[0].id).unwrap();
    db.conn()
        .execute(
            "INSERT INTO reminder_log (kind, subject_id, due_at, notified_at) VALUES \
             ('check_in', 99, '2026-11-21T09:00:00Z', '2026-11-21T09:00:01Z')",
            [],
        )
        .unwrap();
    let changed = checksum(db.conn());
    assert_ne!(before, changed);

    let backups = dir.path().join("data/backups");
    let restored = backup::open_copy(&copy).unwrap();
    let safety = backup::restore(db.conn_mut(), &restored, &backups, now()).unwrap();

    // Everything as it was, but the notification sent since stays sent.
    let notified: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM reminder_log WHERE kind = 'check_in' AND subject_id = 99 \
             AND notified_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notified, 1);
    db.conn()
        .execute("DELETE FROM reminder_log WHERE kind = 'check_in'", [])
        .unwrap();
    assert_eq!(checksum(db.conn()), before);
    // The swap kept the live file's settings: still WAL, foreign keys on.
    let mode: String = db
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // The safety copy holds the log as it was just before the restore.
    assert_eq!(checksum(&backup::open_copy(&safety).unwrap()), changed);
    // And the log still works: search finds a restored person.
    let found = contacts::list(
        db.conn(),
        &contacts::ContactQuery {
            text: "Alvarez".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found.items.len(), 1);
}

#[test]
fn a_json_export_restores_to_an_identical_log() {
    let (dir, mut db) = file_log();
    let before = contents(db.conn());
    let text = json::write(db.conn(), now()).unwrap();
    assert!(json::looks_like(text.as_bytes()));
    let copy = json::read(text.as_bytes()).unwrap();
    assert_eq!(contents(&copy), before);

    // Into a log that has since changed beyond recognition.
    db.conn().execute("DELETE FROM contacts", []).unwrap();
    let mut copy = copy;
    backup::check(&mut copy).unwrap();
    backup::restore(db.conn_mut(), &copy, &dir.path().join("backups"), now()).unwrap();
    assert_eq!(contents(db.conn()), before);
}

#[test]
fn an_export_from_an_older_schema_is_read_under_it_and_upgraded() {
    // A log at schema 5 (before role changes were kept), exported, restores into today's.
    let mut old = rapport::store::empty_at(5).unwrap();
    old.execute_batch(
        "INSERT INTO organizations (id, name, created_at, updated_at) \
         VALUES (1, 'Northwind', 'x', 'x'); \
         INSERT INTO contacts (id, full_name, organization_id, created_at, updated_at) \
         VALUES (1, 'Dana Okafor', 1, 'x', 'x');",
    )
    .unwrap();
    let text = old_export(&mut old);
    let conn = json::read(text.as_bytes()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rapport::store::latest_schema_version());
    let name: String = conn
        .query_row("SELECT full_name FROM contacts WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Dana Okafor");
}

/// What an older Rapport wrote: only the tables it had.
fn old_export(old: &mut rusqlite::Connection) -> String {
    let dana: String = old
        .query_row(
            "SELECT json_object('id', id, 'full_name', full_name, 'organization_id', \
             organization_id, 'created_at', created_at, 'updated_at', updated_at) FROM contacts",
            [],
            |r| r.get(0),
        )
        .unwrap();
    format!(
        "{{\"format\":\"rapport\",\"formatVersion\":1,\"schemaVersion\":5,\"tables\":{{\
         \"organizations\":[{{\"id\":1,\"name\":\"Northwind\",\"created_at\":\"x\",\"updated_at\":\"x\"}}],\
         \"contacts\":[{dana}]}}}}"
    )
}

#[test]
fn files_that_are_not_a_whole_rapport_log_are_refused_and_change_nothing() {
    let (dir, mut db) = file_log();
    let before = checksum(db.conn());
    let good = dir.path().join("good.db");
    backup::write_copy(db.conn(), &good).unwrap();
    let bytes = std::fs::read(&good).unwrap();

    let other_db = dir.path().join("other.db");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE budget (month TEXT, amount REAL)")
        .unwrap();
    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let damaged = dir.path().join("damaged.db");
    let mut torn = bytes.clone();
    let page = 4096;
    for b in &mut torn[page * 2..page * 3] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, &torn).unwrap();
    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&good, &tampered).unwrap();
    rusqlite::Connection::open(&tampered)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON contacts BEGIN DELETE FROM interactions; END;",
        )
        .unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Not a database at all\n").unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();

    for (path, says) in [
        (&other_db, "not a Rapport contact log"),
        (&newer, "newer version of Rapport"),
        (&tampered, "changed by another program"),
        (&cut, ""),
        (&damaged, ""),
        (&text, "not a Rapport backup"),
        (&empty, "not a Rapport contact log"),
        (&dir.path().join("missing.db"), ""),
    ] {
        match backup::open_copy(path) {
            Err(Error::BadFile(message)) => {
                assert!(message.contains(says), "{}: {message}", path.display())
            }
            Err(other) => panic!("{}: not a clear refusal: {other}", path.display()),
            Ok(_) => panic!("{} was accepted", path.display()),
        }
    }
    assert_eq!(checksum(db.conn()), before);
    let _ = &mut db;
}

/// Values the tables take but Rapport never writes, as a hand-edited export or another
/// program may hold them: the restore refuses the file by what cannot be read, rather than
/// leaving a person's page or the whole list unable to open.
#[test]
fn a_file_holding_what_rapport_cannot_read_is_refused_by_name() {
    let (dir, db) = file_log();
    let text = json::write(db.conn(), now()).unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, &text).unwrap();
    to_restore(&good, DateStyle::default()).expect("the whole log reads back");
    let db_file = dir.path().join("good.db");
    backup::write_copy(db.conn(), &db_file).unwrap();
    to_restore(&db_file, DateStyle::default()).expect("its backup reads back");

    let export: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = |table: &str| export["tables"][table][0]["id"].as_i64().unwrap();
    let (person, organization) = (first("contacts"), first("organizations"));
    let person_of_interaction = export["tables"]["interactions"][0]["contact_id"].clone();
    let person_of_interview = export["tables"]["interviews"][0]["contact_id"].clone();
    for (table, field, value, says) in [
        (
            "contacts",
            "tags",
            json!("[1]"),
            format!("person #{person} (“"),
        ),
        (
            "contacts",
            "tags",
            json!("{}"),
            format!("person #{person} (“"),
        ),
        (
            "contacts",
            "emails",
            json!("\"dana@example.org\""),
            format!("person #{person} (“"),
        ),
        (
            "contacts",
            "created_at",
            json!("last spring"),
            format!("person #{person} (“"),
        ),
        (
            "interactions",
            "occurred_at",
            json!("soon"),
            format!("person #{person_of_interaction} (“"),
        ),
        (
            "interviews",
            "scheduled_at",
            json!(12),
            format!("person #{person_of_interview} (“"),
        ),
    ] {
        let mut bad = export.clone();
        bad["tables"][table][0][field] = value.clone();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, bad.to_string()).unwrap();
        match to_restore(&path, DateStyle::default()) {
            Err(Error::BadFile(message)) => assert!(
                message.starts_with(&format!("In this file, {says}"))
                    && message.contains("so it was not restored."),
                "{table}.{field} = {value}: {message}"
            ),
            Err(other) => panic!("{table}.{field} = {value}: not a clear refusal: {other}"),
            Ok(_) => panic!("{table}.{field} = {value} was accepted"),
        }
    }
    // A backup file can hold bytes where text belongs.
    for (sql, says) in [
        (
            format!("UPDATE organizations SET industry = x'41ff42' WHERE id = {organization}"),
            format!("organization #{organization} (“"),
        ),
        (
            "UPDATE question_bank SET text = x'41ff42' WHERE id = 1".into(),
            "the question bank".into(),
        ),
    ] {
        let path = dir.path().join("bad.db");
        std::fs::copy(&db_file, &path).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute(&sql, [])
            .unwrap();
        match to_restore(&path, DateStyle::default()) {
            Err(Error::BadFile(message)) => assert!(message.contains(&says), "{sql}: {message}"),
            Err(other) => panic!("{sql}: not a clear refusal: {other}"),
            Ok(_) => panic!("{sql}: accepted"),
        }
    }
}

#[test]
fn daily_copies_are_made_once_a_day_and_the_last_seven_kept() {
    let (dir, db) = file_log();
    let file = db.path().unwrap().to_path_buf();
    let backups = dir.path().join("data/backups");
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    for day in 0..10 {
        let today = first + Duration::days(day);
        assert!(backup::daily(&file, &backups, today).unwrap().is_some());
        // A second start the same day makes none.
        assert!(backup::daily(&file, &backups, today).unwrap().is_none());
    }
    let kept = backup::list(&backups).unwrap();
    let names: Vec<String> = kept
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), backup::KEEP);
    assert_eq!(names[0], "rapport-2026-11-10.db");
    assert_eq!(names[6], "rapport-2026-11-04.db");
    assert_eq!(
        checksum(&backup::open_copy(&kept[0]).unwrap()),
        checksum(db.conn())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn a_backup_from_an_older_rapport_is_upgraded_as_it_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let old = rapport::store::empty_at(5).unwrap();
    old.execute_batch(
        "INSERT INTO contacts (id, full_name, created_at, updated_at) \
         VALUES (1, 'Dana Okafor', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
    )
    .unwrap();
    let file = dir.path().join("old.db");
    backup::write_copy(&old, &file).unwrap();
    let copy = backup::open_copy(&file).unwrap();
    let version: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rapport::store::latest_schema_version());
    let mut db = Db::open(&dir.path().join("data")).unwrap();
    backup::restore(db.conn_mut(), &copy, &dir.path().join("backups"), now()).unwrap();
    assert_eq!(
        contacts::all(db.conn()).unwrap()[0].full_name,
        "Dana Okafor"
    );
}
