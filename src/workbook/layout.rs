//! The shape of a worksheet: merged ranges, column widths and print settings, and where its
//! label, title and header rows stand. The importer reads it; the exporter writes it back.

use serde::{Deserialize, Serialize};

/// A merged range, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

impl Merge {
    /// Whether the range covers the cell.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }

    /// The number of columns the range spans.
    pub fn width(&self) -> u32 {
        self.last_col - self.first_col + 1
    }

    /// The range in Excel's A1 notation ("B4:B9").
    pub fn a1(&self) -> String {
        format!(
            "{}{}:{}{}",
            column_letter(self.first_col),
            self.first_row + 1,
            column_letter(self.last_col),
            self.last_row + 1
        )
    }
}

/// Print and column settings of one worksheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// Width of each column in Excel's character units, where the file sets one.
    pub column_widths: Vec<Option<f64>>,
    /// Rows repeated at the top of every printed page, zero-based and inclusive.
    pub print_title_rows: Option<(u32, u32)>,
    /// True for landscape, false for portrait, `None` where the file does not say.
    pub landscape: Option<bool>,
    /// Pages wide the sheet is fitted to when printing, when fit-to-page is on.
    pub fit_to_width: Option<u32>,
    /// Zero-based rows before which a manual page break stands.
    pub row_breaks: Vec<u32>,
}

/// Everything about a sheet's shape that an exporter needs to reproduce it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SheetLayout {
    /// Zero-based row of the 附件 label, if any.
    pub label_row: Option<u32>,
    /// Zero-based row of the title, if any.
    pub title_row: Option<u32>,
    /// Zero-based first header row.
    pub header_row: u32,
    /// Number of header rows.
    pub header_height: u32,
    /// Every merged range of the original sheet, zero-based.
    pub merges: Vec<Merge>,
    /// Column widths and print settings.
    pub page: PageLayout,
}

/// The Excel column letter of a zero-based index (0 → A, 26 → AA).
pub fn column_letter(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(8), "I");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn merges_in_a1_notation() {
        let m = Merge { first_row: 3, first_col: 1, last_row: 8, last_col: 1 };
        assert_eq!(m.a1(), "B4:B9");
        assert!(m.contains(5, 1) && !m.contains(9, 1));
    }
}
