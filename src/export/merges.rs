//! Category merges and row heights of the task rows: a category column is merged over
//! consecutive rows with the same value (and the same categories to its left), computed from the
//! rows written; rows are as tall as their text needs; and merges are cut where a printed page
//! starts (see [`super::pages`]).

use crate::model::Field;

use super::columns::{Column, Source};
use super::pages::page_starts;
use super::row_height::{clamp, needed_height, spread};
use super::styles::BODY_SIZE;

/// The smallest height of a task row.
const MIN_ROW_HEIGHT: f64 = 20.0;

/// A vertical merge of a category column over task rows `first..=last` (indexes into the rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    /// The column.
    pub col: usize,
    /// The first row (index into the task rows).
    pub first: usize,
    /// The last row.
    pub last: usize,
}

/// The category merges, row heights and page starts (data-row indexes) of the task rows. Merges
/// are split where a page starts, which can make rows taller and move the breaks: repeated until
/// the two agree (a few rounds at most).
pub(super) fn paginate(
    columns: &[Column],
    texts: &[Vec<impl AsRef<str>>],
    above: f64,
    header: f64,
    scale: f64,
) -> (Vec<Run>, Vec<f64>, Vec<usize>) {
    let whole = category_runs(columns, texts);
    let cells = cell_heights(columns, texts);
    let mut runs = whole.clone();
    let mut starts = Vec::new();
    for _ in 0..4 {
        let heights = row_heights(&cells, &runs);
        starts = page_starts(above, header, &heights, scale);
        let split = split_runs(&whole, &starts);
        let settled = split == runs;
        runs = split;
        if settled {
            break;
        }
    }
    let heights = row_heights(&cells, &runs);
    (runs, heights, starts)
}

/// The height each cell's text needs (None for the hidden key column), computed once: the
/// pagination loop asks for row heights several times.
fn cell_heights(columns: &[Column], texts: &[Vec<impl AsRef<str>>]) -> Vec<Vec<Option<f64>>> {
    texts
        .iter()
        .map(|row| {
            columns
                .iter()
                .zip(row)
                .map(|(c, t)| (c.source != Source::Key).then(|| needed_height(t.as_ref(), c.width, BODY_SIZE)))
                .collect()
        })
        .collect()
}

/// Each task row's height: the tallest of its cells outside category merges (at least
/// [`MIN_ROW_HEIGHT`]), then raised where a merged category needs more than its rows have.
fn row_heights(cells: &[Vec<Option<f64>>], runs: &[Run]) -> Vec<f64> {
    let mut merged: Vec<Vec<bool>> = cells.iter().map(|row| vec![false; row.len()]).collect();
    for run in runs {
        for row in &mut merged[run.first..=run.last] {
            if let Some(cell) = row.get_mut(run.col) {
                *cell = true;
            }
        }
    }
    let mut heights: Vec<f64> = cells
        .iter()
        .zip(&merged)
        .map(|(row, merged)| {
            row.iter().zip(merged).filter(|(_, m)| !**m).filter_map(|(h, _)| *h).fold(MIN_ROW_HEIGHT, f64::max)
        })
        .collect();
    for run in runs {
        let need = cells[run.first].get(run.col).copied().flatten().unwrap_or(MIN_ROW_HEIGHT);
        spread(&mut heights, run.first, run.last, need);
    }
    heights.into_iter().map(clamp).collect()
}

/// Cuts merges where a page starts; pieces of one row are no merge.
fn split_runs(runs: &[Run], starts: &[usize]) -> Vec<Run> {
    let mut out = Vec::new();
    for run in runs {
        let mut first = run.first;
        for &s in starts.iter().filter(|&&s| s > run.first && s <= run.last) {
            if s - 1 > first {
                out.push(Run { col: run.col, first, last: s - 1 });
            }
            first = s;
        }
        if run.last > first {
            out.push(Run { col: run.col, first, last: run.last });
        }
    }
    out
}

/// The merges of category columns over consecutive rows with the same (non-blank) value in the
/// column and the same values in every category column to its left; only runs of two rows or
/// more.
fn category_runs(columns: &[Column], texts: &[Vec<impl AsRef<str>>]) -> Vec<Run> {
    let categories: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.field == Field::Category && matches!(c.source, Source::Template(_)))
        .map(|(j, _)| j)
        .collect();
    let mut runs = Vec::new();
    for (k, &col) in categories.iter().enumerate() {
        let same = |a: usize, b: usize| {
            let text = |row: usize, col: usize| texts[row][col].as_ref().trim();
            let v = text(a, col);
            !v.is_empty() && v == text(b, col) && categories[..k].iter().all(|&left| text(a, left) == text(b, left))
        };
        let mut first = 0;
        for i in 1..=texts.len() {
            if i == texts.len() || !same(i - 1, i) {
                if i - 1 > first {
                    runs.push(Run { col, first, last: i - 1 });
                }
                first = i;
            }
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::columns::fixtures::{column, sheet};
    use crate::export::columns::plan_columns;

    #[test]
    fn category_runs_respect_the_columns_to_the_left() {
        let s = sheet(
            vec![
                column(0, "专项", Field::Category),
                column(1, "方向", Field::Category),
                column(2, "措施", Field::Measure),
            ],
            1,
            vec![],
        );
        let cols = plan_columns(&s, false);
        let rows = [["甲", "一", "a"], ["甲", "一", "b"], ["乙", "一", "c"], ["乙", "", "d"], ["乙", "", "e"]];
        let texts: Vec<Vec<String>> =
            rows.iter().map(|r| r.iter().map(|t| t.to_string()).chain([String::new()]).collect()).collect();
        let runs = category_runs(&cols, &texts);
        assert_eq!(
            runs,
            vec![
                Run { col: 0, first: 0, last: 1 },
                Run { col: 0, first: 2, last: 4 },
                Run { col: 1, first: 0, last: 1 }
            ]
        );
    }

    #[test]
    fn merges_are_split_where_pages_start() {
        let run = |first, last| Run { col: 1, first, last };
        assert_eq!(split_runs(&[run(0, 9)], &[4]), vec![run(0, 3), run(4, 9)]);
        assert_eq!(split_runs(&[run(0, 9)], &[1, 9]), vec![run(1, 8)], "one-row pieces are no merge");
        assert_eq!(split_runs(&[run(2, 5)], &[0, 2, 6]), vec![run(2, 5)]);
    }
}
