//! The columns a ledger sheet is written with: the template's own, an added status column when
//! it has none, and (in unit files) the hidden row-key column; their widths and cell texts.

use std::borrow::Cow;

use crate::model::Field;

use super::styles::Align;
use super::{ExportRow, ExportSheet};
use crate::model::TASK_STATUSES;
use crate::workbook::{task_key, KEY_HEADER, STATUS_HEADER};

/// Width of the hidden key column.
const KEY_WIDTH: f64 = 10.0;
/// Width of an added status column.
const STATUS_WIDTH: f64 = 12.0;

/// Where a written column's texts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The template column at this position of [`ExportSheet::columns`].
    Template(usize),
    /// The status column added after the template's columns.
    AddedStatus,
    /// The hidden row-key column.
    Key,
}

/// A column as written.
#[derive(Debug, Clone)]
pub(super) struct Column {
    /// The header text (two levels joined with "/").
    pub header: String,
    /// What the column holds.
    pub field: Field,
    /// Its width, in Excel's column units.
    pub width: f64,
    /// Where its texts come from.
    pub source: Source,
    /// The column's index in the original sheet, for its header merges.
    pub original: Option<u32>,
}

impl Column {
    /// How its body cells are aligned.
    pub fn align(&self) -> Align {
        match self.field {
            Field::Seq | Field::Category | Field::Lead | Field::Co | Field::Deadline | Field::Status => Align::Center,
            _ => Align::Left,
        }
    }

    /// Whether it is the status column.
    pub fn is_status(&self) -> bool {
        self.field == Field::Status
    }
}

/// The columns as written: the template's, an added status column when there is none, and the
/// hidden key column in unit files.
pub(super) fn plan_columns(sheet: &ExportSheet, unit: bool) -> Vec<Column> {
    let widths = &sheet.layout.page.column_widths;
    let mut columns: Vec<Column> = sheet
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let template_width = widths.get(c.index as usize).copied().flatten().filter(|w| (2.0..=255.0).contains(w));
            Column {
                header: c.header.clone(),
                field: c.field,
                width: template_width.unwrap_or_else(|| fallback_width(c.field)),
                source: Source::Template(i),
                original: Some(c.index),
            }
        })
        .collect();
    if !columns.iter().any(Column::is_status) {
        columns.push(Column {
            header: STATUS_HEADER.to_string(),
            field: Field::Status,
            width: STATUS_WIDTH,
            source: Source::AddedStatus,
            original: None,
        });
    }
    if unit {
        columns.push(Column {
            header: KEY_HEADER.to_string(),
            field: Field::Other,
            width: KEY_WIDTH,
            source: Source::Key,
            original: None,
        });
    }
    columns
}

/// A sensible width for a column the template gave none.
fn fallback_width(field: Field) -> f64 {
    match field {
        Field::Seq => 6.0,
        Field::Category => 14.0,
        Field::Measure => 50.0,
        Field::Lead | Field::Co => 18.0,
        Field::Deadline => 14.0,
        Field::Status => STATUS_WIDTH,
        f if f.is_fill_in() => 24.0,
        _ => 14.0,
    }
}

/// The text of one cell of a task row.
/// Borrowed from the row where it can be: a consolidated ledger's texts are most of what it holds.
pub(super) fn text_of<'a>(row: &'a ExportRow, column: &Column, sheet: &ExportSheet, unit: bool) -> Cow<'a, str> {
    let status = || {
        let shown = row.status.as_deref().filter(|s| !unit || TASK_STATUSES.contains(s));
        Cow::Borrowed(shown.unwrap_or_default())
    };
    match column.source {
        Source::Template(i) => {
            let text = row.cells.get(i).map_or("", String::as_str);
            if column.is_status() && text.trim().is_empty() && sheet.columns[i].field == Field::Status {
                status()
            } else {
                Cow::Borrowed(text)
            }
        }
        Source::AddedStatus => status(),
        Source::Key => Cow::Owned(task_key(row.task_id)),
    }
}

/// Sheets for unit tests.
#[cfg(test)]
pub(super) mod fixtures {
    use crate::model::{ColumnMapping, Field};
    use crate::workbook::{column_letter, Merge, SheetLayout};

    use super::ExportSheet;

    /// A column mapping.
    pub fn column(index: u32, header: &str, field: Field) -> ColumnMapping {
        ColumnMapping { index, letter: column_letter(index), header: header.into(), field }
    }

    /// A sheet with these columns, header height and merges, header on row 3, no rows.
    pub fn sheet(columns: Vec<ColumnMapping>, header_height: u32, merges: Vec<Merge>) -> ExportSheet {
        ExportSheet {
            name: "表".into(),
            label: None,
            title: None,
            layout: SheetLayout { header_row: 2, header_height, merges, ..Default::default() },
            columns,
            rows: vec![],
        }
    }
}
