//! The consolidated ledger's "通报" sheet: the 考核 ranking with each unit's points, then the
//! 表扬 and 提醒 lists, as composed by the service from the ledger's rules.

use rust_xlsxwriter::{Worksheet, XlsxError};
use serde::Serialize;

use super::row_height::{clamp, needed_height};
use super::sheet::cell_text;
use super::styles::{Align, Styles, BODY_SIZE, TITLE_SIZE};

/// The name of the sheet.
pub const NOTICE_SHEET: &str = "通报";

/// What the sheet shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeSheet {
    /// The title line ("…第1期考核情况").
    pub title: String,
    /// The rules in one sentence.
    pub rules: String,
    /// The ranking's headers.
    pub headers: Vec<String>,
    /// The ranking, one row per unit.
    pub rows: Vec<Vec<String>>,
    /// The units praised.
    pub praise: Vec<String>,
    /// The units reminded.
    pub remind: Vec<String>,
}

/// Column widths (排名, 单位, 得分, 主要得分项, 主要扣分项, 结果).
const WIDTHS: [f64; 6] = [8.0, 26.0, 10.0, 40.0, 40.0, 10.0];

/// Writes the sheet.
pub fn write_notice_sheet(ws: &mut Worksheet, sheet: &NoticeSheet, st: &Styles) -> Result<(), XlsxError> {
    for (j, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    let last = (WIDTHS.len() - 1) as u16;
    let total: f64 = WIDTHS.iter().sum();
    ws.merge_range(0, 0, 0, last, cell_text(&sheet.title), &st.title)?;
    ws.set_row_height(0, clamp(needed_height(&sheet.title, total, TITLE_SIZE) + 6.0))?;
    let rules = format!("计分规则：{}", sheet.rules);
    ws.merge_range(1, 0, 1, last, cell_text(&rules), &st.subtitle)?;
    ws.set_row_height(1, clamp(needed_height(&rules, total, BODY_SIZE) + 4.0))?;
    for (j, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(2, j as u16, h, &st.header)?;
    }
    ws.set_row_height(2, 24.0)?;
    let center = st.body(Align::Center, false);
    let left = st.body(Align::Left, false);
    let mut r = 3;
    for row in &sheet.rows {
        let mut height: f64 = 20.0;
        for (j, text) in row.iter().enumerate() {
            let format = if j == 3 || j == 4 { left } else { center };
            ws.write_string_with_format(r, j as u16, cell_text(text), format)?;
            height = height.max(needed_height(text, WIDTHS.get(j).copied().unwrap_or(10.0), BODY_SIZE));
        }
        ws.set_row_height(r, clamp(height))?;
        r += 1;
    }
    r += 1;
    for (label, units) in [("通报表扬", &sheet.praise), ("提醒督促", &sheet.remind)] {
        let text = format!("{label}：{}", if units.is_empty() { "无".to_string() } else { units.join("、") });
        ws.merge_range(r, 0, r, last, cell_text(&text), &st.section)?;
        ws.set_row_height(r, clamp(needed_height(&text, total, BODY_SIZE).max(24.0)))?;
        r += 1;
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let (l, rt, t, b, h, f) = super::pages::MARGINS;
    ws.set_margins(l, rt, t, b, h, f);
    ws.set_footer(super::sheet::FOOTER);
    Ok(())
}
