//! The consolidated ledger sent upward: every sheet with every task in the template's layout,
//! progress as the service assembled it, a status column, and a final "汇总" sheet with a
//! per-unit table, the overdue tasks and, when the ledger has quantified targets, each target
//! with its actual value and whether it is met.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::charts::{insert_charts, write_chart_data, CHART_DATA_SHEET};
use super::indicator_sheet::write_indicator_summary;
use super::notice_sheet::{write_notice_sheet, NOTICE_SHEET};
use super::output::{build_error, cn_date, save, SheetNames};
use super::row_height::{clamp, needed_height};
use super::sheet::{cell_text, write_ledger_sheet, LedgerSheet, Purpose, FOOTER};
use super::styles::{Align, Styles, BODY_SIZE, TITLE_SIZE};
use super::Consolidated;
use crate::Result;

/// The name of the summary sheet (suffixed if a ledger sheet already has it).
pub const SUMMARY_SHEET: &str = "汇总";

/// The headers of the per-unit table.
pub const UNIT_HEADERS: [&str; 5] = ["单位", "任务数", "本期是否报送", "已完成", "逾期"];

/// The headers of the overdue list.
pub const OVERDUE_HEADERS: [&str; 5] = ["工作表", "序号", "工作措施", "牵头单位", "完成时限"];

/// Longest measure text on the overdue list, in characters; longer ones end in "…".
const MEASURE_CHARS: usize = 120;

/// Column widths of the summary sheet (both tables share the columns).
const SUMMARY_WIDTHS: [f64; 5] = [24.0, 10.0, 48.0, 24.0, 16.0];

/// The line under the title of every sheet of the consolidated ledger.
pub fn consolidated_subtitle(ledger: &Consolidated) -> String {
    match &ledger.round_label {
        Some(label) => format!("截至{}　　期次：{label}", cn_date(ledger.as_of)),
        None => format!("截至{}", cn_date(ledger.as_of)),
    }
}

/// Writes the consolidated ledger.
pub fn write(ledger: &Consolidated, path: &Path) -> Result<()> {
    let mut workbook = build(ledger).map_err(|e| build_error(path, &e))?;
    save(&mut workbook, path)
}

fn build(ledger: &Consolidated) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let st = Styles::new();
    let subtitle = consolidated_subtitle(ledger);
    let mut names = SheetNames::default();
    let sheet_names: Vec<String> = ledger.sheets.iter().map(|s| names.take(&s.name)).collect();
    for (sheet, name) in ledger.sheets.iter().zip(sheet_names) {
        let spec = LedgerSheet { sheet, name, subtitle: subtitle.clone(), purpose: Purpose::Consolidated };
        // Each row goes to a temporary file once written: the writer never holds a whole
        // ledger's texts (at 20,000 tasks, hundreds of megabytes), and strings are written inline.
        write_ledger_sheet(workbook.add_worksheet_with_constant_memory()?, &spec, &st)?;
    }
    let mut summary = Worksheet::new();
    summary.set_name(names.take(SUMMARY_SHEET))?;
    let below = write_summary(&mut summary, ledger, &subtitle, &st)?;
    let chart_data = match &ledger.charts {
        Some(charts) => {
            let mut data = Worksheet::new();
            data.set_name(names.take(CHART_DATA_SHEET))?;
            let ranges = write_chart_data(&mut data, charts, &st)?;
            // The charts start on a page of their own when the sheet is printed.
            summary.set_page_breaks(&[below + 1])?;
            insert_charts(&mut summary, below + 1, charts, &ranges, data.name().as_str())?;
            Some(data)
        }
        None => None,
    };
    workbook.push_worksheet(summary);
    if let Some(data) = chart_data {
        workbook.push_worksheet(data);
    }
    if let Some(notice) = &ledger.notice {
        let ws = workbook.add_worksheet();
        ws.set_name(names.take(NOTICE_SHEET))?;
        write_notice_sheet(ws, notice, &st)?;
    }
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&ledger.ledger_title)
            .set_author("台账通")
            .set_subject(subtitle),
    );
    Ok(workbook)
}

/// The summary sheet: title, the per-unit table, then the overdue tasks and the indicators;
/// returns the first free row below them.
fn write_summary(ws: &mut Worksheet, ledger: &Consolidated, subtitle: &str, st: &Styles) -> Result<u32, XlsxError> {
    let total: f64 = SUMMARY_WIDTHS.iter().sum();
    for (j, w) in SUMMARY_WIDTHS.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    let last = (SUMMARY_WIDTHS.len() - 1) as u16;
    let title = format!("{}　各单位报送情况汇总", ledger.ledger_title);
    ws.merge_range(0, 0, 0, last, cell_text(&title), &st.title)?;
    ws.set_row_height(0, clamp(needed_height(&title, total, TITLE_SIZE) + 6.0))?;
    ws.merge_range(1, 0, 1, last, subtitle, &st.subtitle)?;
    ws.set_row_height(1, 22.0)?;

    let mut r = 2;
    header_row(ws, r, &UNIT_HEADERS, st)?;
    r += 1;
    let center = st.body(Align::Center, false);
    for unit in &ledger.units {
        ws.write_string_with_format(r, 0, cell_text(&unit.unit), center)?;
        ws.write_number_with_format(r, 1, unit.tasks as f64, center)?;
        ws.write_string_with_format(r, 2, if unit.returned { "是" } else { "否" }, center)?;
        ws.write_number_with_format(r, 3, unit.completed as f64, center)?;
        ws.write_number_with_format(r, 4, unit.overdue as f64, center)?;
        ws.set_row_height(r, clamp(needed_height(&unit.unit, SUMMARY_WIDTHS[0], BODY_SIZE).max(20.0)))?;
        r += 1;
    }
    if ledger.units.is_empty() {
        ws.merge_range(r, 0, r, last, "（没有单位）", center)?;
        r += 1;
    }

    r += 1;
    let heading = format!("逾期任务（共 {} 项）", ledger.overdue.len());
    ws.merge_range(r, 0, r, last, &heading, &st.section)?;
    ws.set_row_height(r, 24.0)?;
    r += 1;
    header_row(ws, r, &OVERDUE_HEADERS, st)?;
    r += 1;
    let left = st.body(Align::Left, false);
    for task in &ledger.overdue {
        let measure = shorten(&task.measure, MEASURE_CHARS);
        let due = cn_date(task.due);
        let cells: [(&str, &Format); 5] =
            [(&task.sheet, center), (&task.seq, center), (&measure, left), (&task.lead_units, center), (&due, center)];
        let mut height: f64 = 20.0;
        for (j, (text, format)) in cells.iter().enumerate() {
            ws.write_string_with_format(r, j as u16, cell_text(text), format)?;
            height = height.max(needed_height(text, SUMMARY_WIDTHS[j], BODY_SIZE));
        }
        ws.set_row_height(r, clamp(height))?;
        r += 1;
    }
    if ledger.overdue.is_empty() {
        ws.merge_range(r, 0, r, last, "无逾期任务", center)?;
        ws.set_row_height(r, 20.0)?;
        r += 1;
    }
    if !ledger.indicators.is_empty() {
        r = write_indicator_summary(ws, r + 1, &ledger.indicators, &SUMMARY_WIDTHS, st)?;
    }

    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let (left, right, top, bottom, header, footer) = super::pages::MARGINS;
    ws.set_margins(left, right, top, bottom, header, footer);
    ws.set_footer(FOOTER);
    Ok(r)
}

fn header_row(ws: &mut Worksheet, r: u32, headers: &[&str], st: &Styles) -> Result<(), XlsxError> {
    for (j, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r, j as u16, *h, &st.header)?;
    }
    ws.set_row_height(r, 24.0)?;
    Ok(())
}

/// A text cut to `max` characters, ending in "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

const _: () = assert!(SUMMARY_WIDTHS.len() == UNIT_HEADERS.len() && UNIT_HEADERS.len() == OVERDUE_HEADERS.len());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_measures_are_shortened() {
        assert_eq!(shorten("短措施", 10), "短措施");
        let long = "财".repeat(200);
        let s = shorten(&long, MEASURE_CHARS);
        assert_eq!(s.chars().count(), MEASURE_CHARS);
        assert!(s.ends_with('…'));
    }
}
