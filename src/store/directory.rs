//! SQL for the unit directory page and the unit pickers: every unit with its spellings, how many
//! tasks name it, and its contact.

use serde::Serialize;

use super::Reader;
use crate::Result;

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
