//! Domain types shared by the importer, the store, the service layer and the front ends.

use serde::{Deserialize, Serialize};

use crate::dates::Deadline;

/// The meaning of a ledger column, whatever its header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 序号: the task's sequence label, kept as text ("17-1").
    Seq,
    /// A category level (重点任务, 工作要求, 所属专项, 改革方向 …); a sheet may have several.
    Category,
    /// The measure itself (工作措施, 主要任务, 升级措施 …).
    Measure,
    /// Lead units (牵头单位).
    Lead,
    /// Co-operating units (配合单位, or 责任单位 beside a 牵头单位 column).
    Co,
    /// The deadline text (完成时限).
    Deadline,
    /// Fill-in: progress (进展情况, 双周进展情况).
    Progress,
    /// Fill-in: problems met (存在问题).
    Problems,
    /// Fill-in: next steps (下一步工作计划).
    NextPlan,
    /// Fill-in: yearly target and effect (年度目标和效果).
    Target,
    /// Fill-in: detailed actions (细化举措).
    Detail,
    /// Fill-in: remarks (备注).
    Note,
    /// Fill-in: task status (状态).
    Status,
    /// A column the importer does not know; kept, never dropped.
    Other,
}

impl Field {
    /// Every field, in the order the CLI lists them.
    pub const ALL: [Field; 14] = [
        Field::Seq,
        Field::Category,
        Field::Measure,
        Field::Lead,
        Field::Co,
        Field::Deadline,
        Field::Progress,
        Field::Problems,
        Field::NextPlan,
        Field::Target,
        Field::Detail,
        Field::Note,
        Field::Status,
        Field::Other,
    ];

    /// The field's stable English key, as used in JSON and in `--map`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Seq => "seq",
            Field::Category => "category",
            Field::Measure => "measure",
            Field::Lead => "lead",
            Field::Co => "co",
            Field::Deadline => "deadline",
            Field::Progress => "progress",
            Field::Problems => "problems",
            Field::NextPlan => "next_plan",
            Field::Target => "target",
            Field::Detail => "detail",
            Field::Note => "note",
            Field::Status => "status",
            Field::Other => "other",
        }
    }

    /// The field's Chinese name, as shown to the clerk.
    pub fn label(self) -> &'static str {
        match self {
            Field::Seq => "序号",
            Field::Category => "任务类别",
            Field::Measure => "工作措施",
            Field::Lead => "牵头单位",
            Field::Co => "配合单位",
            Field::Deadline => "完成时限",
            Field::Progress => "进展情况",
            Field::Problems => "存在问题",
            Field::NextPlan => "下一步工作计划",
            Field::Target => "目标和效果",
            Field::Detail => "细化举措",
            Field::Note => "备注",
            Field::Status => "状态",
            Field::Other => "其他（原样保留）",
        }
    }

    /// Looks a field up by its English key or its Chinese name.
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim();
        Field::ALL.into_iter().find(|f| f.key().eq_ignore_ascii_case(name) || f.label() == name)
    }

    /// Whether departments fill this column in when they report.
    pub fn is_fill_in(self) -> bool {
        matches!(
            self,
            Field::Progress
                | Field::Problems
                | Field::NextPlan
                | Field::Target
                | Field::Detail
                | Field::Note
                | Field::Status
        )
    }
}

/// How one column of an imported sheet was understood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Zero-based column index.
    pub index: u32,
    /// The Excel column letter (A, B, …).
    pub letter: String,
    /// The header text exactly as in the file (multi-row headers joined with "/").
    pub header: String,
    /// The field the column maps to.
    pub field: Field,
}

/// A ledger as listed to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerSummary {
    /// The ledger's id.
    pub ledger_id: i64,
    /// The ledger's title.
    pub title: String,
    /// The file it was imported from.
    pub source_file: String,
    /// The year used to read deadlines that name only a month.
    pub anchor_year: Option<i32>,
    /// When it was imported (local time, ISO 8601).
    pub imported_at: String,
    /// The number of worksheets with tasks.
    pub sheet_count: i64,
    /// The number of tasks.
    pub task_count: i64,
}

/// One task, as returned by `tasks LEDGER_ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    /// The task's id.
    pub task_id: i64,
    /// The worksheet it comes from.
    pub sheet: String,
    /// The row it was read from (Excel's 1-based numbering).
    pub source_row: u32,
    /// The sequence label, as text.
    pub seq: String,
    /// The category path, outermost first.
    pub category: Vec<String>,
    /// The measure text.
    pub measure: String,
    /// Lead units, canonical names.
    pub lead_units: Vec<String>,
    /// Co-operating units, canonical names.
    pub co_units: Vec<String>,
    /// The deadline, raw and read.
    pub deadline: Deadline,
    /// The current status (已完成 / 推进中 / 未启动 / 长期坚持), when set.
    pub status: Option<String>,
    /// Every original cell by its header, after fill-down of merged cells.
    pub cells: serde_json::Map<String, serde_json::Value>,
    /// The task's quantified targets (指标), as extracted or corrected.
    #[serde(default)]
    pub indicators: Vec<crate::indicators::StoredIndicator>,
}

/// The statuses a task can be given by hand or by a return; 逾期 (overdue) is derived from the
/// deadline, never stored.
pub const TASK_STATUSES: [&str; 4] = ["已完成", "推进中", "未启动", "长期坚持"];

/// What the app and the charts call a task without a status.
pub const NO_STATUS: &str = "未填写";
