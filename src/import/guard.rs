//! Limits checked before an .xlsx (or .docx) file reaches calamine, so that a hostile or broken
//! file ends with a Chinese message instead of exhausting memory: a zip bomb, a zip whose headers
//! lie about sizes, a shared-strings table that claims billions of entries, or a sheet whose used
//! area spans millions of cells (calamine and [`super::Grid`] hold a sheet as a dense grid).
//!
//! Every part is inflated once, capped at the declared size and at [`MAX_PART_BYTES`]: into a
//! counter (never kept), or for a worksheet through the one streamed pass that also reads its
//! layout and merged ranges ([`super::layout::scan_sheet`]), so the importer needs no other pass
//! over the sheet's XML than calamine's own. The check needs a few kilobytes of buffers whatever
//! the file holds.
//!
//! An .xls file (a compound file) is walked the way calamine will walk it — its sector chains
//! ([`compound`]) and its sheets' cell records ([`biff`]) — because calamine trusts the numbers
//! in it: the checks there each answer a crash that fuzzing found (fuzz/README.md).

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read, Seek};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::layout::{self, SheetScan};
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

/// Checks a zip-based file (.xlsx, .docx) against the limits above, and returns what the pass
/// over each worksheet of an .xlsx found, by sheet name (empty for a .docx). Bytes that are not a
/// readable zip pass: the reader that follows reports them as damaged.
pub fn check_zip(file: &str, bytes: &[u8]) -> Result<HashMap<String, SheetScan>> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(HashMap::new()) };
    let too_large = |detail: String| Error::TooLarge { file: file.to_string(), detail };
    if zip.len() > MAX_ENTRIES {
        return Err(too_large(format!("是一个包含 {} 个部件的压缩包（Excel 工作簿通常只有几十个）", zip.len())));
    }
    // Worksheet part (lower case) → (sheet name, its print-title rows), from workbook.xml and
    // its relations (read whole, capped).
    let sheet_parts: HashMap<String, (String, Option<(u32, u32)>)> = layout::sheet_parts(&mut zip)
        .map(|(sheets, titles)| {
            let sheets = sheets.into_iter().enumerate();
            sheets
                .filter_map(|(i, (name, part))| Some((part?.to_lowercase(), (name, titles.get(&i).copied()))))
                .collect()
        })
        .unwrap_or_default();
    let mut scans: HashMap<String, SheetScan> = HashMap::new();
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
        let mut part = Counted::new(entry, declared.min(MAX_PART_BYTES) + 1);
        if let Some((sheet, print_titles)) = sheet_parts.get(&name.to_lowercase()) {
            let mut scan = layout::scan_sheet(BufReader::with_capacity(64 * 1024, &mut part));
            if let Some(detail) = area_too_large(sheet, scan.extent.0, scan.extent.1) {
                return Err(too_large(detail));
            }
            scan.layout.print_title_rows = *print_titles;
            scans.entry(sheet.clone()).or_insert(scan);
        }
        let (inflated, complete) = part.finish();
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
    Ok(scans)
}

/// A part being inflated, counted, and capped at `cap` bytes; a read error (a damaged part, a
/// wrong checksum) ends it and is remembered.
struct Counted<R> {
    part: std::io::Take<R>,
    total: u64,
    failed: bool,
}

impl<R: Read> Counted<R> {
    fn new(part: R, cap: u64) -> Counted<R> {
        Counted { part: part.take(cap), total: 0, failed: false }
    }

    /// Reads what is left, and gives the bytes the part inflated to (up to the cap) and whether
    /// it inflated without error.
    fn finish(mut self) -> (u64, bool) {
        let mut buf = vec![0u8; 64 * 1024];
        while !self.failed {
            match self.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        (self.total, !self.failed)
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(0);
        }
        loop {
            match self.part.read(buf) {
                Ok(n) => {
                    self.total += n as u64;
                    return Ok(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
            }
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

/// The message detail for a sheet whose used area from A1 exceeds [`MAX_SHEET_CELLS`].
fn area_too_large(sheet: &str, rows: u64, cols: u64) -> Option<String> {
    (rows.saturating_mul(cols) > MAX_SHEET_CELLS).then(|| {
        format!(
            "的工作表“{sheet}”已用区域达到 {rows} 行 × {cols} 列，超过 {MAX_SHEET_CELLS} 个单元格的上限\
             （通常是表格下方或右侧很远处有内容或空格）"
        )
    })
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
