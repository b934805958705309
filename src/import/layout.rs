//! The parts of an .xlsx sheet that calamine's cell reader does not give: column widths, print
//! titles, orientation, fit-to-width, manual page breaks and merged ranges, kept so the sheet can
//! be written back in the same shape, and the extent of the cells that hold a value (for the
//! [`super::guard`]). All of it comes from one streamed pass over the sheet's XML
//! ([`scan_sheet`]) with the zip and quick-xml crates (the same ones calamine uses); any failure
//! here only loses layout, never the import.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::workbook::{Merge, PageLayout};

/// Largest XML part read whole (workbook.xml, its relations); bigger ones are not layout.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// What one pass over a worksheet's XML found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetScan {
    /// Column widths, orientation, fit-to-width and page breaks (print titles come from the
    /// workbook, see [`sheet_parts`]).
    pub layout: PageLayout,
    /// The merged ranges, zero-based, in file order.
    pub merges: Vec<Merge>,
    /// Rows and columns from A1 to the last cell holding a value (`<v>` or an inline string),
    /// one-based; rows and cells that carry only a style do not count.
    pub extent: (u64, u64),
}

/// Each sheet in workbook order as (name, its part's path in the zip, when its relationship
/// resolves), and the print-title rows by sheet index.
pub(super) fn sheet_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Option<(SheetParts, PrintTitles)> {
    let workbook = read_part(zip, "xl/workbook.xml")?;
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels")?;
    let targets = relationship_targets(&rels);
    let (sheets, print_titles) = workbook_sheets(&workbook);
    let parts = sheets
        .into_iter()
        .map(|(name, rel_id)| {
            let part = targets.get(&rel_id).map(|target| match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            });
            (name, part)
        })
        .collect();
    Some((parts, print_titles))
}

pub(super) fn read_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
    let file = zip.by_name(name).ok()?;
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES).read_to_end(&mut buf).ok()?;
    Some(buf)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::default()).ok().map(|v| v.into_owned()))
}

/// Relationship id → target path, from workbook.xml.rels.
fn relationship_targets(xml: &[u8]) -> HashMap<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Sheets in workbook order as (name, relationship id).
type SheetRefs = Vec<(String, String)>;
/// Sheets in workbook order as (name, part path when its relationship resolves).
pub(super) type SheetParts = Vec<(String, Option<String>)>;
/// Print-title rows by sheet index.
pub(super) type PrintTitles = HashMap<usize, (u32, u32)>;

fn workbook_sheets(xml: &[u8]) -> (SheetRefs, PrintTitles) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheets = Vec::new();
    let mut titles = HashMap::new();
    let mut pending_title: Option<usize> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, "name"), attr(&e, "id")) {
                    sheets.push((name, id));
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "definedName" => {
                pending_title = (attr(&e, "name").as_deref() == Some("_xlnm.Print_Titles"))
                    .then(|| attr(&e, "localSheetId").and_then(|v| v.parse().ok()))
                    .flatten();
            }
            Ok(Event::Text(t)) => {
                if let Some(index) = pending_title.take() {
                    if let Some(rows) = title_rows(&t.xml10_content()) {
                        titles.insert(index, rows);
                    }
                }
            }
            Ok(Event::End(_)) => pending_title = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (sheets, titles)
}

/// The row range of a print-titles formula such as `'台账'!$3:$4` or `Sheet1!$A:$A,Sheet1!$1:$2`.
fn title_rows(formula: &str) -> Option<(u32, u32)> {
    formula.split(',').find_map(|part| {
        let range = part.rsplit('!').next()?.replace('$', "");
        let (a, b) = range.split_once(':')?;
        let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        (a >= 1 && b >= a).then(|| (a - 1, b - 1))
    })
}

/// Column widths, page setup, row breaks, merged ranges and the used extent of a worksheet
/// part, in one streamed pass.
pub fn scan_sheet<R: BufRead>(xml: R) -> SheetScan {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut scan = SheetScan::default();
    let layout = &mut scan.layout;
    let mut fit_to_page = false;
    let mut in_row_breaks = false;
    let (mut row, mut col) = (0u64, 0u64);
    let (mut max_row, mut max_col) = (0u64, 0u64);
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "c" => match raw_attr(&e, "r") {
                    Some(r) => (row, col) = cell_position(r.as_bytes()).unwrap_or((row, col + 1)),
                    None => col += 1,
                },
                "v" | "is" => {
                    max_row = max_row.max(row);
                    max_col = max_col.max(col);
                }
                "row" => {
                    row = raw_attr(&e, "r").and_then(|r| r.trim().parse().ok()).unwrap_or(row + 1);
                    col = 0;
                }
                "mergeCell" => {
                    if let Some(merge) = raw_attr(&e, "ref").and_then(|r| merge_of(r.as_bytes())) {
                        scan.merges.push(merge);
                    }
                }
                "col" => set_widths(layout, &e),
                "pageSetUpPr" => fit_to_page = attr(&e, "fitToPage").is_some_and(|v| v == "1" || v == "true"),
                "pageSetup" => {
                    layout.landscape = attr(&e, "orientation").map(|o| o == "landscape");
                    layout.fit_to_width = attr(&e, "fitToWidth").and_then(|v| v.parse().ok()).or(Some(1));
                }
                "rowBreaks" => in_row_breaks = true,
                "brk" if in_row_breaks => {
                    if let Some(id) = attr(&e, "id").and_then(|v| v.parse::<u32>().ok()) {
                        layout.row_breaks.push(id);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "rowBreaks" => in_row_breaks = false,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    if !fit_to_page {
        layout.fit_to_width = None;
    }
    scan.extent = (max_row, max_col);
    scan
}

/// An attribute's raw bytes, borrowed (no unescaping: cell references and ranges have no
/// entities).
fn raw_attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Option<Cow<'a, str>> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| a.value)
}

/// The one-based (row, column) of an A1 reference such as `XFD1048576` (`$B$4` too).
pub(super) fn cell_position(reference: &[u8]) -> Option<(u64, u64)> {
    let (mut col, mut row) = (0u64, 0u64);
    let (mut letters, mut digits) = (0, 0);
    for &b in reference.trim_ascii() {
        match b {
            b'$' => {}
            b'A'..=b'Z' | b'a'..=b'z' if digits == 0 => {
                col = col.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1));
                letters += 1;
            }
            b'0'..=b'9' if letters > 0 => {
                row = row.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                digits += 1;
            }
            _ => return None,
        }
    }
    (digits > 0 && row > 0).then_some((row, col))
}

/// A merged range from its `ref` ("B4:B9", or one cell "C3"), zero-based; None when it is not a
/// readable reference or lies beyond Excel's grid.
fn merge_of(reference: &[u8]) -> Option<Merge> {
    let mut parts = reference.split(|b| *b == b':');
    let first = cell_position(parts.next()?)?;
    let last = match parts.next() {
        Some(p) => cell_position(p)?,
        None => first,
    };
    if parts.next().is_some() {
        return None;
    }
    let zero = |n: u64| u32::try_from(n - 1).ok();
    let merge = Merge {
        first_row: zero(first.0)?,
        first_col: zero(first.1)?,
        last_row: zero(last.0)?,
        last_col: zero(last.1)?,
    };
    (merge.first_row <= merge.last_row && merge.first_col <= merge.last_col).then_some(merge)
}

/// Highest column a `<col>` element may set (Excel's limit is 16,384 columns).
const MAX_COLUMNS: u32 = 16_384;

fn set_widths(layout: &mut PageLayout, e: &BytesStart<'_>) {
    let num = |k: &str| attr(e, k).and_then(|v| v.parse::<u32>().ok());
    let (Some(min), Some(max)) = (num("min"), num("max")) else { return };
    let Some(width) = attr(e, "width").and_then(|v| v.parse::<f64>().ok()) else { return };
    // Files often set one style on every column up to XFD; only the first 256 are worth keeping.
    let max = max.min(MAX_COLUMNS).min(min.saturating_add(255));
    if min == 0 || max < min {
        return;
    }
    if layout.column_widths.len() < max as usize {
        layout.column_widths.resize(max as usize, None);
    }
    for c in min..=max {
        layout.column_widths[(c - 1) as usize] = Some(width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_title_formulas() {
        assert_eq!(title_rows("'重点任务台账'!$3:$3"), Some((2, 2)));
        assert_eq!(title_rows("Sheet1!$A:$B,Sheet1!$1:$2"), Some((0, 1)));
        assert_eq!(title_rows("Sheet1!$A:$B"), None);
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_position(b"A1"), Some((1, 1)));
        assert_eq!(cell_position(b"$B$4"), Some((4, 2)));
        assert_eq!(cell_position(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_position(b"1"), None);
        assert_eq!(cell_position(b"A"), None);
        let merge = |first_row, first_col, last_row, last_col| Merge { first_row, first_col, last_row, last_col };
        assert_eq!(merge_of(b"B4:B9"), Some(merge(3, 1, 8, 1)));
        assert_eq!(merge_of(b"C3"), Some(merge(2, 2, 2, 2)));
        assert_eq!(merge_of(b"B9:B4"), None);
        assert_eq!(merge_of(b"A1:B2:C3"), None);
    }

    #[test]
    fn extent_counts_only_cells_with_values() {
        let xml = br#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>2</v></c></row>
            <row r="2"><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>
            <row r="900000" s="3" customFormat="1"><c r="Z900000" s="3"/></row>
        </sheetData></worksheet>"#;
        assert_eq!(scan_sheet(&xml[..]).extent, (2, 4));
    }

    #[test]
    fn sheet_part_layout() {
        let xml = br#"<worksheet><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><cols><col min="1" max="1" width="6" customWidth="1"/><col min="3" max="4" width="58.5"/></cols><sheetData><row r="3"><c r="B3" t="s"><v>1</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:I1"/><mergeCell ref="B3:B5"/></mergeCells><pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/><rowBreaks count="1"><brk id="7" max="16383" man="1"/></rowBreaks></worksheet>"#;
        let scan = scan_sheet(&xml[..]);
        assert_eq!(scan.extent, (3, 2));
        assert_eq!(
            scan.merges,
            vec![
                Merge { first_row: 0, first_col: 0, last_row: 0, last_col: 8 },
                Merge { first_row: 2, first_col: 1, last_row: 4, last_col: 1 }
            ]
        );
        let layout = scan.layout;
        assert_eq!(layout.column_widths, vec![Some(6.0), None, Some(58.5), Some(58.5)]);
        assert_eq!(layout.landscape, Some(true));
        assert_eq!(layout.fit_to_width, Some(1));
        assert_eq!(layout.row_breaks, vec![7]);
    }
}
