//! SQL for correcting a task's own fields by hand (its measure text, deadline and units), keeping
//! the task row and its original cell in step.

use rusqlite::{params, OptionalExtension};

use super::{Reader, Writer};
use crate::dates::Deadline;
use crate::model::Field;
use crate::{Error, Result};

impl Reader<'_> {
    /// The year of the ledger a task belongs to (for reading its deadline text).
    pub fn task_anchor_year(&self, task_id: i64) -> Result<Option<i32>> {
        self.conn
            .query_row(
                "SELECT l.anchor_year FROM tasks t JOIN sheets s ON s.id = t.sheet_id JOIN ledgers l ON l.id = s.ledger_id
                 WHERE t.id = ?1",
                [task_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::TaskNotFound(task_id))
    }

    /// A task's unit links: (unit id, role, position, name as written), lead first.
    pub fn task_links(&self, task_id: i64) -> Result<Vec<(i64, String, i64, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT unit_id, role, position, raw_name FROM task_units WHERE task_id = ?1 ORDER BY role DESC, position",
        )?;
        let rows = stmt.query_map([task_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The position after a task's last link in a role.
    pub fn next_link_position(&self, task_id: i64, role: &str) -> Result<usize> {
        let max: Option<i64> = self.conn.query_row(
            "SELECT MAX(position) FROM task_units WHERE task_id = ?1 AND role = ?2",
            params![task_id, role],
            |r| r.get(0),
        )?;
        Ok(max.map_or(0, |m| usize::try_from(m + 1).unwrap_or(0)))
    }

    /// The position of the task's cell holding `field` (the last such column for the measure,
    /// the first for others, as the importer reads them).
    fn field_position(&self, task_id: i64, field: Field) -> Result<Option<u32>> {
        let columns = self.task_columns(task_id)?;
        let mut of_field = columns.iter().filter(|c| c.field == field).map(|c| c.index);
        Ok(if field == Field::Measure { of_field.next_back() } else { of_field.next() })
    }
}

impl Writer<'_> {
    /// Sets a task's measure text (and its measure cell); returns the previous text.
    pub fn set_task_measure(&self, task_id: i64, text: &str) -> Result<String> {
        let old: String = self
            .conn
            .query_row("SELECT measure FROM tasks WHERE id = ?1", [task_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::TaskNotFound(task_id))?;
        self.conn.execute("UPDATE tasks SET measure = ?1 WHERE id = ?2", params![text, task_id])?;
        if let Some(position) = self.field_position(task_id, Field::Measure)? {
            self.set_task_cell(task_id, position, text)?;
        }
        Ok(old)
    }

    /// Sets a task's deadline (and its deadline cell to the raw text); returns the previous raw
    /// text.
    pub fn set_task_deadline(&self, task_id: i64, deadline: &Deadline) -> Result<String> {
        let old: String = self
            .conn
            .query_row("SELECT deadline_json FROM tasks WHERE id = ?1", [task_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::TaskNotFound(task_id))?;
        let old = serde_json::from_str::<Deadline>(&old).map(|d| d.raw).unwrap_or_default();
        let json = serde_json::to_string(deadline).unwrap_or_else(|_| "{}".into());
        let due = deadline.due.map(|d| d.format("%Y-%m-%d").to_string());
        self.conn.execute(
            "UPDATE tasks SET deadline_json = ?1, deadline_due = ?2 WHERE id = ?3",
            params![json, due, task_id],
        )?;
        if let Some(position) = self.field_position(task_id, Field::Deadline)? {
            self.set_task_cell(task_id, position, &deadline.raw)?;
        }
        Ok(old)
    }
}
