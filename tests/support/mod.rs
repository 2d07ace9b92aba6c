//! Drives the real Rapport window under Xvfb through tauri-driver and WebKitWebDriver,
//! speaking plain W3C WebDriver over HTTP.

#![allow(dead_code)] // each end-to-end test file uses its own part of the harness

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

/// One app window at a time: two WebKit processes on two cores starve each other.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const WAIT: Duration = Duration::from_secs(20);

fn tool(name: &str, candidates: &[PathBuf]) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    candidates
        .iter()
        .cloned()
        .chain(on_path)
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "end-to-end tests need `{name}`, which is not installed. \
                 Run `make test`: it installs every tool the tests use."
            )
        })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < WAIT, "{what} did not open port {port}");
        sleep(Duration::from_millis(50));
    }
}

/// `title` as a pattern that matches only itself: xdotool searches with regular expressions.
fn literal(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Ends a child gracefully (SIGTERM) so it can stop its own children, then reaps it.
fn terminate(child: &mut Child) {
    if matches!(child.try_wait(), Ok(None)) {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let start = Instant::now();
        while matches!(child.try_wait(), Ok(None)) && start.elapsed() < Duration::from_secs(5) {
            sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
    }
    let _ = child.wait();
}

/// An X display: the one the tests were given, or a private Xvfb.
struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    fn new(size: &str) -> Display {
        if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
            return Display { name, xvfb: None };
        }
        let xvfb = tool("Xvfb", &[PathBuf::from("/usr/bin/Xvfb")]);
        let mut child = Command::new(xvfb)
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0", size])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb did not start");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("Xvfb did not report its display");
        Display {
            name: format!(":{}", line.trim()),
            xvfb: Some(child),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(child) = &mut self.xvfb {
            terminate(child);
        }
    }
}

/// A private D-Bus session bus, with a watch on every desktop notification sent over it
/// and, when asked, a real notification server (dunst).
pub struct Bus {
    pub address: String,
    daemon: Child,
    server: Option<Child>,
    monitor: Child,
    captured: Arc<Mutex<String>>,
}

impl Bus {
    fn start(display: &str, with_server: bool) -> Bus {
        let dbus = tool("dbus-daemon", &[PathBuf::from("/usr/bin/dbus-daemon")]);
        let mut daemon = Command::new(dbus)
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon did not start");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .expect("dbus-daemon did not report its address");
        let address = address.trim().to_string();

        let monitor_tool = tool("dbus-monitor", &[PathBuf::from("/usr/bin/dbus-monitor")]);
        let mut monitor = Command::new(monitor_tool)
            .args([
                "--address",
                &address,
                "interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor did not start");
        let captured = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&captured);
        let out = monitor.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap_or_else(|e| e.into_inner());
                all.push_str(&line);
                all.push('\n');
            }
        });

        let server = with_server.then(|| {
            let dunst = tool("dunst", &[PathBuf::from("/usr/bin/dunst")]);
            Command::new(dunst)
                .env("DBUS_SESSION_BUS_ADDRESS", &address)
                .env("DISPLAY", display)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("dunst did not start")
        });
        let bus = Bus {
            address,
            daemon,
            server,
            monitor,
            captured,
        };
        if bus.server.is_some() {
            bus.wait_for_server();
        }
        bus
    }

    /// Waits until the notification server owns its name on the bus.
    fn wait_for_server(&self) {
        let send = tool("dbus-send", &[PathBuf::from("/usr/bin/dbus-send")]);
        let start = Instant::now();
        loop {
            let out = Command::new(&send)
                .args([
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .expect("dbus-send did not run");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "the notification server did not start"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// The tray icons Rapport shows: the StatusNotifier items it exports on the bus (under
    /// its one-instance name), whether or not a panel is there to draw them.
    pub fn tray_icons(&self) -> Vec<String> {
        let send = tool("dbus-send", &[PathBuf::from("/usr/bin/dbus-send")]);
        let out = Command::new(send)
            .args([
                "--print-reply",
                "--dest=app.rapport.desktop",
                "/org/ayatana/NotificationItem",
                "org.freedesktop.DBus.Introspectable.Introspect",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("dbus-send did not run");
        String::from_utf8_lossy(&out.stdout)
            .split("<node name=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_string))
            .collect()
    }

    /// Every Notify call seen on the bus so far, as dbus-monitor printed it.
    pub fn notifications(&self) -> String {
        self.captured
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many notifications were sent so far.
    pub fn notify_count(&self) -> usize {
        self.notifications().matches("member=Notify").count()
    }

    /// Every Notify call seen so far, its arguments read back from dbus-monitor's print.
    /// Waits for a notification whose summary or body holds `text`.
    pub fn wait_for_notify(&self, text: &str) -> Notify {
        let start = Instant::now();
        loop {
            let found = self
                .notify_calls()
                .into_iter()
                .find(|n| n.summary.contains(text) || n.body.contains(text));
            if let Some(n) = found {
                return n;
            }
            assert!(
                start.elapsed() < WAIT,
                "no notification with {text:?}; the bus saw:\n{}",
                self.notifications()
            );
            sleep(Duration::from_millis(50));
        }
    }

    pub fn notify_calls(&self) -> Vec<Notify> {
        let seen = self.notifications();
        seen.split("member=Notify")
            .skip(1)
            .map(|call| {
                // Each argument starts a line; a string's text may hold quotes of its own.
                let strings: Vec<String> = call
                    .lines()
                    .filter_map(|l| l.trim_start().strip_prefix("string \""))
                    .map(|l| l.strip_suffix('"').unwrap_or(l).to_string())
                    .collect();
                let get = |i: usize| strings.get(i).cloned().unwrap_or_default();
                Notify {
                    app_name: get(0),
                    icon: get(1),
                    summary: get(2),
                    body: get(3),
                    actions: strings.iter().skip(4).cloned().collect(),
                }
            })
            .collect()
    }

    /// Clicks the newest notification, as a person does: the server performs its default
    /// action.
    pub fn click_notification(&self) {
        let dunstctl = tool("dunstctl", &[PathBuf::from("/usr/bin/dunstctl")]);
        let status = Command::new(dunstctl)
            .args(["action", "0"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .status()
            .expect("dunstctl did not run");
        assert!(
            status.success(),
            "dunstctl could not click the notification"
        );
    }
}

/// A Notify call as the notification server received it.
#[derive(Debug, Clone)]
pub struct Notify {
    pub app_name: String,
    pub icon: String,
    pub summary: String,
    pub body: String,
    /// Action ids and labels, then the string hints.
    pub actions: Vec<String>,
}

impl Drop for Bus {
    fn drop(&mut self) {
        if let Some(server) = &mut self.server {
            terminate(server);
        }
        terminate(&mut self.monitor);
        terminate(&mut self.daemon);
    }
}

/// How a test wants its window's world.
pub struct Options<'a> {
    pub screen: &'a str,
    pub env: &'a [(&'a str, &'a str)],
    /// A notification server on the private bus; without one, notifications have nowhere to go.
    pub notification_server: bool,
    /// A window manager, so windows can be closed as a person closes them.
    pub window_manager: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            screen: "1280x800x24",
            env: &[],
            notification_server: false,
            window_manager: false,
        }
    }
}

/// A display, a private session bus, a tauri-driver, and a data folder that outlives app
/// restarts.
pub struct Harness {
    _lock: MutexGuard<'static, ()>,
    driver: Child,
    port: u16,
    pub data_dir: tempfile::TempDir,
    /// The app's home folder, so nothing it writes there (autostart entries, WebKit
    /// caches) reaches the real one.
    pub home: tempfile::TempDir,
    pub display: String,
    pub bus: Bus,
    window_manager: Option<Child>,
    _display: Display,
}

impl Harness {
    pub fn start() -> Harness {
        Self::with(Options::default())
    }

    pub fn with(options: Options) -> Harness {
        let lock = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        let driver = tool("tauri-driver", &[home.join(".cargo/bin/tauri-driver")]);
        let native = tool(
            "WebKitWebDriver",
            &[PathBuf::from("/usr/bin/WebKitWebDriver")],
        );
        let display = Display::new(options.screen);
        let bus = Bus::start(&display.name, options.notification_server);
        let window_manager = options.window_manager.then(|| {
            let wm = tool(
                "matchbox-window-manager",
                &[PathBuf::from("/usr/bin/matchbox-window-manager")],
            );
            Command::new(wm)
                .args(["-use_titlebar", "no"])
                .env("DISPLAY", &display.name)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the window manager did not start")
        });
        let data_dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let (port, native_port) = (free_port(), free_port());
        let child = Command::new(driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .arg("--native-driver")
            .arg(native)
            .env("DISPLAY", &display.name)
            .env("RAPPORT_DATA_DIR", data_dir.path())
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("HOME", home.path())
            // The accessibility bus and desktop portals are shared per user, not per test:
            // keep the window from waiting on them.
            .env("NO_AT_BRIDGE", "1")
            .env("GTK_USE_PORTAL", "0")
            .envs(options.env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver did not start");
        let harness = Harness {
            _lock: lock,
            driver: child,
            port,
            data_dir,
            home,
            display: display.name.clone(),
            bus,
            window_manager,
            _display: display,
        };
        wait_for_port(port, "tauri-driver");
        harness
    }

    /// Starts the app and waits until its window is ready for input.
    pub fn launch(&self) -> Session {
        self.launch_with(&[])
    }

    /// Starts the app with command-line arguments.
    pub fn launch_with(&self, args: &[&str]) -> Session {
        self.launch_binary(Path::new(env!("CARGO_BIN_EXE_rapport")), args)
    }

    /// Starts the program at `app` (an installed Rapport) and waits for its window.
    pub fn launch_binary(&self, app: &Path, args: &[&str]) -> Session {
        let base = format!("http://127.0.0.1:{}", self.port);
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app, "args": args}
        }}});
        // WebKitWebDriver opens its port a moment after tauri-driver; retry until it answers.
        let start = Instant::now();
        let id = loop {
            let request = ureq::post(&format!("{base}/session")).timeout(Duration::from_secs(60));
            match request.send_json(caps.clone()) {
                Ok(resp) => {
                    let v: Value = resp.into_json().unwrap();
                    break v["value"]["sessionId"].as_str().unwrap().to_string();
                }
                Err(err) => {
                    assert!(start.elapsed() < WAIT, "no WebDriver session: {err}");
                    sleep(Duration::from_millis(200));
                }
            }
        };
        let session = Session {
            base: format!("{base}/session/{id}"),
        };
        session.wait_until("the window to be ready", || {
            let ready = session.script("return document.body.dataset.ready || null", json!([]));
            ready.as_str().map(|_| ())
        });
        session
    }
}

impl Harness {
    /// Runs the app binary directly in the test's world, as a second launch would.
    pub fn run_app(&self) -> std::process::ExitStatus {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .env("DISPLAY", &self.display)
            .env("NO_AT_BRIDGE", "1")
            .env("GTK_USE_PORTAL", "0")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .env("RAPPORT_DATA_DIR", self.data_dir.path())
            .env("HOME", self.home.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the app did not start");
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("the app could not be waited for") {
                return status;
            }
            if start.elapsed() > WAIT {
                terminate(&mut child);
                panic!("a second launch kept running instead of handing over to the first");
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Runs an X11 tool on the test's display and returns what it printed.
    fn x11(&self, name: &str, args: &[&str]) -> String {
        let path = tool(name, &[PathBuf::from(format!("/usr/bin/{name}"))]);
        let out = Command::new(path)
            .args(args)
            .env("DISPLAY", &self.display)
            .stderr(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{name} did not run: {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Turns the mouse wheel `clicks` notches down (up if negative) with the pointer at
    /// (`x`, `y`) in the window's page, as a user scrolls over what is there.
    pub fn wheel(&self, x: i64, y: i64, clicks: i64) {
        let window = self.visible_windows().pop().expect("Rapport's window");
        let (x, y) = (x.to_string(), y.to_string());
        self.x11(
            "xdotool",
            &["mousemove", "--window", &window, "--sync", &x, &y],
        );
        let button = if clicks < 0 { "4" } else { "5" };
        let repeat = clicks.abs().to_string();
        self.x11(
            "xdotool",
            &["click", "--repeat", &repeat, "--delay", "30", button],
        );
    }

    /// The ids of Rapport's mapped windows.
    fn visible_windows(&self) -> Vec<String> {
        self.x11(
            "xdotool",
            &["search", "--onlyvisible", "--name", "^Rapport"],
        )
        .lines()
        .map(str::to_string)
        .collect()
    }

    /// Whether a window titled like Rapport's is mapped on the display.
    pub fn window_visible(&self) -> bool {
        !self.visible_windows().is_empty()
    }

    /// Closes Rapport's window as its close button does, through the window manager.
    pub fn close_window(&self) {
        let wmctrl = tool("wmctrl", &[PathBuf::from("/usr/bin/wmctrl")]);
        let status = Command::new(wmctrl)
            .args(["-c", "Rapport"])
            .env("DISPLAY", &self.display)
            .status()
            .expect("wmctrl did not run");
        assert!(status.success(), "wmctrl found no Rapport window to close");
    }

    /// Whether the window manager shows Rapport's window full screen (EWMH state).
    pub fn window_fullscreen(&self) -> bool {
        self.visible_windows().iter().any(|id| {
            self.x11("xprop", &["-id", id, "_NET_WM_STATE"])
                .contains("_NET_WM_STATE_FULLSCREEN")
        })
    }

    /// Kills Rapport at once, as a crash or a power cut would.
    pub fn kill_app(&self) {
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", env!("CARGO_BIN_EXE_rapport")])
            .status();
        let start = Instant::now();
        while self.app_running() {
            assert!(start.elapsed() < WAIT, "Rapport did not die");
            sleep(Duration::from_millis(50));
        }
    }

    /// Whether a Rapport process is still running.
    pub fn app_running(&self) -> bool {
        Command::new("pgrep")
            .args(["-f", env!("CARGO_BIN_EXE_rapport")])
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    /// The titles of Rapport's windows on the display, as the OS shows them.
    pub fn window_titles(&self) -> Vec<String> {
        self.x11(
            "xdotool",
            &["search", "--name", "^Rapport", "getwindowname", "%@"],
        )
        .lines()
        .map(str::to_string)
        .collect()
    }

    /// Saves the whole screen under target/e2e/, native dialogs included (WebDriver sees
    /// only the page).
    pub fn screenshot_screen(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        let import = tool("import", &[PathBuf::from("/usr/bin/import")]);
        let status = Command::new(import)
            .args(["-window", "root"])
            .arg(&path)
            .env("DISPLAY", &self.display)
            .status()
            .expect("import did not run");
        assert!(status.success(), "the screen could not be captured");
        path
    }

    /// Waits for the OS dialog titled `title` to show. Only a visible one counts: GTK keeps
    /// a closed file chooser around unmapped, and a second export with the same title
    /// would otherwise be typed into before its own chooser opens.
    pub fn wait_for_dialog(&self, title: &str) {
        let start = Instant::now();
        while self
            .x11(
                "xdotool",
                &["search", "--onlyvisible", "--name", &literal(title)],
            )
            .trim()
            .is_empty()
        {
            assert!(
                start.elapsed() < WAIT,
                "no dialog titled {title:?} appeared"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// Picks `path` in the OS's file chooser titled `title`, typing it as a person can.
    pub fn choose_file(&self, title: &str, path: &Path) {
        self.wait_for_dialog(title);
        let window = self
            .x11(
                "xdotool",
                &["search", "--onlyvisible", "--name", &literal(title)],
            )
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        self.x11("xdotool", &["windowfocus", "--sync", &window]);
        sleep(Duration::from_millis(300));
        // Ctrl+L opens the location field (in a save dialog the name field has focus);
        // typed into while it opens, the first keys would be lost.
        self.x11("xdotool", &["key", "ctrl+l"]);
        sleep(Duration::from_millis(500));
        self.x11("xdotool", &["key", "ctrl+a"]);
        let path = path.to_string_lossy();
        self.x11("xdotool", &["type", "--delay", "20", &path]);
        sleep(Duration::from_millis(300));
        self.x11("xdotool", &["key", "Return"]);
        let start = Instant::now();
        // GTK keeps a closed chooser around unmapped: only a visible one is still open.
        while !self
            .x11(
                "xdotool",
                &["search", "--onlyvisible", "--name", &literal(title)],
            )
            .trim()
            .is_empty()
        {
            if start.elapsed() > WAIT {
                let shot = self.screenshot_screen("last-file-chooser");
                panic!(
                    "the file chooser {title:?} did not close; screen: {}",
                    shot.display()
                );
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Answers the OS dialog titled `title` with a real key press (`Escape`, `Return`).
    /// The dialog is native GTK, outside the page, so WebDriver cannot reach it.
    pub fn answer_dialog(&self, title: &str, key: &str) {
        let find = || {
            self.x11("xdotool", &["search", "--name", &literal(title)])
                .lines()
                .next()
                .map(str::to_string)
        };
        let start = Instant::now();
        let window = loop {
            if let Some(w) = find() {
                break w;
            }
            assert!(
                start.elapsed() < WAIT,
                "no dialog titled {title:?} appeared"
            );
            sleep(Duration::from_millis(100));
        };
        self.x11("xdotool", &["windowfocus", &window]);
        sleep(Duration::from_millis(200));
        self.x11("xdotool", &["key", key]);
        let start = Instant::now();
        while find().is_some() {
            assert!(start.elapsed() < WAIT, "the dialog {title:?} did not close");
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        if let Some(wm) = &mut self.window_manager {
            terminate(wm);
        }
    }
}

/// One running app window.
pub struct Session {
    base: String,
}

#[derive(Clone, Debug)]
pub struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let req = ureq::request(method, &url).timeout(Duration::from_secs(30));
        let resp = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match resp {
            Ok(r) => Ok(r.into_json::<Value>().map_err(|e| e.to_string())?["value"].take()),
            Err(ureq::Error::Status(code, r)) => {
                Err(format!("{code}: {}", r.into_string().unwrap_or_default()))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.request("POST", path, Some(body))
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    fn get(&self, path: &str) -> Value {
        self.request("GET", path, None)
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub fn try_find(&self, css: &str) -> Option<Element> {
        let v = self
            .request(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .ok()?;
        v[ELEMENT_KEY].as_str().map(|s| Element(s.to_string()))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.post("/elements", json!({"using": "css selector", "value": css}))
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str())
                    .map(|s| Element(s.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until `css` matches an element.
    pub fn wait_for(&self, css: &str) -> Element {
        self.wait_until(&format!("an element matching {css}"), || self.try_find(css))
    }

    /// Polls `check` until it gives a value, failing with `what` after the wait.
    pub fn wait_until<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        self.wait_for_ok(what, || check().ok_or_else(String::new))
    }

    /// Polls `check` until it gives a value, failing with `what` and the last reason
    /// `check` gave after the wait.
    pub fn wait_for_ok<T>(&self, what: &str, mut check: impl FnMut() -> Result<T, String>) -> T {
        let start = Instant::now();
        loop {
            let refused = match check() {
                Ok(v) => return v,
                Err(why) => why,
            };
            if start.elapsed() > WAIT {
                let shot = self.try_screenshot("last-failure");
                let body = self
                    .request("POST", "/execute/sync", Some(json!({
                        "script": "return document.body ? document.body.innerText : String(location)",
                        "args": []
                    })))
                    .unwrap_or_else(Value::String);
                panic!(
                    "timed out waiting for {what}{}\nscreen: {shot:?}\nwindow text: {body}",
                    if refused.is_empty() {
                        String::new()
                    } else {
                        format!(" ({refused})")
                    }
                );
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the text of `css` contains `expected`, and returns that text.
    pub fn wait_for_text(&self, css: &str, expected: &str) -> String {
        self.wait_until(&format!("{css} to contain {expected:?}"), || {
            // The element may be replaced between finding and reading it: just look again.
            let el = self.try_find(css)?;
            let text = self
                .request("GET", &format!("/element/{}/text", el.0), None)
                .ok()?;
            let text = text.as_str()?.to_string();
            text.contains(expected).then_some(text)
        })
    }

    pub fn click(&self, el: &Element) {
        if let Err(why) = self.try_click(el) {
            panic!("clicking {}: {why}", el.0);
        }
    }

    /// Clicks `el` once. WebKit's driver does not scroll to an element just below the
    /// window while a text field above it has the caret: it is scrolled to, as a user would.
    fn try_click(&self, el: &Element) -> Result<(), String> {
        let click = || self.request("POST", &format!("/element/{}/click", el.0), Some(json!({})));
        match click() {
            Err(why) if why.contains("element not interactable") => {
                self.request(
                    "POST",
                    "/execute/sync",
                    Some(json!({
                        "script": "arguments[0].scrollIntoView({ block: 'center' })",
                        "args": [{ ELEMENT_KEY: el.0 }]
                    })),
                )?;
                click()
            }
            clicked => clicked,
        }
        .map(|_| ())
    }

    /// Clicks what `css` finds, finding it again if the view redrew it in between (a list
    /// that refreshes itself as reminders come due).
    pub fn click_css(&self, css: &str) {
        self.wait_for_ok(&format!("{css} to take a click"), || {
            let el = self.try_find(css).ok_or("not found")?;
            self.try_click(&el)
        });
    }

    /// Rests the pointer on `el`, or with none, moves it to the window's top-left corner.
    pub fn point_at(&self, el: Option<&Element>) {
        let origin = match el {
            Some(el) => json!({ ELEMENT_KEY: el.0 }),
            None => json!("viewport"),
        };
        let pointer = json!({
            "type": "pointer",
            "id": "mouse",
            "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "origin": origin, "x": 0, "y": 0}]
        });
        self.post("/actions", json!({ "actions": [pointer] }));
    }

    pub fn type_into(&self, el: &Element, text: &str) {
        self.post(&format!("/element/{}/value", el.0), json!({ "text": text }));
    }

    pub fn clear(&self, el: &Element) {
        self.post(&format!("/element/{}/clear", el.0), json!({}));
    }

    /// Picks `value` in the menu at `css`, as choosing it tells the page.
    pub fn choose(&self, css: &str, value: &str) {
        self.script(
            "const c = document.querySelector(arguments[0]); c.value = arguments[1];
             c.dispatchEvent(new Event('change', { bubbles: true }));",
            json!([css, value]),
        );
    }

    /// The month names under the weekly chart that are shown, once they are laid out,
    /// after checking that none of them overlaps the next.
    pub fn month_labels(&self) -> Vec<String> {
        let shown = self.wait_until("the month names to be laid out", || {
            let boxes = self.script(
                "return [...document.querySelectorAll('#chart-weeks text.month')]
                   .filter(t => t.getAttribute('visibility') === 'visible')
                   .map(t => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.right]; })
                   .sort((a, b) => a[1] - b[1])",
                json!([]),
            );
            let boxes = boxes.as_array().cloned().unwrap_or_default();
            (!boxes.is_empty()).then_some(boxes)
        });
        for pair in shown.windows(2) {
            assert!(
                pair[0][2].as_f64().unwrap() <= pair[1][1].as_f64().unwrap(),
                "month names overlap: {} and {}",
                pair[0],
                pair[1]
            );
        }
        shown
            .iter()
            .filter_map(|b| b[0].as_str().map(str::to_string))
            .collect()
    }

    /// The text of every element matching `css`, read in one step.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
            json!([css]),
        )
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
    }

    pub fn text(&self, el: &Element) -> String {
        self.get(&format!("/element/{}/text", el.0))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn attribute(&self, el: &Element, name: &str) -> Option<String> {
        self.get(&format!("/element/{}/attribute/{name}", el.0))
            .as_str()
            .map(str::to_string)
    }

    pub fn property(&self, el: &Element, name: &str) -> Value {
        self.get(&format!("/element/{}/property/{name}", el.0))
    }

    pub fn script(&self, js: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": js, "args": args }))
    }

    /// Runs `js`, which hands its answer to the callback passed as its last argument.
    pub fn script_async(&self, js: &str, args: Value) -> Value {
        self.post("/execute/async", json!({ "script": js, "args": args }))
    }

    /// Hands `path` to the Data view as the file chooser would, read as `format`
    /// ("linkedin", "vcard", "csv"), and returns once its preview is asked for.
    pub fn preview_file(&self, path: &Path, format: &str) {
        self.script_async(
            "const done = arguments[arguments.length - 1];
             import('./views/data.js').then(m => m.previewFile(arguments[0], arguments[1]))
               .then(() => done(true));",
            json!([path, format]),
        );
    }

    /// Where the window's router is: `#/contacts/12` and so on.
    pub fn hash(&self) -> String {
        self.script("return location.hash", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until a new contact called `name` is saved and its own page is showing.
    pub fn wait_for_saved_contact(&self, name: &str) {
        self.wait_for_text("#person-card h1", name);
        self.wait_until("the saved contact's page", || {
            let hash = self.hash();
            (hash.starts_with("#/contacts/") && !hash.ends_with("/new")).then_some(())
        });
    }

    /// The id of the element that has keyboard focus.
    pub fn focused_id(&self) -> String {
        self.script(
            "return document.activeElement && document.activeElement.id",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Presses keys as a person would, each down then up; `modifier` is held throughout.
    /// Keys are characters or WebDriver codes such as "\u{E007}" (Enter).
    pub fn press(&self, modifier: Option<&str>, keys: &[&str]) {
        let mut actions = Vec::new();
        if let Some(m) = modifier {
            actions.push(json!({"type": "keyDown", "value": m}));
        }
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        if let Some(m) = modifier {
            actions.push(json!({"type": "keyUp", "value": m}));
        }
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
        let _ = self.request("DELETE", "/actions", None);
    }

    /// Zooms the page to 200% with Ctrl and +, as a person does, and waits until it is.
    pub fn zoom_to_200(&self) {
        let width = || {
            self.script("return window.innerWidth", json!([]))
                .as_f64()
                .unwrap_or_default()
        };
        let normal = width();
        // One step at a time, each seen taking effect: a busy machine may drop a key sent
        // in a burst, and a key sent again too early would zoom past 200%.
        let mut now = normal;
        while now > normal / 2.0 + 2.0 {
            let before = now;
            for _ in 0..3 {
                self.press(Some(keys::CONTROL), &["="]);
                let start = Instant::now();
                while start.elapsed() < Duration::from_secs(3) && width() >= before - 1.0 {
                    sleep(Duration::from_millis(50));
                }
                if width() < before - 1.0 {
                    break;
                }
            }
            now = width();
            assert!(now < before - 1.0, "Ctrl and + does not zoom the page");
        }
        assert!(
            (now - normal / 2.0).abs() < 2.0,
            "zoomed to {now} px wide from {normal}, not 200%"
        );
    }

    /// Saves what the window shows under target/e2e/, for people to look at.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        self.try_screenshot(name)
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"))
    }

    fn try_screenshot(&self, name: &str) -> Result<PathBuf, String> {
        // Give WebKit a frame to paint the last DOM change.
        sleep(Duration::from_millis(300));
        // WebKit's driver takes the picture at the page's next paint, which a still page
        // painting without compositing (as Rapport does) never makes: a dot the eye cannot
        // see changes for a moment, so one comes.
        self.script(
            "const dot = document.createElement('div');
             dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
             document.body.append(dot);
             let n = 0;
             const tick = setInterval(() => {
               dot.style.background = n % 2 ? 'transparent' : 'rgba(0,0,0,0.01)';
               if (++n > 40) { clearInterval(tick); dot.remove(); }
             }, 50);",
            json!([]),
        );
        let b64 = self.request("GET", "/screenshot", None)?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// The window's size and place, as the window manager gave them.
    pub fn window_rect(&self) -> Value {
        self.get("/window/rect")
    }

    /// Closes the window; the app exits.
    pub fn quit(self) {
        let _ = ureq::delete(&self.base)
            .timeout(Duration::from_secs(30))
            .call();
    }
}

/// A video call with contact `id`, `hours` ago: its thank-you is due, overdue after 48.
pub fn talked(db: &mut rapport::store::Db, id: i64, hours: i64) {
    use chrono::{Duration as Hours, Utc};
    use rapport::interactions::{self, Channel, Direction, InteractionInput};
    interactions::create(
        db.conn_mut(),
        InteractionInput {
            contact_id: id,
            occurred_at: Utc::now() - Hours::hours(hours),
            channel: Channel::VideoCall,
            direction: Direction::Out,
            outcome: None,
            notes: "Talked about demand planning.".into(),
            purpose: None,
        },
        Utc::now(),
    )
    .unwrap();
}

/// Quiet hours as given; `None` turns them off, so a test runs the same at any hour.
pub fn quiet_hours(
    db: &rapport::store::Db,
    window: Option<(chrono::NaiveTime, chrono::NaiveTime)>,
) {
    use rapport::settings::{self, ReminderSettings};
    let (start, end) = window.unwrap_or((chrono::NaiveTime::MIN, chrono::NaiveTime::MIN));
    settings::save_reminders(
        db.conn(),
        ReminderSettings {
            quiet_start: start,
            quiet_end: end,
            ..Default::default()
        },
    )
    .unwrap();
}

/// Dana's video call ended 49 hours ago and no thank-you is logged: overdue at start and,
/// with quiet hours off, notified at once whatever the hour.
pub fn seed_overdue_thank_you(data_dir: &Path) {
    use rapport::contacts::{self, ContactInput, Stage};
    let mut db = rapport::store::Db::open(data_dir).unwrap();
    quiet_hours(&db, None);
    let id = contacts::create(
        db.conn_mut(),
        ContactInput {
            full_name: "Dana Reyes".into(),
            organization: "Northwind Logistics".into(),
            stage: Stage::Scheduled,
            ..Default::default()
        },
        chrono::Utc::now(),
    )
    .unwrap()
    .id;
    talked(&mut db, id, 49);
}

/// An `xdg-open` that records what it was asked to open, first on the app's PATH.
fn recording_opener(dir: &Path) -> (String, PathBuf) {
    let log = dir.join("opened.txt");
    let script = dir.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", log.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, log)
}

/// A harness whose app opens links with [`recording_opener`]: the file it returns holds what
/// the app asked to open; the folder holding the opener lives as long as the harness needs.
pub fn harness_recording_opens() -> (Harness, tempfile::TempDir, PathBuf) {
    let tools = tempfile::tempdir().unwrap();
    let (path, opened) = recording_opener(tools.path());
    let harness = Harness::with(Options {
        env: &[("PATH", path.as_str())],
        ..Options::default()
    });
    (harness, tools, opened)
}

pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("e2e")
}

pub mod keys {
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SHIFT: &str = "\u{E008}";
    pub const CONTROL: &str = "\u{E009}";
    pub const TAB: &str = "\u{E004}";
    pub const HOME: &str = "\u{E011}";
    pub const END: &str = "\u{E010}";
    pub const ALT: &str = "\u{E00A}";
    pub const ARROW_UP: &str = "\u{E013}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
}
