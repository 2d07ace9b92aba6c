//! The app on the desktop: OS notifications for the scheduler, the tray icon, and the due
//! count shown in the window title and the tray.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
use tauri_plugin_notification::NotificationExt;

use crate::scheduler::{Notifier, TickReport};

/// Sends reminders through tauri-plugin-notification.
pub struct OsNotifier<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Notifier for OsNotifier<R> {
    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        // The plugin dispatches in the background and reports no refusal: ask the
        // notification server first, so a missing one is a hard error here.
        #[cfg(all(unix, not(target_os = "macos")))]
        notify_rust::get_server_information().map_err(|e| e.to_string())?;
        self.0
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show()
            .map_err(|e| e.to_string())
    }
}

/// "Rapport" or "Rapport — 3 due".
pub fn title_for(due_now: usize) -> String {
    match due_now {
        0 => "Rapport".into(),
        n => format!("Rapport — {n} due"),
    }
}

/// After each scheduler pass: the count in the title and the tray, and a nudge for the
/// window to refresh.
pub fn show_due<R: Runtime>(app: &AppHandle<R>, report: &TickReport) {
    let title = title_for(report.due_now);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&title);
    }
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(&title));
    }
    if let Some(item) = app.try_state::<DueItem<R>>() {
        let _ = item.0.set_text(due_text(report.due_now));
    }
    let _ = app.emit("reminders-changed", report.due_now);
}

/// The tray menu item that shows the due count.
struct DueItem<R: Runtime>(MenuItem<R>);

pub const TRAY_ID: &str = "rapport";

/// A tray icon that keeps Rapport reachable while its window is hidden.
pub fn build_tray<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Rapport", true, None::<&str>)?;
    let due = MenuItem::with_id(app, "due", "Nothing is due", false, None::<&str>)?;
    let quit_item = MenuItem::with_id(app, "quit", "Quit Rapport", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&open, &due, &separator, &quit_item])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Rapport")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_main(app),
            "quit" => quit(app),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(DueItem(due));
    Ok(())
}

/// Brings the window back: from the tray, or when Rapport is launched a second time.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Quitting from the tray lets the window save what was typed first; it then calls
/// `app_quit`. Without a window there is nothing to save.
fn quit<R: Runtime>(app: &AppHandle<R>) {
    match app.get_webview_window("main") {
        Some(window) => {
            let _ = window.emit("quit-requested", ());
        }
        None => app.exit(0),
    }
}

fn due_text(due_now: usize) -> String {
    match due_now {
        0 => "Nothing is due".into(),
        1 => "1 reminder is due".into(),
        n => format!("{n} reminders are due"),
    }
}

/// The contact log cannot be opened: say so with the OS's own dialog, then quit. Nothing
/// is changed on disk.
pub fn cannot_start<R: Runtime>(
    app: &AppHandle<R>,
    dir: &std::path::Path,
    err: &crate::error::Error,
) {
    eprintln!(
        "rapport: cannot open the contact log in {}: {err}",
        dir.display()
    );
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
    app.dialog()
        .message(format!(
            "Rapport could not open its contact log in {}.\n\n{err}\n\nNothing was changed.",
            dir.display()
        ))
        .title("Rapport could not start")
        .kind(MessageDialogKind::Error)
        .show(|_| std::process::exit(1));
}
