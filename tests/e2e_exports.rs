//! Everything out, copies kept, duplicates cleaned, in the real window: calls and deadlines
//! for a calendar and people for an address book, each read back by an independent program
//! (Python's icalendar and vobject, installed by `make test`); a spreadsheet's columns
//! mapped; a backup restored after a change; two records of one person merged.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, Utc};
use rapport::contacts::{self, ContactInput};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::interviews::{self, InterviewInput, Medium, Status};
use rapport::store::Db;
use serde_json::{json, Value};
use support::{Harness, Session};

/// Dana has a call in two days; Tomás was emailed ten days ago and has not answered.
fn seed(dir: &Path) {
    let mut db = Db::open(dir).unwrap();
    let now = Utc::now();
    let add = |db: &mut Db, name: &str, org: &str, email: &str| {
        contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: name.into(),
                organization: org.into(),
                role: "Analyst, Data; \"Ops\"".into(),
                emails: vec![email.into()],
                notes: "Line one\nLine two, with a comma".into(),
                ..Default::default()
            },
            now - Duration::days(30),
        )
        .unwrap()
        .id
    };
    let dana = add(&mut db, "Dana Reyes", "Northwind", "dana@northwind.example");
    let tomas = add(&mut db, "Tomás Álvarez", "Contoso", "tomas@contoso.example");
    interviews::create(
        db.conn_mut(),
        InterviewInput {
            contact_id: dana,
            scheduled_at: now + Duration::days(2),
            duration_minutes: 30,
            medium: Medium::Video,
            place: "https://meet.example/dana".into(),
            status: Status::Scheduled,
            goal: "Learn how the team hires".into(),
        },
        now,
    )
    .unwrap();
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: tomas,
            occurred_at: now - Duration::days(10),
            channel: Channel::Email,
            direction: Direction::Out,
            outcome: Some(Outcome::Sent),
            notes: "Asked for twenty minutes".into(),
            purpose: None,
        },
        now,
    )
    .unwrap();
}

/// Runs `script` with the virtualenv's Python (made by `make test`), `args` after it, and
/// answers what it printed as JSON.
fn python(script: &str, args: &[&Path]) -> Value {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `make test`, which makes it",
        python.display()
    );
    let out = Command::new(&python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn open_data(s: &Session) {
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#export-ics");
}

fn export(harness: &Harness, s: &Session, format: &str, title: &str, to: &Path) {
    s.click(&s.wait_for(&format!("#export-{format}")));
    harness.choose_file(title, to);
    s.wait_until("the file to be written", || to.exists().then_some(()));
}

const READ_ICS: &str = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {"events": [], "todos": []}
for c in cal.walk():
    if c.name not in ("VEVENT", "VTODO"):
        continue
    item = {
        "uid": str(c.get("uid")),
        "summary": str(c.get("summary")),
        "sequence": int(c.get("sequence", 0)),
        "alarms": [str(a.get("trigger").dt) for a in c.subcomponents if a.name == "VALARM"],
    }
    if c.name == "VEVENT":
        item["start"] = c.decoded("dtstart").isoformat()
        item["minutes"] = int(c.decoded("duration").total_seconds() // 60)
        item["location"] = str(c.get("location"))
        item["description"] = str(c.get("description"))
        out["events"].append(item)
    else:
        item["due"] = c.decoded("due").isoformat()
        out["todos"].append(item)
print(json.dumps(out))
"#;

#[test]
fn calls_and_deadlines_go_to_a_calendar_that_reads_them_the_same_twice() {
    let harness = Harness::start();
    seed(harness.data_dir.path());
    let s = harness.launch();
    open_data(&s);
    // The day's automatic copy waits until the window has settled, not during start.
    assert!(
        std::fs::read_dir(harness.data_dir.path().join("backups"))
            .map_or(true, |mut d| d.next().is_none()),
        "a backup was copied during start"
    );
    let out = tempfile::tempdir().unwrap();
    let (first, second) = (out.path().join("first.ics"), out.path().join("second.ics"));
    let title = "Export calls and deadlines for your calendar";
    export(&harness, &s, "ics", title, &first);
    s.wait_for_text("#toast", "Exported 2 items");
    export(&harness, &s, "ics", title, &second);

    let cal = python(READ_ICS, &[&first]);
    let events = cal["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{cal}");
    let call = &events[0];
    assert!(
        call["summary"].as_str().unwrap().contains("Dana Reyes"),
        "{call}"
    );
    assert_eq!(call["minutes"], 30);
    assert_eq!(call["location"], "https://meet.example/dana");
    assert_eq!(call["description"], "Learn how the team hires");
    assert_eq!(
        call["alarms"],
        json!(["-1 day, 23:00:00"]),
        "when the before-call reminder rings: an hour before, by default"
    );
    let todos = cal["todos"].as_array().unwrap();
    assert_eq!(todos.len(), 1, "{cal}");
    assert!(todos[0]["summary"]
        .as_str()
        .unwrap()
        .starts_with("Follow-up: "));
    assert_eq!(todos[0]["alarms"].as_array().unwrap().len(), 1);
    // The second export is the same calendar: a calendar updates, never doubles.
    assert_eq!(python(READ_ICS, &[&second]), cal);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    s.quit();
}

const READ_VCF: &str = r#"
import json, sys, vobject
people = []
for card in vobject.readComponents(open(sys.argv[1], encoding='utf-8').read()):
    people.append({
        "name": card.fn.value,
        "title": card.title.value if hasattr(card, "title") else "",
        "org": card.org.value if hasattr(card, "org") else [],
        "emails": [e.value for e in card.contents.get("email", [])],
        "note": card.note.value if hasattr(card, "note") else "",
    })
print(json.dumps(sorted(people, key=lambda p: p["name"])))
"#;

#[test]
fn an_address_book_export_reads_in_another_program() {
    let harness = Harness::start();
    seed(harness.data_dir.path());
    let s = harness.launch();
    open_data(&s);
    let out = tempfile::tempdir().unwrap().keep();
    let file = out.join("people.vcf");
    export(
        &harness,
        &s,
        "vcard",
        "Export your contacts as vCard",
        &file,
    );
    s.wait_for_text("#toast", "Exported 2 people");
    let people = python(READ_VCF, &[&file]);
    assert_eq!(
        people,
        json!([
            {"name": "Dana Reyes", "title": "Analyst, Data; \"Ops\"", "org": ["Northwind"],
             "emails": ["dana@northwind.example"], "note": "Line one\nLine two, with a comma"},
            {"name": "Tomás Álvarez", "title": "Analyst, Data; \"Ops\"", "org": ["Contoso"],
             "emails": ["tomas@contoso.example"], "note": "Line one\nLine two, with a comma"},
        ])
    );
    std::fs::remove_dir_all(out).unwrap();
    s.quit();
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_spreadsheets_columns_are_mapped_then_previewed() {
    let harness = Harness::start();
    let s = harness.launch();
    open_data(&s);
    s.preview_file(&fixture("csv/french-headers.csv"), "csv");
    s.wait_for_text("#mapping-problem", "No column holds names");
    s.wait_for_text("#mapping-columns", "elodie@fabrikam.example");
    // The user says what the French headers hold, quicker than the preview answers: two
    // menus changed at once, then the third on the very first screen drawn after them.
    s.script_async(
        "const done = arguments[arguments.length - 1];
         const choose = (column, field) => {
           const menu = document.querySelector(`#mapping select[data-column='${column}']`);
           menu.value = field;
           menu.dispatchEvent(new Event('change'));
         };
         const before = document.getElementById('mapping');
         const seen = new MutationObserver(() => {
           if (document.getElementById('mapping') === before) return;
           seen.disconnect();
           choose(3, 'email');
           done(true);
         });
         seen.observe(document.body, { childList: true, subtree: true });
         choose(0, 'full_name');
         choose(1, 'organization');",
        json!([]),
    );
    s.wait_for_text("#preview-summary", "1 new");
    // No choice is lost to an older answer.
    let row = s.wait_for_text("#preview-rows", "elodie@fabrikam.example");
    assert!(row.contains("Élodie Martin"), "{row}");
    assert!(row.contains("Fabrikam"), "{row}");
    s.screenshot("import-mapping");
    s.click(&s.wait_for("#import-commit"));
    s.wait_for_text("#import-done", "1 new");
    s.quit();
}

#[test]
fn a_backup_brings_back_the_log_after_a_change_and_the_app_goes_on() {
    // The day's copy, made minutes after start for users, is made at once here.
    let harness = Harness::with(support::Options {
        env: &[("RAPPORT_BACKUP_AFTER", "0")],
        ..Default::default()
    });
    seed(harness.data_dir.path());
    let s = harness.launch();
    let daily = harness.data_dir.path().join("backups");
    s.wait_until("the daily copy", || {
        std::fs::read_dir(&daily).ok()?.next().map(|_| ())
    });
    open_data(&s);
    s.wait_for_text("#copies", "Restore");
    s.script(
        "document.getElementById('backups').scrollIntoView()",
        json!([]),
    );
    s.screenshot("backups");
    let out = tempfile::tempdir().unwrap();
    let copy = out.path().join("before.db");
    s.press(None, &["b"]);
    harness.choose_file("Back up Rapport", &copy);
    s.wait_for_text("#toast", "Backed up");

    // A change after the backup: someone new.
    s.press(None, &["c"]);
    s.wait_for_text("#count", "2 people");
    s.press(None, &["n"]);
    s.type_into(&s.wait_for("#f-fullName"), "Ana Lima");
    s.press(Some(support::keys::CONTROL), &["s"]);
    s.wait_for_saved_contact("Ana Lima");
    s.wait_for_text("#count", "3 people");

    // The same copy, hand-edited so that a person's tags are a number: refused by name,
    // and nothing changes.
    let edited = out.path().join("edited.db");
    std::fs::copy(&copy, &edited).unwrap();
    rusqlite::Connection::open(&edited)
        .unwrap()
        .execute(
            "UPDATE contacts SET tags = '[1]' WHERE id = (SELECT min(id) FROM contacts)",
            [],
        )
        .unwrap();
    open_data(&s);
    s.script(
        "import('./views/data.js').then(m => m.restoreFile(arguments[0]))",
        json!([edited]),
    );
    harness.answer_dialog("Restore", "Return");
    let refusal = s.wait_for_text("#restore-error", "holds a value Rapport cannot read");
    assert!(refusal.contains("person #1 (“"), "{refusal}");
    assert!(refusal.contains("Nothing was changed."), "{refusal}");
    s.screenshot("restore-refused");
    s.press(None, &["c"]);
    s.wait_for_text("#count", "3 people");

    // Restored: Ana is gone, and the app still works.
    open_data(&s);
    s.script(
        "import('./views/data.js').then(m => m.restoreFile(arguments[0]))",
        json!([copy]),
    );
    harness.answer_dialog("Restore", "Return");
    s.wait_for_text("#toast", "Restored");
    s.screenshot("restored");
    s.press(None, &["c"]);
    s.wait_for_text("#count", "2 people");
    assert!(!s
        .texts("#people .person .name")
        .contains(&"Ana Lima".to_string()));
    s.press(None, &["n"]);
    s.type_into(&s.wait_for("#f-fullName"), "Bo Chen");
    s.press(Some(support::keys::CONTROL), &["s"]);
    s.wait_for_saved_contact("Bo Chen");
    s.wait_for_text("#count", "3 people");
    let safety: Vec<String> = std::fs::read_dir(&daily)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("before-restore-"))
        .collect();
    assert_eq!(safety.len(), 1, "{safety:?}");
    s.quit();
}

#[test]
fn two_records_of_one_person_are_reviewed_and_merged() {
    let harness = Harness::start();
    {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        // One long unbroken role: it wraps beside its choice and never squeezes it away.
        let long_role = format!("Senior Analyst {}", "Forecasting".repeat(20));
        for (name, role, email) in [
            ("Jon Smith", "Analyst", "jon@contoso.example"),
            ("John Smith", long_role.as_str(), "john.smith@mail.example"),
        ] {
            contacts::create(
                db.conn_mut(),
                ContactInput {
                    full_name: name.into(),
                    role: role.into(),
                    organization: "Contoso".into(),
                    emails: vec![email.into()],
                    ..Default::default()
                },
                Utc::now(),
            )
            .unwrap();
        }
    }
    let s = harness.launch();
    open_data(&s);
    s.wait_for_text("#duplicates-card", "1 probable duplicate");
    s.press(None, &["d"]);
    let pair = s.wait_for_text("#pairs", "similar names at the same organization");
    assert!(
        pair.contains("Jon Smith") && pair.contains("John Smith"),
        "{pair}"
    );
    s.screenshot("duplicates");
    s.click(&s.wait_for("#pairs .pair button.btn:not(.quiet)"));
    s.wait_for_text("#merge", "Senior Analyst");
    let choices = s.script(
        "return [...document.querySelectorAll('#merge input[type=radio]')]
           .map(r => Math.round(r.getBoundingClientRect().width))",
        json!([]),
    );
    assert!(
        choices
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w.as_f64().unwrap() >= 12.0),
        "a choice is squeezed by its text: {choices}"
    );
    // Take the other record's name and role.
    for field in ["full_name", "role"] {
        s.click(&s.wait_for(&format!("#merge input[name='pick-{field}'][value='b']")));
    }
    s.screenshot("merge");
    s.click(&s.wait_for("#merge-commit"));
    harness.answer_dialog("Merge", "Return");
    s.wait_for_text("#toast", "Merged into");
    s.wait_for_text("#duplicates", "Nobody appears twice");
    s.press(None, &["c"]);
    s.wait_for_text("#count", "1 person");
    s.click(&s.wait_for("#people .person"));
    let card = s.wait_for_text("#person-card", "Contoso");
    assert!(card.contains("jon@contoso.example"), "{card}");
    assert!(card.contains("john.smith@mail.example"), "{card}");
    s.quit();
}
