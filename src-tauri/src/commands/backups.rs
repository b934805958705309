//! 备份与恢复: the backups folder, manual backups, and restoring one (also when the startup check
//! found the database damaged and no store is open).

use std::path::PathBuf;

use taizhang::service::backup::{self, BackupInfo, BackupReason, RestoreReport};
use taizhang::service::Overwrite;
use tauri::State;

use crate::state::{blocking, with_store, AppState};

fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Every backup of the database, newest first (readable even when the database is damaged).
#[tauri::command(rename_all = "snake_case")]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, String> {
    let db = state.db_path.clone();
    blocking(move || backup::list_backups(&db).map_err(|e| e.to_string())).await
}

/// A manual backup into the backups folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, String> {
    with_store(&state, |store| backup::backup_now(store, BackupReason::Manual, now())).await
}

/// A manual backup into one file the user chose (e.g. on a USB stick).
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_to_file(state: State<'_, AppState>, path: String, force: bool) -> Result<BackupInfo, String> {
    let overwrite = Overwrite::from_force(force);
    with_store(&state, move |store| backup::backup_to_file(store, &PathBuf::from(path), now(), overwrite)).await
}

/// Replaces the database with a backup (the current one is backed up first). Works with the
/// open store, or, when the startup check refused a damaged file, on the file itself and then
/// opens it.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Result<RestoreReport, String> {
    let source = PathBuf::from(path);
    if state.store().is_ok() {
        return with_store(&state, move |store| backup::restore_backup(store, &source, now())).await;
    }
    let db = state.db_path.clone();
    let report = blocking(move || backup::restore_file(&db, &source, now()).map_err(|e| e.to_string())).await?;
    state.reopen()?;
    Ok(report)
}
