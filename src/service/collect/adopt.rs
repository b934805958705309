//! Adding a unit to the tasks it reported on without being assigned to them: a department that
//! filled in rows of the whole ledger (大同 sends every unit the whole list) says by doing so that
//! the tasks are its own. One action, logged and undoable like any assignment.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::TASK_STATUSES;
use crate::store::{Change, Store};
use crate::{Error, Result};

/// What [`assign_reported_tasks`] did.
#[derive(Debug, Clone, Serialize)]
pub struct AdoptReport {
    /// The unit.
    pub unit: String,
    /// The tasks it was added to.
    pub task_ids: Vec<i64>,
    /// Of those, how many it now leads (they had no lead unit).
    pub as_lead: usize,
    /// How many task statuses it set from its return (as the task's lead unit).
    pub statuses_set: usize,
    /// The change-log batch (undo target).
    pub batch_id: i64,
}

/// Links the unit of a return to every task the return filled in that the unit was not linked
/// to: as lead unit where the task has none, else as co-operating unit. Where the unit now leads
/// a task, the status it reported there becomes the task's (as a collect would have done).
pub fn assign_reported_tasks(store: &mut Store, return_id: i64) -> Result<AdoptReport> {
    let read = store.read();
    let (round_id, unit_id, file) = read.return_info(return_id)?.ok_or_else(|| {
        Error::BadEdit(format!("找不到编号为 {return_id} 的报送记录（可能已撤销），请重新收取后再试"))
    })?;
    let ledger_id = read.round(round_id)?.ledger_id;
    let unit = read.unit_name(unit_id)?;
    let links = read.unit_tasks(ledger_id)?;
    let linked = |task: i64| links.iter().any(|l| l.task_id == task && l.unit_id == unit_id);
    let mut tasks: Vec<i64> = Vec::new();
    for (task, _, value) in read.return_values(return_id)? {
        if !value.trim().is_empty() && !linked(task) && !tasks.contains(&task) {
            tasks.push(task);
        }
    }
    if tasks.is_empty() {
        return Err(Error::BadEdit(format!("“{file}”中没有未分配给{unit}的任务，无需添加")));
    }
    let statuses: Vec<(i64, String)> = read
        .unit_current_values(round_id, unit_id)?
        .into_iter()
        .filter(|v| v.field == "status" && TASK_STATUSES.contains(&v.value.as_str()))
        .map(|v| (v.task_id, v.value))
        .collect();
    let leads: HashSet<i64> = links.iter().filter(|l| l.role == "lead").map(|l| l.task_id).collect();
    store.write(|w| {
        let summary = format!("把{unit}加为其报送的 {} 项任务的责任单位", tasks.len());
        let batch_id = w.begin_batch("assign", &file, None, &summary)?;
        let log = |entity: &str, id: i64, field: String, old: Option<String>, new: String| {
            let change = Change {
                entity: entity.into(),
                entity_id: id,
                field: Some(field),
                old_value: old,
                new_value: Some(new),
            };
            w.record_change(batch_id, &change)
        };
        let (mut as_lead, mut statuses_set) = (0, 0);
        for &task in &tasks {
            let role = if leads.contains(&task) { "co" } else { "lead" };
            if !w.link_unit(task, unit_id, role, 1000, &unit)? {
                continue;
            }
            log("task_unit", task, format!("{role}:{unit_id}"), None, unit.clone())?;
            if role == "co" {
                continue;
            }
            as_lead += 1;
            if let Some((_, status)) = statuses.iter().find(|(t, _)| *t == task) {
                let old = w.set_task_status(task, Some(status))?;
                if old.as_deref() != Some(status.as_str()) {
                    log("task", task, "status".into(), old, status.clone())?;
                    statuses_set += 1;
                }
            }
        }
        Ok(AdoptReport { unit: unit.clone(), task_ids: tasks.clone(), as_lead, statuses_set, batch_id })
    })
}
