//! Where printed pages break. A category merged over rows on two pages prints its text on only
//! one of them (or cut in half), so the writer decides the page breaks itself from the row
//! heights it set, writes them as manual breaks, and splits category merges there: every page
//! then shows its rows' categories.
//!
//! The page is A4 landscape with the margins [`MARGINS`], scaled to fit one page wide as Excel
//! does (a whole percentage, never above 100 %). Pages are filled to [`FILL`] of their height so
//! a slightly different rendering never pushes a row onto an extra page.

/// A4 landscape, in points.
const PAGE_WIDTH: f64 = 841.89;
/// A4 landscape, in points.
const PAGE_HEIGHT: f64 = 595.28;

/// Left, right, top, bottom, header and footer margins, in inches.
pub const MARGINS: (f64, f64, f64, f64, f64, f64) = (0.4, 0.4, 0.6, 0.7, 0.3, 0.3);

/// The share of a page's height that is filled.
const FILL: f64 = 0.96;

/// Excel's limit on manual page breaks in a sheet.
const MAX_BREAKS: usize = 1023;

/// The printed width of a column `width` units wide, in points (7 px a unit plus 5 px padding).
fn column_points(width: f64) -> f64 {
    if width <= 0.0 {
        0.0
    } else {
        (width * 7.0 + 5.0).trunc() * 0.75
    }
}

/// The scale at which columns of these widths fit one page wide: a whole percentage, ≤ 100 %.
pub fn fit_scale(widths: &[f64]) -> f64 {
    let total: f64 = widths.iter().copied().map(column_points).sum();
    let printable = PAGE_WIDTH - (MARGINS.0 + MARGINS.1) * 72.0;
    if total <= printable {
        1.0
    } else {
        ((printable / total) * 100.0).floor().max(10.0) / 100.0
    }
}

/// The indexes of the data rows that start a new page. `above` is the height of the rows above
/// the header on the first page (label, title, the line under it), `header` the height of the
/// header rows (repeated on every page), `rows` the heights of the data rows, all in points at
/// 100 %; `scale` from [`fit_scale`].
pub fn page_starts(above: f64, header: f64, rows: &[f64], scale: f64) -> Vec<usize> {
    let printable = (PAGE_HEIGHT - (MARGINS.2 + MARGINS.3) * 72.0) / scale * FILL;
    let mut starts = Vec::new();
    let mut used = above + header;
    for (i, h) in rows.iter().enumerate() {
        if used + h > printable && used > header + 1e-9 && starts.len() < MAX_BREAKS {
            starts.push(i);
            used = header;
        }
        used += h;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_sheets_print_at_full_size() {
        assert_eq!(fit_scale(&[6.0, 14.0, 58.0, 18.0]), 1.0);
        // 鄂尔多斯: 9 columns of 218 units plus a 12-wide status column.
        let s = fit_scale(&[6.0, 14.0, 58.0, 18.0, 24.0, 24.0, 22.0, 14.0, 18.0, 12.0]);
        assert!((0.6..0.8).contains(&s), "{s}");
    }

    #[test]
    fn rows_flow_onto_pages() {
        // 501.7 pt printable × 0.96 = 481.6 pt a page at 100 %.
        let rows = vec![100.0; 10];
        assert_eq!(page_starts(80.0, 30.0, &rows, 1.0), vec![3, 7]);
        assert_eq!(page_starts(0.0, 0.0, &[], 1.0), Vec::<usize>::new());
        // A row taller than a page stands alone and is not preceded by an empty page.
        assert_eq!(page_starts(0.0, 30.0, &[900.0, 10.0], 1.0), vec![1]);
    }
}
