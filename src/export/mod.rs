//! Writing spreadsheets (rust_xlsxwriter): every line of xlsx writing lives in this module.
//!
//! - [`write_unit_file`]: a department's return file. Each ledger sheet in its template's layout
//!   (附件 label, merged title, a line naming the unit, round and due date, the header row(s),
//!   the unit's rows with category columns re-merged), a status column with a dropdown, a hidden
//!   key column `台账通编号` holding `T{task_id}`, and the identity twice: a hidden sheet
//!   [`IDENTITY_SHEET`] and custom document properties (see [`identity`]).
//!   When the unit reports on quantified targets, a second visible sheet [`INDICATOR_SHEET`]
//!   lists them (hidden key [`INDICATOR_KEY_HEADER`] = `I{indicator_id}`, 目标, 基期值) with
//!   an unlocked 实际完成值 cell, protected like the task sheets.
//! - [`write_consolidated`]: every task of every sheet, plus the summary sheet "汇总" (with the
//!   indicators' targets, actual values and verdicts when the ledger has some, and native
//!   charts of task status per unit and returns per round over the sheet "图表数据"), and the
//!   考核 sheet "通报" (ranking, 表扬 and 提醒 lists).
//! - [`docx::write_document`]: the progress report and the 通报 as .docx in 公文 layout.
//! - [`safe_file_stem`]: Windows-safe file names from unit names.
//!
//! Every cell text is written as a string (never a formula, whatever it starts with), row heights
//! are computed from the text (Excel does not grow rows for wrapped or merged cells), and every
//! sheet prints on A4 landscape, one page wide, header rows repeated, "第 N 页 共 M 页" below.
//!
//! Protection of unit files: each task sheet is protected without a password. Only the fill-in
//! columns ([`Field::is_fill_in`](crate::model::Field::is_fill_in)) and the status column of task
//! rows are unlocked (and tinted pale yellow); rows and columns may be resized; inserting,
//! deleting and sorting rows need the protection lifted (审阅 → 撤销工作表保护, no password), which
//! a note under the table explains, so a department that must add a task row (序号 "17-1") can,
//! while nobody does it by accident. Rows added that way have no key and are reported as added.
//!
//! Module layout: `sheet` writes one ledger sheet for both files from `columns` (which columns,
//! their widths and texts), `header` (one- or two-row headers) and `merges` (category merges,
//! row heights); `row_height` estimates wrapped text heights; `pages` places page breaks
//! (category merges are cut there so every printed page shows its categories); `unit_file` and
//! `consolidated` assemble the workbooks; `identity` writes and reads the identity; `styles`
//! holds the formats; `output` saves files and makes sheet names; `file_name` makes file names.

pub mod docx;
pub mod file_name;
pub mod row_height;

mod charts;
mod columns;
mod consolidated;
mod header;
mod identity;
mod indicator_sheet;
mod merges;
mod notice_sheet;
mod output;
mod pages;
mod sheet;
mod styles;
mod unit_file;

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::ColumnMapping;
use crate::workbook::{FileIdentity, SheetLayout};
use crate::Result;

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
    /// The indicators the unit reports actual values for (sheet [`INDICATOR_SHEET`], written
    /// only when there are some).
    pub indicators: Vec<IndicatorRow>,
}

/// One row of a unit file's indicator sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// The indicator's id (written as the row key `I{indicator_id}`).
    pub indicator_id: i64,
    /// The task's 序号.
    pub seq: String,
    /// The metric text.
    pub metric: String,
    /// The target: "≥ 50 亿元".
    pub target: String,
    /// The baseline: "1200 户（2021年底）", or "".
    pub baseline: String,
    /// The value already reported this round, or "".
    pub actual: String,
}

/// One indicator on the consolidated summary sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorLine {
    /// The task: "序号1", or "全局目标" for a target of the plan itself.
    pub task: String,
    /// The target: "≥ 50 亿元".
    pub target: String,
    /// The metric text.
    pub metric: String,
    /// The actual value ("52.3亿元"; one "【单位】…" line each when several units reported), or "".
    pub actual: String,
    /// 达标, 未达标, 未报 or 无法比较.
    pub verdict: String,
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
    /// The ledger's indicators with target, actual and verdict (a table on the summary sheet
    /// when there are some).
    pub indicators: Vec<IndicatorLine>,
    /// The summary sheet's charts (their numbers go on the sheet [`CHART_DATA_SHEET`]).
    pub charts: Option<SummaryCharts>,
    /// The 考核 sheet [`NOTICE_SHEET`], when the ledger has rounds.
    pub notice: Option<NoticeSheet>,
}

pub use charts::{RoundReturns, SummaryCharts, UnitStatusCounts, CHART_DATA_SHEET, RETURN_SERIES, STATUS_SERIES};
pub use consolidated::{consolidated_subtitle, OVERDUE_HEADERS, SUMMARY_SHEET, UNIT_HEADERS};
pub use indicator_sheet::INDICATOR_SUMMARY_HEADERS;
pub use notice_sheet::{NoticeSheet, NOTICE_SHEET};
pub use output::cn_date;
pub use unit_file::unit_subtitle;

/// Writes a unit's return file. Fails with [`Error::Write`](crate::Error::Write) when the file
/// cannot be written (most often: it is open in Excel or WPS); never leaves a partial file.
pub fn write_unit_file(file: &UnitFile, path: &Path) -> Result<()> {
    unit_file::write(file, path)
}

/// Writes the consolidated ledger. Fails like [`write_unit_file`].
pub fn write_consolidated(ledger: &Consolidated, path: &Path) -> Result<()> {
    consolidated::write(ledger, path)
}

/// A file name made safe for Windows from a unit name: no reserved characters or names, no
/// trailing dots or spaces, at most 100 characters.
pub fn safe_file_stem(name: &str) -> String {
    file_name::safe_file_stem(name)
}
