//! The header row(s) of a ledger sheet: one row as the template had it, or two for a two-level
//! header ("进展情况" over "本期进展 | 累计进展"), with its merges and heights.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::columns::{Column, Source};
use super::row_height::{clamp, needed_height, spread};
use super::sheet::put;
use super::styles::{Styles, BODY_SIZE};
use super::ExportSheet;

/// The smallest height of a header row.
const MIN_HEADER_HEIGHT: f64 = 24.0;

/// One header cell, possibly merged: rows relative to the first header row.
#[derive(Debug, Clone, PartialEq)]
struct HeaderCell {
    first_row: u32,
    last_row: u32,
    first_col: u16,
    last_col: u16,
    text: String,
}

/// The number of header rows written: two for a two-level header, else one.
pub(super) fn header_row_count(sheet: &ExportSheet) -> u32 {
    if sheet.layout.header_height >= 2 {
        2
    } else {
        1
    }
}

/// Writes the header row(s), sets their heights and returns their total height.
pub(super) fn write_header(
    ws: &mut Worksheet,
    columns: &[Column],
    sheet: &ExportSheet,
    first_row: u32,
    rows: u32,
    st: &Styles,
) -> Result<f64, XlsxError> {
    let cells = header_cells(columns, sheet, rows);
    let mut heights = vec![MIN_HEADER_HEIGHT; rows as usize];
    // The hidden key column's header never shows, so it sets no height.
    let shown = |c: &&HeaderCell| columns[c.first_col as usize].source != Source::Key;
    for cell in cells.iter().filter(shown).filter(|c| c.first_row == c.last_row) {
        let width: f64 = columns[cell.first_col as usize..=cell.last_col as usize].iter().map(|c| c.width).sum();
        let need = needed_height(&cell.text, width, BODY_SIZE);
        let h = &mut heights[cell.first_row as usize];
        *h = h.max(need);
    }
    for cell in cells.iter().filter(shown).filter(|c| c.first_row != c.last_row) {
        let need = needed_height(&cell.text, columns[cell.first_col as usize].width, BODY_SIZE);
        spread(&mut heights, cell.first_row as usize, cell.last_row as usize, need);
    }
    for cell in &cells {
        put(
            ws,
            (first_row + cell.first_row, cell.first_col),
            (first_row + cell.last_row, cell.last_col),
            &cell.text,
            &st.header,
        )?;
    }
    let mut total = 0.0;
    for (i, h) in heights.iter().enumerate() {
        ws.set_row_height(first_row + i as u32, clamp(*h))?;
        total += clamp(*h);
    }
    Ok(total)
}

/// The header cells. With one header row, each column's header as is. With two, the texts the
/// importer joined as "parent/child" are split again: a parent over several columns (the
/// template's own merge in the first header row tells which) is merged across them with the
/// children beneath; a header without a child spans both rows.
fn header_cells(columns: &[Column], sheet: &ExportSheet, rows: u32) -> Vec<HeaderCell> {
    let one = |j: usize, first_row: u32, last_row: u32, text: &str| HeaderCell {
        first_row,
        last_row,
        first_col: j as u16,
        last_col: j as u16,
        text: text.to_string(),
    };
    if rows < 2 {
        return columns.iter().enumerate().map(|(j, c)| one(j, 0, 0, &c.header)).collect();
    }
    let groups = header_groups(columns, sheet);
    let mut cells = Vec::new();
    for Group { first: a, last: b, nested } in groups {
        let texts: Vec<&str> = columns[a..=b].iter().map(|c| c.header.as_str()).collect();
        let parent = if nested { common_parent(&texts) } else { None };
        match parent {
            Some(parent) => {
                cells.push(HeaderCell {
                    first_row: 0,
                    last_row: 0,
                    first_col: a as u16,
                    last_col: b as u16,
                    text: parent.to_string(),
                });
                for (j, text) in (a..=b).zip(&texts) {
                    let child = text.strip_prefix(parent).and_then(|t| t.strip_prefix('/')).unwrap_or("");
                    cells.push(one(j, 1, 1, child));
                }
            }
            None => cells.extend((a..=b).zip(&texts).map(|(j, t)| one(j, 0, 1, t))),
        }
    }
    cells
}

/// Columns `first..=last` under one parent header (`nested`), or one column standing alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Group {
    first: usize,
    last: usize,
    nested: bool,
}

/// Runs of columns that share a parent header: from the template's merges across columns in
/// its first header row, else (no merge known) consecutive "parent/child" headers with the
/// same parent. Every column is in exactly one run.
fn header_groups(columns: &[Column], sheet: &ExportSheet) -> Vec<Group> {
    let header_row = sheet.layout.header_row;
    let merge_of = |c: &Column| {
        c.original.and_then(|orig| {
            sheet.layout.merges.iter().position(|m| {
                m.first_row == header_row && m.last_row == header_row && m.width() > 1 && m.contains(header_row, orig)
            })
        })
    };
    let has_merges = columns.iter().any(|c| merge_of(c).is_some());
    let key = |c: &Column| -> Option<String> {
        if has_merges {
            merge_of(c).map(|m| m.to_string())
        } else {
            c.header.rsplit_once('/').map(|(p, _)| p.to_string())
        }
    };
    let mut groups: Vec<Group> = Vec::new();
    for (j, column) in columns.iter().enumerate() {
        let k = key(column);
        match groups.last_mut() {
            Some(g) if k.is_some() && k == key(&columns[g.last]) => g.last = j,
            _ => groups.push(Group { first: j, last: j, nested: k.is_some() }),
        }
    }
    groups
}

/// The longest parent text that every header of a group equals or starts with followed by "/".
fn common_parent<'t>(texts: &[&'t str]) -> Option<&'t str> {
    let first = texts.first()?;
    let mut candidates = first.match_indices('/').map(|(i, _)| &first[..i]).chain(std::iter::once(*first));
    let fits = |p: &&str| {
        !p.is_empty()
            && texts.iter().any(|t| t.len() > p.len())
            && texts.iter().all(|t| *t == *p || t.strip_prefix(*p).is_some_and(|rest| rest.starts_with('/')))
    };
    candidates.rfind(fits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::columns::fixtures::{column, sheet};
    use crate::export::columns::plan_columns;
    use crate::model::Field;
    use crate::workbook::Merge;
    use crate::workbook::{KEY_HEADER, STATUS_HEADER};

    #[test]
    fn two_level_headers_split_by_the_template_merge() {
        let s = sheet(
            vec![
                column(0, "序号", Field::Seq),
                column(1, "工作措施", Field::Measure),
                column(2, "进展情况/本期进展", Field::Progress),
                column(3, "进展情况/累计进展", Field::Progress),
                column(4, "备注", Field::Note),
            ],
            2,
            vec![Merge { first_row: 2, first_col: 2, last_row: 2, last_col: 3 }],
        );
        let cols = plan_columns(&s, true);
        let cells = header_cells(&cols, &s, 2);
        let find = |t: &str| cells.iter().find(|c| c.text == t).cloned().unwrap_or_else(|| panic!("{t}"));
        assert_eq!((find("序号").first_row, find("序号").last_row), (0, 1));
        let parent = find("进展情况");
        assert_eq!((parent.first_row, parent.last_row, parent.first_col, parent.last_col), (0, 0, 2, 3));
        assert_eq!((find("本期进展").first_row, find("本期进展").first_col), (1, 2));
        assert_eq!((find("累计进展").first_row, find("累计进展").first_col), (1, 3));
        assert_eq!((find(STATUS_HEADER).first_row, find(STATUS_HEADER).last_row), (0, 1));
        assert_eq!(find(KEY_HEADER).last_row, 1);
    }

    #[test]
    fn two_level_headers_without_merges_group_by_parent() {
        let s = sheet(
            vec![
                column(0, "序号", Field::Seq),
                column(1, "工作措施", Field::Measure),
                column(2, "进展情况/本期进展", Field::Progress),
                column(3, "进展情况/累计进展", Field::Progress),
                column(4, "牵头/配合", Field::Other),
            ],
            2,
            vec![],
        );
        let cols = plan_columns(&s, false);
        let cells = header_cells(&cols, &s, 2);
        let texts: Vec<(&str, u32, u16, u16)> =
            cells.iter().map(|c| (c.text.as_str(), c.first_row, c.first_col, c.last_col)).collect();
        assert!(texts.contains(&("进展情况", 0, 2, 3)));
        assert!(texts.contains(&("本期进展", 1, 2, 2)));
        assert!(texts.contains(&("牵头", 0, 4, 4)));
        assert!(texts.contains(&("配合", 1, 4, 4)));
    }

    #[test]
    fn parents_prefer_the_longest_shared_prefix() {
        assert_eq!(common_parent(&["A/B/x", "A/B/y"]), Some("A/B"));
        assert_eq!(common_parent(&["进展情况", "进展情况/本期"]), Some("进展情况"));
        assert_eq!(common_parent(&["甲", "乙"]), None);
    }
}
