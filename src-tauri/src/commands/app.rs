//! Facts about the running app, for the status bar and the startup error banner.

use serde::Serialize;
use tauri::State;

use crate::state::{AppState, Damaged};

/// What the UI shows about the app itself.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    /// The core's version.
    pub version: String,
    /// The database file in use.
    pub db_path: String,
    /// Why the database could not be opened at startup, if it could not.
    pub open_error: Option<String>,
    /// Set when that is because the file is damaged: the recovery dialog offers the backup.
    pub damaged: Option<Damaged>,
    /// A startup problem that does not stop work (the daily backup failed).
    pub startup_warning: Option<String>,
    /// Where the bundled sample ledgers are read from.
    pub templates_dir: String,
    /// The product name the app was built with (names the resource folder on Linux).
    pub package_name: String,
}

/// The version, the database path and any startup error.
#[tauri::command(rename_all = "snake_case")]
pub fn app_info(app: tauri::AppHandle, state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: taizhang::VERSION.to_string(),
        db_path: state.db_path.display().to_string(),
        open_error: state.open_error(),
        damaged: state.damaged(),
        startup_warning: state.startup_warning.clone(),
        templates_dir: state.templates_dir.display().to_string(),
        package_name: app.package_info().name.clone(),
    }
}
