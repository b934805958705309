//! What collecting one file did, as shown to the clerk and stored with the return.

use serde::Serialize;

/// How a file was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its values were taken.
    Applied,
    /// The same file had been collected before; nothing changed.
    AlreadyCollected,
    /// It belongs to another ledger or round, or could not be matched; nothing changed.
    Rejected,
    /// It could not be read at all.
    Unreadable,
    /// Applying it failed (a full disk, a locked database): rolled back whole, nothing changed.
    Failed,
    /// It was not looked at, because an earlier file of the same collect failed.
    NotProcessed,
}

/// A fill-in value taken from a return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakenValue {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// The column's header.
    pub header: String,
    /// What this unit had reported before in this round ("" if nothing).
    pub old: String,
    /// What it reports now.
    pub new: String,
}

/// An actual value of an indicator taken from a return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakenIndicator {
    /// The indicator.
    pub indicator_id: i64,
    /// Its task's 序号.
    pub seq: String,
    /// Its metric text.
    pub metric: String,
    /// The number read.
    pub value: f64,
    /// The unit written beside it, if any.
    pub unit: Option<String>,
    /// What this unit had reported before in this round ("" if nothing).
    pub old: String,
    /// The cell text as written.
    pub new: String,
}

/// A change to a column the department may not edit: shown, not applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedChange {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// The column's header.
    pub header: String,
    /// The ledger's text.
    pub original: String,
    /// The returned text.
    pub returned: String,
}

/// A row in the return that matches no task (e.g. 序号 "17-1" added by the department).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddedRow {
    /// The sheet.
    pub sheet: String,
    /// The row in the returned file (1-based).
    pub row: u32,
    /// Its 序号 text.
    pub seq: String,
    /// Its measure text.
    pub measure: String,
}

/// A task of the unit that the return left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingTask {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
}

/// What collecting one file did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectReport {
    /// The file's name.
    pub file: String,
    /// How it was handled.
    pub outcome: Outcome,
    /// One Chinese sentence for the clerk.
    pub message: String,
    /// The unit it was recognised as.
    pub unit: Option<String>,
    /// That unit's id.
    pub unit_id: Option<i64>,
    /// How it was recognised: "identity" (the mark written at export), "title_line" (the
    /// 填报单位 line) or "content" (its tasks).
    pub identified_by: Option<String>,
    /// The stored return.
    pub return_id: Option<i64>,
    /// The change-log batch (undo target).
    pub batch_id: Option<i64>,
    /// The unit's earlier return this one replaces.
    pub superseded_return_id: Option<i64>,
    /// Values taken.
    pub taken: Vec<TakenValue>,
    /// Actual values of indicators taken (from the 量化指标 sheet).
    pub indicators: Vec<TakenIndicator>,
    /// Protected changes refused.
    pub refused: Vec<RefusedChange>,
    /// Rows added by the department.
    pub added_rows: Vec<AddedRow>,
    /// The unit's tasks missing from the file.
    pub missing_tasks: Vec<MissingTask>,
}

impl CollectReport {
    /// A report with nothing taken yet.
    pub(super) fn new(file: &str, outcome: Outcome, message: String) -> CollectReport {
        CollectReport {
            file: file.to_string(),
            outcome,
            message,
            unit: None,
            unit_id: None,
            identified_by: None,
            return_id: None,
            batch_id: None,
            superseded_return_id: None,
            taken: Vec::new(),
            indicators: Vec::new(),
            refused: Vec::new(),
            added_rows: Vec::new(),
            missing_tasks: Vec::new(),
        }
    }
}

/// One sentence summing up an applied return for the clerk.
pub(super) fn summary_message(r: &CollectReport, unit: &str) -> String {
    let mut parts = vec![format!("已收取{unit}的报送：{} 项填报内容", r.taken.len())];
    if !r.indicators.is_empty() {
        parts.push(format!("{} 项指标实际完成值", r.indicators.len()));
    }
    if !r.refused.is_empty() {
        parts.push(format!("{} 处修改了不允许修改的内容（未采用，请核对）", r.refused.len()));
    }
    if !r.added_rows.is_empty() {
        parts.push(format!("新增 {} 行（未导入，请核对）", r.added_rows.len()));
    }
    if !r.missing_tasks.is_empty() {
        parts.push(format!("缺少 {} 项任务", r.missing_tasks.len()));
    }
    if r.superseded_return_id.is_some() {
        parts.push("已替换该单位本期之前的报送（旧文件保留在记录中）".into());
    }
    parts.join("；") + "。"
}
