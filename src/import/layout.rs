//! The parts of an .xlsx sheet's layout that calamine does not read: column widths, print titles,
//! orientation, fit-to-width and manual page breaks. Kept so the sheet can be written back in the
//! same shape. Read straight from the workbook's XML with the zip and quick-xml crates (the same
//! ones calamine uses); any failure here only loses layout, never the import.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::workbook::PageLayout;

/// Largest XML part read whole (workbook.xml, its relations); bigger ones are not layout.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// Reads the layout of every sheet of an .xlsx file's bytes, keyed by sheet name. Returns an
/// empty map for anything that is not a readable .xlsx.
pub fn read_layouts(bytes: &[u8]) -> HashMap<String, PageLayout> {
    zip::ZipArchive::new(Cursor::new(bytes)).ok().and_then(|mut zip| layouts_of(&mut zip)).unwrap_or_default()
}

fn layouts_of<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Option<HashMap<String, PageLayout>> {
    let (sheets, print_titles) = sheet_parts(zip)?;
    let mut out = HashMap::new();
    for (index, (name, part)) in sheets.into_iter().enumerate() {
        let Some(part) = part else { continue };
        let mut layout = zip.by_name(&part).ok().map(|f| sheet_layout(BufReader::new(f))).unwrap_or_default();
        layout.print_title_rows = print_titles.get(&index).copied();
        out.insert(name, layout);
    }
    Some(out)
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

fn read_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
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

/// Column widths, page setup and row breaks from a worksheet part, streamed.
fn sheet_layout<R: std::io::BufRead>(xml: R) -> PageLayout {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut layout = PageLayout::default();
    let mut fit_to_page = false;
    let mut in_row_breaks = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "col" => set_widths(&mut layout, &e),
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
    layout
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
    fn sheet_part_layout() {
        let xml = br#"<worksheet><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><cols><col min="1" max="1" width="6" customWidth="1"/><col min="3" max="4" width="58.5"/></cols><sheetData/><pageSetup paperSize="9" orientation="landscape" fitToHeight="0"/><rowBreaks count="1"><brk id="7" max="16383" man="1"/></rowBreaks></worksheet>"#;
        let layout = sheet_layout(&xml[..]);
        assert_eq!(layout.column_widths, vec![Some(6.0), None, Some(58.5), Some(58.5)]);
        assert_eq!(layout.landscape, Some(true));
        assert_eq!(layout.fit_to_width, Some(1));
        assert_eq!(layout.row_breaks, vec![7]);
    }
}
