//! The reminders kept in the store agree with the full derivation (the reference) on random
//! logs, through every kind of write and as time alone moves on: Today's groups and their
//! counts, what is notified, and when the scheduler looks again.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::{Europe::Berlin, Tz};
use proptest::prelude::*;
use rapport::dates::DateStyle;
use rapport::reminders::{self, pending, Bucket, Reminder};
use rapport::settings::{self, FollowUpRoutine, ReminderSettings};
use rapport::store::Db;
use rusqlite::{params, Connection};

/// Monday 23 Nov 2026, 09:30 in Berlin.
fn start() -> DateTime<Tz> {
    Berlin.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

const STAGES: [&str; 7] = [
    "to_contact",
    "reached_out",
    "scheduled",
    "interviewed",
    "keeping_in_touch",
    "declined",
    "not_now",
];
const CHANNELS: [&str; 9] = [
    "email",
    "letter",
    "phone_call",
    "voicemail",
    "message_left",
    "linkedin_message",
    "video_call",
    "in_person",
    "other",
];
const OUTCOMES: [Option<&str>; 7] = [
    None,
    Some("sent"),
    Some("replied"),
    Some("no_answer"),
    Some("declined"),
    Some("scheduled"),
    Some("snafu"),
];
const PURPOSES: [Option<&str>; 5] = [
    None,
    Some("thank_you"),
    Some("follow_up"),
    Some("check_in"),
    Some("connected"),
];

#[derive(Debug, Clone)]
struct Person {
    stage: usize,
    checkin_months: Option<u32>,
    paused: bool,
    organization: bool,
}

#[derive(Debug, Clone)]
struct Event {
    person: usize,
    /// Hours from the start, mostly in the past.
    hours: i64,
    channel: usize,
    out: bool,
    outcome: usize,
    purpose: usize,
}

/// Something that happens after the log is first written, between two looks.
#[derive(Debug, Clone)]
enum Step {
    /// Time passes, nothing is written.
    Wait(i64),
    Log(Event),
    DeleteInteraction(usize),
    Stage(usize, usize),
    DeletePerson(usize),
    /// The user acts on the n-th reminder on show: done, snoozed, or it is notified.
    Done(usize),
    Snooze(usize, i64),
    Notify(usize),
    UndoDone(usize),
    CallStarts(usize),
    Settings(bool),
}

fn person() -> impl Strategy<Value = Person> {
    (
        0..7usize,
        prop::option::of(1..4u32),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(stage, checkin_months, paused, organization)| Person {
            stage,
            checkin_months,
            paused: paused && stage % 2 == 0,
            organization,
        })
}

fn event(people: usize) -> impl Strategy<Value = Event> {
    (
        0..people,
        prop_oneof![4 => -2400..0i64, 1 => 0..400i64],
        0..9usize,
        any::<bool>(),
        0..7usize,
        prop_oneof![4 => Just(0usize), 1 => 1..5usize],
    )
        .prop_map(|(person, hours, channel, out, outcome, purpose)| Event {
            person,
            hours,
            channel,
            out,
            outcome,
            purpose,
        })
}

fn step(people: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (1..2000i64).prop_map(Step::Wait),
        3 => event(people).prop_map(Step::Log),
        1 => (0..50usize).prop_map(Step::DeleteInteraction),
        1 => (0..people, 0..7usize).prop_map(|(p, s)| Step::Stage(p, s)),
        1 => (0..people).prop_map(Step::DeletePerson),
        2 => (0..20usize).prop_map(Step::Done),
        2 => (0..20usize, 1..400i64).prop_map(|(n, h)| Step::Snooze(n, h)),
        2 => (0..20usize).prop_map(Step::Notify),
        1 => (0..20usize).prop_map(Step::UndoDone),
        1 => (0..6usize).prop_map(Step::CallStarts),
        1 => any::<bool>().prop_map(Step::Settings),
    ]
}

#[derive(Debug, Clone)]
struct Log {
    people: Vec<Person>,
    events: Vec<Event>,
    /// Interviews: person, hours from the start, whether still scheduled.
    interviews: Vec<(usize, i64, bool)>,
    steps: Vec<Step>,
    routine_3b7: bool,
    quiet: bool,
}

fn log() -> impl Strategy<Value = Log> {
    (1..7usize).prop_flat_map(|n| {
        (
            prop::collection::vec(person(), n),
            prop::collection::vec(event(n), 0..40),
            prop::collection::vec((0..n, -48..300i64, any::<bool>()), 0..4),
            prop::collection::vec(step(n), 0..12),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(people, events, interviews, steps, routine_3b7, quiet)| Log {
                    people,
                    events,
                    interviews,
                    steps,
                    routine_3b7,
                    quiet,
                },
            )
    })
}

fn rules(routine_3b7: bool, quiet: bool, before_call: u32) -> ReminderSettings {
    let hm = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    ReminderSettings {
        follow_up_routine: if routine_3b7 {
            FollowUpRoutine::ThreeBSeven
        } else {
            FollowUpRoutine::Simple
        },
        quiet_start: if quiet { hm(21) } else { hm(0) },
        quiet_end: if quiet { hm(8) } else { hm(0) },
        before_call_minutes: before_call,
        ..ReminderSettings::default()
    }
}

fn at(hours: i64) -> DateTime<Utc> {
    start().with_timezone(&Utc) + Duration::hours(hours) + Duration::minutes(hours % 7)
}

fn write_event(conn: &Connection, ids: &[i64], e: &Event) {
    let out = e.out || PURPOSES[e.purpose].is_some();
    conn.execute(
        "INSERT INTO interactions (contact_id, occurred_at, channel, direction, outcome,
                                   purpose, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2, ?2)",
        params![
            ids[e.person],
            at(e.hours),
            CHANNELS[e.channel],
            if out { "out" } else { "in" },
            OUTCOMES[e.outcome],
            PURPOSES[e.purpose],
        ],
    )
    .unwrap();
}

/// Writes the log as raw SQL: the triggers must catch any write, not only the core's.
fn write(db: &mut Db, log: &Log) -> Vec<i64> {
    let conn = db.conn_mut();
    settings::save_reminders(conn, rules(log.routine_3b7, log.quiet, 60)).unwrap();
    let created = start().with_timezone(&Utc);
    let org: i64 = conn
        .query_row(
            "INSERT INTO organizations (name, created_at, updated_at) VALUES ('Northwind', ?1, ?1)
             RETURNING id",
            [created],
            |r| r.get(0),
        )
        .unwrap();
    let ids: Vec<i64> = log
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            conn.query_row(
                "INSERT INTO contacts (full_name, organization_id, stage, checkin_months,
                                       checkin_paused, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
                params![
                    format!("Person {}", i % 3),
                    p.organization.then_some(org),
                    STAGES[p.stage],
                    p.checkin_months,
                    p.paused,
                    created
                ],
                |r| r.get(0),
            )
            .unwrap()
        })
        .collect();
    for e in &log.events {
        write_event(conn, &ids, e);
    }
    for &(p, hours, scheduled) in &log.interviews {
        conn.execute(
            "INSERT INTO interviews (contact_id, scheduled_at, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![
                ids[p],
                at(hours),
                if scheduled { "scheduled" } else { "done" },
                created
            ],
        )
        .unwrap();
    }
    ids
}

/// Today as the reference computes it: every open reminder, in order, by group.
fn reference(conn: &Connection, s: &ReminderSettings, now: &DateTime<Tz>) -> Vec<Reminder> {
    reminders::all(conn, s, now, DateStyle::default()).unwrap()
}

fn stored(db: &mut Db, s: &ReminderSettings, now: &DateTime<Tz>) -> Vec<Reminder> {
    pending::refresh(db.conn_mut(), s, now).unwrap();
    [
        Bucket::Overdue,
        Bucket::Today,
        Bucket::Upcoming,
        Bucket::Later,
    ]
    .into_iter()
    .flat_map(|b| pending::page(db.conn(), s, now, DateStyle::default(), b, 0, 1000).unwrap())
    .collect()
}

fn by_group(mut all: Vec<Reminder>) -> Vec<Reminder> {
    // The reference lists by time alone; Today shows group by group, each in that order.
    all.sort_by_key(|r| r.bucket);
    all
}

fn agree(db: &mut Db, s: &ReminderSettings, now: &DateTime<Tz>, when: &str) {
    let want = by_group(reference(db.conn(), s, now));
    let got = stored(db, s, now);
    assert_eq!(got, want, "Today differs {when}");
    assert_eq!(
        pending::open(db.conn(), s, now, DateStyle::default()).unwrap(),
        reference(db.conn(), s, now),
        "open reminders differ {when}"
    );
    let people: Vec<i64> = db
        .conn()
        .prepare("SELECT id FROM contacts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in people {
        assert_eq!(
            pending::of_contact(db.conn(), s, now, DateStyle::default(), id).unwrap(),
            reminders::for_contact(db.conn(), s, now, DateStyle::default(), id).unwrap(),
            "person {id}'s reminders differ {when}"
        );
    }

    let counts = pending::counts(db.conn(), now).unwrap();
    let count = |b: Bucket| want.iter().filter(|r| r.bucket == b).count();
    let now_utc = now.with_timezone(&Utc);
    assert_eq!(
        counts,
        pending::Counts {
            overdue: count(Bucket::Overdue),
            today: count(Bucket::Today),
            upcoming: count(Bucket::Upcoming),
            due_now: want
                .iter()
                .filter(|r| matches!(r.bucket, Bucket::Overdue | Bucket::Today))
                .filter(|r| r.show_at <= now_utc)
                .count(),
        },
        "counts differ {when}"
    );

    let notify_now = pending::to_notify(db.conn(), s, now, DateStyle::default()).unwrap();
    let mut notify_want: Vec<Reminder> = want
        .iter()
        .filter(|r| !r.notified && r.notify_at <= now_utc)
        .cloned()
        .collect();
    notify_want.sort_by_key(|r| {
        (
            r.show_at,
            r.contact_name.clone(),
            r.contact_id,
            r.kind.as_str(),
            r.subject_id,
        )
    });
    assert_eq!(notify_now, notify_want, "notifications differ {when}");

    let recheck: Option<DateTime<Utc>> = db
        .conn()
        .query_row(
            "SELECT min(at) FROM reminders_recheck WHERE at > ?1",
            [now_utc],
            |r| r.get(0),
        )
        .unwrap();
    let next_notify = reminders::next_notify_among(&want, now_utc);
    assert_eq!(
        pending::next_wake(db.conn(), s, now).unwrap(),
        [next_notify, recheck].into_iter().flatten().min(),
        "the next wake-up differs {when}"
    );
}

fn key(r: &Reminder) -> reminders::Key {
    (r.kind, r.subject_id, r.due_at)
}

fn run(log: &Log) {
    let mut db = Db::open_in_memory().unwrap();
    let mut ids = write(&mut db, log);
    let mut s = rules(log.routine_3b7, log.quiet, 60);
    let mut now = start();
    agree(&mut db, &s, &now, "after the first write");
    for (i, step) in log.steps.iter().enumerate() {
        let shown = by_group(reference(db.conn(), &s, &now));
        let now_utc = now.with_timezone(&Utc);
        let conn = db.conn_mut();
        match step {
            Step::Wait(minutes) => now += Duration::minutes(*minutes * 7),
            Step::Log(e) => {
                if ids[e.person] >= 0 {
                    write_event(conn, &ids, e);
                }
            }
            Step::DeleteInteraction(n) => {
                conn.execute(
                    "DELETE FROM interactions WHERE id = (SELECT id FROM interactions
                     ORDER BY id LIMIT 1 OFFSET ?1)",
                    [*n as i64],
                )
                .unwrap();
            }
            Step::Stage(p, stage) => {
                conn.execute(
                    "UPDATE contacts SET stage = ?2 WHERE id = ?1",
                    params![ids[*p], STAGES[*stage]],
                )
                .unwrap();
            }
            Step::DeletePerson(p) => {
                conn.execute("DELETE FROM contacts WHERE id = ?1", [ids[*p]])
                    .unwrap();
                ids[*p] = -1;
            }
            Step::Done(n) => {
                if let Some(r) = shown.get(*n) {
                    reminders::complete(conn, &key(r), r.contact_id, now_utc).unwrap();
                }
            }
            Step::UndoDone(n) => {
                let done: Option<(String, i64, DateTime<Utc>)> = conn
                    .query_row(
                        "SELECT kind, subject_id, due_at FROM reminder_log
                         WHERE done_at IS NOT NULL LIMIT 1 OFFSET ?1",
                        [*n as i64 % 3],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .ok();
                if let Some((kind, subject, due)) = done {
                    let kind = kind.parse().unwrap();
                    reminders::undo_complete(conn, &(kind, subject, due), None).unwrap();
                }
            }
            Step::Snooze(n, hours) => {
                if let Some(r) = shown.get(*n) {
                    let until = now_utc + Duration::hours(*hours);
                    reminders::snooze(conn, &key(r), until, now_utc).unwrap();
                }
            }
            Step::Notify(n) => {
                if let Some(r) = shown.get(*n) {
                    reminders::mark_notified(conn, &[key(r)], now_utc).unwrap();
                }
            }
            Step::CallStarts(n) => {
                conn.execute(
                    "UPDATE interviews SET call_started_at = ?2 WHERE id = (SELECT id FROM
                     interviews ORDER BY id LIMIT 1 OFFSET ?1)",
                    params![*n as i64, now_utc],
                )
                .unwrap();
            }
            Step::Settings(routine_3b7) => {
                s = rules(*routine_3b7, !log.quiet, 15);
                settings::save_reminders(conn, s.clone()).unwrap();
            }
        }
        agree(&mut db, &s, &now, &format!("after step {i}: {step:?}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn stored_reminders_agree_with_the_full_derivation(log in log()) {
        run(&log);
    }
}

#[test]
fn an_upgraded_log_computes_everyone_at_the_first_look() {
    let log = Log {
        people: vec![Person {
            stage: 1,
            checkin_months: None,
            paused: false,
            organization: true,
        }],
        events: vec![Event {
            person: 0,
            hours: -24 * 10,
            channel: 0,
            out: true,
            outcome: 1,
            purpose: 0,
        }],
        interviews: vec![],
        steps: vec![],
        routine_3b7: false,
        quiet: false,
    };
    let mut db = Db::open_in_memory().unwrap();
    write(&mut db, &log);
    let s = rules(false, false, 60);
    // As a database from before the stored reminders: nothing kept, everyone marked.
    db.conn()
        .execute_batch("DELETE FROM pending_reminders; DELETE FROM reminders_recheck;")
        .unwrap();
    pending::invalidate_all(db.conn()).unwrap();
    let got = stored(&mut db, &s, &start());
    assert_eq!(got.len(), 1, "the follow-up is found: {got:?}");
    assert_eq!(got, by_group(reference(db.conn(), &s, &start())));
}
