//! Editing a task by hand: its status, the text of a fill-in column, or — to correct what an
//! import read, e.g. from a policy document — its measure text and deadline. Logged and undoable.

use serde::{Deserialize, Serialize};

use crate::dates::Deadline;
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
    /// Correct the measure text.
    Measure {
        /// The new text.
        text: String,
    },
    /// Correct the deadline text; it is read again with the ledger's year.
    Deadline {
        /// The new text ("2024年底前", "三年内").
        text: String,
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
            TaskEdit::Measure { text } => {
                if text.trim().is_empty() {
                    return Err(Error::BadEdit("工作措施不能为空".into()));
                }
                let old = w.set_task_measure(task_id, text.trim())?;
                ("measure".to_string(), Some(old), Some(text.trim().to_string()))
            }
            TaskEdit::Deadline { text } => {
                let deadline = Deadline::parse(text.trim(), w.task_anchor_year(task_id)?);
                let old = w.set_task_deadline(task_id, &deadline)?;
                ("deadline".to_string(), Some(old), Some(deadline.raw))
            }
        };
        if old == new {
            return Ok(None);
        }
        let what = match field.as_str() {
            "status" => "状态",
            "measure" => "工作措施",
            "deadline" => "完成时限",
            _ => "填报内容",
        };
        let summary = format!("修改任务 {task_id} 的{what}");
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
    } else if field == "measure" {
        w.set_task_measure(task_id, value.unwrap_or_default())?;
    } else if field == "deadline" {
        w.set_task_deadline(task_id, &Deadline::parse(value.unwrap_or_default(), w.task_anchor_year(task_id)?))?;
    } else if let Some(column) = field.strip_prefix("cell:").and_then(|c| c.parse().ok()) {
        w.set_task_cell(task_id, column, value.unwrap_or_default())?;
    }
    Ok(())
}
