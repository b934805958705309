//! SQL for reporting rounds, the files sent out, the returns collected and their values.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{new_uuid, now, Reader, Writer};
use crate::model::{ColumnMapping, Field};
use crate::workbook::SheetLayout;
use crate::{Error, Result};

/// A reporting round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundRow {
    /// The round's id.
    pub round_id: i64,
    /// The ledger it belongs to.
    pub ledger_id: i64,
    /// Its label (第6期, 2024年第3季度).
    pub label: String,
    /// The period reported on, when known.
    pub period_start: Option<NaiveDate>,
    /// The period's last day, when known.
    pub period_end: Option<NaiveDate>,
    /// The date returns are due.
    pub due: NaiveDate,
    /// When it was started.
    pub created_at: String,
    /// Its random UUID, written into its unit files.
    pub uuid: String,
}

/// A collected return file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnRow {
    /// The return's id.
    pub return_id: i64,
    /// The unit that sent it.
    pub unit_id: i64,
    /// That unit's name.
    pub unit_name: String,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// How the file was recognised ("identity", "title_line", "content").
    pub identified_by: String,
    /// When it was collected.
    pub received_at: String,
    /// The department's own save time of the file (UTC, "YYYY-MM-DDTHH:MM:SSZ"): which return
    /// counts is decided by it (see [`CURRENT_VALUE`]).
    pub file_time: String,
    /// Where that time came from: "document" (the file's properties), "file" (the file system or
    /// the zip entry) or "collected" (collected before file times were kept).
    pub file_time_source: String,
}

/// The condition, on a reported value `v` of a return `r`, that it is the unit's current value
/// for its task and field in its round: no return of the same unit and round with a newer file
/// time (or, at the same time, collected later) reported that task and field. A return that left
/// a row out leaves the older value of that row current.
pub(super) const CURRENT_VALUE: &str = "NOT EXISTS (
    SELECT 1 FROM reported_values nv JOIN returns nr ON nr.id = nv.return_id
    WHERE nv.task_id = v.task_id AND nv.field = v.field AND nr.round_id = r.round_id AND nr.unit_id = r.unit_id
      AND (nr.file_time > r.file_time OR (nr.file_time = r.file_time AND nr.id > r.id)))";

/// A unit's current value for a task and field in a round, with the return it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentValue {
    /// The task.
    pub task_id: i64,
    /// "status" or "cell:N".
    pub field: String,
    /// The text.
    pub value: String,
    /// The return it comes from.
    pub return_id: i64,
    /// That return's file name.
    pub file_name: String,
    /// That return's file time.
    pub file_time: String,
}

/// A value a unit reported for a task in a round, current by [`CURRENT_VALUE`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedValue {
    /// The round.
    pub round_id: i64,
    /// The task.
    pub task_id: i64,
    /// The unit.
    pub unit_id: i64,
    /// The unit's name.
    pub unit_name: String,
    /// "status" or "cell:N".
    pub field: String,
    /// The text.
    pub value: String,
}

/// The order [`Reader::each_reported_value`] hands values in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueOrder {
    /// Round by round, oldest first; in a round, by the files' save time.
    Rounds,
    /// Cell by cell (task, then field); each cell's values oldest first, as in `Rounds`.
    Cells,
}

/// A ledger sheet as stored: what an exporter needs besides the tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSheet {
    /// The worksheet's name.
    pub name: String,
    /// The 附件 label.
    pub label: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The layout.
    pub layout: SheetLayout,
    /// The columns.
    pub columns: Vec<ColumnMapping>,
}

/// A collected return about to be stored.
pub struct NewReturn<'a> {
    /// The round.
    pub round_id: i64,
    /// The unit that sent it.
    pub unit_id: i64,
    /// The file's name.
    pub file_name: &'a str,
    /// SHA-256 of the file.
    pub sha256: &'a str,
    /// How the file was recognised.
    pub identified_by: &'a str,
    /// The department's save time of the file (UTC, "YYYY-MM-DDTHH:MM:SSZ").
    pub file_time: &'a str,
    /// Where that time came from ("document" or "file").
    pub file_time_source: &'a str,
    /// The change-log batch that applied it.
    pub batch_id: i64,
    /// The collect report, as JSON.
    pub report_json: &'a str,
}

/// A unit's link to a task.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitTask {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub unit_name: String,
    /// The task.
    pub task_id: i64,
    /// "lead" or "co".
    pub role: String,
}

fn date_of(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

fn round_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<RoundRow> {
    Ok(RoundRow {
        round_id: r.get(0)?,
        ledger_id: r.get(1)?,
        label: r.get(2)?,
        period_start: date_of(r.get(3)?),
        period_end: date_of(r.get(4)?),
        due: date_of(r.get(5)?).unwrap_or_default(),
        created_at: r.get(6)?,
        uuid: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
    })
}

const ROUND_COLUMNS: &str = "id, ledger_id, label, period_start, period_end, due, created_at, uuid";

impl Reader<'_> {
    /// A round by id.
    pub fn round(&self, round_id: i64) -> Result<RoundRow> {
        self.conn
            .query_row(&format!("SELECT {ROUND_COLUMNS} FROM rounds WHERE id = ?1"), [round_id], round_of)
            .optional()?
            .ok_or(Error::RoundNotFound(round_id))
    }

    /// A ledger's random UUID, written into its unit files.
    pub fn ledger_uuid(&self, ledger_id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT uuid FROM ledgers WHERE id = ?1", [ledger_id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .map(Option::unwrap_or_default)
            .ok_or(Error::LedgerNotFound(ledger_id))
    }

    /// Every round of a ledger, oldest first.
    pub fn rounds(&self, ledger_id: i64) -> Result<Vec<RoundRow>> {
        let mut stmt =
            self.conn.prepare(&format!("SELECT {ROUND_COLUMNS} FROM rounds WHERE ledger_id = ?1 ORDER BY due, id"))?;
        let rows = stmt.query_map([ledger_id], round_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ledger's title, year and reporting schedule (JSON), for rounds and exports.
    pub fn ledger_info(&self, ledger_id: i64) -> Result<(String, Option<i32>, Option<String>)> {
        self.conn
            .query_row("SELECT title, anchor_year, schedule FROM ledgers WHERE id = ?1", [ledger_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or(Error::LedgerNotFound(ledger_id))
    }

    /// The sheets of a ledger in order, with layout and columns.
    pub fn stored_sheets(&self, ledger_id: i64) -> Result<Vec<StoredSheet>> {
        let columns = self.sheet_columns(ledger_id)?;
        let mut stmt = self
            .conn
            .prepare("SELECT name, label, title, layout_json FROM sheets WHERE ledger_id = ?1 ORDER BY position")?;
        let rows = stmt.query_map([ledger_id], |r| {
            let layout: String = r.get(3)?;
            Ok(StoredSheet {
                name: r.get(0)?,
                label: r.get(1)?,
                title: r.get(2)?,
                layout: serde_json::from_str(&layout).unwrap_or_default(),
                columns: Vec::new(),
            })
        })?;
        let mut sheets: Vec<StoredSheet> = rows.collect::<rusqlite::Result<_>>()?;
        for sheet in &mut sheets {
            sheet.columns =
                columns.iter().find(|(name, _)| *name == sheet.name).map(|(_, c)| c.clone()).unwrap_or_default();
        }
        Ok(sheets)
    }

    /// Every unit–task link of a ledger, in ledger order.
    pub fn unit_tasks(&self, ledger_id: i64) -> Result<Vec<UnitTask>> {
        let mut stmt = self.conn.prepare(
            "SELECT u.id, u.name, t.id, tu.role FROM task_units tu
             JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id JOIN sheets s ON s.id = t.sheet_id
             WHERE s.ledger_id = ?1 ORDER BY s.position, t.position, tu.role DESC, tu.position",
        )?;
        let rows = stmt.query_map([ledger_id], |r| {
            Ok(UnitTask { unit_id: r.get(0)?, unit_name: r.get(1)?, task_id: r.get(2)?, role: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The units a round's files were sent to: (unit id, name, file name).
    pub fn round_units(&self, round_id: i64) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT u.id, u.name, ru.file_name FROM round_units ru JOIN units u ON u.id = ru.unit_id
             WHERE ru.round_id = ?1 ORDER BY ru.rowid",
        )?;
        let rows = stmt.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every return of a round, oldest first.
    pub fn returns(&self, round_id: i64) -> Result<Vec<ReturnRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, r.unit_id, u.name, r.file_name, r.sha256, r.identified_by, r.received_at, r.file_time,
                    r.file_time_source
             FROM returns r JOIN units u ON u.id = r.unit_id WHERE r.round_id = ?1 ORDER BY r.id",
        )?;
        let rows = stmt.query_map([round_id], |r| {
            Ok(ReturnRow {
                return_id: r.get(0)?,
                unit_id: r.get(1)?,
                unit_name: r.get(2)?,
                file_name: r.get(3)?,
                sha256: r.get(4)?,
                identified_by: r.get(5)?,
                received_at: r.get(6)?,
                file_time: r.get(7)?,
                file_time_source: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The return of a round with this file hash, if it was collected before.
    pub fn return_by_hash(&self, round_id: i64, sha256: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM returns WHERE round_id = ?1 AND sha256 = ?2", params![round_id, sha256], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// A unit's current values in a round (see [`CURRENT_VALUE`]), with the returns they come from.
    pub fn unit_current_values(&self, round_id: i64, unit_id: i64) -> Result<Vec<CurrentValue>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT v.task_id, v.field, v.value, r.id, r.file_name, r.file_time
             FROM reported_values v JOIN returns r ON r.id = v.return_id
             WHERE r.round_id = ?1 AND r.unit_id = ?2 AND {CURRENT_VALUE}"
        ))?;
        let rows = stmt.query_map(params![round_id, unit_id], |r| {
            Ok(CurrentValue {
                task_id: r.get(0)?,
                field: r.get(1)?,
                value: r.get(2)?,
                return_id: r.get(3)?,
                file_name: r.get(4)?,
                file_time: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A return's round, unit and file name.
    pub fn return_info(&self, return_id: i64) -> Result<Option<(i64, i64, String)>> {
        Ok(self
            .conn
            .query_row("SELECT round_id, unit_id, file_name FROM returns WHERE id = ?1", [return_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// What one return reported: (task, field, value).
    pub fn return_values(&self, return_id: i64) -> Result<Vec<(i64, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT task_id, field, value FROM reported_values WHERE return_id = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([return_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (task, unit) for every non-blank status reported for one of `task_ids`, in any round, in
    /// a file saved after `file_time`.
    pub fn newer_status_reports(&self, task_ids: &[i64], file_time: &str) -> Result<Vec<(i64, i64)>> {
        let ids = serde_json::to_string(task_ids).unwrap_or_default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT v.task_id, r.unit_id FROM json_each(?1) j
             JOIN reported_values v ON v.task_id = j.value AND v.field = 'status'
             JOIN returns r ON r.id = v.return_id
             WHERE r.file_time > ?2 AND trim(v.value) <> ''",
        )?;
        let rows = stmt.query_map(params![ids, file_time], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The current values (see [`CURRENT_VALUE`]) of a ledger's rounds as one list, round by
    /// round (oldest first); `round_id` limits it to one round. For a whole ledger's rounds,
    /// [`Reader::each_reported_value`] holds less.
    pub fn reported_values(&self, ledger_id: i64, round_id: Option<i64>) -> Result<Vec<ReportedValue>> {
        let mut values = Vec::new();
        self.each_reported_value(ledger_id, round_id, ValueOrder::Rounds, |v| values.push(v))?;
        Ok(values)
    }

    /// Hands `each` the current values (see [`CURRENT_VALUE`]) of a ledger's rounds in `order`,
    /// one at a time as SQLite reads them: at 20,000 tasks they are a hundred megabytes, never
    /// held as one list here. `round_id` limits it to one round.
    pub fn each_reported_value(
        &self,
        ledger_id: i64,
        round_id: Option<i64>,
        order: ValueOrder,
        mut each: impl FnMut(ReportedValue),
    ) -> Result<()> {
        let by = match order {
            ValueOrder::Rounds => "d.due, d.id, r.file_time, r.id",
            ValueOrder::Cells => "v.task_id, v.field, d.due, d.id, r.file_time, r.id",
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.round_id, v.task_id, r.unit_id, u.name, v.field, v.value
             FROM reported_values v JOIN returns r ON r.id = v.return_id JOIN units u ON u.id = r.unit_id
             JOIN rounds d ON d.id = r.round_id
             WHERE d.ledger_id = ?1 AND (?2 IS NULL OR r.round_id = ?2) AND {CURRENT_VALUE}
             ORDER BY {by}"
        ))?;
        let mut rows = stmt.query(params![ledger_id, round_id])?;
        while let Some(r) = rows.next()? {
            each(ReportedValue {
                round_id: r.get(0)?,
                task_id: r.get(1)?,
                unit_id: r.get(2)?,
                unit_name: r.get(3)?,
                field: r.get(4)?,
                value: r.get(5)?,
            });
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// Starts a round and returns its id; a label already used in the ledger is refused.
    pub fn insert_round(
        &self,
        ledger_id: i64,
        label: &str,
        period: Option<(NaiveDate, NaiveDate)>,
        due: NaiveDate,
    ) -> Result<i64> {
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM rounds WHERE ledger_id = ?1 AND label = ?2", params![ledger_id, label], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(existing) = taken {
            return Err(Error::RoundExists { label: label.to_string(), round_id: existing });
        }
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        self.conn.execute(
            "INSERT INTO rounds (ledger_id, label, period_start, period_end, due, created_at, uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![ledger_id, label, period.map(|p| day(p.0)), period.map(|p| day(p.1)), day(due), now(), new_uuid()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Deletes a round with its returns and values (used by undo).
    pub fn delete_round(&self, round_id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM rounds WHERE id = ?1", [round_id])?;
        Ok(())
    }

    /// Sets a ledger's reporting schedule (JSON), returning the previous one.
    pub fn set_ledger_schedule(&self, ledger_id: i64, schedule: Option<&str>) -> Result<Option<String>> {
        let old = self.ledger_info(ledger_id)?.2;
        self.conn.execute("UPDATE ledgers SET schedule = ?1 WHERE id = ?2", params![schedule, ledger_id])?;
        Ok(old)
    }

    /// Records that a round's file for a unit was written.
    pub fn record_round_unit(&self, round_id: i64, unit_id: i64, file_name: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO round_units (round_id, unit_id, file_name, exported_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (round_id, unit_id) DO UPDATE SET file_name = excluded.file_name, exported_at = excluded.exported_at",
            params![round_id, unit_id, file_name, now()],
        )?;
        Ok(())
    }

    /// Stores a collected return (its report beside it, in `return_reports`) and returns its id.
    /// Which of a unit's returns counts for a task is decided when reading, by file time
    /// ([`CURRENT_VALUE`]).
    pub fn insert_return(&self, r: &NewReturn<'_>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO returns (round_id, unit_id, file_name, sha256, identified_by, received_at, file_time,
                                  file_time_source, batch_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.round_id,
                r.unit_id,
                r.file_name,
                r.sha256,
                r.identified_by,
                now(),
                r.file_time,
                r.file_time_source,
                r.batch_id
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        self.conn.execute(
            "INSERT INTO return_reports (return_id, report_json) VALUES (?1, ?2)",
            params![id, r.report_json],
        )?;
        Ok(id)
    }

    /// Removes a return with its values (used by undo): the unit's older values of the rows it
    /// reported are current again.
    pub fn delete_return(&self, return_id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM returns WHERE id = ?1", [return_id])?;
        Ok(())
    }

    /// Stores one reported value of a return.
    pub fn insert_reported_value(&self, return_id: i64, task_id: i64, field: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO reported_values (return_id, task_id, field, value) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![return_id, task_id, field, value])?;
        Ok(())
    }
}

/// The change-log field name of a column: "status" for a status column, else "cell:N".
pub fn field_key(column: &ColumnMapping) -> String {
    if column.field == Field::Status {
        "status".into()
    } else {
        format!("cell:{}", column.index)
    }
}
