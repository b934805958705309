//! The unit directory (merging duplicates, contacts) and assigning units to tasks.

use taizhang::service::{self, AssignReport, MergeReport, TaskSelector};
use taizhang::store::UnitEntry;
use tauri::State;

use crate::state::{with_store, AppState};

/// Every unit with its aliases, task counts and contact, by name.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_units(state: State<'_, AppState>) -> Result<Vec<UnitEntry>, String> {
    with_store(&state, |store| store.read().unit_directory()).await
}

/// Links lead and co-operating units to tasks: the given task ids, or every task of a 工作要求
/// group (`category`, optionally on one `sheet`). Logged and undoable.
#[tauri::command(rename_all = "snake_case")]
pub async fn assign_units(
    state: State<'_, AppState>,
    ledger_id: i64,
    task_ids: Option<Vec<i64>>,
    category: Option<String>,
    sheet: Option<String>,
    lead: Vec<String>,
    co: Vec<String>,
) -> Result<AssignReport, String> {
    let selector = match (task_ids, category) {
        (Some(ids), _) if !ids.is_empty() => TaskSelector::Ids(ids),
        (_, Some(category)) if !category.trim().is_empty() => TaskSelector::Category { category, sheet },
        _ => return Err("请先选择要指定单位的任务或工作要求分组。".to_string()),
    };
    let (lead, co) = (lead.join("、"), co.join("、"));
    with_store(&state, move |store| service::assign_units(store, ledger_id, &selector, &lead, &co)).await
}

/// The tasks an assignment would reach and the units they already have.
#[derive(Debug, serde::Serialize)]
pub struct AssignScope {
    /// The tasks, in ledger order.
    pub task_ids: Vec<i64>,
    /// Their lead units (each once).
    pub lead_units: Vec<String>,
    /// Their co-operating units (each once).
    pub co_units: Vec<String>,
}

/// What assigning to these tasks (`task_ids`) or to a 工作要求 group (`category`, optionally on one
/// `sheet`) would reach, for the assign dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn assign_scope(
    state: State<'_, AppState>,
    ledger_id: i64,
    task_ids: Option<Vec<i64>>,
    category: Option<String>,
    sheet: Option<String>,
) -> Result<AssignScope, String> {
    with_store(&state, move |store| {
        let read = store.read();
        let task_ids = match (task_ids, category) {
            (Some(ids), _) => ids,
            (None, Some(category)) => read.group_task_ids(ledger_id, &category, sheet.as_deref())?,
            (None, None) => Vec::new(),
        };
        let (lead_units, co_units) = read.units_of_tasks(&task_ids)?;
        Ok(AssignScope { task_ids, lead_units, co_units })
    })
    .await
}

/// Merges unit `source_id` into `target_id` (its names become aliases, its tasks the target's).
#[tauri::command(rename_all = "snake_case")]
pub async fn merge_units(state: State<'_, AppState>, source_id: i64, target_id: i64) -> Result<MergeReport, String> {
    with_store(&state, move |store| service::merge_units(store, source_id, target_id)).await
}

/// Sets a unit's 联系人 and 电话 (blank clears them); returns the change-log batch.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_unit_contact(
    state: State<'_, AppState>,
    unit_id: i64,
    contact: String,
    phone: String,
) -> Result<i64, String> {
    with_store(&state, move |store| service::set_unit_contact(store, unit_id, &contact, &phone)).await
}
