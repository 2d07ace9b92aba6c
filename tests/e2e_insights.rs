//! Insights in the real window over a seeded log whose answers are known: the funnel, the
//! most eager organizations with their reply rate and median days, the weekly timeline, a
//! snafu and the referral tree; in light and dark, at 200 % zoom, and as tables for screen
//! readers.

mod support;

use chrono::{DateTime, Duration, Utc};
use rapport::contacts::{self, ContactInput, Source, Stage};
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::store::Db;
use serde_json::json;
use support::{Harness, Options, Session};

fn ago(days: i64) -> DateTime<Utc> {
    Utc::now() - Duration::days(days)
}

/// Northwind: three of five answer, after 2, 4 and 6 days; Contoso: one of two, the other's
/// letter came back; Ana referred two people, one of whom referred a third (whose name is
/// written right to left).
fn seed(harness: &Harness) {
    let mut db = Db::open(harness.data_dir.path()).unwrap();
    support::quiet_hours(&db, None);
    let person = |db: &mut Db, name: &str, org: &str, by: Option<i64>| {
        contacts::create(
            db.conn_mut(),
            ContactInput {
                full_name: name.into(),
                organization: org.into(),
                source: Some(if by.is_some() {
                    Source::Referral
                } else {
                    Source::LinkedIn
                }),
                referred_by_id: by,
                stage: Stage::ToContact,
                ..Default::default()
            },
            ago(200),
        )
        .unwrap()
        .id
    };
    let log = |db: &mut Db, id, at, channel, direction, outcome| {
        interactions::create(
            db.conn_mut(),
            InteractionInput {
                contact_id: id,
                occurred_at: at,
                channel,
                direction,
                outcome,
                notes: if outcome == Some(Outcome::Snafu) {
                    "Sent to her old address; it came back".into()
                } else {
                    String::new()
                },
                purpose: None,
            },
            at,
        )
        .unwrap();
    };
    use Channel::*;
    use Direction::*;
    let ana = person(&mut db, "Ana Silva", "Northwind Traders", None);
    let mut northwind = vec![ana];
    for name in ["Ben Okoro", "Cai Lin", "Dev Patel", "Eli Cohen"] {
        northwind.push(person(&mut db, name, "Northwind Traders", None));
    }
    for (n, id) in northwind.iter().enumerate() {
        log(
            &mut db,
            *id,
            ago(40 + n as i64),
            Email,
            Out,
            Some(Outcome::Sent),
        );
    }
    log(&mut db, northwind[0], ago(38), Email, In, None);
    log(&mut db, northwind[1], ago(41 - 4), Email, In, None);
    log(&mut db, northwind[2], ago(42 - 6), VideoCall, Out, None);
    log(&mut db, northwind[0], ago(30), PhoneCall, Out, None);
    let fay = person(&mut db, "Fay Moreau", "Contoso", Some(ana));
    let gus = person(&mut db, "Gus Brandt", "Contoso", Some(ana));
    log(&mut db, fay, ago(20), Letter, Out, Some(Outcome::Sent));
    log(&mut db, fay, ago(19), Email, In, None);
    log(&mut db, gus, ago(20), Letter, Out, Some(Outcome::Snafu));
    person(&mut db, "يوسف حداد", "", Some(fay));
}

fn text(s: &Session, css: &str) -> String {
    s.script(
        "return document.querySelector(arguments[0])?.textContent ?? ''",
        json!([css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn open_insights(s: &Session) {
    s.wait_for("#view");
    s.press(None, &["i"]);
    s.wait_for_text("h1", "Insights");
    s.wait_for("#chart-funnel");
}

#[test]
fn insights_show_what_works_for_a_known_log() {
    let harness = Harness::start();
    seed(&harness);
    let s = harness.launch();
    open_insights(&s);
    assert_eq!(
        s.script(
            "return document.querySelector('.appnav a[aria-current=page]').dataset.section",
            json!([])
        ),
        "insights"
    );
    // The funnel: seven asked, four replied, two talked.
    let funnel = text(&s, "#chart-funnel svg");
    for expected in [
        "7 contacted",
        "4 replied · 57%",
        "2 talked · 29%",
        "0 kept in touch · 0%",
    ] {
        assert!(funnel.contains(expected), "{expected:?} not in {funnel}");
    }
    // The most eager first; the figures in the drawing and in the screen reader's table.
    let orgs = s.texts("#chart-by-organization svg text.label");
    assert_eq!(orgs, ["Northwind Traders", "Contoso"]);
    let figures = s.texts("#chart-by-organization svg text.figure");
    assert_eq!(figures, ["3 of 5 · 60% · 4 days", "1 of 2 · 50% · 1 day"]);
    let table = s.script(
        "return [...document.querySelectorAll('#chart-by-organization table tbody tr')].map(r => [...r.cells].map(c => c.textContent))",
        json!([]),
    );
    assert_eq!(
        table,
        json!([
            ["Northwind Traders", "5", "3", "60%", "4 days"],
            ["Contoso", "2", "1", "50%", "1 day"]
        ])
    );
    let sources = text(&s, "#chart-by-source");
    assert!(
        sources.contains("LinkedIn") && sources.contains("3 of 5"),
        "{sources}"
    );
    let channels = text(&s, "#chart-by-channel");
    assert!(
        channels.contains("Letter") && channels.contains("1 of 2"),
        "{channels}"
    );
    // Two conversations, in the weeks they were held: drawn, and in the table.
    let held = s.script(
        "return [document.querySelectorAll('#chart-weeks svg rect.bar').length,
                 [...document.querySelectorAll('#chart-weeks table tbody tr')]
                   .reduce((n, r) => n + Number(r.cells[1].textContent), 0)]",
        json!([]),
    );
    let columns = held[0].as_u64().unwrap();
    assert!((1..=2).contains(&columns), "{held}");
    assert_eq!(held[1], 2, "{held}");
    s.wait_for_text("#insights-snafus", "Gus Brandt");
    s.wait_for_text("#insights-snafus", "it came back");
    // The tree: Ana, her two referrals, and the one Fay led to.
    let names = s.texts("#chart-referrals svg text.name");
    assert_eq!(names.len(), 4, "{names:?}");
    // Each name is its own island of direction: " · stage" follows a right-to-left name.
    assert!(
        names[0].starts_with("\u{2068}Ana Silva\u{2069} · ") && names[0].contains("led to 3"),
        "{names:?}"
    );
    assert!(names[1].starts_with("\u{2068}Fay Moreau"), "{names:?}");
    assert!(
        names[2].starts_with("\u{2068}يوسف حداد\u{2069} · "),
        "{names:?}"
    );
    s.screenshot("insights-light");
    // A shorter period: the year-old figures drop out, the snafu stays.
    s.choose("#insights-period", "30");
    s.wait_for_text("#chart-funnel svg", "2 contacted");
    s.wait_for_text("#insights-snafus", "Gus Brandt");
    // A name in the tree opens the person.
    s.script(
        "document.querySelector('#chart-referrals svg a').scrollIntoView({ block: 'center' })",
        json!([]),
    );
    s.click(&s.wait_for("#chart-referrals svg a text"));
    s.wait_for_text("#person-card h1", "Ana Silva");
    s.quit();
}

#[test]
fn insights_read_in_the_dark_and_at_200_percent() {
    let harness = Harness::with(Options {
        env: &[("GTK_THEME", "Adwaita:dark")],
        ..Options::default()
    });
    seed(&harness);
    let s = harness.launch();
    open_insights(&s);
    let background = s.script(
        "return getComputedStyle(document.body).backgroundColor",
        json!([]),
    );
    assert_eq!(background, "rgb(27, 29, 30)", "the dark theme");
    let bar = s.script(
        "return getComputedStyle(document.querySelector('#chart-by-organization rect.bar')).fill",
        json!([]),
    );
    assert_ne!(bar, "rgb(0, 0, 0)", "bars take the theme's colour");
    s.screenshot("insights-dark");
    s.zoom_to_200();
    // Nothing wider than the window.
    let wide = s.script(
        "return [...document.querySelectorAll('body, .appbar, #view, #view *')]
           .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
           .slice(0, 12).map(e => `${e.tagName}.${e.getAttribute('class')}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`)",
        json!([]),
    );
    assert_eq!(wide, json!([]), "wider than the window at 200 %");
    // Text keeps its size: a label is as tall in CSS pixels as before, and fits its row.
    let label = s.script(
        "const t = document.querySelector('#chart-by-organization text.label').getBBox();
         const f = document.querySelector('#chart-by-organization text.figure').getBBox();
         return [t.height, t.x + t.width <= f.x || t.y + t.height <= f.y]",
        json!([]),
    );
    assert!(label[0].as_f64().unwrap() > 10.0, "{label}");
    assert_eq!(
        label[1], true,
        "the label and its figures do not overlap: {label}"
    );
    // A year of months under the weekly chart, zoomed: those that fit, none overlapping.
    let months = s.month_labels();
    assert!(months.len() >= 4, "{months:?}");
    s.screenshot("insights-dark-200-top");
    s.script(
        "document.getElementById('insights-referrals').scrollIntoView()",
        json!([]),
    );
    s.screenshot("insights-dark-200");
    s.quit();
}
