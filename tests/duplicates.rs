//! Two records of one person: found with the reason, merged field by field with
//! everything that hangs on either moved to the one that stays, or set aside as two people.

mod common;

use std::collections::HashMap;

use chrono::Duration;
use common::now;
use rapport::contacts::{self, ContactInput, Source, Stage};
use rapport::exchange::duplicates::{self, Field, Side};
use rapport::exchange::import;
use rapport::exchange::matching::Reason;
use rapport::interactions::{self, Channel, Direction, InteractionInput};
use rapport::interviews::{self, InterviewInput, Medium, Status};
use rapport::store::Db;

fn add(db: &mut Db, input: ContactInput) -> i64 {
    contacts::create(db.conn_mut(), input, now() - Duration::days(30))
        .unwrap()
        .id
}

fn person(name: &str, org: &str) -> ContactInput {
    ContactInput {
        full_name: name.into(),
        organization: org.into(),
        ..Default::default()
    }
}

fn reasons(db: &Db) -> Vec<(String, String, Reason)> {
    duplicates::find(db.conn())
        .unwrap()
        .into_iter()
        .map(|p| (p.a.full_name, p.b.full_name, p.reason))
        .collect()
}

#[test]
fn probable_duplicates_are_found_with_their_reason() {
    let mut db = Db::open_in_memory().unwrap();
    add(&mut db, person("Jon Smith", "Contoso"));
    add(&mut db, person("John Smith", "contoso"));
    add(&mut db, person("John Smith", "Fabrikam"));
    add(
        &mut db,
        ContactInput {
            emails: vec!["ana@example.com".into()],
            ..person("Ana Lima", "")
        },
    );
    add(
        &mut db,
        ContactInput {
            emails: vec!["ANA@example.com".into()],
            ..person("Ana M. Lima", "")
        },
    );
    add(
        &mut db,
        ContactInput {
            profile_url: "https://www.linkedin.com/in/zoe-chen/".into(),
            ..person("Zoë Chen", "")
        },
    );
    add(
        &mut db,
        ContactInput {
            profile_url: "http://linkedin.com/in/Zoe-Chen".into(),
            ..person("Zoe Chen", "Northwind")
        },
    );
    add(&mut db, person("Dana Okafor", "Northwind"));
    add(&mut db, person("Dána  Okafor", "NORTHWIND"));
    add(&mut db, person("Dan Okafor", "Northwind"));
    add(&mut db, person("Maria Garcia", "Northwind"));
    add(&mut db, person("Mario Gomez", "Northwind"));

    let found = reasons(&db);
    let has = |a: &str, b: &str, r: Reason| {
        found
            .iter()
            .any(|(x, y, why)| *why == r && ((x == a && y == b) || (x == b && y == a)))
    };
    assert!(has("Zoë Chen", "Zoe Chen", Reason::ProfileUrl), "{found:?}");
    assert!(has("Ana Lima", "Ana M. Lima", Reason::Email), "{found:?}");
    assert!(
        has("Dana Okafor", "Dána Okafor", Reason::NameAndOrganization),
        "{found:?}"
    );
    assert!(
        has("Jon Smith", "John Smith", Reason::SimilarName),
        "{found:?}"
    );
    assert!(
        has("Dana Okafor", "Dan Okafor", Reason::SimilarName),
        "{found:?}"
    );
    // Two people of one name at two organizations, and different names, are not offered.
    assert!(!found
        .iter()
        .any(|(a, b, _)| a.contains("Garcia") || b.contains("Gomez")));
    assert_eq!(
        found
            .iter()
            .filter(|(a, b, _)| a == "John Smith" && b == "John Smith")
            .count(),
        0
    );
    // The surest reasons come first.
    assert_eq!(found[0].2, Reason::ProfileUrl);
}

#[test]
fn a_merge_keeps_the_chosen_fields_and_moves_everything_to_the_survivor() {
    let mut db = Db::open_in_memory().unwrap();
    let referrer = add(&mut db, person("Liz Darnell", "Contoso"));
    let keep = add(
        &mut db,
        ContactInput {
            role: "Analyst".into(),
            emails: vec!["jon@contoso.example".into()],
            tags: vec!["data".into()],
            notes: "Met at the meetup.".into(),
            source: Some(Source::Event),
            ..person("Jon Smith", "Contoso")
        },
    );
    let gone = add(
        &mut db,
        ContactInput {
            role: "Senior Analyst".into(),
            emails: vec![
                "john.smith@mail.example".into(),
                "JON@contoso.example".into(),
            ],
            tags: vec!["Data".into(), "warm".into()],
            notes: "Likes hiking.".into(),
            phone: "+1 555 0100".into(),
            referred_by_id: Some(referrer),
            stage: Stage::Interviewed,
            ..person("John Smith", "Contoso")
        },
    );
    let referred = add(
        &mut db,
        ContactInput {
            referred_by_id: Some(gone),
            ..person("Ana Lima", "Fabrikam")
        },
    );
    let talk = interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: gone,
            occurred_at: now() - Duration::days(3),
            channel: Channel::VideoCall,
            direction: Direction::Out,
            outcome: None,
            notes: "Talked about data teams".into(),
            purpose: None,
        },
        now(),
    )
    .unwrap()
    .interaction
    .id;
    let call = interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: gone,
            scheduled_at: now() + Duration::days(1),
            duration_minutes: 20,
            medium: Medium::Phone,
            place: String::new(),
            status: Status::Scheduled,
            goal: String::new(),
        },
        now(),
    )
    .unwrap()
    .id;
    db.conn()
        .execute(
            "INSERT INTO reminder_log (kind, subject_id, due_at, notified_at) \
             VALUES ('check_in', ?1, '2026-10-01T09:00:00Z', '2026-10-01T09:00:00Z')",
            [gone],
        )
        .unwrap();

    let diff = duplicates::compare(db.conn(), keep, gone).unwrap();
    let fields: Vec<Field> = diff.iter().map(|d| d.field).collect();
    assert!(fields.contains(&Field::FullName) && fields.contains(&Field::Role));
    let phone = diff.iter().find(|d| d.field == Field::Phone).unwrap();
    assert_eq!(phone.suggested, Side::B, "a blank gives way");
    assert!(
        diff.iter()
            .find(|d| d.field == Field::Notes)
            .unwrap()
            .joinable
    );

    let picks = HashMap::from([
        (Field::FullName, Side::B),
        (Field::Role, Side::B),
        (Field::Notes, Side::Both),
        (Field::Stage, Side::B),
    ]);
    let merged = duplicates::merge(db.conn_mut(), keep, gone, &picks, now()).unwrap();
    assert_eq!(merged.id, keep);
    assert_eq!(merged.full_name, "John Smith");
    assert_eq!(merged.role, "Senior Analyst");
    assert_eq!(merged.phone, "+1 555 0100", "filled from the other record");
    assert_eq!(merged.source, Some(Source::Event), "kept where not picked");
    assert_eq!(merged.stage, Stage::Interviewed);
    assert_eq!(merged.notes, "Met at the meetup.\n\nLikes hiking.");
    assert_eq!(
        merged.emails,
        ["jon@contoso.example", "john.smith@mail.example"]
    );
    assert_eq!(merged.tags, ["data", "warm"]);
    assert_eq!(merged.referred_by_id, Some(referrer));

    assert!(contacts::get(db.conn(), gone).is_err());
    assert_eq!(interactions::get(db.conn(), talk).unwrap().contact_id, keep);
    assert_eq!(interviews::get(db.conn(), call).unwrap().contact_id, keep);
    assert_eq!(
        contacts::get(db.conn(), referred).unwrap().referred_by_id,
        Some(keep)
    );
    let moved: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM reminder_log WHERE kind = 'check_in' AND subject_id = ?1",
            [keep],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(moved, 1);
    // A merge is no move of role: the timeline gains nothing.
    let changes: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM contact_changes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(changes, 0);
    // Search finds the survivor by the other record's words.
    let found = contacts::list(
        db.conn(),
        &contacts::ContactQuery {
            text: "hiking".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found.items.len(), 1);
    assert!(duplicates::find(db.conn()).unwrap().is_empty());
    let fk: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

#[test]
fn a_failed_merge_changes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    let a = add(&mut db, person("Jon Smith", "Contoso"));
    let b = add(&mut db, person("John Smith", "Contoso"));
    let before = common::checksum(db.conn());
    assert!(duplicates::merge(db.conn_mut(), a, a, &HashMap::new(), now()).is_err());
    assert!(duplicates::merge(db.conn_mut(), a, 999, &HashMap::new(), now()).is_err());
    assert_eq!(common::checksum(db.conn()), before);
    let _ = b;
}

#[test]
fn two_people_set_aside_are_not_offered_again() {
    let mut db = Db::open_in_memory().unwrap();
    let a = add(&mut db, person("Jon Smith", "Contoso"));
    let b = add(&mut db, person("John Smith", "Contoso"));
    assert_eq!(duplicates::find(db.conn()).unwrap().len(), 1);
    duplicates::dismiss(db.conn(), b, a).unwrap();
    assert!(duplicates::find(db.conn()).unwrap().is_empty());
    duplicates::undismiss(db.conn(), a, b).unwrap();
    assert_eq!(duplicates::find(db.conn()).unwrap().len(), 1);
}

#[test]
fn an_import_never_makes_what_the_view_would_find() {
    // The same person typed by hand and then in a file, by email: matched, not added.
    let mut db = Db::open_in_memory().unwrap();
    add(
        &mut db,
        ContactInput {
            emails: vec!["dana@northwind.example".into()],
            ..person("Dana Okafor", "Northwind")
        },
    );
    let file = import::Candidate {
        line: 2,
        full_name: "Dana Okafor-Reyes".into(),
        emails: vec!["DANA@northwind.example".into()],
        ..Default::default()
    };
    import::commit(db.conn_mut(), &[file], now(), &mut |_, _| {}).unwrap();
    assert_eq!(contacts::count(db.conn()).unwrap(), 1);
    assert!(duplicates::find(db.conn()).unwrap().is_empty());
}
