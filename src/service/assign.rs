//! Assigning units to tasks by hand, for ledgers whose table names no units (大同) or names
//! them wrongly. Logged and undoable.

use std::collections::HashSet;

use serde::Serialize;

use crate::service::resolver::{Resolver, UnknownUnit};
use crate::store::{Change, Store};
use crate::units;
use crate::{Error, Result};

/// Which tasks of a ledger to assign units to.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskSelector {
    /// Tasks by id.
    Ids(Vec<i64>),
    /// Every task whose category path contains this text (a whole 工作要求 group), optionally on
    /// one sheet.
    Category {
        /// The category text, as in the ledger.
        category: String,
        /// Limit to one worksheet.
        sheet: Option<String>,
    },
}

/// What an assignment did.
#[derive(Debug, Clone, Serialize)]
pub struct AssignReport {
    /// The tasks that got the units.
    pub task_ids: Vec<i64>,
    /// The canonical names linked as lead units.
    pub lead_units: Vec<String>,
    /// The canonical names linked as co-operating units.
    pub co_units: Vec<String>,
    /// Names the directory did not know (kept as new units).
    pub unknown_units: Vec<UnknownUnit>,
    /// The change-log batch (undo target).
    pub batch_id: i64,
}

/// Links units to the selected tasks of a ledger (added to any units they already have). `lead`
/// and `co` are unit cells as a clerk would type them ("市财政局、市金融办").
pub fn assign_units(
    store: &mut Store,
    ledger_id: i64,
    selector: &TaskSelector,
    lead: &str,
    co: &str,
) -> Result<AssignReport> {
    let tasks = store.read().tasks(ledger_id)?;
    let ids: HashSet<i64> = match selector {
        TaskSelector::Ids(ids) => ids.iter().copied().collect(),
        TaskSelector::Category { .. } => HashSet::new(),
    };
    let chosen: Vec<i64> = tasks
        .iter()
        .filter(|t| match selector {
            TaskSelector::Ids(_) => ids.contains(&t.task_id),
            TaskSelector::Category { category, sheet } => {
                t.category.iter().any(|c| c == category) && sheet.as_ref().is_none_or(|s| *s == t.sheet)
            }
        })
        .map(|t| t.task_id)
        .collect();
    if chosen.is_empty() {
        return Err(Error::BadEdit("没有找到符合条件的任务；请核对类别名称或任务编号".into()));
    }
    let (lead, co) = (units::split_units(lead), units::split_units(co));
    if lead.is_empty() && co.is_empty() {
        return Err(Error::BadEdit("没有给出单位名称".into()));
    }
    store.write(|w| {
        let summary = format!("为 {} 项任务指定单位", chosen.len());
        let batch_id = w.begin_batch("assign", "手工指定", None, &summary)?;
        let mut resolver = Resolver::load(w)?;
        let mut names = (Vec::new(), Vec::new());
        for (role, list) in [("lead", &lead), ("co", &co)] {
            for (position, name) in list.iter().enumerate() {
                let unit_id = resolver.resolve(Some(w), name, "手工指定")?.unwrap_or_default();
                for &task_id in &chosen {
                    if w.link_unit(task_id, unit_id, role, 1000 + position, name)? {
                        w.record_change(
                            batch_id,
                            &Change {
                                entity: "task_unit".into(),
                                entity_id: task_id,
                                field: Some(format!("{role}:{unit_id}")),
                                old_value: None,
                                new_value: Some(name.clone()),
                            },
                        )?;
                    }
                }
                let canonical = w.unit_name(unit_id)?;
                if role == "lead" { &mut names.0 } else { &mut names.1 }.push(canonical);
            }
        }
        resolver.record_created(w, batch_id)?;
        Ok(AssignReport {
            task_ids: chosen.clone(),
            lead_units: names.0,
            co_units: names.1,
            unknown_units: resolver.into_unknown(),
            batch_id,
        })
    })
}
