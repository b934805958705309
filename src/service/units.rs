//! The unit directory: merging a duplicate unit into another and keeping contacts. Both are
//! logged and undoable.

use serde::Serialize;

use crate::store::{Change, Store, UnitMerge};
use crate::{Error, Result};

/// What a merge did.
#[derive(Debug, Clone, Serialize)]
pub struct MergeReport {
    /// The unit merged away.
    pub source: String,
    /// The unit it now belongs to.
    pub target: String,
    /// Spellings that moved (now aliases of the target).
    pub aliases_moved: usize,
    /// Task links that moved.
    pub tasks_moved: usize,
    /// The change-log batch (undo target).
    pub batch_id: i64,
}

/// Merges unit `source_id` into `target_id` (a duplicate spelling of the same body): its names
/// become aliases of the target, its tasks, rounds and returns the target's.
pub fn merge_units(store: &mut Store, source_id: i64, target_id: i64) -> Result<MergeReport> {
    if source_id == target_id {
        return Err(Error::BadEdit("不能把单位合并到它自己；请选择另一个单位".into()));
    }
    let target = store
        .read()
        .unit_name(target_id)
        .map_err(|_| Error::BadEdit(format!("要并入的单位（编号 {target_id}）不存在；请刷新单位名录后重试")))?;
    store.write(|w| {
        let merged: UnitMerge = w.merge_unit(source_id, target_id)?;
        let summary = format!("把单位“{}”合并到“{target}”", merged.name);
        let batch_id = w.begin_batch("merge", "手工合并", None, &summary)?;
        w.record_change(
            batch_id,
            &Change {
                entity: "unit_merge".into(),
                entity_id: source_id,
                field: Some(target_id.to_string()),
                old_value: Some(serde_json::to_string(&merged).unwrap_or_default()),
                new_value: Some(target.clone()),
            },
        )?;
        Ok(MergeReport {
            source: merged.name.clone(),
            target: target.clone(),
            aliases_moved: merged.alias_keys.len(),
            tasks_moved: merged.task_links.iter().filter(|l| l.4).count(),
            batch_id,
        })
    })
}

/// Sets a unit's 联系人 and 电话 (blank clears); returns the change-log batch.
pub fn set_unit_contact(store: &mut Store, unit_id: i64, contact: &str, phone: &str) -> Result<i64> {
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let (contact, phone) = (clean(contact), clean(phone));
    store.write(|w| {
        let old = w.set_unit_contact(unit_id, contact.as_deref(), phone.as_deref())?;
        let name = w.unit_name(unit_id)?;
        let batch_id = w.begin_batch("contact", "手工修改", None, &format!("修改“{name}”的联系人和电话"))?;
        w.record_change(
            batch_id,
            &Change {
                entity: "unit".into(),
                entity_id: unit_id,
                field: Some("contact".into()),
                old_value: Some(serde_json::to_string(&old).unwrap_or_default()),
                new_value: Some(serde_json::to_string(&(contact, phone)).unwrap_or_default()),
            },
        )?;
        Ok(batch_id)
    })
}
