//! Sync set up in the real window against a real server (Radicale), the password kept in a
//! real secret store (GNOME Keyring's Secret Service on the test's private D-Bus): a wrong
//! password says so, the right one syncs, Settings says when, and the server has the people.

mod dav;
mod support;

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use rapport::contacts::{self, ContactInput};
use rapport::store::Db;
use support::{Harness, Options};

/// A secret service that ends with the test.
struct Secrets(Child);

impl Drop for Secrets {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GNOME Keyring's secret service on the harness's bus, its login keyring unlocked.
fn keyring(harness: &Harness) -> Secrets {
    let daemon = Command::new("/usr/bin/gnome-keyring-daemon")
        .args(["--foreground", "--components=secrets", "--unlock"])
        .env("DBUS_SESSION_BUS_ADDRESS", &harness.bus.address)
        .env("HOME", harness.home.path())
        .env("XDG_DATA_HOME", harness.home.path().join(".local/share"))
        .env("XDG_RUNTIME_DIR", harness.home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon did not start (make test installs gnome-keyring)");
    let mut daemon = Secrets(daemon);
    // The login keyring's password, then end of input.
    daemon
        .0
        .stdin
        .take()
        .unwrap()
        .write_all(b"test-login\n")
        .unwrap();
    let start = Instant::now();
    loop {
        let out = Command::new("dbus-send")
            .args([
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &harness.bus.address)
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
            return daemon;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the secret service did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_account_set_up_in_settings_syncs_and_a_wrong_password_says_so() {
    let mut server = dav::Radicale::start();
    let harness = Harness::with(Options::default());
    let _secrets = keyring(&harness);
    let ids: Vec<i64> = {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        ["Ana Lima", "Tomás Ruiz", "Wei Chen"]
            .map(|name| {
                contacts::create(
                    db.conn_mut(),
                    ContactInput {
                        full_name: name.into(),
                        organization: "Northwind".into(),
                        ..Default::default()
                    },
                    Utc::now(),
                )
                .unwrap()
                .id
            })
            .to_vec()
    };
    server.python(
        "client.principal().make_calendar(name='Personal')\n\
         client.principal().make_calendar(name='Holidays', supported_calendar_component_set=['VEVENT'])\n\
         print('null')",
        "",
    );
    let app = harness.launch();
    app.script("location.hash = '#/settings'", serde_json::json!([]));
    app.wait_for("#sync-card");
    assert!(
        app.try_find("#sync-state:not([hidden])").is_none(),
        "no sync status in the app bar before an account is set up"
    );
    app.screenshot("sync-settings-empty");

    let server_field = app.wait_for("#sync-server");
    app.type_into(&server_field, &server.url());
    app.type_into(&app.wait_for("#sync-user"), dav::USER);
    let password = app.wait_for("#sync-password");
    app.type_into(&password, "not the password");
    app.click_css("#sync-test");
    let said = app.wait_for_text("#sync-result.error", "refused");
    assert!(said.contains("user name or password"), "{said}");
    app.screenshot("sync-wrong-password");

    // Away and back: Settings reads the account again, and what the user typed stays.
    app.script(
        "document.getElementById('sync-summary').textContent = 'before'; location.hash = '#/today'",
        serde_json::json!([]),
    );
    app.wait_for("#today");
    app.script("location.hash = '#/settings'", serde_json::json!([]));
    app.wait_until("Settings to read the account again", || {
        let said = app.script(
            "return document.getElementById('sync-summary').textContent",
            serde_json::json!([]),
        );
        (said == "").then_some(())
    });
    let typed = app.script(
        "return ['sync-server', 'sync-user', 'sync-password'].map((id) => document.getElementById(id).value)",
        serde_json::json!([]),
    );
    assert_eq!(
        typed,
        serde_json::json!([server.url(), dav::USER, "not the password"])
    );

    let password = app.wait_for("#sync-password");
    app.clear(&password);
    app.type_into(&password, dav::PASSWORD);
    app.click_css("#sync-test");
    app.wait_for_text("#sync-result.ok", "Connected as anna");
    // What there is to pick from: a new "Rapport" address book, and the user's calendar.
    let books = app.texts("#sync-book option");
    assert_eq!(books, ["A new address book, “Rapport”"]);
    let calendars = app.texts("#sync-calendar option");
    assert!(calendars.contains(&"Personal".to_string()), "{calendars:?}");
    // A calendar that keeps to events says how deadlines will show there.
    assert!(
        calendars.contains(&"Holidays — deadlines shown as events".to_string()),
        "{calendars:?}"
    );
    app.script(
        "const s = document.getElementById('sync-calendar');
         s.value = [...s.options].find((o) => o.textContent === 'Personal').value;",
        serde_json::json!([]),
    );
    app.screenshot("sync-pick");
    app.click_css("#sync-save");
    app.wait_for_text("#sync-summary", "Synced just now");
    app.wait_for_text("#sync-state", "Synced just now");
    let said = app
        .wait_for_text("#sync-summary", "calls and deadlines in")
        .replace(['\u{2068}', '\u{2069}'], "");
    assert!(
        said.contains("Contacts in Rapport, calls and deadlines in Personal."),
        "{said}"
    );
    app.screenshot("sync-synced");
    let there = server.python("print(json.dumps(sorted(collections())))", "");
    assert_eq!(
        there,
        serde_json::json!([
            "address book Rapport",
            "calendar Holidays",
            "calendar Personal"
        ]),
        "no second calendar made"
    );

    // The people are on the server, as another client reads them.
    let names = server.python(
        "print(json.dumps(sorted(c.fn.value for c in cards().values())))",
        "",
    );
    assert_eq!(
        names,
        serde_json::json!(["Ana Lima", "Tomás Ruiz", "Wei Chen"])
    );
    // The password is in the secret store, not in the log.
    let db = Db::open(harness.data_dir.path()).unwrap();
    let stored: String = db
        .conn()
        .query_row(
            "SELECT group_concat(server || user_name) FROM sync_account",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!stored.contains(dav::PASSWORD));
    let file = std::fs::read(harness.data_dir.path().join("rapport.db")).unwrap();
    assert!(!String::from_utf8_lossy(&file).contains(dav::PASSWORD));
    drop(db);

    // On the phone: Wei's card deleted, words typed as Tomás's phone, and pages of notes
    // pasted on his card, more than Rapport's form takes.
    server.python(
        r#"
for href, card in cards().items():
    if card.fn.value == "Wei Chen":
        client.delete(href)
    if card.fn.value == "Tomás Ruiz":
        card.add('tel').value = 'ask at reception'
        card.add('note').value = ' '.join(['Call notes from the phone.'] * 1000)
        client.put(href, card.serialize(), {"Content-Type": "text/vcard"})
print("null")
"#,
        "",
    );
    app.click_css("#sync-now");
    app.wait_for_text("#sync-gone", "Wei Chen");
    app.screenshot("sync-deleted-on-server");
    app.click_css("#sync-gone li button:not(.danger)");
    app.wait_until("the kept card written again", || {
        let names = server.python(
            "print(json.dumps(sorted(c.fn.value for c in cards().values())))",
            "",
        );
        (names.as_array().unwrap().len() == 3).then_some(())
    });
    assert!(app.texts("#sync-gone li").is_empty());

    app.script(
        &format!("location.hash = '#/contacts/{}'", ids[1]),
        serde_json::json!([]),
    );
    let told = app.wait_for_text("#timeline", "Phone on the server not taken");
    assert!(told.contains("ask at reception"), "{told}");
    assert!(told.contains("it stays on the card"), "{told}");
    let notes = app.wait_for_text("#timeline", "Notes on the server not taken");
    // The start of the notes, and their length written in the window's locale.
    let digits_only = notes.replace([',', '.', '\u{a0}', '\u{202f}'], "");
    assert!(digits_only.contains("…26999 characters in all"), "{notes}");
    app.screenshot("sync-refused-on-timeline");
    // Tomás's card was written back for the phone; the phone's notes are still on it.
    let on_card = server.python(
        "print(json.dumps([len(n.value) for c in cards().values() if c.fn.value == arg for n in c.contents.get('note', [])]))",
        "Tomás Ruiz",
    );
    assert_eq!(on_card, serde_json::json!([26_999]));

    // The server goes away: offline, said in the app bar and in Settings; back, synced.
    server.kill();
    app.script("location.hash = '#/settings'", serde_json::json!([]));
    app.click_css("#sync-now");
    app.wait_for_text("#sync-state", "Offline");
    let said = app.wait_for_text("#sync-summary", "Offline — last synced");
    assert!(said.contains("tries again on its own"), "{said}");
    app.script(
        "document.getElementById('sync-card').scrollIntoView({ block: 'center' })",
        serde_json::json!([]),
    );
    app.screenshot("sync-offline");
    server.restart();
    app.click_css("#sync-now");
    app.wait_for_text("#sync-state", "Synced just now");

    app.quit();
}

/// People enough that a first sync takes a while, as after importing LinkedIn connections.
const MANY: usize = 1200;

#[test]
fn a_first_sync_of_a_thousand_people_shows_how_far_it_has_come() {
    let server = dav::Radicale::start();
    let harness = Harness::with(Options::default());
    let _secrets = keyring(&harness);
    {
        let mut db = Db::open(harness.data_dir.path()).unwrap();
        for n in 0..MANY {
            contacts::create(
                db.conn_mut(),
                ContactInput {
                    full_name: format!("Person {n:04} Example"),
                    organization: format!("Org {}", n % 40),
                    emails: vec![format!("person{n}@example.org")],
                    ..Default::default()
                },
                Utc::now(),
            )
            .unwrap();
        }
    }
    let app = harness.launch();
    app.script("location.hash = '#/settings'", serde_json::json!([]));
    app.type_into(&app.wait_for("#sync-server"), &server.url());
    app.type_into(&app.wait_for("#sync-user"), dav::USER);
    app.type_into(&app.wait_for("#sync-password"), dav::PASSWORD);
    app.click_css("#sync-test");
    app.wait_for_text("#sync-result.ok", "Connected as anna");
    app.click_css("#sync-save");

    // While it runs: how many of how many, in the app bar and in Settings with a bar.
    let total = format!(
        "of {}",
        app.script(
            "return arguments[0].toLocaleString()",
            serde_json::json!([MANY])
        )
        .as_str()
        .unwrap()
    );
    let bar = app.wait_for_text("#sync-state", &total);
    assert!(bar.starts_with("Syncing "), "{bar}");
    let step = app.wait_for_text("#sync-card .progress .sync-step", &total);
    assert!(step.contains("Sending"), "{step}");
    let shown = app.script(
        "const p = document.querySelector('#sync-card .progress progress');
         return [p.value, p.max, p.closest('.progress').hidden];",
        serde_json::json!([]),
    );
    assert_eq!(shown[1], MANY, "{shown}");
    assert_eq!(shown[2], false, "{shown}");
    app.screenshot("sync-first-of-many");

    // Radicale takes each card in turn on one core, some 75 ms of its CPU a card on a slow
    // machine (88 s for these): the wait guards against a sync that never ends, no more.
    let deadline = Instant::now() + Duration::from_secs(300);
    while !app
        .script(
            "return document.getElementById('sync-state').textContent",
            serde_json::json!([]),
        )
        .as_str()
        .is_some_and(|t| t.contains("Synced just now"))
    {
        if Instant::now() > deadline {
            app.screenshot("sync-first-of-many-stuck");
            panic!(
                "the first sync did not end: {}",
                app.script(
                    "return document.getElementById('sync-card').textContent",
                    serde_json::json!([]),
                )
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(app.try_find("#sync-card .progress:not([hidden])").is_none());
    let cards = server.python("print(json.dumps(len(cards())))", "");
    assert_eq!(cards, MANY);
    app.quit();
}
