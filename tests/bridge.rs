//! Every command through the bridge, as the window calls it, on Tauri's mock runtime: each
//! write wakes the reminders scheduler and tells the window; each read succeeds on a
//! connection that refuses writes. A command added without being classified here fails.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Local, Utc};
use rapport::commands::{self, AppState};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::interactions::{self, Channel, Direction, InteractionInput};
use rapport::scheduler::{Clock, Notifier, Scheduler};
use rapport::store::Db;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

struct SystemTime;

impl Clock for SystemTime {
    type Tz = Local;
    fn now(&self) -> DateTime<Local> {
        Local::now()
    }
}

struct Quiet;

impl Notifier for Quiet {
    fn notify(&self, _: &rapport::reminders::Notice) -> Result<(), String> {
        Ok(())
    }
}

struct Bridge {
    window: WebviewWindow<tauri::test::MockRuntime>,
    ticks: Arc<AtomicUsize>,
    changes: Arc<AtomicUsize>,
    called: Mutex<BTreeSet<String>>,
}

impl Bridge {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.called.lock().unwrap().insert(cmd.to_string());
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    /// A command that only looks: it succeeds though the connection is read-only, and
    /// nobody is told of a change.
    fn read(&self, cmd: &str, args: Value) -> Value {
        let before = self.changes.load(Ordering::SeqCst);
        let out = self
            .invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"));
        assert_eq!(
            self.changes.load(Ordering::SeqCst),
            before,
            "{cmd} announced a change"
        );
        out
    }

    /// A command that changes the data: the window hears of it once and the scheduler
    /// looks again.
    fn write(&self, cmd: &str, args: Value) -> Value {
        let (changes, ticks) = (
            self.changes.load(Ordering::SeqCst),
            self.ticks.load(Ordering::SeqCst),
        );
        let out = self
            .invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"));
        assert_eq!(
            self.changes.load(Ordering::SeqCst),
            changes + 1,
            "{cmd} did not announce its change"
        );
        let start = Instant::now();
        while self.ticks.load(Ordering::SeqCst) == ticks {
            assert!(
                start.elapsed() < StdDuration::from_secs(5),
                "{cmd} did not wake the scheduler"
            );
            std::thread::sleep(StdDuration::from_millis(5));
        }
        out
    }
}

fn seed(dir: &std::path::Path) -> (i64, i64) {
    let mut db = Db::open(dir).unwrap();
    let mut add = |name: &str| {
        contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: name.into(),
                organization: "Contoso".into(),
                stage: Stage::Scheduled,
                ..Default::default()
            },
            Utc::now(),
        )
        .unwrap()
        .id
    };
    let (dana, liz) = (add("Dana Reyes"), add("Liz Darnell"));
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: dana,
            occurred_at: Utc::now() - Duration::hours(3),
            channel: Channel::VideoCall,
            direction: Direction::Out,
            outcome: None,
            notes: String::new(),
            purpose: None,
        },
        Utc::now(),
    )
    .unwrap();
    (dana, liz)
}

fn start(dir: &std::path::Path) -> Bridge {
    let app = mock_builder()
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .invoke_handler(commands::handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let state = AppState::new(Db::open(dir).unwrap(), Default::default());
    let changes = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&changes);
    state.on_change(move || {
        counted.fetch_add(1, Ordering::SeqCst);
    });
    let ticks = Arc::new(AtomicUsize::new(0));
    let ticked = Arc::clone(&ticks);
    state.set_scheduler(Scheduler::start(
        state.shared_db(),
        SystemTime,
        Quiet,
        StdDuration::ZERO,
        move |_| {
            ticked.fetch_add(1, Ordering::SeqCst);
        },
    ));
    app.manage(state);
    app.manage(commands::exchange::PendingImport::default());
    // No account to sync here; the task's first look waits past the test.
    app.manage(commands::sync::Syncer::start(
        app.handle(),
        StdDuration::from_secs(3600),
    ));
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Bridge {
        window,
        ticks,
        changes,
        called: Mutex::new(BTreeSet::new()),
    }
}

/// The commands tauri-build generated permissions for: every command the window may call.
fn every_command() -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("permissions/autogenerated");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect()
}

#[test]
fn every_write_wakes_the_scheduler_and_tells_the_window_and_reads_change_nothing() {
    // Autostart writes under HOME: keep it away from the real one.
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("HOME", home.path());
    std::env::set_var("XDG_CONFIG_HOME", home.path().join(".config"));
    let data = tempfile::tempdir().unwrap();
    let (dana, liz) = seed(data.path());
    let b = start(data.path());
    let soon = (Utc::now() + Duration::days(2)).to_rfc3339();

    b.read("vocabulary_get", json!({}));
    let boot = b.read("app_bootstrap", json!({}));
    for part in [
        "vocabulary",
        "settings",
        "today",
        "interviews",
        "unfinishedCall",
    ] {
        assert!(
            boot.get(part).is_some(),
            "the first call lacks {part}: {boot}"
        );
    }
    b.read("settings_get", json!({}));
    b.read("contacts_list", json!({"query": {"text": "dana"}}));
    b.read("contacts_get", json!({"id": dana}));
    b.read("contacts_tags", json!({}));
    assert_eq!(b.read("organizations_names", json!({})), json!(["Contoso"]));
    let page = b.read("contacts_get", json!({"id": dana}));
    let org = page["contact"]["organizationId"].as_i64().unwrap();
    b.read("organizations_get", json!({"id": org}));
    b.read("reminders_wake", json!({}));
    b.read("questionbank_list", json!({}));
    b.read("interviews_soon", json!({"limit": 5}));
    b.read("interviews_soon", json!({}));
    b.read("interviews_unfinished", json!({}));

    let contact = json!({"fullName": "Dana Reyes", "role": "Analyst", "organization": "Contoso"});
    b.write("contacts_update", json!({"id": dana, "input": contact}));
    let ana = b.write(
        "contacts_create",
        json!({"input": {"fullName": "Ana Silva"}}),
    );
    let logged = b.write(
        "interactions_create",
        json!({"input": {"contactId": ana["id"], "occurredAt": Utc::now().to_rfc3339(),
                         "channel": "email", "direction": "out", "outcome": "sent"}}),
    );
    b.write(
        "interactions_delete",
        json!({"id": logged["interaction"]["id"]}),
    );
    // Notes typed and not logged are kept as typed, telling no one, and come back with the
    // page; blank, they are forgotten.
    let typed = "Call went well —
  she'll intro me to Omar ";
    b.read(
        "interactions_keep_draft",
        json!({"contactId": ana["id"], "notes": typed}),
    );
    let page = b.read("contacts_get", json!({"id": ana["id"]}));
    assert_eq!(page["logDraft"], typed);
    b.read(
        "interactions_keep_draft",
        json!({"contactId": ana["id"], "notes": "  "}),
    );
    assert_eq!(
        b.read("contacts_get", json!({"id": ana["id"]}))["logDraft"],
        ""
    );
    b.write(
        "organizations_update",
        json!({"id": org, "input": {"name": "Contoso Ltd"}}),
    );

    // My search and the targets: each change answers with the list in order.
    b.read("my_search_get", json!({}));
    b.write(
        "my_search_save",
        json!({"value": {"name": "Ana Lima", "interests": ["Logistics"], "standing": "student"}}),
    );
    b.read("targets_list", json!({}));
    let listed = b.write("targets_add", json!({"name": "Wingtip Toys"}));
    let wingtip = listed[0]["id"].clone();
    let listed = b.write(
        "targets_set",
        json!({"id": wingtip, "input": {"motivation": 3, "hiring": "yes"}}),
    );
    assert_eq!(listed[0]["hiring"], "yes", "{listed}");
    b.write("targets_add", json!({"name": "Contoso Ltd"}));
    let listed = b.write("targets_move", json!({"id": wingtip, "index": 1}));
    assert_eq!(listed[1]["id"], wingtip, "{listed}");
    b.write("targets_sort_by_lamp", json!({}));
    b.write("targets_unmark", json!({"id": wingtip}));
    b.write("targets_mark", json!({"id": wingtip}));

    // Templates: edited, reset, and a message composed from one for a person.
    assert_eq!(
        b.read("templates_list", json!({}))
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let saved = b.write(
        "templates_save",
        json!({"kind": "check_in", "subject": "News", "body": "Hi {first_name}."}),
    );
    assert_eq!(saved["edited"], true, "{saved}");
    let message = b.read(
        "message_compose",
        json!({"contactId": ana["id"], "kind": "check_in"}),
    );
    assert_eq!(message["body"], "Hi Ana.", "{message}");
    let suggested = b.read("message_compose", json!({"contactId": ana["id"]}));
    assert_eq!(suggested["kind"], "follow_up", "{suggested}");
    b.write("templates_reset", json!({"kind": "check_in"}));

    // Advice: a line of a conversation marked, acted on, followed to the person it names.
    let talk = b.write(
        "interactions_create",
        json!({"input": {"contactId": ana["id"], "occurredAt": Utc::now().to_rfc3339(),
                         "channel": "phone_call", "direction": "out",
                         "notes": "Friendly\n- Talk to Omar Haddad at Fabrikam"}}),
    );
    let talk = &talk["interaction"]["id"];
    let marked = b.write(
        "advice_mark",
        json!({"interactionId": talk, "line": 1, "marked": true}),
    );
    assert_eq!(
        marked["text"], "Talk to Omar Haddad at Fabrikam",
        "{marked}"
    );
    assert_eq!(marked["names"]["fullName"], "Omar Haddad", "{marked}");
    let acted = b.write(
        "advice_act",
        json!({"id": marked["id"], "note": "Wrote to him"}),
    );
    assert_eq!(acted["actedNote"], "Wrote to him", "{acted}");
    let referred = b.write(
        "advice_refer",
        json!({"id": marked["id"], "person": marked["names"]}),
    );
    assert_eq!(
        referred["referral"]["fullName"], "Omar Haddad",
        "{referred}"
    );
    let own = b.write(
        "advice_add",
        json!({"contactId": ana["id"], "text": "Read the trade press"}),
    );
    let page = b.read("contacts_get", json!({"id": ana["id"]}));
    assert_eq!(page["advice"].as_array().unwrap().len(), 2, "{page}");
    b.write("advice_delete", json!({"id": own["id"]}));
    b.write("advice_act", json!({"id": marked["id"], "note": null}));
    let unmarked = b.write(
        "advice_mark",
        json!({"interactionId": talk, "line": 1, "marked": false}),
    );
    assert_eq!(unmarked, json!(null));

    // Insights over the last year and over all time.
    let year = b.read(
        "insights_get",
        json!({"from": (Utc::now() - chrono::Duration::days(365)).to_rfc3339()}),
    );
    assert!(year["funnel"]["contacted"].as_u64().is_some(), "{year}");
    let all = b.read("insights_get", json!({"from": null}));
    assert_eq!(all["period"]["from"], json!(null), "{all}");

    // Reminders: the thank-you for Dana's call is due.
    let today = b.read("reminders_today", json!({}));
    let groups = today["groups"].as_array().unwrap();
    assert_eq!(
        groups
            .iter()
            .map(|g| g["bucket"].clone())
            .collect::<Vec<_>>(),
        [json!("overdue"), json!("today"), json!("upcoming")]
    );
    let overdue = b.read("reminders_more", json!({"bucket": "overdue", "offset": 0}));
    assert_eq!(
        overdue, groups[0]["items"],
        "the first page of a group, again"
    );
    let thank_you = groups
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .find(|r| r["kind"] == "thank_you")
        .cloned()
        .expect("a thank-you is due");
    let reminder = json!({"kind": thank_you["kind"], "subjectId": thank_you["subjectId"],
                          "dueAt": thank_you["dueAt"]});
    let done = b.write(
        "reminders_done",
        json!({"reminder": reminder, "contactId": dana}),
    );
    assert!(done.is_i64(), "Done answers with what it logged: {done}");
    b.write(
        "reminders_undo_done",
        json!({"reminder": reminder, "logged": done}),
    );
    b.write(
        "reminders_snooze",
        json!({"reminder": reminder, "until": soon}),
    );

    // Interviews and the question bank.
    let interview = b.write(
        "interviews_create",
        json!({"input": {"contactId": dana, "scheduledAt": soon, "medium": "video"}}),
    );
    let id = interview["id"].as_i64().unwrap();
    b.read("interviews_get", json!({"id": id}));
    b.write(
        "interviews_reschedule",
        json!({"id": id, "input": {"contactId": dana, "scheduledAt": soon, "medium": "phone"}}),
    );
    b.write(
        "interviews_save_prep",
        json!({"id": id, "prep": {"goal": "Learn how she moved into analytics"}}),
    );
    let q = b.write(
        "interviews_add_question",
        json!({"interviewId": id, "category": "own", "text": "How do you forecast demand?"}),
    );
    let qid = q["id"].as_i64().unwrap();
    b.write(
        "interviews_edit_question",
        json!({"id": qid, "text": "How do you forecast?"}),
    );
    b.write("interviews_move_question", json!({"id": qid, "by": -1}));
    b.write(
        "interviews_save_ready_answer",
        json!({"prompt": "about_me", "answer": "An analyst exploring supply chains."}),
    );
    b.write("interviews_start_call", json!({"id": id}));
    b.read("interviews_clock", json!({"id": id}));
    b.write(
        "interviews_mark_question",
        json!({"id": qid, "asked": true, "note": "SQL", "advice": true}),
    );
    b.write("interviews_delete_question", json!({"id": qid}));
    b.write(
        "interviews_end_call",
        json!({"id": id, "referrals": [{"fullName": "Tomás Alvarez"}]}),
    );
    b.write("interviews_delete", json!({"id": id}));
    let bank = b.write(
        "questionbank_add",
        json!({"category": "field", "text": "Where is the field going?"}),
    );
    b.write(
        "questionbank_edit",
        json!({"id": bank["id"], "text": "Where is it going?", "suggested": true}),
    );
    b.write("questionbank_delete", json!({"id": bank["id"]}));

    // Importing: a preview only reads; the import writes once; discarding changes nothing.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/linkedin/Connections-2018.csv");
    let args = json!({"path": fixture, "format": "linkedin"});
    let preview = b.read("exchange_preview", args.clone());
    assert_eq!(preview["new"], 2, "{preview}");
    let imported = b.write("exchange_import", json!({}));
    assert_eq!(imported["new"], 2, "{imported}");
    b.read("exchange_preview", args);
    b.read("exchange_discard", json!({}));
    let out = tempfile::tempdir().unwrap();
    let written = b.read(
        "exchange_export",
        json!({"path": out.path().join("all.vcf"), "format": "vcard"}),
    );
    assert!(written.as_u64().unwrap() >= 2, "{written}");
    for (format, file) in [("csv", "all.csv"), ("ics", "calendar.ics")] {
        b.read(
            "exchange_export",
            json!({"path": out.path().join(file), "format": format}),
        );
    }
    let query = json!({"text": "Dana"});
    let shown = b.read("contacts_list", json!({"query": query}))["total"].clone();
    let some = b.read(
        "exchange_export",
        json!({"path": out.path().join("some.vcf"), "format": "vcard", "query": query}),
    );
    assert_eq!(some, shown, "only the people the search shows");
    assert!(some.as_u64().unwrap() < written.as_u64().unwrap());
    let sheet = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv/french-headers.csv");
    let unguessed = b.read("exchange_preview", json!({"path": sheet, "format": "csv"}));
    assert!(
        unguessed["problem"].as_str().unwrap().contains("names"),
        "{unguessed}"
    );
    assert_eq!(unguessed["columns"][1]["header"], "Société");
    let nothing = b.invoke("exchange_import", json!({})).unwrap_err();
    assert_eq!(
        nothing["kind"], "bad_file",
        "nothing to import yet: {nothing}"
    );
    let mapped = b.read(
        "exchange_preview",
        json!({"path": sheet, "format": "csv",
               "mapping": ["full_name", "organization", "role", "email"]}),
    );
    assert_eq!(mapped["columns"][0]["field"], "full_name", "{mapped}");
    assert_eq!(mapped["new"], 1, "{mapped}");
    b.read("exchange_discard", json!({}));
    let everything = out.path().join("everything.json");
    b.read(
        "exchange_export",
        json!({"path": everything, "format": "json"}),
    );

    // Backups: a copy only reads; a restore writes once, whatever it restores from.
    let copy = out.path().join("copy.db");
    b.read("backup_now", json!({"path": copy}));
    assert!(b.read("backup_list", json!({})).as_array().is_some());
    let restored = b.write("backup_restore", json!({"path": copy}));
    assert!(restored["safetyCopy"]
        .as_str()
        .unwrap()
        .contains("before-restore-"));
    b.write("backup_restore", json!({"path": everything}));
    let junk = out.path().join("junk.db");
    std::fs::write(&junk, "not a backup").unwrap();
    let refused = b
        .invoke("backup_restore", json!({"path": junk}))
        .unwrap_err();
    assert_eq!(refused["kind"], "bad_file", "{refused}");

    let nothing = b.invoke("exchange_import", json!({})).unwrap_err();
    assert_eq!(nothing["kind"], "bad_file", "{nothing}");

    // Duplicates: two records of one person, set aside, offered again, then merged.
    let jon = b.write(
        "contacts_create",
        json!({"input": {"fullName": "Jon Smith", "organization": "Contoso"}}),
    )["id"]
        .as_i64()
        .unwrap();
    let john = b.write(
        "contacts_create",
        json!({"input": {"fullName": "John Smith", "organization": "Contoso", "role": "Lead"}}),
    )["id"]
        .as_i64()
        .unwrap();
    let pairs = b.read("duplicates_list", json!({}));
    assert!(
        pairs
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["reason"] == "similar_name"),
        "{pairs}"
    );
    let diff = b.read("duplicates_compare", json!({"a": jon, "b": john}));
    assert!(
        diff.as_array()
            .unwrap()
            .iter()
            .any(|d| d["field"] == "role"),
        "{diff}"
    );
    b.write("duplicates_dismiss", json!({"a": jon, "b": john}));
    b.write("duplicates_undismiss", json!({"a": jon, "b": john}));
    let merged = b.write(
        "duplicates_merge",
        json!({"keep": jon, "gone": john, "picks": {"full_name": "b", "role": "b"}}),
    );
    assert_eq!(merged["fullName"], "John Smith", "{merged}");
    assert_eq!(merged["role"], "Lead", "{merged}");

    // Sync: an account set up (through a second connection to the same file); another
    // with a bad address is refused before anything is kept.
    rapport::sync::account::save(
        Db::open(data.path()).unwrap().conn_mut(),
        &rapport::sync::AccountInput {
            server: "dav.example".into(),
            user_name: "ana".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let status = b.read("sync_status", json!({}));
    assert_eq!(status["configured"], true, "{status}");
    assert_eq!(status["server"], "dav.example", "{status}");
    assert_eq!(status["running"], false, "{status}");
    assert_eq!(
        status["addressBook"],
        json!({"href": "", "name": "Rapport"}),
        "{status}"
    );
    let bad =
        json!({"input": {"server": "ftp://dav.example", "userName": "ana"}, "password": "pw"});
    let refused = b.invoke("sync_check", bad.clone()).unwrap_err();
    assert_eq!(refused["kind"], "sync", "{refused}");
    let refused = b.invoke("sync_save", bad).unwrap_err();
    assert_eq!(refused["kind"], "sync", "{refused}");
    assert_eq!(b.read("sync_status", json!({}))["server"], "dav.example");
    b.write("sync_remove", json!({}));
    assert_eq!(b.read("sync_status", json!({}))["configured"], false);
    b.read("sync_now", json!({}));
    assert_eq!(b.read("sync_gone_list", json!({})), json!([]));
    let refused = b
        .invoke("sync_gone_settle", json!({"id": dana, "delete": true}))
        .unwrap_err();
    assert_eq!(refused["kind"], "not_found", "{refused}");

    // Settings, and last a deletion.
    let settings = b.read("settings_get", json!({}));
    b.write(
        "settings_save_reminders",
        json!({"value": settings["reminders"]}),
    );
    b.write(
        "settings_save_app",
        json!({"value": {"closeToTray": true, "launchAtLogin": false}}),
    );
    b.write("contacts_delete", json!({"id": liz}));

    // Opening a link hands it to the OS and changes no data; anything but the web or an
    // email address is refused before that.
    let refused = b
        .invoke("contacts_open_link", json!({"link": "javascript:alert(1)"}))
        .unwrap_err();
    assert_eq!(refused["kind"], "invalid");
    // A message with a gap still in it never reaches the mail app.
    let refused = b
        .invoke(
            "message_mail",
            json!({"to": "ana@contoso.example", "subject": "Hi", "body": "Dear [their role]"}),
        )
        .unwrap_err();
    assert_eq!(refused["kind"], "invalid");

    // Quitting ends the process; it changes no data.
    let mut untested = every_command();
    untested.remove("app_quit");
    // The tray icon it brings needs GTK, which the mock runtime lacks: the window's tests
    // (e2e_desktop) check it, and it changes no data.
    untested.remove("app_drawn");
    for called in b.called.lock().unwrap().iter() {
        untested.remove(called);
    }
    assert!(
        untested.is_empty(),
        "commands not classified as read or write here: {untested:?}"
    );
}

#[test]
fn a_failed_write_tells_no_one() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path());
    let b = start(data.path());
    let err = b
        .invoke("contacts_create", json!({"input": {"fullName": "  "}}))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert_eq!(b.changes.load(Ordering::SeqCst), 0);
}
