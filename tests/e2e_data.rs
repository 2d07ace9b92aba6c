//! The user's data in the real window: a LinkedIn export chosen in the OS's own file
//! chooser, previewed, imported and found; a newer export a month later; a wrong file.

mod support;

use std::path::{Path, PathBuf};

use serde_json::json;
use support::{keys, Harness, Session};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Hands a LinkedIn export to the view as the file chooser would.
fn preview(s: &Session, path: &Path) {
    s.preview_file(path, "linkedin");
}

#[test]
fn a_linkedin_export_is_chosen_previewed_imported_and_found() {
    let harness = Harness::start();
    let s = harness.launch();
    s.wait_for_text("#welcome", "Import the people you already know");
    s.click(&s.wait_for("#welcome a[href='#/data']"));
    s.wait_for("#import-linkedin");
    s.press(None, &["i"]);
    harness.choose_file(
        "Choose your LinkedIn Connections.csv",
        &fixture("linkedin/Connections-2025.csv"),
    );
    s.wait_for_text(
        "#preview-summary",
        "7 new · 0 updated · 0 unchanged · 2 skipped",
    );
    let skipped = s.texts("#preview-rows .act-skip");
    assert!(
        skipped
            .iter()
            .any(|r| r.contains("The same person as line 5")),
        "{skipped:?}"
    );
    let warned = s.wait_for_text("#preview-rows", "see my website");
    assert!(warned.contains("not an address"), "{warned}");
    s.screenshot("import-preview");
    // Nothing is added before the user says yes.
    s.press(None, &["c"]);
    s.wait_for_text("#count", "0 people");
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-linkedin");

    // Chosen again, and imported this time.
    preview(&s, &fixture("linkedin/Connections-2025.csv"));
    s.wait_for_text("#preview-summary", "7 new");
    s.press(Some(keys::CONTROL), &[keys::ENTER]);
    s.wait_for_text("#import-done", "7 new, 0 updated");
    s.screenshot("import-done");
    s.click(&s.wait_for("#import-done a[href='#/contacts']"));
    s.wait_for_text("#count", "7 people");
    s.press(None, &["/"]);
    s.type_into(&s.wait_for("#search"), "alvarez");
    s.wait_until("Tomás to be found", || {
        (s.texts("#people .person .name") == ["Tomás Álvarez \"TJ\""]).then_some(())
    });
    s.press(None, &["\u{E015}", keys::ENTER]);
    let story = s.wait_for_text("#timeline", "Connected on LinkedIn");
    assert!(story.contains("15 Oct 2024"), "{story}");
    s.quit();
}

#[test]
fn a_newer_export_updates_roles_and_keeps_the_users_notes() {
    let harness = Harness::start();
    let s = harness.launch();
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-linkedin");
    preview(&s, &fixture("linkedin/Connections-2025.csv"));
    s.wait_for_text("#preview-summary", "7 new");
    s.click(&s.wait_for("#import-commit"));
    s.wait_for("#import-done");

    // The user writes a note about Dana.
    s.press(None, &["c"]);
    s.click(&s.wait_for("#people .person"));
    s.wait_for_text("#person-card h1", "Dana Reyes");
    s.press(None, &["e"]);
    s.type_into(&s.wait_for("#f-notes"), "Met at the ops summit.");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_text("#about", "Met at the ops summit.");

    // A month later, a new export: her new role is taken, her note stays.
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-linkedin");
    preview(&s, &fixture("linkedin/Connections-2026.csv"));
    s.wait_for_text(
        "#preview-summary",
        "1 new · 1 updated · 1 unchanged · 0 skipped",
    );
    let update = s.wait_for_text("#preview-rows .act-update", "Dana Reyes");
    assert!(
        update.contains("Role: Supply Chain Analyst → Director, Data Science"),
        "{update}"
    );
    s.screenshot("import-preview-update");
    s.click(&s.wait_for("#import-commit"));
    s.wait_for_text("#import-done", "1 new, 1 updated");
    s.press(None, &["c"]);
    s.wait_for_text("#count", "8 people");
    s.click(&s.wait_for("#people .person"));
    s.wait_for_text(
        "#role-line",
        "Director, Data Science at Northwind Logistics",
    );
    s.wait_for_text(
        "#timeline .event.moved",
        "Supply Chain Analyst → Director, Data Science",
    );
    s.wait_for_text("#about", "Met at the ops summit.");
    s.quit();
}

#[test]
fn an_address_book_is_chosen_and_imported() {
    let harness = Harness::start();
    let s = harness.launch();
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-vcard");
    s.press(None, &["v"]);
    harness.choose_file(
        "Choose an address book (vCard)",
        &fixture("vcard/outlook.vcf"),
    );
    s.wait_for_text("#preview-summary", "1 new");
    s.wait_for_text("#preview-rows", "José Muñoz");
    s.screenshot("import-preview-vcard");
    s.click(&s.wait_for("#import-commit"));
    s.wait_for_text("#import-done", "1 new");
    s.press(None, &["c"]);
    s.click(&s.wait_for("#people .person"));
    s.wait_for_text("#role-line", "Dueño at Café Olé");
    s.wait_for_text("#reach", "+34 91 555 0101");
    s.quit();
}

#[test]
fn a_google_contacts_export_brings_everyones_numbers() {
    // As Google writes it: a label column beside each email and phone, several numbers of
    // one kind in a cell, an extension after a number, and a number that is words.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contacts.csv");
    std::fs::write(
        &file,
        "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,\
         Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Organization Name\r\n\
         Amara,Okafor,* Work,amara@tailspin.example,Work,+44 20 7946 0018 x204 ::: \
         +44 7700 900123,Home,ask for her assistant,Tailspin Toys\r\n\
         Bo,Chen,,,Mobile,+1 (415) 555-0134,,,\r\n",
    )
    .unwrap();
    let harness = Harness::start();
    let s = harness.launch();
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-vcard");
    s.preview_file(&file, "csv");
    s.wait_for_text(
        "#preview-summary",
        "2 new · 0 updated · 0 unchanged · 0 skipped",
    );
    s.wait_for_text(
        "#preview-rows",
        "“ask for her assistant” is not a phone number",
    );
    s.script(
        "document.getElementById('preview-summary').scrollIntoView()",
        json!([]),
    );
    s.screenshot("import-preview-google");
    s.click(&s.wait_for("#import-commit"));
    s.wait_for_text("#import-done", "2 new");
    s.press(None, &["c"]);
    s.wait_until("both people listed", || {
        (s.texts("#people .person .name").len() == 2).then_some(())
    });
    let names = s.texts("#people .person .name");
    let amara = names.iter().position(|n| n == "Amara Okafor").unwrap();
    s.click(&s.find_all("#people .person")[amara]);
    s.wait_for_text("#reach", "+44 20 7946 0018 ext. 204");
    s.wait_for_text("#reach", "amara@tailspin.example");
    s.quit();
}

#[test]
fn a_wrong_file_is_explained_and_changes_nothing() {
    let harness = Harness::start();
    let s = harness.launch();
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-linkedin");
    preview(&s, &fixture("malformed/budget.csv"));
    let error = s.wait_for_text("#import-error", "not a LinkedIn Connections export");
    assert!(error.contains("Nothing was changed."), "{error}");
    preview(&s, &fixture("malformed/truncated.csv"));
    s.wait_for_text("#import-error", "Line 7 ends after 6 of its 7 fields");
    s.screenshot("import-error");
    s.press(None, &["c"]);
    s.wait_for_text("#count", "0 people");
    s.quit();
}

#[test]
fn everyone_is_exported_as_an_address_book_through_the_save_dialog() {
    let harness = Harness::start();
    let s = harness.launch();
    s.script("location.hash = '#/data'", json!([]));
    s.wait_for("#import-vcard");
    s.preview_file(&fixture("vcard/apple-contacts.vcf"), "vcard");
    s.wait_for_text("#preview-summary", "2 new");
    s.click(&s.wait_for("#import-commit"));
    s.wait_for("#import-done");
    s.click(&s.wait_for("#import-done button"));

    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("exported.vcf");
    s.click(&s.wait_for("#export-vcard"));
    harness.choose_file("Export your contacts as vCard", &target);
    s.wait_for_text("#toast", "Exported 2 people");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("FN:Dana Reyes\r\n"), "{written}");
    assert!(
        written.contains("TITLE:Director\\, Operations\r\n"),
        "{written}"
    );
    let again = rapport::exchange::vcard::read(written.as_bytes()).unwrap();
    assert_eq!(again.len(), 2);
    s.quit();
}
