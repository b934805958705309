//! Reading ledger spreadsheets (.xlsx, .xls): every line of xlsx/xls reading lives in this module,
//! and plans without a table (.docx, .txt) in [`document`].
//!
//! [`read_workbook`] turns a file into [`ParsedWorkbook`]: the task table of each worksheet, the
//! mapping of its headers to fields, and the layout needed to write it back in the same shape.
//! It touches no database; the service layer stores the result.

pub mod attachments;
pub mod document;
pub mod grid;
pub mod guard;
pub mod header;
pub mod layout;
pub mod returns;
pub mod table;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, SheetType, SheetVisible, Xls, Xlsx};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dates::year;
use crate::model::{ColumnMapping, Field};
use crate::{Error, Result};

use crate::workbook::{Merge, PageLayout, SheetLayout};
pub use grid::{Cell, Grid};
pub use header::Header;
pub use table::{SkippedRow, TaskRow};

/// One worksheet with a task table.
#[derive(Debug, Clone)]
pub struct ParsedSheet {
    /// The worksheet's name.
    pub name: String,
    /// Its position among the workbook's sheets (zero-based).
    pub position: u32,
    /// The 附件 label above the title ("附件2").
    pub label: Option<String>,
    /// The sheet's title.
    pub title: Option<String>,
    /// How each column was understood.
    pub columns: Vec<ColumnMapping>,
    /// The task rows, in sheet order.
    pub rows: Vec<TaskRow>,
    /// Rows under the header that are not tasks.
    pub skipped: Vec<SkippedRow>,
    /// The layout to write it back.
    pub layout: SheetLayout,
}

/// A worksheet that holds no task table, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassedSheet {
    /// The worksheet's name.
    pub name: String,
    /// Why it was passed over, in Chinese.
    pub reason: String,
}

/// Where a ledger's year came from; a year guessed from deadline texts should be confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// The ledger's title names it.
    Title,
    /// The file name names it.
    FileName,
    /// The earliest year written in the deadline cells (a guess).
    Deadlines,
    /// The user gave it.
    User,
}

/// A workbook read into task tables.
#[derive(Debug, Clone)]
pub struct ParsedWorkbook {
    /// The file's name, without folders.
    pub file_name: String,
    /// SHA-256 of the file's bytes, in hex.
    pub sha256: String,
    /// The ledger's title: the first task sheet's title, else the file name.
    pub title: String,
    /// The year the ledger is about, for deadlines that name only a month, and where it was
    /// found.
    pub anchor_year: Option<(i32, YearSource)>,
    /// Sheets with tasks.
    pub sheets: Vec<ParsedSheet>,
    /// Sheets without.
    pub passed_over: Vec<PassedSheet>,
    /// A document's 工作目标 paragraphs: the plan's own targets, not tied to one task (empty for
    /// a workbook).
    pub target_paragraphs: Vec<String>,
    /// A document's other paragraphs that are not tasks, read for numbers an import could not
    /// place (empty for a workbook).
    pub other_paragraphs: Vec<String>,
}

/// Reads a ledger workbook. `overrides` pin header texts to fields ("主要措施" → measure).
///
/// Fails with a Chinese message for an empty, unreadable or encrypted file, and for a workbook
/// with no task table at all.
pub fn read_workbook(path: &Path, overrides: &[(String, Field)]) -> Result<ParsedWorkbook> {
    let (file_name, bytes) = read_file(path)?;
    if document::is_document(path, &bytes) {
        return document::read_document(path);
    }
    let sheets = read_sheets(&file_name, &bytes)?;
    let mut parsed = Vec::new();
    let mut passed_over = Vec::new();
    for (position, raw) in sheets.into_iter().enumerate() {
        match parse_sheet(raw, position as u32, overrides) {
            Ok(sheet) => parsed.push(sheet),
            Err(passed) => passed_over.push(passed),
        }
    }
    if parsed.is_empty() {
        let detail =
            passed_over.iter().map(|p| format!("工作表“{}”{}", p.name, p.reason)).collect::<Vec<_>>().join("；");
        return Err(Error::NoTaskTable { file: file_name, detail });
    }
    let stem = Path::new(&file_name).file_stem().map_or(file_name.clone(), |s| s.to_string_lossy().into_owned());
    let title = parsed.iter().find_map(|s| s.title.clone()).unwrap_or_else(|| stem.clone());
    let deadline_texts = parsed.iter().flat_map(|s| {
        let col = s.columns.iter().position(|c| c.field == Field::Deadline);
        s.rows.iter().filter_map(move |r| col.map(|c| r.cells[c].text.as_str()))
    });
    let anchor_year = year::first_year(&title)
        .map(|y| (y, YearSource::Title))
        .or_else(|| year::first_year(&stem).map(|y| (y, YearSource::FileName)))
        .or_else(|| year::earliest_year(deadline_texts).map(|y| (y, YearSource::Deadlines)));
    Ok(ParsedWorkbook {
        sha256: hex_sha256(&bytes),
        file_name,
        title,
        anchor_year,
        sheets: parsed,
        passed_over,
        target_paragraphs: Vec::new(),
        other_paragraphs: Vec::new(),
    })
}

/// A file's name (without folders) and its bytes. A zip-based file other than an .xlsx (a
/// .docx) is checked here by [`guard::check_zip`]; an .xlsx is checked by [`read_sheets`] before
/// calamine opens it, in the same pass that reads each sheet's layout and merged ranges.
fn read_file(path: &Path) -> Result<(String, Vec<u8>)> {
    let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    if bytes.starts_with(ZIP_MAGIC) && !is_xlsx(&bytes) {
        guard::check_zip(&file_name, &bytes)?;
    }
    Ok((file_name, bytes))
}

/// Whether zip bytes hold an Excel workbook (and no Word document, which the document reader
/// would take).
fn is_xlsx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|zip| {
        let has = |name: &str| zip.file_names().flatten().any(|n| n.eq_ignore_ascii_case(name));
        has("xl/workbook.xml") && !has("word/document.xml")
    })
}

/// SHA-256 of bytes, as lowercase hex.
pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A worksheet's raw content before any ledger logic.
struct RawSheet {
    name: String,
    visible: bool,
    range: std::result::Result<Range<Data>, String>,
    merges: Vec<Merge>,
    /// Widths, print settings and page breaks (an .xlsx only; empty for an .xls).
    layout: PageLayout,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Opens the workbook by its content (not its extension) and reads every worksheet; a panic in
/// calamine becomes a Chinese error.
fn read_sheets(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>> {
    guard::contain_panics(file, || open_sheets(file, bytes))
}

fn open_sheets(file: &str, bytes: &[u8]) -> Result<Vec<RawSheet>> {
    let not_spreadsheet = |detail: &str| Error::NotASpreadsheet { file: file.to_string(), detail: detail.to_string() };
    if bytes.is_empty() {
        return Err(Error::EmptyFile { file: file.to_string() });
    }
    if bytes.starts_with(ZIP_MAGIC) {
        // The guard's pass over each sheet's XML also gives its layout and merged ranges.
        let mut scans = guard::check_zip(file, bytes)?;
        let book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsxError::Password => Error::Encrypted { file: file.to_string() },
            _ => not_spreadsheet("文件是压缩包格式，但其中没有 Excel 工作簿（可能是 .docx、.zip 或已损坏）"),
        })?;
        let mut sheets = collect_sheets(book, |_, _| Vec::new());
        for sheet in &mut sheets {
            if let Some(scan) = scans.remove(&sheet.name) {
                (sheet.merges, sheet.layout) = (scan.merges, scan.layout);
            }
        }
        return Ok(sheets);
    }
    if bytes.starts_with(CFB_MAGIC) {
        guard::check_cfb(file, bytes)?;
        if contains_utf16(bytes, "EncryptionInfo") {
            return Err(Error::Encrypted { file: file.to_string() });
        }
        let book = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => Error::Encrypted { file: file.to_string() },
            _ => not_spreadsheet("文件是旧版 Office 格式，但不是 Excel 工作簿（可能是 .doc 或已损坏）"),
        })?;
        let merges = |book: &mut Xls<_>, name: &str| {
            book.merge_cells_by_sheet_name(name).unwrap_or_default().iter().map(merge_of).collect()
        };
        return Ok(collect_sheets(book, merges));
    }
    let looks_like_text = std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok();
    Err(not_spreadsheet(if looks_like_text {
        "文件内容是纯文本（可能是 .csv 或 .txt 改了扩展名）"
    } else {
        "文件内容无法识别，可能已损坏"
    }))
}

fn collect_sheets<RS, R, F>(mut book: R, mut merges: F) -> Vec<RawSheet>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
    F: FnMut(&mut R, &str) -> Vec<Merge>,
{
    let metadata: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    metadata
        .into_iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| RawSheet {
            range: book.worksheet_range(&s.name).map_err(|e| e.to_string()).and_then(within_cell_limit),
            merges: merges(&mut book, &s.name),
            layout: PageLayout::default(),
            visible: s.visible == SheetVisible::Visible,
            name: s.name,
        })
        .collect()
}

/// A range whose used area from A1 stays within [`guard::MAX_SHEET_CELLS`], so that [`Grid`]
/// stays bounded even where calamine places a cell differently from the guard's scan.
fn within_cell_limit(range: Range<Data>) -> std::result::Result<Range<Data>, String> {
    let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (u64::from(r) + 1, u64::from(c) + 1));
    if rows * cols > guard::MAX_SHEET_CELLS {
        return Err(format!("已用区域达到 {rows} 行 × {cols} 列，超过 {} 个单元格的上限", guard::MAX_SHEET_CELLS));
    }
    Ok(range)
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge { first_row: d.start.0, first_col: d.start.1, last_row: d.end.0, last_col: d.end.1 }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(pattern.len()).any(|w| w == pattern.as_slice())
}

/// Finds the task table of one worksheet, or says why there is none.
fn parse_sheet(
    raw: RawSheet,
    position: u32,
    overrides: &[(String, Field)],
) -> std::result::Result<ParsedSheet, PassedSheet> {
    let pass = |reason: String| PassedSheet { name: raw.name.clone(), reason };
    if !raw.visible {
        return Err(pass("是隐藏的工作表，未导入".into()));
    }
    let range = raw.range.as_ref().map_err(|e| pass(format!("无法读取（{e}）")))?;
    let grid = Grid::new(range, raw.merges.clone());
    let header = header::find_header(&grid)
        .ok_or_else(|| pass("没有找到含“序号”“工作措施/主要任务”“牵头单位”等列的表头".into()))?;
    let fields = header::map_columns(&header.texts, overrides);
    if !fields.contains(&Field::Measure) {
        return Err(pass("表头中没有工作措施（主要任务）列".into()));
    }
    let (rows, skipped) = table::task_rows(&grid, &header, &fields);
    if rows.is_empty() {
        return Err(pass(format!("第 {} 行是表头，但其下没有任务内容", header.row + 1)));
    }
    let (label_row, title_row) = label_and_title(&grid, header.row);
    let text_of = |row: Option<u32>| row.map(|r| grid.distinct_texts(r).join(" "));
    let columns = header
        .texts
        .iter()
        .zip(&fields)
        .enumerate()
        .map(|(i, (text, field))| ColumnMapping {
            index: i as u32,
            letter: crate::workbook::column_letter(i as u32),
            header: text.clone(),
            field: *field,
        })
        .collect();
    Ok(ParsedSheet {
        label: text_of(label_row),
        title: text_of(title_row),
        columns,
        rows,
        skipped,
        layout: SheetLayout {
            label_row,
            title_row,
            header_row: header.row,
            header_height: header.height,
            merges: grid.merges().to_vec(),
            page: raw.layout.clone(),
        },
        name: raw.name,
        position,
    })
}

/// The 附件 label row and the title row above the header.
fn label_and_title(grid: &Grid, header_row: u32) -> (Option<u32>, Option<u32>) {
    let mut label = None;
    let mut title = None;
    for r in 0..header_row {
        let texts = grid.distinct_texts(r);
        let Some(first) = texts.first() else { continue };
        if label.is_none()
            && title.is_none()
            && texts.len() == 1
            && first.starts_with("附件")
            && first.chars().count() <= 8
        {
            label = Some(r);
        } else if title.is_none() {
            title = Some(r);
        }
    }
    (label, title)
}
