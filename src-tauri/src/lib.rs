//! 台账通 desktop shell: a Tauri 2 window over the `taizhang` core.
//!
//! This crate holds no business logic. [`state`] opens the database once at startup;
//! [`commands`] exposes the core's service and store operations to the UI, one module per
//! domain, each returning the core error's Chinese message on failure.

mod commands;
mod memory;
mod state;
mod webview2;

use tauri::Manager;

/// Starts the app: single instance, dialog plugin, the store, the commands, the main window.
/// Without a webview to draw it (no WebView2 Runtime on Windows) it says so and exits with 1.
pub fn run() {
    if !webview2::available() {
        std::process::exit(1);
    }
    tauri::Builder::default()
        // Must be the first plugin: a second launch focuses the running window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = state::AppState::open(app.handle());
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::ledgers::list_ledgers,
            commands::ledgers::ledger_overview,
            commands::ledgers::ledger_outline,
            commands::ledgers::ledger_task_page,
            commands::ledgers::ledger_task_ids,
            commands::import::preview_import,
            commands::import::import_ledger,
            commands::import::sample_templates,
            commands::import::import_sample,
            commands::tasks::edit_task,
            commands::history::undo_confirmed,
            commands::history::last_undoable,
            commands::history::history,
            commands::rounds::list_rounds,
            commands::rounds::set_schedule,
            commands::rounds::new_round,
            commands::rounds::export_unit_files,
            commands::rounds::collect_returns,
            commands::rounds::collect_return_as,
            commands::rounds::assign_reported_tasks,
            commands::rounds::round_status,
            commands::rounds::consolidate,
            commands::indicators::ledger_indicators,
            commands::indicators::edit_indicator,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::backup_to_file,
            commands::backups::restore_backup,
            commands::rounds::ledger_schedule,
            commands::units::list_units,
            commands::units::assign_units,
            commands::units::assign_scope,
            commands::units::merge_units,
            commands::units::set_unit_contact,
            commands::reports::status_overview,
            commands::assessment::report_preview,
            commands::assessment::write_report,
            commands::assessment::ledger_wording,
            commands::assessment::set_wording,
            commands::assessment::ledger_scores,
            commands::assessment::score_rules,
            commands::assessment::set_score_rules,
            commands::assessment::write_notice,
            commands::assessment::round_trend,
        ])
        .run(tauri::generate_context!())
        .expect("台账通无法启动窗口");
}
