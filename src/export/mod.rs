//! Writing spreadsheets (rust_xlsxwriter): every line of xlsx writing lives in this module.
//!
//! PLACEHOLDER BODY: the writer is being built; the public data types below are the interface
//! the service layer fills in.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::import::SheetLayout;
use crate::model::ColumnMapping;
use crate::Result;

/// The name of the hidden worksheet that carries a unit file's identity.
pub const IDENTITY_SHEET: &str = "_台账通";

/// The header of the hidden column that carries each row's task key (`T{task_id}`).
pub const KEY_HEADER: &str = "台账通编号";

/// The header of the status column added when a sheet has none.
pub const STATUS_HEADER: &str = "完成状态";

/// The choices of the status dropdown.
pub const STATUS_CHOICES: [&str; 4] = ["已完成", "推进中", "未启动", "长期坚持"];

/// Who a file is for and which round it belongs to; written into the file so a return can be
/// recognised even after Excel, WPS or LibreOffice re-saved it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileIdentity {
    /// Format version of the identity block.
    pub format: u32,
    /// The ledger's id in the clerk's database.
    pub ledger_id: i64,
    /// The ledger's title.
    pub ledger_title: String,
    /// The round's id.
    pub round_id: i64,
    /// The round's label (第6期).
    pub round_label: String,
    /// The round's due date.
    pub due: NaiveDate,
    /// The unit the file is for.
    pub unit_id: i64,
    /// The unit's name.
    pub unit_name: String,
}

/// One task row to write.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    /// The task's id (written as the row key `T{task_id}`).
    pub task_id: i64,
    /// One text per column of [`ExportSheet::columns`].
    pub cells: Vec<String>,
    /// The task's status (已完成 / 推进中 / 未启动 / 长期坚持 / 逾期), if known.
    pub status: Option<String>,
}

/// One worksheet to write in its template's layout.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSheet {
    /// The worksheet's name.
    pub name: String,
    /// The 附件 label, if the template had one.
    pub label: Option<String>,
    /// The title, if the template had one.
    pub title: Option<String>,
    /// The template's layout (widths, header rows, print settings, original merges).
    pub layout: SheetLayout,
    /// The columns, in order, with their original headers and fields.
    pub columns: Vec<ColumnMapping>,
    /// The rows to write, in ledger order.
    pub rows: Vec<ExportRow>,
}

/// A per-unit return file: the unit's rows, editable only in the fill-in columns.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFile {
    /// The identity written into the file.
    pub identity: FileIdentity,
    /// The sheets, each holding only this unit's rows.
    pub sheets: Vec<ExportSheet>,
}

/// One line of the consolidated summary sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitSummary {
    /// The unit.
    pub unit: String,
    /// Tasks it leads or co-operates on.
    pub tasks: usize,
    /// Whether it returned this round.
    pub returned: bool,
    /// Its tasks marked 已完成.
    pub completed: usize,
    /// Its tasks past their deadline and not completed.
    pub overdue: usize,
}

/// An overdue task listed on the summary sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueTask {
    /// The task's sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// Its measure (shortened by the writer as needed).
    pub measure: String,
    /// Its lead units, joined.
    pub lead_units: String,
    /// Its due date.
    pub due: NaiveDate,
}

/// The consolidated ledger sent upward.
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidated {
    /// The ledger's title.
    pub ledger_title: String,
    /// The round's label, when consolidating one round.
    pub round_label: Option<String>,
    /// The date the file is made.
    pub as_of: NaiveDate,
    /// Every sheet with every task, progress filled in.
    pub sheets: Vec<ExportSheet>,
    /// One line per unit.
    pub units: Vec<UnitSummary>,
    /// Overdue tasks.
    pub overdue: Vec<OverdueTask>,
}

/// Writes a unit's return file.
pub fn write_unit_file(file: &UnitFile, path: &Path) -> Result<()> {
    let _ = (file, path);
    unimplemented!("being written")
}

/// Writes the consolidated ledger.
pub fn write_consolidated(ledger: &Consolidated, path: &Path) -> Result<()> {
    let _ = (ledger, path);
    unimplemented!("being written")
}

/// A file name made safe for Windows from a unit name: no reserved characters or names, no
/// trailing dots or spaces, at most 100 characters.
pub fn safe_file_stem(name: &str) -> String {
    name.to_string()
}
