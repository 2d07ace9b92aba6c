//! A real CalDAV/CardDAV server for the sync tests: Radicale from the virtualenv `make test`
//! makes, on 127.0.0.1 with a free port, its own storage folder and a password file; and
//! Python's caldav and vobject as an independent client that reads and writes it.

#![allow(dead_code)] // each test file uses its own part

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Local;
use rapport::dates::DateStyle;
use rapport::store::Db;
use rapport::sync::{self, AccountInput, Report};
use serde_json::Value;

pub const USER: &str = "anna";
pub const PASSWORD: &str = "correct horse";

pub fn venv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin")
}

pub struct Radicale {
    child: Option<Child>,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Radicale {
    pub fn start() -> Radicale {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("users"),
            format!("{USER}:{PASSWORD}\nbob:bob\n"),
        )
        .unwrap();
        let mut server = Radicale {
            child: None,
            port: 0,
            dir,
        };
        // A free port may be taken by another test between asking and binding: Radicale
        // then ends at once, and another port is tried.
        for _ in 0..5 {
            server.port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            if server.run() {
                return server;
            }
        }
        panic!("Radicale did not start on any of five ports");
    }

    /// Starts Radicale on `self.port`; false when it ended at once (the port was taken).
    fn run(&mut self) -> bool {
        let python = venv().join("python");
        assert!(
            python.exists(),
            "{} is missing: `make test` installs Radicale there",
            python.display()
        );
        let config = self.dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n\
                 [auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n\
                 [storage]\nfilesystem_folder = {storage}\n\
                 [logging]\nlevel = warning\n",
                port = self.port,
                users = self.dir.path().join("users").display(),
                storage = self.dir.path().join("collections").display(),
            ),
        )
        .unwrap();
        let child = Command::new(python)
            .args(["-m", "radicale", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        // Ready when it answers as a DAV server: something else may be listening there.
        while !answers_dav(self.port) {
            let ended = self
                .child
                .as_mut()
                .is_some_and(|c| c.try_wait().ok().flatten().is_some());
            if ended {
                self.child = None;
                return false;
            }
            assert!(Instant::now() < deadline, "Radicale did not start");
            sleep(Duration::from_millis(50));
        }
        true
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The server goes away at once, as a crashed or unplugged one does.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Back on the same port with the same storage.
    pub fn restart(&mut self) {
        self.kill();
        assert!(self.run(), "Radicale did not start again on its port");
    }

    /// Runs `script` with Python's caldav and vobject, given the server's URL, user and
    /// password as `url`, `user`, `password`, and `arg`; the script prints JSON.
    pub fn python(&self, script: &str, arg: &str) -> Value {
        let prelude = format!(
            "import json, sys, caldav, vobject\nurl = {url:?}\nuser = {USER:?}\npassword = {PASSWORD:?}\narg = sys.argv[1]\n{HELPERS}\n",
            url = self.url(),
        );
        let out = Command::new(venv().join("python"))
            .arg("-c")
            .arg(format!("{prelude}{script}"))
            .arg(arg)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "python failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    }
}

/// What the Python scripts share: the address book as cards, by href.
const HELPERS: &str = r#"
client = caldav.DAVClient(url=url, username=user, password=password)

def address_book():
    # The one named Rapport, found as any CardDAV client finds it.
    home = client.principal().url.join("")
    response = client.propfind(str(home), props='<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:resourcetype/></d:prop></d:propfind>', depth=1)
    import xml.etree.ElementTree as ET
    root = ET.fromstring(response.raw)
    for r in root.findall("{DAV:}response"):
        href = r.find("{DAV:}href").text
        name = r.find(".//{DAV:}displayname")
        kind = r.find(".//{urn:ietf:params:xml:ns:carddav}addressbook")
        if kind is not None and name is not None and name.text == "Rapport":
            return str(home.join(href))
    raise SystemExit("no address book named Rapport")

def cards():
    book = address_book()
    response = client.propfind(book, props='<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>', depth=1)
    import xml.etree.ElementTree as ET
    out = {}
    for r in ET.fromstring(response.raw).findall("{DAV:}response"):
        href = r.find("{DAV:}href").text
        if href.endswith(".vcf"):
            full = str(client.url.join(href))
            out[full] = vobject.readOne(client.request(full).raw)
    return out

def collections():
    # Every address book and calendar by name, with how many items each holds.
    import xml.etree.ElementTree as ET
    out = {}
    for c in client.principal().calendars():
        out["calendar " + c.get_display_name()] = len(c.todos(include_completed=True)) + len(c.events())
    home = client.principal().url.join("")
    response = client.propfind(str(home), props='<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:resourcetype/></d:prop></d:propfind>', depth=1)
    for r in ET.fromstring(response.raw).findall("{DAV:}response"):
        if r.find(".//{urn:ietf:params:xml:ns:carddav}addressbook") is None:
            continue
        book = str(home.join(r.find("{DAV:}href").text))
        inside = client.propfind(book, props='<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>', depth=1)
        count = sum(1 for x in ET.fromstring(inside.raw).findall("{DAV:}response") if x.find("{DAV:}href").text.endswith(".vcf"))
        out["address book " + (r.find(".//{DAV:}displayname").text or "")] = count
    return out

def rapport_calendar():
    return calendar_named("Rapport")

def calendar_named(name):
    for c in client.principal().calendars():
        if c.get_display_name() == name:
            return c
    raise SystemExit("no calendar named " + name)
"#;

/// Whether a DAV server answers on `port` (Radicale answers OPTIONS without a login).
fn answers_dav(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"OPTIONS / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("dav:"))
}

impl Drop for Radicale {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A data folder's log with the account set up for `server`.
pub fn log_for(server: &Radicale) -> Mutex<Db> {
    log_with(&account(&server.url()))
}

/// The test user's account at `url`.
pub fn account(url: &str) -> AccountInput {
    AccountInput {
        server: url.into(),
        user_name: USER.into(),
        ..Default::default()
    }
}

/// A data folder's log with `account` set up.
pub fn log_with(account: &AccountInput) -> Mutex<Db> {
    let mut db = Db::open_in_memory().unwrap();
    sync::account::save(db.conn_mut(), account).unwrap();
    Mutex::new(db)
}

/// What Test connection says of `account` with `password`.
pub fn check(account: &AccountInput, password: &str) -> Result<sync::Found, rapport::error::Error> {
    runtime().block_on(sync::account::check(account, password))
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One sync, as the app runs it.
pub fn sync_now(log: &Mutex<Db>) -> Result<Report, rapport::error::Error> {
    sync_at(log, Local::now())
}

/// One sync with deadlines computed for `now`.
pub fn sync_at(
    log: &Mutex<Db>,
    now: chrono::DateTime<Local>,
) -> Result<Report, rapport::error::Error> {
    runtime().block_on(sync::run(log, PASSWORD, now, DateStyle::default(), &|_| {}))
}

/// The calendar as the independent client reads it: UID → [kind, status, due or start,
/// alarm trigger].
pub fn calendar_items(server: &Radicale) -> serde_json::Map<String, Value> {
    calendar_items_in(server, "Rapport")
}

/// The same for the calendar named `name`.
pub fn calendar_items_in(server: &Radicale, name: &str) -> serde_json::Map<String, Value> {
    server
        .python(
            r#"
out = {}
calendar = calendar_named(arg)
for item in calendar.todos(include_completed=True) + calendar.events():
    cal = vobject.readOne(item.data)
    for c in list(getattr(cal, 'vtodo_list', [])) + list(getattr(cal, 'vevent_list', [])):
        alarm = c.valarm.trigger.value if hasattr(c, 'valarm') else None
        when = c.due.value if c.name == 'VTODO' else c.dtstart.value
        status = c.status.value if hasattr(c, 'status') else ''
        out[c.uid.value] = [c.name, status, when.isoformat(), str(alarm) if alarm is not None else None]
print(json.dumps(out))
"#,
            name,
        )
        .as_object()
        .unwrap()
        .clone()
}

/// A web site in front of the server, as Nextcloud and most hosted servers are set up: its
/// root is a web page that refuses WebDAV, `/.well-known/carddav` and `/.well-known/caldav`
/// redirect to `/dav/`, where the server answers. The user types only the site's address.
/// Given a calendar's folder name, it refuses to-dos there as servers that keep to a
/// calendar's components do (SabreDAV's answer; Radicale takes any).
const FRONT: &str = r#"
import http.client, http.server, sys
backend = int(sys.argv[1])
events_only = sys.argv[2] if len(sys.argv) > 2 else None
REFUSED = (b'<?xml version="1.0" encoding="utf-8"?><d:error xmlns:d="DAV:" '
           b'xmlns:cal="urn:ietf:params:xml:ns:caldav"><cal:supported-calendar-component/></d:error>')

class Front(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def answer(self, status, headers=(), body=b""):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if self.path.startswith("/.well-known/carddav") or self.path.startswith("/.well-known/caldav"):
            return self.answer(301, [("Location", "/dav/")])
        if not self.path.startswith("/dav/"):
            if self.command in ("GET", "HEAD"):
                return self.answer(200, [("Content-Type", "text/html")], b"<h1>Welcome</h1>")
            return self.answer(405, [("Allow", "GET, HEAD")])
        if (events_only and self.command == "PUT" and f"/{events_only}/" in self.path
                and b"BEGIN:VTODO" in (body or b"")):
            return self.answer(403, [("Content-Type", "application/xml; charset=utf-8")], REFUSED)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        headers["X-Script-Name"] = "/dav"
        upstream = http.client.HTTPConnection("127.0.0.1", backend)
        upstream.request(self.command, self.path[len("/dav"):], body=body, headers=headers)
        reply = upstream.getresponse()
        data = reply.read()
        kept = [(k, v) for k, v in reply.getheaders() if k.lower() not in ("content-length", "connection", "transfer-encoding")]
        self.answer(reply.status, kept, data)
    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Front)
print(server.server_port, flush=True)
server.serve_forever()
"#;

/// A small server of the tests' own, a Python script that prints the port it listens on;
/// ended when dropped.
pub struct Served {
    child: Child,
    pub port: u16,
}

impl Served {
    /// Runs `script` with `args`, in `dir` when given.
    pub fn start(script: &str, args: &[&dyn AsRef<std::ffi::OsStr>], dir: Option<&Path>) -> Served {
        let mut command = Command::new(venv().join("python"));
        command.args(["-c", script]);
        for arg in args {
            command.arg(arg);
        }
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut port = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut port,
        )
        .unwrap();
        Served {
            child,
            port: port.trim().parse().expect("the script's port"),
        }
    }

    pub fn url(&self, scheme: &str) -> String {
        format!("{scheme}://127.0.0.1:{}/", self.port)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The web site in front of `server` (see FRONT).
pub fn front(server: &Radicale) -> Served {
    front_refusing_todos_in(server, None)
}

/// The same, with the calendar in folder `events_only` refusing to-dos.
pub fn front_refusing_todos_in(server: &Radicale, events_only: Option<&str>) -> Served {
    let port = server.port.to_string();
    match events_only {
        Some(folder) => Served::start(FRONT, &[&port, &folder], None),
        None => Served::start(FRONT, &[&port], None),
    }
}
