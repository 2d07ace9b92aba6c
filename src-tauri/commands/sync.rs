//! The sync account in Settings, and the background task that syncs: at start, a few
//! seconds after each change, every 15 minutes, sooner again after a failure that may pass
//! (offline, server down) with a growing wait. It never holds the window: requests are
//! made between short reads and writes of the log.

use std::sync::Mutex;
use std::time::Duration;

use chrono::Local;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::time::{sleep_until, Instant};

use super::{lock, AppState, CommandResult};
use crate::contacts::ContactRef;
use crate::sync::{self, secret, AccountInput, Found, Problem, Progress, Status};

/// After a change, the wait for more before syncing: one sync for a burst of edits.
const AFTER_CHANGE: Duration = Duration::from_secs(4);
/// The longest a sync waits for a run of edits to pause.
const AFTER_CHANGE_AT_MOST: Duration = Duration::from_secs(30);
/// After start, so the first screen has the disk and the network to itself.
pub const AFTER_START: Duration = Duration::from_secs(3);
const EVERY: Duration = Duration::from_secs(15 * 60);
const FIRST_RETRY: Duration = Duration::from_secs(30);

enum Nudge {
    /// The log changed: sync soon.
    Changed,
    /// The user asked, or the account changed: sync now.
    Now,
}

/// The background sync, as commands and the window see it.
pub struct Syncer {
    nudge: UnboundedSender<Nudge>,
    live: Mutex<Live>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Live {
    running: bool,
    progress: Option<Progress>,
}

/// How sync stands, for Settings and the status area.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    #[serde(flatten)]
    saved: Status,
    #[serde(flatten)]
    live: Live,
}

impl Syncer {
    /// Starts the background task, first syncing `first` from now; it syncs only while an
    /// account is set up.
    pub fn start<R: Runtime>(app: &AppHandle<R>, first: Duration) -> Syncer {
        let (nudge, nudges) = unbounded_channel();
        let app = app.clone();
        tauri::async_runtime::spawn(run(app, nudges, first));
        Syncer {
            nudge,
            live: Mutex::new(Live::default()),
        }
    }

    pub fn changed(&self) {
        let _ = self.nudge.send(Nudge::Changed);
    }

    fn now(&self) {
        let _ = self.nudge.send(Nudge::Now);
    }
}

async fn run<R: Runtime>(app: AppHandle<R>, mut nudges: UnboundedReceiver<Nudge>, first: Duration) {
    let mut schedule = Schedule::new(Instant::now(), first);
    loop {
        let nudge = match schedule.due() {
            Some(at) => tokio::select! {
                _ = sleep_until(at) => None,
                n = nudges.recv() => match n { Some(n) => Some(n), None => return },
            },
            None => match nudges.recv().await {
                Some(n) => Some(n),
                None => return,
            },
        };
        if let Some(Nudge::Changed) = nudge {
            schedule.changed(Instant::now());
            continue;
        }
        let outcome = once(&app).await;
        schedule.synced(outcome, Instant::now());
    }
}

/// When the next sync is due: the quarter-hour pace (or a growing wait after a failure
/// that may pass), and sooner once a burst of edits has been quiet for a few seconds.
struct Schedule {
    timer: Option<Instant>,
    retry: Duration,
    /// The first change not yet synced, and when its burst will have been quiet long enough.
    burst: Option<(Instant, Instant)>,
}

impl Schedule {
    fn new(now: Instant, first: Duration) -> Schedule {
        Schedule {
            timer: Some(now + first),
            retry: FIRST_RETRY,
            burst: None,
        }
    }

    fn due(&self) -> Option<Instant> {
        let after_edits = self.burst.map(|(_, quiet)| quiet);
        self.timer.into_iter().chain(after_edits).min()
    }

    /// Each change puts the sync off until the edits pause, but no longer than
    /// [`AFTER_CHANGE_AT_MOST`] after the first: a user typing on does not hold it back.
    fn changed(&mut self, now: Instant) {
        let first = self.burst.map_or(now, |(first, _)| first);
        self.burst = Some((
            first,
            (now + AFTER_CHANGE).min(first + AFTER_CHANGE_AT_MOST),
        ));
    }

    fn synced(&mut self, outcome: Outcome, now: Instant) {
        self.burst = None;
        self.timer = match outcome {
            Outcome::NoAccount => None,
            Outcome::Done => {
                self.retry = FIRST_RETRY;
                Some(now + EVERY)
            }
            Outcome::Passing => {
                let wait = self.retry;
                self.retry = (self.retry * 2).min(EVERY);
                Some(now + wait)
            }
            // A wrong password does not mend itself: tried again at the usual pace, or at once
            // when the user changes the account.
            Outcome::NeedsUser => Some(now + EVERY),
        };
    }
}

enum Outcome {
    NoAccount,
    Done,
    Passing,
    NeedsUser,
}

async fn once<R: Runtime>(app: &AppHandle<R>) -> Outcome {
    let state = app.state::<AppState>();
    let Ok(Some(account)) = state.read(sync::account::get) else {
        return Outcome::NoAccount;
    };
    let syncer = app.state::<Syncer>();
    set_live(app, &syncer, |l| {
        l.running = true;
        l.progress = None;
    });
    // The secret store answers over D-Bus: off the async threads.
    let (server, user) = (account.server.clone(), account.user_name.clone());
    let password = tauri::async_runtime::spawn_blocking(move || secret::read(&server, &user))
        .await
        .unwrap_or(Err(Problem::NoPassword));
    let outcome = match password {
        Ok(password) => {
            let progress = |p: Progress| set_live(app, &syncer, |l| l.progress = Some(p));
            sync::run(
                &*state,
                &password,
                Local::now(),
                state.date_style(),
                &progress,
            )
            .await
        }
        Err(problem) => {
            let problem = problem.into();
            let _ = state
                .write_quietly(|c| sync::account::record_failure(c, chrono::Utc::now(), &problem));
            Err(problem)
        }
    };
    set_live(app, &syncer, |l| {
        l.running = false;
        l.progress = None;
    });
    match outcome {
        Ok(_) => Outcome::Done,
        Err(crate::error::Error::Sync(p)) if p.is_passing() => Outcome::Passing,
        Err(crate::error::Error::Sync(Problem::NoAccount)) => Outcome::NoAccount,
        Err(_) => Outcome::NeedsUser,
    }
}

fn set_live<R: Runtime>(app: &AppHandle<R>, syncer: &Syncer, change: impl FnOnce(&mut Live)) {
    let live = {
        let mut live = lock(&syncer.live);
        change(&mut live);
        live.clone()
    };
    let _ = app.emit("sync-changed", live);
}

impl sync::Log for AppState {
    fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        self.read_core(f)
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        self.write_quietly(f)
    }

    /// Sync's own records touch no reminder and no view: no one is told, nothing recomputed.
    fn record<T>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        f(lock(&self.db).conn_mut())
    }
}

#[tauri::command]
pub fn sync_status(
    state: State<'_, AppState>,
    syncer: State<'_, Syncer>,
) -> CommandResult<SyncStatus> {
    Ok(SyncStatus {
        saved: state.read(sync::account::status)?,
        live: lock(&syncer.live).clone(),
    })
}

/// *Test connection*: what the server says of the account, without saving it.
#[tauri::command]
pub fn sync_check(input: AccountInput, password: String) -> CommandResult<Found> {
    let password = if password.is_empty() {
        secret::read(input.server.trim(), input.user_name.trim())?
    } else {
        password
    };
    Ok(tauri::async_runtime::block_on(sync::account::check(
        &input, &password,
    ))?)
}

/// Sets up the account (an empty password keeps the one kept for it) and syncs at once.
#[tauri::command]
pub fn sync_save(
    state: State<'_, AppState>,
    syncer: State<'_, Syncer>,
    input: AccountInput,
    password: String,
) -> CommandResult<Status> {
    if password.is_empty() {
        secret::read(input.server.trim(), input.user_name.trim())?;
    }
    let previous = state.read(sync::account::get)?;
    let account = state.write(|c| sync::account::save(c, &input))?;
    if !password.is_empty() {
        secret::save(&account.server, &account.user_name, &password)?;
    }
    if let Some(old) =
        previous.filter(|o| o.server != account.server || o.user_name != account.user_name)
    {
        let _ = secret::forget(&old.server, &old.user_name);
    }
    syncer.now();
    state.read(sync::account::status)
}

/// Stops syncing: the account and its password go; every person stays in the log, and
/// nothing on the server is touched.
#[tauri::command]
pub fn sync_remove(state: State<'_, AppState>) -> CommandResult<()> {
    if let Some(account) = state.read(sync::account::get)? {
        // A secret store out of reach keeps the password; the account goes all the same.
        if let Err(err) = secret::forget(&account.server, &account.user_name) {
            eprintln!("rapport: the sync password could not be removed: {err}");
        }
    }
    state.write(sync::account::remove)
}

#[tauri::command]
pub fn sync_now(syncer: State<'_, Syncer>) {
    syncer.now();
}

/// People whose card was deleted on the server, waiting for the user's word.
#[tauri::command]
pub fn sync_gone_list(state: State<'_, AppState>) -> CommandResult<Vec<ContactRef>> {
    state.read(sync::gone_from_server)
}

/// Deletes the person here too, or keeps them (their card is written again).
#[tauri::command]
pub fn sync_gone_settle(state: State<'_, AppState>, id: i64, delete: bool) -> CommandResult<()> {
    state.write(|c| sync::settle_gone(c, id, delete))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_burst_of_edits_syncs_once_when_it_pauses_and_typing_on_does_not_hold_it_back() {
        let start = Instant::now();
        let mut schedule = Schedule::new(start, secs(3));
        schedule.synced(Outcome::Done, start + secs(5));
        assert_eq!(schedule.due(), Some(start + secs(5) + EVERY));

        // Edits two seconds apart: each puts the sync off until they pause.
        for n in 0..5 {
            schedule.changed(start + secs(100 + 2 * n));
        }
        assert_eq!(schedule.due(), Some(start + secs(108) + AFTER_CHANGE));

        // On and on: no later than half a minute after the first.
        for n in 5..40 {
            schedule.changed(start + secs(100 + 2 * n));
        }
        assert_eq!(
            schedule.due(),
            Some(start + secs(100) + AFTER_CHANGE_AT_MOST)
        );

        // Synced: the next burst starts afresh, the quarter-hour pace from then.
        schedule.synced(Outcome::Done, start + secs(130));
        assert_eq!(schedule.due(), Some(start + secs(130) + EVERY));
        schedule.changed(start + secs(200));
        assert_eq!(schedule.due(), Some(start + secs(200) + AFTER_CHANGE));
    }

    #[test]
    fn offline_waits_longer_each_time_and_a_success_starts_over() {
        let start = Instant::now();
        let mut schedule = Schedule::new(start, secs(3));
        let mut now = start;
        let mut waits = Vec::new();
        for _ in 0..8 {
            schedule.synced(Outcome::Passing, now);
            let due = schedule.due().unwrap();
            waits.push((due - now).as_secs());
            now = due;
        }
        assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900]);
        schedule.synced(Outcome::Done, now);
        schedule.synced(Outcome::Passing, now);
        assert_eq!(schedule.due(), Some(now + FIRST_RETRY));
        // No account: nothing is due until one is set up.
        schedule.synced(Outcome::NoAccount, now);
        assert_eq!(schedule.due(), None);
    }
}
