//! The bridge: thin Tauri commands that parse arguments, call the core and map its errors.

pub mod advice;
pub mod backup;
pub mod contacts;
pub mod duplicates;
pub mod exchange;
pub mod insights;
pub mod interactions;
pub mod interviews;
pub mod messages;
pub mod organizations;
pub mod outreach;
pub mod reminders;
pub mod settings;
pub mod start;
pub mod sync;
pub mod vocabulary;

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use rusqlite::Connection;
use serde::Serialize;
use tauri::ipc::Invoke;
use tauri::Runtime;

use crate::dates::DateStyle;
use crate::error::{Error, FieldError};
use crate::scheduler::Scheduler;
use crate::store::Db;

/// Idle connections kept for long reads; more are opened while these are busy, and closed after.
const ASIDE_KEPT: usize = 2;

/// What every command can reach: the contact log, read through [`AppState::read`] and
/// changed only through [`AppState::write`], which tells everyone who shows the data.
pub struct AppState {
    db: Arc<Mutex<Db>>,
    /// Connections for long reads, idle between them: opened when needed, so two long
    /// reads at once (Insights during a duplicate scan) do not wait for each other.
    aside: Mutex<Vec<Connection>>,
    date_style: DateStyle,
    scheduler: OnceLock<Scheduler>,
    listeners: Mutex<Vec<Box<dyn Fn() + Send + Sync>>>,
    /// Who hears of the user's own changes only (sync sends them; its own it has sent).
    user_listeners: Mutex<Vec<Box<dyn Fn() + Send + Sync>>>,
}

impl AppState {
    pub fn new(db: Db, date_style: DateStyle) -> Self {
        Self {
            db: Arc::new(Mutex::new(db)),
            aside: Mutex::new(Vec::new()),
            date_style,
            scheduler: OnceLock::new(),
            listeners: Mutex::new(Vec::new()),
            user_listeners: Mutex::new(Vec::new()),
        }
    }

    /// How the user reads times, for every sentence the core writes.
    pub fn date_style(&self) -> DateStyle {
        self.date_style
    }

    /// The contact log's file (none for a database in memory).
    pub fn db_file(&self) -> Option<std::path::PathBuf> {
        lock(&self.db).path().map(std::path::Path::to_path_buf)
    }

    /// Where the automatic backups and the safety copies go.
    pub fn backups_dir(&self) -> Option<std::path::PathBuf> {
        self.db_file()
            .and_then(|f| f.parent().map(|d| d.join(crate::store::backup::FOLDER)))
    }

    /// Returns once no change is being written (an import of thousands, a restore), so the
    /// process can end without SQLite rolling it back.
    pub fn finish_writing(&self) {
        drop(lock(&self.db));
    }

    /// The database as the scheduler thread shares it.
    pub fn shared_db(&self) -> Arc<Mutex<Db>> {
        Arc::clone(&self.db)
    }

    pub fn set_scheduler(&self, scheduler: Scheduler) {
        let _ = self.scheduler.set(scheduler);
    }

    /// Calls `listener` after every change to the data (the window refreshes what it shows).
    pub fn on_change(&self, listener: impl Fn() + Send + Sync + 'static) {
        lock(&self.listeners).push(Box::new(listener));
    }

    /// Calls `listener` after every change the user made (not the ones sync brought in).
    pub fn on_user_change(&self, listener: impl Fn() + Send + Sync + 'static) {
        lock(&self.user_listeners).push(Box::new(listener));
    }

    /// Reads. The connection refuses to write meanwhile, so a change that forgot to go
    /// through [`Self::write`] fails at once instead of leaving the window stale.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> crate::error::Result<T>,
    ) -> CommandResult<T> {
        Ok(self.read_core(f)?)
    }

    /// Reads that take long at 50,000 people (the duplicate scan, exports, insights), on a
    /// connection of their own: the window's other calls do not wait behind them. On the
    /// log's own connection when there is no file (a log in memory).
    pub fn read_aside<T>(
        &self,
        f: impl FnOnce(&Connection) -> crate::error::Result<T>,
    ) -> CommandResult<T> {
        let idle = lock(&self.aside).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => match lock(&self.db).open_reader()? {
                Some(conn) => conn,
                None => return self.read(f),
            },
        };
        // One snapshot throughout, as under the log's lock: a write between two of its
        // queries (an export's people, then their interactions) is not half seen.
        let out = conn
            .unchecked_transaction()
            .map_err(crate::error::Error::from)
            .and_then(|snapshot| f(&snapshot));
        let mut idle = lock(&self.aside);
        if idle.len() < ASIDE_KEPT {
            idle.push(conn);
        }
        Ok(out?)
    }

    /// [`Self::read`] for the core, in its own errors.
    pub fn read_core<T>(
        &self,
        f: impl FnOnce(&Connection) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        let db = lock(&self.db);
        let _read_only = crate::store::ReadOnly::new(db.conn())?;
        f(db.conn())
    }

    /// Reads what depends on the clock as well as the data (what is due): the people whose
    /// reminders changed, by a write or by time alone, are computed first.
    pub fn read_current<T>(
        &self,
        f: impl FnOnce(&Connection) -> crate::error::Result<T>,
    ) -> CommandResult<T> {
        let mut db = lock(&self.db);
        keep_reminders_current(db.conn_mut());
        let _read_only = crate::store::ReadOnly::new(db.conn())?;
        Ok(f(db.conn())?)
    }

    /// The one way to change the data: once `f` succeeds the reminders of whom it touched
    /// are computed, the scheduler looks again (what is due may have moved) and every
    /// listener hears of it.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> crate::error::Result<T>,
    ) -> CommandResult<T> {
        let out = self.write_quietly(f)?;
        for listener in lock(&self.user_listeners).iter() {
            listener();
        }
        Ok(out)
    }

    /// Writes what no reminder depends on and no other screen shows (notes typed and not
    /// logged yet, kept as they are typed): no one hears of it.
    pub fn keep<T>(
        &self,
        f: impl FnOnce(&Connection) -> crate::error::Result<T>,
    ) -> CommandResult<T> {
        Ok(f(lock(&self.db).conn())?)
    }

    /// [`Self::write`] for a change that came from the sync server: the window hears of
    /// it, sync does not send it back.
    pub fn write_quietly<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> crate::error::Result<T>,
    ) -> crate::error::Result<T> {
        let out = {
            let mut db = lock(&self.db);
            let out = f(db.conn_mut())?;
            keep_reminders_current(db.conn_mut());
            out
        };
        self.changed();
        Ok(out)
    }

    fn changed(&self) {
        if let Some(scheduler) = self.scheduler.get() {
            scheduler.wake();
        }
        for listener in lock(&self.listeners).iter() {
            listener();
        }
    }

    /// Asks the scheduler to look again without a change: the window wants the due count.
    pub fn wake_scheduler(&self) {
        if let Some(scheduler) = self.scheduler.get() {
            scheduler.announce();
        }
    }
}

/// Computes the reminders of the people marked since the last look. A failure leaves
/// them marked, to be tried at the next look; the change itself is already saved.
fn keep_reminders_current(conn: &mut Connection) {
    if let Err(err) = crate::reminders::pending::bring_up_to_date(conn, &chrono::Local::now()) {
        eprintln!("rapport: reminders could not be brought up to date: {err}");
    }
}

/// Every command the window may call (each is also listed in build.rs for permissions),
/// run off the window's thread on Tauri's pool for blocking work: they all wait on the disk.
/// One way through for all of them, where `async fn` commands each cost Tauri's and tokio's
/// task machinery anew (1.5 MB of the binary for some fifty).
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    off_the_window_thread(commands::<R>())
}

/// `commands`, each call run on the blocking pool; a panic answers the window with an error.
fn off_the_window_thread<R: Runtime>(
    commands: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    let commands = Arc::new(commands);
    move |invoke| {
        let commands = Arc::clone(&commands);
        tauri::async_runtime::spawn_blocking(move || {
            let resolver = invoke.resolver.clone();
            let name = invoke.message.command().to_string();
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| commands(invoke))) {
                Ok(true) => {}
                Ok(false) => resolver.reject(format!("Command {name} not found")),
                // The window hears of it rather than waiting for an answer that never comes.
                Err(_) => resolver.reject(BridgeError::internal(&name)),
            }
        });
        true
    }
}

fn commands<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        backup::backup_now,
        sync::sync_status,
        sync::sync_check,
        sync::sync_save,
        sync::sync_remove,
        sync::sync_now,
        sync::sync_gone_list,
        sync::sync_gone_settle,
        backup::backup_list,
        backup::backup_restore,
        contacts::contacts_list,
        contacts::contacts_get,
        contacts::contacts_create,
        contacts::contacts_update,
        contacts::contacts_delete,
        contacts::contacts_tags,
        contacts::contacts_open_link,
        duplicates::duplicates_list,
        duplicates::duplicates_compare,
        duplicates::duplicates_merge,
        duplicates::duplicates_dismiss,
        duplicates::duplicates_undismiss,
        exchange::exchange_preview,
        exchange::exchange_import,
        exchange::exchange_discard,
        exchange::exchange_export,
        interactions::interactions_create,
        interactions::interactions_delete,
        interactions::interactions_keep_draft,
        organizations::organizations_names,
        organizations::organizations_get,
        organizations::organizations_update,
        outreach::my_search_get,
        outreach::my_search_save,
        outreach::targets_list,
        outreach::targets_add,
        outreach::targets_mark,
        outreach::targets_unmark,
        outreach::targets_set,
        outreach::targets_move,
        outreach::targets_sort_by_lamp,
        messages::templates_list,
        messages::templates_save,
        messages::templates_reset,
        messages::message_compose,
        messages::message_mail,
        advice::advice_mark,
        advice::advice_add,
        advice::advice_delete,
        advice::advice_act,
        advice::advice_refer,
        insights::insights_get,
        interviews::interviews_create,
        interviews::interviews_get,
        interviews::interviews_soon,
        interviews::interviews_reschedule,
        interviews::interviews_save_prep,
        interviews::interviews_delete,
        interviews::interviews_add_question,
        interviews::interviews_edit_question,
        interviews::interviews_delete_question,
        interviews::interviews_move_question,
        interviews::interviews_mark_question,
        interviews::interviews_save_ready_answer,
        interviews::interviews_start_call,
        interviews::interviews_clock,
        interviews::interviews_end_call,
        interviews::interviews_unfinished,
        interviews::questionbank_list,
        interviews::questionbank_add,
        interviews::questionbank_edit,
        interviews::questionbank_delete,
        reminders::reminders_today,
        reminders::reminders_more,
        reminders::reminders_undo_done,
        reminders::reminders_done,
        reminders::reminders_snooze,
        reminders::reminders_wake,
        settings::settings_get,
        settings::settings_save_reminders,
        settings::settings_save_app,
        settings::app_quit,
        vocabulary::vocabulary_get,
        start::app_bootstrap,
        start::app_drawn,
    ]
}

/// A lock even if a previous command panicked while holding it: SQLite's own transactions
/// keep the file consistent, so the lock's poison carries no meaning.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An error as the UI receives it: `kind` to branch on, `message` to show, and for
/// `invalid`, the fields to mark.
#[derive(Debug, Serialize)]
pub struct BridgeError {
    kind: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldError>,
}

impl From<crate::sync::Problem> for BridgeError {
    fn from(p: crate::sync::Problem) -> Self {
        Error::from(p).into()
    }
}

impl From<Error> for BridgeError {
    fn from(err: Error) -> Self {
        let message = err.to_string();
        let (kind, fields) = match err {
            Error::Invalid(fields) => ("invalid", fields),
            Error::NotFound(_) => ("not_found", Vec::new()),
            Error::BadFile(_) => ("bad_file", Vec::new()),
            Error::Sync(_) => ("sync", Vec::new()),
            Error::Database(_) | Error::Migration(_) | Error::Io(_) => ("storage", Vec::new()),
        };
        BridgeError {
            kind,
            message,
            fields,
        }
    }
}

impl BridgeError {
    /// A command failed in a way Rapport did not foresee (a bug); its transaction rolled back.
    fn internal(command: &str) -> Self {
        BridgeError {
            kind: "internal",
            message: format!(
                "Rapport could not finish this ({command}) and left the log as it was. Please try again."
            ),
            fields: Vec::new(),
        }
    }

    /// The operating system refused something (autostart, a notification, a file).
    pub fn os(message: String) -> Self {
        BridgeError {
            kind: "os",
            message,
            fields: Vec::new(),
        }
    }
}

pub type CommandResult<T> = Result<T, BridgeError>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::time::Duration;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;

    #[tauri::command]
    fn thread_name() -> Option<String> {
        std::thread::current().name().map(str::to_string)
    }

    #[tauri::command]
    fn broken() -> CommandResult<()> {
        panic!("a bug in a command")
    }

    fn call(cmd: &str) -> Result<Value, Value> {
        let app = mock_builder()
            .invoke_handler(off_the_window_thread(tauri::generate_handler![
                thread_name,
                broken
            ]))
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(json!({})),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&window, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    #[test]
    fn commands_run_off_the_calling_thread() {
        let caller = std::thread::current().name().map(str::to_string);
        let ran_on = call("thread_name").unwrap();
        assert_ne!(
            ran_on,
            json!(caller),
            "the command ran on the window's thread"
        );
    }

    #[test]
    fn a_command_that_panics_answers_with_an_error() {
        let err = call("broken").unwrap_err();
        assert_eq!(err["kind"], "internal");
        assert!(err["message"].as_str().unwrap().contains("(broken)"));
    }

    #[test]
    fn an_unknown_command_is_refused() {
        let err = call("nothing_by_that_name").unwrap_err();
        assert_eq!(err, json!("Command nothing_by_that_name not found"));
    }

    #[test]
    fn errors_reach_the_window_as_kind_and_message() {
        let invalid = Error::Invalid(vec![
            FieldError::new("fullName", "A name is required."),
            FieldError::new("emails", "“x” is not an email address."),
        ]);
        assert_eq!(
            serde_json::to_value(BridgeError::from(invalid)).unwrap(),
            json!({
                "kind": "invalid",
                "message": "2 fields need attention.",
                "fields": [
                    {"field": "fullName", "message": "A name is required."},
                    {"field": "emails", "message": "“x” is not an email address."}
                ]
            })
        );
        assert_eq!(
            serde_json::to_value(BridgeError::from(Error::NotFound("contact"))).unwrap(),
            json!({"kind": "not_found", "message": "That contact no longer exists."})
        );
        let storage = BridgeError::from(Error::Database(rusqlite::Error::InvalidQuery));
        assert_eq!(serde_json::to_value(storage).unwrap()["kind"], "storage");
    }

    fn people(c: &Connection) -> i64 {
        c.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
            .unwrap()
    }

    fn add(c: &mut Connection, name: &str) -> crate::error::Result<()> {
        crate::contacts::create(
            c,
            crate::contacts::ContactInput {
                full_name: name.into(),
                ..Default::default()
            },
            chrono::Utc::now(),
        )?;
        Ok(())
    }

    /// A log on disk (long reads go aside only from a file) with one person in it.
    fn log_of_one() -> (tempfile::TempDir, Arc<AppState>) {
        let dir = tempfile::tempdir().unwrap();
        let state = Arc::new(AppState::new(
            Db::open(dir.path()).unwrap(),
            DateStyle::default(),
        ));
        state.write(|c| add(c, "Ana Lima")).unwrap();
        (dir, state)
    }

    #[test]
    fn a_long_read_aside_leaves_the_log_free_and_sees_one_snapshot() {
        let (_dir, state) = log_of_one();
        let (started, go_on) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
        let (tell, wait) = (started.0, go_on.1);
        let long = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                state.read_aside(|c| {
                    let before = people(c);
                    tell.send(()).unwrap();
                    // Held open while the window goes on reading and writing.
                    wait.recv_timeout(Duration::from_secs(10)).unwrap();
                    Ok((before, people(c)))
                })
            })
        };
        started.1.recv().unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let other = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                let read = state.read(|c| Ok(people(c))).unwrap();
                state.write(|c| add(c, "Wei Chen")).unwrap();
                done.send(read).unwrap();
            })
        };
        let read = finished
            .recv_timeout(Duration::from_secs(5))
            .expect("the log's connection waited for the long read");
        assert_eq!(read, 1);
        go_on.0.send(()).unwrap();
        assert_eq!(long.join().unwrap().unwrap(), (1, 1), "one snapshot");
        other.join().unwrap();
        assert_eq!(state.read(|c| Ok(people(c))).unwrap(), 2);
        // The next long read sees the write, and cannot write itself.
        assert_eq!(state.read_aside(|c| Ok(people(c))).unwrap(), 2);
        assert!(state
            .read_aside(|c| Ok(c.execute("DELETE FROM contacts", [])?))
            .is_err());
        assert_eq!(state.read(|c| Ok(people(c))).unwrap(), 2);
    }

    #[test]
    fn long_reads_aside_do_not_wait_for_each_other() {
        let (_dir, state) = log_of_one();
        let (tell, started) = std::sync::mpsc::channel();
        let (go_on, wait) = std::sync::mpsc::channel::<()>();
        let scan = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                state.read_aside(|c| {
                    tell.send(()).unwrap();
                    wait.recv_timeout(Duration::from_secs(10)).unwrap();
                    Ok(people(c))
                })
            })
        };
        started.recv().unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let insights = {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                done.send(state.read_aside(|c| Ok(people(c))).unwrap())
                    .unwrap()
            })
        };
        let read = finished
            .recv_timeout(Duration::from_secs(5))
            .expect("a long read waited for another");
        assert_eq!(read, 1);
        go_on.send(()).unwrap();
        assert_eq!(scan.join().unwrap().unwrap(), 1);
        insights.join().unwrap();
        // Both connections are kept for the next long reads, and no more than that.
        assert_eq!(lock(&state.aside).len(), ASIDE_KEPT);
        for _ in 0..3 {
            state.read_aside(|c| Ok(people(c))).unwrap();
        }
        assert_eq!(lock(&state.aside).len(), ASIDE_KEPT);
    }
}
