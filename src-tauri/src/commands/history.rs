//! The change log and undo.

use taizhang::service::{self, UndoReport};
use taizhang::store::Batch;
use tauri::State;

use crate::state::{with_store, AppState};

/// Reverts the operation the clerk confirmed (`batch_id`, from [`last_undoable`]), or says it is
/// no longer the newest and undoes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn undo_confirmed(state: State<'_, AppState>, batch_id: i64) -> Result<UndoReport, String> {
    with_store(&state, move |store| service::undo_confirmed(store, batch_id)).await
}

/// Every recorded operation, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn history(state: State<'_, AppState>) -> Result<Vec<Batch>, String> {
    with_store(&state, |store| store.read().history()).await
}

/// The operation 撤销 would revert, so the UI can ask before undoing it.
#[tauri::command(rename_all = "snake_case")]
pub async fn last_undoable(state: State<'_, AppState>) -> Result<Option<Batch>, String> {
    with_store(&state, |store| store.read().last_undoable_batch()).await
}
