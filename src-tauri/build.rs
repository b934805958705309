//! Builds the Tauri context. Every command the UI may call is listed here: tauri-build generates
//! `allow-<command>` permissions for them, and `permissions/app.toml` groups those into the
//! `app-commands` set that `capabilities/default.json` grants to the main window. A command
//! missing from this list is refused at run time, so add new commands here and to
//! `permissions/app.toml`.

const COMMANDS: &[&str] = &[
    // ledgers
    "list_ledgers",
    "ledger_overview",
    "ledger_outline",
    "ledger_task_page",
    "ledger_task_ids",
    // import
    "preview_import",
    "import_ledger",
    "sample_templates",
    "import_sample",
    // tasks
    "edit_task",
    // history
    "undo_confirmed",
    "last_undoable",
    "history",
    // rounds (报送)
    "list_rounds",
    "set_schedule",
    "new_round",
    "export_unit_files",
    "collect_returns",
    "collect_return_as",
    "assign_reported_tasks",
    "round_status",
    "consolidate",
    // indicators (量化指标)
    "ledger_indicators",
    "edit_indicator",
    // backups (备份与恢复)
    "list_backups",
    "backup_now",
    "backup_to_file",
    "restore_backup",
    "ledger_schedule",
    // units
    "list_units",
    "assign_units",
    "assign_scope",
    "merge_units",
    "set_unit_contact",
    // charts
    "status_overview",
    // 报告与考核
    "report_preview",
    "write_report",
    "ledger_wording",
    "set_wording",
    "ledger_scores",
    "score_rules",
    "set_score_rules",
    "write_notice",
    "round_trend",
    // app
    "app_info",
];

fn main() {
    println!("cargo:rerun-if-changed=permissions");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
