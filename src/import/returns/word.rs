//! A return answered in Word (.docx): each table of the document becomes a sheet ("表格1" …)
//! read like a worksheet — cells spanning columns (`w:gridSpan`) and rows (`w:vMerge`) become
//! merged ranges, the header is found by its content, 填表人 footers are passed over — and the
//! "填报单位（盖章）：…" line above a table names the unit. A table that continues the one before
//! it without repeating the header (the same number of columns) is read under that header.

use calamine::{Data, Range};

use super::super::document::body::{Block, TableCell, VerticalMerge};
use super::super::document::paragraphs::docx_body;
use super::super::grid::Grid;
use super::super::guard::MAX_SHEET_CELLS;
use super::super::header::Header;
use super::super::hex_sha256;
use super::{find_unit_line, properties, return_header, sheet_of, unit_on_line, ReturnedWorkbook};
use crate::workbook::Merge;
use crate::{Error, Result};

/// Reads a Word return.
pub(super) fn read_word(file_name: &str, bytes: &[u8]) -> Result<ReturnedWorkbook> {
    let body = docx_body(bytes).map_err(|detail| Error::NotASpreadsheet { file: file_name.to_string(), detail })?;
    let mut unit_line = None;
    let mut sheets = Vec::new();
    let mut previous: Option<Header> = None;
    let mut tables = 0;
    for block in &body.blocks {
        let rows = match block {
            Block::Paragraph(text) => {
                unit_line = unit_line.or_else(|| unit_on_line(text));
                continue;
            }
            Block::Table(rows) => rows,
        };
        tables += 1;
        let grid = table_grid(file_name, rows)?;
        let head = match return_header(&grid) {
            Some(head) => {
                unit_line = unit_line.or_else(|| find_unit_line(&grid, head.row));
                head
            }
            None => match &previous {
                Some(above) if above.texts.len() == grid.cols() as usize => {
                    Header { row: 0, height: 0, texts: above.texts.clone() }
                }
                _ => continue,
            },
        };
        let sheet = sheet_of(format!("表格{tables}"), &grid, &head);
        if !sheet.rows.is_empty() {
            previous = Some(head);
            sheets.push(sheet);
        }
    }
    if sheets.is_empty() {
        return Err(Error::NoTaskTable {
            file: file_name.to_string(),
            detail: format!(
                "这是 Word 文档，其中的 {tables} 个表格都没有“序号”和“工作措施/主要任务”或“进展情况”等列（表格若是图片或文本框则无法读取）"
            ),
        });
    }
    Ok(ReturnedWorkbook {
        file_name: file_name.to_string(),
        sha256: hex_sha256(bytes),
        identity: None,
        unit_line,
        document_modified: properties::document_modified(bytes),
        sheets,
        indicators: Vec::new(),
    })
}

/// A Word table as a grid: each cell's text at its grid column, spans and vertical merges as
/// merged ranges. Refused past the sheet cell limit, like a worksheet.
fn table_grid(file_name: &str, rows: &[Vec<TableCell>]) -> Result<Grid> {
    let cols = rows.iter().flatten().map(|c| c.column + c.span).max().unwrap_or(0);
    if rows.is_empty() || cols == 0 {
        return Ok(Grid::default());
    }
    if rows.len() as u64 * u64::from(cols) > MAX_SHEET_CELLS {
        return Err(Error::TooLarge {
            file: file_name.to_string(),
            detail: format!("中的表格有 {} 行 × {cols} 列，超过 {MAX_SHEET_CELLS} 个单元格的上限", rows.len()),
        });
    }
    let mut range = Range::new((0, 0), (rows.len() as u32 - 1, cols - 1));
    let mut merges = Vec::new();
    let continues = |row: usize, column: u32| {
        rows.get(row).is_some_and(|r| r.iter().any(|c| c.column == column && c.merge == VerticalMerge::Continue))
    };
    for (r, row) in rows.iter().enumerate() {
        for cell in row.iter().filter(|c| c.merge != VerticalMerge::Continue) {
            if !cell.text.is_empty() {
                range.set_value((r as u32, cell.column), Data::String(cell.text.clone()));
            }
            let mut last = r;
            if cell.merge == VerticalMerge::Restart {
                while continues(last + 1, cell.column) {
                    last += 1;
                }
            }
            if last > r || cell.span > 1 {
                merges.push(Merge {
                    first_row: r as u32,
                    first_col: cell.column,
                    last_row: last as u32,
                    last_col: cell.column + cell.span - 1,
                });
            }
        }
    }
    Ok(Grid::new(&range, merges))
}
