//! The 报送 (reporting round) commands: set the schedule, start a round, export the unit files,
//! collect the returns, see who has not reported (催报), export the consolidated ledger.
//!
//! Each is a thin wrapper over `taizhang::service` run off the main thread by
//! [`with_store`]; "today" is the machine's local date.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use taizhang::import::attachments::ReturnSource;
use taizhang::service::{
    self, AdoptReport, CollectReport, ConsolidateReport, ExportReport, Overwrite, RoundStatus, ScheduleReport,
};
use taizhang::store::RoundRow;
use tauri::ipc::Channel;
use tauri::State;

use super::{required_path, today};
use crate::state::{with_store, AppState};

/// Reads the UI's "YYYY-MM-DD" due date (empty or null: none).
fn parse_due(due: Option<String>) -> Result<Option<NaiveDate>, String> {
    match due.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("截止日期“{text}”无法识别，请按“2022-04-25”的格式填写。")),
    }
}

/// A ledger's rounds, by due date.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_rounds(state: State<'_, AppState>, ledger_id: i64) -> Result<Vec<RoundRow>, String> {
    with_store(&state, move |store| store.read().rounds(ledger_id)).await
}

/// Sets a ledger's reporting schedule from a phrase ("每月10日和25日").
#[tauri::command(rename_all = "snake_case")]
pub async fn set_schedule(state: State<'_, AppState>, ledger_id: i64, rule: String) -> Result<ScheduleReport, String> {
    with_store(&state, move |store| service::set_schedule(store, ledger_id, rule.trim())).await
}

/// Starts a round; without a due date the ledger's schedule gives it.
#[tauri::command(rename_all = "snake_case")]
pub async fn new_round(
    state: State<'_, AppState>,
    ledger_id: i64,
    label: Option<String>,
    due: Option<String>,
) -> Result<RoundRow, String> {
    let due = parse_due(due)?;
    let label = label.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
    with_store(&state, move |store| service::new_round(store, ledger_id, label.as_deref(), due, today())).await
}

/// How far a long operation is: `done` of `total` files.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    /// Files finished.
    pub done: usize,
    /// Files in all.
    pub total: usize,
}

/// Sends progress to the UI; a closed window is no reason to stop the work.
fn reporter(channel: Channel<Progress>) -> impl FnMut(usize, usize) {
    move |done, total| {
        let _ = channel.send(Progress { done, total });
    }
}

/// The ledger's reporting schedule as last set (null when none is set).
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_schedule(state: State<'_, AppState>, ledger_id: i64) -> Result<Option<ScheduleReport>, String> {
    with_store(&state, move |store| service::ledger_schedule(store, ledger_id)).await
}

/// Writes one return file per unit into `out_dir`, reporting each file written on `on_progress`.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_unit_files(
    state: State<'_, AppState>,
    round_id: i64,
    out_dir: String,
    on_progress: Channel<Progress>,
) -> Result<ExportReport, String> {
    let out_dir = required_path(&out_dir, "导出的文件夹")?;
    let progress = reporter(on_progress);
    with_store(&state, move |store| service::export_unit_files(store, round_id, &out_dir, progress)).await
}

/// Collects returned files — picked, typed or dropped on the window: files, folders and .zip
/// archives of attachments — each applied whole or not at all, reporting each file done on
/// `on_progress`. `unit_id` names the unit of every file (none: each file's unit is recognised).
#[tauri::command(rename_all = "snake_case")]
pub async fn collect_returns(
    state: State<'_, AppState>,
    round_id: i64,
    paths: Vec<String>,
    unit_id: Option<i64>,
    on_progress: Channel<Progress>,
) -> Result<Vec<CollectReport>, String> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(PathBuf::from).collect();
    if paths.is_empty() {
        return Err("请先选择各单位报回的文件。".to_string());
    }
    let progress = reporter(on_progress);
    with_store(&state, move |store| service::collect_as(store, round_id, &paths, unit_id, progress)).await
}

/// Collects one returned file again (a file on disk or inside a .zip, as its report names it)
/// as the return of the unit the clerk picked.
#[tauri::command(rename_all = "snake_case")]
pub async fn collect_return_as(
    state: State<'_, AppState>,
    round_id: i64,
    source: ReturnSource,
    unit_id: i64,
) -> Result<CollectReport, String> {
    with_store(&state, move |store| service::collect_source_as(store, round_id, &source, unit_id)).await
}

/// Adds the unit of a return to the tasks it reported on without being assigned to them.
#[tauri::command(rename_all = "snake_case")]
pub async fn assign_reported_tasks(state: State<'_, AppState>, return_id: i64) -> Result<AdoptReport, String> {
    with_store(&state, move |store| service::assign_reported_tasks(store, return_id)).await
}

/// Who has returned the round, who is late or missing, and the 催报 text.
#[tauri::command(rename_all = "snake_case")]
pub async fn round_status(state: State<'_, AppState>, round_id: i64) -> Result<RoundStatus, String> {
    with_store(&state, move |store| service::round_status(store, round_id, today())).await
}

/// Writes the consolidated ledger (of one round, or each unit's latest values) to `out`; an
/// existing file is replaced only with `force` (the clerk confirmed it).
#[tauri::command(rename_all = "snake_case")]
pub async fn consolidate(
    state: State<'_, AppState>,
    ledger_id: i64,
    round_id: Option<i64>,
    out: String,
    force: bool,
) -> Result<ConsolidateReport, String> {
    let out = required_path(&out, "汇总台账的保存位置")?;
    let overwrite = Overwrite::from_force(force);
    with_store(&state, move |store| service::consolidate(store, ledger_id, round_id, &out, today(), overwrite)).await
}
