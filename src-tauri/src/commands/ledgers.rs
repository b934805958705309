//! Reading ledgers and their tasks.

use std::collections::BTreeMap;

use serde::Serialize;
use taizhang::model::{ColumnMapping, LedgerSummary, TaskView};
use tauri::State;

use crate::state::{with_store, AppState};

/// A ledger on the home page: its summary plus task counts by status.
#[derive(Debug, Serialize)]
pub struct LedgerOverview {
    /// The ledger as the core lists it.
    #[serde(flatten)]
    pub ledger: LedgerSummary,
    /// Tasks per status; tasks without a status are counted under "未填写".
    pub status_counts: BTreeMap<String, i64>,
    /// Tasks whose due date has passed and that are not 已完成.
    pub overdue: i64,
}

/// Every ledger, oldest first, with its sheet and task counts (cheap: for selectors).
#[tauri::command(rename_all = "snake_case")]
pub async fn list_ledgers(state: State<'_, AppState>) -> Result<Vec<LedgerSummary>, String> {
    with_store(&state, |store| store.read().ledgers()).await
}

/// Every ledger with its task counts by status (counted in SQL by the core), for the home page.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_overview(state: State<'_, AppState>) -> Result<Vec<LedgerOverview>, String> {
    let today = chrono::Local::now().date_naive();
    with_store(&state, move |store| {
        let counts = taizhang::service::status_overview(store, today)?.ledgers;
        Ok(store
            .read()
            .ledgers()?
            .into_iter()
            .map(|ledger| {
                let breakdown = counts.iter().find(|b| b.id == ledger.ledger_id);
                LedgerOverview {
                    status_counts: breakdown.map(|b| b.counts.iter().cloned().collect()).unwrap_or_default(),
                    overdue: breakdown.map_or(0, |b| b.overdue),
                    ledger,
                }
            })
            .collect())
    })
    .await
}

/// One worksheet's columns, so the UI knows which column is the fill-in 进展情况.
#[derive(Debug, Serialize)]
pub struct SheetColumns {
    /// The worksheet's name.
    pub name: String,
    /// Its columns in order.
    pub columns: Vec<ColumnMapping>,
}

/// A ledger with everything the grid needs.
#[derive(Debug, Serialize)]
pub struct LedgerTasks {
    /// The ledger.
    pub ledger: LedgerSummary,
    /// Each sheet's column mapping.
    pub sheets: Vec<SheetColumns>,
    /// Every task in ledger order.
    pub tasks: Vec<TaskView>,
}

/// A ledger's sheets and tasks.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_tasks(state: State<'_, AppState>, ledger_id: i64) -> Result<LedgerTasks, String> {
    with_store(&state, move |store| {
        let reader = store.read();
        let tasks = reader.tasks(ledger_id)?;
        let ledger = reader
            .ledgers()?
            .into_iter()
            .find(|l| l.ledger_id == ledger_id)
            .ok_or(taizhang::Error::LedgerNotFound(ledger_id))?;
        let sheets = reader
            .sheet_columns(ledger_id)?
            .into_iter()
            .map(|(name, columns)| SheetColumns { name, columns })
            .collect();
        Ok(LedgerTasks { ledger, sheets, tasks })
    })
    .await
}
