//! Applying a matched return: the values it reports (with the unit's previous values for the
//! report), the task statuses it sets, and one transaction that stores the return, its values,
//! its indicator values and every change in the change log.

use std::collections::{HashMap, HashSet};

use super::matching::Matched;
use super::report::{summary_message, CollectReport, MissingTask, TakenValue};
use super::Ledger;
use crate::import::returns::ReturnedWorkbook;
use crate::model::TASK_STATUSES;
use crate::store::{field_key, Change, NewReturn, RoundRow, Store, UnitTask};
use crate::workbook::STATUS_HEADER;
use crate::Result;

/// What a return will store: every returned value as (task, field key, text), and the task
/// statuses it sets.
struct Plan {
    values: Vec<(i64, String, String)>,
    status_updates: Vec<(i64, String)>,
}

/// Stores a return of `unit` whose rows are `matched`, completing `report` (values taken,
/// tasks left out, the return and batch ids, the message).
pub(super) fn apply(
    store: &mut Store,
    round: &RoundRow,
    ledger: &Ledger,
    book: &ReturnedWorkbook,
    (unit_id, unit_name): (i64, &str),
    matched: &[Matched<'_>],
    mut report: CollectReport,
) -> Result<CollectReport> {
    let read = store.read();
    let before: HashMap<(i64, String), String> = read
        .unit_reported_values(round.round_id, unit_id)?
        .into_iter()
        .map(|(task, field, value)| ((task, field), value))
        .collect();
    let plan = plan(ledger, unit_id, matched, &before, &mut report);
    report.missing_tasks = missing_tasks(ledger, unit_id, matched);
    report.superseded_return_id = read.current_return(round.round_id, unit_id)?;
    report.message = summary_message(&report, unit_name);
    let (return_id, batch_id) = write(store, round, book, (unit_id, unit_name), &plan, &report)?;
    report.return_id = Some(return_id);
    report.batch_id = Some(batch_id);
    Ok(report)
}

/// The values and statuses a return sets; values that differ from what the unit reported before
/// in this round go into the report as taken.
fn plan(
    ledger: &Ledger,
    unit_id: i64,
    matched: &[Matched<'_>],
    before: &HashMap<(i64, String), String>,
    report: &mut CollectReport,
) -> Plan {
    let mut plan = Plan { values: Vec::new(), status_updates: Vec::new() };
    for m in matched {
        for (column, text) in &m.values {
            let (key, header) = match column {
                Some(c) => (field_key(c), c.header.clone()),
                None => ("status".to_string(), STATUS_HEADER.to_string()),
            };
            let old = before.get(&(m.task.task_id, key.clone())).cloned().unwrap_or_default();
            if !text.is_empty() && *text != old {
                report.taken.push(TakenValue {
                    task_id: m.task.task_id,
                    sheet: m.task.sheet.clone(),
                    seq: m.task.seq.clone(),
                    header,
                    old,
                    new: text.clone(),
                });
            }
            if key == "status"
                && sets_status(&ledger.links_of(m.task.task_id), unit_id)
                && TASK_STATUSES.contains(&text.as_str())
            {
                plan.status_updates.push((m.task.task_id, text.clone()));
            }
            plan.values.push((m.task.task_id, key, text.clone()));
        }
    }
    plan
}

/// The unit's tasks the return left out.
fn missing_tasks(ledger: &Ledger, unit_id: i64, matched: &[Matched<'_>]) -> Vec<MissingTask> {
    let matched_ids: HashSet<i64> = matched.iter().map(|m| m.task.task_id).collect();
    let mut missing: Vec<MissingTask> = ledger
        .links
        .iter()
        .filter(|l| l.unit_id == unit_id && !matched_ids.contains(&l.task_id))
        .filter_map(|l| ledger.task(l.task_id))
        .map(|t| MissingTask { task_id: t.task_id, sheet: t.sheet.clone(), seq: t.seq.clone() })
        .collect();
    missing.dedup_by_key(|t| t.task_id);
    missing
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
    book: &ReturnedWorkbook,
    (unit_id, unit_name): (i64, &str),
    plan: &Plan,
    report: &CollectReport,
) -> Result<(i64, i64)> {
    let file = &report.file;
    let json = serde_json::to_string(report).unwrap_or_default();
    store.write(|w| {
        let batch =
            w.begin_batch("collect", file, Some(&book.sha256), &format!("收取{unit_name}{}报送", round.label))?;
        let return_id = w.insert_return(&NewReturn {
            round_id: round.round_id,
            unit_id,
            file_name: file,
            sha256: &book.sha256,
            identified_by: report.identified_by.as_deref().unwrap_or_default(),
            batch_id: batch,
            report_json: &json,
        })?;
        let log = |entity: &str, id: i64, field: Option<String>, old: Option<String>, new: Option<String>| {
            w.record_change(
                batch,
                &Change { entity: entity.into(), entity_id: id, field, old_value: old, new_value: new },
            )
        };
        log("return", return_id, None, None, Some(file.clone()))?;
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
        for t in &report.taken {
            log(
                "reported_value",
                t.task_id,
                Some(format!("{unit_name}:{}", t.header)),
                Some(t.old.clone()),
                Some(t.new.clone()),
            )?;
        }
        for (task_id, status) in &plan.status_updates {
            let old = w.set_task_status(*task_id, Some(status))?;
            if old.as_deref() != Some(status.as_str()) {
                log("task", *task_id, Some("status".into()), old, Some(status.clone()))?;
            }
        }
        Ok((return_id, batch))
    })
}
