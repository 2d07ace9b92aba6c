//! The contact log in the real window: add, find, log, restart, and bad input.

mod support;

use support::{keys, Harness, Session};

fn new_contact(s: &Session, name: &str, organization: &str, email: &str) {
    s.press(None, &["n"]);
    let name_field = s.wait_for("#f-fullName");
    s.wait_until("the name field to have focus", || {
        (s.focused_id() == "f-fullName").then_some(())
    });
    s.type_into(&name_field, name);
    s.type_into(&s.wait_for("#f-role"), "Operations Analyst");
    s.type_into(&s.wait_for("#f-organization"), organization);
    s.type_into(&s.wait_for("#f-emails"), email);
    s.press(Some(keys::CONTROL), &["s"]);
}

fn list_names(s: &Session) -> Vec<String> {
    s.texts("#people .person .name")
}

#[test]
fn add_find_log_and_find_it_all_again_after_a_restart() {
    let harness = Harness::start();
    let s = harness.launch();
    s.wait_for_text("#welcome", "Welcome to Rapport");
    s.screenshot("welcome");
    s.press(None, &["c"]);
    s.wait_for_text("#people", "Your contact log is empty");
    s.screenshot("contacts-empty");

    new_contact(
        &s,
        "Dana Reyes",
        "Northwind Logistics",
        "dana@northwind.example",
    );
    s.wait_for_saved_contact("Dana Reyes");
    new_contact(&s, "Liz Darnell", "Contoso", "liz@contoso.example");
    s.wait_for_text("#person-card h1", "Liz Darnell");

    // Find Dana by a prefix of her organization, typing as a person would.
    s.press(None, &[keys::ESCAPE]);
    s.wait_until("the list row to take the focus back", || {
        s.script(
            "return document.activeElement.classList.contains('person')",
            serde_json::json!([]),
        )
        .as_bool()
        .filter(|f| *f)
    });
    let focused_name = || {
        s.script(
            "return document.activeElement.querySelector('.name')?.textContent ?? ''",
            serde_json::json!([]),
        )
        .as_str()
        .map(|n| n.replace(['\u{2068}', '\u{2069}'], ""))
        .unwrap_or_default()
    };
    assert_eq!(focused_name(), "Liz Darnell");
    // Someone added meanwhile (another window, a sync) takes her place in the list: the
    // keyboard stays with her, not with whoever now holds her row.
    s.script_async(
        "const done = arguments[arguments.length - 1];
         window.__TAURI__.core.invoke('contacts_create', { input: { fullName: 'Aaron Abbott' } })
           .then(() => done(true), (e) => done(String(e)));",
        serde_json::json!([]),
    );
    s.wait_until("the list to show the person added", || {
        (list_names(&s) == ["Aaron Abbott", "Dana Reyes", "Liz Darnell"]).then_some(())
    });
    assert_eq!(focused_name(), "Liz Darnell");
    s.press(None, &["/"]);
    assert_eq!(s.focused_id(), "search");
    let search = s.wait_for("#search");
    assert_eq!(s.property(&search, "value"), "");
    s.type_into(&search, "northw");
    s.wait_until("the list to narrow to Dana", || {
        (list_names(&s) == ["Dana Reyes"]).then_some(())
    });
    s.wait_for_text("#count", "1 person");

    // Open her page from the keyboard and log a voicemail without the mouse.
    s.press(None, &["\u{E015}"]); // arrow down into the list
    s.press(None, &[keys::ENTER]);
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.press(None, &["l"]);
    s.wait_until("the log form to have focus", || {
        (s.focused_id() == "f-log-channel").then_some(())
    });
    // Type-ahead in the focused menu picks "Voicemail left"; Tab moves on to the notes.
    s.press(None, &["v"]);
    assert_eq!(
        s.property(&s.wait_for("#f-log-channel"), "value"),
        "voicemail"
    );
    s.press(None, &[keys::TAB, keys::TAB, keys::TAB]);
    assert_eq!(s.focused_id(), "f-log-notes");
    s.type_into(
        &s.wait_for("#f-log-notes"),
        "Left a voicemail asking for 20 minutes about the ops team.",
    );
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    let event = s.wait_for_text("#timeline .event", "Voicemail left");
    assert!(event.contains("asking for 20 minutes"), "{event}");
    // Logging an outgoing attempt moved her from "To contact".
    s.wait_for_text("#stage", "Reached out");
    s.screenshot("contact-page");
    s.quit();

    // A new start on the same data folder shows everything again.
    let s = harness.launch();
    s.press(None, &["c"]);
    s.wait_until("everyone to be listed", || {
        (list_names(&s) == ["Aaron Abbott", "Dana Reyes", "Liz Darnell"]).then_some(())
    });
    s.click(&s.find_all("#people .person")[1]);
    let event = s.wait_for_text("#timeline .event", "Voicemail left");
    assert!(event.contains("asking for 20 minutes"), "{event}");
    s.wait_for_text("#reach", "dana@northwind.example");
    s.screenshot("contact-page-after-restart");
    s.quit();
}

#[test]
fn a_bad_email_is_shown_next_to_the_field_and_nothing_is_saved() {
    let harness = Harness::start();
    let s = harness.launch();
    new_contact(&s, "Liz Darnell", "Contoso", "liz@contoso");
    let message = s.wait_for_text("#err-emails", "not an email address");
    assert!(message.contains("liz@contoso"), "{message}");
    let field = s.wait_for("#f-emails");
    assert_eq!(s.attribute(&field, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(s.focused_id(), "f-emails");
    s.wait_for_text("#count", "0 people");
    s.screenshot("contact-invalid-email");

    // Correcting it saves the contact.
    s.clear(&field);
    s.type_into(&field, "liz@contoso.example");
    s.click(&s.wait_for("#save"));
    s.wait_for_text("#count", "1 person");
    s.wait_for_text("#reach", "liz@contoso.example");
    assert!(
        s.try_find("#contact-form").is_none(),
        "the form stayed open"
    );

    // Ctrl and + zooms the whole window; at 200% the page still lays out.
    s.zoom_to_200();
    s.screenshot("contact-zoom-200");
    s.quit();
}

#[test]
fn the_list_filters_by_a_tag_in_any_letter_case_and_by_stage() {
    use rapport::contacts::{self, ContactInput, Stage};
    let harness = Harness::start();
    let dana = {
        let mut db = rapport::store::Db::open(harness.data_dir.path()).unwrap();
        let people: [(&str, &[&str], Stage); 4] = [
            ("Dana Reyes", &["alumni"], Stage::Interviewed),
            ("Liz Darnell", &["Alumni", "fintech"], Stage::ToContact),
            ("Omar Haddad", &["fintech"], Stage::Interviewed),
            ("Ana Silva", &[], Stage::ToContact),
        ];
        let mut ids = Vec::new();
        for (name, tags, stage) in people {
            let input = ContactInput {
                full_name: name.into(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                stage,
                ..Default::default()
            };
            ids.push(
                contacts::create(db.conn_mut(), input, chrono::Utc::now())
                    .unwrap()
                    .id,
            );
        }
        ids[0]
    };
    let s = harness.launch();
    s.press(None, &["c"]);
    s.wait_for_text("#count", "4 people");
    // One entry per tag whatever its letter case, spelled as its first holder has it.
    assert_eq!(
        s.texts("#filter-tag option"),
        ["Any tag", "alumni", "fintech"]
    );
    s.choose("#filter-tag", "alumni");
    s.wait_for_text("#count", "2 people");
    let mut names = list_names(&s);
    names.sort();
    assert_eq!(names, ["Dana Reyes", "Liz Darnell"]);
    s.screenshot("contacts-by-tag");

    s.choose("#filter-stage", "interviewed");
    s.wait_for_text("#count", "1 person");
    assert_eq!(list_names(&s), ["Dana Reyes"]);
    s.choose("#filter-tag", "");
    s.wait_for_text("#count", "2 people");
    let mut names = list_names(&s);
    names.sort();
    assert_eq!(names, ["Dana Reyes", "Omar Haddad"]);

    // Dana spelled the tag first; once she is gone the menu spells it as Liz does, and
    // the tag chosen stays chosen.
    s.choose("#filter-stage", "");
    s.choose("#filter-tag", "alumni");
    s.wait_for_text("#count", "2 people");
    s.click_css(&format!("#people a.person[data-id=\"{dana}\"]"));
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.click(&s.wait_for("#delete"));
    harness.answer_dialog("Delete contact", "Return");
    s.wait_for_text("#toast", "Deleted \u{2068}Dana Reyes\u{2069}");
    s.wait_for_text("#count", "1 person");
    assert_eq!(
        s.texts("#filter-tag option"),
        ["Any tag", "Alumni", "fintech"]
    );
    assert_eq!(s.property(&s.wait_for("#filter-tag"), "value"), "Alumni");
    assert_eq!(list_names(&s), ["Liz Darnell"]);
    s.quit();
}
