//! Writing to someone in the real window: a first letter filled from the person, their
//! referrer and My search, its gap marked and refused until filled, handed to the mail
//! app (a recording `xdg-open`) and logged; a thank-you from Today's reminder with a line
//! of the conversation picked, copied to the clipboard (read back with `xclip`) and logged
//! so the reminder closes; and a template edited in Settings, refused while it does not
//! read, then reset.

mod support;

use std::path::Path;
use std::process::Command;

use chrono::Utc;
use rapport::contacts::{self, ContactInput, Stage};
use rapport::interviews;
use rapport::outreach::my_search::{self, MySearch, Standing};
use rapport::store::Db;
use serde_json::json;
use support::{keys, Harness, Session};

struct Story {
    dana: i64,
    ines: i64,
}

fn seed(dir: &Path) -> Story {
    let mut db = Db::open(dir).unwrap();
    support::quiet_hours(&db, None);
    my_search::save(
        db.conn(),
        MySearch {
            name: "Sam Okafor".into(),
            interests: vec!["supply chain".into(), "logistics".into()],
            standing: Some(Standing::Student),
            standing_detail: "graduating in June".into(),
            background: "Five years of retail operations.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut person = |input: ContactInput| {
        contacts::create(db.conn_mut(), input, Utc::now())
            .unwrap()
            .id
    };
    let liz = person(ContactInput {
        full_name: "Liz Darnell".into(),
        ..Default::default()
    });
    // No role known: the letter leaves a gap for it.
    let dana = person(ContactInput {
        full_name: "Dana Reyes".into(),
        organization: "Northwind Logistics".into(),
        emails: vec!["dana@northwind.example".into()],
        referred_by_id: Some(liz),
        ..Default::default()
    });
    let omar = person(ContactInput {
        full_name: "Omar Haddad".into(),
        organization: "Contoso".into(),
        emails: vec!["omar@contoso.example".into()],
        stage: Stage::Interviewed,
        ..Default::default()
    });
    // A call with Ines tomorrow: a word before it is what fits.
    let ines = person(ContactInput {
        full_name: "Ines Moreau".into(),
        organization: "Port Authority".into(),
        emails: vec!["ines@port.example".into()],
        ..Default::default()
    });
    // A call with Omar three hours ago: the thank-you is due, with his advice in the notes.
    {
        use rapport::interactions::{self, Channel, Direction, InteractionInput};
        interactions::create(
            db.conn_mut(),
            InteractionInput {
                contact_id: omar,
                occurred_at: Utc::now() - chrono::Duration::hours(3),
                channel: Channel::VideoCall,
                direction: Direction::Out,
                outcome: None,
                notes: "- Take the supply-chain certificate\n- Talk to Ines at the port authority"
                    .into(),
                purpose: None,
            },
            Utc::now(),
        )
        .unwrap();
    }
    interviews::create(
        db.conn_mut(),
        interviews::InterviewInput {
            contact_id: ines,
            scheduled_at: Utc::now() + chrono::Duration::days(1),
            duration_minutes: 30,
            medium: interviews::Medium::InPerson,
            place: "Café Central".into(),
            status: interviews::Status::Scheduled,
            goal: String::new(),
        },
        Utc::now(),
    )
    .unwrap();
    Story { dana, ines }
}

fn body(s: &Session) -> String {
    s.script(
        "return document.getElementById('compose-body').value",
        json!([]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

/// Settings, showing the check-in template.
fn check_in_template(s: &Session) {
    s.press(Some(keys::CONTROL), &[","]);
    s.wait_for_text("#templates h2", "Message templates");
    s.choose("#tpl-kind", "check_in");
}

/// What the desktop's clipboard holds, read by another X client.
fn clipboard(harness: &Harness) -> String {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .env("DISPLAY", &harness.display)
        .output()
        .expect("xclip (make test-deps installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A `mailto:` link's part, decoded.
fn part(link: &str, name: &str) -> String {
    let query = link.split_once('?').unwrap().1;
    let value = query
        .split('&')
        .find_map(|p| p.strip_prefix(&format!("{name}=")))
        .unwrap();
    url::form_urlencoded::parse(format!("v={}", value.replace('+', "%2B")).as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned()
}

#[test]
fn letters_are_filled_checked_sent_and_logged() {
    let (harness, _tools, opened) = support::harness_recording_opens();
    let story = seed(harness.data_dir.path());
    let s = harness.launch();

    // Dana has not been written to: W on her page starts the first letter.
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/contacts/{}", story.dana)]),
    );
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.press(None, &["w"]);
    s.wait_for_text(".compose-page h1", "Write to Dana Reyes");
    let kind = s.script(
        "return document.getElementById('compose-kind').value",
        json!([]),
    );
    assert_eq!(kind, "first_outreach");
    let letter = body(&s);
    for expected in [
        "Dear Dana,",
        "Liz Darnell suggested I reach out to you. My name is Sam Okafor; I am a student graduating in June.",
        "your path as [their role] at Northwind Logistics",
    ] {
        assert!(letter.contains(expected), "{expected:?} not in {letter}");
    }
    assert_eq!(s.texts(".compose-body mark"), ["[their role]"]);
    s.wait_for_text("#compose-gaps", "Still to fill in: their role.");
    s.screenshot("compose-first-letter");

    // Not sent with the gap in it: the gap is selected for typing over.
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    s.wait_for_text("#toast", "Fill in the highlighted parts first: their role.");
    let selected = s.script(
        "const b = document.getElementById('compose-body'); return b.value.slice(b.selectionStart, b.selectionEnd)",
        json!([]),
    );
    assert_eq!(selected, "[their role]");
    assert!(
        !opened.exists(),
        "nothing goes to the mail app with a gap in it"
    );
    s.type_into(&s.wait_for("#compose-body"), "Demand planner");
    s.wait_for_text("#compose-gaps", "Ready to send.");
    assert!(s.texts(".compose-body mark").is_empty());

    // Handed to the mail app as one encoded link, then logged as sent.
    s.click_css("#compose-mail");
    let link = s.wait_until("the mail app to be asked", || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|t| !t.is_empty())
    });
    let link = link.trim();
    assert!(
        link.starts_with("mailto:dana@northwind.example?subject="),
        "{link}"
    );
    assert!(!link.contains(' ') && !link.contains('\n'), "{link}");
    assert_eq!(
        part(link, "subject"),
        "A short conversation about your work at Northwind Logistics?"
    );
    let sent = part(link, "body");
    assert!(
        sent.contains("your path as Demand planner at Northwind Logistics"),
        "{sent}"
    );
    assert!(sent.contains("\r\n"), "line breaks as CRLF: {sent:?}");
    s.wait_for_text("#log-offer", "Sent it?");
    s.click_css("#log-sent");
    s.wait_for_text("#toast", "Sent: logged for Dana Reyes");
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.wait_for_text("#stage", "Reached out");
    s.wait_for_text("#timeline", "Demand planner at Northwind Logistics");
    // Logged as the first letter: the follow-up after no reply is next.
    s.wait_for_text("#next", "Follow-up");

    // Omar's thank-you from Today: a line of the call picked, copied, logged; done.
    s.press(None, &["t"]);
    let reminder = s.wait_for_text("li.reminder.kind-thank_you", "Omar Haddad");
    assert!(reminder.contains("Write"), "{reminder}");
    s.click_css("li.reminder.kind-thank_you a[href*='#/write/']");
    s.wait_for_text(".compose-page h1", "Write to Omar Haddad");
    // Three hours ago is "yesterday" in the first three hours of a day.
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&chrono::Local).date_naive();
    let when = if local(Utc::now() - chrono::Duration::hours(3)) == local(Utc::now()) {
        "today"
    } else {
        "yesterday"
    };
    assert!(
        body(&s).contains(&format!("talk with me {when}.")),
        "{}",
        body(&s)
    );
    let picks = s.texts("#compose-picks .pick");
    assert_eq!(
        picks,
        [
            "Take the supply-chain certificate",
            "Talk to Ines at the port authority"
        ]
    );
    s.screenshot("compose-thank-you");
    s.click_css("#compose-picks .pick");
    assert!(
        body(&s).contains("what you said about Take the supply-chain certificate;"),
        "{}",
        body(&s)
    );
    s.wait_for_text("#compose-gaps", "Ready to send.");
    s.click_css("#compose-copy");
    s.wait_for_text("#toast", "Message copied");
    let copied = s.wait_until("the clipboard to hold the note", || {
        let text = clipboard(&harness);
        text.starts_with("Thank you, Omar").then_some(text)
    });
    assert_eq!(copied, format!("Thank you, Omar\n\n{}", body(&s)));
    s.click_css("#log-sent");
    s.wait_for_text("#toast", "Sent: logged for Omar Haddad");
    s.press(None, &["t"]);
    s.wait_until("the thank-you to be done", || {
        s.try_find("li.reminder.kind-thank_you")
            .is_none()
            .then_some(())
    });

    // Ines, whose call is tomorrow: W offers the word before the call, with its day.
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/contacts/{}", story.ines)]),
    );
    s.wait_for_text("#person-card h1", "Ines Moreau");
    s.press(None, &["w"]);
    s.wait_for_text(".compose-page h1", "Write to Ines Moreau");
    let kind = s.script(
        "return document.getElementById('compose-kind').value",
        json!([]),
    );
    assert_eq!(kind, "confirm_call");
    let letter = body(&s);
    assert!(
        letter.contains("our conversation tomorrow at ") && letter.contains(" (Café Central)."),
        "{letter}"
    );
    s.wait_for_text("#compose-gaps", "Ready to send.");
    s.screenshot("compose-before-the-call");

    // A template edited in Settings: refused while it names what Rapport does not know,
    // used once it reads, then Rapport's text again after a confirmed reset.
    check_in_template(&s);
    s.wait_for_text("#tpl-status", "Rapport's text");
    let edit = s.wait_for("#tpl-body");
    s.clear(&edit);
    s.type_into(&edit, "Hi {firstname}, news from me.");
    s.click_css("#tpl-save");
    s.wait_for_text("#tpl-err-body", "“{firstname}” is not a placeholder");
    s.clear(&edit);
    s.type_into(&edit, "Hi {first_name}, news from me.");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_text("#toast", "Template saved");
    s.wait_for_text("#tpl-status", "Your own text");
    s.screenshot("settings-templates");
    s.script(
        "location.hash = arguments[0]",
        json!([format!("#/write/{}?kind=check_in", story.dana)]),
    );
    s.wait_for_text(".compose-page h1", "Write to Dana Reyes");
    assert_eq!(body(&s), "Hi Dana, news from me.");
    check_in_template(&s);
    s.wait_for_text("#tpl-status", "Your own text");
    s.click_css("#tpl-reset");
    harness.answer_dialog("Reset template", "Return");
    s.wait_for_text("#tpl-status", "Rapport's text");
    let reset = s.script(
        "return document.getElementById('tpl-body').value",
        json!([]),
    );
    assert!(
        reset.as_str().unwrap().starts_with("Dear {first_name},"),
        "{reset}"
    );
}
