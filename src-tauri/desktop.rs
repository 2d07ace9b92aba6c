//! The app on the desktop: OS notifications for the scheduler, and the due count shown in
//! the window title.

use tauri::{AppHandle, Emitter, Manager, Runtime};
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

/// After each scheduler pass: the count in the title, and a nudge for the window to refresh.
pub fn show_due<R: Runtime>(app: &AppHandle<R>, report: &TickReport) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&title_for(report.due_now));
    }
    let _ = app.emit("reminders-changed", report.due_now);
}
