//! Referrals as links both ways, deleting with the OS's own dialog, and the window's looks.

mod support;

use serde_json::json;
use support::{keys, Harness, Options, Session};

fn add(s: &Session, name: &str, organization: &str) {
    s.press(None, &["n"]);
    s.wait_until("the new-contact form", || {
        (s.focused_id() == "f-fullName").then_some(())
    });
    s.type_into(&s.wait_for("#f-fullName"), name);
    s.type_into(&s.wait_for("#f-organization"), organization);
}

fn save_and_wait(s: &Session, name: &str) {
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_saved_contact(name);
}

#[test]
fn referrals_link_both_ways_and_delete_asks_first() {
    let harness = Harness::start();
    let s = harness.launch();
    add(&s, "Liz Darnell", "Contoso");
    save_and_wait(&s, "Liz Darnell");

    // Someone who is not in the log cannot be the referrer.
    add(&s, "Dana Reyes", "Northwind Logistics");
    let referrer = s.wait_for("#f-referredBy");
    s.type_into(&referrer, "Nobody Known");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_text("#err-referredBy", "Choose the person who referred them");

    // Picking Liz from the suggestions links the two.
    s.clear(&referrer);
    s.type_into(&referrer, "Liz Darnell — Contoso");
    s.wait_for("#referrers option[value='Liz Darnell — Contoso']");
    save_and_wait(&s, "Dana Reyes");
    s.click(&s.wait_for("#referred-by-link"));
    s.wait_for_text("#person-card h1", "Liz Darnell");
    s.wait_for_text("#referrals", "Dana Reyes");
    let suggested = s.wait_for_text("#timeline .event.referral", "Dana Reyes");
    assert!(suggested.contains("Northwind Logistics"), "{suggested}");
    s.screenshot("referrals");
    s.click(&s.wait_for("#referrals a"));
    s.wait_for_text("#person-card h1", "Dana Reyes");

    // Her organization has a page of its own, editable, listing who works there.
    s.click_css("#organization-link");
    s.wait_for_text(".pagehead h1", "Northwind Logistics");
    s.wait_for_text("#org-people", "Dana Reyes");
    let site = s.wait_for("#o-website");
    s.type_into(&site, "not a site");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_text("#oerr-website", "not a web address");
    s.clear(&site);
    s.type_into(&site, "northwind.example");
    s.type_into(&s.wait_for("#o-industry"), "Logistics");
    s.press(Some(keys::CONTROL), &["s"]);
    s.wait_for_text("#toast", "Saved");
    assert_eq!(
        s.property(&s.wait_for("#o-website"), "value"),
        "https://northwind.example/"
    );
    s.screenshot("organization");
    s.click(&s.wait_for("#org-people a"));
    s.wait_for_text("#person-card h1", "Dana Reyes");

    // Delete asks with the OS dialog: Escape keeps her, Return deletes her.
    s.click(&s.wait_for("#delete"));
    harness.answer_dialog("Delete contact", "Escape");
    s.wait_for_text("#person-card h1", "Dana Reyes");
    assert_eq!(
        s.texts("#people .person .name"),
        ["Dana Reyes", "Liz Darnell"]
    );
    s.click(&s.wait_for("#delete"));
    harness.answer_dialog("Delete contact", "Return");
    s.wait_for_text("#toast", "Deleted \u{2068}Dana Reyes\u{2069}");
    s.wait_until("Dana to leave the list", || {
        (s.texts("#people .person .name") == ["Liz Darnell"]).then_some(())
    });
    s.quit();
}

#[test]
fn the_window_follows_a_dark_os_theme_and_breaks_no_security_policy() {
    let harness = Harness::with(Options {
        env: &[("GTK_THEME", "Adwaita:dark")],
        ..Options::default()
    });
    let s = harness.launch();
    s.wait_for_text("#welcome", "Welcome to Rapport");
    s.screenshot("welcome-dark");
    add(&s, "Dana Reyes", "Northwind Logistics");
    let background = s.script(
        "return getComputedStyle(document.body).backgroundColor",
        json!([]),
    );
    let rgb: Vec<u32> = background
        .as_str()
        .unwrap_or_default()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        rgb.len() >= 3 && rgb[..3].iter().all(|c| *c < 60),
        "the background is not dark: {background}"
    );
    s.screenshot("contact-new-dark");
    let violations = s.script(
        "return document.body.dataset.cspViolations || '0'",
        json!([]),
    );
    assert_eq!(
        violations, "0",
        "the content security policy blocked something"
    );
    s.quit();
}
