//! Writing one ledger worksheet in its template's layout, shared by unit files and the
//! consolidated ledger: 附件 label, merged title, a line under the title, the header row(s), the
//! task rows with category columns re-merged, computed row heights, and print settings.

use std::borrow::Cow;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, IgnoreError, ProtectionOptions, Worksheet, XlsxError,
};

use super::columns::{plan_columns, text_of, Column, Source};
use super::header::{header_row_count, write_header};
use super::merges::paginate;
use super::pages::{fit_scale, MARGINS};
use super::row_height::{clamp, needed_height};
use super::styles::{Styles, BODY_SIZE, NOTE_SIZE, TITLE_SIZE};
use super::ExportSheet;
use crate::model::TASK_STATUSES;
use crate::workbook::{KEY_HEADER, STATUS_HEADER};

/// Excel's longest cell text; longer texts are cut rather than failing the file.
const MAX_CELL_CHARS: usize = 32_767;

/// The height of the 附件 label row and of the line under the title, at least.
const LABEL_HEIGHT: f64 = 22.0;

/// A4 in Excel's paper-size codes.
const PAPER_A4: u8 = 9;
/// The page footer: "第 1 页 共 3 页", centred.
pub const FOOTER: &str = "&C第 &P 页 共 &N 页";

/// What kind of file the sheet goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A unit's return file: protected, fill-in cells unlocked and tinted, status dropdown,
    /// hidden key column, a note on how to fill it in.
    UnitReturn,
    /// The consolidated ledger: no protection, no key column.
    Consolidated,
}

/// One ledger sheet to write.
pub struct LedgerSheet<'a> {
    /// The sheet and its rows.
    pub sheet: &'a ExportSheet,
    /// The worksheet name to use (already made valid and unique).
    pub name: String,
    /// The line written under the title.
    pub subtitle: String,
    /// Unit file or consolidated ledger.
    pub purpose: Purpose,
}

/// Writes one ledger sheet into `ws`.
pub fn write_ledger_sheet(ws: &mut Worksheet, spec: &LedgerSheet<'_>, st: &Styles) -> Result<(), XlsxError> {
    let sheet = spec.sheet;
    let unit = spec.purpose == Purpose::UnitReturn;
    ws.set_name(&spec.name)?;
    let columns = plan_columns(sheet, unit);
    for (j, c) in columns.iter().enumerate() {
        ws.set_column_width(j as u16, c.width)?;
        if c.source == Source::Key {
            ws.set_column_hidden(j as u16)?;
        }
    }
    let widths: Vec<f64> = columns.iter().filter(|c| c.source != Source::Key).map(|c| c.width).collect();
    let (header_first, above) = write_heading(ws, spec, &widths, st)?;
    let header_rows = header_row_count(sheet);
    let header_height = write_header(ws, &columns, sheet, header_first, header_rows, st)?;
    let data_first = header_first + header_rows;

    let texts: Vec<Vec<Cow<'_, str>>> =
        sheet.rows.iter().map(|row| columns.iter().map(|c| text_of(row, c, sheet, unit)).collect()).collect();
    let (runs, heights, page_breaks) = paginate(&columns, &texts, above, header_height, fit_scale(&widths));
    let merged = MergeMap::new(&runs, texts.len(), columns.len());
    // Fill-in cells are unlocked in a unit's file.
    let formats: Vec<&Format> = columns
        .iter()
        .map(|c| st.body(c.align(), unit && (c.field.is_fill_in() || c.is_status()) && c.source != Source::Key))
        .collect();
    write_rows(ws, &texts, &formats, &merged, &heights, data_first)?;
    if !page_breaks.is_empty() {
        let rows: Vec<u32> = page_breaks.iter().map(|&i| data_first + i as u32).collect();
        ws.set_page_breaks(&rows)?;
    }
    let data_rows = sheet.rows.len() as u32;
    if data_rows > 0 {
        mark_data(ws, &columns, data_first, data_first + data_rows - 1, unit)?;
    }
    if unit {
        let note_row = data_first + data_rows + 1;
        let note = unit_note(&columns);
        let total_width: f64 = widths.iter().sum();
        put(ws, (note_row, 0), (note_row, last_visible(&widths)), &note, &st.note)?;
        ws.set_row_height(note_row, clamp(needed_height(&note, total_width, NOTE_SIZE)))?;
        ws.protect_with_options(&unit_protection());
    }
    set_print(ws, header_first, data_first)
}

/// The last visible column, given the visible columns' widths.
fn last_visible(widths: &[f64]) -> u16 {
    (widths.len() as u16).saturating_sub(1)
}

/// The rows above the header: the sheet's label (附件N), its title and the subtitle, across the
/// visible columns. Returns the header's first row and the height of what is above it.
fn write_heading(
    ws: &mut Worksheet,
    spec: &LedgerSheet<'_>,
    widths: &[f64],
    st: &Styles,
) -> Result<(u32, f64), XlsxError> {
    let sheet = spec.sheet;
    let total_width: f64 = widths.iter().sum();
    let last = last_visible(widths);
    let mut r: u32 = 0;
    let mut above = 0.0;
    if let Some(label) = sheet.label.as_deref().filter(|l| !l.trim().is_empty()) {
        ws.write_string_with_format(r, 0, cell_text(label), &st.label)?;
        ws.set_row_height(r, LABEL_HEIGHT)?;
        above += LABEL_HEIGHT;
        r += 1;
    }
    if let Some(title) = sheet.title.as_deref().filter(|t| !t.trim().is_empty()) {
        put(ws, (r, 0), (r, last), title, &st.title)?;
        let h = clamp(needed_height(title, total_width, TITLE_SIZE) + 6.0);
        ws.set_row_height(r, h)?;
        above += h;
        r += 1;
    }
    put(ws, (r, 0), (r, last), &spec.subtitle, &st.subtitle)?;
    let h = clamp(needed_height(&spec.subtitle, total_width, BODY_SIZE).max(LABEL_HEIGHT));
    ws.set_row_height(r, h)?;
    Ok((r + 1, above + h))
}

/// The task rows from `data_first`, each cell in its column's format, the category runs
/// merged, each row at its computed height.
fn write_rows(
    ws: &mut Worksheet,
    texts: &[Vec<Cow<'_, str>>],
    formats: &[&Format],
    merged: &MergeMap,
    heights: &[f64],
    data_first: u32,
) -> Result<(), XlsxError> {
    for (i, row) in texts.iter().enumerate() {
        let excel_row = data_first + i as u32;
        for (j, (format, text)) in formats.iter().copied().zip(row).enumerate() {
            match merged.at(i, j) {
                Covered::First(last) => {
                    put(ws, (excel_row, j as u16), (data_first + last as u32, j as u16), text, format)?;
                }
                Covered::Inside => {}
                Covered::No => {
                    ws.write_string_with_format(excel_row, j as u16, cell_text(text), format)?;
                }
            }
        }
        ws.set_row_height(excel_row, heights[i])?;
    }
    Ok(())
}

/// Over the data rows: no "number stored as text" warnings, and in a unit's file the 完成状态
/// column limited to the statuses by a drop-down.
fn mark_data(
    ws: &mut Worksheet,
    columns: &[Column],
    data_first: u32,
    data_last: u32,
    unit: bool,
) -> Result<(), XlsxError> {
    let last_col = (columns.len() - 1) as u16;
    ws.ignore_error_range(data_first, 0, data_last, last_col, IgnoreError::NumberStoredAsText)?;
    if unit {
        let status_col = columns.iter().position(Column::is_status).unwrap_or(0) as u16;
        let validation = DataValidation::new()
            .allow_list_strings(&TASK_STATUSES)?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title("完成状态")?
            .set_error_message(format!("请从下拉列表中选择：{}。", TASK_STATUSES.join("、")))?;
        ws.add_data_validation(data_first, status_col, data_last, status_col, &validation)?;
    }
    Ok(())
}

/// Printing: A4 landscape, one page wide, centred, the office's margins and page-number footer,
/// the header rows repeated on every page and frozen on screen.
fn set_print(ws: &mut Worksheet, header_first: u32, data_first: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let (left, right, top, bottom, header, footer) = MARGINS;
    ws.set_margins(left, right, top, bottom, header, footer);
    ws.set_footer(FOOTER);
    ws.set_repeat_rows(header_first, data_first - 1)?;
    ws.set_freeze_panes(data_first, 0)?;
    Ok(())
}

/// How a data cell relates to the category merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Covered {
    /// Not merged.
    No,
    /// The first cell of a merge that ends on this data row.
    First(usize),
    /// Inside a merge, below its first cell.
    Inside,
}

/// Every data cell's place in the category merges, found in one step rather than by searching
/// the merges for each cell (a consolidated ledger has thousands of both).
struct MergeMap {
    cols: usize,
    cells: Vec<Covered>,
}

impl MergeMap {
    fn new(runs: &[super::merges::Run], rows: usize, cols: usize) -> MergeMap {
        let mut cells = vec![Covered::No; rows * cols];
        for run in runs.iter().filter(|r| r.col < cols && r.last < rows) {
            cells[run.first * cols + run.col] = Covered::First(run.last);
            for row in run.first + 1..=run.last {
                cells[row * cols + run.col] = Covered::Inside;
            }
        }
        MergeMap { cols, cells }
    }

    fn at(&self, row: usize, col: usize) -> Covered {
        self.cells.get(row * self.cols + col).copied().unwrap_or(Covered::No)
    }
}

/// The protection of a unit file's task sheets: no password, so a department that must add a
/// task row (序号 "17-1") can lift it with 审阅 → 撤销工作表保护 and insert the row; while it is on,
/// rows cannot be inserted, deleted or sorted (that would break the category merges and the row
/// keys), but every cell can be selected and copied, and rows and columns can be resized (the
/// only formatting allowed).
pub fn unit_protection() -> ProtectionOptions {
    ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::new() }
}

/// The note under a unit file's table. It starts with "说明：", which the importer treats as a
/// footer line, so re-reading a return never takes it for a task.
fn unit_note(columns: &[Column]) -> String {
    let fill: Vec<&str> = columns
        .iter()
        .filter(|c| c.source != Source::Key && (c.field.is_fill_in() || c.is_status()))
        .map(|c| c.header.as_str())
        .collect();
    format!(
        "说明：1. 请只填写浅黄色单元格（{}），“{}”请从下拉列表中选择；其余内容已锁定，请勿改动。\
         2. 内容较多时可拖动或双击行号下边线调整行高、列宽。\
         3. 如确需增加任务行，可点击“审阅 → 撤销工作表保护”（无密码）后插入，新增行的“{}”留空即可。\
         4. 请勿修改工作表名称、删除隐藏的列或工作表；填好后直接保存为 .xlsx 报送。",
        fill.join("、"),
        columns.iter().find(|c| c.is_status()).map_or(STATUS_HEADER, |c| c.header.as_str()),
        KEY_HEADER
    )
}

/// Writes a string into a cell or a merged range; always as a string, never as a formula.
pub(super) fn put(
    ws: &mut Worksheet,
    from: (u32, u16),
    to: (u32, u16),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if from == to {
        ws.write_string_with_format(from.0, from.1, cell_text(text), format)?;
    } else {
        ws.merge_range(from.0, from.1, to.0, to.1, cell_text(text), format)?;
    }
    Ok(())
}

/// A text that fits one cell: cut at Excel's limit of 32,767 characters.
pub fn cell_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_texts_are_cut_at_excels_limit() {
        let long = "财".repeat(40_000);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("短"), "短");
    }
}
