//! Preparing an interview and running the call full screen, in the real window.

mod support;

use chrono::{Duration, Utc};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::interviews::{self, InterviewInput, Medium, Status};
use rapport::store::Db;
use serde_json::json;
use support::{keys, Harness, Options, Session};

fn seed_contact(harness: &Harness) -> i64 {
    let mut db = Db::open(harness.data_dir.path()).unwrap();
    contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "Dana Reyes".into(),
            organization: "Northwind Logistics".into(),
            role: "Supply Chain Analyst".into(),
            stage: Stage::ReachedOut,
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id
}

/// An interview with Dana, `minutes` long, starting `in_hours` from now.
fn seed_interview(
    harness: &Harness,
    dana: i64,
    in_hours: i64,
    minutes: u32,
    medium: Medium,
) -> i64 {
    let mut db = Db::open(harness.data_dir.path()).unwrap();
    interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: Utc::now() + Duration::hours(in_hours),
            duration_minutes: minutes,
            medium,
            place: "https://meet.example/dana".into(),
            status: Status::Scheduled,
            goal: "Learn how she moved into analytics".into(),
        },
        Utc::now(),
    )
    .unwrap()
    .id
}

fn checked(s: &Session) -> Vec<bool> {
    s.script(
        "return [...document.querySelectorAll('#call-questions li input[type=checkbox]')].map(b => b.checked)",
        json!([]),
    )
    .as_array()
    .map(|a| a.iter().map(|v| v.as_bool().unwrap_or(false)).collect())
    .unwrap_or_default()
}

#[test]
fn prepare_run_the_call_full_screen_resume_after_a_crash_and_end_with_referrals() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let dana = seed_contact(&harness);
    let s = harness.launch();

    // Schedule from her page; the prep opens.
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/contacts/{dana}")]),
    );
    s.click(&s.wait_for("#schedule-interview"));
    s.type_into(
        &s.wait_for("#f-i-goal"),
        "Learn how she moved into analytics",
    );
    s.click(&s.wait_for("#schedule-submit"));
    s.wait_for_text(".pagehead h1", "Prepare: Dana Reyes");
    let before = s.wait_for_text("#readiness", "Prepared");

    // Research, a speech, a question of my own.
    s.type_into(
        &s.wait_for("#p-industryNotes"),
        "Nearshoring; demand sensing.",
    );
    s.click(&s.wait_for("#p-industryDone"));
    s.type_into(
        &s.wait_for("#p-elevatorSpeech"),
        &"I am a data analyst exploring supply chain roles. ".repeat(9),
    );
    s.wait_for_text("#speech-length", "good");
    let own = s.wait_for("#new-question");
    s.type_into(&own, "How do you forecast demand?");
    s.press(None, &[keys::ENTER]);
    s.wait_until("my question in the list", || {
        s.script(
            "return [...document.querySelectorAll('#questions .qtext')].map(q => q.value)",
            json!([]),
        )
        .as_array()
        .filter(|a| a.iter().any(|v| v == "How do you forecast demand?"))
        .map(|_| ())
    });
    s.wait_until("readiness to rise", || {
        let now = s.text(&s.wait_for("#readiness"));
        (now != before).then_some(())
    });
    s.screenshot("prep-1280");
    assert!(!harness.window_fullscreen(), "full screen before the call");

    // Call mode: the window goes truly full screen.
    s.click(&s.wait_for("#start-call"));
    s.wait_for("#clock");
    s.wait_until("the window to go full screen", || {
        harness.window_fullscreen().then_some(())
    });
    let rect = s.window_rect();
    assert_eq!(
        (rect["width"].as_i64(), rect["height"].as_i64()),
        (Some(1280), Some(800))
    );
    // Tick two questions with notes, from the keyboard.
    s.wait_until("the first question to have focus", || {
        s.script(
            "return document.activeElement.closest('#call-questions') !== null",
            json!([]),
        )
        .as_bool()
        .filter(|f| *f)
    });
    s.press(None, &[" ", keys::TAB]);
    s.press(None, &["S", "Q", "L"]);
    s.press(None, &[keys::ENTER, " ", keys::TAB]);
    s.press(None, &["v", "e", "n", "d", "o", "r", "s"]);
    s.press(None, &[keys::ENTER]);
    s.wait_until("two ticks", || {
        checked(&s).starts_with(&[true, true]).then_some(())
    });
    s.screenshot("call-mode-1280");
    std::thread::sleep(std::time::Duration::from_millis(800)); // the notes' debounce

    // A crash mid-call; on restart Rapport offers to resume, ticks kept.
    harness.kill_app();
    s.quit();
    let s = harness.launch();
    s.wait_for_text("#toast", "still running");
    s.click(&s.wait_for("#toast-action"));
    s.wait_for("#clock");
    s.wait_until("the ticks kept", || {
        checked(&s).starts_with(&[true, true]).then_some(())
    });
    let notes = s.script(
        "return [...document.querySelectorAll('#call-questions input.note')].map(n => n.value)",
        json!([]),
    );
    assert_eq!(notes[0], "SQL");
    assert_eq!(notes[1], "vendors");

    // End the call: confirm, name a referral, land on her page.
    s.press(Some(keys::CONTROL), &["e"]);
    harness.answer_dialog("End call", "Return");
    s.type_into(&s.wait_for("#referrals-form .ref-name"), "Tomás Alvarez");
    s.type_into(&s.wait_for("#referrals-form .ref-org"), "Alpine Ski House");
    s.click(&s.wait_for("#finish-call"));
    s.wait_until("her page", || {
        (s.hash() == format!("#/contacts/{dana}")).then_some(())
    });
    let talk = s.wait_for_text("#timeline .event", "Video call");
    assert!(talk.contains("SQL") && talk.contains("vendors"), "{talk}");
    s.wait_for_text("#referrals", "Tomás Alvarez");
    s.wait_until("the window to leave full screen", || {
        (!harness.window_fullscreen()).then_some(())
    });

    // The thank-you clock has started.
    s.press(None, &["t"]);
    s.wait_for_text(
        "#today",
        "Send a thank-you note to \u{2068}Dana Reyes\u{2069}",
    );
    s.quit();
}

#[test]
fn prep_and_call_mode_on_a_large_screen() {
    let harness = Harness::with(Options {
        screen: "1920x1080x24",
        window_manager: true,
        ..Options::default()
    });
    let dana = seed_contact(&harness);
    let id = seed_interview(&harness, dana, 2, 20, Medium::Video);
    let s = harness.launch();
    s.wait_for_text("#upcoming-interviews", "Dana Reyes");
    s.screenshot("today-with-interview-1920");
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/interviews/{id}")]),
    );
    s.wait_for_text(".pagehead h1", "Prepare: Dana Reyes");
    s.screenshot("prep-1920");
    s.click(&s.wait_for("#start-call"));
    s.wait_for("#clock");
    s.wait_until("the window to go full screen", || {
        harness.window_fullscreen().then_some(())
    });
    s.screenshot("call-mode-1920");
    s.quit();
}

#[test]
fn winding_down_brings_the_closing_questions_up_and_esc_asks_before_leaving() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let dana = seed_contact(&harness);
    // Five minutes agreed, and the wind-down starts five minutes before the end: at once.
    let id = seed_interview(&harness, dana, 0, 5, Medium::Phone);
    let s = harness.launch();
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/interviews/{id}/call")]),
    );
    s.wait_until("the wind-down cue", || {
        s.script(
            "return document.querySelector('#call')?.dataset.phase",
            json!([]),
        )
        .as_str()
        .filter(|p| *p == "wind_down")
        .map(|_| ())
    });
    s.wait_for_text("#phase", "wind down");
    let first = s.texts("#call-questions li .qtext");
    assert_eq!(
        first.first().map(String::as_str),
        Some("What should I have asked you that I didn't?"),
        "{first:?}"
    );
    s.screenshot("call-mode-wind-down");

    // Esc asks first while the timer runs: staying keeps the call, leaving returns to the prep.
    s.press(None, &[keys::ESCAPE]);
    harness.answer_dialog("Leave call mode", "Escape");
    s.wait_for("#clock");
    assert!(harness.window_fullscreen());
    s.press(None, &[keys::ESCAPE]);
    harness.answer_dialog("Leave call mode", "Return");
    s.wait_for_text(".pagehead h1", "Prepare: Dana Reyes");
    s.wait_until("the window to leave full screen", || {
        (!harness.window_fullscreen()).then_some(())
    });
    s.wait_for_text("#start-call", "Resume call");
    s.quit();
}

#[test]
fn a_note_typed_as_the_call_winds_down_keeps_its_words_and_its_focus() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let dana = seed_contact(&harness);
    // Six minutes agreed, started 50 s ago: the wind-down comes 10 s from now, while the
    // user types a note.
    let id = seed_interview(&harness, dana, 0, 6, Medium::Phone);
    {
        let db = Db::open(harness.data_dir.path()).unwrap();
        interviews::start_call(db.conn(), id, Utc::now() - Duration::seconds(50)).unwrap();
    }
    let s = harness.launch();
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/interviews/{id}/call")]),
    );
    let phase = || {
        s.script(
            "return document.querySelector('#call')?.dataset.phase ?? ''",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    s.wait_until("the call running", || (phase() == "running").then_some(()));
    // Resumed: the offer to resume, made at start, is gone.
    s.wait_until("the offer to resume gone", || {
        s.script("return document.getElementById('toast').hidden", json!([]))
            .as_bool()
            .filter(|hidden| *hidden)
    });
    let note = s.wait_for("#call-questions li:first-child input.note");
    s.click(&note);
    s.press(None, &["S", "h", "e", " "]);
    s.wait_until("the wind-down", || (phase() == "wind_down").then_some(()));
    s.press(None, &["l", "e", "d"]);
    let typed = s.script(
        "const a = document.activeElement;
         return [a.classList.contains('note'), a.value, a.closest('li').querySelector('.qtext').textContent]",
        json!([]),
    );
    assert_eq!(typed[0], json!(true), "the focus left the note: {typed}");
    assert_eq!(typed[1], json!("She led"), "{typed}");
    s.screenshot("call-mode-note-through-wind-down");
    // Saved under the question it was typed for.
    let question = typed[2].as_str().unwrap().to_string();
    s.wait_until("the note saved", || {
        let db = Db::open(harness.data_dir.path()).unwrap();
        let saved = interviews::get(db.conn(), id).unwrap().questions;
        saved
            .iter()
            .any(|q| q.text == question && q.note == "She led")
            .then_some(())
    });
    s.quit();
}
