//! Rapport: a local contact log and companion for informational interviews.
//!
//! Everything but `commands` and [`run`] is the core: it never touches Tauri, takes `now`
//! as an argument, and is tested on its own.

pub mod contacts;
pub mod error;
pub mod interactions;
pub mod interviews;
pub mod organizations;
pub mod reminders;
pub mod scheduler;
pub mod search;
pub mod settings;
pub mod store;
pub mod text;
mod text_enum;

mod commands;
mod desktop;

use std::path::PathBuf;

use tauri::{Manager, Runtime};

/// Where the contact log lives: `$RAPPORT_DATA_DIR` when set (tests, portable use),
/// otherwise the OS's per-user app-data folder.
fn data_dir<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os("RAPPORT_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(app.path().app_data_dir()?),
    }
}

/// Launched at login: start in the tray, without a window.
const START_HIDDEN: &str = "--hidden";

/// The whole app on any builder, so tests can pass a mock one.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        // First, so a second launch only brings the running window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            desktop::show_main(app)
        }))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .args([START_HIDDEN])
                .build(),
        )
        .setup(|app| {
            let dir = data_dir(app)?;
            let db = match store::Db::open(&dir) {
                Ok(db) => db,
                Err(err) => {
                    desktop::cannot_start(app.handle(), &dir, &err);
                    return Ok(());
                }
            };
            let state = commands::AppState::new(db);
            let handle = app.handle().clone();
            state.set_scheduler(scheduler::Scheduler::start(
                state.shared_db(),
                scheduler::SystemClock,
                desktop::OsNotifier(app.handle().clone()),
                move |report| desktop::show_due(&handle, report),
            ));
            app.manage(state);
            desktop::build_tray(app.handle())?;
            if std::env::args().any(|a| a == START_HIDDEN) {
                if let Some(window) = app.get_webview_window("main") {
                    window.hide()?;
                }
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::contacts::contacts_list,
            commands::contacts::contacts_get,
            commands::contacts::contacts_create,
            commands::contacts::contacts_update,
            commands::contacts::contacts_delete,
            commands::contacts::contacts_tags,
            commands::interactions::interactions_create,
            commands::interactions::interactions_delete,
            commands::organizations::organizations_list,
            commands::organizations::organizations_get,
            commands::organizations::organizations_update,
            commands::interviews::interviews_create,
            commands::interviews::interviews_get,
            commands::interviews::interviews_for_contact,
            commands::interviews::interviews_upcoming,
            commands::interviews::interviews_reschedule,
            commands::interviews::interviews_save_prep,
            commands::interviews::interviews_delete,
            commands::interviews::interviews_add_question,
            commands::interviews::interviews_edit_question,
            commands::interviews::interviews_delete_question,
            commands::interviews::interviews_move_question,
            commands::interviews::interviews_mark_question,
            commands::interviews::interviews_save_ready_answer,
            commands::interviews::interviews_start_call,
            commands::interviews::interviews_clock,
            commands::interviews::interviews_end_call,
            commands::interviews::interviews_unfinished,
            commands::interviews::questionbank_list,
            commands::interviews::questionbank_add,
            commands::interviews::questionbank_edit,
            commands::interviews::questionbank_delete,
            commands::reminders::reminders_list,
            commands::reminders::reminders_done,
            commands::reminders::reminders_snooze,
            commands::reminders::reminders_wake,
            commands::settings::settings_get,
            commands::settings::settings_save_reminders,
            commands::settings::settings_save_app,
            commands::settings::app_quit,
            commands::vocabulary::vocabulary_get,
        ])
}

pub fn run() {
    configure(tauri::Builder::default())
        .run(tauri::generate_context!())
        .expect("Rapport could not start");
}
