//! The .deb and the .rpm a user installs: what they hold and declare, and the installed app
//! starting from the .deb, notifying under its own name and installed icon, and going away
//! cleanly. `make test` builds the packages first (`tauri build --debug --bundles deb,rpm`);
//! as root (CI) the .deb is installed with dpkg, as anyone else with passwordless sudo. The
//! .rpm is read with rpmfile (in `make test`'s virtualenv), as Debian has no rpm.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Harness, Options};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn deb() -> PathBuf {
    built(&format!("deb/Rapport_{VERSION}_amd64.deb"))
}

fn rpm() -> PathBuf {
    built(&format!("rpm/Rapport-{VERSION}-1.x86_64.rpm"))
}

/// A package of the debug build, which `make test` makes before the tests run.
fn built(package: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/debug/bundle")
        .join(package);
    assert!(
        path.exists(),
        "{} is missing: `make test` builds it (tauri build --debug --bundles deb,rpm)",
        path.display()
    );
    path
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} could not run: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn field<'a>(control: &'a str, name: &str) -> &'a str {
    control
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in the control file:\n{control}"))
}

#[test]
fn the_package_holds_the_app_its_menu_entry_and_icons() {
    let deb = deb();
    let control = run("dpkg-deb", &["--field", deb.to_str().unwrap()]);
    assert_eq!(field(&control, "Package"), "rapport");
    assert_eq!(
        field(&control, "Version"),
        VERSION,
        "the version is Cargo.toml's"
    );
    let depends: Vec<&str> = field(&control, "Depends").split(", ").collect();
    for needed in [
        "libwebkit2gtk-4.1-0",
        "libgtk-3-0",
        "libayatana-appindicator3-1",
        "libdbus-1-3",
    ] {
        assert!(
            depends.contains(&needed),
            "{needed} not declared: {depends:?}"
        );
    }
    assert!(!field(&control, "Description").is_empty());

    let files = run("dpkg-deb", &["--contents", deb.to_str().unwrap()]);
    assert!(files.contains(" ./usr/bin/rapport\n") || files.contains(" usr/bin/rapport\n"));
    for size in ICON_SIZES {
        let icon = format!("usr/share/icons/hicolor/{size}/apps/rapport.png");
        assert!(files.contains(&icon), "no {size} icon:\n{files}");
    }

    let unpacked = tempfile::tempdir().unwrap();
    run(
        "dpkg-deb",
        &[
            "-x",
            deb.to_str().unwrap(),
            unpacked.path().to_str().unwrap(),
        ],
    );
    let desktop = unpacked
        .path()
        .join("usr/share/applications/Rapport.desktop");
    menu_entry(&desktop);
}

/// The sizes of the icon each package installs.
const ICON_SIZES: [&str; 8] = [
    "16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512",
];

/// The desktop menu's entry for Rapport: valid, and saying what it is and where it belongs.
fn menu_entry(desktop: &Path) {
    run("desktop-file-validate", &[desktop.to_str().unwrap()]);
    let entry = std::fs::read_to_string(desktop).unwrap();
    for line in [
        "Name=Rapport",
        "Exec=rapport",
        "Icon=rapport",
        "Comment=Informational interviews, prepared and followed up",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line} missing:\n{entry}");
    }
    for key in ["Categories=", "Keywords="] {
        let value = entry
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("no {key}:\n{entry}"));
        assert!(value.ends_with(';') && value.len() > 2, "{key}{value}");
    }
}

/// What the .rpm says of itself and holds, read by an independent reader; the menu entry
/// written out to `into`.
const READ_RPM: &str = r#"
import json, sys, rpmfile
with rpmfile.open(sys.argv[1]) as rpm:
    h = rpm.headers
    text = lambda v: v.decode() if isinstance(v, bytes) else v
    entry = rpm.extractfile("./usr/share/applications/Rapport.desktop").read()
    open(sys.argv[2], "wb").write(entry)
    print(json.dumps({
        "name": text(h["name"]), "version": text(h["version"]),
        "summary": text(h["summary"]), "description": text(h["description"]),
        "licence": text(h.get("copyright")),
        "requires": [text(r) for r in h["requirename"]],
        "files": [m.name for m in rpm.getmembers()],
    }))
"#;

/// What `READ_RPM` prints.
#[derive(serde::Deserialize)]
struct RpmSays {
    name: String,
    version: String,
    summary: String,
    description: String,
    licence: Option<String>,
    requires: Vec<String>,
    files: Vec<String>,
}

#[test]
fn the_rpm_holds_the_app_its_menu_entry_and_icons() {
    let rpm = rpm();
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python");
    let out = tempfile::tempdir().unwrap();
    let desktop = out.path().join("Rapport.desktop");
    let said: RpmSays = serde_json::from_str(&run(
        python.to_str().unwrap(),
        &[
            "-c",
            READ_RPM,
            rpm.to_str().unwrap(),
            desktop.to_str().unwrap(),
        ],
    ))
    .unwrap();
    assert_eq!(said.name, "rapport");
    assert_eq!(said.version, VERSION, "the version is Cargo.toml's");
    assert_eq!(said.licence.as_deref(), Some(env!("CARGO_PKG_LICENSE")));
    assert!(!said.summary.is_empty() && !said.description.is_empty());
    for needed in [
        "libwebkit2gtk-4.1.so.0()(64bit)",
        "libgtk-3.so.0()(64bit)",
        "libayatana-appindicator3.so.1()(64bit)",
        "dbus-libs",
    ] {
        assert!(
            said.requires.iter().any(|r| r == needed),
            "{needed} not declared: {:?}",
            said.requires
        );
    }
    let holds = |file: &str| said.files.iter().any(|f| f == file);
    assert!(holds("./usr/bin/rapport"), "{:?}", said.files);
    for size in ICON_SIZES {
        let icon = format!("./usr/share/icons/hicolor/{size}/apps/rapport.png");
        assert!(holds(&icon), "no {size} icon: {:?}", said.files);
    }
    menu_entry(&desktop);
}

/// Installs the package; removes it again when dropped, whatever happened meanwhile.
struct Installed {
    sudo: bool,
}

impl Installed {
    fn dpkg(&self, args: &[&str]) -> String {
        if self.sudo {
            let mut all = vec!["-n", "dpkg"];
            all.extend_from_slice(args);
            run("sudo", &all)
        } else {
            run("dpkg", args)
        }
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new(if self.sudo { "sudo" } else { "dpkg" })
            .args(if self.sudo {
                &["-n", "dpkg", "--purge", "rapport"][..]
            } else {
                &["--purge", "rapport"][..]
            })
            .output();
    }
}

fn may_install() -> Option<bool> {
    let root = run("id", &["-u"]).trim() == "0";
    if root {
        return Some(false);
    }
    let sudo = Command::new("sudo")
        .args(["-n", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    sudo.then_some(true)
}

#[test]
fn the_installed_app_starts_notifies_as_itself_and_uninstalls_cleanly() {
    let deb = deb();
    let Some(sudo) = may_install() else {
        eprintln!("not root and no passwordless sudo: the install is checked in CI only");
        return;
    };
    let installed = Installed { sudo };
    installed.dpkg(&["--install", deb.to_str().unwrap()]);
    let status = installed.dpkg(&["--status", "rapport"]);
    assert!(status.contains("Status: install ok installed"), "{status}");
    let binary = Path::new("/usr/bin/rapport");
    assert!(binary.is_file());

    // Dana's call ended two days ago and no thank-you is logged: a notification at start.
    let harness = Harness::with(Options {
        notification_server: true,
        ..Options::default()
    });
    support::seed_overdue_thank_you(harness.data_dir.path());
    let s = harness.launch_binary(binary, &[]);
    s.wait_for_text("#bucket-overdue", "Dana Reyes");
    let n = harness.bus.wait_for_notify("Dana Reyes");
    assert_eq!(n.app_name, "Rapport", "{n:?}");
    assert_eq!(
        n.icon, "rapport",
        "the installed icon, by its theme name: {n:?}"
    );
    s.screenshot("installed-app");
    s.quit();

    installed.dpkg(&["--purge", "rapport"]);
    assert!(!binary.exists(), "the binary stayed");
    assert!(!Path::new("/usr/share/applications/Rapport.desktop").exists());
    assert!(!Path::new("/usr/share/icons/hicolor/128x128/apps/rapport.png").exists());
    let gone = Command::new("dpkg")
        .args(["--status", "rapport"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&gone.stdout).contains("install ok installed"),
        "still installed"
    );
}
