//! Advice through the core API: marked on a conversation's lines or in call mode, acted on,
//! followed to the person it names; quoted by the thank-you, reported by the check-in, shown
//! on the check-in reminder; exported and read back.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use rapport::contacts::{self, ContactInput, Source};
use rapport::dates::DateStyle;
use rapport::exchange::json;
use rapport::interactions::{self, Channel, Direction, InteractionInput};
use rapport::interviews::{self, Category, InterviewInput, Medium, Referral};
use rapport::outreach::advice::{self, Named};
use rapport::outreach::compose;
use rapport::outreach::templates::Kind;
use rapport::reminders::{self, Kind as ReminderKind};
use rapport::settings;
use rapport::store::Db;

/// Monday 23 November 2026, 15:00 in Berlin.
fn now() -> DateTime<chrono_tz::Tz> {
    Berlin.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap()
}

fn utc() -> DateTime<Utc> {
    now().with_timezone(&Utc)
}

fn person(db: &mut Db, name: &str) -> i64 {
    contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: name.into(),
            organization: "Northwind Traders".into(),
            ..Default::default()
        },
        utc() - Duration::days(90),
    )
    .unwrap()
    .id
}

/// The template of `kind` written to `id` as of `now()`.
fn letter(db: &Db, id: i64, kind: Kind) -> compose::Composed {
    compose::compose(db.conn(), id, Some(kind), &now(), DateStyle::default()).unwrap()
}

fn conversation(db: &mut Db, contact_id: i64, at: DateTime<Utc>, notes: &str) -> i64 {
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id,
            occurred_at: at,
            channel: Channel::PhoneCall,
            direction: Direction::Out,
            outcome: None,
            notes: notes.into(),
            purpose: None,
        },
        at,
    )
    .unwrap()
    .interaction
    .id
}

#[test]
fn a_line_of_a_conversation_becomes_advice_is_acted_on_and_outlives_the_entry() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes");
    let said = utc() - Duration::days(20);
    let talk = conversation(
        &mut db,
        dana,
        said,
        "Friendly, 25 minutes\n- Take the supply-chain certificate\n\nTalk to Omar at the DA's office",
    );

    let cert = advice::mark_line(db.conn(), talk, 1, utc()).unwrap();
    assert_eq!(cert.text, "Take the supply-chain certificate");
    assert_eq!(
        (cert.contact_id, cert.given_at),
        (dana, said),
        "given when said"
    );
    assert_eq!(cert.names, None);
    // Marked twice: still one.
    assert_eq!(
        advice::mark_line(db.conn(), talk, 1, utc()).unwrap().id,
        cert.id
    );
    // An empty line or one past the end is refused and stores nothing.
    assert!(advice::mark_line(db.conn(), talk, 2, utc()).is_err());
    assert!(advice::mark_line(db.conn(), talk, 9, utc()).is_err());
    assert!(advice::mark_line(db.conn(), 9999, 0, utc()).is_err());
    let omar = advice::mark_line(db.conn(), talk, 3, utc()).unwrap();
    assert_eq!(
        omar.names,
        Some(Named {
            full_name: "Omar".into(),
            organization: "DA's office".into()
        })
    );
    assert!(advice::add(db.conn(), dana, "   ", utc()).is_err());
    let own = advice::add(db.conn(), dana, "Read  the trade press ", utc()).unwrap();
    assert_eq!(
        (own.text.as_str(), own.interaction_id),
        ("Read the trade press", None)
    );
    let listed: Vec<i64> = advice::for_contact(db.conn(), dana)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(listed, [own.id, omar.id, cert.id], "latest first");

    // Acted on, with a note; acting again keeps the first date.
    let acted = advice::act(db.conn(), cert.id, "Enrolled; I finish in March", utc()).unwrap();
    assert_eq!(acted.acted_at, Some(utc()));
    let again = advice::act(db.conn(), cert.id, "Enrolled", utc() + Duration::days(2)).unwrap();
    assert_eq!(
        (again.acted_at, again.acted_note.as_str()),
        (Some(utc()), "Enrolled")
    );
    let undone = advice::unact(db.conn(), cert.id).unwrap();
    assert_eq!((undone.acted_at, undone.acted_note.as_str()), (None, ""));
    advice::act(db.conn(), cert.id, "Enrolled", utc()).unwrap();

    // Unmarking the line removes it; deleting the conversation keeps what was acted on.
    advice::unmark_line(db.conn(), talk, 3).unwrap();
    interactions::delete(db.conn(), talk).unwrap();
    let left = advice::for_contact(db.conn(), dana).unwrap();
    assert_eq!(left.len(), 2);
    let kept = left.iter().find(|a| a.id == cert.id).unwrap();
    assert_eq!(
        (kept.interaction_id, kept.acted_note.as_str()),
        (None, "Enrolled")
    );
    advice::delete(db.conn(), own.id).unwrap();
    assert!(advice::delete(db.conn(), own.id).is_err());
    // Deleting the person takes their advice with them.
    contacts::delete(db.conn(), dana).unwrap();
    assert!(advice::get(db.conn(), cert.id).is_err());
}

#[test]
fn advice_to_talk_to_someone_makes_them_a_contact_referred_by_the_giver() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes");
    let talk = conversation(&mut db, dana, utc(), "Ask Élodie Durand from Contoso");
    let tip = advice::mark_line(db.conn(), talk, 0, utc()).unwrap();
    let named = tip.names.clone().unwrap();
    assert_eq!(
        (named.full_name.as_str(), named.organization.as_str()),
        ("Élodie Durand", "Contoso")
    );
    let followed = advice::refer(db.conn_mut(), tip.id, &named, utc()).unwrap();
    let referral = followed.referral.clone().unwrap();
    assert_eq!(referral.full_name, "Élodie Durand");
    assert_eq!(followed.names, None, "no longer offered");
    let elodie = contacts::get(db.conn(), referral.id).unwrap();
    assert_eq!(elodie.referred_by_id, Some(dana));
    assert_eq!(elodie.source, Some(Source::Referral));
    assert_eq!(elodie.organization, "Contoso");
    assert!(
        elodie.notes.contains("Ask Élodie Durand from Contoso"),
        "{}",
        elodie.notes
    );
    // Twice: refused, and no second contact.
    assert!(advice::refer(db.conn_mut(), tip.id, &named, utc()).is_err());
    assert_eq!(contacts::count(db.conn()).unwrap(), 2);
    // A name the contact rules refuse leaves nothing behind.
    let other = advice::add(db.conn(), dana, "Meet someone in sales", utc()).unwrap();
    assert!(advice::refer(db.conn_mut(), other.id, &Named::default(), utc()).is_err());
    assert_eq!(advice::get(db.conn(), other.id).unwrap().referral, None);
    assert_eq!(contacts::count(db.conn()).unwrap(), 2);
}

#[test]
fn advice_noted_in_call_mode_is_kept_when_the_call_ends_and_names_the_referral() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes");
    let started = utc() - Duration::hours(2);
    let call = interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: started,
            duration_minutes: 20,
            medium: Medium::Phone,
            place: String::new(),
            status: interviews::Status::Scheduled,
            goal: "Learn how she moved into planning".into(),
        },
        started - Duration::days(3),
    )
    .unwrap();
    let ask = |text: &str| {
        interviews::add_question(db.conn(), call.id, Category::Own, text)
            .unwrap()
            .id
    };
    let (how, what, whom) = (
        ask("How did you start?"),
        ask("What would you do?"),
        ask("Who else?"),
    );
    interviews::start_call(db.conn(), call.id, started).unwrap();
    interviews::mark_question(db.conn(), how, true, "Through a rotation", false).unwrap();
    interviews::mark_question(db.conn(), what, true, "Take the APICS course", true).unwrap();
    interviews::mark_question(db.conn(), whom, true, "Talk to Omar at Fabrikam", true).unwrap();
    let page = interviews::get(db.conn(), call.id).unwrap();
    assert_eq!(
        interviews::named_in_advice(&page),
        [Referral {
            full_name: "Omar".into(),
            organization: "Fabrikam".into(),
            ..Default::default()
        }]
    );
    let ended = started + Duration::minutes(25);
    // The user completes the name in the end-of-call form.
    let done = interviews::end_call(
        db.conn_mut(),
        call.id,
        &[Referral {
            full_name: "Omar Haddad".into(),
            organization: "Fabrikam".into(),
            ..Default::default()
        }],
        ended,
    )
    .unwrap();
    let kept = advice::for_contact(db.conn(), dana).unwrap();
    let texts: Vec<&str> = kept.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts.len(), 2);
    assert!(
        texts.contains(&"Take the APICS course") && texts.contains(&"Talk to Omar at Fabrikam")
    );
    let notes = interactions::get(db.conn(), done.interaction_id.unwrap())
        .unwrap()
        .notes;
    for a in &kept {
        assert_eq!(a.interaction_id, done.interaction_id);
        assert_eq!(a.given_at, ended);
        // The line it points to is the one that holds it.
        let line = notes.lines().nth(a.line.unwrap()).unwrap();
        assert_eq!(advice::text_of_line(line), a.text, "{notes}");
    }
    let omar = kept.iter().find(|a| a.text.contains("Omar")).unwrap();
    assert_eq!(omar.referral.as_ref().unwrap().full_name, "Omar Haddad");
    assert_eq!(
        kept.iter()
            .find(|a| a.text.contains("APICS"))
            .unwrap()
            .referral,
        None
    );
}

#[test]
fn the_thank_you_quotes_the_advice_and_the_check_in_reports_what_came_of_it() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes");
    let earlier = conversation(&mut db, dana, utc() - Duration::days(200), "Learn SQL");
    let talk = conversation(
        &mut db,
        dana,
        utc() - Duration::hours(3),
        "Take the APICS course.\nTalk to Omar at Fabrikam",
    );
    let old = advice::mark_line(db.conn(), earlier, 0, utc()).unwrap();
    let apics = advice::mark_line(db.conn(), talk, 0, utc()).unwrap();
    advice::mark_line(db.conn(), talk, 1, utc()).unwrap();

    let thanks = letter(&db, dana, Kind::ThankYou);
    assert!(
        thanks.body.contains(
            "I am already following your advice: “Take the APICS course” and “Talk to Omar at Fabrikam”."
        ),
        "only the last talk's advice: {}",
        thanks.body
    );

    // Nothing acted on yet: the check-in leaves a marked gap, never a blank.
    let check = letter(&db, dana, Kind::CheckIn);
    assert!(
        check
            .missing
            .contains(&"what you did with their advice".to_string()),
        "{:?}",
        check.missing
    );
    advice::act(db.conn(), old.id, "", utc()).unwrap();
    advice::act(db.conn(), apics.id, "I enrolled and finish in March", utc()).unwrap();
    let check = letter(&db, dana, Kind::CheckIn);
    assert!(
        check.body.contains(
            "You suggested “Learn SQL”, and I did. You suggested “Take the APICS course”. I enrolled and finish in March."
        ),
        "{}",
        check.body
    );
    assert!(!check
        .missing
        .contains(&"what you did with their advice".to_string()));
}

#[test]
fn the_check_in_reminder_shows_the_advice_and_what_came_of_it() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes");
    // Talked a year ago: the check-in is due.
    let talk = conversation(
        &mut db,
        dana,
        utc() - Duration::days(365),
        "a\nb\nc\nd\nTake the APICS course",
    );
    for line in 0..5 {
        advice::mark_line(db.conn(), talk, line, utc()).unwrap();
    }
    let cert = advice::for_contact(db.conn(), dana).unwrap()[0].id;
    advice::act(db.conn(), cert, "Enrolled", utc()).unwrap();
    let rules = settings::reminders(db.conn()).unwrap();
    let mut due =
        reminders::for_contact(db.conn(), &rules, &now(), DateStyle::default(), dana).unwrap();
    assert!(
        due.iter().any(|r| r.kind == ReminderKind::CheckIn),
        "{due:?}"
    );
    advice::attach(db.conn(), &mut due).unwrap();
    for r in &due {
        if r.kind == ReminderKind::CheckIn {
            assert_eq!(r.advice.len(), 3, "the latest three");
            assert_eq!(r.advice[0].text, "Take the APICS course");
            assert_eq!(r.advice[0].acted_note, "Enrolled");
        } else {
            assert!(r.advice.is_empty());
        }
    }
}

#[test]
fn advice_is_exported_and_read_back() {
    let mut db = Db::open_in_memory().unwrap();
    let dana = person(&mut db, "Dana Reyes");
    let talk = conversation(&mut db, dana, utc(), "Talk to Omar at Fabrikam");
    let tip = advice::mark_line(db.conn(), talk, 0, utc()).unwrap();
    let tip = advice::refer(db.conn_mut(), tip.id, &tip.names.clone().unwrap(), utc()).unwrap();
    advice::act(db.conn(), tip.id, "Wrote to him", utc()).unwrap();
    let before = advice::for_contact(db.conn(), dana).unwrap();
    let text = json::write(db.conn(), utc()).unwrap();
    let read = json::read(text.as_bytes()).unwrap();
    assert_eq!(advice::for_contact(&read, dana).unwrap(), before);
}
