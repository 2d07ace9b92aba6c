//! Hello, world, as Tauri makes it: the start-up floor for `benches/startup.rs`.

/// The page's first call: the harness times exec → this line, as it does Rapport's.
#[tauri::command]
fn ready() {
    println!("first IPC");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the hello-world window could not start");
}
