//! Replays on stable what the fuzzers (fuzz/, `make fuzz`) found: every input of their
//! corpus and every crash they reported, each kept after its fix in fuzz/regressions.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for dir in [
        root.join("corpus").join(target),
        root.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

fn replay(target: &str, check: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(inputs.len() >= 5, "the {target} corpus is missing");
    for (name, bytes) in inputs {
        if std::panic::catch_unwind(|| check(&bytes)).is_err() {
            panic!("{name} fails again");
        }
    }
}

#[test]
fn the_csv_readers_corpus_reads_or_is_refused() {
    replay("csv_reader", rapport::exchange::fuzz::csv_readers);
}

#[test]
fn the_vcard_reader_corpus_reads_or_is_refused() {
    replay("vcard_reader", rapport::exchange::fuzz::vcard_reader);
}
