//! Sync against a real server (Radicale), checked by an independent client (Python's
//! caldav and vobject): contacts both ways, conflicts, deletes, a server that goes away
//! mid-sync, two data folders, and the calendar a phone alerts from.

mod common;
mod dav;

use std::process::Command;
use std::sync::Mutex;

use chrono::{Duration, Utc};
use dav::{log_for, sync_now, Radicale, Served, PASSWORD};
use rapport::contacts::{self, ContactInput};
use rapport::error::Error;
use rapport::store::Db;
use rapport::sync::{self, AccountInput, Problem};
use serde_json::json;

fn person(n: usize) -> ContactInput {
    ContactInput {
        full_name: format!("Person {n:03} Example"),
        organization: format!("Org {}", n % 17),
        role: "Engineer".into(),
        emails: vec![format!("person{n}@example.org")],
        phone: format!("+1 555 {n:04}"),
        ..Default::default()
    }
}

fn fill(log: &Mutex<Db>, count: usize) -> Vec<i64> {
    let mut db = log.lock().unwrap();
    (0..count)
        .map(|n| {
            contacts::create(db.conn_mut(), person(n), Utc::now())
                .unwrap()
                .id
        })
        .collect()
}

fn count(log: &Mutex<Db>) -> i64 {
    contacts::count(log.lock().unwrap().conn()).unwrap()
}

fn contact(log: &Mutex<Db>, id: i64) -> contacts::Contact {
    contacts::get(log.lock().unwrap().conn(), id).unwrap()
}

fn update(log: &Mutex<Db>, id: i64, change: impl FnOnce(&mut ContactInput)) {
    let mut db = log.lock().unwrap();
    let mut input = ContactInput::from(&contacts::get(db.conn(), id).unwrap());
    change(&mut input);
    contacts::update(db.conn_mut(), id, input, Utc::now()).unwrap();
}

fn find(log: &Mutex<Db>, name: &str) -> Option<contacts::Contact> {
    contacts::all(log.lock().unwrap().conn())
        .unwrap()
        .into_iter()
        .find(|c| c.full_name == name)
}

/// Cards on the server as the independent client reads them: name → phone.
fn server_phones(server: &Radicale) -> serde_json::Map<String, serde_json::Value> {
    server
        .python(
            "print(json.dumps({c.fn.value: (c.tel.value if hasattr(c, 'tel') else '') for c in cards().values()}))",
            "",
        )
        .as_object()
        .unwrap()
        .clone()
}

/// The independent client changes a card's phone, and its REV as phones do; an empty
/// `rev` leaves the card without one, as some apps write it.
fn phone_changes_on_server(server: &Radicale, name: &str, phone: &str, rev: &str) {
    changes_on_server(server, name, "tel", phone, rev);
}

fn title_changes_on_server(server: &Radicale, name: &str, title: &str, rev: &str) {
    changes_on_server(server, name, "title", title, rev);
}

fn changes_on_server(server: &Radicale, name: &str, property: &str, value: &str, rev: &str) {
    edits_on_server(server, name, "set", property, value, rev);
}

/// The independent client adds a property to a card beside those it has.
fn adds_on_server(server: &Radicale, name: &str, property: &str, value: &str, rev: &str) {
    edits_on_server(server, name, "add", property, value, rev);
}

fn edits_on_server(
    server: &Radicale,
    name: &str,
    edit: &str,
    property: &str,
    value: &str,
    rev: &str,
) {
    server.python(
        r#"
name, edit, property, value, rev = arg.split("|")
for href, card in cards().items():
    if card.fn.value == name:
        (card.add(property) if edit == "add" else getattr(card, property)).value = value
        if hasattr(card, 'rev'):
            card.remove(card.rev)
        if rev:
            card.add('rev').value = rev
        client.put(href, card.serialize(), {"Content-Type": "text/vcard"})
print("null")
"#,
        &format!("{name}|{edit}|{property}|{value}|{rev}"),
    );
}

/// How many things the person's timeline tells of sync.
fn timeline_notes(log: &Mutex<Db>, id: i64) -> i64 {
    log.lock()
        .unwrap()
        .conn()
        .query_row(
            "SELECT count(*) FROM sync_conflicts WHERE contact_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_first_sync_sends_every_person_and_the_next_sends_nothing() {
    let server = Radicale::start();
    let log = log_for(&server);
    fill(&log, 500);
    let report = sync_now(&log).unwrap();
    assert_eq!(report.sent, 500);
    assert_eq!(report.added_here, 0);

    let read = server.python(
        "print(json.dumps([{'uid': c.uid.value, 'fn': c.fn.value, 'email': c.email.value, 'version': c.version.value} for c in cards().values()]))",
        "",
    );
    let cards = read.as_array().unwrap();
    assert_eq!(cards.len(), 500);
    let one = cards
        .iter()
        .find(|c| c["fn"] == "Person 007 Example")
        .unwrap();
    assert_eq!(one["email"], "person7@example.org");
    assert_eq!(one["version"], "3.0");
    assert!(one["uid"].as_str().unwrap().starts_with("rapport-"));

    let again = sync_now(&log).unwrap();
    assert_eq!(
        again,
        sync::Report::default(),
        "nothing changed, nothing sent"
    );
    assert_eq!(count(&log), 500);

    // What a card does not carry (the stage, the check-in pace) changes here: nothing to
    // send either.
    let id = find(&log, "Person 007 Example").unwrap().id;
    update(&log, id, |c| {
        c.stage = contacts::Stage::Interviewed;
        c.checkin_months = Some(2);
    });
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
}

#[test]
fn a_change_on_each_side_reaches_the_other_and_a_contact_added_elsewhere_comes_in() {
    let server = Radicale::start();
    let log = log_for(&server);
    let ids = fill(&log, 20);
    sync_now(&log).unwrap();

    // On the phone: a number fixed, and someone new with a photo-less card of its own.
    phone_changes_on_server(
        &server,
        "Person 003 Example",
        "+44 20 7946 0003",
        "20200101T000000Z",
    );
    server.python(
        r#"
import uuid
book = address_book()
card = vobject.vCard()
card.add('uid').value = str(uuid.uuid4())
card.add('fn').value = 'Zoë Phone-Added'
card.add('n').value = vobject.vcard.Name(family='Phone-Added', given='Zoë', prefix='Dr.')
tel = card.add('tel')
tel.value = '+33 1 23 45 67 89'
tel.type_param = 'CELL'
card.add('email').value = 'zoe@example.fr'
card.add('email').value = 'zoe@intranet'
card.add('org').value = ['Studio Nord', 'Lyon office']
card.add('categories').value = ['myContacts', 'Friends']
card.add('bday').value = '1990-04-01'
client.put(book.rstrip('/') + '/zoe.vcf', card.serialize(), {"Content-Type": "text/vcard"})
print("null")
"#,
        "",
    );
    // Here: a new role for someone else.
    update(&log, ids[5], |c| c.role = "Staff Engineer".into());

    let report = sync_now(&log).unwrap();
    assert_eq!(report.added_here, 1);
    assert_eq!(report.changed_here, 1);
    assert_eq!(report.conflicts, 0);
    assert_eq!(contact(&log, ids[3]).phone, "+44 20 7946 0003");
    let zoe = find(&log, "Zoë Phone-Added").expect("the contact added on the phone");
    assert_eq!(zoe.emails, vec!["zoe@example.fr".to_string()]);
    assert_eq!(zoe.phone, "+33 1 23 45 67 89");
    assert_eq!(zoe.organization, "Studio Nord");
    assert_eq!(zoe.tags, vec!["Friends".to_string()]);

    let roles = server.python(
        "print(json.dumps({c.fn.value: c.title.value for c in cards().values() if hasattr(c, 'title')}))",
        "",
    );
    assert_eq!(roles["Person 005 Example"], "Staff Engineer");

    // Changed here, the phone's card keeps what Rapport does not hold: the birthday, the
    // department, an address the log cannot take, Google's own group; and the labels and
    // parts of what is unchanged: the mobile number, the title before the name.
    update(&log, zoe.id, |c| c.role = "Designer".into());
    assert_eq!(sync_now(&log).unwrap().sent, 1);
    let kept = server.python(
        r#"
c = next(c for c in cards().values() if c.fn.value.startswith('Zo'))
print(json.dumps([c.bday.value, c.title.value, c.org.value,
                  c.tel.params.get('TYPE'), c.n.value.prefix,
                  sorted(e.value for e in c.contents['email']),
                  sorted(v for k in c.contents['categories'] for v in k.value)]))
"#,
        "",
    );
    assert_eq!(
        kept,
        json!([
            "1990-04-01",
            "Designer",
            ["Studio Nord", "Lyon office"],
            ["CELL"],
            "Dr.",
            ["zoe@example.fr", "zoe@intranet"],
            ["Friends", "myContacts"]
        ])
    );
    // What it sent reads back as it was: nothing to merge or send again.
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());

    // An extension added here: the phone's card has it after the number, which keeps its
    // mobile label, and it reads back as Rapport holds it.
    update(&log, zoe.id, |c| c.phone_ext = "12".into());
    assert_eq!(sync_now(&log).unwrap().sent, 1);
    let zoes_phone = || {
        server.python(
            "c = next(c for c in cards().values() if c.fn.value.startswith('Zo'))\nprint(json.dumps([c.tel.value, c.tel.params.get('TYPE')]))",
            "",
        )
    };
    assert_eq!(zoes_phone(), json!(["+33 1 23 45 67 89 x12", ["CELL"]]));
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
    let zoe = contact(&log, zoe.id);
    assert_eq!(
        (zoe.phone.as_str(), zoe.phone_ext.as_str()),
        ("+33 1 23 45 67 89", "12")
    );

    // The phone takes the extension off again: it goes here too, and is not written back.
    phone_changes_on_server(
        &server,
        "Zoë Phone-Added",
        "+33 1 23 45 67 89",
        "20300101T000000Z",
    );
    let report = sync_now(&log).unwrap();
    assert_eq!((report.changed_here, report.sent), (1, 0), "{report:?}");
    let zoe = contact(&log, zoe.id);
    assert_eq!(
        (zoe.phone.as_str(), zoe.phone_ext.as_str()),
        ("+33 1 23 45 67 89", "")
    );
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
    assert_eq!(zoes_phone(), json!(["+33 1 23 45 67 89", ["CELL"]]));
}

#[test]
fn a_field_changed_on_both_sides_keeps_the_newer_and_tells_the_other_on_the_timeline() {
    let server = Radicale::start();
    let log = log_for(&server);
    let ids = fill(&log, 3);
    sync_now(&log).unwrap();

    // The server's change is older (REV in the past) than the one made here.
    phone_changes_on_server(
        &server,
        "Person 001 Example",
        "+1 555 1111",
        "20200101T000000Z",
    );
    update(&log, ids[1], |c| c.phone = "+1 555 2222".into());
    let report = sync_now(&log).unwrap();
    assert_eq!(report.conflicts, 1);
    assert_eq!(contact(&log, ids[1]).phone, "+1 555 2222");
    assert_eq!(
        server_phones(&server)["Person 001 Example"],
        "+1 555 2222",
        "the newer value went to the server"
    );
    let told: (String, String, String, String) = log
        .lock()
        .unwrap()
        .conn()
        .query_row(
            "SELECT field, side, from_value, to_value FROM sync_conflicts WHERE contact_id = ?1",
            [ids[1]],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        told,
        (
            "Phone".into(),
            "server".into(),
            "+1 555 0001".into(),
            "+1 555 1111".into()
        )
    );
    let timeline = rapport::timeline::for_contact(log.lock().unwrap().conn(), ids[1]).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| serde_json::to_string(e).unwrap().contains("+1 555 1111")),
        "the value not kept is on the timeline: {timeline:?}"
    );

    // Now the server's change is the newer one.
    update(&log, ids[2], |c| c.phone = "+1 555 3333".into());
    let later = (Utc::now() + Duration::hours(1))
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    phone_changes_on_server(&server, "Person 002 Example", "+1 555 4444", &later);
    sync_now(&log).unwrap();
    assert_eq!(contact(&log, ids[2]).phone, "+1 555 4444");
}

#[test]
fn a_value_the_log_refuses_or_a_change_without_a_date_leaves_the_users_own() {
    let server = Radicale::start();
    let log = log_for(&server);
    let ids = fill(&log, 3);
    sync_now(&log).unwrap();

    // A phone app lets words into the phone field: not taken, told, and the number sent back.
    phone_changes_on_server(
        &server,
        "Person 001 Example",
        "call after six",
        "20300101T000000Z",
    );
    let report = sync_now(&log).unwrap();
    assert_eq!(report.conflicts, 1);
    assert_eq!(contact(&log, ids[1]).phone, "+1 555 0001");
    let told: (String, String, String, String) = log
        .lock()
        .unwrap()
        .conn()
        .query_row(
            "SELECT field, to_value, kept, reason FROM sync_conflicts WHERE contact_id = ?1",
            [ids[1]],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        told,
        (
            "Phone".into(),
            "call after six".into(),
            "+1 555 0001".into(),
            "refused".into()
        )
    );
    assert_eq!(server_phones(&server)["Person 001 Example"], "+1 555 0001");
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
    // The words stay on the phone's card, after the number: the phone loses nothing.
    let numbers = |name: &str| {
        server.python(
            "print(json.dumps([[t.value for t in c.contents['tel']] for c in cards().values() if c.fn.value == arg]))",
            name,
        )
    };
    assert_eq!(
        numbers("Person 001 Example"),
        json!([["+1 555 0001", "call after six"]])
    );
    // Another change on the phone: the card reads as the number Rapport holds, nothing is
    // refused or told twice, and the words stay.
    title_changes_on_server(
        &server,
        "Person 001 Example",
        "Principal Engineer",
        "20300102T000000Z",
    );
    let report = sync_now(&log).unwrap();
    assert_eq!((report.changed_here, report.conflicts), (1, 0));
    assert_eq!(contact(&log, ids[1]).role, "Principal Engineer");
    assert_eq!(contact(&log, ids[1]).phone, "+1 555 0001");
    assert_eq!(timeline_notes(&log, ids[1]), 1);
    assert_eq!(
        numbers("Person 001 Example"),
        json!([["+1 555 0001", "call after six"]])
    );

    // A card whose only number is words: told once, however often the card changes after.
    server.python(
        r#"
import uuid
card = vobject.vCard()
card.add('uid').value = str(uuid.uuid4())
card.add('fn').value = 'Words Only'
card.add('tel').value = 'call after six'
card.add('title').value = 'Analyst'
client.put(address_book().rstrip('/') + '/words.vcf', card.serialize(), {"Content-Type": "text/vcard"})
print("null")
"#,
        "",
    );
    sync_now(&log).unwrap();
    let words = find(&log, "Words Only").unwrap();
    update(&log, words.id, |c| c.notes = "Met at the fair".into());
    assert_eq!(sync_now(&log).unwrap().sent, 1);
    title_changes_on_server(&server, "Words Only", "Lead Analyst", "20300103T000000Z");
    assert_eq!(sync_now(&log).unwrap().conflicts, 0);
    assert_eq!(contact(&log, words.id).role, "Lead Analyst");
    assert_eq!(timeline_notes(&log, words.id), 1);
    assert_eq!(numbers("Words Only"), json!([["call after six"]]));

    // Changed on both sides, and the card does not say when: the change made here stays.
    update(&log, ids[2], |c| c.phone = "+1 555 3333".into());
    phone_changes_on_server(&server, "Person 002 Example", "+1 555 4444", "");
    let report = sync_now(&log).unwrap();
    assert_eq!(report.conflicts, 1);
    assert_eq!(contact(&log, ids[2]).phone, "+1 555 3333");
    assert_eq!(server_phones(&server)["Person 002 Example"], "+1 555 3333");
}

/// What the independent client reads of the card named `name`: its notes (their lengths),
/// its labels and its title.
fn long_values_on_server(server: &Radicale, name: &str) -> serde_json::Value {
    server.python(
        r#"
for card in cards().values():
    if card.fn.value == arg:
        notes = [len(n.value) for n in card.contents.get('note', [])]
        labels = [l for c in card.contents.get('categories', []) for l in c.value]
        title = card.title.value if hasattr(card, 'title') else ''
        print(json.dumps({"notes": notes, "labels": labels, "title": title}))
"#,
        name,
    )
}

#[test]
fn a_value_too_long_for_the_log_stays_on_the_phones_card_whatever_changes_here() {
    let server = Radicale::start();
    let log = log_for(&server);
    let ids = fill(&log, 1);
    sync_now(&log).unwrap();
    // A phone's card with a note longer than the log holds (a pasted thread), and a label
    // longer than a tag.
    let long_label = "Met at the 2024 Chicago Product Management Summit, day two";
    server.python(
        r#"
card = vobject.vCard()
card.add('uid').value = 'long-values'
card.add('fn').value = 'Long Values'
card.add('note').value = 'On the phone since 2019. ' * 1000
card.add('categories').value = ['Friends', arg]
client.put(address_book().rstrip('/') + '/long-values.vcf', card.serialize(), {"Content-Type": "text/vcard"})
print("null")
"#,
        long_label,
    );
    let report = sync_now(&log).unwrap();
    assert_eq!((report.added_here, report.conflicts), (1, 2), "{report:?}");
    let id = find(&log, "Long Values").unwrap().id;
    assert_eq!(contact(&log, id).notes, "");
    assert_eq!(contact(&log, id).tags, vec!["Friends".to_string()]);

    // Changed here: the card gets the change and keeps the phone's note and label.
    update(&log, id, |c| c.role = "Analyst".into());
    assert_eq!(sync_now(&log).unwrap().sent, 1);
    let expected =
        json!({"notes": [25_000], "labels": ["Friends", long_label], "title": "Analyst"});
    let on_server = |name: &str| {
        let mut v = long_values_on_server(&server, name);
        v["labels"]
            .as_array_mut()
            .unwrap()
            .sort_by_key(|l| l.to_string());
        v
    };
    assert_eq!(on_server("Long Values"), expected);
    // A note typed here meanwhile stays here; the phone's is not replaced by it.
    update(&log, id, |c| c.notes = "Met at the fair".into());
    sync_now(&log).unwrap();
    assert_eq!(on_server("Long Values"), expected);
    assert_eq!(contact(&log, id).notes, "Met at the fair");
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());

    // Someone already synced whose card gains a long note on the phone: nothing is sent
    // that takes it away, and nothing is sent again and again.
    let long_note = "Long call notes. ".repeat(2000);
    adds_on_server(
        &server,
        "Person 000 Example",
        "note",
        long_note.trim_end(),
        "20300101T000000Z",
    );
    assert_eq!(sync_now(&log).unwrap().conflicts, 1);
    sync_now(&log).unwrap();
    assert_eq!(
        long_values_on_server(&server, "Person 000 Example")["notes"],
        json!([33_999])
    );
    assert_eq!(contact(&log, ids[0]).notes, "");
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
}

#[test]
fn a_card_that_came_in_with_a_note_too_long_takes_the_phones_shorter_one_later() {
    let server = Radicale::start();
    let log = log_for(&server);
    sync_now(&log).unwrap();
    server.python(
        r#"
card = vobject.vCard()
card.add('uid').value = 'long-note'
card.add('fn').value = 'Long Note'
card.add('note').value = 'Pasted thread. ' * 2000
client.put(address_book().rstrip('/') + '/long-note.vcf', card.serialize(), {"Content-Type": "text/vcard"})
print("null")
"#,
        "",
    );
    assert_eq!(sync_now(&log).unwrap().added_here, 1);
    let id = find(&log, "Long Note").unwrap().id;
    assert_eq!(contact(&log, id).notes, "");
    // The phone cuts the note down, and says nothing of when: the log never held the long
    // one, so only the phone changed the notes, and its note is taken.
    changes_on_server(&server, "Long Note", "note", "The gist of the thread", "");
    let report = sync_now(&log).unwrap();
    assert_eq!(
        (report.changed_here, report.conflicts),
        (1, 0),
        "{report:?}"
    );
    assert_eq!(contact(&log, id).notes, "The gist of the thread");
    assert_eq!(
        long_values_on_server(&server, "Long Note")["notes"],
        json!([22])
    );
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
}

#[test]
fn a_phone_cleared_here_stays_clear_while_the_card_keeps_its_other_numbers() {
    let server = Radicale::start();
    let log = log_for(&server);
    let ids = fill(&log, 1);
    sync_now(&log).unwrap();
    // The phone adds a mobile number beside the one Rapport holds.
    adds_on_server(
        &server,
        "Person 000 Example",
        "tel",
        "+1 555 9999",
        "20300101T000000Z",
    );
    sync_now(&log).unwrap();
    assert_eq!(contact(&log, ids[0]).phone, "+1 555 0000");

    update(&log, ids[0], |c| c.phone = String::new());
    assert_eq!(sync_now(&log).unwrap().sent, 1);
    assert_eq!(server_phones(&server)["Person 000 Example"], "+1 555 9999");
    // A change on the phone to something else: the mobile number is not taken for the
    // phone the user cleared.
    title_changes_on_server(
        &server,
        "Person 000 Example",
        "Staff Engineer",
        "20300102T000000Z",
    );
    let report = sync_now(&log).unwrap();
    assert_eq!((report.changed_here, report.conflicts), (1, 0));
    assert_eq!(contact(&log, ids[0]).role, "Staff Engineer");
    assert_eq!(contact(&log, ids[0]).phone, "");
    assert_eq!(server_phones(&server)["Person 000 Example"], "+1 555 9999");
    assert_eq!(sync_now(&log).unwrap(), sync::Report::default());
}

#[test]
fn a_card_deleted_on_the_server_waits_for_the_user_before_the_person_goes() {
    let server = Radicale::start();
    let log = log_for(&server);
    let ids = fill(&log, 4);
    sync_now(&log).unwrap();
    server.python(
        r#"
for href, card in cards().items():
    if card.fn.value in ("Person 001 Example", "Person 002 Example"):
        client.delete(href)
print("null")
"#,
        "",
    );
    let report = sync_now(&log).unwrap();
    assert_eq!(report.gone_from_server, 2);
    assert_eq!(count(&log), 4, "nobody is deleted without the user's word");
    let waiting = sync::gone_from_server(log.lock().unwrap().conn()).unwrap();
    assert_eq!(
        waiting.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[1], ids[2]]
    );

    // One deleted here too, one kept: the kept one's card is written again.
    sync::settle_gone(log.lock().unwrap().conn_mut(), ids[1], true).unwrap();
    sync::settle_gone(log.lock().unwrap().conn_mut(), ids[2], false).unwrap();
    assert_eq!(count(&log), 3);
    sync_now(&log).unwrap();
    let names = server_phones(&server);
    assert!(names.contains_key("Person 002 Example"));
    assert!(!names.contains_key("Person 001 Example"));
    assert_eq!(names.len(), 3);

    // Deleted here: deleted there.
    contacts::delete(log.lock().unwrap().conn(), ids[3]).unwrap();
    let report = sync_now(&log).unwrap();
    assert_eq!(report.deleted_there, 1);
    assert_eq!(server_phones(&server).len(), 2);
}

#[test]
fn a_server_that_goes_away_mid_sync_loses_nothing_and_the_next_sync_completes() {
    let mut server = Radicale::start();
    let log = log_for(&server);
    fill(&log, 300);
    let server_cell = Mutex::new(&mut server);
    let killed = std::sync::atomic::AtomicBool::new(false);
    let outcome = dav::runtime().block_on(sync::run(
        &log,
        PASSWORD,
        chrono::Local::now(),
        rapport::dates::DateStyle::default(),
        &|p| {
            if p.step == sync::Step::Sending
                && p.done >= 100
                && !killed.swap(true, std::sync::atomic::Ordering::SeqCst)
            {
                server_cell.lock().unwrap().kill();
            }
        },
    ));
    assert!(killed.into_inner(), "the server was stopped mid-sync");
    match outcome {
        Err(Error::Sync(Problem::Unreachable(_))) => {}
        other => panic!("expected the server to be unreachable, got {other:?}"),
    }
    let status = sync::account::status(log.lock().unwrap().conn()).unwrap();
    assert!(
        status.last_error.starts_with("Cannot reach the server"),
        "{status:?}"
    );
    assert_eq!(count(&log), 300);

    server.restart();
    let report = sync_now(&log).unwrap();
    assert!(report.sent > 0 && report.sent < 300, "{report:?}");
    assert_eq!(
        report.added_here, 0,
        "nothing sent before came back as someone new"
    );
    assert_eq!(server_phones(&server).len(), 300);
    assert_eq!(count(&log), 300);
    let status = sync::account::status(log.lock().unwrap().conn()).unwrap();
    assert!(status.last_error.is_empty() && status.last_synced_at.is_some());
}

#[test]
fn two_data_folders_through_one_server_see_the_same_people() {
    let server = Radicale::start();
    let laptop = log_for(&server);
    let desktop = log_for(&server);
    fill(&laptop, 10);
    {
        let mut db = desktop.lock().unwrap();
        // Someone both already had: matched, not doubled.
        contacts::create(db.conn_mut(), person(4), Utc::now()).unwrap();
        contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: "Desk Only".into(),
                ..Default::default()
            },
            Utc::now(),
        )
        .unwrap();
    }
    sync_now(&laptop).unwrap();
    sync_now(&desktop).unwrap();
    sync_now(&laptop).unwrap();
    assert_eq!(count(&laptop), 11);
    assert_eq!(count(&desktop), 11);
    assert!(find(&laptop, "Desk Only").is_some());
    assert_eq!(server_phones(&server).len(), 11);

    let id = find(&desktop, "Person 006 Example").unwrap().id;
    update(&desktop, id, |c| c.organization = "Contoso".into());
    sync_now(&desktop).unwrap();
    sync_now(&laptop).unwrap();
    assert_eq!(
        find(&laptop, "Person 006 Example").unwrap().organization,
        "Contoso"
    );
}

#[test]
fn a_wrong_password_an_unreachable_server_and_a_web_site_say_so() {
    let server = Radicale::start();
    let check = |url: &str, password: &str| dav::check(&dav::account(url), password);
    let ok = check(&server.url(), PASSWORD).unwrap();
    assert!(ok.message.starts_with("Connected as anna"), "{ok:?}");
    assert!(matches!(
        check(&server.url(), "wrong"),
        Err(Error::Sync(Problem::WrongPassword))
    ));
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = check(&format!("http://127.0.0.1:{closed}/"), PASSWORD);
    assert!(
        matches!(&refused, Err(Error::Sync(p @ Problem::Unreachable(_)))
            if p.to_string().starts_with("Cannot reach the server: nothing answers at that address.")),
        "{refused:?}"
    );
    // A name no resolver knows (.invalid is kept for that).
    let unknown = check("http://rapport-test.invalid/", PASSWORD);
    assert!(
        matches!(&unknown, Err(Error::Sync(p @ Problem::Unreachable(_)))
            if p.to_string().contains("its name is not known here")),
        "{unknown:?}"
    );
    assert!(matches!(
        check("ftp://example.org", PASSWORD),
        Err(Error::Sync(Problem::BadAddress(_)))
    ));
    // A server that hangs up on every request, as one stopped mid-answer does.
    let hangs_up = Served::start(HANGS_UP, &[], None);
    let cut = check(&hangs_up.url("http"), PASSWORD);
    assert!(
        matches!(&cut, Err(Error::Sync(p @ Problem::Unreachable(_)))
            if p.to_string().contains("the connection was cut")),
        "{cut:?}"
    );
    // A web site with no calendar or address book behind it, nor a pointer to one.
    let pages = tempfile::tempdir().unwrap();
    let site = Served::start(WEB_SITE, &[], Some(pages.path()));
    let said = check(&site.url("http"), PASSWORD);
    assert!(
        matches!(said, Err(Error::Sync(Problem::NotDav(_)))),
        "{said:?}"
    );
}

/// Reads each request and closes the connection without a word.
const HANGS_UP: &str = r#"
import socket
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
print(server.getsockname()[1], flush=True)
while True:
    conn, _ = server.accept()
    conn.recv(65536)
    conn.close()
"#;

/// A plain web site: pages for GET, nothing for WebDAV.
const WEB_SITE: &str = r#"
import http.server
server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
print(server.server_port, flush=True)
server.serve_forever()
"#;

#[test]
fn the_address_of_a_site_in_front_of_the_server_is_enough() {
    let server = Radicale::start();
    let front = dav::front(&server);
    // Only the site's address, as a user types it.
    let site = dav::account(&format!("http://127.0.0.1:{}", front.port));
    let found = dav::check(&site, PASSWORD).unwrap();
    assert!(found.message.starts_with("Connected as anna"), "{found:?}");
    let wrong = dav::check(&site, "wrong");
    assert!(
        matches!(wrong, Err(Error::Sync(Problem::WrongPassword))),
        "{wrong:?}"
    );

    let log = dav::log_with(&site);
    fill(&log, 3);
    let report = sync_now(&log).unwrap();
    assert_eq!(report.sent, 3, "{report:?}");
    // The server itself, asked directly, holds them.
    assert_eq!(server_phones(&server).len(), 3);
}

/// An HTTPS server with a certificate of its own making, as a home server set up in a hurry.
const SELF_SIGNED: &str = r#"
import ssl, sys, http.server
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_port, flush=True)
server.serve_forever()
"#;

#[test]
fn a_certificate_this_computer_does_not_trust_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let tls = Served::start(SELF_SIGNED, &[&cert, &key], None);
    let said = dav::check(&dav::account(&tls.url("https")), PASSWORD);
    match said {
        Err(Error::Sync(problem @ Problem::Certificate(_))) => {
            let said = problem.to_string();
            assert!(said.contains("certificate is not trusted"), "{said}");
            assert!(said.contains("no authority this computer trusts"), "{said}");
        }
        other => panic!("not told as a certificate problem: {other:?}"),
    }
}

#[test]
fn calls_and_deadlines_are_published_with_alarms_completed_when_done_and_removed_when_deleted() {
    let server = Radicale::start();
    let log = log_for(&server);
    let filled = common::whole_log(&mut log.lock().unwrap());
    let at = common::now().with_timezone(&chrono::Local);
    let report = dav::sync_at(&log, at).unwrap();
    let items =
        rapport::exchange::ics::items(log.lock().unwrap().conn(), &at, Default::default()).unwrap();
    assert!(items.len() >= 2);
    assert_eq!(report.published, items.len());

    let published = dav::calendar_items(&server);
    assert_eq!(published.len(), items.len());
    for item in &items {
        // The same UID as the .ics export, and an alarm on each.
        let seen = &published[&item.uid];
        assert!(seen[3].is_string(), "{} has no alarm: {seen}", item.uid);
    }
    let call = items.iter().find(|i| i.kind == "interview").unwrap();
    assert_eq!(published[&call.uid][0], "VEVENT");
    assert_eq!(
        published[&call.uid][3], "-1 day, 23:00:00",
        "an hour before the call"
    );
    let deadline = items.iter().find(|i| i.kind != "interview").unwrap();
    assert_eq!(published[&deadline.uid][0], "VTODO");
    assert_eq!(published[&deadline.uid][1], "NEEDS-ACTION");

    // Nothing changed: nothing written.
    assert_eq!(dav::sync_at(&log, at).unwrap().published, 0);

    // A sync cut short after the server took the items, before the log recorded them: the
    // next one knows them as its own again, so later changes still reach them.
    log.lock()
        .unwrap()
        .conn()
        .execute("DELETE FROM sync_items", [])
        .unwrap();
    assert_eq!(dav::sync_at(&log, at).unwrap().published, items.len());
    assert_eq!(dav::sync_at(&log, at).unwrap().published, 0);

    // Done here: completed there. The interview deleted: gone there.
    mark_met(&log, deadline, at);
    rapport::interviews::delete(log.lock().unwrap().conn(), filled.interview).unwrap();
    dav::sync_at(&log, at).unwrap();
    let published = dav::calendar_items(&server);
    assert_eq!(published[&deadline.uid][1], "COMPLETED");
    assert!(!published.contains_key(&call.uid));

    // Another log publishing to the same calendar adds its own and takes none of these.
    let other = log_for(&server);
    common::whole_log(&mut other.lock().unwrap());
    dav::sync_at(&other, at).unwrap();
    let both = dav::calendar_items(&server);
    assert!(both.len() > published.len());
    for uid in published.keys() {
        assert!(both.contains_key(uid));
    }
    assert_eq!(dav::sync_at(&log, at).unwrap().published, 0);
}

#[test]
fn the_address_book_and_calendar_the_user_picks_are_used_and_a_new_pick_takes_the_items_along() {
    let server = Radicale::start();
    server.python(
        r#"
home = client.principal().url.join("")
body = ('<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        '<d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>'
        '<d:displayname>Contacts</d:displayname></d:prop></d:set></d:mkcol>')
client.request(str(home.join("phone-contacts/")), "MKCOL", body, {"Content-Type": "application/xml"})
client.principal().make_calendar(name="Personal", supported_calendar_component_set=["VEVENT", "VTODO"])
print("null")
"#,
        "",
    );
    let input = dav::account(&server.url());
    let found = dav::check(&input, PASSWORD).unwrap();
    let pick = |list: &[sync::Collection], name: &str| {
        list.iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} not among {list:?}"))
            .clone()
    };
    let contacts = pick(&found.address_books, "Contacts");
    let personal = pick(&calendars(&found), "Personal");

    let log = Mutex::new(Db::open_in_memory().unwrap());
    let save = |calendar: sync::Collection| {
        let account = AccountInput {
            address_book: contacts.clone(),
            calendar,
            ..input.clone()
        };
        sync::account::save(log.lock().unwrap().conn_mut(), &account).unwrap();
    };
    save(personal.clone());
    common::whole_log(&mut log.lock().unwrap());
    let people = count(&log);
    let at = common::now().with_timezone(&chrono::Local);
    dav::sync_at(&log, at).unwrap();
    let items =
        rapport::exchange::ics::items(log.lock().unwrap().conn(), &at, Default::default()).unwrap();
    assert!(!items.is_empty());
    assert_eq!(
        server.python("print(json.dumps(collections()))", ""),
        json!({
            "address book Contacts": people,
            "calendar Personal": items.len(),
        }),
        "everything in the collections picked, none made"
    );
    let status = sync::account::status(log.lock().unwrap().conn()).unwrap();
    assert_eq!(
        (status.address_book.name, status.calendar.name),
        ("Contacts".into(), "Personal".into())
    );

    // Deadlines now go to a calendar of their own: they leave Personal.
    save(sync::Collection::default());
    dav::sync_at(&log, at).unwrap();
    assert_eq!(
        server.python("print(json.dumps(collections()))", ""),
        json!({
            "address book Contacts": people,
            "calendar Personal": 0,
            "calendar Rapport": items.len(),
        })
    );
}

/// The deadline `item` stands for, marked done here.
fn mark_met(
    log: &Mutex<Db>,
    item: &rapport::exchange::ics::Item,
    at: chrono::DateTime<chrono::Local>,
) {
    let db = log.lock().unwrap();
    let rules = rapport::settings::reminders(db.conn()).unwrap();
    let open = rapport::reminders::all(db.conn(), &rules, &at, Default::default()).unwrap();
    let r = open
        .iter()
        .find(|r| r.kind.as_str() == item.kind && r.subject_id == item.subject_id)
        .unwrap();
    rapport::reminders::mark_done(db.conn(), &(r.kind, r.subject_id, r.due_at), common::now())
        .unwrap();
}

fn calendars(found: &sync::Found) -> Vec<sync::Collection> {
    found.calendars.iter().map(|c| c.calendar.clone()).collect()
}

#[test]
fn a_calendar_that_takes_only_events_gets_deadlines_as_events_that_alert_then() {
    let server = Radicale::start();
    server.python(
        r#"
client.principal().make_calendar(name="Holidays", cal_id="holidays", supported_calendar_component_set=["VEVENT"])
client.principal().make_calendar(name="Personal", cal_id="personal", supported_calendar_component_set=["VEVENT", "VTODO"])
print("null")
"#,
        "",
    );
    // As a server that keeps to a calendar's components: no to-do is taken in Holidays.
    let front = dav::front_refusing_todos_in(&server, Some("holidays"));
    let input = dav::account(&front.url("http"));
    let found = dav::check(&input, PASSWORD).unwrap();
    let takes: Vec<(String, bool)> = found
        .calendars
        .iter()
        .map(|c| (c.calendar.name.clone(), c.takes_deadlines))
        .collect();
    assert_eq!(
        takes,
        [
            ("Holidays".to_string(), false),
            ("Personal".to_string(), true)
        ]
    );

    let log = dav::log_with(&AccountInput {
        calendar: calendars(&found).remove(0),
        ..input.clone()
    });
    common::whole_log(&mut log.lock().unwrap());
    let at = common::now().with_timezone(&chrono::Local);
    dav::sync_at(&log, at).unwrap();
    let items =
        rapport::exchange::ics::items(log.lock().unwrap().conn(), &at, Default::default()).unwrap();
    let there = dav::calendar_items_in(&server, "Holidays");
    assert_eq!(there.len(), items.len());
    let deadline = items.iter().find(|i| i.kind != "interview").unwrap();
    let seen = &there[&deadline.uid];
    assert_eq!(seen[0], "VEVENT", "{seen}");
    assert_eq!(seen[3], "0:00:00", "alerts when due: {seen}");
    // Nothing changed: nothing written.
    assert_eq!(dav::sync_at(&log, at).unwrap().published, 0);

    // Met here: gone there, as there is no ticking an event off.
    mark_met(&log, deadline, at);
    dav::sync_at(&log, at).unwrap();
    let there = dav::calendar_items_in(&server, "Holidays");
    assert!(!there.contains_key(&deadline.uid), "{there:?}");
    assert_eq!(there.len(), items.len() - 1);

    // A server that refuses to-dos in a calendar that says it takes them: the sync says so.
    let strict = dav::front_refusing_todos_in(&server, Some("personal"));
    let other = dav::log_with(&AccountInput {
        server: strict.url("http"),
        calendar: calendars(&found).remove(1),
        ..input
    });
    common::whole_log(&mut other.lock().unwrap());
    let said = sync_now(&other);
    assert!(
        matches!(said, Err(Error::Sync(Problem::CalendarTakesNoDeadlines))),
        "{said:?}"
    );
    let status = sync::account::status(other.lock().unwrap().conn()).unwrap();
    assert!(
        status.last_error.contains("does not take deadlines"),
        "{status:?}"
    );
}
