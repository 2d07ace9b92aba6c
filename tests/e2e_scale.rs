//! The real window on a 50,000-person log (the generator the benchmarks use): Today shows
//! its first page with totals, a typed prefix finds people, the list scrolls to its very
//! last person, and Insights counts everyone ever asked. Speed is the benchmarks' to say;
//! this checks that nothing is cut off.

#[path = "../benches/support/network.rs"]
mod network;
mod support;

use std::path::PathBuf;

use rapport::contacts::{self, ContactQuery};
use rapport::store::{backup, Db, DB_FILE};
use serde_json::json;
use support::{Harness, Options};

/// The generated log, written into `target/` once per day and per version of the generator,
/// and copied for each run (the dates in it are relative to the day it was written).
fn large_log() -> PathBuf {
    use std::hash::{Hash, Hasher};
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("log-50k");
    let stamp = dir.join("written-on");
    let mut generator = std::collections::hash_map::DefaultHasher::new();
    include_str!("../benches/support/network.rs").hash(&mut generator);
    let today = format!(
        "{} {:x}",
        chrono::Local::now().date_naive(),
        generator.finish()
    );
    let fresh = std::fs::read_to_string(&stamp).is_ok_and(|d| d == today);
    if !fresh {
        let _ = std::fs::remove_dir_all(&dir);
        let opts = network::Options {
            dir: dir.clone(),
            people: 50_000,
            extreme: false,
        };
        eprintln!(
            "{}",
            network::generate(&opts, &mut |line| eprintln!("{line}"))
        );
        std::fs::write(&stamp, &today).unwrap();
    }
    dir.join(DB_FILE)
}

#[test]
fn fifty_thousand_people_are_all_reachable() {
    let source = large_log();
    // A locale that groups digits ("12,345"), as most users' do.
    let harness = Harness::with(Options {
        env: &[("LANG", "en_US.UTF-8")],
        ..Default::default()
    });
    backup::copy_file(&source, &harness.data_dir.path().join(DB_FILE)).unwrap();
    let (total, last_name, dan, calls, asked) = {
        let db = Db::open(harness.data_dir.path()).unwrap();
        let week = chrono::Utc::now() + chrono::Duration::days(7);
        let calls = rapport::interviews::soon(db.conn(), week, None)
            .unwrap()
            .total;
        let all = contacts::list(db.conn(), &ContactQuery::default()).unwrap();
        let last = contacts::list(
            db.conn(),
            &ContactQuery {
                limit: Some(1),
                offset: all.total as u32 - 1,
                ..Default::default()
            },
        )
        .unwrap();
        let dan = contacts::list(
            db.conn(),
            &ContactQuery {
                text: "dan".into(),
                limit: Some(1),
                ..Default::default()
            },
        )
        .unwrap();
        let asked = rapport::insights::insights(db.conn(), None, &chrono::Local::now())
            .unwrap()
            .funnel
            .contacted;
        (
            all.total,
            last.items[0].full_name.clone(),
            dan,
            calls,
            asked,
        )
    };
    assert_eq!(total, 50_000);
    assert!(calls > 5, "the generated log has {calls} calls this week");

    let s = harness.launch();
    // Today: each group its total and first page, the rest behind "Show more". The page
    // draws its first screens at once and the rest of the page as the user comes near it.
    let groups_js = "return [...document.querySelectorAll('#today section[id^=bucket-]')].map(g =>
        [g.id, g.querySelector('h2 .count').textContent,
         g.querySelectorAll('li.reminder').length,
         g.querySelector('button.more')?.hidden === false])";
    let drawn = |s: &support::Session| {
        s.script(
            "return document.querySelectorAll('#today section[id^=bucket-] li.reminder').length",
            json!([]),
        )
        .as_u64()
        .unwrap()
    };
    let at_first = drawn(&s);
    s.screenshot("scale-today");
    // The arrow keys go on past the last one drawn.
    s.script(
        "const rows = document.querySelectorAll('#today section[id^=bucket-] li.reminder');
         rows[rows.length - 1].focus()",
        json!([]),
    );
    s.press(None, &[support::keys::ARROW_DOWN]);
    let focused = s.script(
        "const rows = [...document.querySelectorAll('#today section[id^=bucket-] li.reminder')];
         return [rows.indexOf(document.activeElement), rows.length]",
        json!([]),
    );
    assert_eq!(focused[0].as_u64(), Some(at_first), "{focused}");
    assert!(focused[1].as_u64().unwrap() > at_first + 1, "{focused}");
    // Scrolled to the end, each group shows its whole first page: nothing is capped.
    let groups = s.wait_until("every group's first page drawn", || {
        s.script(
            "window.scrollTo(0, document.documentElement.scrollHeight)",
            json!([]),
        );
        let groups = s.script(groups_js, json!([]));
        let all = groups.as_array().unwrap().iter().all(|g| {
            let total: u64 = g[1].as_str().unwrap().replace(',', "").parse().unwrap();
            g[2].as_u64().unwrap() == total.min(50)
        });
        (all && !groups.as_array().unwrap().is_empty()).then_some(groups)
    });
    let groups = groups.as_array().unwrap();
    for g in groups {
        let total: usize = g[1].as_str().unwrap().replace(',', "").parse().unwrap();
        assert_eq!(g[3].as_bool().unwrap(), total > 50, "Show more: {g}");
    }
    let loaded: u64 = groups.iter().map(|g| g[2].as_u64().unwrap()).sum();
    assert!(
        at_first > 0 && at_first < loaded / 2,
        "Today drew {at_first} of its {loaded} first reminders at first, not its first screens"
    );
    s.script("window.scrollTo(0, 0)", json!([]));
    // The week's calls: the soonest five and how many, the rest when asked for.
    let card = "#upcoming-interviews";
    let shown = |s: &support::Session| {
        s.script(
            "const c = document.querySelector(arguments[0]);
             return [c.querySelector('h2 .count').textContent, c.querySelectorAll('li.reminder').length]",
            json!([card]),
        )
    };
    let first = shown(&s);
    assert_eq!(
        first[0].as_str().unwrap().replace(',', ""),
        calls.to_string()
    );
    assert_eq!(first[1], 5, "{first}");
    s.click(&s.wait_for(&format!("{card} button.more")));
    s.wait_until("every call of the week", || {
        (shown(&s)[1].as_u64() == Some(calls as u64)).then_some(())
    });
    assert!(s
        .script(
            "return document.querySelector(arguments[0]).hidden",
            json!([format!("{card} button.more")]),
        )
        .as_bool()
        .unwrap());
    s.script(
        "document.querySelector('#bucket-overdue button.more:not([hidden])')?.scrollIntoView({block: 'center'})",
        json!([]),
    );
    s.screenshot("scale-today-more");

    // A prefix typed: the first people show, with how many match in all.
    // "C" and at once "/" on Today: "/" comes while the contacts screen is still being
    // made, and its search field takes the focus once the list shows.
    s.press(None, &["c", "/"]);
    s.wait_until("the search field to take the focus", || {
        (s.focused_id() == "search").then_some(())
    });
    s.type_into(&s.wait_for("#search"), "dan");
    wait_for_count(&s, dan.total);
    let first = s.wait_until("the first person found", || {
        let name = s.script(
            "return document.querySelector('#people li[aria-posinset=\"1\"] .name')?.textContent || null",
            json!([]),
        );
        name.as_str().map(str::to_string)
    });
    assert_eq!(first, dan.items[0].full_name);
    s.screenshot("scale-search");

    // The whole list, scrolled to its end: the last person is there, not a cap.
    // Esc in the search box clears it.
    s.press(None, &[support::keys::ESCAPE]);
    wait_for_count(&s, 50_000);
    // A short scroll keeps the rows still in view as they are (the window repaints a strip,
    // not the list) and adds the ones coming in, in the list's order.
    s.wait_for("#people li[data-index=\"20\"] .name");
    s.script(
        "window.kept = document.querySelector('#people li[data-index=\"20\"]');
         window.scrollBy(0, 15 * 60);",
        json!([]),
    );
    let drawn = s.wait_until("the rows drawn to follow the scroll", || {
        let rows = s.script(
            "return [...document.querySelectorAll('#people > li')].map((li) => Number(li.dataset.index))",
            json!([]),
        );
        let rows: Vec<u64> = serde_json::from_value(rows).unwrap();
        (rows.first() > Some(&0)).then_some(rows)
    });
    assert!(
        drawn.windows(2).all(|w| w[1] == w[0] + 1) && drawn.contains(&20),
        "{drawn:?}"
    );
    assert_eq!(
        s.script(
            "return document.querySelector('#people li[data-index=\"20\"]') === window.kept",
            json!([]),
        ),
        true,
        "the row still in view was drawn again"
    );
    s.script(
        "window.scrollTo(0, document.documentElement.scrollHeight)",
        json!([]),
    );
    let last = s.wait_until("the last row to be drawn", || {
        let row = s.script(
            "const li = document.querySelector('#people li[aria-posinset=\"50000\"] .name');
             return li ? li.textContent : null;",
            json!([]),
        );
        row.as_str().map(str::to_string)
    });
    assert_eq!(last, last_name);
    s.screenshot("scale-list-end");
    // The last person opens beside the list, in view, and the list stays where it was.
    let end = s.script("return scrollY", json!([]));
    s.click(&s.wait_for("#people li[aria-posinset=\"50000\"] a.person"));
    s.wait_for_text("#person-card h1", &last_name);
    let top = s.script(
        "return document.querySelector('#person-card h1').getBoundingClientRect().top",
        json!([]),
    );
    assert!((0.0..400.0).contains(&top.as_f64().unwrap()), "{top}");
    assert_eq!(s.script("return scrollY", json!([])), end);
    s.screenshot("scale-list-end-person");
    // The wheel over the person scrolls them, never the list behind, even past their end;
    // over the list it scrolls the list.
    harness.wheel(800, 500, 40);
    s.wait_until("the person scrolled to their end", || {
        let at_end = s.script(
            "const d = document.querySelector('.detailpane');
             return d.scrollTop > 0 && d.scrollTop + d.clientHeight >= d.scrollHeight - 1",
            json!([]),
        );
        (at_end == json!(true)).then_some(())
    });
    assert_eq!(s.script("return scrollY", json!([])), end);
    harness.wheel(180, 500, -3);
    s.wait_until("the list scrolled up", || {
        let y = s.script("return scrollY", json!([]));
        (y.as_f64() < end.as_f64()).then_some(())
    });
    // Another person opens at their top.
    s.script(
        "document.querySelector('#people li[aria-posinset=\"49999\"] a.person').click()",
        json!([]),
    );
    s.wait_until("the next person", || {
        let name = s.script(
            "return document.querySelector('#person-card h1')?.textContent ?? null",
            json!([]),
        );
        (name.is_string() && name != json!(last_name)).then_some(())
    });
    assert_eq!(
        s.script(
            "return document.querySelector('.detailpane').scrollTop",
            json!([])
        ),
        json!(0)
    );
    // With no one open, the wheel over the empty pane leaves the list where it is.
    s.press(None, &[support::keys::ESCAPE]);
    s.wait_for_text("#detail", "Choose someone");
    let y = s.script("return scrollY", json!([]));
    harness.wheel(760, 420, -5);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(s.script("return scrollY", json!([])), y);
    // The keyboard goes back to the top from there, a screen down, to the end and up one,
    // each row it lands on whole in view below the list's tools.
    let focused = |want: &str| {
        s.wait_until(&format!("row {want} to have focus, in view"), || {
            let at = s.script(
                "const li = document.activeElement.closest('#people li');
                 if (!li) return null;
                 const row = li.getBoundingClientRect();
                 const under = document.querySelector('.listtools').getBoundingClientRect().bottom;
                 return row.top >= under - 1 && row.bottom <= innerHeight + 1
                   ? li.getAttribute('aria-posinset') : 'out of view';",
                json!([]),
            );
            (at.as_str() == Some(want)).then_some(())
        })
    };
    s.press(None, &[support::keys::HOME]);
    focused("1");
    // Tab goes from the list's tools to one row, the first in view, then out of the list.
    s.script("window.scrollTo(0, 3000)", json!([]));
    s.wait_for("#people li[data-index=\"60\"] a.person");
    s.script(
        "document.querySelector('.listmeta button:last-child').focus({ preventScroll: true })",
        json!([]),
    );
    s.press(None, &[support::keys::TAB]);
    focused("51");
    s.press(None, &[support::keys::TAB]);
    assert_eq!(
        s.script(
            "return !!document.activeElement.closest('#people')",
            json!([])
        ),
        false
    );
    // Shift+Tab comes back to the same row.
    s.press(Some(support::keys::SHIFT), &[support::keys::TAB]);
    focused("51");
    s.press(None, &[support::keys::HOME]);
    focused("1");
    s.press(None, &[support::keys::PAGE_DOWN]);
    let screen = s.script(
        "return Math.floor((innerHeight - document.querySelector('.listtools').getBoundingClientRect().bottom) / 60) - 1",
        json!([]),
    );
    focused(&(screen.as_i64().unwrap() + 1).to_string());
    s.press(None, &[support::keys::END]);
    focused("50000");
    s.press(None, &[support::keys::ARROW_UP]);
    focused("49999");
    s.press(None, &[support::keys::HOME]);
    focused("1");

    // Insights over all time: everyone ever asked is counted, as the core counts them.
    assert!(asked > 1000, "the generated log asked {asked} people");
    // The bar marks Insights at once, before the screen is made and filled.
    s.script(
        "const link = document.querySelector('.appnav a[data-section=insights]');
         window.marked = null;
         new MutationObserver((_, seen) => {
           if (link.getAttribute('aria-current') !== 'page') return;
           window.marked = document.getElementById('chart-funnel') ? 'after the screen' : 'before the screen';
           seen.disconnect();
         }).observe(link, { attributes: true, attributeFilter: ['aria-current'] });",
        json!([]),
    );
    s.press(None, &["i"]);
    s.wait_for("#chart-funnel");
    assert_eq!(
        s.script("return window.marked", json!([])),
        "before the screen"
    );
    s.choose("#insights-period", "all");
    // Digits grouped as the user's locale has them.
    s.wait_for_text(
        "#chart-funnel svg",
        &format!("{} contacted", rapport::text::group_digits(asked)),
    );
    // Two years of weeks: the month names that fit, each year's January among them.
    let months = s.month_labels();
    assert!(
        months.len() >= 6 && months.iter().filter(|m| m.starts_with("Jan ")).count() >= 2,
        "{months:?}"
    );
    s.screenshot("scale-insights");

    // Zoomed to 200%, the window shows the list or a person, each scrolling the page: the
    // list's tools scroll away to leave room for its rows, the person opens at their top,
    // and Esc brings the list back where it was.
    s.press(None, &["c"]);
    s.zoom_to_200();
    s.script("window.scrollTo(0, 6000)", json!([]));
    let in_view = "const under = Math.max(
                     document.querySelector('.listtools').getBoundingClientRect().bottom,
                     document.querySelector('.appbar').getBoundingClientRect().bottom);
                   const rows = [...document.querySelectorAll('#people li.row:not(.loading)')]
                     .filter((li) => li.getBoundingClientRect().top >= under
                       && li.getBoundingClientRect().bottom <= innerHeight);";
    let row = s.wait_until("a row in view", || {
        let index = s.script(
            &format!("{in_view} return rows.length ? rows[0].dataset.index : null;"),
            json!([]),
        );
        index.as_str().map(str::to_string)
    });
    let shown = s.script(&format!("{in_view} return rows.length;"), json!([]));
    assert!(shown.as_i64() >= Some(3), "{shown} rows in view at 200%");
    let y = s.script("return scrollY", json!([]));
    s.script(
        "document.querySelector(`#people li[data-index=\"${arguments[0]}\"] a.person`).click()",
        json!([row]),
    );
    s.wait_for("#person-card h1");
    assert_eq!(s.script("return scrollY", json!([])), json!(0));
    s.press(None, &[support::keys::ESCAPE]);
    s.wait_until("the list where it was, its row focused", || {
        let back = s.script(
            "return [scrollY, document.activeElement.closest('#people li')?.dataset.index]",
            json!([]),
        );
        (back == json!([y, row])).then_some(())
    });
    s.screenshot("scale-list-zoomed");
    s.quit();
}

/// Waits for the list to say it holds `n` people, however the locale groups digits.
fn wait_for_count(s: &support::Session, n: i64) {
    s.wait_until(&format!("the list to count {n} people"), || {
        let text = s.text(&s.wait_for("#count"));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        (digits == n.to_string() && text.ends_with("people")).then_some(())
    });
}
