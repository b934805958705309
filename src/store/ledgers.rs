//! SQL for ledgers, their sheets, columns and tasks.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension};

use super::{new_uuid, now, Reader, Writer};
use crate::dates::Deadline;
use crate::model::{ColumnMapping, Field, LedgerSummary, TaskView};
use crate::workbook::SheetLayout;
use crate::{Error, Result};

/// A task as a collect compares returned rows with it ([`Reader::task_texts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskTexts {
    /// The task's id.
    pub task_id: i64,
    /// The worksheet it comes from.
    pub sheet: String,
    /// The sequence label, as text.
    pub seq: String,
    /// The measure text.
    pub measure: String,
    /// The current status, when set.
    pub status: Option<String>,
    /// The text of every original cell, as [`TaskView::cells`] orders them (a column's
    /// [`ColumnMapping::index`] is its place here).
    pub cells: Vec<String>,
}

/// A ledger about to be stored.
pub struct NewLedger<'a> {
    /// The ledger's title.
    pub title: &'a str,
    /// The file it comes from.
    pub source_file: &'a str,
    /// SHA-256 of that file.
    pub source_sha256: &'a str,
    /// The year used to read month-only deadlines.
    pub anchor_year: Option<i32>,
}

/// A sheet about to be stored: its place, texts, layout and columns.
pub struct NewSheet<'a> {
    /// Its position among the workbook's sheets (zero-based).
    pub position: u32,
    /// The worksheet's name.
    pub name: &'a str,
    /// The 附件 label above the title.
    pub label: Option<&'a str>,
    /// The sheet's title.
    pub title: Option<&'a str>,
    /// The layout to write it back.
    pub layout: &'a SheetLayout,
    /// How each column was understood.
    pub columns: &'a [ColumnMapping],
}

/// A task about to be stored.
pub struct NewTask<'a> {
    /// Its position within the sheet.
    pub position: u32,
    /// The row it was read from (1-based).
    pub source_row: u32,
    /// The sequence label.
    pub seq: &'a str,
    /// The category path.
    pub category: &'a [String],
    /// The measure text.
    pub measure: &'a str,
    /// The deadline, raw and read.
    pub deadline: &'a Deadline,
    /// Every cell, by column position.
    pub cells: Vec<&'a str>,
}

/// Lead and co-operating unit names of one task.
type RoleNames = (Vec<String>, Vec<String>);

impl Reader<'_> {
    /// The ledger imported from a file with this SHA-256, if any.
    pub fn ledger_by_hash(&self, sha256: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM ledgers WHERE source_sha256 = ?1 ORDER BY id LIMIT 1", [sha256], |r| r.get(0))
            .optional()?)
    }

    /// Fails with [`Error::LedgerNotFound`] unless the ledger exists.
    pub fn require_ledger(&self, ledger_id: i64) -> Result<()> {
        let found: Option<i64> =
            self.conn.query_row("SELECT id FROM ledgers WHERE id = ?1", [ledger_id], |r| r.get(0)).optional()?;
        found.map(|_| ()).ok_or(Error::LedgerNotFound(ledger_id))
    }

    /// Whether the database holds any ledger.
    pub fn has_ledger(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM ledgers)", [], |r| r.get(0))?)
    }

    /// Every ledger, oldest first, with its sheet and task counts.
    pub fn ledgers(&self) -> Result<Vec<LedgerSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT l.id, l.title, l.source_file, l.anchor_year, l.imported_at,
                    (SELECT COUNT(*) FROM sheets s WHERE s.ledger_id = l.id),
                    (SELECT COUNT(*) FROM tasks t JOIN sheets s ON s.id = t.sheet_id WHERE s.ledger_id = l.id)
             FROM ledgers l ORDER BY l.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LedgerSummary {
                ledger_id: r.get(0)?,
                title: r.get(1)?,
                source_file: r.get(2)?,
                anchor_year: r.get(3)?,
                imported_at: r.get(4)?,
                sheet_count: r.get(5)?,
                task_count: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The column mappings of each sheet of a ledger, by sheet name, in sheet order.
    pub fn sheet_columns(&self, ledger_id: i64) -> Result<Vec<(String, Vec<ColumnMapping>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.name, c.position, c.letter, c.header, c.field
             FROM sheets s JOIN sheet_columns c ON c.sheet_id = s.id
             WHERE s.ledger_id = ?1 ORDER BY s.position, c.position",
        )?;
        let mut out: Vec<(String, Vec<ColumnMapping>)> = Vec::new();
        let mut rows = stmt.query([ledger_id])?;
        while let Some(r) = rows.next()? {
            let sheet: String = r.get(0)?;
            let field: String = r.get(4)?;
            let column = ColumnMapping {
                index: r.get(1)?,
                letter: r.get(2)?,
                header: r.get(3)?,
                field: Field::from_name(&field).unwrap_or(Field::Other),
            };
            match out.last_mut() {
                Some((name, cols)) if *name == sheet => cols.push(column),
                _ => out.push((sheet, vec![column])),
            }
        }
        Ok(out)
    }

    /// Every task of a ledger in ledger order (sheet by sheet, row by row).
    pub fn tasks(&self, ledger_id: i64) -> Result<Vec<TaskView>> {
        self.require_ledger(ledger_id)?;
        self.task_views(ledger_id, None)
    }

    /// The tasks of a ledger in ledger order: all of them, or those whose ids are in `only` (a
    /// JSON array of ids, read with `json_each`).
    pub(super) fn task_views(&self, ledger_id: i64, only: Option<&str>) -> Result<Vec<TaskView>> {
        let mut units = self.task_unit_names(ledger_id, only)?;
        let columns = self.cell_keys(ledger_id)?;
        let mut indicators: HashMap<i64, Vec<_>> = HashMap::new();
        for i in self.task_indicators(ledger_id, only)? {
            if let Some(task_id) = i.task_id {
                indicators.entry(task_id).or_default().push(i);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, s.name, t.source_row, t.seq, t.category_json, t.measure, t.deadline_json, t.status,
                    t.sheet_id, t.cells_json
             FROM tasks t JOIN sheets s ON s.id = t.sheet_id
             WHERE s.ledger_id = ?1 AND (?2 IS NULL OR t.id IN (SELECT value FROM json_each(?2)))
             ORDER BY s.position, t.position",
        )?;
        let mut rows = stmt.query(params![ledger_id, only])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let task_id: i64 = r.get(0)?;
            let category: String = r.get(4)?;
            let deadline: String = r.get(6)?;
            let sheet_id: i64 = r.get(8)?;
            let cells: String = r.get(9)?;
            let (lead_units, co_units) = units.remove(&task_id).unwrap_or_default();
            out.push(TaskView {
                task_id,
                sheet: r.get(1)?,
                source_row: r.get(2)?,
                seq: r.get(3)?,
                category: serde_json::from_str(&category).unwrap_or_default(),
                measure: r.get(5)?,
                lead_units,
                co_units,
                deadline: serde_json::from_str(&deadline).unwrap_or_else(|_| Deadline::parse("", None)),
                status: r.get(7)?,
                cells: keyed_cells(columns.get(&sheet_id).map_or(&[][..], Vec::as_slice), &cells),
                indicators: indicators.remove(&task_id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// What a collect compares returned rows with, for every task of a ledger in ledger order:
    /// far less than [`Reader::tasks`] holds (no units, indicators, deadline or keyed cells).
    pub fn task_texts(&self, ledger_id: i64) -> Result<Vec<TaskTexts>> {
        let columns = self.cell_keys(ledger_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, s.name, t.seq, t.measure, t.status, t.sheet_id, t.cells_json
             FROM tasks t JOIN sheets s ON s.id = t.sheet_id
             WHERE s.ledger_id = ?1 ORDER BY s.position, t.position",
        )?;
        let mut rows = stmt.query([ledger_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let sheet_id: i64 = r.get(5)?;
            let cells: String = r.get(6)?;
            out.push(TaskTexts {
                task_id: r.get(0)?,
                sheet: r.get(1)?,
                seq: r.get(2)?,
                measure: r.get(3)?,
                status: r.get(4)?,
                cells: cell_texts(columns.get(&sheet_id).map_or(&[][..], Vec::as_slice), &cells),
            });
        }
        Ok(out)
    }

    /// The columns of the sheet a task belongs to.
    pub fn task_columns(&self, task_id: i64) -> Result<Vec<ColumnMapping>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.position, c.letter, c.header, c.field FROM tasks t
             JOIN sheet_columns c ON c.sheet_id = t.sheet_id WHERE t.id = ?1 ORDER BY c.position",
        )?;
        let rows = stmt.query_map([task_id], |r| {
            let field: String = r.get(3)?;
            Ok(ColumnMapping {
                index: r.get(0)?,
                letter: r.get(1)?,
                header: r.get(2)?,
                field: Field::from_name(&field).unwrap_or(Field::Other),
            })
        })?;
        let columns: Vec<ColumnMapping> = rows.collect::<rusqlite::Result<_>>()?;
        if columns.is_empty() {
            return Err(Error::TaskNotFound(task_id));
        }
        Ok(columns)
    }

    /// Lead and co-operating unit names per task (of the tasks in `only`, a JSON array of ids,
    /// when given).
    fn task_unit_names(&self, ledger_id: i64, only: Option<&str>) -> Result<HashMap<i64, RoleNames>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT tu.task_id, tu.role, u.name
             FROM task_units tu JOIN units u ON u.id = tu.unit_id
             JOIN tasks t ON t.id = tu.task_id JOIN sheets s ON s.id = t.sheet_id
             WHERE s.ledger_id = ?1 AND (?2 IS NULL OR tu.task_id IN (SELECT value FROM json_each(?2)))
             ORDER BY tu.task_id, tu.position",
        )?;
        let mut out: HashMap<i64, RoleNames> = HashMap::new();
        let mut rows = stmt.query(params![ledger_id, only])?;
        while let Some(r) = rows.next()? {
            let entry = out.entry(r.get(0)?).or_default();
            let role: String = r.get(1)?;
            if role == "lead" { &mut entry.0 } else { &mut entry.1 }.push(r.get(2)?);
        }
        Ok(out)
    }

    /// Per sheet of a ledger, the key of each column position in [`TaskView::cells`]: the
    /// header, "（G列）" for a blank header, "表头（G列）" for a header met before in the sheet.
    fn cell_keys(&self, ledger_id: i64) -> Result<HashMap<i64, Vec<Option<String>>>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.sheet_id, c.position, c.header, c.letter
             FROM sheet_columns c JOIN sheets s ON s.id = c.sheet_id
             WHERE s.ledger_id = ?1 ORDER BY c.sheet_id, c.position",
        )?;
        let mut out: HashMap<i64, Vec<Option<String>>> = HashMap::new();
        let mut seen: HashMap<i64, HashSet<String>> = HashMap::new();
        let mut rows = stmt.query([ledger_id])?;
        while let Some(r) = rows.next()? {
            let sheet_id: i64 = r.get(0)?;
            let position = r.get::<_, u32>(1)? as usize;
            let header: String = r.get(2)?;
            let letter: String = r.get(3)?;
            let seen = seen.entry(sheet_id).or_default();
            let key = if header.trim().is_empty() {
                format!("（{letter}列）")
            } else if seen.contains(&header) {
                format!("{header}（{letter}列）")
            } else {
                header
            };
            seen.insert(key.clone());
            let keys = out.entry(sheet_id).or_default();
            if keys.len() <= position {
                keys.resize(position + 1, None);
            }
            keys[position] = Some(key);
        }
        Ok(out)
    }
}

/// A task's cell texts in the order of [`keyed_cells`]' values: a position without a column
/// is left out, and a key met again replaces the text of its first place.
fn cell_texts(keys: &[Option<String>], cells_json: &str) -> Vec<String> {
    let cells: Vec<String> = serde_json::from_str(cells_json).unwrap_or_default();
    let mut seen: Vec<&str> = Vec::with_capacity(keys.len());
    let mut out: Vec<String> = Vec::with_capacity(keys.len().min(cells.len()));
    for (key, text) in keys.iter().zip(cells) {
        let Some(key) = key.as_deref() else { continue };
        match seen.iter().position(|k| *k == key) {
            Some(place) => out[place] = text,
            None => {
                seen.push(key);
                out.push(text);
            }
        }
    }
    out
}

/// A task's cells (a JSON array of texts by column position) keyed as [`Reader::cell_keys`]
/// says, in column order; a position without a column is left out.
fn keyed_cells(keys: &[Option<String>], cells_json: &str) -> serde_json::Map<String, serde_json::Value> {
    let cells: Vec<String> = serde_json::from_str(cells_json).unwrap_or_default();
    keys.iter().zip(cells).filter_map(|(key, text)| Some((key.clone()?, serde_json::Value::String(text)))).collect()
}

impl Writer<'_> {
    /// Stores a ledger row and returns its id.
    pub fn insert_ledger(&self, ledger: &NewLedger<'_>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO ledgers (title, source_file, source_sha256, anchor_year, imported_at, uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ledger.title, ledger.source_file, ledger.source_sha256, ledger.anchor_year, now(), new_uuid()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Stores a sheet with its layout and column mapping and returns its id.
    pub fn insert_sheet(&self, ledger_id: i64, sheet: &NewSheet<'_>) -> Result<i64> {
        let layout_json = serde_json::to_string(&sheet.layout).unwrap_or_else(|_| "{}".into());
        self.conn.execute(
            "INSERT INTO sheets (ledger_id, position, name, label, title, layout_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ledger_id, sheet.position, sheet.name, sheet.label, sheet.title, layout_json],
        )?;
        let sheet_id = self.conn.last_insert_rowid();
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO sheet_columns (sheet_id, position, letter, header, field) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for c in sheet.columns {
            stmt.execute(params![sheet_id, c.index, c.letter, c.header, c.field.key()])?;
        }
        Ok(sheet_id)
    }

    /// Stores a task with its cells and returns its id.
    pub fn insert_task(&self, sheet_id: i64, task: &NewTask<'_>) -> Result<i64> {
        let category = serde_json::to_string(task.category).unwrap_or_else(|_| "[]".into());
        let deadline = serde_json::to_string(task.deadline).unwrap_or_else(|_| "{}".into());
        let cells = serde_json::to_string(&task.cells).unwrap_or_else(|_| "[]".into());
        let due = task.deadline.due.map(|d| d.format("%Y-%m-%d").to_string());
        self.conn
            .prepare_cached(
                "INSERT INTO tasks (sheet_id, position, source_row, seq, category_json, measure, deadline_json,
                                    deadline_due, cells_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                sheet_id,
                task.position,
                task.source_row,
                task.seq,
                category,
                task.measure,
                deadline,
                due,
                cells
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Sets a task's status (`None` clears it) and returns the previous one.
    pub fn set_task_status(&self, task_id: i64, status: Option<&str>) -> Result<Option<String>> {
        let old: Option<String> = self
            .conn
            .query_row("SELECT status FROM tasks WHERE id = ?1", [task_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::TaskNotFound(task_id))?;
        self.conn.execute("UPDATE tasks SET status = ?1 WHERE id = ?2", params![status, task_id])?;
        Ok(old)
    }

    /// Sets the text of one original cell of a task and returns the previous text.
    pub fn set_task_cell(&self, task_id: i64, position: u32, value: &str) -> Result<String> {
        let cells: String = self
            .conn
            .query_row("SELECT cells_json FROM tasks WHERE id = ?1", [task_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::TaskNotFound(task_id))?;
        let mut cells: Vec<String> = serde_json::from_str(&cells).unwrap_or_default();
        let cell = cells.get_mut(position as usize).ok_or(Error::TaskNotFound(task_id))?;
        let old = std::mem::replace(cell, value.to_string());
        let cells = serde_json::to_string(&cells).unwrap_or_else(|_| "[]".into());
        self.conn.execute("UPDATE tasks SET cells_json = ?1 WHERE id = ?2", params![cells, task_id])?;
        Ok(old)
    }

    /// Deletes a ledger with its sheets, tasks, cells and unit links.
    pub fn delete_ledger(&self, ledger_id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM ledgers WHERE id = ?1", [ledger_id])?;
        Ok(())
    }
}
