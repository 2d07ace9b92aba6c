// The window may call only the commands its capability lists (see capabilities/).
const COMMANDS: &[&str] = &[
    "backup_now",
    "backup_list",
    "backup_restore",
    "contacts_list",
    "contacts_get",
    "contacts_create",
    "contacts_update",
    "contacts_delete",
    "contacts_tags",
    "contacts_open_link",
    "duplicates_list",
    "duplicates_compare",
    "duplicates_merge",
    "duplicates_dismiss",
    "duplicates_undismiss",
    "exchange_preview",
    "exchange_import",
    "exchange_discard",
    "exchange_export",
    "interactions_create",
    "interactions_delete",
    "organizations_list",
    "organizations_get",
    "organizations_update",
    "interviews_create",
    "interviews_get",
    "interviews_soon",
    "interviews_reschedule",
    "interviews_save_prep",
    "interviews_delete",
    "interviews_add_question",
    "interviews_edit_question",
    "interviews_delete_question",
    "interviews_move_question",
    "interviews_mark_question",
    "interviews_save_ready_answer",
    "interviews_start_call",
    "interviews_clock",
    "interviews_end_call",
    "interviews_unfinished",
    "questionbank_list",
    "questionbank_add",
    "questionbank_edit",
    "questionbank_delete",
    "reminders_today",
    "reminders_more",
    "reminders_undo_done",
    "reminders_done",
    "reminders_snooze",
    "reminders_wake",
    "settings_get",
    "settings_save_reminders",
    "settings_save_app",
    "app_quit",
    "vocabulary_get",
    "app_bootstrap",
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
