//! Rapport as a desktop citizen: one instance, started hidden in the tray at login.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{keys, Harness};

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
    s.click(&checkbox);
    wait("the autostart entry", || exists(&entry));
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("--hidden"), "{text}");
    s.screenshot("settings");
    s.click(&checkbox);
    wait("the autostart entry to go", || !exists(&entry));
    s.quit();
}
