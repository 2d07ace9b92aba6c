//! The app on the desktop: OS notifications for the scheduler, the tray icon, and the due
//! count shown in the window title and the tray; one Rapport at a time.

#[cfg(all(unix, not(target_os = "macos")))]
pub mod one_instance;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

use crate::reminders::{Notice, Target};
use crate::scheduler::{Notifier, TickReport};

/// Sends reminders as the OS's notifications, under Rapport's name and icon.
pub struct OsNotifier<R: Runtime> {
    app: AppHandle<R>,
    /// What freedesktop servers show beside the text.
    #[cfg(all(unix, not(target_os = "macos")))]
    icon: String,
}

impl<R: Runtime> OsNotifier<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        OsNotifier {
            #[cfg(all(unix, not(target_os = "macos")))]
            icon: notification_icon(&app),
            app,
        }
    }
}

/// Linux and the BSDs: sent with notify-rust itself, since the plugin names the sender after
/// the executable. The server may render markup, so text is escaped; a click on the
/// notification (its `default` action) opens what it is about. The notification is sent from
/// a thread of its own that then waits for that click: the bus connection cannot move
/// between threads, and keeping it open is where servers send the click (dunst) and what
/// keeps the notification listed (GNOME).
#[cfg(all(unix, not(target_os = "macos")))]
impl<R: Runtime> Notifier for OsNotifier<R> {
    fn notify(&self, notice: &Notice) -> Result<(), String> {
        let mut notification = notify_rust::Notification::new();
        notification
            .appname(&app_name(&self.app))
            .icon(&self.icon)
            .summary(&escape_markup(&notice.title))
            .body(&escape_markup(&notice.body))
            .action("default", "Open");
        let app = self.app.clone();
        let opens = notice.opens;
        let (sent, outcome) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("notification".into())
            .spawn(move || match notification.show() {
                Ok(handle) => {
                    let _ = sent.send(Ok(()));
                    handle.wait_for_action(|action| {
                        if action == "default" {
                            open(&app, opens);
                        }
                    })
                }
                Err(err) => {
                    let _ = sent.send(Err(err.to_string()));
                }
            })
            .map_err(|e| e.to_string())?;
        outcome
            .recv()
            .unwrap_or_else(|_| Err("the notification was not sent".into()))
    }
}

/// Windows and macOS: through the plugin, which names the app after its identifier there.
#[cfg(not(all(unix, not(target_os = "macos"))))]
impl<R: Runtime> Notifier for OsNotifier<R> {
    fn notify(&self, notice: &Notice) -> Result<(), String> {
        use tauri_plugin_notification::NotificationExt;
        self.app
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.body)
            .show()
            .map_err(|e| e.to_string())
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn app_name<R: Runtime>(app: &AppHandle<R>) -> String {
    app.config()
        .product_name
        .clone()
        .unwrap_or_else(|| "Rapport".into())
}

/// Text as a freedesktop notification server shows it, not as markup it would interpret.
#[cfg(all(unix, not(target_os = "macos")))]
fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Brings the window forward on what a notification was about.
#[cfg(all(unix, not(target_os = "macos")))]
fn open<R: Runtime>(app: &AppHandle<R>, target: Target) {
    show_main(app);
    let route = match target {
        Target::Contact(id) => format!("#/contacts/{id}"),
        Target::Interview(id) => format!("#/interviews/{id}"),
        Target::Today => "#/today".into(),
    };
    let _ = app.emit("open", route);
}

/// Rapport's image for notifications: the installed icon when the app is installed (a name
/// the icon theme resolves), else its own picture copied where the server can read it.
#[cfg(all(unix, not(target_os = "macos")))]
fn notification_icon<R: Runtime>(app: &AppHandle<R>) -> String {
    const NAME: &str = "rapport";
    if installed_icon(NAME) {
        return NAME.into();
    }
    let copied = app.path().app_cache_dir().ok().and_then(|dir| {
        let path = dir.join(format!("{NAME}.png"));
        let bytes: &[u8] = include_bytes!("../../icons/128x128.png");
        let current = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if !current {
            std::fs::create_dir_all(&dir).ok()?;
            std::fs::write(&path, bytes).ok()?;
        }
        url::Url::from_file_path(&path).ok()
    });
    copied.map(String::from).unwrap_or_default()
}

/// Whether an icon theme folder on the XDG data path has `name` (as packages install it).
#[cfg(all(unix, not(target_os = "macos")))]
fn installed_icon(name: &str) -> bool {
    let home = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".local/share"))
        });
    let system = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    home.into_iter()
        .chain(std::env::split_paths(&system))
        .filter_map(|dir| std::fs::read_dir(dir.join("icons/hicolor")).ok())
        .flatten()
        .flatten()
        .any(|size| {
            size.path()
                .join("apps")
                .join(format!("{name}.png"))
                .is_file()
        })
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
    let title = title_for(report.counts.due_now);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&title);
    }
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(&title));
    }
    if let Some(item) = app.try_state::<DueItem<R>>() {
        let _ = item.0.set_text(due_text(report.counts.due_now));
    }
    let _ = app.emit("reminders-changed", report.counts.due_now);
}

/// The tray menu item that shows the due count.
struct DueItem<R: Runtime>(MenuItem<R>);

pub const TRAY_ID: &str = "rapport";

/// The tray, built once the first screen is drawn (and not again when the page reloads).
pub fn ensure_tray<R: Runtime>(app: &AppHandle<R>) {
    if app.tray_by_id(TRAY_ID).is_some() || app.try_state::<crate::commands::AppState>().is_none() {
        return;
    }
    if let Err(err) = build_tray(app) {
        eprintln!("rapport: the tray icon could not be made: {err}");
    }
}

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

/// Whether the window has been shown since Rapport started (or was meant to stay hidden).
static FIRST_SHOW_DONE: AtomicBool = AtomicBool::new(false);

/// How long the window may wait for its page to begin loading before it shows anyway.
const SHOW_AT_THE_LATEST: Duration = Duration::from_secs(3);

/// The window is made hidden (tauri.conf.json) and shown once its page begins to load.
/// Shown before, WebKit painting without compositing may hold its first paint for up to
/// half a second while the page's process is still starting (one start in three here).
/// Started in the tray at login, it stays hidden until the user asks for it.
pub fn show_once_loading<R: Runtime>(app: &AppHandle<R>, start_hidden: bool) {
    if start_hidden {
        FIRST_SHOW_DONE.store(true, Ordering::SeqCst);
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_AT_THE_LATEST);
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || first_show(&handle));
    });
}

/// The page began to load: the window shows, once.
pub fn first_show<R: Runtime>(app: &AppHandle<R>) {
    if !FIRST_SHOW_DONE.swap(true, Ordering::SeqCst) {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.show();
        }
    }
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

/// Tells the window the data changed, wherever the change was made, so nothing it shows
/// stays stale.
pub fn data_changed<R: Runtime>(app: &AppHandle<R>) {
    let _ = app.emit("data-changed", ());
}

#[cfg(all(test, unix, not(target_os = "macos")))]
mod tests {
    use super::*;

    #[test]
    fn markup_reaches_the_server_as_text() {
        assert_eq!(
            escape_markup("<img src=x> & <![CDATA[Dana]]>"),
            "&lt;img src=x&gt; &amp; &lt;![CDATA[Dana]]&gt;"
        );
        assert_eq!(escape_markup("&lt;"), "&amp;lt;");
    }
}
