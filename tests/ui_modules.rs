//! The window's start: every module is preloaded by the page, so none waits for the one
//! that imports it before it is fetched.

use std::path::Path;

fn modules(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            modules(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push(name);
        }
    }
}

#[test]
fn every_module_is_preloaded_by_the_page() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let page = std::fs::read_to_string(ui.join("index.html")).unwrap();
    let mut all = Vec::new();
    modules(&ui, &ui, &mut all);
    assert!(all.len() > 5, "{all:?}");
    for module in all.iter().filter(|m| *m != "main.js") {
        let link = format!("<link rel=\"modulepreload\" href=\"{module}\">");
        assert!(
            page.contains(&link),
            "{module} is not preloaded by index.html"
        );
    }
    assert!(page.contains("<script type=\"module\" src=\"main.js\"></script>"));
}
