//! Message templates through the core API: filled from the person, the referrer, My search
//! and the last conversation; gaps marked, never blank; the user's own text kept, refused
//! when it does not read, and reset; and a message logged as its template says closes the
//! reminder it answers.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use rapport::contacts::{self, ContactInput, Stage};
use rapport::dates::DateStyle;
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome, Purpose};
use rapport::interviews::{self, InterviewInput, Medium};
use rapport::outreach::compose::{self, Composed};
use rapport::outreach::my_search::{self, MySearch, Standing};
use rapport::outreach::templates::{self, Kind};
use rapport::reminders::{self, Kind as ReminderKind};
use rapport::settings;
use rapport::store::Db;

/// Monday 23 November 2026, 15:00 in Berlin.
fn now() -> DateTime<chrono_tz::Tz> {
    Berlin.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap()
}

fn utc(at: DateTime<chrono_tz::Tz>) -> DateTime<Utc> {
    at.with_timezone(&Utc)
}

fn person(db: &mut Db, name: &str, edit: impl FnOnce(&mut ContactInput)) -> i64 {
    let mut input = ContactInput {
        full_name: name.into(),
        ..Default::default()
    };
    edit(&mut input);
    contacts::create(db.conn_mut(), input, utc(now()) - Duration::days(30))
        .unwrap()
        .id
}

fn me(db: &Db) {
    my_search::save(
        db.conn(),
        MySearch {
            name: "Sam Okafor".into(),
            background: "Five years of retail operations.".into(),
            interests: vec![
                "supply chain".into(),
                "logistics".into(),
                "procurement".into(),
            ],
            standing: Some(Standing::Student),
            standing_detail: "graduating in June".into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn write(db: &Db, id: i64, kind: Kind) -> Composed {
    compose::compose(db.conn(), id, Some(kind), &now(), DateStyle::default()).unwrap()
}

#[test]
fn a_first_letter_is_filled_from_the_person_the_referrer_and_my_search() {
    let mut db = Db::open_in_memory().unwrap();
    me(&db);
    let liz = person(&mut db, "Liz Darnell", |_| {});
    let dana = person(&mut db, "Dr. Dana Reyes", |c| {
        c.role = "Demand planner".into();
        c.organization = "Northwind Traders".into();
        c.emails = vec!["dana@northwind.example".into()];
        c.referred_by_id = Some(liz);
        c.in_common = "Pratt University".into();
    });
    let m = write(&db, dana, Kind::FirstOutreach);
    assert_eq!(
        m.subject,
        "A short conversation about your work at Northwind Traders?"
    );
    for expected in [
        "Dear Dana,",
        "Liz Darnell suggested I reach out to you. My name is Sam Okafor; I am a student graduating in June. Five years of retail operations.",
        "I am exploring supply chain, logistics and procurement, and your path as Demand planner at Northwind Traders",
        "We have Pratt University in common",
        "Would you have a moment between Monday 30 November and Friday 11 December?",
        "\nSam Okafor",
    ] {
        assert!(m.body.contains(expected), "{expected:?} not in:\n{}", m.body);
    }
    assert!(m.missing.is_empty(), "{:?}", m.missing);
    assert!(!m.body.contains('{') && !m.body.contains('['), "{}", m.body);
    assert_eq!(m.to, vec!["dana@northwind.example"]);
    assert_eq!(
        (m.log.channel, m.log.outcome, m.log.purpose),
        (Channel::Email, Some(Outcome::Sent), None)
    );
}

#[test]
fn what_is_not_known_is_left_marked_never_blank() {
    let mut db = Db::open_in_memory().unwrap();
    // No My search, no role, no organization, no referrer, nothing in common.
    let omar = person(&mut db, "Omar Haddad", |c| {
        c.profile_url = "https://www.linkedin.com/in/omar-haddad".into();
    });
    let m = write(&db, omar, Kind::FirstOutreach);
    assert!(
        !m.body.contains("suggested"),
        "no referrer, no line:\n{}",
        m.body
    );
    assert!(!m.body.contains("in common"), "{}", m.body);
    assert!(m
        .body
        .contains("My name is [your name]; I am [where you stand]."));
    assert!(m
        .body
        .contains("your path as [their role] at [their organization]"));
    assert_eq!(
        m.missing,
        [
            "their organization",
            "your name",
            "where you stand",
            "one line about you",
            "the fields you are exploring",
            "their role"
        ]
    );
    for gap in &m.missing {
        assert!(
            m.subject.contains(&templates::gap(gap)) || m.body.contains(&templates::gap(gap)),
            "{gap}"
        );
    }
    assert!(!m.body.contains("{"), "{}", m.body);
    // No address: a LinkedIn profile, so it is logged as a LinkedIn message.
    assert_eq!(m.log.channel, Channel::LinkedInMessage);
}

#[test]
fn a_follow_up_and_the_call_script_say_when_the_user_wrote() {
    let mut db = Db::open_in_memory().unwrap();
    me(&db);
    let dana = person(&mut db, "Dana Reyes", |c| {
        c.organization = "Northwind".into()
    });
    let wrote = |db: &mut Db, at| {
        interactions::create(
            db.conn_mut(),
            InteractionInput {
                contact_id: dana,
                occurred_at: at,
                channel: Channel::Email,
                direction: Direction::Out,
                outcome: Some(Outcome::Sent),
                notes: String::new(),
                purpose: None,
            },
            utc(now()),
        )
        .unwrap();
    };
    // A reply and a LinkedIn connection are not the user writing.
    wrote(&mut db, utc(now()) - Duration::days(20));
    wrote(
        &mut db,
        utc(Berlin.with_ymd_and_hms(2026, 11, 17, 9, 0, 0).unwrap()),
    );
    let m = write(&db, dana, Kind::FollowUp);
    assert!(m.body.contains("I wrote on Tuesday to ask"), "{}", m.body);
    assert_eq!(m.log.purpose, Some(Purpose::FollowUp));
    let script = write(&db, dana, Kind::PhoneCall);
    assert_eq!(script.subject, "");
    assert!(script
        .body
        .starts_with("Hi Dana, this is Sam Okafor. I wrote to you on Tuesday"));
    assert_eq!(
        (script.log.channel, script.log.outcome),
        (Channel::PhoneCall, None)
    );
}

#[test]
fn a_thank_you_offers_what_the_call_left_and_logging_it_closes_the_reminder() {
    let mut db = Db::open_in_memory().unwrap();
    me(&db);
    let dana = person(&mut db, "Dana Reyes", |c| {
        c.organization = "Northwind".into();
        c.emails = vec!["dana@northwind.example".into()];
    });
    let started = utc(now()) - Duration::hours(3);
    let call = interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: started,
            duration_minutes: 30,
            medium: Medium::Video,
            place: String::new(),
            status: interviews::Status::Scheduled,
            goal: "Learn how she moved into planning".into(),
        },
        started - Duration::days(2),
    )
    .unwrap();
    let first = interviews::add_question(
        db.conn(),
        call.id,
        interviews::Category::Field,
        "How did you get started?",
    )
    .unwrap();
    let second = interviews::add_question(
        db.conn(),
        call.id,
        interviews::Category::Field,
        "What skills matter most?",
    )
    .unwrap();
    interviews::start_call(db.conn(), call.id, started).unwrap();
    interviews::mark_question(
        db.conn(),
        first.id,
        true,
        "the supply-chain certificate",
        false,
    )
    .unwrap();
    interviews::mark_question(db.conn(), second.id, false, "never asked", false).unwrap();
    interviews::end_call(db.conn_mut(), call.id, &[], started + Duration::minutes(30)).unwrap();
    assert_eq!(
        compose::suggest(db.conn(), dana, &now()).unwrap(),
        Kind::ThankYou
    );

    let m = write(&db, dana, Kind::ThankYou);
    assert!(m.body.contains("talk with me today."), "{}", m.body);
    assert!(
        m.body
            .contains("what you said about [something specific from your conversation]"),
        "{}",
        m.body
    );
    assert_eq!(m.picks, ["the supply-chain certificate"]);
    assert_eq!(m.missing, ["something specific from your conversation"]);
    assert_eq!(m.log.purpose, Some(Purpose::ThankYou));

    // Sent and logged as the template says: the thank-you reminder is done.
    let rules = settings::reminders(db.conn()).unwrap();
    let due = |db: &Db| {
        reminders::for_contact(db.conn(), &rules, &now(), DateStyle::default(), dana)
            .unwrap()
            .into_iter()
            .map(|r| r.kind)
            .collect::<Vec<_>>()
    };
    assert!(due(&db).contains(&ReminderKind::ThankYou));
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: dana,
            occurred_at: utc(now()),
            channel: m.log.channel,
            direction: m.log.direction,
            outcome: m.log.outcome,
            notes: m.body.clone(),
            purpose: m.log.purpose,
        },
        utc(now()),
    )
    .unwrap();
    assert!(
        !due(&db).contains(&ReminderKind::ThankYou),
        "{:?}",
        due(&db)
    );
    assert_eq!(
        compose::suggest(db.conn(), dana, &now()).unwrap(),
        Kind::CheckIn
    );
}

#[test]
fn the_template_suggested_follows_where_the_person_stands() {
    let mut db = Db::open_in_memory().unwrap();
    // Scheduled with no call known and nothing said: still the follow-up, not a thank-you.
    for (stage, kind) in [
        (Stage::ToContact, Kind::FirstOutreach),
        (Stage::ReachedOut, Kind::FollowUp),
        (Stage::Scheduled, Kind::FollowUp),
        (Stage::Declined, Kind::GracefulNo),
        (Stage::KeepingInTouch, Kind::CheckIn),
    ] {
        let id = person(&mut db, &format!("{stage:?}"), |c| c.stage = stage);
        assert_eq!(
            compose::suggest(db.conn(), id, &now()).unwrap(),
            kind,
            "{stage:?}"
        );
    }
}

#[test]
fn a_call_still_to_come_suggests_a_word_before_it_with_its_day_and_place() {
    let mut db = Db::open_in_memory().unwrap();
    me(&db);
    let dana = person(&mut db, "Dana Reyes", |c| c.stage = Stage::ReachedOut);
    let schedule = |db: &mut Db, at: DateTime<chrono_tz::Tz>, place: &str| {
        interviews::create(
            db.conn_mut(),
            InterviewInput {
                contact_id: dana,
                scheduled_at: utc(at),
                duration_minutes: 30,
                medium: Medium::InPerson,
                place: place.into(),
                status: interviews::Status::Scheduled,
                goal: String::new(),
            },
            utc(now()) - Duration::hours(1),
        )
        .unwrap()
    };
    // Thursday, in the same week: the soonest of two calls is the one written about.
    schedule(&mut db, now() + Duration::days(10), "");
    let thursday = schedule(&mut db, now() + Duration::days(3), "Café Central, Vienna");
    assert_eq!(
        compose::suggest(db.conn(), dana, &now()).unwrap(),
        Kind::ConfirmCall
    );
    let m = write(&db, dana, Kind::ConfirmCall);
    assert_eq!(m.subject, "Our conversation on Thursday at 15:00");
    assert!(
        m.body
            .contains("our conversation on Thursday at 15:00 (Café Central, Vienna)."),
        "{}",
        m.body
    );
    assert!(m.missing.is_empty(), "{:?}", m.missing);
    assert_eq!(m.log.outcome, Some(Outcome::Sent));
    assert_eq!(m.log.purpose, None);
    let twelve = compose::compose(
        db.conn(),
        dana,
        Some(Kind::ConfirmCall),
        &now(),
        DateStyle { hour12: true },
    )
    .unwrap();
    assert_eq!(twelve.subject, "Our conversation on Thursday at 3:00 PM");

    // Once it has begun, the next is ten days off, with no place named.
    interviews::start_call(db.conn(), thursday.id, utc(now())).unwrap();
    let m = write(&db, dana, Kind::ConfirmCall);
    assert_eq!(
        m.subject,
        "Our conversation on Thursday 3 December at 15:00"
    );
    assert!(
        m.body.contains("on Thursday 3 December at 15:00."),
        "{}",
        m.body
    );

    // Without a call to come the letter says what it lacks, never blank.
    let sam = person(&mut db, "Sam Lee", |c| c.stage = Stage::Scheduled);
    let m = write(&db, sam, Kind::ConfirmCall);
    assert_eq!(m.subject, "Our conversation [when you will talk]");
    assert_eq!(m.missing, ["when you will talk"]);
}

#[test]
fn the_users_own_text_is_kept_refused_when_it_does_not_read_and_reset() {
    let mut db = Db::open_in_memory().unwrap();
    me(&db);
    let dana = person(&mut db, "Dana Reyes", |_| {});
    let saved = templates::save(
        db.conn(),
        Kind::CheckIn,
        "News from {my_name}",
        "Hi {first_name},\r\n\r\nQuick news: I start at {organization} next week.\n\n",
    )
    .unwrap();
    assert!(saved.edited);
    let m = write(&db, dana, Kind::CheckIn);
    assert_eq!(m.subject, "News from Sam Okafor");
    assert_eq!(
        m.body,
        "Hi Dana,\n\nQuick news: I start at [their organization] next week."
    );

    // A mistake names itself and nothing changes.
    for (subject, body, field, says) in [
        (
            "Hi",
            "Dear {firstname}",
            "body",
            "“{firstname}” is not a placeholder",
        ),
        (
            "Hi {",
            "Dear {first_name}",
            "subject",
            "A “{” without its “}”",
        ),
        ("Hi", "  ", "body", "Write the message"),
        ("Hi", &"x".repeat(10_001), "body", "under 10000 characters"),
    ] {
        let err = templates::save(db.conn(), Kind::CheckIn, subject, body).unwrap_err();
        let rapport::error::Error::Invalid(fields) = err else {
            panic!("{subject:?}: not refused as invalid");
        };
        assert!(
            fields
                .iter()
                .any(|f| f.field == field && f.message.contains(says)),
            "{body:?}: {fields:?}"
        );
    }
    let err = templates::save(db.conn(), Kind::PhoneCall, "A subject", "Hi").unwrap_err();
    assert!(err.to_string().contains("no subject"), "{err}");
    assert_eq!(templates::get(db.conn(), Kind::CheckIn).unwrap(), saved);

    // Reset: Rapport's text again; saving the built-in text is the same as never editing.
    let reset = templates::reset(db.conn(), Kind::CheckIn).unwrap();
    assert!(!reset.edited);
    assert_eq!(
        (reset.subject.as_str(), reset.body.as_str()),
        templates::builtin(Kind::CheckIn)
    );
    let (subject, body) = templates::builtin(Kind::ThankYou);
    assert!(
        !templates::save(db.conn(), Kind::ThankYou, subject, body)
            .unwrap()
            .edited
    );
    assert!(templates::list(db.conn())
        .unwrap()
        .iter()
        .all(|t| !t.edited));
}

#[test]
fn the_elevator_speech_starts_from_my_search() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes", |c| {
        c.role = "Demand planner".into();
        c.organization = "Northwind Traders".into();
    });
    assert_eq!(
        compose::speech_draft(db.conn(), dana).unwrap(),
        None,
        "nothing to draw on"
    );
    my_search::save(
        db.conn(),
        MySearch {
            interests: vec!["supply chain".into(), "logistics".into()],
            ..Default::default()
        },
    )
    .unwrap();
    let draft = compose::speech_draft(db.conn(), dana).unwrap().unwrap();
    assert!(draft.starts_with("My name is [your name]. "), "{draft}");
    me(&db);
    let draft = compose::speech_draft(db.conn(), dana).unwrap().unwrap();
    assert_eq!(
        draft,
        "My name is Sam Okafor, and I am a student graduating in June. Five years of retail \
         operations. I am exploring supply chain, logistics and procurement, and I would love to \
         hear how you came to your work as Demand planner at Northwind Traders."
    );
    let nobody = person(&mut db, "Ana Silva", |_| {});
    let draft = compose::speech_draft(db.conn(), nobody).unwrap().unwrap();
    assert!(draft.ends_with("how you came to your work."), "{draft}");
    assert!(compose::speech_draft(db.conn(), 9999).is_err());
}
