//! Calls and deadlines exported for the user's calendar.

mod common;

use chrono::{Duration, Utc};
use common::{now, whole_log};
use rapport::dates::DateStyle;
use rapport::exchange::ics;
use rapport::store::Db;

fn export(db: &Db, at: chrono::DateTime<Utc>) -> String {
    ics::write(db.conn(), &at, DateStyle::default()).unwrap().0
}

/// The unfolded lines of each component of `kind`, in order.
fn components(ics: &str, kind: &str) -> Vec<Vec<String>> {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut depth = 0;
    for line in unfolded.split("\r\n") {
        if line == format!("BEGIN:{kind}") {
            current = Some(Vec::new());
            depth = 0;
            continue;
        }
        if let Some(c) = current.as_mut() {
            if line.starts_with("BEGIN:") {
                depth += 1;
            }
            if line == format!("END:{kind}") && depth == 0 {
                out.push(current.take().unwrap());
                continue;
            }
            if line.starts_with("END:") {
                depth -= 1;
            }
            c.push(line.to_string());
        }
    }
    out
}

fn value<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
    lines.iter().find_map(|l| {
        let (head, value) = l.split_once(':')?;
        (head == name || head.starts_with(&format!("{name};"))).then_some(value)
    })
}

#[test]
fn calls_are_events_and_deadlines_are_todos_each_with_an_alarm() {
    let mut db = Db::open_in_memory().unwrap();
    let filled = whole_log(&mut db);
    let text = export(&db, now());
    print!("{text}");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "a line longer than 75 octets"
    );

    let events = components(&text, "VEVENT");
    assert_eq!(events.len(), 1);
    let call = &events[0];
    assert_eq!(
        value(call, "UID"),
        Some(
            format!(
                "interview-{}.{}@rapport.app",
                filled.interview,
                rapport::sync::log_tag(db.conn()).unwrap()
            )
            .as_str()
        )
    );
    assert_eq!(value(call, "DTSTART"), Some("20261124T093000Z"));
    assert_eq!(value(call, "DURATION"), Some("PT30M"));
    assert_eq!(value(call, "LOCATION"), Some("https://meet.example/abc"));
    assert_eq!(value(call, "DESCRIPTION"), Some("Learn how the team hires"));
    assert!(value(call, "SUMMARY")
        .unwrap()
        .contains("Northwind\\; Ltd."));
    assert!(call.contains(&"BEGIN:VALARM".to_string()));
    // The alarm rings when the before-call reminder does.
    let lead = rapport::settings::reminders(db.conn())
        .unwrap()
        .before_call_minutes;
    assert_eq!(value(call, "TRIGGER"), Some(format!("-PT{lead}M").as_str()));

    let todos = components(&text, "VTODO");
    assert!(!todos.is_empty());
    for todo in &todos {
        assert!(
            value(todo, "DUE").is_some_and(|d| d.ends_with('Z')),
            "{todo:?}"
        );
        assert!(value(todo, "UID").unwrap().ends_with("@rapport.app"));
        assert!(todo.contains(&"BEGIN:VALARM".to_string()));
        assert_eq!(value(todo, "TRIGGER"), Some("PT0S"));
    }
}

#[test]
fn the_same_log_exports_the_same_file_and_a_change_raises_the_sequence() {
    let mut db = Db::open_in_memory().unwrap();
    let filled = whole_log(&mut db);
    let first = export(&db, now());
    assert_eq!(export(&db, now() + Duration::minutes(5)), first);

    // Moved to another day: same UID, a higher SEQUENCE, a newer DTSTAMP.
    rapport::interviews::reschedule(
        db.conn_mut(),
        filled.interview,
        rapport::interviews::InterviewInput {
            contact_id: filled.dana,
            scheduled_at: now() + Duration::days(3),
            duration_minutes: 30,
            medium: rapport::interviews::Medium::Video,
            place: "https://meet.example/abc".into(),
            status: rapport::interviews::Status::Scheduled,
            goal: String::new(),
        },
        now() + Duration::hours(1),
    )
    .unwrap();
    let second = export(&db, now());
    let (a, b) = (
        &components(&first, "VEVENT")[0],
        &components(&second, "VEVENT")[0],
    );
    assert_eq!(value(a, "UID"), value(b, "UID"));
    let seq = |e: &[String]| value(e, "SEQUENCE").unwrap().parse::<i64>().unwrap();
    assert!(seq(b) > seq(a));
    assert!(value(b, "DTSTAMP") > value(a, "DTSTAMP"));
}
