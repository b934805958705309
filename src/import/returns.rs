//! Reading a department's returned unit file: its identity, the 填报单位 line and its rows.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use super::grid::Grid;
use super::{header, hex_sha256, read_file, read_sheets, table};
use crate::model::{ColumnMapping, Field};
use crate::workbook::column_letter;
use crate::workbook::{
    identity_from_pairs, parse_indicator_key, parse_task_key, FileIdentity, IDENTITY_SHEET, INDICATOR_HEADERS,
    INDICATOR_KEY_HEADER, KEY_HEADER,
};
use crate::Result;

/// A returned workbook, read.
#[derive(Debug, Clone)]
pub struct ReturnedWorkbook {
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The identity written at export, if it survived.
    pub identity: Option<FileIdentity>,
    /// The unit named on a 填报单位 line above a header, if any.
    pub unit_line: Option<String>,
    /// Every visible sheet with a task table.
    pub sheets: Vec<ReturnedSheet>,
    /// The rows of the indicator sheet (量化指标), if the file has one.
    pub indicators: Vec<ReturnedIndicator>,
}

/// One row of a returned file's indicator sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnedIndicator {
    /// The worksheet's name.
    pub sheet: String,
    /// The row in the returned file (1-based).
    pub source_row: u32,
    /// The indicator id from the hidden key column, when present.
    pub indicator_id: Option<i64>,
    /// The 序号 text.
    pub seq: String,
    /// The metric text.
    pub metric: String,
    /// The 实际完成值 text, trimmed ("" when not filled in).
    pub actual: String,
}

/// One sheet of a returned file.
#[derive(Debug, Clone)]
pub struct ReturnedSheet {
    /// The worksheet's name.
    pub name: String,
    /// Its columns as found (headers may have been renamed by the department).
    pub columns: Vec<ColumnMapping>,
    /// Its task rows.
    pub rows: Vec<ReturnedRow>,
}

/// One row of a returned sheet.
#[derive(Debug, Clone)]
pub struct ReturnedRow {
    /// The row in the returned file (1-based).
    pub source_row: u32,
    /// The task id from the hidden key column, when present.
    pub task_id: Option<i64>,
    /// One trimmed text per column.
    pub cells: Vec<String>,
}

/// Reads a returned unit file (.xlsx or .xls), whichever program saved it last.
pub fn read_return(path: &Path) -> Result<ReturnedWorkbook> {
    let (file_name, bytes) = read_file(path)?;
    let raw_sheets = read_sheets(&file_name, &bytes)?;
    let mut identity = None;
    let mut unit_line = None;
    let mut sheets = Vec::new();
    let mut indicators = Vec::new();
    for raw in raw_sheets {
        let Ok(range) = raw.range.as_ref() else { continue };
        let grid = Grid::new(range, raw.merges.clone());
        if raw.name == IDENTITY_SHEET {
            let pairs = key_values(&grid);
            identity = identity_from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            continue;
        }
        if !raw.visible {
            continue;
        }
        if let Some(rows) = indicator_rows(&raw.name, &grid) {
            indicators.extend(rows);
            continue;
        }
        let Some(head) = header::find_header(&grid) else { continue };
        if unit_line.is_none() {
            unit_line = find_unit_line(&grid, head.row);
        }
        let fields = header::map_columns(&head.texts, &[]);
        let key_col = head.texts.iter().position(|t| t.trim() == KEY_HEADER);
        let (rows, _) = table::task_rows(&grid, &head, &fields);
        let columns = head
            .texts
            .iter()
            .zip(&fields)
            .enumerate()
            .map(|(i, (text, field))| ColumnMapping {
                index: i as u32,
                letter: column_letter(i as u32),
                header: text.clone(),
                field: if Some(i) == key_col { Field::Other } else { *field },
            })
            .collect();
        let rows = rows
            .into_iter()
            .map(|row| {
                let cells: Vec<String> = row.cells.iter().map(|c| c.text.trim().to_string()).collect();
                let task_id = key_col.and_then(|k| cells.get(k)).and_then(|k| parse_task_key(k));
                ReturnedRow { source_row: row.source_row, task_id, cells }
            })
            .collect();
        sheets.push(ReturnedSheet { name: raw.name, columns, rows });
    }
    if identity.is_none() {
        identity = custom_property_identity(&bytes);
    }
    Ok(ReturnedWorkbook { sha256: hex_sha256(&bytes), file_name, identity, unit_line, sheets, indicators })
}

/// The rows of an indicator sheet: one whose header row (among the first 30) holds the
/// indicator key header; `None` for any other sheet. Columns are found by their header text.
fn indicator_rows(sheet: &str, grid: &Grid) -> Option<Vec<ReturnedIndicator>> {
    let (header_row, key_col) = (0..grid.rows().min(30))
        .find_map(|r| (0..grid.cols()).find(|&c| grid.text(r, c).trim() == INDICATOR_KEY_HEADER).map(|c| (r, c)))?;
    let col = |header: &str| (0..grid.cols()).find(|&c| grid.text(header_row, c).trim() == header);
    let [seq, metric, _, _, actual] = INDICATOR_HEADERS.map(col);
    let text = |r: u32, c: Option<u32>| c.map_or("", |c| grid.text(r, c).trim()).to_string();
    let rows = (header_row + 1..grid.rows())
        .filter_map(|r| {
            let key = text(r, Some(key_col));
            let row = ReturnedIndicator {
                sheet: sheet.to_string(),
                source_row: r + 1,
                indicator_id: parse_indicator_key(&key),
                seq: text(r, seq),
                metric: text(r, metric),
                actual: text(r, actual),
            };
            let note = row.seq.starts_with("说明") || row.metric.starts_with("说明");
            (row.indicator_id.is_some() || (!row.metric.is_empty() && !note)).then_some(row)
        })
        .collect();
    Some(rows)
}

/// Column A → column B pairs of the identity sheet.
fn key_values(grid: &Grid) -> HashMap<String, String> {
    (0..grid.rows()).map(|r| (grid.text(r, 0).to_string(), grid.text(r, 1).to_string())).collect()
}

/// The identity from the `taizhang_identity` custom document property (docProps/custom.xml):
/// the text of the first element inside that `<property>`, unescaped.
fn custom_property_identity(bytes: &[u8]) -> Option<FileIdentity> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name("docProps/custom.xml").ok()?.take(1024 * 1024).read_to_string(&mut xml).ok()?;
    let property = &xml[xml.find("name=\"taizhang_identity\"")?..];
    let value_start = property.find('>')? + 1;
    let inner = &property[value_start..property.find("</")?];
    let text = &inner[inner.find('>')? + 1..];
    serde_json::from_str(&quick_xml::escape::unescape(text).ok()?).ok()
}

/// The unit on a "填报单位：…" line above the header.
fn find_unit_line(grid: &Grid, header_row: u32) -> Option<String> {
    (0..header_row).find_map(|r| {
        grid.distinct_texts(r).into_iter().find_map(|t| {
            let rest = t.strip_prefix("填报单位")?.trim_start_matches([':', '：', ' ', '\u{3000}']);
            let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
            let name = name.trim_end_matches(['（', '(']).to_string();
            (!name.is_empty() && !name.starts_with('（') && !name.starts_with('(')).then_some(name)
        })
    })
}
