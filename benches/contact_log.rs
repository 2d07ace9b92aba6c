//! How fast the contact log answers as a person types, on a large network.
//! `make bench` prints the figures; tests never assert timings.

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use rapport::contacts::{self, ContactInput, ContactQuery, Sort};
use rapport::dates::DateStyle;
use rapport::exchange::{csv, duplicates, import, json, linkedin};
use rapport::interactions::{self, Channel, Direction, InteractionInput};
use rapport::reminders;
use rapport::settings::ReminderSettings;
use rapport::store::{backup, Db};
use std::hint::black_box;

const PEOPLE: usize = 20_000;

const FIRST: &[&str] = &[
    "Dana", "Liz", "Marcus", "Priya", "Tomás", "Grace", "Sam", "Ana", "Ben", "Cleo",
];
const LAST: &[&str] = &[
    "Reyes",
    "Darnell",
    "Chen",
    "Natarajan",
    "Alvarez",
    "Okafor",
    "Whitfield",
    "Silva",
];
const ORGS: &[&str] = &[
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Alpine",
    "Litware",
    "Adatum",
];
const TOPICS: &[&str] = &[
    "supply-chain analytics",
    "clinical operations",
    "grid storage",
    "UX research",
    "demand planning",
    "grant writing",
    "product strategy",
];

/// A network of `PEOPLE` contacts, each with two logged interactions.
fn network() -> Db {
    let mut db = Db::open_in_memory().expect("database");
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    for i in 0..PEOPLE {
        let input = ContactInput {
            full_name: format!("{} {} {i}", FIRST[i % FIRST.len()], LAST[i % LAST.len()]),
            role: "Analyst".into(),
            organization: format!("{} {}", ORGS[i % ORGS.len()], i % 500),
            tags: vec![format!("tag{}", i % 40)],
            notes: format!("Interested in {}", TOPICS[i % TOPICS.len()]),
            ..Default::default()
        };
        let id = contacts::create(db.conn_mut(), input, now)
            .expect("contact")
            .id;
        for k in 0..2 {
            interactions::create(
                db.conn_mut(),
                InteractionInput {
                    contact_id: id,
                    occurred_at: now - Duration::days(((i * 7 + k * 13) % 700) as i64),
                    channel: Channel::Email,
                    direction: Direction::Out,
                    outcome: None,
                    notes: format!("We talked about {}", TOPICS[(i + k) % TOPICS.len()]),
                    purpose: None,
                },
                now,
            )
            .expect("interaction");
        }
    }
    db
}

fn search(c: &mut Criterion) {
    let db = network();
    let mut group = c.benchmark_group(format!("contacts_list over {PEOPLE} people"));
    let cases: &[(&str, ContactQuery)] = &[
        ("all, by name", ContactQuery::default()),
        (
            "all, by last interaction",
            ContactQuery {
                sort: Sort::LastInteraction,
                ..Default::default()
            },
        ),
        (
            "one letter typed",
            ContactQuery {
                text: "d".into(),
                ..Default::default()
            },
        ),
        (
            "organization prefix",
            ContactQuery {
                text: "northw".into(),
                ..Default::default()
            },
        ),
        (
            "phrase in interaction notes",
            ContactQuery {
                text: "supply-chain analyt".into(),
                ..Default::default()
            },
        ),
        (
            "tag filter",
            ContactQuery {
                tag: Some("tag7".into()),
                ..Default::default()
            },
        ),
    ];
    for (name, query) in cases {
        group.bench_function(*name, |b| {
            b.iter(|| contacts::list(db.conn(), black_box(query)).expect("list"))
        });
    }
    group.finish();

    // What every scheduler pass and the Today view compute.
    let rules = ReminderSettings::default();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    c.bench_function(&format!("reminders over {PEOPLE} people"), |b| {
        b.iter(|| {
            reminders::all(db.conn(), &rules, black_box(&now), DateStyle::default())
                .expect("reminders")
        })
    });
    let id = contacts::list(db.conn(), &ContactQuery::default())
        .unwrap()
        .items[0]
        .id;
    c.bench_function("contacts_get (contact page)", |b| {
        b.iter(|| contacts::detail(db.conn(), black_box(id)).expect("detail"))
    });
}

/// A save on a real file: durable (synchronous=FULL), so this includes the flush to disk.
fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(dir.path()).unwrap();
    let now = Utc::now();
    c.bench_function("contacts_create on disk", |b| {
        b.iter(|| {
            contacts::create(
                db.conn_mut(),
                ContactInput {
                    full_name: "Dana Reyes".into(),
                    organization: "Northwind".into(),
                    ..Default::default()
                },
                now,
            )
            .expect("create")
        })
    });
}

/// A LinkedIn export of `rows` connections, as LinkedIn writes it.
fn linkedin_export(rows: usize) -> Vec<u8> {
    let mut out = String::from(
        "Notes:\n\"When exporting your connection data, you may notice...\"\n\n\
         First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..rows {
        out.push_str(&format!(
            "{},{} {i},https://www.linkedin.com/in/person-{i},,\"{}, Inc.\",Analyst,{} Mar 2024\n",
            FIRST[i % FIRST.len()],
            LAST[i % LAST.len()],
            ORGS[i % ORGS.len()],
            1 + i % 28
        ));
    }
    out.into_bytes()
}

/// Reading and importing a large LinkedIn export into an empty log on disk, all in one go.
fn import(c: &mut Criterion) {
    const ROWS: usize = 10_000;
    let file = linkedin_export(ROWS);
    let now = Utc::now();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function(format!("{ROWS} LinkedIn rows, read"), |b| {
        b.iter(|| linkedin::read(black_box(&file)).expect("read"))
    });
    let people = linkedin::read(&file).expect("read");
    let empty = Db::open_in_memory().unwrap();
    group.bench_function(format!("{ROWS} LinkedIn rows, previewed"), |b| {
        b.iter(|| import::preview(empty.conn(), black_box(&people), now).expect("preview"))
    });
    group.bench_function(
        format!("{ROWS} LinkedIn rows, read and committed (budget ≈ 1 s)"),
        |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let db = Db::open(dir.path()).unwrap();
                    (dir, db)
                },
                |(_dir, mut db)| {
                    let people = linkedin::read(black_box(&file)).expect("read");
                    import::commit(db.conn_mut(), &people, now, &mut |_, _| {}).expect("commit")
                },
                criterion::BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

/// What the Data view does with the whole network: find duplicates, export everything,
/// and back up (on a separate connection, so the window never waits for it).
fn whole_log(c: &mut Criterion) {
    let db = network();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("network.db");
    backup::write_copy(db.conn(), &file).expect("copy");
    let mut group = c.benchmark_group("whole log");
    group.sample_size(10);
    group.bench_function(
        format!("{PEOPLE} people, duplicates found (budget ≈ 1 s)"),
        |b| b.iter(|| duplicates::find(db.conn()).expect("find")),
    );
    group.bench_function(
        format!("{PEOPLE} people, JSON export (budget ≈ 2 s)"),
        |b| b.iter(|| json::write(db.conn(), Utc::now()).expect("json")),
    );
    group.bench_function(
        format!("{PEOPLE} people, CSV export (budget ≈ 1 s)"),
        |b| {
            let people = contacts::all(db.conn()).expect("all");
            b.iter(|| csv::write(black_box(&people)).expect("csv"))
        },
    );
    group.bench_function(
        format!("{PEOPLE} people, backup copy (budget ≈ 1 s)"),
        |b| b.iter(|| backup::copy_file(&file, &dir.path().join("copy.db")).expect("backup")),
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = search, save, import, whole_log
}
criterion_main!(benches);
