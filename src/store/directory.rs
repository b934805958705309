//! SQL for the unit directory page and the unit pickers: every unit with its spellings, how many
//! tasks name it, and its contact; merging a duplicate into another unit, and back (undo).

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Reader, Writer};
use crate::{Error, Result};

/// A unit as the directory lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitEntry {
    /// The unit's id.
    pub unit_id: i64,
    /// Its canonical name.
    pub name: String,
    /// Its other spellings (the canonical name left out), in the order they were added.
    pub aliases: Vec<String>,
    /// Whether it is in the directory (shipped or confirmed) rather than first seen in an import.
    pub confirmed: bool,
    /// How many tasks (of every ledger) name it, as lead or co-operating unit.
    pub task_count: i64,
    /// Of those, how many as lead unit.
    pub lead_count: i64,
    /// 联系人, when known.
    pub contact: Option<String>,
    /// 电话, when known.
    pub phone: Option<String>,
}

impl Reader<'_> {
    /// Every unit, by name, with its aliases and task counts.
    pub fn unit_directory(&self) -> Result<Vec<UnitEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT u.id, u.name, u.confirmed, u.contact, u.phone,
                    (SELECT COUNT(DISTINCT task_id) FROM task_units WHERE unit_id = u.id),
                    (SELECT COUNT(*) FROM task_units WHERE unit_id = u.id AND role = 'lead'),
                    (SELECT json_group_array(alias) FROM
                        (SELECT alias FROM unit_aliases WHERE unit_id = u.id AND alias <> u.name ORDER BY rowid))
             FROM units u ORDER BY u.name",
        )?;
        let rows = stmt.query_map([], |r| {
            let aliases: String = r.get(7)?;
            Ok(UnitEntry {
                unit_id: r.get(0)?,
                name: r.get(1)?,
                confirmed: r.get(2)?,
                contact: r.get(3)?,
                phone: r.get(4)?,
                task_count: r.get(5)?,
                lead_count: r.get(6)?,
                aliases: serde_json::from_str(&aliases).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Everything a merge moved from one unit to another, kept (as JSON in the change log) so the
/// merge can be undone exactly.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct UnitMerge {
    /// The unit merged away (deleted).
    pub source_id: i64,
    /// The unit it was merged into.
    pub target_id: i64,
    /// The source's name.
    pub name: String,
    /// Whether the source was confirmed.
    pub confirmed: bool,
    /// The source's 联系人.
    pub contact: Option<String>,
    /// The source's 电话.
    pub phone: Option<String>,
    /// When the source was first added.
    pub created_at: String,
    /// The normalised spellings moved to the target.
    pub alias_keys: Vec<String>,
    /// The source's task links: (task, role, position, raw name, moved); `moved` is false when
    /// the target already had that link, so the source's was dropped.
    pub task_links: Vec<(i64, String, i64, String, bool)>,
    /// The rounds sent to the source: (round, file name, exported at, moved).
    pub round_links: Vec<(i64, String, String, bool)>,
    /// The returns the source sent, now the target's. Where both had reported a task in a round,
    /// the value from the newer file counts from then on (see `CURRENT_VALUE`): nothing else
    /// changes, so moving them back undoes the merge.
    pub return_ids: Vec<i64>,
}

impl Writer<'_> {
    /// Merges unit `source_id` into `target_id`: its spellings, task links, rounds and returns
    /// become the target's and the source is deleted. Returns what moved (for undo).
    pub fn merge_unit(&self, source_id: i64, target_id: i64) -> Result<UnitMerge> {
        let (name, confirmed, contact, phone, created_at) = self
            .conn
            .query_row(
                "SELECT name, confirmed, contact, phone, created_at FROM units WHERE id = ?1",
                [source_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?
            .ok_or_else(|| Error::BadEdit(format!("单位编号 {source_id} 不存在；请刷新单位名录后重试")))?;
        let alias_keys = self.strings("SELECT key FROM unit_aliases WHERE unit_id = ?1 ORDER BY rowid", source_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT task_id, role, position, raw_name,
                    NOT EXISTS (SELECT 1 FROM task_units o WHERE o.task_id = tu.task_id AND o.role = tu.role AND o.unit_id = ?2)
             FROM task_units tu WHERE unit_id = ?1 ORDER BY task_id, role",
        )?;
        let task_links = stmt
            .query_map(params![source_id, target_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT round_id, file_name, exported_at,
                    NOT EXISTS (SELECT 1 FROM round_units o WHERE o.round_id = ru.round_id AND o.unit_id = ?2)
             FROM round_units ru WHERE unit_id = ?1 ORDER BY round_id",
        )?;
        let round_links = stmt
            .query_map(params![source_id, target_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let return_ids = self
            .strings("SELECT CAST(id AS TEXT) FROM returns WHERE unit_id = ?1 ORDER BY id", source_id)?
            .iter()
            .filter_map(|id| id.parse().ok())
            .collect();
        let ids = params![source_id, target_id];
        self.conn.execute("UPDATE unit_aliases SET unit_id = ?2 WHERE unit_id = ?1", ids)?;
        self.conn.execute("UPDATE OR IGNORE task_units SET unit_id = ?2 WHERE unit_id = ?1", ids)?;
        self.conn.execute("DELETE FROM task_units WHERE unit_id = ?1", [source_id])?;
        self.conn.execute("UPDATE OR IGNORE round_units SET unit_id = ?2 WHERE unit_id = ?1", ids)?;
        self.conn.execute("DELETE FROM round_units WHERE unit_id = ?1", [source_id])?;
        self.conn.execute("UPDATE returns SET unit_id = ?2 WHERE unit_id = ?1", ids)?;
        self.conn.execute("DELETE FROM units WHERE id = ?1", [source_id])?;
        Ok(UnitMerge {
            source_id,
            target_id,
            name,
            confirmed,
            contact,
            phone,
            created_at,
            alias_keys,
            task_links,
            round_links,
            return_ids,
        })
    }

    /// Reverts [`Writer::merge_unit`]: recreates the source unit with its id and moves back what
    /// the merge moved.
    pub fn unmerge_unit(&self, m: &UnitMerge) -> Result<()> {
        self.conn.execute(
            "INSERT INTO units (id, name, confirmed, contact, phone, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![m.source_id, m.name, m.confirmed, m.contact, m.phone, m.created_at],
        )?;
        for key in &m.alias_keys {
            self.conn.execute("UPDATE unit_aliases SET unit_id = ?2 WHERE key = ?1", params![key, m.source_id])?;
        }
        for (task_id, role, position, raw_name, moved) in &m.task_links {
            if *moved {
                self.conn.execute(
                    "DELETE FROM task_units WHERE task_id = ?1 AND role = ?2 AND unit_id = ?3",
                    params![task_id, role, m.target_id],
                )?;
            }
            self.conn.execute(
                "INSERT INTO task_units (task_id, unit_id, role, position, raw_name) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![task_id, m.source_id, role, position, raw_name],
            )?;
        }
        for (round_id, file_name, exported_at, moved) in &m.round_links {
            if *moved {
                self.conn.execute(
                    "DELETE FROM round_units WHERE round_id = ?1 AND unit_id = ?2",
                    params![round_id, m.target_id],
                )?;
            }
            self.conn.execute(
                "INSERT INTO round_units (round_id, unit_id, file_name, exported_at) VALUES (?1, ?2, ?3, ?4)",
                params![round_id, m.source_id, file_name, exported_at],
            )?;
        }
        for id in &m.return_ids {
            self.conn.execute("UPDATE returns SET unit_id = ?2 WHERE id = ?1", params![id, m.source_id])?;
        }
        Ok(())
    }

    /// Sets a unit's 联系人 and 电话 (None clears); returns the previous pair.
    pub fn set_unit_contact(
        &self,
        unit_id: i64,
        contact: Option<&str>,
        phone: Option<&str>,
    ) -> Result<(Option<String>, Option<String>)> {
        let old = self
            .conn
            .query_row("SELECT contact, phone FROM units WHERE id = ?1", [unit_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::BadEdit(format!("单位编号 {unit_id} 不存在；请刷新单位名录后重试")))?;
        self.conn
            .execute("UPDATE units SET contact = ?2, phone = ?3 WHERE id = ?1", params![unit_id, contact, phone])?;
        Ok(old)
    }
}

impl Reader<'_> {
    /// Whether a unit with this id exists (it may have been merged into another).
    pub fn unit_exists(&self, unit_id: i64) -> Result<bool> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM units WHERE id = ?1)", [unit_id], |r| r.get(0))?)
    }

    fn strings(&self, sql: &str, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
