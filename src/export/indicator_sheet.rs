//! Indicators in the exported files: the "量化指标" sheet of a unit file, where a department
//! reports the actual value of each target of its tasks, and the indicator table of the
//! consolidated ledger's summary sheet.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::row_height::{clamp, needed_height};
use super::sheet::{put, unit_protection, FOOTER};
use super::styles::{Align, Styles, BODY_SIZE, NOTE_SIZE, TITLE_SIZE};
use super::{IndicatorLine, IndicatorRow};
use crate::workbook::{indicator_key, INDICATOR_HEADERS, INDICATOR_KEY_HEADER};

/// Column widths of the unit file's indicator sheet: the hidden key, then [`INDICATOR_HEADERS`].
const WIDTHS: [f64; 6] = [14.0, 8.0, 56.0, 18.0, 18.0, 18.0];

/// The headers of the indicator table on the summary sheet.
pub const INDICATOR_SUMMARY_HEADERS: [&str; 5] = ["所属任务", "目标", "指标", "实际完成值", "是否达标"];

/// The sheet of a unit file where actual values are reported: title, the unit line, a header
/// row, one row per indicator (key hidden, 实际完成值 unlocked and tinted), a note; protected
/// like the task sheets.
pub fn write_indicator_sheet(
    ws: &mut Worksheet,
    title: &str,
    subtitle: &str,
    rows: &[IndicatorRow],
    st: &Styles,
) -> Result<(), XlsxError> {
    for (j, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.set_column_hidden(0)?;
    let last = (WIDTHS.len() - 1) as u16;
    let visible: f64 = WIDTHS[1..].iter().sum();
    put(ws, (0, 1), (0, last), title, &st.title)?;
    ws.set_row_height(0, clamp(needed_height(title, visible, TITLE_SIZE) + 6.0))?;
    put(ws, (1, 1), (1, last), subtitle, &st.subtitle)?;
    ws.set_row_height(1, 22.0)?;
    ws.write_string_with_format(2, 0, INDICATOR_KEY_HEADER, &st.header)?;
    for (j, h) in INDICATOR_HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, j as u16 + 1, *h, &st.header)?;
    }
    ws.set_row_height(2, 24.0)?;
    let (center, left) = (st.body(Align::Center, false), st.body(Align::Left, false));
    for (k, row) in rows.iter().enumerate() {
        let r = 3 + k as u32;
        let key = indicator_key(row.indicator_id);
        let cells =
            [(&key, center), (&row.seq, center), (&row.metric, left), (&row.target, center), (&row.baseline, center)];
        let mut height: f64 = 20.0;
        for (j, (text, format)) in cells.iter().enumerate() {
            ws.write_string_with_format(r, j as u16, text.as_str(), format)?;
            height = height.max(needed_height(text, WIDTHS[j], BODY_SIZE));
        }
        ws.write_string_with_format(r, last, &row.actual, st.body(Align::Center, true))?;
        ws.set_row_height(r, clamp(height))?;
    }
    let note_row = 4 + rows.len() as u32;
    let note = "说明：请在浅黄色的“实际完成值”中填写本期实际数，可只写数字（如 52.3），也可带单位（如 52.3亿元）；\
                单位与“目标”不同的无法判断是否达标。其余内容已锁定，请勿改动；请勿删除本工作表。";
    put(ws, (note_row, 1), (note_row, last), note, &st.note)?;
    ws.set_row_height(note_row, clamp(needed_height(note, visible, NOTE_SIZE)))?;
    ws.protect_with_options(&unit_protection());
    page_setup(ws);
    ws.set_repeat_rows(2, 2)?;
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

/// The indicator table of the summary sheet from row `r`: a heading, the header row and one
/// row per indicator; returns the next free row.
pub fn write_indicator_summary(
    ws: &mut Worksheet,
    mut r: u32,
    lines: &[IndicatorLine],
    widths: &[f64; 5],
    st: &Styles,
) -> Result<u32, XlsxError> {
    let last = (widths.len() - 1) as u16;
    let met = lines.iter().filter(|l| l.verdict == "达标").count();
    let heading = format!("量化指标完成情况（共 {} 项，达标 {met} 项）", lines.len());
    ws.merge_range(r, 0, r, last, &heading, &st.section)?;
    ws.set_row_height(r, 24.0)?;
    r += 1;
    for (j, h) in INDICATOR_SUMMARY_HEADERS.iter().enumerate() {
        ws.write_string_with_format(r, j as u16, *h, &st.header)?;
    }
    ws.set_row_height(r, 24.0)?;
    r += 1;
    let (center, left) = (st.body(Align::Center, false), st.body(Align::Left, false));
    for line in lines {
        let cells = [
            (&line.task, center),
            (&line.target, center),
            (&line.metric, left),
            (&line.actual, center),
            (&line.verdict, center),
        ];
        let mut height: f64 = 20.0;
        for (j, (text, format)) in cells.iter().enumerate() {
            put(ws, (r, j as u16), (r, j as u16), text, format)?;
            height = height.max(needed_height(text, widths[j], BODY_SIZE));
        }
        ws.set_row_height(r, clamp(height))?;
        r += 1;
    }
    Ok(r)
}

fn page_setup(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let (left, right, top, bottom, header, footer) = super::pages::MARGINS;
    ws.set_margins(left, right, top, bottom, header, footer);
    ws.set_footer(FOOTER);
}
