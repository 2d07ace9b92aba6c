//! Rapport as a desktop citizen: one instance, started hidden in the tray at login.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{keys, Harness, Options};

fn wait(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Turns "Closing the window keeps Rapport running in the tray" off in Settings.
fn keep_no_tray(s: &support::Session) {
    s.press(Some(keys::CONTROL), &[","]);
    let tray = s.wait_for("#s-closeToTray");
    s.wait_until("the settings to load", || {
        s.property(&tray, "checked").as_bool().filter(|c| *c)
    });
    s.click(&tray);
    s.wait_for_text("#toast", "Saved");
}

#[test]
fn started_hidden_at_login_a_second_launch_brings_the_window_back() {
    let harness = Harness::start();
    let s = harness.launch_with(&["--hidden"]);
    wait("the window to stay hidden", || !harness.window_visible());
    // Without a window, the tray is the way in: it is there from the start.
    assert_eq!(
        harness.bus.tray_icons().len(),
        1,
        "no tray icon while hidden"
    );
    let status = harness.run_app();
    assert!(status.success(), "the second launch failed: {status}");
    wait("the window to show", || harness.window_visible());
    // Still the same, working window.
    s.press(None, &["c"]);
    s.wait_for_text("#people", "Your contact log is empty");
    s.quit();
}

#[test]
fn launch_at_login_is_registered_with_the_os_and_removed_again() {
    let harness = Harness::start();
    let s = harness.launch();
    s.press(Some(keys::CONTROL), &[","]);
    let checkbox = s.wait_for("#s-launchAtLogin");
    s.wait_for_text("#settings-form", "Reminders");
    let entry = harness
        .home
        .path()
        .join(".config/autostart/Rapport.desktop");
    let exists = |p: &Path| p.exists();
    assert!(!exists(&entry));
    s.wait_until("the question bank", || {
        s.script(
            "return [...document.querySelectorAll('#bank .qtext')].map(q => q.value)",
            serde_json::json!([]),
        )
        .as_array()
        .filter(|a| a.iter().any(|v| v == "Whom else should I talk to?"))
        .map(|_| ())
    });
    s.script(
        "document.getElementById('bank').scrollIntoView()",
        serde_json::json!([]),
    );
    s.screenshot("settings-question-bank");
    s.click(&checkbox);
    // Written by the launch-at-login plugin, which creates the file before it fills it.
    wait("the autostart entry", || {
        std::fs::metadata(&entry).is_ok_and(|m| m.len() > 0)
    });
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("--hidden"), "{text}");
    s.screenshot("settings");
    s.click(&checkbox);
    wait("the autostart entry to go", || !exists(&entry));
    s.quit();
}

#[test]
fn closing_the_window_keeps_rapport_in_the_tray() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let s = harness.launch();
    wait("the window to show", || harness.window_visible());
    // The tray icon comes once the first screen is drawn, before the window says it is ready.
    assert_eq!(
        harness.bus.tray_icons().len(),
        1,
        "no tray icon to come back by"
    );
    harness.close_window();
    wait("the window to hide", || !harness.window_visible());
    assert!(harness.app_running(), "closing the window quit Rapport");
    // The hidden window keeps working, and a second launch brings it back.
    s.press(None, &["c"]);
    s.wait_for_text("#people", "Your contact log is empty");
    assert!(harness.run_app().success());
    wait("the window to show again", || harness.window_visible());
    s.quit();
}

#[test]
fn with_the_tray_turned_off_closing_saves_what_was_typed_and_quits() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let s = harness.launch();
    keep_no_tray(&s);

    // A new contact, saved; then a role typed but not saved.
    s.press(None, &["n"]);
    s.type_into(&s.wait_for("#f-fullName"), "Dana Reyes");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_saved_contact("Dana Reyes");
    s.press(None, &["e"]);
    s.type_into(&s.wait_for("#f-role"), "Supply Chain Analyst");
    s.wait_for_text(".formbar .status", "Unsaved changes");

    harness.close_window();
    wait("Rapport to quit", || !harness.app_running());
    s.quit(); // ends the WebDriver session of the window that is gone

    let s = harness.launch();
    s.press(None, &["c"]);
    s.wait_until("the role typed before closing", || {
        (s.texts("#people .person .sub") == ["Supply Chain Analyst"]).then_some(())
    });
    s.quit();
}

/// Closing the window while an import of thousands is being written: the window waits
/// for it, then goes, and every person is in the log the next time.
#[test]
fn closing_in_the_middle_of_an_import_keeps_all_of_it() {
    const PEOPLE: usize = 8_000;
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let file = harness.home.path().join("Connections.csv");
    let mut csv =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for n in 0..PEOPLE {
        csv += &format!(
            "Person,Number {n},https://www.linkedin.com/in/person-{n},,Org {},Analyst,22 Dec 2025\n",
            n % 500
        );
    }
    std::fs::write(&file, csv).unwrap();
    let s = harness.launch();
    keep_no_tray(&s);

    s.script("location.hash = '#/data'", serde_json::json!([]));
    s.wait_for("#import-linkedin");
    s.preview_file(&file, "linkedin");
    // Written as the locale writes numbers ("8,000", or "8000" where there is none).
    let summary = s.wait_for_text("#preview-summary", " new ·");
    assert!(
        summary
            .replace([',', '.', '\u{a0}', '\u{202f}'], "")
            .starts_with(&format!("{PEOPLE} new")),
        "{summary}"
    );
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    s.wait_for_text("#import-progress", "Importing…");
    harness.close_window();
    s.wait_for_text(
        "#import-progress",
        "Rapport closes once the import is written.",
    );
    s.screenshot("closing-waits-for-the-import");
    wait("Rapport to quit once the import is in", || {
        !harness.app_running()
    });
    s.quit(); // ends the WebDriver session of the window that is gone

    let db = rapport::store::Db::open(harness.data_dir.path()).unwrap();
    let people: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, PEOPLE as i64);
}

#[test]
fn a_contact_log_that_cannot_be_opened_is_explained_and_nothing_starts() {
    let harness = Harness::start();
    // A file where the data folder should be.
    let blocker = harness.home.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let app = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env("DISPLAY", &harness.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &harness.bus.address)
        .env("HOME", harness.home.path())
        .env("NO_AT_BRIDGE", "1")
        .env("RAPPORT_DATA_DIR", &blocker)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    harness.answer_dialog("Rapport could not start", "Return");
    let out = app.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("cannot open the contact log"), "{said}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

/// Closing the window a moment after typing, wherever the words are: a prep saved as it
/// is typed is saved at once; unsaved settings are saved; a message not yet
/// sent is asked about, and the window stays until the user says.
#[test]
fn closing_right_after_typing_loses_no_word_anywhere() {
    use chrono::{Duration as Days, Utc};
    use rapport::contacts::{self, ContactInput};
    use rapport::interviews::{self, InterviewInput, Medium, Status};
    use rapport::settings::{self, AppSettings};
    use rapport::store::Db;

    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let (dana, interview) = {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        settings::save_app(
            db.conn(),
            AppSettings {
                close_to_tray: false,
                launch_at_login: false,
            },
        )
        .unwrap();
        let dana = contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: "Dana Reyes".into(),
                emails: vec!["dana@northwind.example".into()],
                ..Default::default()
            },
            Utc::now(),
        )
        .unwrap()
        .id;
        let input = InterviewInput {
            contact_id: dana,
            scheduled_at: Utc::now() + Days::hours(3),
            duration_minutes: 20,
            medium: Medium::Video,
            place: String::new(),
            status: Status::Scheduled,
            goal: "Learn the job".into(),
        };
        let interview = interviews::create(db.conn_mut(), input, Utc::now())
            .unwrap()
            .id;
        (dana, interview)
    };
    let closed_at_once = |s: support::Session| {
        harness.close_window();
        wait("Rapport to quit", || !harness.app_running());
        s.quit();
    };

    // The prep: the window closed before its pause to save.
    let s = harness.launch();
    s.script(
        "location.hash = arguments[0]",
        serde_json::json!([format!("#/interviews/{interview}")]),
    );
    let speech = s.wait_for("#p-elevatorSpeech");
    s.type_into(&speech, "I am moving from teaching into analytics.");
    closed_at_once(s);
    let prep = |db: &Db| interviews::get(db.conn(), interview).unwrap().prep;
    let db = Db::open(harness.data_dir.path()).unwrap();
    assert_eq!(
        prep(&db).elevator_speech,
        "I am moving from teaching into analytics."
    );
    drop(db);

    // Settings and My search, changed and not saved: saved on the way out.
    let s = harness.launch();
    s.press(Some(keys::CONTROL), &[","]);
    let holidays = s.wait_for("#s-holidays");
    s.wait_for_text("#settings-form", "Reminders");
    s.type_into(&holidays, "2026-12-24");
    s.wait_for_text("#settings-form .status", "Unsaved changes");
    closed_at_once(s);
    let db = Db::open(harness.data_dir.path()).unwrap();
    let days = settings::reminders(db.conn()).unwrap().holidays;
    assert_eq!(
        days.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["2026-12-24"]
    );
    drop(db);

    // A message being written: asked about; kept writing, the window stays.
    let s = harness.launch();
    s.script(
        "location.hash = arguments[0]",
        serde_json::json!([format!("#/write/{dana}")]),
    );
    let body = s.wait_for("#compose-body");
    s.type_into(&body, " One more line of my own.");
    harness.close_window();
    harness.answer_dialog("Unsent message", "Escape");
    assert!(harness.app_running() && harness.window_visible());
    assert!(s
        .property(&s.wait_for("#compose-body"), "value")
        .as_str()
        .unwrap()
        .ends_with("One more line of my own."));
    s.screenshot("closing-asks-about-an-unsent-message");
    harness.close_window();
    harness.answer_dialog("Unsent message", "Return");
    wait("Rapport to quit", || !harness.app_running());
    s.quit();
}
