//! SQL for reading a known ledger file again (`import --reimport`): the ledger's year, a sheet's
//! column meanings and a task's read fields are replaced in place, so task ids, units, rounds and
//! returns stay as they are.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Writer;
use crate::dates::Deadline;
use crate::model::{ColumnMapping, TaskView};
use crate::{Error, Result};

/// The fields of a task that come from reading its row: what a re-read replaces and its undo
/// puts back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskReading {
    /// The sequence label.
    pub seq: String,
    /// The category path.
    pub category: Vec<String>,
    /// The measure text.
    pub measure: String,
    /// The deadline, raw and read.
    pub deadline: Deadline,
}

impl From<&TaskView> for TaskReading {
    fn from(t: &TaskView) -> TaskReading {
        TaskReading {
            seq: t.seq.clone(),
            category: t.category.clone(),
            measure: t.measure.clone(),
            deadline: t.deadline.clone(),
        }
    }
}

impl Writer<'_> {
    /// Sets the year a ledger's month-only deadlines are read with; returns the previous one.
    pub fn set_ledger_anchor_year(&self, ledger_id: i64, year: Option<i32>) -> Result<Option<i32>> {
        let old: Option<i32> = self
            .conn
            .query_row("SELECT anchor_year FROM ledgers WHERE id = ?1", [ledger_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::LedgerNotFound(ledger_id))?;
        self.conn.execute("UPDATE ledgers SET anchor_year = ?1 WHERE id = ?2", params![year, ledger_id])?;
        Ok(old)
    }

    /// Sets the meaning of each column of a ledger's sheet (by position).
    pub fn set_sheet_columns(&self, ledger_id: i64, sheet: &str, columns: &[ColumnMapping]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE sheet_columns SET header = ?1, field = ?2
             WHERE position = ?3 AND sheet_id = (SELECT id FROM sheets WHERE ledger_id = ?4 AND name = ?5)",
        )?;
        for c in columns {
            stmt.execute(params![c.header, c.field.key(), c.index, ledger_id, sheet])?;
        }
        Ok(())
    }

    /// Replaces a task's read fields (its cells stay: they are the file's own texts).
    pub fn set_task_reading(&self, task_id: i64, reading: &TaskReading) -> Result<()> {
        let category = serde_json::to_string(&reading.category).unwrap_or_else(|_| "[]".into());
        let deadline = serde_json::to_string(&reading.deadline).unwrap_or_else(|_| "{}".into());
        let due = reading.deadline.due.map(|d| d.format("%Y-%m-%d").to_string());
        let changed = self.conn.execute(
            "UPDATE tasks SET seq = ?1, category_json = ?2, measure = ?3, deadline_json = ?4, deadline_due = ?5
             WHERE id = ?6",
            params![reading.seq, category, reading.measure, deadline, due, task_id],
        )?;
        if changed == 0 {
            return Err(Error::TaskNotFound(task_id));
        }
        Ok(())
    }
}
