//! Writes a realistic large contact log to disk, the same every time (fixed seed, no
//! network): `cargo bench --bench generate -- DIR [--people N] [--extreme]`.

#[path = "support/network.rs"]
mod network;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut opts = network::Options {
        dir: PathBuf::from("target/bench/log-50k"),
        people: 50_000,
        extreme: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--people" => {
                opts.people = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--people N")
            }
            "--extreme" => opts.extreme = true,
            dir => opts.dir = PathBuf::from(dir),
        }
    }
    let file = opts.dir.join(rapport::store::DB_FILE);
    if file.exists() {
        println!("{} exists; delete it to write a new one", file.display());
        return;
    }
    let written = network::generate(&opts, &mut |line| println!("{line}"));
    println!("{written}");
}
