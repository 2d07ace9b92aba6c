//! Hello, world, as Tauri makes it: the start-up floor for `benches/startup.rs`.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the hello-world window could not start");
}
