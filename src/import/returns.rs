//! Reading a department's returned file: its identity, the 填报单位 line, when it was saved and
//! its rows — a unit file we sent, the notice's own table, rows pasted into a new workbook (the
//! header anywhere, columns in any order, only some of them), or a Word table ([`word`]).

mod formats;
mod properties;
mod word;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::document::paragraphs::is_docx;
use super::grid::Grid;
use super::header::Header;
use super::{header, hex_sha256, read_sheets, table};
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
    /// The unit named on a 填报单位 line above a header (or above a Word table), if any.
    pub unit_line: Option<String>,
    /// When the department last saved it, as the file itself says (docProps/core.xml
    /// "modified"); `None` for .xls files and files without it.
    pub document_modified: Option<DateTime<Utc>>,
    /// Every visible sheet with a task table (a Word document: every table, "表格1" …).
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

/// Reads a returned unit file (.xlsx, .xls or a Word .docx with the table), whichever program
/// saved it last.
pub fn read_return(path: &Path) -> Result<ReturnedWorkbook> {
    let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|source| crate::Error::Io { path: path.to_path_buf(), source })?;
    read_return_bytes(&file_name, &bytes)
}

/// Reads a returned file from its bytes (a file on disk, or one taken out of a .zip of
/// attachments); `file_name` names it in messages. Zip-based files pass the same limits as a
/// ledger ([`super::guard`]); formats that hold no readable table (WPS's own .et and .wps, old
/// .doc, PDF, photos) are refused with how to save them as .xlsx or .docx.
pub fn read_return_bytes(file_name: &str, bytes: &[u8]) -> Result<ReturnedWorkbook> {
    if bytes.is_empty() {
        return Err(crate::Error::EmptyFile { file: file_name.to_string() });
    }
    if let Some(refusal) = formats::refusal(file_name, bytes) {
        return Err(refusal);
    }
    // An .xlsx passes the limits in `read_sheets`, in the one pass over its XML that also reads
    // each sheet's layout and merged ranges; a .docx passes them here.
    if bytes.starts_with(super::ZIP_MAGIC) && is_docx(bytes) {
        super::guard::check_zip(file_name, bytes)?;
        return word::read_word(file_name, bytes);
    }
    let raw_sheets = read_sheets(file_name, bytes).map_err(|e| formats::explain(file_name, e))?;
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
        let Some(head) = return_header(&grid) else { continue };
        if unit_line.is_none() {
            unit_line = find_unit_line(&grid, head.row);
        }
        sheets.push(sheet_of(raw.name, &grid, &head));
    }
    if identity.is_none() {
        identity = properties::custom_property_identity(bytes);
    }
    Ok(ReturnedWorkbook {
        sha256: hex_sha256(bytes),
        file_name: file_name.to_string(),
        identity,
        unit_line,
        document_modified: properties::document_modified(bytes),
        sheets,
        indicators,
    })
}

/// The header of a returned table: a ledger header ([`header::find_header`]), else — for rows a
/// department pasted with only a few columns — the first row naming 序号 and a fill-in column.
fn return_header(grid: &Grid) -> Option<Header> {
    header::find_header(grid).or_else(|| {
        (0..grid.rows().min(40)).find_map(|row| {
            let texts: Vec<String> = (0..grid.cols()).map(|c| grid.text(row, c).to_string()).collect();
            let fields = header::map_columns(&texts, &[]);
            (fields.contains(&Field::Seq) && fields.iter().any(|f| f.is_fill_in())).then_some(Header {
                row,
                height: 1,
                texts,
            })
        })
    })
}

/// The rows of a returned table under `head`, as a [`ReturnedSheet`].
fn sheet_of(name: String, grid: &Grid, head: &Header) -> ReturnedSheet {
    let fields = header::map_columns(&head.texts, &[]);
    let key_col = head.texts.iter().position(|t| t.trim() == KEY_HEADER);
    let rows = if fields.contains(&Field::Measure) {
        table::task_rows(grid, head, &fields).0
    } else {
        numbered_rows(grid, head, &fields)
    };
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
    ReturnedSheet { name, columns, rows }
}

/// The rows of a table with no measure column (序号 and fill-in columns only): every row under
/// the header whose 序号 cell holds text and that is not a footer.
fn numbered_rows(grid: &Grid, head: &Header, fields: &[Field]) -> Vec<table::TaskRow> {
    let Some(seq_col) = fields.iter().position(|f| *f == Field::Seq) else { return Vec::new() };
    (head.row + head.height..grid.rows())
        .filter(|&r| {
            let seq = grid.text(r, seq_col as u32);
            !seq.is_empty() && !table::is_footer(seq) && seq != head.texts[seq_col].trim()
        })
        .map(|r| table::TaskRow {
            source_row: r + 1,
            section: None,
            cells: (0..fields.len() as u32).map(|c| grid.cell(r, c).clone()).collect(),
        })
        .collect()
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

/// The unit on a "填报单位：…" line above the header.
fn find_unit_line(grid: &Grid, header_row: u32) -> Option<String> {
    (0..header_row).find_map(|r| grid.distinct_texts(r).into_iter().find_map(unit_on_line))
}

/// The unit a "填报单位：…" (or "报送单位：…") line names: "填报单位（盖章）：市财政局　　填报日期：…"
/// gives 市财政局; a bracketed hint after the name ("市财政局（盖章）") is dropped.
pub(crate) fn unit_on_line(text: &str) -> Option<String> {
    let rest = text.trim().strip_prefix("填报单位").or_else(|| text.trim().strip_prefix("报送单位"))?;
    let rest = strip_bracketed(rest.trim_start()).trim_start_matches([':', '：', ' ', '\u{3000}']);
    let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
    let name = match name.find(['（', '(']) {
        Some(at) if at > 0 => name[..at].to_string(),
        _ => name,
    };
    let name = name.trim_end_matches(['：', ':', '，', ',', '。']).to_string();
    (!name.is_empty() && !name.starts_with(['（', '(', '_', '＿'])).then_some(name)
}

/// The text after a leading bracketed hint such as "（盖章）"; the text itself when it has none.
fn strip_bracketed(text: &str) -> &str {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = text.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                return &inner[end + close.len_utf8()..];
            }
        }
    }
    text
}
