//! Undoing the last recorded operation.

use serde::Serialize;

use crate::store::{Change, Store, UnitMerge, Writer};
use crate::{Error, Result};

/// What an undo reverted.
#[derive(Debug, Clone, Serialize)]
pub struct UndoReport {
    /// The batch that was undone.
    pub batch_id: i64,
    /// Its description.
    pub summary: String,
    /// The new batch recording the undo itself.
    pub undo_batch_id: i64,
}

/// Reverts the newest operation that has not been undone. Both the operation and its undo stay
/// in the change log.
pub fn undo_last(store: &mut Store) -> Result<UndoReport> {
    undo(store, None)
}

/// Reverts exactly the operation the clerk confirmed (its batch id), when it is still the newest
/// one not undone; otherwise fails with [`Error::UndoStale`] and changes nothing.
pub fn undo_confirmed(store: &mut Store, batch_id: i64) -> Result<UndoReport> {
    undo(store, Some(batch_id))
}

fn undo(store: &mut Store, confirmed: Option<i64>) -> Result<UndoReport> {
    store.write(|w| {
        let batch = w.last_undoable_batch()?.ok_or(Error::NothingToUndo)?;
        if confirmed.is_some_and(|id| id != batch.batch_id) {
            return Err(Error::UndoStale { newest: batch.summary });
        }
        let summary = format!("撤销：{}", batch.summary);
        let undo_batch_id = w.begin_batch("undo", &batch.source, None, &summary)?;
        // Newest change first; units created by the batch last, once nothing links to them.
        let (units, others): (Vec<&Change>, Vec<&Change>) =
            batch.changes.iter().rev().partition(|c| c.entity == "unit" && c.old_value.is_none());
        for change in others.iter().chain(&units) {
            revert(w, &batch.action, change)?;
            w.record_change(
                undo_batch_id,
                &Change {
                    old_value: change.new_value.clone(),
                    new_value: change.old_value.clone(),
                    ..(*change).clone()
                },
            )?;
        }
        w.mark_undone(batch.batch_id)?;
        Ok(UndoReport { batch_id: batch.batch_id, summary: batch.summary, undo_batch_id })
    })
}

/// Puts back what one logged change did (`action`: the batch's action).
fn revert(w: &Writer<'_>, action: &str, change: &Change) -> Result<()> {
    match (change.entity.as_str(), change.old_value.is_none(), change.field.as_deref()) {
        ("ledger", true, None) => w.delete_ledger(change.entity_id)?,
        ("unit", true, None) => {
            w.delete_unit_if_unused(change.entity_id)?;
        }
        ("task_unit", true, Some(link)) => {
            if let Some((role, unit)) = link.split_once(':') {
                w.unlink_unit(change.entity_id, unit.parse().unwrap_or_default(), role)?;
            }
        }
        ("task_unit", false, Some(link)) if change.new_value.is_none() => {
            // A removed link, "role:unit@position".
            if let Some((role, (unit, position))) =
                link.split_once(':').and_then(|(r, rest)| Some((r, rest.split_once('@')?)))
            {
                let raw = change.old_value.as_deref().unwrap_or_default();
                let (unit, position) = (unit.parse().unwrap_or_default(), position.parse().unwrap_or_default());
                w.link_unit(change.entity_id, unit, role, position, raw)?;
            }
        }
        ("round", true, None) => w.delete_round(change.entity_id)?,
        ("unit_merge", _, _) => {
            let merged: UnitMerge = serde_json::from_str(change.old_value.as_deref().unwrap_or_default())
                .map_err(|e| Error::BadEdit(format!("合并记录无法读取（{e}），无法撤销")))?;
            w.unmerge_unit(&merged)?;
        }
        ("unit", false, Some("contact")) => {
            let (contact, phone): (Option<String>, Option<String>) =
                serde_json::from_str(change.old_value.as_deref().unwrap_or_default()).unwrap_or_default();
            w.set_unit_contact(change.entity_id, contact.as_deref(), phone.as_deref())?;
        }
        ("return", true, None) => w.delete_return(change.entity_id)?,
        ("ledger", _, Some("schedule")) => {
            w.set_ledger_schedule(change.entity_id, change.old_value.as_deref())?;
        }
        ("ledger_setting", _, Some(key)) => {
            w.set_ledger_setting(change.entity_id, key, change.old_value.as_deref())?;
        }
        ("indicator", _, Some(field)) => {
            w.set_indicator_field(change.entity_id, field, change.old_value.as_deref())?;
        }
        ("ledger" | "sheet_columns", false, Some(field)) if action == "reimport" => super::reimport::restore(
            w,
            &change.entity,
            change.entity_id,
            field,
            change.old_value.as_deref().unwrap_or_default(),
        )?,
        ("task", false, Some("reading")) => super::reimport::restore(
            w,
            "task",
            change.entity_id,
            "reading",
            change.old_value.as_deref().unwrap_or_default(),
        )?,
        ("task", _, Some(field)) => {
            super::edit::restore_task_field(w, change.entity_id, field, change.old_value.as_deref())?
        }
        _ => {}
    }
    Ok(())
}
