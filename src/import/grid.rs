//! A worksheet as a dense grid of cell texts, with its merged ranges.

use calamine::{Data, Range};
use chrono::NaiveDate;

use crate::workbook::Merge;

/// One cell's content: its text, and its date when the cell held an Excel date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// The text as a person reads it in Excel.
    pub text: String,
    /// The date, for date cells.
    pub date: Option<NaiveDate>,
}

/// A worksheet's cells from A1 to its last used cell, merged ranges filled with their value.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    rows: u32,
    cols: u32,
    cells: Vec<Cell>,
    /// True where a cell lies inside a merged range but is not its top-left cell.
    covered: Vec<bool>,
    merges: Vec<Merge>,
}

impl Grid {
    /// Builds a grid from calamine's range and the sheet's merged ranges.
    pub fn new(range: &Range<Data>, merges: Vec<Merge>) -> Grid {
        let (rows, cols) = match range.end() {
            Some((r, c)) if !range.is_empty() => (r + 1, c + 1),
            _ => (0, 0),
        };
        let mut cells = vec![Cell::default(); rows as usize * cols as usize];
        for (r, c, data) in range.used_cells() {
            let (r, c) = (r as u32 + range.start().map_or(0, |s| s.0), c as u32 + range.start().map_or(0, |s| s.1));
            if r < rows && c < cols {
                cells[(r * cols + c) as usize] = cell_of(data);
            }
        }
        let merges: Vec<Merge> = merges
            .into_iter()
            .filter(|m| {
                m.first_row < rows && m.first_col < cols && m.first_row <= m.last_row && m.first_col <= m.last_col
            })
            .map(|m| Merge { last_row: m.last_row.min(rows - 1), last_col: m.last_col.min(cols - 1), ..m })
            .collect();
        let mut grid = Grid { rows, cols, covered: vec![false; cells.len()], cells, merges };
        grid.fill_merges();
        grid
    }

    /// Copies each merged range's top-left value into every cell it covers.
    fn fill_merges(&mut self) {
        for m in self.merges.clone() {
            let top_left = self.cell(m.first_row, m.first_col).clone();
            for r in m.first_row..=m.last_row {
                for c in m.first_col..=m.last_col {
                    if (r, c) != (m.first_row, m.first_col) {
                        let i = self.index(r, c);
                        self.cells[i] = top_left.clone();
                        self.covered[i] = true;
                    }
                }
            }
        }
    }

    fn index(&self, row: u32, col: u32) -> usize {
        (row * self.cols + col) as usize
    }

    /// The number of rows.
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// The number of columns.
    pub fn cols(&self) -> u32 {
        self.cols
    }

    /// The cell at a zero-based position (an empty cell outside the grid).
    pub fn cell(&self, row: u32, col: u32) -> &Cell {
        static EMPTY: Cell = Cell { text: String::new(), date: None };
        if row < self.rows && col < self.cols {
            &self.cells[self.index(row, col)]
        } else {
            &EMPTY
        }
    }

    /// The trimmed text at a position.
    pub fn text(&self, row: u32, col: u32) -> &str {
        self.cell(row, col).text.trim()
    }

    /// Whether the cell continues a merged range started above or to the left.
    pub fn is_covered(&self, row: u32, col: u32) -> bool {
        row < self.rows && col < self.cols && self.covered[self.index(row, col)]
    }

    /// The merged ranges.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// The merged range that starts at this row and is widest, if any.
    pub fn widest_merge_starting_at(&self, row: u32) -> Option<&Merge> {
        self.merges.iter().filter(|m| m.first_row == row).max_by_key(|m| m.width())
    }

    /// Whether every cell of the row is blank.
    pub fn row_is_blank(&self, row: u32) -> bool {
        (0..self.cols).all(|c| self.text(row, c).is_empty())
    }

    /// The distinct non-blank texts of a row, in column order.
    pub fn distinct_texts(&self, row: u32) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in 0..self.cols {
            let t = self.text(row, c);
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }
}

/// Converts a calamine value into the text Excel would show.
fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell { text: s.clone(), date: None },
        Data::Int(i) => Cell { text: i.to_string(), date: None },
        Data::Float(f) => Cell { text: float_text(*f), date: None },
        Data::Bool(b) => Cell { text: if *b { "TRUE" } else { "FALSE" }.to_string(), date: None },
        Data::Error(e) => Cell { text: format!("{e}"), date: None },
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell { text: d.date().format("%Y-%m-%d").to_string(), date: Some(d.date()) },
            _ => Cell { text: float_text(dt.as_f64()), date: None },
        },
    }
}

/// Formats a number the way a general-format Excel cell shows it: whole numbers without ".0".
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(float_text(1.0), "1");
        assert_eq!(float_text(17.5), "17.5");
        assert_eq!(float_text(-3.0), "-3");
    }

    #[test]
    fn merges_fill_every_covered_cell() {
        let mut range = Range::new((0, 0), (2, 1));
        range.set_value((0, 0), Data::String("组".into()));
        range.set_value((0, 1), Data::Float(1.0));
        range.set_value((1, 1), Data::Float(2.0));
        let grid = Grid::new(&range, vec![Merge { first_row: 0, first_col: 0, last_row: 2, last_col: 0 }]);
        assert_eq!(grid.text(2, 0), "组");
        assert!(grid.is_covered(1, 0));
        assert!(!grid.is_covered(0, 0));
        assert_eq!(grid.text(1, 1), "2");
        assert_eq!(grid.merges()[0].a1(), "A1:A3");
    }
}
