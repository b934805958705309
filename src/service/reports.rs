//! What the units reported, task by task, for the grid's 最新报送 column and the task drawer;
//! and the task status counts behind the home page's chart.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{ColumnMapping, Field, NO_STATUS, TASK_STATUSES};
use crate::store::{StatusCount, Store};
use crate::Result;

/// One value of a return, under the ledger column's header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedField {
    /// The column's header (完成状态 for the status).
    pub header: String,
    /// The text reported.
    pub value: String,
}

/// What one unit reported for one task in its current return of one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskReport {
    /// The task.
    pub task_id: i64,
    /// The return it comes from.
    pub return_id: i64,
    /// The round.
    pub round_id: i64,
    /// The round's label (第1期).
    pub round_label: String,
    /// The unit that reported it.
    pub unit: String,
    /// When the return was collected.
    pub received_at: String,
    /// The status it reported, if any.
    pub status: Option<String>,
    /// The text of the task's progress (进展) column, if it filled it in.
    pub progress: Option<String>,
    /// Every value it reported, in column order (status first).
    pub values: Vec<ReportedField>,
}

/// Every task's reports of a ledger (only returns that filled something in for the task), newest first within a task (the first is the latest:
/// latest round, then latest collected), tasks in ledger order.
pub fn task_reports(store: &Store, ledger_id: i64) -> Result<Vec<TaskReport>> {
    reports_of(store, ledger_id, None)
}

/// [`task_reports`] of the tasks in `task_ids` only (a page of the grid).
pub fn reports_of_tasks(store: &Store, ledger_id: i64, task_ids: &[i64]) -> Result<Vec<TaskReport>> {
    reports_of(store, ledger_id, Some(task_ids))
}

fn reports_of(store: &Store, ledger_id: i64, only: Option<&[i64]>) -> Result<Vec<TaskReport>> {
    let read = store.read();
    read.require_ledger(ledger_id)?;
    // Column keys ("cell:N") are per sheet: read the header from the task's sheet.
    let columns: HashMap<String, Vec<ColumnMapping>> = read.sheet_columns(ledger_id)?.into_iter().collect();
    let mut reports: Vec<TaskReport> = Vec::new();
    // A blank cell in a return says nothing: only filled-in values count as reported.
    for v in read.task_report_values(ledger_id, only)?.into_iter().filter(|v| !v.value.trim().is_empty()) {
        let same = reports.last().is_some_and(|r| r.task_id == v.task_id && r.return_id == v.return_id);
        if !same {
            reports.push(TaskReport {
                task_id: v.task_id,
                return_id: v.return_id,
                round_id: v.round_id,
                round_label: v.round_label.clone(),
                unit: v.unit_name.clone(),
                received_at: v.received_at.clone(),
                status: None,
                progress: None,
                values: Vec::new(),
            });
        }
        let report = reports.last_mut().expect("pushed above");
        if v.field == "status" {
            report.status = Some(v.value.clone());
            report
                .values
                .insert(0, ReportedField { header: crate::workbook::STATUS_HEADER.to_string(), value: v.value });
            continue;
        }
        let column = v
            .field
            .strip_prefix("cell:")
            .and_then(|n| n.parse::<u32>().ok())
            .and_then(|index| columns.get(&v.sheet)?.iter().find(|c| c.index == index));
        let header = column.map_or_else(|| v.field.clone(), |c| c.header.clone());
        if column.is_some_and(|c| c.field == Field::Progress) && report.progress.is_none() {
            report.progress = Some(v.value.clone());
        }
        report.values.push(ReportedField { header, value: v.value });
    }
    Ok(reports)
}

/// Task counts by status of one ledger or one unit, for the home page's chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusBreakdown {
    /// The ledger's or the unit's id.
    pub id: i64,
    /// The ledger's title or the unit's name.
    pub name: String,
    /// Tasks per status; tasks without a status are under "未填写".
    pub counts: Vec<(String, i64)>,
    /// All its tasks.
    pub total: i64,
    /// Tasks past their due date and not 已完成.
    pub overdue: i64,
}

/// Task status counts per ledger and per unit (units with the most tasks first), as of `today`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusOverview {
    /// One entry per ledger, oldest ledger first.
    pub ledgers: Vec<StatusBreakdown>,
    /// One entry per unit that has tasks.
    pub units: Vec<StatusBreakdown>,
}

/// Counts every ledger's and every unit's tasks by status (done in SQL).
pub fn status_overview(store: &Store, today: NaiveDate) -> Result<StatusOverview> {
    let today = today.format("%Y-%m-%d").to_string();
    let read = store.read();
    let mut units = breakdowns(read.unit_status_counts(&today)?);
    units.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    Ok(StatusOverview { ledgers: breakdowns(read.ledger_status_counts(&today)?), units })
}

/// Groups the (owner, status, count) rows, which come ordered by owner.
fn breakdowns(rows: Vec<StatusCount>) -> Vec<StatusBreakdown> {
    let mut out: Vec<StatusBreakdown> = Vec::new();
    for row in rows {
        if out.last().is_none_or(|b| b.id != row.owner_id) {
            out.push(StatusBreakdown { id: row.owner_id, name: row.owner, counts: Vec::new(), total: 0, overdue: 0 });
        }
        let b = out.last_mut().expect("pushed above");
        b.counts.push((row.status.unwrap_or_else(|| NO_STATUS.to_string()), row.count));
        b.total += row.count;
        b.overdue += row.overdue;
    }
    // The usual order of the statuses, others after them, 未填写 last.
    let rank = |s: &str| TASK_STATUSES.iter().position(|k| *k == s).unwrap_or(if s == NO_STATUS { 6 } else { 5 });
    for b in &mut out {
        b.counts.sort_by_key(|(s, _)| rank(s));
    }
    out
}
