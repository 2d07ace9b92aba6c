//! The contact list scrolled in the real window at 50,000 people: the time between frames
//! while the page scrolls the list 150 px a frame (a brisk wheel), against the time between
//! frames with nothing moving, which is the display's own pace. Driven through WebDriver
//! under a virtual display, as the end-to-end tests drive it, on the large log `make bench`
//! writes (`benches/generate.rs`). Printed, never asserted.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;

use rapport::store::{backup, DB_FILE};
use serde_json::json;
use support::Harness;

/// Frames timed a case; the first interval is dropped.
const FRAMES: usize = 90;

/// Times `FRAMES` frames, scrolling the page by `step` px before each, and answers the
/// median and 90th percentile of the intervals in ms.
const FRAMES_SCRIPT: &str = r#"
const [step, frames] = arguments;
const done = arguments[arguments.length - 1];
const times = [];
const tick = (t) => {
  times.push(t);
  if (times.length > frames) {
    const gaps = times.slice(2).map((x, i) => x - times[i + 1]).sort((a, b) => a - b);
    done([gaps[Math.floor(gaps.length / 2)], gaps[Math.floor(gaps.length * 0.9)], scrollY]);
    return;
  }
  if (step) window.scrollBy(0, step);
  requestAnimationFrame(tick);
};
setTimeout(() => requestAnimationFrame(tick), 300);
"#;

fn main() {
    let log = Path::new("target/bench/log-50k").join(DB_FILE);
    assert!(
        log.exists(),
        "{} is missing: run `make bench`, which generates it",
        log.display()
    );
    let harness = Harness::start();
    backup::copy_file(&log, &harness.data_dir.path().join(DB_FILE)).expect("copy");
    let s = harness.launch();
    s.press(None, &["c"]);
    s.wait_for("#people li[data-index=\"20\"] .name");
    // The list settles (its first pages, the tag menu) before anything is timed.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let time = |step: i64| -> (f64, f64) {
        let out = s.script_async(FRAMES_SCRIPT, json!([step, FRAMES]));
        (out[0].as_f64().unwrap(), out[1].as_f64().unwrap())
    };
    let (still, still_p90) = time(0);
    let (scrolling, scrolling_p90) = time(150);
    let rows = s.script(
        "return document.querySelectorAll('#people li.row:not(.loading)').length",
        json!([]),
    );
    println!("the contact list at 50,000 people, in the real window");
    println!(
        "  nothing moving          {still:>5.1} ms a frame (p90 {still_p90:.1}): the display's pace"
    );
    println!(
        "  scrolled 150 px a frame {scrolling:>5.1} ms a frame (p90 {scrolling_p90:.1}), \
         {rows} rows drawn at the end  {}",
        if scrolling <= still * 1.25 {
            "smooth"
        } else {
            "SLOWER THAN THE DISPLAY"
        }
    );
    s.quit();
}
