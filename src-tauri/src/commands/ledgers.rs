//! Reading ledgers and their tasks.

use std::collections::BTreeMap;

use serde::Serialize;
use taizhang::model::{ColumnMapping, LedgerSummary};
use taizhang::service::{self, TaskReport};
use taizhang::store::{GridOutline, TaskFilter, TaskPage};
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

/// A ledger as the grid opens it: its columns and the outline its filters are built from, never
/// its tasks (those come a page at a time, see [`ledger_task_page`]).
#[derive(Debug, Serialize)]
pub struct LedgerOutline {
    /// The ledger.
    pub ledger: LedgerSummary,
    /// Each sheet's column mapping.
    pub sheets: Vec<SheetColumns>,
    /// Totals, units and category paths.
    #[serde(flatten)]
    pub outline: GridOutline,
    /// Whether any return reported anything for its tasks (the grid then shows 最新报送).
    pub has_reports: bool,
}

/// A ledger's sheets and the outline of its tasks, as of today.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_outline(state: State<'_, AppState>, ledger_id: i64) -> Result<LedgerOutline, String> {
    let today = today();
    with_store(&state, move |store| {
        let reader = store.read();
        let outline = reader.grid_outline(ledger_id, &today)?;
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
        Ok(LedgerOutline { ledger, sheets, outline, has_reports: reader.has_reports(ledger_id)? })
    })
    .await
}

/// One page of the grid: the tasks the filter selects from `offset` (at most `limit`, capped at
/// [`MAX_PAGE`]), how many it selects in all, and what the units reported for the page's tasks.
#[derive(Debug, Serialize)]
pub struct GridPage {
    /// The tasks and the total.
    #[serde(flatten)]
    pub page: TaskPage,
    /// The page's tasks' reports, newest first within a task.
    pub reports: Vec<TaskReport>,
}

/// The most tasks one page carries.
const MAX_PAGE: usize = 500;

/// The tasks `filter` selects, a page at a time, in ledger order.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_task_page(
    state: State<'_, AppState>,
    ledger_id: i64,
    filter: TaskFilter,
    offset: usize,
    limit: usize,
) -> Result<GridPage, String> {
    let today = today();
    with_store(&state, move |store| {
        let page = store.read().task_page(ledger_id, &filter, &today, offset, limit.min(MAX_PAGE))?;
        let ids: Vec<i64> = page.tasks.iter().map(|t| t.task_id).collect();
        let reports = if ids.is_empty() { Vec::new() } else { service::reports_of_tasks(store, ledger_id, &ids)? };
        Ok(GridPage { page, reports })
    })
    .await
}

/// The ids of every task `filter` selects (to assign units to the filtered tasks).
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_task_ids(
    state: State<'_, AppState>,
    ledger_id: i64,
    filter: TaskFilter,
) -> Result<Vec<i64>, String> {
    let today = today();
    with_store(&state, move |store| store.read().filtered_task_ids(ledger_id, &filter, &today)).await
}

/// Today (see [`super::today`]) as the store compares due dates: "YYYY-MM-DD".
fn today() -> String {
    super::today().format("%Y-%m-%d").to_string()
}
