//! The window's start: the modules of the first screen (main.js and what it imports, to the
//! end) are all preloaded by the page, so none waits for the one that imports it; the other
//! screens are loaded with `import()` once it is drawn, and the page neither imports nor
//! preloads them before.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn modules(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            modules(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.insert(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}

/// The quoted specifier right after `marker` on each line that has it, as a path under `ui/`.
fn specifiers(ui: &Path, module: &str, marker: &str) -> Vec<String> {
    let file = ui.join(module);
    let text = std::fs::read_to_string(&file).unwrap();
    let dir = Path::new(module).parent().unwrap_or(Path::new(""));
    text.lines()
        .filter(|line| {
            // A static import is a statement of its own; words in comments and strings are not.
            let line = line.trim_start();
            marker != " from "
                || ["import ", "export ", "} from "]
                    .iter()
                    .any(|s| line.starts_with(s))
        })
        .filter_map(|line| {
            let rest = &line[line.find(marker)? + marker.len()..];
            let rest = rest.trim_start().strip_prefix('"')?;
            let spec = &rest[..rest.find('"')?];
            Some(normalize(&dir.join(spec)))
        })
        .collect()
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part.as_os_str().to_str().unwrap() {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p.to_string()),
        }
    }
    parts
        .iter()
        .collect::<PathBuf>()
        .to_string_lossy()
        .into_owned()
}

/// Every module `main.js` reaches through static `import … from` lines.
fn first_screen(ui: &Path) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec!["main.js".to_string()];
    while let Some(module) = todo.pop() {
        if seen.insert(module.clone()) {
            todo.extend(specifiers(ui, &module, " from "));
        }
    }
    seen
}

#[test]
fn the_first_screens_modules_are_preloaded_and_the_others_come_after() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let page = std::fs::read_to_string(ui.join("index.html")).unwrap();
    assert!(page.contains("<script type=\"module\" src=\"main.js\"></script>"));
    let preload = |m: &str| format!("<link rel=\"modulepreload\" href=\"{m}\">");

    let mut all = BTreeSet::new();
    modules(&ui, &ui, &mut all);
    let first = first_screen(&ui);
    assert!(first.contains("views/today.js"), "{first:?}");
    for module in first.iter().filter(|m| *m != "main.js") {
        assert!(all.contains(module), "main.js reaches a missing {module}");
        assert!(
            page.contains(&preload(module)),
            "{module} is not preloaded by index.html"
        );
    }

    let later: BTreeSet<String> = specifiers(&ui, "main.js", "import(").into_iter().collect();
    assert!(later.contains("views/contacts.js"), "{later:?}");
    for module in &later {
        assert!(all.contains(module), "main.js loads a missing {module}");
        assert!(
            !first.contains(module),
            "{module} is loaded later but also imported by the first screen"
        );
        assert!(
            !page.contains(&preload(module)),
            "{module} is loaded later but preloaded"
        );
    }

    // Every module is either part of the first screen or reached from what loads later.
    let mut reached = first.clone();
    let mut todo: Vec<String> = later.into_iter().collect();
    while let Some(module) = todo.pop() {
        if reached.insert(module.clone()) {
            todo.extend(specifiers(&ui, &module, " from "));
        }
    }
    let orphans: Vec<_> = all.difference(&reached).collect();
    assert!(orphans.is_empty(), "modules nothing loads: {orphans:?}");
}
