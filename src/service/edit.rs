//! Editing a task by hand: its status or the text of a fill-in column. Logged and undoable.

use serde::{Deserialize, Serialize};

use crate::model::{Field, TASK_STATUSES};
use crate::store::{Change, Store, Writer};
use crate::{Error, Result};

/// What to change on a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskEdit {
    /// Set the status (one of [`TASK_STATUSES`]) or clear it with `None`.
    Status {
        /// The new status.
        status: Option<String>,
    },
    /// Set the text of a fill-in cell, by column position (0-based).
    Cell {
        /// The column.
        column: u32,
        /// The new text.
        value: String,
    },
}

/// The change-log entity field name for a cell edit.
fn cell_field(column: u32) -> String {
    format!("cell:{column}")
}

/// Applies an edit in one transaction, recording it with `source` (e.g. "手工修改"); returns the
/// change-log batch id. Editing to the current value records nothing and returns `None`.
pub fn edit_task(store: &mut Store, task_id: i64, edit: &TaskEdit, source: &str) -> Result<Option<i64>> {
    store.write(|w| {
        let (field, old, new) = match edit {
            TaskEdit::Status { status } => {
                if let Some(s) = status.as_deref().filter(|s| !TASK_STATUSES.contains(s)) {
                    return Err(Error::BadEdit(format!("状态“{s}”不是可选的状态（{}）", TASK_STATUSES.join("、"))));
                }
                let old = w.set_task_status(task_id, status.as_deref())?;
                ("status".to_string(), old, status.clone())
            }
            TaskEdit::Cell { column, value } => {
                let columns = w.task_columns(task_id)?;
                let col = columns
                    .iter()
                    .find(|c| c.index == *column)
                    .ok_or_else(|| Error::BadEdit(format!("任务所在的工作表没有第 {} 列", column + 1)))?;
                if !col.field.is_fill_in() && col.field != Field::Other {
                    return Err(Error::BadEdit(format!(
                        "“{}”列来自原台账，不能在这里修改；只有进展情况等填报列可以修改",
                        col.header
                    )));
                }
                let old = w.set_task_cell(task_id, *column, value)?;
                (cell_field(*column), Some(old), Some(value.clone()))
            }
        };
        if old == new {
            return Ok(None);
        }
        let summary = format!("修改任务 {task_id} 的{}", if field == "status" { "状态" } else { "填报内容" });
        let batch = w.begin_batch("edit", source, None, &summary)?;
        w.record_change(
            batch,
            &Change { entity: "task".into(), entity_id: task_id, field: Some(field), old_value: old, new_value: new },
        )?;
        Ok(Some(batch))
    })
}

/// Puts a task field back to `value` (used by undo).
pub(crate) fn restore_task_field(w: &Writer<'_>, task_id: i64, field: &str, value: Option<&str>) -> Result<()> {
    if field == "status" {
        w.set_task_status(task_id, value)?;
    } else if let Some(column) = field.strip_prefix("cell:").and_then(|c| c.parse().ok()) {
        w.set_task_cell(task_id, column, value.unwrap_or_default())?;
    }
    Ok(())
}
