//! Matching a returned workbook's rows and indicator rows to the ledger's tasks and indicators.

use std::collections::{HashMap, HashSet};

use super::report::{AddedRow, CollectReport, RefusedChange, TakenIndicator};
use crate::import::returns::{ReturnedIndicator, ReturnedSheet, ReturnedWorkbook};
use crate::indicators::{parse_actual, StoredIndicator};
use crate::model::{ColumnMapping, Field, TaskView};
use crate::store::StoredSheet;

/// A returned row matched to a task, with the returned values by stored column.
pub(super) struct Matched<'a> {
    /// The task.
    pub task: &'a TaskView,
    /// (stored column or None for an added status column, returned text)
    pub values: Vec<(Option<&'a ColumnMapping>, String)>,
}

/// Matches returned rows to tasks; unmatched rows become added rows and protected changes are
/// collected into the report.
pub(super) fn match_rows<'a>(
    book: &ReturnedWorkbook,
    sheets: &'a [StoredSheet],
    tasks: &'a [TaskView],
    report: &mut CollectReport,
) -> Vec<Matched<'a>> {
    let mut out: Vec<Matched<'a>> = Vec::new();
    for returned in &book.sheets {
        let Some(stored) = stored_sheet_for(returned, sheets, tasks) else { continue };
        let sheet_tasks: Vec<&TaskView> = tasks.iter().filter(|t| t.sheet == stored.name).collect();
        let by_id: HashMap<i64, &TaskView> = sheet_tasks.iter().map(|t| (t.task_id, *t)).collect();
        let mut taken: HashSet<i64> = out.iter().map(|m| m.task.task_id).collect();
        // Returned column → stored column (None: the status column the export added).
        let mapping: Vec<Option<Option<&ColumnMapping>>> = returned
            .columns
            .iter()
            .map(|r| match stored.columns.iter().find(|c| same_text(&c.header, &r.header)) {
                Some(c) => Some(Some(c)),
                None if r.field == Field::Status => Some(None),
                None => None,
            })
            .collect();
        let col_of = |field: Field| returned.columns.iter().position(|c| c.field == field);
        let (seq_col, measure_col) = (col_of(Field::Seq), col_of(Field::Measure));
        for row in &returned.rows {
            let text = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map_or("", String::as_str);
            let (seq, measure) = (text(seq_col), text(measure_col));
            let task = row
                .task_id
                .and_then(|id| by_id.get(&id).copied())
                .or_else(|| sheet_tasks.iter().find(|t| t.seq == seq && same_text(&t.measure, measure)).copied())
                .or_else(|| sheet_tasks.iter().find(|t| !measure.is_empty() && same_text(&t.measure, measure)).copied())
                .filter(|t| !taken.contains(&t.task_id));
            let Some(task) = task else {
                report.added_rows.push(AddedRow {
                    sheet: returned.name.clone(),
                    row: row.source_row,
                    seq: seq.to_string(),
                    measure: measure.to_string(),
                });
                continue;
            };
            let mut values = Vec::new();
            for (i, target) in mapping.iter().enumerate() {
                let returned_text = row.cells.get(i).cloned().unwrap_or_default();
                match target {
                    Some(Some(c)) if c.field.is_fill_in() => values.push((Some(*c), returned_text)),
                    Some(None) => values.push((None, returned_text)),
                    Some(Some(c)) if c.field != Field::Other => {
                        let original = task.cells.values().nth(c.index as usize).and_then(|v| v.as_str()).unwrap_or("");
                        if !same_text(original, &returned_text) {
                            report.refused.push(RefusedChange {
                                task_id: task.task_id,
                                sheet: task.sheet.clone(),
                                seq: task.seq.clone(),
                                header: c.header.clone(),
                                original: original.to_string(),
                                returned: returned_text,
                            });
                        }
                    }
                    _ => {}
                }
            }
            taken.insert(task.task_id);
            out.push(Matched { task, values });
        }
    }
    out
}

/// The stored sheet a returned sheet corresponds to: the one of the same name, else the one
/// whose task measures the returned rows repeat most (headers in common break ties; sheets of
/// one ledger often share their headers).
fn stored_sheet_for<'a>(
    returned: &ReturnedSheet,
    sheets: &'a [StoredSheet],
    tasks: &[TaskView],
) -> Option<&'a StoredSheet> {
    if let Some(same) = sheets.iter().find(|s| s.name == returned.name) {
        return Some(same);
    }
    let measure_col = returned.columns.iter().position(|c| c.field == Field::Measure);
    sheets
        .iter()
        .map(|s| {
            let headers =
                returned.columns.iter().filter(|r| s.columns.iter().any(|c| same_text(&c.header, &r.header))).count();
            let rows = returned
                .rows
                .iter()
                .filter_map(|r| measure_col.and_then(|c| r.cells.get(c)))
                .filter(|m| tasks.iter().any(|t| t.sheet == s.name && same_text(&t.measure, m)))
                .count();
            ((rows, headers), s)
        })
        .filter(|((_, headers), _)| *headers >= 2)
        .max_by_key(|(score, _)| *score)
        .map(|(_, s)| s)
}

/// The actual values of a return's indicator rows that are filled in, matched to the ledger's
/// indicators by key, else by 序号 and metric; rows matching no indicator are left aside. Fails
/// with the first row whose value is not a number.
pub(super) fn take_indicators<'a>(
    rows: &'a [ReturnedIndicator],
    indicators: &[StoredIndicator],
    before: &HashMap<i64, String>,
) -> std::result::Result<Vec<TakenIndicator>, &'a ReturnedIndicator> {
    let mut taken: Vec<TakenIndicator> = Vec::new();
    for row in rows.iter().filter(|r| !r.actual.is_empty()) {
        let found = indicators
            .iter()
            .find(|i| Some(i.indicator_id) == row.indicator_id)
            .or_else(|| {
                indicators
                    .iter()
                    .find(|i| i.seq.as_deref() == Some(row.seq.as_str()) && same_text(&i.indicator.metric, &row.metric))
            })
            .filter(|i| !taken.iter().any(|t| t.indicator_id == i.indicator_id));
        let Some(indicator) = found else { continue };
        let (value, unit) = parse_actual(&row.actual).ok_or(row)?;
        taken.push(TakenIndicator {
            indicator_id: indicator.indicator_id,
            seq: indicator.seq.clone().unwrap_or_default(),
            metric: indicator.indicator.metric.clone(),
            value,
            unit,
            old: before.get(&indicator.indicator_id).cloned().unwrap_or_default(),
            new: row.actual.clone(),
        });
    }
    Ok(taken)
}

/// The unit of the indicator a returned row is for, to show in an example ("亿元"), or "".
pub(super) fn indicator_unit(row: &ReturnedIndicator, indicators: &[StoredIndicator]) -> String {
    indicators
        .iter()
        .find(|i| Some(i.indicator_id) == row.indicator_id)
        .map_or(String::new(), |i| i.indicator.unit.clone())
}

/// Text compared without white space, so re-wrapped cells are not reported as changed.
fn same_text(a: &str, b: &str) -> bool {
    a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
}
