//! 报告与考核: the round's 工作进展情况报告 (preview and .docx), the ledger's wording of the
//! report and the 通报, the 考核 scores with every event, the scoring rules, the 通报 .docx, and
//! the trend over rounds on the home page. Thin wrappers over `taizhang::service`.

use taizhang::assessment::ScoreBoard;
use taizhang::report::{Document, Wording};
use taizhang::service::{self, NoticeWritten, Overwrite, ReportWritten, RoundPoint, RulesView, ScoreScope};
use tauri::State;

use super::{required_path, today};
use crate::state::{with_store, AppState};

/// The change-log source of settings changed in the app.
const SOURCE: &str = "手工修改";

/// The round's report as it would be written.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_preview(state: State<'_, AppState>, round_id: i64) -> Result<Document, String> {
    with_store(&state, move |store| service::report_document(store, round_id, today())).await
}

/// Writes the round's report to `out`; an existing file is replaced only with `force`.
#[tauri::command(rename_all = "snake_case")]
pub async fn write_report(
    state: State<'_, AppState>,
    round_id: i64,
    out: String,
    force: bool,
) -> Result<ReportWritten, String> {
    let out = required_path(&out, "报告的保存位置")?;
    with_store(&state, move |store| service::write_report(store, round_id, &out, today(), Overwrite::from_force(force)))
        .await
}

/// The ledger's wording with every placeholder described.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_wording(state: State<'_, AppState>, ledger_id: i64) -> Result<Wording, String> {
    with_store(&state, move |store| service::ledger_wording(store, ledger_id)).await
}

/// Sets one segment's text (null: back to the default); returns the change-log batch.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_wording(
    state: State<'_, AppState>,
    ledger_id: i64,
    key: String,
    text: Option<String>,
) -> Result<Option<i64>, String> {
    with_store(&state, move |store| service::set_wording(store, ledger_id, &key, text.as_deref(), SOURCE)).await
}

/// The scores of a round, a year or the newest round.
#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_scores(
    state: State<'_, AppState>,
    ledger_id: i64,
    round_id: Option<i64>,
    year: Option<i32>,
) -> Result<ScoreBoard, String> {
    with_store(&state, move |store| service::scores(store, ledger_id, ScoreScope::chosen(round_id, year), today()))
        .await
}

/// The ledger's scoring rules with their defaults.
#[tauri::command(rename_all = "snake_case")]
pub async fn score_rules(state: State<'_, AppState>, ledger_id: i64) -> Result<RulesView, String> {
    with_store(&state, move |store| service::score_rules(store, ledger_id)).await
}

/// Sets rules (key → points, null: default) in one logged change; returns the batch.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_score_rules(
    state: State<'_, AppState>,
    ledger_id: i64,
    changes: Vec<(String, Option<f64>)>,
) -> Result<Option<i64>, String> {
    with_store(&state, move |store| service::set_score_rules(store, ledger_id, &changes, SOURCE)).await
}

/// Writes the 通报 of the scores to `out`; an existing file is replaced only with `force`.
#[tauri::command(rename_all = "snake_case")]
pub async fn write_notice(
    state: State<'_, AppState>,
    ledger_id: i64,
    round_id: Option<i64>,
    year: Option<i32>,
    out: String,
    force: bool,
) -> Result<NoticeWritten, String> {
    let out = required_path(&out, "通报的保存位置")?;
    with_store(&state, move |store| {
        service::write_notice(
            store,
            ledger_id,
            ScoreScope::chosen(round_id, year),
            &out,
            today(),
            Overwrite::from_force(force),
        )
    })
    .await
}

/// The ledger's rounds with task counts and returns, oldest first (the home page's trend).
#[tauri::command(rename_all = "snake_case")]
pub async fn round_trend(state: State<'_, AppState>, ledger_id: i64) -> Result<Vec<RoundPoint>, String> {
    with_store(&state, move |store| service::round_trend(store, ledger_id, today())).await
}
