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
    s.press(Some(keys::CONTROL), &[","]);
    let tray = s.wait_for("#s-closeToTray");
    s.wait_until("the settings to load", || {
        s.property(&tray, "checked").as_bool().filter(|c| *c)
    });
    s.click(&tray);
    s.wait_for_text("#toast", "Saved");

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
