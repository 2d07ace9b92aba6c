//! Rapport: a local contact log and companion for informational interviews.
//!
//! Everything but `commands` and [`run`] is the core: it never touches Tauri, takes `now`
//! as an argument, and is tested on its own.

pub mod contacts;
pub mod dates;
pub mod error;
pub mod exchange;
pub mod insights;
pub mod interactions;
pub mod interviews;
pub mod organizations;
pub mod outreach;
pub mod reminders;
pub mod scheduler;
pub mod search;
pub mod settings;
pub mod store;
pub mod sync;
pub mod text;
mod text_enum;
pub mod timeline;

pub mod commands;
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

/// When the day's automatic backup is made: `$RAPPORT_BACKUP_AFTER` seconds after start
/// when set (tests), otherwise a couple of minutes, once the window has settled.
fn backup_after_start() -> std::time::Duration {
    std::env::var("RAPPORT_BACKUP_AFTER")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(std::time::Duration::from_secs)
        .unwrap_or(scheduler::BACKUP_AFTER_START)
}

/// Launched at login: start in the tray, without a window.
const START_HIDDEN: &str = "--hidden";

/// The whole app on any builder, so tests can pass a mock one.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    // First, so a second launch only brings the running window forward (on Linux and the
    // BSDs, `run` sees to it before anything starts).
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
        desktop::show_main(app)
    }));
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .args([START_HIDDEN])
                .build(),
        )
        .setup(|app| {
            // Linux sends notifications itself (desktop.rs); elsewhere the plugin does.
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            app.handle().plugin(tauri_plugin_notification::init())?;
            let dir = data_dir(app)?;
            let db = match store::Db::open(&dir) {
                Ok(db) => db,
                Err(err) => {
                    desktop::cannot_start(app.handle(), &dir, &err);
                    return Ok(());
                }
            };
            if let Some(file) = db.path() {
                scheduler::daily_backups(
                    file.to_path_buf(),
                    dir.join(store::backup::FOLDER),
                    backup_after_start(),
                );
            }
            let date_style = dates::DateStyle::from_env();
            let state = commands::AppState::new(db, date_style);
            let window = app.handle().clone();
            state.on_change(move || desktop::data_changed(&window));
            let handle = app.handle().clone();
            state.set_scheduler(scheduler::Scheduler::start(
                state.shared_db(),
                scheduler::SystemClock(date_style),
                desktop::OsNotifier::new(app.handle().clone()),
                scheduler::FIRST_PASS_HOLD,
                move |report| desktop::show_due(&handle, report),
            ));
            let handle = app.handle().clone();
            state.on_user_change(move || {
                if let Some(syncer) = handle.try_state::<commands::sync::Syncer>() {
                    syncer.changed();
                }
            });
            app.manage(state);
            app.manage(commands::sync::Syncer::start(
                app.handle(),
                commands::sync::AFTER_START,
            ));
            app.manage(commands::exchange::PendingImport::default());
            let start_hidden = std::env::args().any(|a| a == START_HIDDEN);
            desktop::show_once_loading(app.handle(), start_hidden);
            if start_hidden {
                // Without a window, the tray is the way in: it comes at once.
                desktop::build_tray(app.handle())?;
            }
            Ok(())
        })
        .on_page_load(|webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Started {
                desktop::first_show(webview.app_handle());
            }
        })
        .invoke_handler(commands::handler())
}

/// WebKitGTK paints pages with Skia on the GPU and composites them in layers through OpenGL
/// unless told otherwise. Rapport's pages are text and boxes, which its CPU painter draws
/// as fast into one surface. The GPU path costs some 40 MB more in the page's process,
/// compiles shaders on the CPU where there is no GPU (llvmpipe), and on some drivers
/// leaves the window blank. Compositing costs another 60 MB, and where GL is software,
/// a first screen some 100 ms later and a scroll of the contact list at half the display's
/// pace (BENCHMARKS.md). A value the user set is kept.
#[cfg(target_os = "linux")]
fn paint_simply() {
    for setting in [
        "WEBKIT_SKIA_ENABLE_CPU_RENDERING",
        "WEBKIT_DISABLE_COMPOSITING_MODE",
    ] {
        if std::env::var_os(setting).is_none() {
            // Before any thread starts: the page's process inherits it.
            std::env::set_var(setting, "1");
        }
    }
}

pub fn run() {
    #[cfg(target_os = "linux")]
    paint_simply();
    let context = tauri::generate_context!();
    #[cfg(all(unix, not(target_os = "macos")))]
    let instance = match desktop::one_instance::claim(&context.config().identifier) {
        desktop::one_instance::Launch::First(instance) => instance,
        desktop::one_instance::Launch::Again => return,
    };
    let app = configure(tauri::Builder::default())
        .build(context)
        .expect("Rapport could not start");
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let handle = app.handle().clone();
        instance.on_next_launch(move || desktop::show_main(&handle));
    }
    app.run(|app, event| {
        // However Rapport ends (Quit, the last window closed), a change half written is
        // finished first: the user saw it under way.
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = app.try_state::<commands::AppState>() {
                state.finish_writing();
            }
        }
    });
}
