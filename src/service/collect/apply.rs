//! Applying a matched return: the values it reports (with the unit's previous values for the
//! report), the task statuses it sets, and one transaction that stores the return, its values,
//! its indicator values and every change in the change log.
//!
//! Only rows that fill something in report anything. Of a unit's files in a round, the one saved
//! last (by the department) counts for each task and column it reports, whatever order they are
//! collected in: a value from an older file is stored (history) but listed as kept out, and a
//! row the file leaves out keeps the value an earlier file gave it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Local};

use super::matching::Matched;
use super::report::{summary_message, CollectReport, KeptNewer, MissingTask, UnassignedTask};
use super::Ledger;
use crate::import::returns::ReturnedWorkbook;
use crate::model::TASK_STATUSES;
use crate::store::{field_key, Change, CurrentValue, NewReturn, RoundRow, Store, UnitTask};
use crate::workbook::STATUS_HEADER;
use crate::Result;

/// A returned file about to be stored: what was read, and when the department saved it.
pub(super) struct ReturnFile<'a> {
    /// The file read.
    pub book: &'a ReturnedWorkbook,
    /// Its save time as stored (UTC, "YYYY-MM-DDTHH:MM:SSZ").
    pub time: &'a str,
    /// Where that time comes from.
    pub time_source: &'a str,
}

/// What a return will store: every returned value as (task, field key, text), the task
/// statuses it sets, and the values it changes for the change log; the texts are those of the
/// matched rows and of the unit's current values.
struct Plan<'a> {
    values: Vec<(i64, String, &'a str)>,
    status_updates: Vec<(i64, &'a str)>,
    changes: Vec<ValueChange<'a>>,
}

/// A value a return changes: the task, the column's header, the unit's value before and now.
struct ValueChange<'a> {
    task_id: i64,
    header: &'a str,
    old: &'a str,
    new: &'a str,
}

/// Stores a return of `unit` whose rows are `matched`, completing `report` (values taken,
/// values kept from a newer file, tasks not assigned to the unit, tasks left out, the return
/// and batch ids, the message).
pub(super) fn apply(
    store: &mut Store,
    round: &RoundRow,
    ledger: &Ledger,
    file: &ReturnFile<'_>,
    (unit_id, unit_name): (i64, &str),
    matched: &[Matched<'_>],
    mut report: CollectReport,
) -> Result<CollectReport> {
    let read = store.read();
    let before: HashMap<(i64, String), CurrentValue> = read
        .unit_current_values(round.round_id, unit_id)?
        .into_iter()
        .map(|v| ((v.task_id, v.field.clone()), v))
        .collect();
    let filled: Vec<&Matched<'_>> = matched.iter().filter(|m| m.filled).collect();
    let mut plan = plan(ledger, unit_id, &filled, file.time, &before, &mut report);
    report.taken = plan.changes.len();
    // A status reported in a newer file (of any round) by a unit whose status counts stays.
    let tasks: Vec<i64> = plan.status_updates.iter().map(|(task, _)| *task).collect();
    let overridden: HashSet<i64> = if tasks.is_empty() {
        HashSet::new()
    } else {
        read.newer_status_reports(&tasks, file.time)?
            .into_iter()
            .filter(|&(task, unit)| sets_status(&ledger.links_of(task), unit))
            .map(|(task, _)| task)
            .collect()
    };
    plan.status_updates.retain(|(task, _)| !overridden.contains(task));
    let present: HashSet<i64> = matched.iter().map(|m| m.task.task_id).collect();
    let reported: HashSet<i64> = filled.iter().map(|m| m.task.task_id).collect();
    report.missing_tasks = unit_tasks_where(ledger, unit_id, &before, |task| !present.contains(&task));
    report.unfilled_tasks =
        unit_tasks_where(ledger, unit_id, &before, |task| present.contains(&task) && !reported.contains(&task));
    report.unassigned = unassigned(ledger, unit_id, &filled);
    report.blank_rows = matched.iter().filter(|m| !m.filled && !is_linked(ledger, m.task.task_id, unit_id)).count();
    report.message = summary_message(&report, unit_name);
    let (return_id, batch_id) = write(store, round, file, (unit_id, unit_name), &plan, &report)?;
    report.return_id = Some(return_id);
    report.batch_id = Some(batch_id);
    report.release_spare();
    Ok(report)
}

/// The values and statuses a return sets. A value of a task and column the unit reported from a
/// newer file is stored but kept out; the others that differ from the unit's current value are
/// the changes it takes, and the earlier files they replace go into the report. The statuses are
/// those the unit's status sets, before any newer file of another unit is considered.
fn plan<'a>(
    ledger: &Ledger,
    unit_id: i64,
    filled: &[&'a Matched<'_>],
    time: &str,
    before: &'a HashMap<(i64, String), CurrentValue>,
    report: &mut CollectReport,
) -> Plan<'a> {
    let mut plan = Plan { values: Vec::new(), status_updates: Vec::new(), changes: Vec::new() };
    for m in filled {
        for (column, text) in &m.values {
            let (key, header) = match column {
                Some(c) => (field_key(c), c.header.as_str()),
                None => ("status".to_string(), STATUS_HEADER),
            };
            let task_id = m.task.task_id;
            let current = before.get(&(task_id, key.clone()));
            let is_status = key == "status";
            plan.values.push((task_id, key, text.as_str()));
            if let Some(newer) = current.filter(|c| c.file_time.as_str() > time) {
                if newer.value != *text {
                    report.kept_newer.push(KeptNewer {
                        task_id,
                        sheet: m.task.sheet.clone(),
                        seq: m.task.seq.clone(),
                        header: header.to_string(),
                        this_file: text.clone(),
                        kept: newer.value.clone(),
                        newer_file: newer.file_name.clone(),
                        newer_time: shown_time(&newer.file_time),
                    });
                }
                continue;
            }
            let old = current.map_or("", |c| c.value.as_str());
            if text != old {
                if let Some(c) = current.filter(|c| !report.replaces.contains(&c.file_name)) {
                    report.replaces.push(c.file_name.clone());
                }
                plan.changes.push(ValueChange { task_id, header, old, new: text });
            }
            if is_status && sets_status(&ledger.links_of(task_id), unit_id) && TASK_STATUSES.contains(&text.as_str()) {
                plan.status_updates.push((task_id, text));
            }
        }
    }
    plan
}

/// A stored UTC file time as shown ("2024-03-05 16:30:00", local time).
fn shown_time(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

/// Whether the unit is linked to the task.
fn is_linked(ledger: &Ledger, task_id: i64, unit_id: i64) -> bool {
    ledger.links_of(task_id).iter().any(|l| l.unit_id == unit_id)
}

/// The unit's tasks for which `pick` holds (left out of the file, or left blank in it), each
/// with the earlier file whose values for it stay current (a partial re-send).
fn unit_tasks_where(
    ledger: &Ledger,
    unit_id: i64,
    before: &HashMap<(i64, String), CurrentValue>,
    pick: impl Fn(i64) -> bool,
) -> Vec<MissingTask> {
    let mut tasks: Vec<MissingTask> = ledger
        .links
        .iter()
        .filter(|l| l.unit_id == unit_id && pick(l.task_id))
        .filter_map(|l| ledger.task(l.task_id))
        .map(|t| MissingTask {
            task_id: t.task_id,
            sheet: t.sheet.clone(),
            seq: t.seq.clone(),
            kept_from: before
                .values()
                .filter(|v| v.task_id == t.task_id && !v.value.trim().is_empty())
                .max_by(|a, b| (&a.file_time, a.return_id).cmp(&(&b.file_time, b.return_id)))
                .map(|v| v.file_name.clone()),
        })
        .collect();
    tasks.dedup_by_key(|t| t.task_id);
    tasks
}

/// The tasks the return reports on that are not assigned to the unit.
fn unassigned(ledger: &Ledger, unit_id: i64, filled: &[&Matched<'_>]) -> Vec<UnassignedTask> {
    filled
        .iter()
        .filter(|m| !is_linked(ledger, m.task.task_id, unit_id))
        .map(|m| UnassignedTask {
            task_id: m.task.task_id,
            sheet: m.task.sheet.clone(),
            seq: m.task.seq.clone(),
            measure: m.task.measure.clone(),
        })
        .collect()
}

/// Whether a unit's reported status becomes the task's, given the task's links: the lead unit's
/// does, and so does the only unit's.
fn sets_status(mine: &[&UnitTask], unit_id: i64) -> bool {
    mine.iter().any(|l| l.unit_id == unit_id && l.role == "lead") || (mine.len() == 1 && mine[0].unit_id == unit_id)
}

/// Stores the return, its values and indicator values, the statuses it sets and the change log,
/// in one transaction; returns the return's and the batch's ids.
fn write(
    store: &mut Store,
    round: &RoundRow,
    file: &ReturnFile<'_>,
    (unit_id, unit_name): (i64, &str),
    plan: &Plan,
    report: &CollectReport,
) -> Result<(i64, i64)> {
    let name = &report.file;
    let json = serde_json::to_string(report).unwrap_or_default();
    store.write(|w| {
        let batch =
            w.begin_batch("collect", name, Some(&file.book.sha256), &format!("收取{unit_name}{}报送", round.label))?;
        let return_id = w.insert_return(&NewReturn {
            round_id: round.round_id,
            unit_id,
            file_name: name,
            sha256: &file.book.sha256,
            identified_by: report.identified_by.as_deref().unwrap_or_default(),
            file_time: file.time,
            file_time_source: file.time_source,
            batch_id: batch,
            report_json: &json,
        })?;
        let log = |entity: &str, id: i64, field: Option<String>, old: Option<String>, new: Option<String>| {
            w.record_change(
                batch,
                &Change { entity: entity.into(), entity_id: id, field, old_value: old, new_value: new },
            )
        };
        log("return", return_id, None, None, Some(name.clone()))?;
        for (task_id, key, text) in &plan.values {
            w.insert_reported_value(return_id, *task_id, key, text)?;
        }
        for t in &report.indicators {
            w.insert_indicator_value(return_id, t.indicator_id, t.value, t.unit.as_deref(), &t.new)?;
            if t.old != t.new {
                log(
                    "indicator_value",
                    t.indicator_id,
                    Some(format!("{unit_name}:实际完成值")),
                    Some(t.old.clone()),
                    Some(t.new.clone()),
                )?;
            }
        }
        for c in &plan.changes {
            log(
                "reported_value",
                c.task_id,
                Some(format!("{unit_name}:{}", c.header)),
                Some(c.old.to_string()),
                Some(c.new.to_string()),
            )?;
        }
        for &(task_id, status) in &plan.status_updates {
            let old = w.set_task_status(task_id, Some(status))?;
            if old.as_deref() != Some(status) {
                log("task", task_id, Some("status".into()), old, Some(status.to_string()))?;
            }
        }
        Ok((return_id, batch))
    })
}
