//! A unit's return file: one protected sheet per ledger sheet with only the unit's rows, the
//! fill-in cells unlocked, a status dropdown and a hidden row key; plus the hidden identity sheet
//! and the identity as custom document properties.

use std::path::Path;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::identity::{unit_properties, write_identity_sheet};
use super::indicator_sheet::write_indicator_sheet;
use super::output::{build_error, cn_date, save, SheetNames};
use super::sheet::{write_ledger_sheet, LedgerSheet, Purpose};
use super::styles::Styles;
use super::UnitFile;
use crate::workbook::{IDENTITY_SHEET, INDICATOR_SHEET};
use crate::Result;

/// The line under the title of every sheet of a unit file.
pub fn unit_subtitle(file: &UnitFile) -> String {
    let id = &file.identity;
    format!("填报单位：{}　　期次：{}　　截止时间：{}", id.unit_name, id.round_label, cn_date(id.due))
}

/// Writes a unit's return file.
pub fn write(file: &UnitFile, path: &Path) -> Result<()> {
    let mut workbook = build(file).map_err(|e| build_error(path, &e))?;
    save(&mut workbook, path)
}

fn build(file: &UnitFile) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let st = Styles::new();
    let subtitle = unit_subtitle(file);
    let mut names = SheetNames::default();
    names.reserve(IDENTITY_SHEET);
    if !file.indicators.is_empty() {
        names.reserve(INDICATOR_SHEET);
    }
    for sheet in &file.sheets {
        let spec = LedgerSheet {
            sheet,
            name: names.take(&sheet.name),
            subtitle: subtitle.clone(),
            purpose: Purpose::UnitReturn,
        };
        write_ledger_sheet(workbook.add_worksheet(), &spec, &st)?;
    }
    if file.sheets.is_empty() {
        // A workbook needs one visible sheet; say why there is nothing to fill in.
        let ws = workbook.add_worksheet();
        ws.set_name(names.take("台账"))?;
        ws.write_string_with_format(
            0,
            0,
            format!("{}：本期没有需要贵单位填报的任务。", file.identity.unit_name),
            &st.plain,
        )?;
        ws.write_string_with_format(1, 0, subtitle.as_str(), &st.plain)?;
    }
    if !file.indicators.is_empty() {
        let ws = workbook.add_worksheet();
        ws.set_name(INDICATOR_SHEET)?;
        let title = format!("{}　量化指标完成情况", file.identity.ledger_title);
        write_indicator_sheet(ws, &title, &subtitle, &file.indicators, &st)?;
    }
    write_identity_sheet(workbook.add_worksheet(), &file.identity, &st)?;
    workbook.set_properties(&unit_properties(&file.identity));
    Ok(workbook)
}
