//! Reminders reach the desktop: a real notification server on a private D-Bus session bus.

mod support;

use std::time::{Duration as StdDuration, Instant};

use rapport::store::Db;
use support::{Harness, Options};

fn seed_overdue_thank_you(harness: &Harness) {
    support::seed_overdue_thank_you(harness.data_dir.path());
}

fn wait_for_notification(harness: &Harness, text: &str) -> String {
    let start = Instant::now();
    loop {
        let seen = harness.bus.notifications();
        if seen.contains(text) {
            return seen;
        }
        assert!(
            start.elapsed() < StdDuration::from_secs(10),
            "no notification containing {text:?} within 10 s; the bus saw:\n{seen}"
        );
        std::thread::sleep(StdDuration::from_millis(100));
    }
}

#[test]
fn an_overdue_thank_you_is_notified_once_and_done_stays_done() {
    let harness = Harness::with(Options {
        notification_server: true,
        ..Options::default()
    });
    seed_overdue_thank_you(&harness);

    let s = harness.launch();
    let seen = wait_for_notification(
        &harness,
        "Send a thank-you note to \u{2068}Dana Reyes\u{2069}",
    );
    assert!(seen.contains("Thank-you note due"), "{seen}");
    let overdue = s.wait_for_text("#bucket-overdue", "Dana Reyes");
    assert!(overdue.contains("Overdue since"), "{overdue}");
    s.wait_for_text("#due-count", "1");
    s.wait_until("the count in the window title", || {
        harness
            .window_titles()
            .contains(&"Rapport — 1 due".to_string())
            .then_some(())
    });
    s.screenshot("today-overdue");
    assert_eq!(harness.bus.notify_count(), 1);

    // Done logs the thank-you; it leaves Today and the timeline shows it.
    s.click(&s.wait_for("#bucket-overdue .reminder button.primary"));
    s.wait_for_text("#today", "Nothing is due");
    s.quit();

    // A new start catches up on what is due: nothing, so nothing fires again.
    let s = harness.launch();
    s.wait_for_text("#today", "Nothing is due");
    std::thread::sleep(StdDuration::from_secs(2));
    assert_eq!(
        harness.bus.notify_count(),
        1,
        "{}",
        harness.bus.notifications()
    );
    s.press(None, &["c"]);
    s.click(&s.wait_for("#people .person"));
    s.wait_for_text("#timeline", "Thank-you note");
    s.quit();
}

#[test]
fn without_a_notification_server_the_reminder_is_still_listed() {
    let harness = Harness::start();
    seed_overdue_thank_you(&harness);
    let s = harness.launch();
    s.wait_for_text(
        "#bucket-overdue",
        "Send a thank-you note to \u{2068}Dana Reyes\u{2069}",
    );
    // Rapport tried (the bus saw the call) but nobody showed it: it is not marked notified,
    // so it is tried again, and it stays listed.
    s.wait_until("an attempt to notify", || {
        (harness.bus.notify_count() > 0).then_some(())
    });
    let db = Db::open(harness.data_dir.path()).unwrap();
    let notified: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM reminder_log WHERE notified_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        notified, 0,
        "a notification nobody showed was marked notified"
    );
    s.press(None, &["t"]);
    s.wait_for_text("#bucket-overdue", "Dana Reyes");
    s.quit();
}

#[test]
fn a_reminder_snoozed_to_a_picked_date_leaves_today_until_then() {
    let harness = Harness::start();
    seed_overdue_thank_you(&harness);
    let s = harness.launch();
    s.wait_for_text("#bucket-overdue", "Dana Reyes");
    // The date field is made when asked for, not on every row.
    assert!(s.try_find("#today .picker").is_none());
    s.click_css("#bucket-overdue select.snooze option[value='pick']");
    const DATE: &str = "#bucket-overdue .picker input[type='date']";
    s.wait_for(DATE);
    s.wait_until("the date field to take the focus", || {
        (s.script(
            "return document.activeElement === document.querySelector(arguments[0])",
            serde_json::json!([DATE]),
        ) == serde_json::json!(true))
        .then_some(())
    });
    // Snooze with no date says so and changes nothing.
    s.click_css("#bucket-overdue .picker button");
    s.wait_for_text("#toast", "Choose a date to snooze until.");
    s.script(
        "document.querySelector(arguments[0]).value = '2031-03-14'",
        serde_json::json!([DATE]),
    );
    s.screenshot("today-snooze-picker");
    s.click_css("#bucket-overdue .picker button");
    s.wait_for_text("#toast", "Snoozed until");
    s.wait_for_text("#today", "Nothing is due");
    let db = Db::open(harness.data_dir.path()).unwrap();
    let until: String = db
        .conn()
        .query_row(
            "SELECT snoozed_until FROM reminder_log WHERE snoozed_until IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(until.starts_with("2031-03-14"), "{until}");
    s.quit();
}
