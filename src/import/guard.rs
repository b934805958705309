//! Limits checked before an .xlsx (or .docx) file reaches calamine, so that a hostile or broken
//! file ends with a Chinese message instead of exhausting memory: a zip bomb, a zip whose headers
//! lie about sizes, a shared-strings table that claims billions of entries, or a sheet whose used
//! area spans millions of cells (calamine and [`super::Grid`] hold a sheet as a dense grid).
//!
//! Every part is inflated once into a counter (never kept), capped at the declared size and at
//! [`MAX_PART_BYTES`]; worksheets are streamed with quick-xml to find the extent of the cells
//! that hold a value. The whole check needs a few kilobytes of buffers whatever the file holds.
//!
//! An .xls file (a compound file) is walked the way calamine will walk it — its sector chains
//! ([`compound`]) and its sheets' cell records ([`biff`]) — because calamine trusts the numbers
//! in it: the checks there each answer a crash that fuzzing found (fuzz/README.md).

use std::io::{BufRead, BufReader, Cursor, Read, Seek};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{Error, Result};

mod biff;
mod compound;

/// Most parts (files) an .xlsx may hold; real workbooks have a few dozen.
pub const MAX_ENTRIES: usize = 10_000;
/// Largest inflated part: a 50 MB shared-strings table still fits.
pub const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;
/// Largest inflated total of all parts.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Most cells in a sheet's used area counted from A1 (rows × columns up to the last cell that
/// holds a value): 2,000,000 is 2,000 rows of 1,000 columns or 100,000 rows of 20.
pub const MAX_SHEET_CELLS: u64 = 2_000_000;
/// Most entries a shared-strings table may declare (calamine reserves room for all of them).
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

const MB: u64 = 1024 * 1024;

/// Checks a zip-based file (.xlsx, .docx) against the limits above. Bytes that are not a
/// readable zip pass: the reader that follows reports them as damaged.
pub fn check_zip(file: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let too_large = |detail: String| Error::TooLarge { file: file.to_string(), detail };
    if zip.len() > MAX_ENTRIES {
        return Err(too_large(format!("是一个包含 {} 个部件的压缩包（Excel 工作簿通常只有几十个）", zip.len())));
    }
    let mut total = 0u64;
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index(index) else { continue };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = entry.size();
        if declared > MAX_PART_BYTES {
            return Err(too_large(format!(
                "中的部件 {name} 解压后有 {} MB，超过 {} MB 的上限",
                declared / MB,
                MAX_PART_BYTES / MB
            )));
        }
        let (inflated, complete) = count_inflated(entry, declared.min(MAX_PART_BYTES) + 1);
        if inflated > declared {
            return Err(too_large(format!(
                "中的部件 {name} 实际解压后的大小超过了压缩包中记录的 {declared} 字节（压缩包头信息不实）"
            )));
        }
        if !complete {
            return Err(Error::NotASpreadsheet {
                file: file.to_string(),
                detail: format!("压缩包中的部件 {name} 无法完整解压，文件可能已损坏"),
            });
        }
        total += inflated;
        if total > MAX_TOTAL_BYTES {
            return Err(too_large(format!("解压后超过 {} MB", MAX_TOTAL_BYTES / MB)));
        }
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            check_shared_strings(&mut zip, &name, inflated).map_err(too_large)?;
        }
    }
    check_sheet_extents(&mut zip).map_err(too_large)
}

/// Bytes a part inflates to, reading at most `cap`, and whether it inflated without error (a
/// damaged part or a wrong checksum stops it early).
fn count_inflated(entry: impl Read, cap: u64) -> (u64, bool) {
    let mut part = entry.take(cap);
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        match part.read(&mut buf) {
            Ok(0) => return (total, true),
            Ok(n) => total += n as u64,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return (total, false),
        }
    }
}

/// The shared-strings table may not declare more entries than it could hold (an entry takes at
/// least five bytes, `<si/>`) nor more than [`MAX_SHARED_STRINGS`].
fn check_shared_strings<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    inflated: u64,
) -> std::result::Result<(), String> {
    let Ok(part) = zip.by_name(name) else { return Ok(()) };
    let mut reader = Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let declared = loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let count = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .map(|a| a.value.trim().to_string());
                break count.map(|c| c.parse::<u64>().unwrap_or(u64::MAX));
            }
            Ok(Event::Eof) | Err(_) => break None,
            _ => {}
        }
        buf.clear();
    };
    match declared {
        Some(n) if n > MAX_SHARED_STRINGS || n > inflated / 5 + 1 => Err(format!(
            "的共享字符串表声明了 {} 条文字，{}",
            if n == u64::MAX { "无法计数的".to_string() } else { n.to_string() },
            if n > MAX_SHARED_STRINGS {
                format!("超过 {MAX_SHARED_STRINGS} 条的上限")
            } else {
                "与其实际大小不符".to_string()
            }
        )),
        _ => Ok(()),
    }
}

/// Each worksheet's used area (from A1 to the last cell holding a value) must stay within
/// [`MAX_SHEET_CELLS`]. Rows and cells that carry only a style do not count: calamine skips them.
fn check_sheet_extents<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> std::result::Result<(), String> {
    let Some((sheets, _)) = super::layout::sheet_parts(zip) else { return Ok(()) };
    for (sheet, part) in sheets {
        let Some(part) = part else { continue };
        let Ok(entry) = zip.by_name(&part) else { continue };
        let (rows, cols) = used_extent(BufReader::new(entry));
        if let Some(detail) = area_too_large(&sheet, rows, cols) {
            return Err(detail);
        }
    }
    Ok(())
}

/// The message detail for a sheet whose used area from A1 exceeds [`MAX_SHEET_CELLS`].
fn area_too_large(sheet: &str, rows: u64, cols: u64) -> Option<String> {
    (rows.saturating_mul(cols) > MAX_SHEET_CELLS).then(|| {
        format!(
            "的工作表“{sheet}”已用区域达到 {rows} 行 × {cols} 列，超过 {MAX_SHEET_CELLS} 个单元格的上限\
             （通常是表格下方或右侧很远处有内容或空格）"
        )
    })
}

/// Rows and columns from A1 to the last cell with a value (`<v>` or an inline string), one-based.
fn used_extent<R: BufRead>(xml: R) -> (u64, u64) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u64, 0u64);
    let (mut max_row, mut max_col) = (0u64, 0u64);
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "row" => {
                    row = attr_u64(&e, "r").unwrap_or(row + 1);
                    col = 0;
                }
                "c" => match e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "r") {
                    Some(a) => (row, col) = cell_position(a.value.as_bytes()).unwrap_or((row, col + 1)),
                    None => col += 1,
                },
                "v" | "is" => {
                    max_row = max_row.max(row);
                    max_col = max_col.max(col);
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (max_row, max_col)
}

fn attr_u64(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<u64> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key)?;
    a.value.trim().parse().ok()
}

/// The one-based (row, column) of an A1 reference such as `XFD1048576`.
fn cell_position(reference: &[u8]) -> Option<(u64, u64)> {
    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let col = reference[..letters]
        .iter()
        .fold(0u64, |acc, b| acc.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1)));
    let row = std::str::from_utf8(&reference[letters..]).ok()?.parse::<u64>().ok()?;
    (letters > 0 && row > 0).then_some((row, col))
}

/// Runs a calamine read, turning a panic inside it into a "damaged file" error. calamine's .xls
/// reader indexes its records by the lengths written in them, and the formula and defined-name
/// parsers are too large to re-check here; what cannot unwind (running out of memory, looping)
/// is refused beforehand by [`check_zip`] and [`check_cfb`].
pub fn contain_panics<T>(file: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(Error::NotASpreadsheet {
            file: file.to_string(),
            detail: "文件内部的数据有误，无法解析（可能已损坏，或由不兼容的软件生成）".to_string(),
        })
    })
}

/// Checks a compound file (.xls) before calamine reads it: its structure the way calamine walks
/// it (see [`compound`]), then the cell records of each sheet (see [`biff`]).
pub fn check_cfb(file: &str, bytes: &[u8]) -> Result<()> {
    let damaged = |what: &str| Error::NotASpreadsheet {
        file: file.to_string(),
        detail: format!("文件是旧版 Excel 格式（.xls），但内部结构已损坏（{what}）"),
    };
    let Some(cfb) = compound::Compound::open(bytes).map_err(damaged)? else { return Ok(()) };
    let Some(workbook) = cfb.workbook_stream().map_err(damaged)? else { return Ok(()) };
    biff::check_sheets(&workbook).map_err(|problem| match problem {
        biff::Problem::Damaged(what) => damaged(what),
        biff::Problem::TooLarge(detail) => Error::TooLarge { file: file.to_string(), detail },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_position(b"A1"), Some((1, 1)));
        assert_eq!(cell_position(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_position(b"1"), None);
        assert_eq!(cell_position(b"A"), None);
    }

    #[test]
    fn extent_counts_only_cells_with_values() {
        let xml = br#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>2</v></c></row>
            <row r="2"><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>
            <row r="900000" s="3" customFormat="1"><c r="Z900000" s="3"/></row>
        </sheetData></worksheet>"#;
        assert_eq!(used_extent(&xml[..]), (2, 4));
    }
}
