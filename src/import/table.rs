//! Turning the rows under a header into task rows: skipping repeated headers, headings, footers
//! and blanks, and filling category groups down.

use serde::Serialize;

use crate::model::Field;

use super::grid::{Cell, Grid};
use super::header::{normalize_header, positions, Header};

/// One task row as read from the sheet, cells already filled down.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    /// The row's number in Excel (1-based).
    pub source_row: u32,
    /// The section heading above the row, when the sheet groups tasks under heading rows.
    pub section: Option<String>,
    /// One cell per header column.
    pub cells: Vec<Cell>,
}

/// A row that was passed over, and why (shown in the import report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedRow {
    /// The row's number in Excel (1-based).
    pub row: u32,
    /// Why it is not a task, in Chinese.
    pub reason: String,
}

/// Starts of lines that sign or annotate a ledger rather than state a task.
const FOOTER_PREFIXES: &[&str] = &[
    "填表人",
    "填报人",
    "审核人",
    "审核",
    "联系人",
    "联系电话",
    "填报单位",
    "填报日期",
    "报送单位",
    "报送日期",
    "制表",
    "单位负责人",
    "注：",
    "注:",
    "说明：",
    "说明:",
    "备注：",
    "备注:",
];

/// Whether a row's first text signs or annotates the ledger (填表人：…, 注：…) rather than
/// states a task.
pub fn is_footer(text: &str) -> bool {
    FOOTER_PREFIXES.iter().any(|p| text.starts_with(p))
}

/// Reads the task rows under `header`.
pub fn task_rows(grid: &Grid, header: &Header, fields: &[Field]) -> (Vec<TaskRow>, Vec<SkippedRow>) {
    let seq_col = fields.iter().position(|f| *f == Field::Seq).map(|c| c as u32);
    let measure_col = fields.iter().position(|f| *f == Field::Measure).map(|c| c as u32);
    let category_cols: Vec<usize> = positions(fields, Field::Category);
    let mut rows: Vec<TaskRow> = Vec::new();
    let mut skipped = Vec::new();
    let mut section: Option<String> = None;
    let mut previous: Option<Vec<Cell>> = None;
    for r in header.row + header.height..grid.rows() {
        let skip = |reason: &str| SkippedRow { row: r + 1, reason: reason.to_string() };
        if grid.row_is_blank(r) {
            continue;
        }
        if repeats_header(grid, r, header) {
            skipped.push(skip("重复的表头行（跨页时从 Word 复制带来的），已跳过"));
            continue;
        }
        let texts = grid.distinct_texts(r);
        if texts.first().is_some_and(|t| is_footer(t)) {
            skipped.push(skip("表尾的签名或说明行，已跳过"));
            continue;
        }
        let measure = measure_col.map_or("", |c| grid.text(r, c));
        let seq = seq_col.map_or("", |c| grid.text(r, c));
        if is_heading(grid, r, &texts, measure, seq) {
            section = texts.first().map(|t| t.to_string());
            previous = None;
            skipped.push(skip("分组标题行，已作为其下任务的类别"));
            continue;
        }
        if continues_merge(grid, r, seq_col, measure_col) {
            if let Some(task) = rows.last_mut() {
                join_continuation(grid, r, &mut task.cells);
            }
            skipped.push(skip("合并单元格的延续行，已并入上一条任务"));
            continue;
        }
        if measure.is_empty() {
            let reason = if texts.len() == 1 && texts[0] == seq {
                "只有序号、没有任务内容，已跳过"
            } else {
                "没有工作措施内容，未作为任务导入；如确为任务，请补全措施列后重新导入"
            };
            skipped.push(skip(reason));
            continue;
        }
        let mut cells: Vec<Cell> = (0..grid.cols()).map(|c| grid.cell(r, c).clone()).collect();
        cells.truncate(fields.len());
        cells.resize(fields.len(), Cell::default());
        if let Some(prev) = &previous {
            for &c in &category_cols {
                if cells[c].text.trim().is_empty() {
                    cells[c] = prev[c].clone();
                }
            }
        }
        previous = Some(cells.clone());
        rows.push(TaskRow { source_row: r + 1, section: section.clone(), cells });
    }
    (rows, skipped)
}

/// Adds the cells a continuation row holds itself (a second unit, a second 完成时限, progress
/// written beside the merge) to its task's cells, one line each; cells the merge covers are the
/// task's own already.
fn join_continuation(grid: &Grid, row: u32, cells: &mut [Cell]) {
    for (c, cell) in cells.iter_mut().enumerate() {
        let own = grid.cell(row, c as u32);
        let extra = own.text.trim();
        if grid.is_covered(row, c as u32) || extra.is_empty() || cell.text.trim() == extra {
            continue;
        }
        if cell.text.trim().is_empty() {
            *cell = own.clone();
        } else {
            cell.text = format!("{}\n{extra}", cell.text.trim_end());
            cell.date = None;
        }
    }
}

/// A row that repeats the header (most of its non-blank cells equal the header's).
fn repeats_header(grid: &Grid, row: u32, header: &Header) -> bool {
    let wanted: Vec<String> =
        header.texts.iter().map(|t| normalize_header(t.rsplit('/').next().unwrap_or(t))).collect();
    let non_blank = wanted.iter().filter(|t| !t.is_empty()).count();
    let same = (0..grid.cols())
        .filter(|&c| {
            let w = wanted.get(c as usize).map_or("", |s| s.as_str());
            !w.is_empty() && normalize_header(grid.text(row, c)) == w
        })
        .count();
    same >= 2 && same * 5 >= non_blank * 3
}

/// A heading row: one text across the row (merged over at least half the columns, or alone with
/// no measure), and no numeric 序号.
fn is_heading(grid: &Grid, row: u32, texts: &[&str], measure: &str, seq: &str) -> bool {
    if texts.len() != 1 || seq.parse::<f64>().is_ok() {
        return false;
    }
    let wide = grid.widest_merge_starting_at(row).is_some_and(|m| m.width() * 2 >= grid.cols() && m.width() >= 3);
    wide || (measure.is_empty() && seq.is_empty())
}

/// A row whose 序号 and measure cells both continue a vertical merge from the row above: the
/// same task stretched over two rows.
fn continues_merge(grid: &Grid, row: u32, seq_col: Option<u32>, measure_col: Option<u32>) -> bool {
    let continues =
        |c: u32| grid.is_covered(row, c) && grid.merges().iter().any(|m| m.contains(row, c) && m.first_row < row);
    match (seq_col, measure_col) {
        (Some(s), Some(m)) => continues(s) && continues(m),
        (None, Some(m)) => continues(m),
        _ => false,
    }
}
