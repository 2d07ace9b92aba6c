//! The figures that must not grow with the network, on the generated 50,000-person log
//! (`benches/generate.rs`; `make bench` writes it first). Printed with their budgets,
//! never asserted in tests.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Local, Utc};
use criterion::{criterion_group, Criterion};
use rapport::commands::contacts::contact_page;
use rapport::contacts::{self, ContactQuery, Stage};
use rapport::dates::DateStyle;
use rapport::exchange::{import, json, linkedin};
use rapport::insights;
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::reminders::{pending, Notice};
use rapport::scheduler::{self, Notifier};
use rapport::settings;
use rapport::store::{backup, Db, DB_FILE};
use std::hint::black_box;

/// The generated log, copied so that benchmarks that write leave it as it was.
fn open() -> (tempfile::TempDir, Db) {
    let source = std::env::var_os("RAPPORT_BENCH_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench/log-50k"))
        .join(DB_FILE);
    assert!(
        source.exists(),
        "{} is missing: run `make bench`, which generates it",
        source.display()
    );
    let dir = tempfile::tempdir().expect("folder");
    backup::copy_file(&source, &dir.path().join(DB_FILE)).expect("copy");
    let db = Db::open(dir.path()).expect("open");
    (dir, db)
}

/// Each prefix a person types on the way to a name, an organization and a topic.
const TYPED: &[&str] = &[
    "d",
    "da",
    "dan",
    "dana",
    "dana r",
    "dana re",
    "dana reyes",
    "n",
    "no",
    "nor",
    "nort",
    "northwind",
    "s",
    "su",
    "sup",
    "supp",
    "supply",
    "supply chain",
    "m",
    "mü",
    "mül",
    "müller",
];

/// Rows the window asks for at a time (`PAGE` in ui/views/contacts.js).
const PAGE: u32 = 100;

/// Search as you type, one query per keystroke: the 95th percentile against its budget.
fn typing(db: &Db) {
    const RUNS: usize = 40;
    let mut all = Vec::new();
    println!("search as you type (p95 budget 5 ms per keystroke)");
    for text in TYPED {
        let query = ContactQuery {
            text: (*text).into(),
            limit: Some(PAGE),
            ..Default::default()
        };
        let mut times: Vec<StdDuration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                black_box(contacts::list(db.conn(), &query).expect("list"));
                start.elapsed()
            })
            .collect();
        times.sort();
        let total = contacts::list(db.conn(), &query).expect("list").total;
        println!(
            "  {:<14} p95 {:>8.2?}  ({total} found)",
            format!("{text:?}"),
            times[RUNS * 95 / 100]
        );
        all.extend(times);
    }
    all.sort();
    let p95 = all[all.len() * 95 / 100];
    println!(
        "  all keystrokes  p95 {p95:.2?}  budget 5 ms  {}",
        if p95 <= StdDuration::from_millis(5) {
            "ok"
        } else {
            "OVER"
        }
    );
}

struct Accepting;

impl Notifier for Accepting {
    fn notify(&self, _: &Notice) -> Result<(), String> {
        Ok(())
    }
}

fn at_scale(c: &mut Criterion) {
    let (_dir, db) = open();
    typing(&db);
    let people = contacts::count(db.conn()).expect("count");
    let rules = settings::reminders(db.conn()).expect("settings");
    let style = DateStyle::default();

    let mut group = c.benchmark_group(format!("{people} people"));
    group.bench_function("Today's first page (budget 2 ms)", |b| {
        b.iter(|| pending::today(db.conn(), &rules, &Local::now(), style, 50).expect("today"))
    });
    let shared = Mutex::new(db);
    // The first pass notifies what is due; every pass after it is the steady state.
    scheduler::tick(&shared, &Local::now(), style, &Accepting).expect("tick");
    group.bench_function("a scheduler pass (budget 1 ms)", |b| {
        b.iter(|| scheduler::tick(&shared, &Local::now(), style, &Accepting).expect("tick"))
    });
    let db = shared.into_inner().expect("db");
    let first = contacts::list(db.conn(), &ContactQuery::default())
        .expect("list")
        .items[0]
        .id;
    group.bench_function("a contact page", |b| {
        b.iter(|| contact_page(db.conn(), black_box(first), &Local::now(), style).expect("page"))
    });
    let page = |offset| ContactQuery {
        limit: Some(PAGE),
        offset,
        ..Default::default()
    };
    group.bench_function("the first page of the list", |b| {
        b.iter(|| contacts::list(db.conn(), &page(0)).expect("list"))
    });
    group.bench_function("the last page of the list", |b| {
        b.iter(|| contacts::list(db.conn(), &page(people as u32 - PAGE)).expect("list"))
    });
    let one_letter = |offset: u32| ContactQuery {
        text: "s".into(),
        limit: Some(PAGE),
        offset,
        ..Default::default()
    };
    let found = contacts::list(db.conn(), &one_letter(0))
        .expect("list")
        .total as u32;
    group.bench_function("the last page of everyone one letter finds", |b| {
        b.iter(|| contacts::list(db.conn(), &one_letter(found - PAGE)).expect("list"))
    });
    group.bench_function("the tag menu", |b| {
        b.iter(|| contacts::tags(db.conn()).expect("tags"))
    });
    let tag = contacts::tags(db.conn()).expect("tags").into_iter().next();
    group.bench_function("the first page of a tag's people, and how many", |b| {
        let query = ContactQuery {
            tag: tag.clone(),
            limit: Some(PAGE),
            ..Default::default()
        };
        b.iter(|| contacts::list(db.conn(), &query).expect("list"))
    });
    group.bench_function("the first page of a stage's people, and how many", |b| {
        let query = ContactQuery {
            stage: Some(Stage::Interviewed),
            limit: Some(PAGE),
            ..Default::default()
        };
        b.iter(|| contacts::list(db.conn(), &query).expect("list"))
    });
    for (name, text, stage, with_tag) in [
        ("a tag and a stage", "", Some(Stage::Interviewed), true),
        ("a word and a tag", "supply", None, true),
        ("a letter and a stage", "s", Some(Stage::Interviewed), false),
        (
            "a letter and the largest stage",
            "s",
            Some(Stage::ToContact),
            false,
        ),
        (
            "a letter, the largest stage and a tag",
            "s",
            Some(Stage::ToContact),
            true,
        ),
    ] {
        let query = ContactQuery {
            text: text.into(),
            stage,
            tag: tag.clone().filter(|_| with_tag),
            limit: Some(PAGE),
            ..Default::default()
        };
        let found = contacts::list(db.conn(), &query).expect("list").total;
        group.bench_function(
            format!("the first page of {name}, and how many ({found})"),
            |b| b.iter(|| contacts::list(db.conn(), &query).expect("list")),
        );
    }
    group.bench_function("the organizations a form suggests", |b| {
        b.iter(|| rapport::organizations::names(db.conn()).expect("names"))
    });
    group.sample_size(10);
    let ninety_days = Utc::now() - chrono::Duration::days(90);
    group.bench_function("Insights, the last 90 days", |b| {
        b.iter(|| {
            insights::insights(db.conn(), Some(ninety_days), &Local::now()).expect("insights")
        })
    });
    group.bench_function("Insights, all time", |b| {
        b.iter(|| insights::insights(db.conn(), None, &Local::now()).expect("insights"))
    });
    group.bench_function("JSON export of everything", |b| {
        b.iter(|| json::write(db.conn(), Utc::now()).expect("json"))
    });
    let file = linkedin_rows(10_000);
    let rows = linkedin::read(&file).expect("read");
    group.bench_function("10,000 LinkedIn rows matched against the log", |b| {
        b.iter(|| import::preview(db.conn(), black_box(&rows), Utc::now()).expect("preview"))
    });
    // Written into the copy, and taken back after each run untimed: one person's history
    // growing by thousands of emails would time their reindexing instead.
    let mut db = db;
    let email = InteractionInput {
        contact_id: first,
        occurred_at: Utc::now(),
        channel: Channel::Email,
        direction: Direction::Out,
        outcome: Some(Outcome::Sent),
        notes: "Asked about the supply chain team".into(),
        purpose: None,
    };
    group.bench_function(
        "logging an email, and the reminders of whom it touched",
        |b| {
            b.iter_custom(|runs| {
                let mut spent = StdDuration::ZERO;
                for _ in 0..runs {
                    let conn = db.conn_mut();
                    let start = Instant::now();
                    let logged =
                        interactions::create(conn, email.clone(), Utc::now()).expect("log");
                    pending::bring_up_to_date(conn, &Local::now()).expect("reminders");
                    spent += start.elapsed();
                    interactions::delete(conn, logged.interaction.id).expect("taken back");
                }
                spent
            })
        },
    );
    group.finish();
}

/// Ten thousand rows as LinkedIn writes them, a third of them already in the log.
fn linkedin_rows(n: usize) -> Vec<u8> {
    let mut out = String::from(
        "Notes:\n\"When exporting your connection data, you may notice...\"\n\n\
         First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..n {
        let id = if i % 3 == 0 { i * 5 } else { 1_000_000 + i };
        out.push_str(&format!(
            "Pat,Doe {i},https://www.linkedin.com/in/person-{id},,\"Contoso, Inc.\",Analyst,3 Mar 2024\n"
        ));
    }
    out.into_bytes()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(StdDuration::from_secs(3));
    targets = at_scale
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
