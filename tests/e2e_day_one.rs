//! What a new user meets on day one, in the real window with a real notification server:
//! changes show at once everywhere, quiet hours hold, hostile text stays text, long text
//! never widens a page.

mod support;

use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Local, NaiveTime, Timelike, Utc};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::dates::{self, DateStyle};
use rapport::interviews::{self, InterviewInput, Medium, Status};
use rapport::store::Db;
use serde_json::json;
use support::{keys, quiet_hours, talked, Harness, Notify, Options, Session};

fn with_server() -> Options<'static> {
    Options {
        notification_server: true,
        ..Options::default()
    }
}

fn person(db: &mut Db, name: &str, organization: &str, stage: Stage) -> i64 {
    contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: name.into(),
            organization: organization.into(),
            role: "Analyst".into(),
            stage,
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id
}

fn go(s: &Session, hash: &str) {
    s.script("location.hash = arguments[0]", json!([hash]));
}

fn wait_for_notice(harness: &Harness, summary: &str) -> Notify {
    let start = Instant::now();
    loop {
        if let Some(n) = harness
            .bus
            .notify_calls()
            .into_iter()
            .find(|n| n.summary == summary)
        {
            return n;
        }
        assert!(
            start.elapsed() < StdDuration::from_secs(10),
            "no notification {summary:?}; the bus saw:\n{}",
            harness.bus.notifications()
        );
        std::thread::sleep(StdDuration::from_millis(50));
    }
}

/// The notification came from Rapport, with an image the server can show.
fn assert_from_rapport(n: &Notify) {
    assert_eq!(n.app_name, "Rapport", "{n:?}");
    match n.icon.strip_prefix("file://") {
        Some(path) => {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("icon {path}: {e}"));
            assert!(bytes.starts_with(b"\x89PNG"), "the icon is no PNG: {path}");
        }
        None => assert_eq!(n.icon, "rapport", "neither a file nor the installed icon"),
    }
    assert!(
        n.actions.iter().any(|a| a == "default"),
        "not clickable: {n:?}"
    );
}

#[test]
fn logging_a_conversation_notifies_and_counts_it_within_three_seconds() {
    let harness = Harness::with(with_server());
    let dana = {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        quiet_hours(&db, None);
        person(
            &mut db,
            "Dana Reyes",
            "Northwind Logistics",
            Stage::Scheduled,
        )
    };
    let s = harness.launch();
    go(&s, &format!("#/contacts/{dana}"));
    s.wait_for_text("#person-card h1", "Dana Reyes");
    assert_eq!(harness.bus.notify_count(), 0);
    s.choose("#f-log-channel", "video_call");
    s.type_into(&s.wait_for("#f-log-notes"), "Talked about demand planning.");

    let logged = Instant::now();
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    let notice = wait_for_notice(&harness, "Thank-you note due");
    let notified = logged.elapsed();
    s.wait_for_text("#due-count", "1");
    let counted = logged.elapsed();
    s.wait_until("the count in the window title", || {
        harness
            .window_titles()
            .contains(&"Rapport — 1 due".to_string())
            .then_some(())
    });
    let titled = logged.elapsed();
    let limit = StdDuration::from_secs(3);
    assert!(notified < limit, "notified after {notified:?}");
    assert!(counted < limit, "the badge showed after {counted:?}");
    assert!(titled < limit, "the title changed after {titled:?}");
    assert!(
        notice
            .body
            .starts_with("Send a thank-you note to \u{2068}Dana Reyes\u{2069}"),
        "{notice:?}"
    );
    assert_from_rapport(&notice);
    s.screenshot("logged-and-notified");
    s.quit();
}

#[test]
fn ending_a_call_moves_the_list_row_and_lists_the_referral() {
    let harness = Harness::with(Options {
        window_manager: true,
        ..Options::default()
    });
    let (dana, interview) = {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        let dana = person(
            &mut db,
            "Dana Reyes",
            "Northwind Logistics",
            Stage::ReachedOut,
        );
        let interview = interviews::create(
            db.conn_mut(),
            InterviewInput {
                contact_id: dana,
                scheduled_at: Utc::now() + Duration::minutes(5),
                duration_minutes: 20,
                medium: Medium::Video,
                place: String::new(),
                status: Status::Scheduled,
                goal: "Learn how she moved into analytics".into(),
            },
            Utc::now(),
        )
        .unwrap()
        .id;
        (dana, interview)
    };
    let s = harness.launch();
    s.press(None, &["c"]);
    s.wait_for_text("#people .person", "Scheduled");
    s.wait_for_text("#count", "1 person");

    go(&s, &format!("#/interviews/{interview}/call"));
    s.wait_for("#clock");
    s.press(Some(keys::CONTROL), &["e"]);
    harness.answer_dialog("End call", "Return");
    s.type_into(&s.wait_for("#referrals-form .ref-name"), "Tomás Alvarez");
    s.type_into(&s.wait_for("#referrals-form .ref-org"), "Alpine Ski House");
    s.click(&s.wait_for("#finish-call"));
    s.wait_until("her page", || {
        (s.hash() == format!("#/contacts/{dana}")).then_some(())
    });
    // The list beside her page follows: her new stage, and the person she suggested.
    s.wait_until("the list to follow the call", || {
        let rows = s.texts("#people .person");
        let dana_row = rows.iter().find(|r| r.contains("Dana Reyes"))?;
        (dana_row.contains("Interviewed") && rows.iter().any(|r| r.contains("Tomás Alvarez")))
            .then_some(())
    });
    s.wait_for_text("#count", "2 people");
    s.wait_for_text("#stage", "Interviewed");
    s.wait_for_text("#referrals", "Tomás Alvarez");
    s.screenshot("after-the-call");
    s.quit();
}

#[test]
fn markup_and_a_right_to_left_override_stay_text_everywhere() {
    let hostile = "<img src=x> \u{202E}Dana Reyes";
    let harness = Harness::with(with_server());
    let id = {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        quiet_hours(&db, None);
        let id = person(&mut db, hostile, "<![CDATA[Northwind]]>", Stage::Scheduled);
        talked(&mut db, id, 50);
        id
    };
    let s = harness.launch();

    // The notification: escaped, isolated, from Rapport; a click opens her page.
    let notice = wait_for_notice(&harness, "Thank-you note due");
    assert_eq!(
        notice.body,
        format!(
            "Send a thank-you note to \u{2068}&lt;img src=x&gt; \u{202E}Dana Reyes\u{2069} — you talked {}",
            dates::when(
                Utc::now() - Duration::hours(50),
                &Local::now(),
                DateStyle::from_env()
            )
        )
    );
    assert_from_rapport(&notice);
    s.wait_for_text("#bucket-overdue", "Dana Reyes");
    harness.bus.click_notification();
    s.wait_until("the click to open her page", || {
        (s.hash() == format!("#/contacts/{id}")).then_some(())
    });
    s.wait_for_text("#person-card h1", "Dana Reyes");

    // Today: her name is isolated inside the sentence; the date beside it is untouched.
    s.press(None, &["t"]);
    let body = s.wait_for_text("#bucket-overdue .body", "Dana Reyes");
    assert!(
        body.contains(&format!("\u{2068}{hostile}\u{2069}")),
        "not isolated: {body:?}"
    );
    let meta = s.texts("#bucket-overdue .meta");
    assert!(meta[0].starts_with("Overdue since "), "{meta:?}");
    let isolated = s.script(
        "return [...document.querySelectorAll('#bucket-overdue .meta bdi')]
           .map(b => getComputedStyle(b).unicodeBidi)",
        json!([]),
    );
    assert_eq!(
        isolated,
        json!(["isolate"]),
        "the organization is not isolated"
    );
    s.screenshot("today-hostile-name");

    // The list: the name is its own island; role and organization each theirs.
    s.press(None, &["c"]);
    s.wait_until("her row", || {
        s.texts("#people .person .name")
            .contains(&hostile.to_string())
            .then_some(())
    });
    let row = s.script(
        "const row = document.querySelector('#people .person');
         const name = row.querySelector('.name');
         return [name.tagName, name.textContent, name.title,
                 [...row.querySelectorAll('.sub bdi')].map(b => b.textContent)]",
        json!([]),
    );
    assert_eq!(
        row,
        json!([
            "BDI",
            hostile,
            hostile,
            ["Analyst", "<![CDATA[Northwind]]>"]
        ])
    );
    s.screenshot("list-hostile-name");

    // The OS dialog's sentence isolates her name. Tauri keeps its IPC out of a page's
    // reach, so the sentence is asked of the page's own code; the real dialog is on screen.
    go(&s, &format!("#/contacts/{id}"));
    s.wait_for_text("#person-card h1", "Dana Reyes");
    let asked = s.script_async(
        "const done = arguments[arguments.length - 1];
         import('./views/contact.js').then(m => done(m.deleteQuestion(arguments[0], 1)));",
        json!([hostile]),
    );
    assert_eq!(
        asked,
        json!(format!(
            "Delete \u{2068}{hostile}\u{2069} and their interaction? This cannot be undone."
        ))
    );
    s.click(&s.wait_for("#delete"));
    harness.wait_for_dialog("Delete contact");
    harness.screenshot_screen("delete-dialog-hostile-name");
    harness.answer_dialog("Delete contact", "Escape");
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.quit();
}

#[test]
fn during_quiet_hours_nothing_is_notified_and_today_says_until_when() {
    let harness = Harness::with(with_server());
    let now = Local::now();
    let minute =
        |t: chrono::DateTime<Local>| NaiveTime::from_hms_opt(t.hour(), t.minute(), 0).unwrap();
    let end = now + Duration::hours(1);
    {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        quiet_hours(&db, Some((minute(now - Duration::hours(1)), minute(end))));
        let dana = person(
            &mut db,
            "Dana Reyes",
            "Northwind Logistics",
            Stage::Scheduled,
        );
        talked(&mut db, dana, 50);
    }
    let s = harness.launch();
    let until = dates::time(
        &end.date_naive().and_time(minute(end)),
        DateStyle::from_env(),
    );
    let held = s.wait_for_text("#held", "Quiet hours");
    assert!(
        held.contains(&format!("held until {until}")),
        "{held:?} does not say {until}"
    );
    s.wait_for_text("#bucket-overdue", "Dana Reyes");
    s.wait_for_text("#due-count", "1");
    std::thread::sleep(StdDuration::from_secs(2));
    assert_eq!(
        harness.bus.notify_count(),
        0,
        "notified during quiet hours: {}",
        harness.bus.notifications()
    );
    s.screenshot("today-quiet-hours");
    s.quit();
}

/// Scroll containers and cards wider than their box: a page that scrolls sideways.
fn sideways(s: &Session) -> Vec<String> {
    let v = s.script(
        "const boxes = [document.scrollingElement, document.querySelector('main'),
                        ...document.querySelectorAll('#detail, .listpane, .people, .card, .person, .reminder')];
         const wide = boxes.filter(e => e && e.scrollWidth - e.clientWidth > 1)
           .map(e => `${e.tagName}#${e.id}.${e.className} “${e.querySelector('h2')?.textContent ?? ''}” ${e.scrollWidth}>${e.clientWidth}`);
         for (const b of document.querySelectorAll('button, a.btn')) {
           const r = b.getBoundingClientRect();
           if (r.width && r.right > window.innerWidth + 1) wide.push(`${b.id || b.textContent} ends at ${r.right}`);
         }
         return wide;",
        json!([]),
    );
    serde_json::from_value(v).unwrap()
}

#[test]
fn long_unbroken_text_never_widens_a_page_at_100_or_200_percent() {
    let harness = Harness::start();
    let role = "Supercalifragilisticexpialidocious".repeat(8);
    let organization = format!("Northwind{}", "Logistics".repeat(29));
    let link = format!(
        "https://meet.example.com/j/{}?pwd={}",
        "8".repeat(100),
        "aZ9".repeat(45)
    );
    let (dana, org, interview) = {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        quiet_hours(&db, None);
        let dana = contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: format!("Dana{}", "Reyes".repeat(50)),
                role: role.clone(),
                organization: organization.clone(),
                emails: vec![format!("{}@example.com", "d".repeat(200))],
                notes: format!("See {link}"),
                tags: vec!["t".repeat(39)],
                stage: Stage::Scheduled,
                ..Default::default()
            },
            Utc::now(),
        )
        .unwrap();
        talked(&mut db, dana.id, 50);
        let interview = interviews::create(
            db.conn_mut(),
            InterviewInput {
                contact_id: dana.id,
                scheduled_at: Utc::now() + Duration::days(2),
                duration_minutes: 30,
                medium: Medium::Video,
                place: link.clone(),
                status: Status::Scheduled,
                goal: "W".repeat(300),
            },
            Utc::now(),
        )
        .unwrap()
        .id;
        (dana.id, dana.organization_id.unwrap(), interview)
    };
    assert!(role.len() >= 270 && organization.len() >= 270 && link.len() >= 260);
    let s = harness.launch();
    let pages = [
        ("today", "#/today".to_string(), "#today"),
        ("contact", format!("#/contacts/{dana}"), "#person-card"),
        (
            "organization",
            format!("#/organizations/{org}"),
            "#org-people",
        ),
        ("prep", format!("#/interviews/{interview}"), "#questions"),
    ];
    for zoomed in [false, true] {
        if zoomed {
            s.zoom_to_200();
        }
        for (name, hash, ready) in &pages {
            go(&s, hash);
            s.wait_for(ready);
            s.wait_until(&format!("{name} to settle"), || {
                (!s.texts(ready).concat().is_empty()).then_some(())
            });
            // Measured once the layout has settled at this zoom, as a person sees it.
            let settled = Instant::now();
            let mut wide = sideways(&s);
            while !wide.is_empty() && settled.elapsed() < StdDuration::from_secs(5) {
                std::thread::sleep(StdDuration::from_millis(100));
                wide = sideways(&s);
            }
            let percent = if zoomed { 200 } else { 100 };
            s.screenshot(&format!("long-text-{name}-{percent}"));
            assert!(
                wide.is_empty(),
                "{name} at {percent}% scrolls sideways: {wide:?}"
            );
        }
    }
    // The full text stays at hand: a tooltip on every truncated row.
    go(&s, "#/contacts");
    let title = s.script(
        "return document.querySelector('#people .person .sub').title",
        json!([]),
    );
    assert_eq!(title, json!(format!("{role} · {organization}")));
    s.quit();
}
