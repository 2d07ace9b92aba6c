//! A person's page in the real window: who they are and what is next at a glance, their
//! story as the main column, links handed to the OS, quick logging, Edit mode, Undo.

mod support;

use std::path::Path;

use chrono::{Duration, Utc};
use rapport::contacts::{self, ContactInput, Source, Stage};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::interviews::{self, InterviewInput, Medium, Status};
use rapport::settings::{self, ReminderSettings};
use rapport::store::Db;
use serde_json::json;
use support::{keys, Harness, Options, Session};

struct Story {
    dana: i64,
}

/// Liz suggested Dana; Dana answered, talked three days ago (no thank-you yet), changed
/// roles, suggested Tomás, and has an interview on Thursday.
fn seed(dir: &Path) -> Story {
    let mut db = Db::open(dir).unwrap();
    settings::save_reminders(
        db.conn(),
        ReminderSettings {
            quiet_start: chrono::NaiveTime::MIN,
            quiet_end: chrono::NaiveTime::MIN,
            ..Default::default()
        },
    )
    .unwrap();
    let now = Utc::now();
    let liz = contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "Liz Darnell".into(),
            organization: "Contoso".into(),
            ..Default::default()
        },
        now - Duration::days(20),
    )
    .unwrap()
    .id;
    let input = |role: &str, stage| ContactInput {
        full_name: "Dana Reyes".into(),
        role: role.into(),
        organization: "Northwind Logistics".into(),
        emails: vec!["dana@northwind.example".into()],
        phone: "+1 415 555 0134".into(),
        profile_url: "https://www.linkedin.com/in/dana-reyes".into(),
        source: Some(Source::Referral),
        referred_by_id: Some(liz),
        tags: vec!["logistics".into(), "alumni".into()],
        in_common: "Both studied in Madison.".into(),
        notes: "Moved from operations into analytics in 2021.".into(),
        industry: "Logistics".into(),
        location: "Chicago".into(),
        stage,
        ..Default::default()
    };
    let dana = contacts::create(
        db.conn_mut(),
        input("Operations Analyst", Stage::ReachedOut),
        now - Duration::days(15),
    )
    .unwrap()
    .id;
    let mut log = |days: i64, channel, direction, outcome, notes: &str| {
        interactions::create(
            db.conn_mut(),
            InteractionInput {
                contact_id: dana,
                occurred_at: now - Duration::days(days),
                channel,
                direction,
                outcome,
                notes: notes.into(),
                purpose: None,
            },
            now,
        )
        .unwrap();
    };
    log(
        14,
        Channel::Email,
        Direction::Out,
        Some(Outcome::Sent),
        "Asked for 20 minutes about demand planning; Liz suggested I write.",
    );
    log(
        12,
        Channel::Email,
        Direction::In,
        Some(Outcome::Scheduled),
        "Happy to talk.",
    );
    log(
        3,
        Channel::VideoCall,
        Direction::Out,
        None,
        "Forecasting moved to weekly cycles; she suggested learning SQL well.",
    );
    contacts::update(
        db.conn_mut(),
        dana,
        input("Supply Chain Analyst", Stage::Interviewed),
        now - Duration::days(2),
    )
    .unwrap();
    contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "Tomás Alvarez".into(),
            organization: "Alpine Ski House".into(),
            referred_by_id: Some(dana),
            source: Some(Source::Referral),
            ..Default::default()
        },
        now - Duration::hours(60),
    )
    .unwrap();
    interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: now + Duration::days(4),
            duration_minutes: 30,
            medium: Medium::Video,
            place: "https://meet.example/dana".into(),
            status: Status::Scheduled,
            goal: "How analytics teams work with planners".into(),
        },
        now,
    )
    .unwrap();
    Story { dana }
}

fn open(s: &Session, id: i64) {
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/contacts/{id}")]),
    );
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.wait_for("#timeline .event");
}

#[test]
fn the_page_tells_the_persons_story_and_keeps_logging_and_editing_at_hand() {
    let (harness, _tools, opened) = support::harness_recording_opens();
    let story = seed(harness.data_dir.path());
    let s = harness.launch();
    open(&s, story.dana);

    // The card: role at organization, stage, how she was found, who referred whom, how to
    // reach her, and what comes next.
    let card = s.wait_for_text("#person-card", "Supply Chain Analyst");
    for expected in [
        "Supply Chain Analyst at Northwind Logistics",
        "Interviewed",
        "Found through Referral",
        "Referred by Liz Darnell",
        "Referred Tomás Alvarez",
        "dana@northwind.example",
        "+1 415 555 0134",
        "linkedin.com/in/dana-reyes",
    ] {
        assert!(
            card.contains(expected),
            "the card lacks {expected:?}: {card}"
        );
    }
    let next = s.wait_for_text("#next", "Thank-you note");
    assert!(next.contains("Interview"), "{next}");

    // The timeline is the main column, newest first, and starts on the first screen.
    let kinds = s.script(
        "return [...document.querySelectorAll('#timeline .event')].map(e => e.className.replace('event ', ''))",
        json!([]),
    );
    assert_eq!(
        kinds,
        json!([
            "interview",
            "moved",
            "referral",
            "interaction dir-out",
            "interaction dir-in",
            "interaction dir-out",
            "added"
        ])
    );
    let moved = s.wait_for_text("#timeline .event.moved", "New role");
    assert!(
        moved.contains("Operations Analyst → Supply Chain Analyst"),
        "{moved}"
    );
    s.wait_for_text("#timeline .event.added", "Referred by Liz Darnell");
    let visible = s.script(
        "const first = document.querySelector('#timeline .event');
         return first.getBoundingClientRect().bottom <= window.innerHeight",
        json!([]),
    );
    assert_eq!(visible, json!(true), "the timeline starts below the fold");
    s.screenshot("contact-page-light");

    // Email opens the mail app, the profile the browser; both through the OS.
    s.click(&s.wait_for("#reach a[href^='mailto:']"));
    s.click(&s.wait_for("#reach a[href^='https:']"));
    s.wait_until("the OS to be asked", || {
        let text = std::fs::read_to_string(&opened).ok()?;
        (text.lines().count() == 2).then_some(text)
    });
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        "mailto:dana@northwind.example\nhttps://www.linkedin.com/in/dana-reyes\n"
    );
    s.click(&s.wait_for("#reach .copy"));
    s.wait_for_text("#toast", "Email copied");
    // What was copied pastes anywhere: here, into the log's notes.
    let notes = s.wait_for("#f-log-notes");
    s.click(&notes);
    s.press(Some(keys::CONTROL), &["v"]);
    s.wait_until("the copied address to paste", || {
        (s.property(&notes, "value") == "dana@northwind.example").then_some(())
    });
    s.clear(&notes);

    // Logging stays one key away, with quick picks for when it happened.
    s.press(None, &["l"]);
    s.wait_until("the log form to have focus", || {
        (s.focused_id() == "f-log-channel").then_some(())
    });
    s.click(&s.wait_for("#when-picks [data-pick='yesterday']"));
    let picked = s.property(&s.wait_for("#f-log-occurredAt"), "value");
    let yesterday = (chrono::Local::now() - Duration::days(1)).format("%Y-%m-%dT%H:00");
    assert_eq!(picked, json!(yesterday.to_string()));
    s.type_into(&s.wait_for("#f-log-notes"), "Sent her the article on S&OP.");
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    let logged = s.wait_for_text("#timeline", "Sent her the article");
    assert!(logged.contains("yesterday"), "{logged}");

    // Edit mode: E opens every field; Esc asks before dropping a change; Ctrl+S saves it,
    // and the new role joins the story.
    s.press(None, &["e"]);
    let role = s.wait_for("#f-role");
    s.clear(&role);
    s.type_into(&role, "Head of Planning");
    s.screenshot("contact-page-editing");
    s.press(None, &[keys::ESCAPE]);
    harness.answer_dialog("Unsaved changes", "Escape");
    assert_eq!(
        s.property(&s.wait_for("#f-role"), "value"),
        "Head of Planning"
    );
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_text("#role-line", "Head of Planning at Northwind Logistics");
    assert!(s.try_find("#contact-form").is_none(), "still editing");
    s.wait_for_text(
        "#timeline .event.moved",
        "Supply Chain Analyst → Head of Planning",
    );
    // Esc without a change simply leaves Edit mode.
    s.press(None, &["e"]);
    s.wait_for("#f-role");
    s.press(None, &[keys::ESCAPE]);
    s.wait_until("Edit mode to close", || {
        s.try_find("#contact-form").is_none().then_some(())
    });
    s.quit();
}

#[test]
fn done_can_be_undone_and_the_timeline_shows_what_it_logged() {
    let harness = Harness::start();
    let story = seed(harness.data_dir.path());
    let s = harness.launch();
    s.wait_for_text("#bucket-overdue", "Send a thank-you note");
    s.click_css("#bucket-overdue .reminder button.primary");
    s.wait_for_text("#toast", "Undo");
    s.wait_until("the reminder to leave Today", || {
        s.try_find("#bucket-overdue").is_none().then_some(())
    });
    // The offer to undo waits while the pointer rests on it, however long the user reads.
    let toast_shows = || s.script("return !document.getElementById('toast').hidden", json!([]));
    s.point_at(Some(&s.wait_for("#toast")));
    std::thread::sleep(std::time::Duration::from_secs(10));
    assert_eq!(
        toast_shows(),
        json!(true),
        "the offer to undo went while pointed at"
    );
    s.screenshot("undo-held");
    // Ctrl+Z takes it back: the reminder returns and nothing stays logged.
    s.press(Some(keys::CONTROL), &["z"]);
    s.wait_for_text("#toast", "open again");
    s.wait_for_text("#bucket-overdue", "Send a thank-you note");
    open(&s, story.dana);
    assert!(!s
        .texts("#timeline .event strong")
        .contains(&"Thank-you note".to_string()));

    // Done again, kept: the timeline says what was logged.
    s.press(None, &["t"]);
    s.point_at(None);
    s.click_css("#bucket-overdue .reminder button.primary");
    s.wait_for_text("#toast", "logged on the timeline");
    // Left alone, it goes in a few seconds, not before the user can reach it.
    let shown = std::time::Instant::now();
    s.wait_until("the offer to undo to go", || {
        (toast_shows() == json!(false)).then_some(())
    });
    assert!(
        shown.elapsed() >= std::time::Duration::from_secs(6),
        "the offer to undo went after {:?}",
        shown.elapsed()
    );
    open(&s, story.dana);
    let first = s.wait_for_text("#timeline .event.interaction", "Thank-you note");
    assert!(first.contains("Email · Outgoing · Sent"), "{first}");
    s.quit();
}

#[test]
fn the_page_in_the_dark_and_at_200_percent() {
    let harness = Harness::with(Options {
        env: &[("GTK_THEME", "Adwaita:dark")],
        ..Options::default()
    });
    let story = seed(harness.data_dir.path());
    let s = harness.launch();
    open(&s, story.dana);
    s.screenshot("contact-page-dark");
    s.zoom_to_200();
    s.wait_for_text("#person-card h1", "Dana Reyes");
    let sideways = s.script(
        "const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth",
        json!([]),
    );
    assert!(
        sideways.as_f64().unwrap() <= 1.0,
        "scrolls sideways by {sideways}"
    );
    s.screenshot("contact-page-dark-200");
    s.quit();
}

#[test]
fn notes_typed_and_not_logged_outlive_leaving_the_page_and_a_crash() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let story = seed(harness.data_dir.path());
    let kept = || {
        let db = Db::open(harness.data_dir.path()).unwrap();
        interactions::draft(db.conn(), story.dana).unwrap()
    };
    let s = harness.launch();
    open(&s, story.dana);
    let notes = s.wait_for("#f-log-notes");
    s.type_into(&notes, "She will intro me to the planning lead;");
    // Another screen and back: no question, and the words are where they were.
    s.script("document.activeElement.blur()", json!([]));
    s.press(None, &["t"]);
    s.wait_for("#view .today, #view h1");
    open(&s, story.dana);
    s.wait_until("the notes typed before", || {
        (s.property(&s.wait_for("#f-log-notes"), "value")
            == "She will intro me to the planning lead;")
            .then_some(())
    });
    s.type_into(&s.wait_for("#f-log-notes"), " send her my CV first.");
    s.wait_until("the notes kept", || {
        kept().ends_with("send her my CV first.").then_some(())
    });

    // Rapport dies: the notes are there when it comes back, and said to be unlogged.
    harness.kill_app();
    s.quit();
    let s = harness.launch();
    open(&s, story.dana);
    s.wait_for_text("#log-status", "Not logged yet");
    assert_eq!(
        s.property(&s.wait_for("#f-log-notes"), "value"),
        "She will intro me to the planning lead; send her my CV first."
    );
    s.screenshot("contact-page-notes-kept-after-a-crash");
    // Logged: in the timeline, and kept no more.
    s.click(&s.wait_for("#f-log-notes"));
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    s.wait_for_text("#timeline", "send her my CV first.");
    assert_eq!(s.property(&s.wait_for("#f-log-notes"), "value"), "");
    assert_eq!(kept(), "");
    s.quit();
}
