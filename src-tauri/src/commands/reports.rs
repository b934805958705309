//! The task status counts of the home page's chart (what the units reported per task comes
//! with each page of the grid, see `ledgers::ledger_task_page`).

use taizhang::service::{self, StatusOverview};
use tauri::State;

use crate::state::{with_store, AppState};

/// Task counts by status per ledger and per unit, as of today.
#[tauri::command(rename_all = "snake_case")]
pub async fn status_overview(state: State<'_, AppState>) -> Result<StatusOverview, String> {
    let today = chrono::Local::now().date_naive();
    with_store(&state, move |store| service::status_overview(store, today)).await
}
