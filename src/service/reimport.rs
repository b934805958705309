//! Reading a known ledger file again with another `--year` or `--map`. Without `--reimport` the
//! import says what the new reading would change and applies nothing; with it, the new reading
//! replaces the old one in one logged, undoable step: the ledger's year, each sheet's column
//! meanings, each task's 序号, category, measure and deadline, and — where the new reading has
//! unit columns — its units. Task ids, hand-assigned units, rounds and returns stay. A reading
//! that finds other task rows than the ledger has is refused, since replacing it would lose
//! what was reported on them.

use std::collections::HashMap;

use super::import::{Prepared, PreparedSheets};
use super::resolver::Resolver;
use super::task_units::relink;
use crate::model::{Field, TaskView};
use crate::store::{Change, Reader, Store, TaskReading, Writer};
use crate::{Error, Result};

/// What reading the file again would change, one sentence each; empty when nothing would.
pub(super) fn differences(
    read: &Reader<'_>,
    ledger_id: i64,
    anchor_year: Option<i32>,
    sheets: &PreparedSheets<'_>,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let (_, old_year, _) = read.ledger_info(ledger_id)?;
    if old_year != anchor_year {
        let year = |y: Option<i32>| y.map_or("（未定）".to_string(), |y| y.to_string());
        out.push(format!("只写月份的完成时限按 {} 年理解，改为按 {} 年", year(old_year), year(anchor_year)));
    }
    let stored = read.sheet_columns(ledger_id)?;
    for (sheet, _) in sheets {
        let Some((_, old)) = stored.iter().find(|(name, _)| *name == sheet.name) else { continue };
        for (new, old) in sheet.columns.iter().zip(old).filter(|(n, o)| n.field != o.field) {
            out.push(format!(
                "工作表“{}”的“{}”列：{} 改为 {}",
                sheet.name,
                new.header,
                old.field.label(),
                new.field.label()
            ));
        }
    }
    let tasks = read.tasks(ledger_id)?;
    match matched_tasks(&tasks, sheets) {
        Ok(pairs) => {
            let changed = pairs.iter().filter(|(old, new)| TaskReading::from(*old) != reading(new)).count();
            if changed > 0 {
                out.push(format!("{changed} 项任务的序号、类别、工作措施或完成时限随之改变"));
            }
        }
        Err(e) => out.push(e.to_string()),
    }
    Ok(out)
}

/// Replaces the ledger's reading with the new one in one transaction; returns the batch id, or
/// `None` when the new reading changes nothing.
pub(super) fn apply(
    store: &mut Store,
    ledger_id: i64,
    (file, sha256): (&str, &str),
    anchor_year: Option<i32>,
    sheets: &PreparedSheets<'_>,
) -> Result<Option<i64>> {
    if differences(&store.read(), ledger_id, anchor_year, sheets)?.is_empty() {
        return Ok(None);
    }
    store.write(|w| {
        let tasks = w.tasks(ledger_id)?;
        let pairs = matched_tasks(&tasks, sheets)?;
        let (title, _, _) = w.ledger_info(ledger_id)?;
        let batch = w.begin_batch("reimport", file, Some(sha256), &format!("重新读取台账“{title}”"))?;
        let log = |entity: &str, id: i64, field: &str, old: String, new: String| {
            let change = Change {
                entity: entity.into(),
                entity_id: id,
                field: Some(field.into()),
                old_value: Some(old),
                new_value: Some(new),
            };
            w.record_change(batch, &change)
        };
        let old_year = w.set_ledger_anchor_year(ledger_id, anchor_year)?;
        if old_year != anchor_year {
            log("ledger", ledger_id, "anchor_year", json(&old_year), json(&anchor_year))?;
        }
        let stored = w.sheet_columns(ledger_id)?;
        for (sheet, _) in sheets {
            let Some((_, old)) = stored.iter().find(|(name, _)| *name == sheet.name) else { continue };
            if old.iter().map(|c| c.field).ne(sheet.columns.iter().map(|c| c.field)) {
                w.set_sheet_columns(ledger_id, &sheet.name, &sheet.columns)?;
                log("sheet_columns", ledger_id, &sheet.name, json(old), json(&sheet.columns))?;
            }
        }
        let unit_columns: HashMap<&str, bool> = sheets
            .iter()
            .map(|(s, _)| (s.name.as_str(), s.columns.iter().any(|c| matches!(c.field, Field::Lead | Field::Co))))
            .collect();
        let mut resolver = Resolver::load(w)?;
        for (old, new) in pairs {
            let (before, after) = (TaskReading::from(old), reading(new));
            if before != after {
                w.set_task_reading(old.task_id, &after)?;
                log("task", old.task_id, "reading", json(&before), json(&after))?;
            }
            if unit_columns.get(old.sheet.as_str()).copied().unwrap_or(false) {
                relink(w, &mut resolver, batch, old.task_id, &new.lead, &new.co)?;
            }
        }
        resolver.record_created(w, batch)?;
        Ok(Some(batch))
    })
}

/// Puts back what a re-read replaced (used by undo): `field` and `old` as logged by [`apply`].
pub(crate) fn restore(w: &Writer<'_>, entity: &str, id: i64, field: &str, old: &str) -> Result<()> {
    let bad = |e: serde_json::Error| Error::BadEdit(format!("重新读取的记录无法读取（{e}），无法撤销"));
    match entity {
        "ledger" => {
            w.set_ledger_anchor_year(id, serde_json::from_str(old).map_err(bad)?)?;
        }
        "sheet_columns" => w.set_sheet_columns(id, field, &serde_json::from_str::<Vec<_>>(old).map_err(bad)?)?,
        _ => w.set_task_reading(id, &serde_json::from_str(old).map_err(bad)?)?,
    }
    Ok(())
}

/// Each stored task with the newly read row it comes from (same sheet, same row), or an error
/// saying how the task rows differ.
fn matched_tasks<'t, 'p>(
    tasks: &'t [TaskView],
    sheets: &'p PreparedSheets<'_>,
) -> Result<Vec<(&'t TaskView, &'p Prepared<'p>)>> {
    let mut new: HashMap<(&str, u32), &Prepared<'_>> = HashMap::new();
    for (sheet, prepared) in sheets {
        for p in prepared {
            new.insert((sheet.name.as_str(), p.row.source_row), p);
        }
    }
    let total = new.len();
    let pairs: Vec<_> =
        tasks.iter().filter_map(|t| new.get(&(t.sheet.as_str(), t.source_row)).map(|p| (t, *p))).collect();
    let (missing, extra) = (tasks.len() - pairs.len(), total - pairs.len());
    if missing + extra > 0 {
        return Err(Error::ReimportMismatch { missing, extra });
    }
    Ok(pairs)
}

/// The read fields of a newly read row.
fn reading(p: &Prepared<'_>) -> TaskReading {
    TaskReading {
        seq: p.seq.clone(),
        category: p.category.clone(),
        measure: p.measure.clone(),
        deadline: p.deadline.clone(),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
