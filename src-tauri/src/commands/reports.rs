//! What the units reported per task, and the task status counts of the home page's chart.

use taizhang::service::{self, StatusOverview, TaskReport};
use tauri::State;

use crate::state::{with_store, AppState};

/// Every task's reports of a ledger, newest first within a task.
#[tauri::command(rename_all = "snake_case")]
pub async fn task_reports(state: State<'_, AppState>, ledger_id: i64) -> Result<Vec<TaskReport>, String> {
    with_store(&state, move |store| service::task_reports(store, ledger_id)).await
}

/// Task counts by status per ledger and per unit, as of today.
#[tauri::command(rename_all = "snake_case")]
pub async fn status_overview(state: State<'_, AppState>) -> Result<StatusOverview, String> {
    let today = chrono::Local::now().date_naive();
    with_store(&state, move |store| service::status_overview(store, today)).await
}
