//! Quantitative targets (量化指标): their actual values and verdicts, and corrections of what the
//! importer read.

use taizhang::service::{self, IndicatorEdit, IndicatorStatus};
use tauri::State;

use crate::state::{with_store, AppState};

/// The change-log source of corrections made in the app.
const SOURCE: &str = "手工修改";

/// Every indicator of a ledger with the newest actual value per unit and whether it is met.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_indicators(state: State<'_, AppState>, ledger_id: i64) -> Result<Vec<IndicatorStatus>, String> {
    with_store(&state, move |store| service::indicator_statuses(store, ledger_id, None)).await
}

/// Corrects an indicator (metric, comparator, target, unit, baseline, period, task) or removes
/// it; returns the change-log batch (none when nothing changed).
#[tauri::command(rename_all = "snake_case")]
pub async fn edit_indicator(
    state: State<'_, AppState>,
    indicator_id: i64,
    edit: IndicatorEdit,
) -> Result<Option<i64>, String> {
    with_store(&state, move |store| service::edit_indicator(store, indicator_id, &edit, SOURCE)).await
}
