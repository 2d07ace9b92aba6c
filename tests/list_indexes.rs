//! What the contacts list reads, kept by triggers, agrees with what it is made from, on
//! random logs written as raw SQL (the triggers must catch any write, not only the core's):
//! each person's row of both search indexes, the words of what was said with them, their
//! latest interaction, who holds each tag, and the list filtered by tag, stage, words, or
//! any two or three of them.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rapport::contacts::{self, ContactQuery, Sort};
use rapport::store::Db;
use rusqlite::{params, Connection};

const WORDS: [&str; 8] = [
    "",
    "",
    "robotics",
    "asked about drones",
    "supply chain",
    "intro\u{200B}duced by Ana",
    "   ",
    "drones again",
];
const PURPOSES: [Option<&str>; 4] = [None, Some("connected"), Some("thank_you"), None];
const ORGS: [&str; 3] = ["Northwind", "Contoso", "Tailspin"];
/// Tags as any writer might leave them: letter cases, a repeat, a blank.
const TAGS: [&str; 6] = [
    "[]",
    "[\"alumni\"]",
    "[\"Alumni\", \"fintech\"]",
    "[\"alumni\", \"ALUMNI\", \"Ärzte\"]",
    "[\"ärzte\", \"\"]",
    "[\"fintech\", \"fintech\"]",
];
const STAGES: [&str; 3] = ["to_contact", "interviewed", "declined"];

#[derive(Debug, Clone)]
enum Step {
    Person {
        name: usize,
        organization: Option<usize>,
        notes: usize,
        tags: usize,
    },
    Log {
        person: usize,
        notes: usize,
        purpose: usize,
        day: u32,
    },
    Notes(usize, usize),
    Move(usize, usize),
    Retime(usize, u32),
    Purpose(usize, usize),
    DeleteInteraction(usize),
    EditPerson(usize, usize, usize),
    Retag(usize, usize),
    Stage(usize, usize),
    RenameOrganization(usize, usize),
    DeleteOrganization(usize),
    DeletePerson(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0..6usize, prop::option::of(0..3usize), 0..8usize, 0..6usize)
            .prop_map(|(name, organization, notes, tags)| Step::Person {
                name,
                organization,
                notes,
                tags,
            }),
        6 => (0..8usize, 0..8usize, 0..4usize, 1..28u32)
            .prop_map(|(person, notes, purpose, day)| Step::Log { person, notes, purpose, day }),
        2 => (0..12usize, 0..8usize).prop_map(|(n, w)| Step::Notes(n, w)),
        1 => (0..12usize, 0..8usize).prop_map(|(n, p)| Step::Move(n, p)),
        1 => (0..12usize, 1..28u32).prop_map(|(n, d)| Step::Retime(n, d)),
        1 => (0..12usize, 0..4usize).prop_map(|(n, p)| Step::Purpose(n, p)),
        2 => (0..12usize).prop_map(Step::DeleteInteraction),
        1 => (0..8usize, 0..6usize, 0..8usize).prop_map(|(p, n, w)| Step::EditPerson(p, n, w)),
        2 => (0..8usize, 0..6usize).prop_map(|(p, t)| Step::Retag(p, t)),
        1 => (0..8usize, 0..3usize).prop_map(|(p, s)| Step::Stage(p, s)),
        1 => (0..3usize, 0..6usize).prop_map(|(o, n)| Step::RenameOrganization(o, n)),
        1 => (0..3usize).prop_map(Step::DeleteOrganization),
        1 => (0..8usize).prop_map(Step::DeletePerson),
    ]
}

const NOW: &str = "2026-11-24T09:30:00Z";

fn day(d: u32) -> String {
    format!("2026-10-{d:02}T12:00:00Z")
}

/// The id of the n-th row of `table` (wrapping), if it has any.
fn nth(conn: &Connection, table: &str, n: usize) -> Option<i64> {
    let count: i64 = conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap();
    (count > 0).then(|| {
        conn.query_row(
            &format!("SELECT id FROM {table} ORDER BY id LIMIT 1 OFFSET ?1"),
            [n as i64 % count],
            |r| r.get(0),
        )
        .unwrap()
    })
}

fn organization(conn: &Connection, n: usize) -> i64 {
    conn.query_row(
        "INSERT INTO organizations (name, created_at, updated_at) VALUES (?1, ?2, ?2)
         ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
        params![ORGS[n], NOW],
        |r| r.get(0),
    )
    .unwrap()
}

fn write(conn: &Connection, step: &Step) {
    match *step {
        Step::Person {
            name,
            organization: org,
            notes,
            tags,
        } => {
            let org = org.map(|o| organization(conn, o));
            conn.execute(
                "INSERT INTO contacts (full_name, organization_id, role, tags, notes,
                                       created_at, updated_at)
                 VALUES (?1, ?2, 'Analyst', ?3, ?4, ?5, ?5)",
                params![format!("Dana {name}"), org, TAGS[tags], WORDS[notes], NOW],
            )
            .unwrap();
        }
        Step::Retag(p, tags) => {
            if let Some(id) = nth(conn, "contacts", p) {
                conn.execute(
                    "UPDATE contacts SET tags = ?2 WHERE id = ?1",
                    params![id, TAGS[tags]],
                )
                .unwrap();
            }
        }
        Step::Stage(p, stage) => {
            if let Some(id) = nth(conn, "contacts", p) {
                conn.execute(
                    "UPDATE contacts SET stage = ?2 WHERE id = ?1",
                    params![id, STAGES[stage]],
                )
                .unwrap();
            }
        }
        Step::Log {
            person,
            notes,
            purpose,
            day: d,
        } => {
            if let Some(id) = nth(conn, "contacts", person) {
                conn.execute(
                    "INSERT INTO interactions (contact_id, occurred_at, channel, direction,
                                               notes, purpose, created_at, updated_at)
                     VALUES (?1, ?2, 'email', 'out', ?3, ?4, ?5, ?5)",
                    params![id, day(d), WORDS[notes], PURPOSES[purpose], NOW],
                )
                .unwrap();
            }
        }
        Step::Notes(n, w) => {
            if let Some(id) = nth(conn, "interactions", n) {
                conn.execute(
                    "UPDATE interactions SET notes = ?2 WHERE id = ?1",
                    params![id, WORDS[w]],
                )
                .unwrap();
            }
        }
        Step::Move(n, p) => {
            if let (Some(id), Some(to)) = (nth(conn, "interactions", n), nth(conn, "contacts", p)) {
                conn.execute(
                    "UPDATE interactions SET contact_id = ?2 WHERE id = ?1",
                    params![id, to],
                )
                .unwrap();
            }
        }
        Step::Retime(n, d) => {
            if let Some(id) = nth(conn, "interactions", n) {
                conn.execute(
                    "UPDATE interactions SET occurred_at = ?2 WHERE id = ?1",
                    params![id, day(d)],
                )
                .unwrap();
            }
        }
        Step::Purpose(n, p) => {
            if let Some(id) = nth(conn, "interactions", n) {
                conn.execute(
                    "UPDATE interactions SET purpose = ?2 WHERE id = ?1",
                    params![id, PURPOSES[p]],
                )
                .unwrap();
            }
        }
        Step::DeleteInteraction(n) => {
            if let Some(id) = nth(conn, "interactions", n) {
                conn.execute("DELETE FROM interactions WHERE id = ?1", [id])
                    .unwrap();
            }
        }
        Step::EditPerson(p, name, notes) => {
            if let Some(id) = nth(conn, "contacts", p) {
                conn.execute(
                    "UPDATE contacts SET full_name = ?2, notes = ?3 WHERE id = ?1",
                    params![id, format!("Ana {name}"), WORDS[notes]],
                )
                .unwrap();
            }
        }
        Step::RenameOrganization(o, name) => {
            if let Some(id) = nth(conn, "organizations", o) {
                conn.execute(
                    "UPDATE organizations SET name = ?2 WHERE id = ?1",
                    params![id, format!("{} {name}", ORGS[o])],
                )
                .ok();
            }
        }
        Step::DeleteOrganization(o) => {
            if let Some(id) = nth(conn, "organizations", o) {
                conn.execute("DELETE FROM organizations WHERE id = ?1", [id])
                    .unwrap();
            }
        }
        Step::DeletePerson(p) => {
            if let Some(id) = nth(conn, "contacts", p) {
                conn.execute("DELETE FROM contacts WHERE id = ?1", [id])
                    .unwrap();
            }
        }
    }
}

type Row = Vec<String>;

/// Rows by person; the last column (what was said) as its words in order, since the notes
/// are joined by spaces and the order of interactions moved in time is not the index's.
fn rows(conn: &Connection, sql: &str, columns: usize, words_last: bool) -> BTreeMap<i64, Row> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt
        .query_map([], |r| {
            let mut row: Row = (1..=columns)
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<_>>()?;
            if words_last {
                let last = row.last_mut().unwrap();
                let mut words: Vec<&str> = last.split_whitespace().collect();
                words.sort_unstable();
                *last = words.join(" ");
            }
            Ok((r.get(0)?, row))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn agree(conn: &Connection, when: &str) {
    for index in ["contacts_fts", "contacts_who_fts"] {
        conn.execute(
            &format!("INSERT INTO {index} ({index}) VALUES ('integrity-check')"),
            [],
        )
        .unwrap_or_else(|e| panic!("{index} is corrupt {when}: {e}"));
    }
    let all = "full_name, organization, role, tags, notes, history";
    assert_eq!(
        rows(
            conn,
            &format!("SELECT rowid, {all} FROM contacts_fts"),
            6,
            true
        ),
        rows(
            conn,
            &format!("SELECT id, {all} FROM contacts_fts_source"),
            6,
            true
        ),
        "the search index {when}"
    );
    let who = "full_name, organization, role, tags";
    assert_eq!(
        rows(
            conn,
            &format!("SELECT rowid, {who} FROM contacts_who_fts"),
            4,
            false
        ),
        rows(
            conn,
            &format!("SELECT id, {who} FROM contacts_who_source"),
            4,
            false
        ),
        "the index of who people are {when}"
    );
    let latest = "SELECT id, coalesce(last_interaction_at, '') FROM contacts";
    let derived = "SELECT c.id, coalesce((SELECT max(occurred_at) FROM interactions i
                   WHERE i.contact_id = c.id AND purpose IS NOT 'connected'), '')
                   FROM contacts c";
    assert_eq!(
        rows(conn, latest, 1, false),
        rows(conn, derived, 1, false),
        "each person's latest interaction {when}"
    );
    let held = "SELECT contact_id, tag FROM contact_tags ORDER BY 1, lower(tag)";
    let tagged = "SELECT DISTINCT c.id, t.value COLLATE NOCASE FROM contacts c, json_each(c.tags) t
                  WHERE t.type = 'text' AND t.value <> '' ORDER BY 1, lower(t.value)";
    assert_eq!(
        pairs(conn, held),
        pairs(conn, tagged),
        "who holds each tag {when}"
    );
    filters_agree(conn, when);
}

/// (person, tag) pairs, the tag in SQLite's NOCASE folding (ASCII letters only).
fn pairs(conn: &Connection, sql: &str) -> Vec<(i64, String)> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get::<_, String>(1)?.to_ascii_lowercase()))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The tag menu and the list filtered by each tag and stage, against every person's tags
/// and stage read whole.
fn filters_agree(conn: &Connection, when: &str) {
    let everyone = "SELECT c.id, t.value FROM contacts c, json_each(c.tags) t
                    WHERE t.type = 'text' AND t.value <> ''";
    let mut want: Vec<String> = pairs(conn, everyone).into_iter().map(|p| p.1).collect();
    want.sort_unstable();
    want.dedup();
    let menu = contacts::tags(conn).unwrap();
    let folded: Vec<String> = menu.iter().map(|t| t.to_ascii_lowercase()).collect();
    assert_eq!(folded, want, "the tag menu {when}: {menu:?}");
    let list = |query: ContactQuery| {
        let list = contacts::list(conn, &query).unwrap();
        let mut ids: Vec<i64> = list.items.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        (list.total, ids)
    };
    let expect = |sql: &str, value: &str| {
        let mut stmt = conn.prepare(sql).unwrap();
        let ids: Vec<i64> = stmt
            .query_map([value], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (ids.len() as i64, ids)
    };
    for tag in menu.iter().map(String::as_str).chain(["ALUMNI", "nobody"]) {
        let query = ContactQuery {
            tag: Some(tag.into()),
            ..Default::default()
        };
        let holders = "SELECT c.id FROM contacts c WHERE EXISTS (SELECT 1 FROM json_each(c.tags) t
                       WHERE t.type = 'text' AND t.value = ?1 COLLATE NOCASE) ORDER BY c.id";
        assert_eq!(list(query), expect(holders, tag), "tagged {tag:?} {when}");
    }
    for stage in STAGES {
        let query = ContactQuery {
            stage: Some(stage.parse().unwrap()),
            ..Default::default()
        };
        let at = "SELECT id FROM contacts WHERE stage = ?1 ORDER BY id";
        assert_eq!(list(query), expect(at, stage), "at stage {stage} {when}");
    }
}

/// The list under any of its filters (merged in Rust from each one's people) is the list
/// under its words alone, in the same order, less whoever misses a stage or a tag read from
/// their own row; and a page of it, found walking the order or looking them up, is that
/// list's slice.
fn filtered_lists_agree(conn: &Connection, when: &str) {
    let ids = |sql: &str, value: &str| -> Vec<i64> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([value], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let holders = "SELECT c.id FROM contacts c WHERE EXISTS (SELECT 1 FROM json_each(c.tags) t
                   WHERE t.type = 'text' AND t.value = ?1 COLLATE NOCASE)";
    let at = "SELECT id FROM contacts WHERE stage = ?1";
    let mut tags: Vec<Option<String>> = contacts::tags(conn)
        .unwrap()
        .into_iter()
        .map(Some)
        .collect();
    tags.extend([Some("ALUMNI".into()), Some("nobody".into()), None]);
    let stages = STAGES.map(Some).into_iter().chain([None]);
    for (stage, tag) in stages.flat_map(|s| tags.iter().map(move |t| (s, t.clone()))) {
        for text in ["", "da", "drones", "supply chain", "north"] {
            for sort in [Sort::Name, Sort::LastInteraction] {
                let alone = ContactQuery {
                    text: text.into(),
                    sort,
                    ..Default::default()
                };
                let mut want: Vec<i64> = contacts::list(conn, &alone)
                    .unwrap()
                    .items
                    .iter()
                    .map(|c| c.id)
                    .collect();
                if let Some(stage) = stage {
                    let at = ids(at, stage);
                    want.retain(|id| at.contains(id));
                }
                if let Some(tag) = &tag {
                    let held = ids(holders, tag);
                    want.retain(|id| held.contains(id));
                }
                let query = ContactQuery {
                    text: text.into(),
                    stage: stage.map(|s| s.parse().unwrap()),
                    tag: tag.clone(),
                    sort,
                    ..Default::default()
                };
                let what = format!("{text:?} {stage:?} {tag:?} {sort:?} {when}");
                let list = contacts::list(conn, &query).unwrap();
                let got: Vec<i64> = list.items.iter().map(|c| c.id).collect();
                assert_eq!((list.total, &got), (want.len() as i64, &want), "{what}");
                // A page of two from the second: walked along the order or fetched and sorted.
                let page = ContactQuery {
                    limit: Some(2),
                    offset: 1,
                    ..query
                };
                let got: Vec<i64> = contacts::list(conn, &page)
                    .unwrap()
                    .items
                    .iter()
                    .map(|c| c.id)
                    .collect();
                let want = want.get(1..want.len().min(3)).unwrap_or_default();
                assert_eq!(got, want, "page of {what}");
            }
        }
    }
}

fn run(steps: &[Step]) {
    let db = Db::open_in_memory().unwrap();
    let conn = db.conn();
    for (i, step) in steps.iter().enumerate() {
        write(conn, step);
        agree(conn, &format!("after step {i}: {step:?}"));
    }
    filtered_lists_agree(conn, &format!("after {steps:?}"));
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_indexes_agree_with_what_they_are_made_from(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        run(&steps);
    }
}

/// What was said is found, and a note emptied or deleted is no longer.
#[test]
fn notes_logged_emptied_and_deleted_are_found_as_they_stand() {
    let db = Db::open_in_memory().unwrap();
    let conn = db.conn();
    let found = |words: &str| -> Vec<i64> {
        let query = ContactQuery {
            text: words.into(),
            ..Default::default()
        };
        let list = contacts::list(conn, &query).unwrap();
        list.items.iter().map(|c| c.id).collect()
    };
    write(
        conn,
        &Step::Person {
            name: 0,
            organization: None,
            notes: 0,
            tags: 0,
        },
    );
    let log = |notes, purpose| Step::Log {
        person: 0,
        notes,
        purpose,
        day: 3,
    };
    write(conn, &log(2, 1));
    assert_eq!(found("robotics"), [1], "a connection's notes");
    write(conn, &log(0, 1));
    write(conn, &log(3, 0));
    assert_eq!(found("drones"), [1]);
    assert_eq!(found("robotics"), [1]);
    write(conn, &Step::Notes(2, 0));
    assert_eq!(found("drones"), Vec::<i64>::new(), "an emptied note");
    write(conn, &Step::DeleteInteraction(0));
    assert_eq!(found("robotics"), Vec::<i64>::new(), "a deleted note");
    agree(conn, "at the end");
}
