//! Target organizations and "My search", through the core API: the LAMP order worked out
//! from the log, placing by hand, and what happened so far at each.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rapport::contacts::{self, ContactInput, Source, Stage};
use rapport::error::Error;
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use rapport::outreach::targets::{self, AdvocateKind, Hiring, TargetInput};
use rapport::store::Db;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap()
}

fn person(db: &mut Db, name: &str, org: &str, edit: impl FnOnce(&mut ContactInput)) -> i64 {
    let mut input = ContactInput {
        full_name: name.into(),
        organization: org.into(),
        ..Default::default()
    };
    edit(&mut input);
    contacts::create(db.conn_mut(), input, now()).unwrap().id
}

fn log(db: &mut Db, contact_id: i64, direction: Direction, purpose: Option<Purpose>) {
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id,
            occurred_at: now() - Duration::days(3),
            channel: Channel::Email,
            direction,
            outcome: (direction == Direction::Out).then_some(Outcome::Sent),
            notes: String::new(),
            purpose,
        },
        now(),
    )
    .unwrap();
}

fn names(db: &Db) -> Vec<String> {
    targets::list(db.conn())
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

fn set(db: &Db, name: &str, motivation: u8, hiring: Hiring) {
    let id = targets::mark(db.conn(), name, now()).unwrap();
    targets::set(db.conn(), id, TargetInput { motivation, hiring }, now()).unwrap();
}

#[test]
fn targets_rank_by_advocacy_from_the_log_then_motivation_then_hiring() {
    let mut db = Db::open_in_memory().unwrap();
    // Someone referred to the user works at Contoso; an alumnus at Fabrikam; at Northwind a
    // person who answered; at Tailspin only a name found on LinkedIn, never reached.
    let liz = person(&mut db, "Liz Darnell", "", |_| {});
    person(&mut db, "Omar Haddad", "Contoso", |c| {
        c.referred_by_id = Some(liz)
    });
    person(&mut db, "Mei Chen", "Fabrikam", |c| {
        c.source = Some(Source::AlumniDirectory)
    });
    let dana = person(&mut db, "Dana Reyes", "Northwind Logistics", |_| {});
    log(&mut db, dana, Direction::Out, None);
    log(&mut db, dana, Direction::In, None);
    person(&mut db, "Tom Ito", "Tailspin", |c| {
        c.source = Some(Source::LinkedIn)
    });

    set(&db, "Tailspin", 3, Hiring::Yes);
    set(&db, "Northwind Logistics", 1, Hiring::No);
    set(&db, "Fabrikam", 1, Hiring::Unknown);
    set(&db, "Contoso", 1, Hiring::No);
    // No one there yet; same motivation as Wingtip, but hiring.
    set(&db, "Wingtip Toys", 2, Hiring::Unknown);
    set(&db, "Adventure Works", 2, Hiring::Yes);

    assert_eq!(
        names(&db),
        [
            "Contoso",
            "Fabrikam",
            "Northwind Logistics",
            "Tailspin",
            "Adventure Works",
            "Wingtip Toys"
        ]
    );
    let list = targets::list(db.conn()).unwrap();
    let advocate = |i: usize| list[i].advocate.as_ref().map(|a| (a.kind, a.name.as_str()));
    assert_eq!(advocate(0), Some((AdvocateKind::Referral, "Omar Haddad")));
    assert_eq!(advocate(1), Some((AdvocateKind::Alumnus, "Mei Chen")));
    assert_eq!(advocate(2), Some((AdvocateKind::Contact, "Dana Reyes")));
    assert_eq!(advocate(3), None, "a name never reached is no advocate");
    assert_eq!(list[5].people, 0);

    // An organization that is not a target is not listed, however strong its advocate.
    person(&mut db, "Ana Lima", "Coho Winery", |c| {
        c.source = Some(Source::Referral)
    });
    assert!(!names(&db).contains(&"Coho Winery".to_string()));
}

#[test]
fn what_happened_so_far_counts_people_not_messages() {
    let mut db = Db::open_in_memory().unwrap();
    let a = person(&mut db, "Dana Reyes", "Northwind", |_| {});
    let b = person(&mut db, "Sam Okafor", "Northwind", |_| {});
    person(&mut db, "Kim Berg", "Northwind", |c| {
        c.stage = Stage::Interviewed
    });
    person(&mut db, "Lee Park", "Northwind", |_| {});
    log(&mut db, a, Direction::Out, None);
    log(&mut db, a, Direction::Out, Some(Purpose::FollowUp));
    log(&mut db, a, Direction::In, None);
    log(&mut db, b, Direction::Out, None);
    // A LinkedIn connection is neither an attempt nor a reply.
    log(&mut db, b, Direction::In, Some(Purpose::Connected));
    targets::mark(db.conn(), "northwind", now()).unwrap();

    let t = &targets::list(db.conn()).unwrap()[0];
    assert_eq!(t.name, "Northwind", "marked by name in any letter case");
    assert_eq!((t.people, t.reached_out, t.replied, t.talked), (4, 2, 1, 1));
    // Kim was interviewed: the strongest tie there is someone the user knows.
    assert_eq!(t.advocate.as_ref().unwrap().kind, AdvocateKind::Contact);
}

#[test]
fn placed_by_hand_the_list_keeps_that_order_until_sorted_again() {
    let db = Db::open_in_memory().unwrap();
    set(&db, "Alpha", 3, Hiring::Yes);
    set(&db, "Bravo", 2, Hiring::Yes);
    set(&db, "Charlie", 1, Hiring::Yes);
    assert_eq!(names(&db), ["Alpha", "Bravo", "Charlie"]);
    let charlie = targets::list(db.conn()).unwrap()[2].id;

    let mut db = db;
    targets::move_to(db.conn_mut(), charlie, 0).unwrap();
    assert_eq!(names(&db), ["Charlie", "Alpha", "Bravo"]);
    assert!(targets::list(db.conn()).unwrap().iter().all(|t| t.placed));

    // A new target joins at the end of a list placed by hand, whatever its rank.
    set(&db, "Delta", 3, Hiring::Yes);
    assert_eq!(names(&db), ["Charlie", "Alpha", "Bravo", "Delta"]);
    // Past the end is the end.
    targets::move_to(db.conn_mut(), charlie, 99).unwrap();
    assert_eq!(names(&db), ["Alpha", "Bravo", "Delta", "Charlie"]);

    targets::sort_by_lamp(db.conn()).unwrap();
    assert_eq!(names(&db), ["Alpha", "Delta", "Bravo", "Charlie"]);
    assert!(targets::list(db.conn()).unwrap().iter().all(|t| !t.placed));
}

#[test]
fn unmarking_keeps_the_organization_and_bad_input_changes_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    person(&mut db, "Dana Reyes", "Northwind", |_| {});
    let id = targets::mark(db.conn(), "Northwind", now()).unwrap();
    targets::set(
        db.conn(),
        id,
        TargetInput {
            motivation: 3,
            hiring: Hiring::Yes,
        },
        now(),
    )
    .unwrap();

    let err = targets::set(
        db.conn(),
        id,
        TargetInput {
            motivation: 4,
            hiring: Hiring::No,
        },
        now(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Invalid(ref e) if e[0].field == "motivation"));
    let t = &targets::list(db.conn()).unwrap()[0];
    assert_eq!((t.motivation, t.hiring), (3, Hiring::Yes));

    assert!(matches!(
        targets::mark(db.conn(), "  \u{200B} ", now()),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        targets::mark_id(db.conn(), 999, now()),
        Err(Error::NotFound(_))
    ));

    targets::unmark(db.conn(), id, now()).unwrap();
    assert!(targets::list(db.conn()).unwrap().is_empty());
    assert_eq!(
        rapport::organizations::get(db.conn(), id)
            .unwrap()
            .people
            .len(),
        1
    );
    // Marked again, it remembers what the user had set.
    targets::mark_id(db.conn(), id, now()).unwrap();
    let t = &targets::list(db.conn()).unwrap()[0];
    assert_eq!((t.motivation, t.hiring), (3, Hiring::Yes));
}
