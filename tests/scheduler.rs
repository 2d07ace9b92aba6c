//! The scheduler with a fake clock and a recording notifier.

use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{America::Chicago, Tz};
use rapport::contacts::{self, ContactInput, Stage};
use rapport::dates::DateStyle;
use rapport::interactions::{self, Channel, Direction, InteractionInput, Outcome};
use rapport::reminders::Notice;
use rapport::scheduler::{self, Clock, Notifier, Scheduler};
use rapport::store::Db;

#[derive(Clone)]
struct FakeClock(Arc<Mutex<DateTime<Tz>>>);

impl Clock for FakeClock {
    type Tz = Tz;
    fn now(&self) -> DateTime<Tz> {
        *self.0.lock().unwrap()
    }
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(String, String)>>>);

impl Notifier for Recorder {
    fn notify(&self, notice: &Notice) -> Result<(), String> {
        self.0
            .lock()
            .unwrap()
            .push((notice.title.clone(), notice.body.clone()));
        Ok(())
    }
}

impl Recorder {
    fn bodies(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| b.clone())
            .collect()
    }
}

struct Refusing;

impl Notifier for Refusing {
    fn notify(&self, _: &Notice) -> Result<(), String> {
        Err("org.freedesktop.DBus.Error.ServiceUnknown".into())
    }
}

fn now() -> DateTime<Tz> {
    Chicago.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

/// A contact whose call ended `hours` ago.
fn talked(db: &mut Db, name: &str, hours: i64) {
    let id = contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: name.into(),
            stage: Stage::Scheduled,
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id;
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: id,
            occurred_at: now().with_timezone(&Utc) - Duration::hours(hours),
            channel: Channel::VideoCall,
            direction: Direction::Out,
            outcome: None,
            notes: String::new(),
            purpose: None,
        },
        Utc::now(),
    )
    .unwrap();
}

#[test]
fn a_reminder_fires_exactly_once_even_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Recorder::default();
    {
        let mut db = Db::open(dir.path()).unwrap();
        talked(&mut db, "Dana Reyes", 49);
        let db = Mutex::new(db);
        let first = scheduler::tick(&db, &now(), DateStyle::default(), &recorder).unwrap();
        assert_eq!((first.notified, first.counts.due_now), (1, 1));
        let again = scheduler::tick(
            &db,
            &(now() + Duration::minutes(1)),
            DateStyle::default(),
            &recorder,
        )
        .unwrap();
        assert_eq!(again.notified, 0);
    }
    let db = Mutex::new(Db::open(dir.path()).unwrap());
    let after_restart = scheduler::tick(
        &db,
        &(now() + Duration::hours(1)),
        DateStyle::default(),
        &recorder,
    )
    .unwrap();
    assert_eq!(after_restart.notified, 0);
    assert_eq!(after_restart.counts.due_now, 1, "still listed as due");
    assert_eq!(
        recorder.bodies(),
        ["Send a thank-you note to \u{2068}Dana Reyes\u{2069} — you talked Friday 09:00"]
    );
}

#[test]
fn catching_up_on_many_at_once_sends_one_summary() {
    let mut db = Db::open_in_memory().unwrap();
    for (i, name) in ["Ana Silva", "Ben Ochoa", "Cleo Park", "Dana Reyes"]
        .iter()
        .enumerate()
    {
        talked(&mut db, name, 2 + i as i64);
    }
    let recorder = Recorder::default();
    let report = scheduler::tick(&Mutex::new(db), &now(), DateStyle::default(), &recorder).unwrap();
    assert_eq!(report.notified, 1);
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [(
            "4 reminders are due".to_string(),
            "4 thank-you notes".to_string()
        )]
    );
}

#[test]
fn a_refused_notification_is_tried_again_and_stays_listed() {
    let mut db = Db::open_in_memory().unwrap();
    talked(&mut db, "Dana Reyes", 30);
    let db = Mutex::new(db);
    let refused = scheduler::tick(&db, &now(), DateStyle::default(), &Refusing).unwrap();
    assert_eq!(
        (refused.notified, refused.failed, refused.counts.due_now),
        (0, 1, 1)
    );
    let recorder = Recorder::default();
    let retried = scheduler::tick(&db, &now(), DateStyle::default(), &recorder).unwrap();
    assert_eq!(retried.notified, 1);
}

#[test]
fn the_scheduler_sleeps_until_the_next_reminder() {
    let mut db = Db::open_in_memory().unwrap();
    let id = contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "Marcus Chen".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .unwrap()
    .id;
    let call = now() + Duration::days(2);
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: id,
            occurred_at: call.with_timezone(&Utc),
            channel: Channel::PhoneCall,
            direction: Direction::Out,
            outcome: Some(Outcome::Scheduled),
            notes: String::new(),
            purpose: None,
        },
        now().with_timezone(&Utc),
    )
    .unwrap();
    let report = scheduler::tick(
        &Mutex::new(db),
        &now(),
        DateStyle::default(),
        &Recorder::default(),
    )
    .unwrap();
    assert_eq!(
        report.next_at,
        Some((call - Duration::hours(1)).with_timezone(&Utc))
    );
}

/// Waits up to five seconds for the scheduler thread to have done what `done` checks.
fn wait_for(what: &str, done: &dyn Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < StdDuration::from_secs(5),
            "timed out waiting for {what}"
        );
        std::thread::sleep(StdDuration::from_millis(20));
    }
}

#[test]
fn a_change_in_the_data_wakes_the_sleeping_scheduler() {
    let db = Arc::new(Mutex::new(Db::open_in_memory().unwrap()));
    let clock = FakeClock(Arc::new(Mutex::new(now())));
    let recorder = Recorder::default();
    let ticks = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&ticks);
    let scheduler = Scheduler::start(
        Arc::clone(&db),
        clock,
        recorder.clone(),
        StdDuration::ZERO,
        move |_| {
            *counted.lock().unwrap() += 1;
        },
    );
    wait_for("the catch-up pass", &|| *ticks.lock().unwrap() >= 1);

    // Nothing is due, so the thread now sleeps for up to a minute; a change wakes it.
    talked(&mut db.lock().unwrap(), "Dana Reyes", 26);
    scheduler.wake();
    wait_for("the notification", &|| recorder.bodies().len() == 1);
    wait_for("its report", &|| *ticks.lock().unwrap() >= 2);

    // A pass that finds nothing new tells no one: no event, no redraw.
    let reported = *ticks.lock().unwrap();
    scheduler.wake();
    std::thread::sleep(StdDuration::from_millis(300));
    assert_eq!(*ticks.lock().unwrap(), reported, "an idle pass reported");
    // A window that has just started asks for the count, and gets it.
    scheduler.announce();
    wait_for("the report asked for", &|| {
        *ticks.lock().unwrap() > reported
    });
    drop(scheduler);
    assert_eq!(recorder.bodies().len(), 1, "notified more than once");
}

#[test]
fn the_catch_up_at_start_waits_for_the_window_or_its_hold() {
    let mut db = Db::open_in_memory().unwrap();
    talked(&mut db, "Dana Reyes", 26);
    let db = Arc::new(Mutex::new(db));
    let passes = |hold: StdDuration| {
        let clock = FakeClock(Arc::new(Mutex::new(now())));
        let recorder = Recorder::default();
        let ticks = Arc::new(Mutex::new(0));
        let counted = Arc::clone(&ticks);
        let scheduler =
            Scheduler::start(Arc::clone(&db), clock, recorder.clone(), hold, move |_| {
                *counted.lock().unwrap() += 1;
            });
        (scheduler, recorder, ticks)
    };

    // Held for an hour: nothing runs until the window, painted, wakes it.
    let (scheduler, recorder, ticks) = passes(StdDuration::from_secs(3600));
    std::thread::sleep(StdDuration::from_millis(300));
    assert_eq!(
        *ticks.lock().unwrap(),
        0,
        "the catch-up ran before the window asked"
    );
    assert!(recorder.bodies().is_empty());
    scheduler.announce();
    wait_for("the catch-up once woken", &|| recorder.bodies().len() == 1);
    wait_for("its report", &|| *ticks.lock().unwrap() == 1);
    drop(scheduler);

    // A window that never wakes it keeps nothing back past the hold.
    talked(&mut db.lock().unwrap(), "Eli Moss", 26);
    let (scheduler, recorder, _) = passes(StdDuration::from_millis(200));
    wait_for("the catch-up after the hold", &|| {
        recorder.bodies().len() == 1
    });
    drop(scheduler);
}

#[test]
fn catching_up_at_start_inside_quiet_hours_waits_for_the_morning() {
    let mut db = Db::open_in_memory().unwrap();
    // Four conversations yesterday afternoon, none thanked; Rapport starts at 02:00.
    for (i, name) in ["Ana Silva", "Ben Ochoa", "Cleo Park", "Dana Reyes"]
        .iter()
        .enumerate()
    {
        talked(&mut db, name, 20 + i as i64);
    }
    let db = Mutex::new(db);
    let recorder = Recorder::default();
    let night = Chicago.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
    let start = scheduler::tick(&db, &night, DateStyle::default(), &recorder).unwrap();
    assert_eq!(start.notified, 0, "{:?}", recorder.bodies());
    assert_eq!(start.counts.due_now, 4, "still listed as due");
    let morning = Chicago.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    assert_eq!(start.next_at, Some(morning.with_timezone(&Utc)));
    let woke = scheduler::tick(&db, &morning, DateStyle::default(), &recorder).unwrap();
    assert_eq!(woke.notified, 1);
    assert_eq!(recorder.bodies(), ["4 thank-you notes"]);
}
