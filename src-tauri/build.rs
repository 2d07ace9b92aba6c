// The window may call only the commands its capability lists (see capabilities/).
const COMMANDS: &[&str] = &[
    "contacts_list",
    "contacts_get",
    "contacts_create",
    "contacts_update",
    "contacts_delete",
    "contacts_tags",
    "interactions_create",
    "interactions_delete",
    "organizations_list",
    "reminders_list",
    "reminders_done",
    "reminders_snooze",
    "reminders_wake",
    "settings_get",
    "settings_save_reminders",
    "settings_save_app",
    "app_quit",
    "vocabulary_get",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {err:#}");
    }
}
