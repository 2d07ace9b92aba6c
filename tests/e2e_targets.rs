//! The Targets screen in the real window: My search kept, organizations ranked by who the
//! user knows there, placed by hand and back, and "find someone to talk to" opening a new
//! contact already at that organization.

mod support;

use serde_json::json;
use support::{keys, Harness, Session};

fn order(s: &Session) -> Vec<String> {
    s.texts("#target-list .target .name")
}

fn add_target(s: &Session, name: &str) {
    let field = s.wait_for("#target-name");
    s.type_into(&field, name);
    s.press(None, &[keys::ENTER]);
    s.wait_until(&format!("{name} listed"), || {
        order(s).iter().any(|n| n == name).then_some(())
    });
}

#[test]
fn targets_rank_by_who_the_user_knows_and_find_someone_starts_a_contact() {
    let harness = Harness::start();
    let s = harness.launch();
    s.press(None, &["a"]);
    s.wait_for_text(".pagehead h1", "Targets");
    s.wait_for_text("#targets", "No targets yet");

    // My search, saved with Ctrl+S, comes back tidied after a trip away.
    s.type_into(&s.wait_for("#ms-name"), "Ana Lima");
    s.type_into(
        &s.wait_for("#ms-interests"),
        "Logistics,  logistics, urban planning",
    );
    s.choose("#ms-standing", "student");
    s.type_into(&s.wait_for("#ms-standingDetail"), "graduating in June");
    s.wait_for_text("#my-search-status", "Not saved yet");
    s.press(Some(keys::CONTROL), &["s"]);
    let summary = s.wait_for_text("#my-search-summary", "Ana Lima");
    assert!(summary.contains("Student, graduating in June"), "{summary}");
    s.click_css(".appnav a[data-section='today']");
    s.wait_until("Today", || (s.hash() == "#/today").then_some(()));
    s.click_css(".appnav a[data-section='targets']");
    s.wait_for_text("#my-search-summary", "Logistics, urban planning");
    s.click(&s.wait_for("#my-search-edit"));
    s.wait_until("the form to edit", || {
        (s.focused_id() == "ms-name").then_some(())
    });
    let interests = s.script(
        "return document.getElementById('ms-interests').value",
        json!([]),
    );
    assert_eq!(interests, "Logistics, urban planning");

    // Two targets: the one with the higher motivation first while no one is known at either.
    add_target(&s, "Wingtip Toys");
    add_target(&s, "Contoso");
    let contoso = s
        .script(
            "return [...document.querySelectorAll('#target-list .target')].find(r => r.textContent.includes('Contoso')).dataset.id",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    // Both are among the organizations suggested for the next target, and for a contact's.
    let suggested = |list: &str| {
        s.script(
            "return [...document.querySelectorAll(`#${arguments[0]} option`)].map(o => o.value)",
            json!([list]),
        )
    };
    s.wait_until("both suggested", || {
        (suggested("target-orgs") == json!(["Contoso", "Wingtip Toys"])).then_some(())
    });
    s.choose(&format!("#target-{contoso}-motivation"), "3");
    s.wait_until("Contoso first", || {
        (order(&s) == ["Contoso", "Wingtip Toys"]).then_some(())
    });
    assert!(s
        .wait_for_text(&format!("#target-{contoso}"), "Find someone to talk to")
        .contains("Alumni directory"));
    s.screenshot("targets");

    // Placed by hand with Alt+↓, then sorted again.
    s.click(&s.wait_for(&format!("#target-{contoso}-name")));
    s.wait_for_text(".pagehead h1", "Contoso");
    s.press(None, &["a"]);
    s.wait_for(&format!("#target-{contoso}-down"));
    s.script(
        "document.getElementById(arguments[0]).focus()",
        json!([format!("target-{contoso}-down")]),
    );
    s.press(Some(keys::ALT), &[keys::ARROW_DOWN]);
    s.wait_until("Contoso placed second", || {
        (order(&s) == ["Wingtip Toys", "Contoso"]).then_some(())
    });
    s.click(&s.wait_for("#targets-lamp"));
    s.wait_until("the LAMP order again", || {
        (order(&s) == ["Contoso", "Wingtip Toys"]).then_some(())
    });

    // Finding someone through the alumni directory opens a new contact already there.
    s.click(&s.wait_for(&format!("#target-{contoso} .find a:nth-of-type(2)")));
    s.wait_until("the new-contact form", || {
        (s.focused_id() == "f-fullName").then_some(())
    });
    let (organization, source) = (
        s.script(
            "return document.getElementById('f-organization').value",
            json!([]),
        ),
        s.script(
            "return document.getElementById('f-source').value",
            json!([]),
        ),
    );
    assert_eq!(
        (organization.as_str(), source.as_str()),
        (Some("Contoso"), Some("alumni_directory"))
    );
    assert_eq!(
        suggested("organizations"),
        json!(["Contoso", "Wingtip Toys"])
    );
    s.type_into(&s.wait_for("#f-fullName"), "Mei Chen");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_saved_contact("Mei Chen");

    // Now an alumnus is there: the Targets list says so, and the row links to her.
    s.press(None, &["a"]);
    let row = s.wait_for_text(&format!("#target-{contoso}"), "An alumnus");
    assert!(
        row.contains("Mei Chen") && row.contains("1 person"),
        "{row}"
    );
    s.script(
        "document.getElementById('targets').scrollIntoView()",
        json!([]),
    );
    s.screenshot("targets-with-advocate");

    // The organization's page says it is a target, and takes it off the list and back.
    s.click(&s.wait_for(&format!("#target-{contoso}-name")));
    s.wait_for_text("#org-target", "A target");
    s.click_css("#org-untarget");
    s.wait_for_text("#toast", "Removed from your targets");
    s.wait_for_text("#org-make-target", "Make it a target");
    s.press(None, &["a"]);
    s.wait_until("Contoso off the list", || {
        (order(&s) == ["Wingtip Toys"]).then_some(())
    });
    s.script("history.back()", json!([]));
    s.click(&s.wait_for("#org-make-target"));
    s.wait_for_text("#org-target", "A target");
    s.press(None, &["a"]);
    s.wait_until("Contoso back on the list", || {
        (order(&s) == ["Contoso", "Wingtip Toys"]).then_some(())
    });
    s.quit();
}
