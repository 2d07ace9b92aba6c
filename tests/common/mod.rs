//! A contact log with something in every table, made through the core as the app would,
//! and a fingerprint of every table to compare two logs by.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use rapport::contacts::{self, ContactInput, Source, Stage};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::interviews::{self, Category, InterviewInput, Medium, Prep, Status};
use rapport::store::Db;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap()
}

/// Ids of what [`whole_log`] made.
pub struct Filled {
    pub dana: i64,
    pub tomas: i64,
    pub interview: i64,
}

pub fn whole_log(db: &mut Db) -> Filled {
    let conn = db.conn_mut();
    let dana = contacts::create(
        conn,
        ContactInput {
            full_name: "Dana \u{202E}Okafor, \"PhD\"; \\ ✓".into(),
            role: "Director, Data Science".into(),
            organization: "Northwind; Ltd.".into(),
            emails: vec![
                "dana@northwind.example".into(),
                "d.okafor@mail.example".into(),
            ],
            phone: "+1 555 0100".into(),
            phone_ext: "12".into(),
            profile_url: "https://www.linkedin.com/in/dana-okafor".into(),
            location: "Lyon".into(),
            work_address: "1 Rue de la Paix\nLyon".into(),
            industry: "Analytics".into(),
            in_common: "Same university".into(),
            tags: vec!["data".into(), "warm, intro".into()],
            notes: "Line one\nLine two, with a comma\r\nand \"quotes\"".into(),
            source: Some(Source::Event),
            stage: Stage::KeepingInTouch,
            checkin_months: Some(4),
            ..Default::default()
        },
        now() - Duration::days(60),
    )
    .unwrap()
    .id;
    let tomas = contacts::create(
        conn,
        ContactInput {
            full_name: "Tomás Álvarez".into(),
            organization: "Alpine Ski House".into(),
            source: Some(Source::Referral),
            referred_by_id: Some(dana),
            ..Default::default()
        },
        now() - Duration::days(30),
    )
    .unwrap()
    .id;
    contacts::update(
        conn,
        tomas,
        ContactInput {
            full_name: "Tomás Álvarez".into(),
            role: "Lead".into(),
            organization: "Contoso".into(),
            source: Some(Source::Referral),
            referred_by_id: Some(dana),
            ..Default::default()
        },
        now() - Duration::days(20),
    )
    .unwrap();
    interactions::create(
        conn,
        InteractionInput {
            contact_id: tomas,
            occurred_at: now() - Duration::days(10),
            channel: Channel::Email,
            direction: Direction::Out,
            outcome: Some(Outcome::Sent),
            notes: "Asked for 20 minutes".into(),
            purpose: None,
        },
        now() - Duration::days(10),
    )
    .unwrap();
    let interview = interviews::create(
        conn,
        InterviewInput {
            contact_id: dana,
            scheduled_at: now() + Duration::days(2),
            duration_minutes: 30,
            medium: Medium::Video,
            place: "https://meet.example/abc".into(),
            status: Status::Scheduled,
            goal: "Learn how the team hires".into(),
        },
        now() - Duration::days(5),
    )
    .unwrap()
    .id;
    interviews::save_prep(
        conn,
        interview,
        &Prep {
            goal: "Learn how the team hires".into(),
            industry_notes: "Growing".into(),
            industry_done: true,
            elevator_speech: "I build dashboards.".into(),
            logistics_done: vec!["link".into()],
            ..Default::default()
        },
        now() - Duration::days(4),
    )
    .unwrap();
    interviews::add_question(conn, interview, Category::Person, "Why Lyon?").unwrap();
    interviews::bank_add(conn, Category::Field, "Which tools matter?").unwrap();
    interviews::save_ready_answer(conn, "about_me", "Analyst, five years.").unwrap();
    conn.execute(
        "INSERT INTO reminder_log (kind, subject_id, due_at, notified_at) VALUES \
         ('follow_up', ?1, '2026-11-19T09:00:00Z', '2026-11-19T09:00:05Z')",
        [tomas],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('app', '{\"tray\":false}') \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [],
    )
    .unwrap();
    Filled {
        dana,
        tomas,
        interview,
    }
}

/// Each table's row count and a hash of its rows, search index included: the same only for
/// the same file, or one untouched.
pub fn checksum(conn: &rusqlite::Connection) -> Vec<(String, usize, u64)> {
    fingerprint(conn, |_| true)
}

/// The same, but for the search index's segments, whose layout depends on the order rows
/// were indexed in; what is indexed is still compared. The same for two identical logs.
pub fn contents(conn: &rusqlite::Connection) -> Vec<(String, usize, u64)> {
    fingerprint(conn, |t| {
        !t.ends_with("_fts_data") && !t.ends_with("_fts_idx")
    })
}

fn fingerprint(
    conn: &rusqlite::Connection,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, usize, u64)> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|t: &String| keep(t))
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let (mut count, mut hasher) = (0, DefaultHasher::new());
            while let Some(row) = rows.next().unwrap() {
                count += 1;
                for i in 0..columns {
                    let value: rusqlite::types::Value = row.get(i).unwrap();
                    format!("{value:?}").hash(&mut hasher);
                }
            }
            (t, count, hasher.finish())
        })
        .collect()
}
