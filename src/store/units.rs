//! SQL for units, their aliases and their links to tasks.

use rusqlite::params;

use super::{now, Reader, Writer};
use crate::Result;

/// A unit as the resolver sees it: one row per spelling.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    /// The normalised spelling.
    pub key: String,
    /// The unit's id.
    pub unit_id: i64,
    /// The unit's canonical name.
    pub name: String,
    /// Whether the unit is in the directory (shipped or confirmed) rather than first seen in
    /// an import.
    pub confirmed: bool,
}

impl Reader<'_> {
    /// Every spelling of every unit.
    pub fn unit_aliases(&self) -> Result<Vec<UnitRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.key, u.id, u.name, u.confirmed FROM unit_aliases a JOIN units u ON u.id = a.unit_id ORDER BY u.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(UnitRow { key: r.get(0)?, unit_id: r.get(1)?, name: r.get(2)?, confirmed: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Reader<'_> {
    /// A unit's canonical name.
    pub fn unit_name(&self, unit_id: i64) -> Result<String> {
        Ok(self.conn.query_row("SELECT name FROM units WHERE id = ?1", [unit_id], |r| r.get(0))?)
    }
}

impl Writer<'_> {
    /// Adds a unit first seen in an import (unconfirmed) with its spelling, and returns its id.
    pub fn insert_unit(&self, name: &str, key: &str) -> Result<i64> {
        self.conn
            .execute("INSERT INTO units (name, confirmed, created_at) VALUES (?1, 0, ?2)", params![name, now()])?;
        let id = self.conn.last_insert_rowid();
        self.conn
            .execute("INSERT INTO unit_aliases (key, alias, unit_id) VALUES (?1, ?2, ?3)", params![key, name, id])?;
        Ok(id)
    }

    /// Links a unit to a task in a role ("lead" or "co"); returns false when the link existed.
    pub fn link_unit(&self, task_id: i64, unit_id: i64, role: &str, position: usize, raw_name: &str) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO task_units (task_id, unit_id, role, position, raw_name) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![task_id, unit_id, role, position as i64, raw_name])?;
        Ok(n > 0)
    }

    /// Removes a unit's link to a task in a role (used by undo).
    pub fn unlink_unit(&self, task_id: i64, unit_id: i64, role: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM task_units WHERE task_id = ?1 AND unit_id = ?2 AND role = ?3",
            params![task_id, unit_id, role],
        )?;
        Ok(())
    }

    /// Deletes a unconfirmed unit that no task refers to any more; returns whether it was deleted.
    pub fn delete_unit_if_unused(&self, unit_id: i64) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM units WHERE id = ?1 AND confirmed = 0
               AND NOT EXISTS (SELECT 1 FROM task_units WHERE unit_id = ?1)",
            [unit_id],
        )?;
        Ok(n > 0)
    }
}
