//! The one place that reads the clock: a thread that sleeps until the next reminder is due,
//! notifies it once, and wakes at once when the data changes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Local, TimeZone, Utc};

use crate::dates::DateStyle;
use crate::error::Result;
use crate::reminders::pending::{self, Counts};
use crate::reminders::{self, Notice};
use crate::settings;
use crate::store::Db;

/// Shows a desktop notification. The real one goes through the OS; tests record.
pub trait Notifier: Send + Sync + 'static {
    fn notify(&self, notice: &Notice) -> Result<(), String>;
}

/// Where "now" comes from, with the user's time zone and way of reading times.
pub trait Clock: Send + Sync + 'static {
    type Tz: TimeZone;
    fn now(&self) -> DateTime<Self::Tz>;
    fn style(&self) -> DateStyle {
        DateStyle::default()
    }
}

/// The computer's clock and time zone, read the way the user's locale reads times.
pub struct SystemClock(pub DateStyle);

impl Clock for SystemClock {
    type Tz = Local;
    fn now(&self) -> DateTime<Local> {
        Local::now()
    }
    fn style(&self) -> DateStyle {
        self.0
    }
}

/// The longest sleep: after a suspend or a clock change the thread is at most this late.
pub const MAX_SLEEP: StdDuration = StdDuration::from_secs(60);

/// The latest the catch-up pass waits for the window's first paint at start (a window that
/// never loads must not keep reminders back).
pub const FIRST_PASS_HOLD: StdDuration = StdDuration::from_secs(5);

/// What one pass of the scheduler did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    pub notified: usize,
    pub failed: usize,
    pub next_at: Option<DateTime<Utc>>,
    /// What Today shows, in short (with the due count for the window title and the tray):
    /// when it is the same as at the last pass, and nothing was written meanwhile, the
    /// window has nothing to redraw.
    pub counts: Counts,
    pub writes: u64,
}

impl TickReport {
    /// Whether the window should hear of this pass, after `last`.
    pub fn differs_from(&self, last: Option<&TickReport>) -> bool {
        last.is_none_or(|l| (l.counts, l.writes) != (self.counts, self.writes))
    }
}

fn lock(db: &Mutex<Db>) -> std::sync::MutexGuard<'_, Db> {
    db.lock().unwrap_or_else(|e| e.into_inner())
}

/// Notifies what has come due and was not notified yet, marks what the OS accepted, and
/// says when to look again. Only the few people whose reminders changed are computed, and
/// only the rows due are read: a pass costs the same at 50 people and at 50,000. The
/// database is not held while the OS shows a notification.
pub fn tick<Tz: TimeZone>(
    db: &Mutex<Db>,
    now: &DateTime<Tz>,
    style: DateStyle,
    notifier: &dyn Notifier,
) -> Result<TickReport> {
    let (due, rules) = {
        let mut db = lock(db);
        let rules = settings::reminders(db.conn())?;
        pending::refresh(db.conn_mut(), &rules, now)?;
        (pending::to_notify(db.conn(), &rules, now, style)?, rules)
    };
    let now_utc = now.with_timezone(&Utc);
    let mut report = TickReport::default();
    let mut shown = Vec::new();
    for notice in reminders::notices_among(&due, now_utc) {
        match notifier.notify(&notice) {
            Ok(()) => {
                report.notified += 1;
                shown.extend(notice.keys);
            }
            Err(err) => {
                // Still listed in the app; not marked, so it is tried again.
                eprintln!(
                    "rapport: the notification \"{}\" was refused: {err}",
                    notice.title
                );
                report.failed += 1;
            }
        }
    }
    let mut db = lock(db);
    if !shown.is_empty() {
        reminders::mark_notified(db.conn_mut(), &shown, now_utc)?;
    }
    report.counts = pending::counts(db.conn(), now)?;
    // A refused notification is tried again at the next pass, not at once.
    report.next_at = pending::next_wake(db.conn(), &rules, now)?.filter(|&at| at > now_utc);
    report.writes = db.conn().total_changes();
    Ok(report)
}

struct Signal {
    woken: Mutex<bool>,
    cv: Condvar,
    stop: AtomicBool,
    /// The next pass reports even if nothing changed (a window has just started).
    announce: AtomicBool,
}

impl Signal {
    /// Sleeps for `at_most`, or until woken or stopped.
    fn sleep(&self, at_most: StdDuration) {
        let woken = self.woken.lock().unwrap_or_else(|e| e.into_inner());
        let (mut woken, _) = self
            .cv
            .wait_timeout_while(woken, at_most, |w| !*w && !self.stop.load(Ordering::SeqCst))
            .unwrap_or_else(|e| e.into_inner());
        *woken = false;
    }
}

/// The running scheduler thread. Dropping it stops the thread.
pub struct Scheduler {
    signal: Arc<Signal>,
    thread: Option<JoinHandle<()>>,
}

impl Scheduler {
    /// Starts the thread; it catches up on whatever came due while the app was closed once
    /// woken or `hold` has passed, whichever comes first: at start the window wakes it after
    /// its first paint, so the first screen never waits for the catch-up or shares the disk
    /// and the CPU with it.
    pub fn start<C: Clock, N: Notifier>(
        db: Arc<Mutex<Db>>,
        clock: C,
        notifier: N,
        hold: StdDuration,
        on_tick: impl Fn(&TickReport) + Send + 'static,
    ) -> Scheduler {
        let signal = Arc::new(Signal {
            woken: Mutex::new(false),
            cv: Condvar::new(),
            stop: AtomicBool::new(false),
            announce: AtomicBool::new(false),
        });
        let s = Arc::clone(&signal);
        let thread = std::thread::Builder::new()
            .name("reminders".into())
            .spawn(move || {
                s.sleep(hold);
                let mut last: Option<TickReport> = None;
                while !s.stop.load(Ordering::SeqCst) {
                    let now = clock.now();
                    let sleep = match tick(&db, &now, clock.style(), &notifier) {
                        Ok(report) => {
                            let asked = s.announce.swap(false, Ordering::SeqCst);
                            if asked || report.differs_from(last.as_ref()) {
                                on_tick(&report);
                            }
                            let sleep = report
                                .next_at
                                .and_then(|at| (at - now.with_timezone(&Utc)).to_std().ok())
                                .map_or(MAX_SLEEP, |d| d.min(MAX_SLEEP));
                            last = Some(report);
                            sleep
                        }
                        Err(err) => {
                            eprintln!("rapport: reminders could not be checked: {err}");
                            MAX_SLEEP
                        }
                    };
                    s.sleep(sleep);
                }
            })
            .expect("the reminders thread could not start");
        Scheduler {
            signal,
            thread: Some(thread),
        }
    }

    /// Looks again now and reports, changed or not: a window wants the due count.
    pub fn announce(&self) {
        self.signal.announce.store(true, Ordering::SeqCst);
        self.wake();
    }

    /// Looks again now: the data or the settings changed.
    pub fn wake(&self) {
        *self.signal.woken.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.signal.cv.notify_all();
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        self.signal.stop.store(true, Ordering::SeqCst);
        self.wake();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How often the backup thread looks whether the day has turned.
const BACKUP_CHECK: StdDuration = StdDuration::from_secs(3600);

/// How long after start the day's automatic backup waits: copying a large log is a second
/// or two of disk and CPU that should not compete with the window's first moments.
pub const BACKUP_AFTER_START: StdDuration = StdDuration::from_secs(120);

/// Makes the day's automatic backup `after` start and again once the date has changed, on a
/// thread of its own: the copy goes through its own connection, so the window never waits.
pub fn daily_backups(db_file: std::path::PathBuf, backups: std::path::PathBuf, after: StdDuration) {
    let started = std::thread::Builder::new()
        .name("backups".into())
        .spawn(move || {
            std::thread::sleep(after);
            loop {
                if let Err(err) =
                    crate::store::backup::daily(&db_file, &backups, Local::now().date_naive())
                {
                    eprintln!("rapport: the daily backup could not be made: {err}");
                }
                std::thread::sleep(BACKUP_CHECK);
            }
        });
    if let Err(err) = started {
        eprintln!("rapport: daily backups could not start: {err}");
    }
}
