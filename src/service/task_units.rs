//! Replacing a task's units by hand — to correct what an import read from a document's
//! "（牵头单位：…；责任单位：…）" — logged and undoable.

use crate::service::assign::AssignReport;
use crate::service::resolver::Resolver;
use crate::store::{Change, Store, Writer};
use crate::{units, Error, Result};

/// Makes `lead` and `co` (unit cells as a clerk types them, "市财政局、市金融办") the task's
/// units in those roles; a role given as `None` keeps its units. Links no longer named are
/// removed, new ones added, unchanged ones kept. Returns what the task has now, with the batch id
/// (undo target).
pub fn replace_task_units(
    store: &mut Store,
    task_id: i64,
    lead: Option<&str>,
    co: Option<&str>,
    source: &str,
) -> Result<AssignReport> {
    store.write(|w| {
        w.task_columns(task_id)?;
        let current = w.task_links(task_id)?;
        let given = |role: &str, cell: Option<&str>| -> Vec<String> {
            match cell {
                Some(cell) => units::split_units(cell),
                None => current.iter().filter(|(_, r, _, _)| r == role).map(|(_, _, _, raw)| raw.clone()).collect(),
            }
        };
        let (lead, co) = (given("lead", lead), given("co", co));
        if lead.is_empty() && co.is_empty() {
            return Err(Error::BadEdit("没有给出单位名称；每项任务至少要有一个牵头单位或责任单位".into()));
        }
        let batch_id = w.begin_batch("edit", source, None, &format!("修改任务 {task_id} 的单位"))?;
        let mut resolver = Resolver::load(w)?;
        let wanted = relink(w, &mut resolver, batch_id, task_id, &lead, &co)?;
        resolver.record_created(w, batch_id)?;
        let names = |role: &str| -> Result<Vec<String>> {
            wanted.iter().filter(|(r, _)| *r == role).map(|(_, u)| w.unit_name(*u)).collect()
        };
        Ok(AssignReport {
            task_ids: vec![task_id],
            lead_units: names("lead")?,
            co_units: names("co")?,
            unknown_units: resolver.into_unknown(),
            batch_id,
        })
    })
}

/// Makes the units named in `lead` and `co` a task's links in those roles, logged in `batch_id`:
/// links no longer named are removed (logged as "role:unit@position", so that undo puts them
/// back in place), new ones added, unchanged ones kept. Returns the wanted (role, unit) links.
pub(crate) fn relink(
    w: &Writer<'_>,
    resolver: &mut Resolver,
    batch_id: i64,
    task_id: i64,
    lead: &[String],
    co: &[String],
) -> Result<Vec<(&'static str, i64)>> {
    let current = w.task_links(task_id)?;
    let mut wanted: Vec<(&'static str, i64, &String)> = Vec::new();
    for (role, names) in [("lead", lead), ("co", co)] {
        for name in names {
            let unit_id = resolver.resolve(Some(w), name, &format!("任务{task_id}"))?.unwrap_or_default();
            if !wanted.iter().any(|(r, u, _)| *r == role && *u == unit_id) {
                wanted.push((role, unit_id, name));
            }
        }
    }
    let change = |field: String, old: Option<String>, new: Option<String>| Change {
        entity: "task_unit".into(),
        entity_id: task_id,
        field: Some(field),
        old_value: old,
        new_value: new,
    };
    for (unit_id, role, position, raw) in &current {
        if !wanted.iter().any(|(r, u, _)| r == role && u == unit_id) {
            w.unlink_unit(task_id, *unit_id, role)?;
            w.record_change(batch_id, &change(format!("{role}:{unit_id}@{position}"), Some(raw.clone()), None))?;
        }
    }
    for (role, unit_id, name) in &wanted {
        let position = w.next_link_position(task_id, role)?;
        if w.link_unit(task_id, *unit_id, role, position, name)? {
            w.record_change(batch_id, &change(format!("{role}:{unit_id}"), None, Some(name.to_string())))?;
        }
    }
    Ok(wanted.into_iter().map(|(r, u, _)| (r, u)).collect())
}
