//! Start-up, memory and idle CPU of the packaged Rapport against a hello-world Tauri window
//! built the same way (`benches/hello`), interleaved under one virtual display, medians of
//! several runs, printed as ratios beside the budgets. `make bench` builds both first.
//!
//! Per run: exec → the page's first call to its app (a line each prints on stdout:
//! Rapport when `RAPPORT_STARTUP_PROBE` is set), exec → first frame and exec → content
//! painted (the screen's top-left read every 5 ms from this process until it shows more than
//! blank backgrounds: anywhere for the first frame; below the height of Rapport's app bar,
//! where hello-world's text and Rapport's first screen are, for the content), then the
//! summed RSS and PSS of the process tree (the app and its WebKit processes) five seconds
//! after exec, then the CPU the tree uses while idle.
//! Both paint with WebKit's CPU painter, Rapport's choice on Linux, so the floor is the
//! same engine doing the same kind of work.
//! `STARTUP_RUNS` (default 7) and `STARTUP_IDLE_SECONDS` (default 60) set the effort.
//! `STARTUP_APP` names another Rapport binary to measure, and `STARTUP_COMPARE` one to
//! measure beside it in the same runs; `STARTUP_TRACE` prints each line an app writes on
//! stdout with its time since exec, beside the first frame's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const SCREEN: &str = "1280x800x24";
/// The part of the screen looked at for the first frame: hello-world's heading and text,
/// Rapport's navigation and the top of its first screen (Today's heading, or the welcome)
/// all fall within it.
const REGION: (u32, u32) = (640, 220);
/// Where content starts: below Rapport's app bar (46 px), which its page draws before the
/// first screen's data has come; hello-world's heading and text lie below it too.
const CONTENT_TOP: usize = 60;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A virtual display and a private session bus, for every run.
struct World {
    display: String,
    bus: String,
    xvfb: Child,
    xvfb_log: tempfile::NamedTempFile,
    dbus: Child,
    /// Taken and closed before the display it reads goes away.
    screen: Option<Screen>,
}

impl World {
    fn start() -> World {
        // Xvfb picks a free display and names it once it accepts clients.
        let xvfb_log = tempfile::NamedTempFile::new().unwrap();
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                SCREEN,
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(xvfb_log.reopen().unwrap())
            .spawn()
            .expect("Xvfb (make test-deps installs it)");
        let mut number = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(xvfb.stdout.take().unwrap())
            .read_line(&mut number)
            .expect("Xvfb did not name its display");
        let display = format!(":{}", number.trim());
        let mut dbus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon");
        let mut line = String::new();
        std::io::BufReader::new(dbus.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        World {
            screen: Some(Screen::open(&display)),
            display,
            bus: line.trim().to_string(),
            xvfb,
            xvfb_log,
            dbus,
        }
    }
}

impl World {
    /// Whether the display still runs, and what it said: a window that cannot start may
    /// be the display's fault.
    fn display_state(&self) -> String {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.xvfb.id()));
        let running = stat.is_ok_and(|s| !s.contains(") Z "));
        let said = std::fs::read_to_string(self.xvfb_log.path()).unwrap_or_default();
        let tail: Vec<&str> = said.lines().rev().take(5).collect();
        format!(
            "Xvfb {}{}",
            if running { "running" } else { "gone" },
            tail.iter()
                .rev()
                .fold(String::new(), |acc, l| acc + "\n  " + l)
        )
    }
}

impl Drop for World {
    fn drop(&mut self) {
        drop(self.screen.take());
        let _ = self.xvfb.kill();
        let _ = self.dbus.kill();
    }
}

struct Sample {
    first_ipc: Duration,
    first_frame: Duration,
    content: Duration,
    rss_kb: u64,
    pss_kb: u64,
    idle_cpu: Duration,
}

/// Every process descended from `root`, `root` included.
fn tree(root: u32) -> Vec<u32> {
    let mut parent = HashMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The command name may hold spaces and parentheses: fields follow the last ')'.
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let ppid: u32 = after.split(' ').nth(1).unwrap().parse().unwrap();
        parent.insert(pid, ppid);
    }
    let mut out = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (&pid, &ppid) in &parent {
            if out.contains(&ppid) && !out.contains(&pid) {
                out.push(pid);
                grew = true;
            }
        }
    }
    out
}

fn memory_kb(pids: &[u32]) -> (u64, u64) {
    let mut rss = 0;
    let mut pss = 0;
    for pid in pids {
        let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        for line in text.lines() {
            let value = || {
                line.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            if line.starts_with("Rss:") {
                rss += value();
            } else if line.starts_with("Pss:") {
                pss += value();
            }
        }
    }
    (rss, pss)
}

/// How long each thread of the processes has run, in nanoseconds, by thread id: the
/// scheduler's own count (`schedstat`). The utime and stime of `stat` count 10 ms ticks,
/// which rounds an idle minute's few tens of milliseconds to a tick or two either way.
fn thread_times(pids: &[u32]) -> HashMap<u32, u64> {
    let mut times = HashMap::new();
    for pid in pids {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let Ok(tid) = task.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) else {
                continue;
            };
            if let Some(ns) = stat.split_whitespace().next().and_then(|v| v.parse().ok()) {
                times.insert(tid, ns);
            }
        }
    }
    times
}

/// The CPU the process tree of `root` uses over `idle`. Threads are read every second, so
/// one that ends meanwhile is counted up to its last second, and one that starts, whole.
fn idle_cpu(root: u32, idle: Duration) -> Duration {
    let first = thread_times(&tree(root));
    assert!(
        first.contains_key(&root),
        "/proc/{root}/task/{root}/schedstat is unreadable: the kernel keeps no CPU time per thread"
    );
    let mut last = first.clone();
    let end = Instant::now() + idle;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        sleep(left.min(Duration::from_secs(1)));
        last.extend(thread_times(&tree(root)));
    }
    let ns: u64 = last
        .iter()
        .map(|(tid, ns)| ns.saturating_sub(first.get(tid).copied().unwrap_or(0)))
        .sum();
    Duration::from_nanos(ns)
}

/// The top-left of the virtual display, where both windows put their first words, read
/// from this process through shared memory: the server copies 400 KB a look. Starting a
/// screenshot program took 50 ms a look, and copying the whole screen (4 MB) every 5 ms
/// kept the X server busy while the apps it serves were starting.
struct Screen {
    xlib: x11_dl::xlib::Xlib,
    xext: x11_dl::xshm::Xext,
    display: *mut x11_dl::xlib::Display,
    image: *mut x11_dl::xlib::XImage,
    segment: Box<x11_dl::xshm::XShmSegmentInfo>,
}

impl Screen {
    fn open(name: &str) -> Screen {
        use x11_dl::{xlib, xshm};
        let xlib = xlib::Xlib::open().expect("libX11");
        let xext = xshm::Xext::open().expect("libXext");
        let name = std::ffi::CString::new(name).unwrap();
        // SAFETY: every pointer is checked; the segment outlives the image that uses it
        // and both are released in `drop`.
        unsafe {
            let display = (xlib.XOpenDisplay)(name.as_ptr());
            assert!(!display.is_null(), "cannot open the virtual display");
            assert!(
                (xext.XShmQueryExtension)(display) != 0,
                "the display has no MIT-SHM"
            );
            let screen = (xlib.XDefaultScreen)(display);
            let mut segment = Box::new(xshm::XShmSegmentInfo {
                shmseg: 0,
                shmid: -1,
                shmaddr: std::ptr::null_mut(),
                readOnly: 0,
            });
            let image = (xext.XShmCreateImage)(
                display,
                (xlib.XDefaultVisual)(display, screen),
                (xlib.XDefaultDepth)(display, screen) as u32,
                xlib::ZPixmap,
                std::ptr::null_mut(),
                &mut *segment,
                ((xlib.XDisplayWidth)(display, screen) as u32).min(REGION.0),
                ((xlib.XDisplayHeight)(display, screen) as u32).min(REGION.1),
            );
            assert!(!image.is_null(), "cannot make a shared image");
            let bytes = ((*image).bytes_per_line * (*image).height) as usize;
            segment.shmid = libc::shmget(libc::IPC_PRIVATE, bytes, libc::IPC_CREAT | 0o600);
            assert!(segment.shmid >= 0, "shmget failed");
            segment.shmaddr = libc::shmat(segment.shmid, std::ptr::null(), 0) as *mut _;
            assert!(segment.shmaddr as isize != -1, "shmat failed");
            (*image).data = segment.shmaddr;
            assert!(
                (xext.XShmAttach)(display, &mut *segment) != 0,
                "XShmAttach failed"
            );
            (xlib.XSync)(display, 0);
            // Freed by the kernel once both sides have let go of it, even after a panic.
            libc::shmctl(segment.shmid, libc::IPC_RMID, std::ptr::null_mut());
            Screen {
                xlib,
                xext,
                display,
                image,
                segment,
            }
        }
    }

    /// Whether the region shows more than backgrounds, anywhere and below `CONTENT_TOP`: an
    /// empty display and a blank window hold two or three colours; text and rules bring many
    /// more.
    fn painted(&self) -> Painted {
        // SAFETY: the shared image was made for this display's root and is read within
        // its own bounds.
        unsafe {
            let root = (self.xlib.XDefaultRootWindow)(self.display);
            let all_planes = (self.xlib.XAllPlanes)() as u32;
            assert!(
                (self.xext.XShmGetImage)(self.display, root, self.image, 0, 0, all_planes) != 0,
                "cannot read the virtual display"
            );
            let i = &*self.image;
            assert_eq!(
                i.bits_per_pixel, 32,
                "a 24-bit display is read as 32-bit pixels"
            );
            let bytes = std::slice::from_raw_parts(
                i.data as *const u8,
                (i.bytes_per_line * i.height) as usize,
            );
            let rows: Vec<&[u8]> = bytes
                .chunks_exact(i.bytes_per_line as usize)
                .map(|row| &row[..i.width as usize * 4])
                .collect();
            let content = drawn(&rows[CONTENT_TOP.min(rows.len())..]);
            Painted {
                frame: content || drawn(&rows),
                content,
            }
        }
    }
}

/// What the region showed at one look.
struct Painted {
    /// Anything beyond backgrounds.
    frame: bool,
    /// Anything beyond backgrounds below `CONTENT_TOP`.
    content: bool,
}

/// Whether these rows of 32-bit pixels hold more colours than backgrounds do.
fn drawn(rows: &[&[u8]]) -> bool {
    let mut seen: Vec<u32> = Vec::with_capacity(16);
    for row in rows {
        for pixel in row.chunks_exact(4) {
            let colour = u32::from_ne_bytes(pixel.try_into().unwrap()) & 0xff_ffff;
            if !seen.contains(&colour) {
                seen.push(colour);
                if seen.len() > 8 {
                    return true;
                }
            }
        }
    }
    false
}

impl Drop for Screen {
    fn drop(&mut self) {
        // SAFETY: made in `open`, released once, the image's data (the segment) kept from
        // XDestroyImage, which would free it as its own.
        unsafe {
            (self.xext.XShmDetach)(self.display, &mut *self.segment);
            (*self.image).data = std::ptr::null_mut();
            (self.xlib.XDestroyImage)(self.image);
            libc::shmdt(self.segment.shmaddr as *const _);
            (self.xlib.XCloseDisplay)(self.display);
        }
    }
}

/// One measured start. Now and then GTK cannot open the display though Xvfb runs and
/// answers (seen about once in 40 starts, for both apps alike): such a start is tried again.
fn run(world: &World, binary: &Path, data: Option<&Path>, idle: Duration) -> Sample {
    let mut tries = 0;
    loop {
        match try_run(world, binary, data, idle) {
            Ok(sample) => return sample,
            Err(said) if said.contains("Failed to initialize GTK") && tries < 3 => {
                tries += 1;
                eprintln!(
                    "{} could not open the display; started again",
                    binary.display()
                );
            }
            Err(said) => panic!("{said}"),
        }
    }
}

fn try_run(
    world: &World,
    binary: &Path,
    data: Option<&Path>,
    idle: Duration,
) -> Result<Sample, String> {
    let trace = std::env::var_os("STARTUP_TRACE").is_some();
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(binary);
    command
        .env("DISPLAY", &world.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &world.bus)
        .env("HOME", home.path())
        .env("NO_AT_BRIDGE", "1")
        .env("GTK_USE_PORTAL", "0")
        .env("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1")
        .env("RAPPORT_STARTUP_PROBE", "1")
        .stdout(Stdio::piped());
    let log = home.path().join("stderr.txt");
    command.stderr(std::fs::File::create(&log).unwrap());
    let copy = tempfile::tempdir().unwrap();
    if let Some(source) = data {
        let file = copy.path().join("rapport.db");
        std::fs::copy(source, &file).unwrap();
        // Written out before the start, so the disk is not busy with the copy meanwhile.
        std::fs::File::open(&file).unwrap().sync_all().unwrap();
    }
    command.env("RAPPORT_DATA_DIR", copy.path());
    let start = Instant::now();
    let mut child = command.spawn().expect("the app did not start");
    let pid = child.id();
    let (said_ready, first_ipc) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(stdout).lines();
        if let Some(Ok(_)) = lines.next() {
            let _ = said_ready.send(start.elapsed());
        }
        // Whatever follows is drained, so the app never blocks on a full pipe.
        for l in lines.map_while(Result::ok) {
            if trace {
                eprintln!("  {:>6.0?} {l}", start.elapsed());
            }
        }
    });
    let mut first_frame = None;
    let content_at = loop {
        let seen = world
            .screen
            .as_ref()
            .expect("the display is open")
            .painted();
        if seen.frame && first_frame.is_none() {
            first_frame = Some(start.elapsed());
            if trace {
                eprintln!("  {:>6.0?} FIRST FRAME", start.elapsed());
            }
        }
        if seen.content {
            break start.elapsed();
        }
        let said = || std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(status) = child.try_wait().unwrap() {
            return Err(format!(
                "{} ended ({status}) before painting: {}\n{}",
                binary.display(),
                said(),
                world.display_state()
            ));
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{} painted nothing in two minutes: {}",
            binary.display(),
            said()
        );
        sleep(Duration::from_millis(5));
    };
    let first_ipc = first_ipc
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{} painted but never called its app", binary.display()));
    let settle = Duration::from_secs(5);
    sleep(settle.saturating_sub(start.elapsed()));
    let pids = tree(pid);
    let (rss_kb, pss_kb) = memory_kb(&pids);
    let idle_cpu = idle_cpu(pid, idle);
    let all = tree(pid);
    let _ = Command::new("kill")
        .args(all.iter().map(u32::to_string))
        .status();
    let _ = child.wait();
    // The WebKit processes end after the app: the next start must not share the cores
    // with their exit.
    let gone = Instant::now();
    while all.iter().any(|p| {
        std::fs::read_to_string(format!("/proc/{p}/stat")).is_ok_and(|s| !s.contains(") Z "))
    }) && gone.elapsed() < Duration::from_secs(10)
    {
        sleep(Duration::from_millis(20));
    }
    Ok(Sample {
        first_ipc,
        first_frame: first_frame.unwrap_or(content_at),
        content: content_at,
        rss_kb,
        pss_kb,
        idle_cpu,
    })
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort();
    values[values.len() / 2]
}

fn binary_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let hello = root.join("target/release/hello-tauri");
    // The binary the .deb installs, as `make bundle` built it (LTO, stripped).
    // `STARTUP_APP` measures another build of it instead (a debug build, while iterating).
    let rapport = std::env::var_os("STARTUP_APP").map_or_else(
        || root.join("target/release/bundle/deb/Rapport_0.1.0_amd64/data/usr/bin/rapport"),
        PathBuf::from,
    );
    let large = std::env::var_os("RAPPORT_BENCH_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench/log-50k"))
        .join("rapport.db");
    for (what, path) in [("hello-world", &hello), ("Rapport", &rapport)] {
        assert!(
            path.exists(),
            "{what} is not built ({}): `make bench` builds it",
            path.display()
        );
    }
    // An empty log as Rapport leaves it after its first start: later starts are measured,
    // not the one that creates the file.
    let empty_dir = tempfile::tempdir().unwrap();
    drop(rapport::store::Db::open(empty_dir.path()).expect("an empty log"));
    let empty = empty_dir.path().join("rapport.db");
    // The large log at this version's schema: a log written before a migration would be
    // migrated at every measured start, a cost paid once on the first start after an update.
    if let Some(dir) = large.parent().filter(|_| large.exists()) {
        let start = Instant::now();
        drop(rapport::store::Db::open(dir).expect("the large log"));
        println!(
            "the large log opened (and migrated if it was older) in {:.0?}",
            start.elapsed()
        );
    }
    let runs = env_number("STARTUP_RUNS", 7) as usize;
    let idle = Duration::from_secs(env_number("STARTUP_IDLE_SECONDS", 60));
    let world = World::start();
    let large = large.exists().then_some(large.as_path());
    let mut cases: Vec<(&str, &Path, Option<&Path>)> = vec![
        ("hello-world", &hello, None),
        ("Rapport, empty", &rapport, Some(empty.as_path())),
        ("Rapport, 50k", &rapport, large),
    ];
    // A change weighed against the build before it in the same runs: medians of separate
    // runs move by more than most changes do.
    let compare = std::env::var_os("STARTUP_COMPARE").map(PathBuf::from);
    if let Some(other) = &compare {
        assert!(other.exists(), "{} is not built", other.display());
        cases.push(("compared, empty", other, Some(empty.as_path())));
        cases.push(("compared, 50k", other, large));
    }
    let mut samples: Vec<Vec<Sample>> = cases.iter().map(|_| Vec::new()).collect();
    // A first run of each warms the disk cache and WebKit's; it is not counted.
    for (_, binary, data) in &cases {
        run(&world, binary, *data, Duration::from_secs(1));
    }
    // Where a case runs in the round can move its figures (the same build measured as both
    // sides once came out 8 and 16 ms apart): each round starts with another case, and a
    // compared build swaps places with Rapport every other round, so that neither always
    // follows the same case.
    let order = |round: usize| -> Vec<usize> {
        let mut order: Vec<usize> = if compare.is_none() {
            (0..cases.len()).collect()
        } else if round.is_multiple_of(2) {
            vec![0, 1, 3, 2, 4]
        } else {
            vec![0, 3, 1, 4, 2]
        };
        order.rotate_left(round % cases.len());
        order
    };
    for round in 0..runs {
        for i in order(round) {
            let (name, binary, data) = &cases[i];
            let s = run(&world, binary, *data, idle);
            println!(
                "run {}: {name:<16} first IPC {:>6.0?}  first frame {:>6.0?}  content {:>6.0?}  RSS {:>4} MB  PSS {:>4} MB  idle CPU {:>6.0?}",
                round + 1,
                s.first_ipc,
                s.first_frame,
                s.content,
                s.rss_kb / 1024,
                s.pss_kb / 1024,
                s.idle_cpu
            );
            samples[i].push(s);
        }
    }
    let floor = &samples[0];
    let floor_ipc = median(floor.iter().map(|s| s.first_ipc).collect());
    let floor_frame = median(floor.iter().map(|s| s.first_frame).collect());
    let floor_content = median(floor.iter().map(|s| s.content).collect());
    let floor_rss = median(floor.iter().map(|s| s.rss_kb).collect());
    let floor_cpu =
        median(floor.iter().map(|s| s.idle_cpu).collect()).max(Duration::from_millis(1));
    println!(
        "\nmedians of {runs} runs, idle CPU over {} s (budgets: content painted ≤ ×1.15, RSS ≤ ×1.15, idle CPU ≤ ×1.5)",
        idle.as_secs()
    );
    for (i, (name, _, _)) in cases.iter().enumerate() {
        let first_ipc = median(samples[i].iter().map(|s| s.first_ipc).collect());
        let first_frame = median(samples[i].iter().map(|s| s.first_frame).collect());
        let content = median(samples[i].iter().map(|s| s.content).collect());
        let rss = median(samples[i].iter().map(|s| s.rss_kb).collect());
        let pss = median(samples[i].iter().map(|s| s.pss_kb).collect());
        let cpu = median(samples[i].iter().map(|s| s.idle_cpu).collect());
        println!(
            "  {name:<16} first IPC {:>6.0?} (×{:.2})  first frame {:>6.0?} (×{:.2})  content {:>6.0?} (×{:.2})  RSS {:>4} MB (×{:.2})  PSS {:>4} MB  idle CPU {:>6.0?} (×{:.1})",
            first_ipc,
            first_ipc.as_secs_f64() / floor_ipc.as_secs_f64(),
            first_frame,
            first_frame.as_secs_f64() / floor_frame.as_secs_f64(),
            content,
            content.as_secs_f64() / floor_content.as_secs_f64(),
            rss / 1024,
            rss as f64 / floor_rss as f64,
            pss / 1024,
            cpu,
            cpu.as_secs_f64() / floor_cpu.as_secs_f64()
        );
    }
    if compare.is_some() {
        // Round by round, as each pair ran minutes apart at most: a median of separate runs
        // of one build moves by 10–15 ms, as much as most changes.
        for (what, a, b) in [("empty", 1, 3), ("50k", 2, 4)] {
            let gains: Vec<i64> = samples[a]
                .iter()
                .zip(&samples[b])
                .map(|(x, y)| y.content.as_millis() as i64 - x.content.as_millis() as i64)
                .collect();
            let sooner = gains.iter().filter(|g| **g < 0).count();
            println!(
                "  compared − Rapport, content, {what}: median {:+} ms a round, sooner in {sooner} of {runs} rounds",
                median(gains),
            );
        }
    }
    let (h, r) = (binary_size(&hello), binary_size(&rapport));
    println!(
        "  stripped binary: Rapport {:.1} MiB, hello-world {:.1} MiB (×{:.2}, budget ≤ ×1.6)",
        r as f64 / 1048576.0,
        h as f64 / 1048576.0,
        r as f64 / h as f64
    );
}
