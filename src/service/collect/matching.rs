//! Matching a returned workbook's rows and indicator rows to the ledger's tasks and indicators.
//!
//! A row is matched by its hidden row key (a unit file we sent), else by 序号 confirmed by the
//! measure text ([`super::finder`]). Columns are matched by header text, else by meaning when
//! the ledger sheet and the return each have one column of it (进展情况 ↔ 双周进展情况), so a
//! department may reorder, rename or leave out columns. A row counts as reported only when it
//! fills something in (a fill-in cell that is not blank and not the ledger's own text): the
//! blank rows of a whole ledger sent back are someone else's.

use std::collections::{HashMap, HashSet};

use super::finder::{Found, SheetIndex};
use super::report::{AddedRow, CollectReport, RefusedChange, SeqConflict, TakenIndicator, TextMatch};
use super::Ledger;
use crate::import::header::normalize_header;
use crate::import::returns::{ReturnedIndicator, ReturnedRow, ReturnedSheet, ReturnedWorkbook};
use crate::indicators::{parse_actual, StoredIndicator};
use crate::model::{ColumnMapping, Field};
use crate::store::{StoredSheet, TaskTexts};

/// A returned row matched to a task, with the returned values by stored column.
pub(super) struct Matched<'a> {
    /// The task.
    pub task: &'a TaskTexts,
    /// (stored column or None for an added status column, returned text), fill-in columns only.
    pub values: Vec<(Option<&'a ColumnMapping>, String)>,
    /// Whether the row fills anything in.
    pub filled: bool,
}

/// The rows of a return: matched to tasks, and how many rows there were in all.
pub(super) struct Matching<'a> {
    /// Rows matched to a task (filled or not).
    pub matched: Vec<Matched<'a>>,
    /// Every task row of the file (matched, added, conflicting).
    pub total: usize,
}

/// Where a returned column goes: a stored column, the status column the export adds, or nowhere.
type Target<'a> = Option<Option<&'a ColumnMapping>>;

/// Matches returned rows to tasks; added rows, rows matched on edited text, conflicts and
/// protected changes go into the report.
pub(super) fn match_rows<'a>(book: &ReturnedWorkbook, ledger: &'a Ledger, report: &mut CollectReport) -> Matching<'a> {
    let mut matching = Matching { matched: Vec::new(), total: 0 };
    let mut taken: HashSet<i64> = HashSet::new();
    for returned in &book.sheets {
        let Some(stored) = stored_sheet_for(returned, &ledger.sheets, &ledger.tasks) else { continue };
        let in_sheet = |t: &&TaskTexts| t.sheet == stored.name;
        // Built only for a sheet with rows that carry no key (a unit file we sent has a key on each).
        let mut index: Option<SheetIndex<'a>> = None;
        let targets = column_targets(returned, stored);
        let col_of = |field: Field| returned.columns.iter().position(|c| c.field == field);
        let (seq_col, measure_col) = (col_of(Field::Seq), col_of(Field::Measure));
        for row in &returned.rows {
            matching.total += 1;
            let text = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map_or("", String::as_str);
            let (seq, measure) = (text(seq_col), text(measure_col));
            let found = match row.task_id.and_then(|id| ledger.task(id)).filter(in_sheet) {
                Some(task) => Found::Task(task, None),
                None => index
                    .get_or_insert_with(|| SheetIndex::new(ledger.tasks.iter().filter(in_sheet).collect()))
                    .find(seq, measure),
            };
            let keep_report = |filled: bool| filled || book.identity.is_some();
            match found {
                Found::Task(task, how) if taken.insert(task.task_id) => {
                    let values = fill_in_values(&targets, row);
                    let filled = values.iter().any(|(c, v)| fills_in(task, *c, v));
                    if let Some((score, by)) = how.filter(|_| keep_report(filled)) {
                        report.text_matches.push(TextMatch {
                            sheet: returned.name.clone(),
                            row: row.source_row,
                            returned_seq: seq.to_string(),
                            returned_measure: measure.to_string(),
                            task_id: task.task_id,
                            seq: task.seq.clone(),
                            measure: task.measure.clone(),
                            score: (score * 100.0).round() / 100.0,
                            by: by.to_string(),
                        });
                    }
                    refused_changes(task, &targets, row, how.is_some(), report);
                    matching.matched.push(Matched { task, values, filled });
                }
                Found::Conflict(task, score) => {
                    if row_fills_in(&targets, row) {
                        report.conflicts.push(SeqConflict {
                            sheet: returned.name.clone(),
                            row: row.source_row,
                            seq: seq.to_string(),
                            measure: measure.to_string(),
                            ledger_measure: task.measure.clone(),
                            score: (score * 100.0).round() / 100.0,
                        });
                    }
                }
                _ => {
                    if keep_report(row_fills_in(&targets, row)) {
                        report.added_rows.push(AddedRow {
                            sheet: returned.name.clone(),
                            row: row.source_row,
                            seq: seq.to_string(),
                            measure: measure.to_string(),
                        });
                    }
                }
            }
        }
    }
    matching
}

/// Where each returned column goes: the stored column with the same header, else the one
/// stored column of the same meaning when the return has one column of it too; a status column
/// the ledger lacks is the one the export added.
fn column_targets<'a>(returned: &ReturnedSheet, stored: &'a StoredSheet) -> Vec<Target<'a>> {
    let count = |columns: &mut dyn Iterator<Item = Field>, field: Field| columns.filter(|f| *f == field).count();
    returned
        .columns
        .iter()
        .map(|r| {
            let header = normalize_header(&r.header);
            if let Some(c) = stored.columns.iter().find(|c| normalize_header(&c.header) == header) {
                return Some(Some(c));
            }
            if r.field == Field::Other {
                return None;
            }
            let unique_here = count(&mut returned.columns.iter().map(|c| c.field), r.field) == 1;
            let mut same = stored.columns.iter().filter(|c| c.field == r.field);
            match (same.next(), same.next()) {
                (Some(c), None) if unique_here => Some(Some(c)),
                (None, _) if r.field == Field::Status => Some(None),
                _ => None,
            }
        })
        .collect()
}

/// A row's texts in fill-in columns (and the added status column), by target.
fn fill_in_values<'a>(targets: &[Target<'a>], row: &ReturnedRow) -> Vec<(Option<&'a ColumnMapping>, String)> {
    targets
        .iter()
        .enumerate()
        .filter_map(|(i, target)| {
            let text = row.cells.get(i).cloned().unwrap_or_default();
            match target {
                Some(Some(c)) if c.field.is_fill_in() => Some((Some(*c), text)),
                Some(None) => Some((None, text)),
                _ => None,
            }
        })
        .collect()
}

/// Whether a value fills something in for a task: not blank, and not the text the ledger (or
/// the task's status) already holds.
fn fills_in(task: &TaskTexts, column: Option<&ColumnMapping>, value: &str) -> bool {
    let original = match column {
        Some(c) if c.field != Field::Status => ledger_cell(task, c),
        _ => task.status.as_deref().unwrap_or(""),
    };
    !value.trim().is_empty() && !same_text(original, value)
}

/// Whether an unmatched row has anything in its fill-in columns.
fn row_fills_in(targets: &[Target<'_>], row: &ReturnedRow) -> bool {
    targets.iter().enumerate().any(|(i, target)| {
        matches!(target, Some(None)) || matches!(target, Some(Some(c)) if c.field.is_fill_in())
    } && row.cells.get(i).is_some_and(|t| !t.trim().is_empty()))
}

/// Changes to the protected columns of a matched row; the measure and 序号 are left out when the
/// row was matched on edited text (the text match reports them with its score).
fn refused_changes(
    task: &TaskTexts,
    targets: &[Target<'_>],
    row: &ReturnedRow,
    text_edited: bool,
    report: &mut CollectReport,
) {
    for (i, target) in targets.iter().enumerate() {
        let Some(Some(c)) = target else { continue };
        if c.field.is_fill_in()
            || c.field == Field::Other
            || (text_edited && matches!(c.field, Field::Measure | Field::Seq))
        {
            continue;
        }
        let returned = row.cells.get(i).map_or("", String::as_str);
        let original = ledger_cell(task, c);
        if !same_text(original, returned) {
            report.refused.push(RefusedChange {
                task_id: task.task_id,
                sheet: task.sheet.clone(),
                seq: task.seq.clone(),
                header: c.header.clone(),
                original: original.to_string(),
                returned: returned.to_string(),
            });
        }
    }
}

/// The ledger's text of a task in a stored column.
fn ledger_cell<'t>(task: &'t TaskTexts, column: &ColumnMapping) -> &'t str {
    task.cells.get(column.index as usize).map_or("", String::as_str)
}

/// The stored sheet a returned sheet corresponds to: the one of the same name, else the one
/// whose tasks the returned rows name most (by measure text, then columns in common by header or
/// meaning, then 序号), the earlier sheet on a tie.
fn stored_sheet_for<'a, 'r>(
    returned: &'r ReturnedSheet,
    sheets: &'a [StoredSheet],
    tasks: &[TaskTexts],
) -> Option<&'a StoredSheet> {
    if let Some(same) = sheets.iter().find(|s| s.name == returned.name) {
        return Some(same);
    }
    let col_of = |field: Field| returned.columns.iter().position(|c| c.field == field);
    let (measure_col, seq_col) = (col_of(Field::Measure), col_of(Field::Seq));
    let cell = |row: &'r ReturnedRow, col: Option<usize>| col.and_then(|c| row.cells.get(c));
    sheets
        .iter()
        .enumerate()
        .map(|(position, s)| {
            let headers = column_targets(returned, s).iter().filter(|t| t.is_some()).count();
            let mine: Vec<&TaskTexts> = tasks.iter().filter(|t| t.sheet == s.name).collect();
            let texts = returned
                .rows
                .iter()
                .filter_map(|r| cell(r, measure_col))
                .filter(|m| mine.iter().any(|t| same_text(&t.measure, m)))
                .count();
            let seqs = returned
                .rows
                .iter()
                .filter_map(|r| cell(r, seq_col))
                .filter(|q| mine.iter().any(|t| t.seq == **q))
                .count();
            // Equal scores go to the earlier sheet (the full list before its excerpts).
            ((texts, headers, seqs, std::cmp::Reverse(position)), s)
        })
        .filter(|((_, headers, _, _), _)| *headers >= 2)
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
