//! SQL for indicators (quantified targets) and the actual values returns report for them.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Reader, Writer};
use crate::indicators::{number_text, Indicator, StoredIndicator};
use crate::{Error, Result};

/// An actual value of an indicator, from a unit's current return of a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    /// The indicator.
    pub indicator_id: i64,
    /// The round.
    pub round_id: i64,
    /// Its label.
    pub round_label: String,
    /// The return it came from.
    pub return_id: i64,
    /// The unit that reported it.
    pub unit_id: i64,
    /// That unit's name.
    pub unit_name: String,
    /// The number read.
    pub value: f64,
    /// The unit written beside the number, if any.
    pub unit: Option<String>,
    /// The cell text as written.
    pub raw: String,
}

/// The indicator columns a correction may change.
const EDITABLE: [&str; 9] =
    ["metric", "comparator", "target", "unit", "baseline", "baseline_date", "period", "task_id", "removed"];

const SELECT: &str = "SELECT i.id, i.ledger_id, i.task_id, s.name, t.seq, i.metric, i.comparator, i.target, i.unit,
        i.baseline, i.baseline_date, i.period, i.sentence
    FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id LEFT JOIN sheets s ON s.id = t.sheet_id";

fn indicator_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredIndicator> {
    Ok(StoredIndicator {
        indicator_id: r.get(0)?,
        ledger_id: r.get(1)?,
        task_id: r.get(2)?,
        sheet: r.get(3)?,
        seq: r.get(4)?,
        indicator: Indicator {
            metric: r.get(5)?,
            comparator: r.get(6)?,
            target: r.get(7)?,
            unit: r.get(8)?,
            baseline: r.get(9)?,
            baseline_date: r.get(10)?,
            period: r.get(11)?,
            sentence: r.get(12)?,
        },
    })
}

impl Reader<'_> {
    /// Every indicator of a ledger not removed by the clerk: the ledger-level targets first, then
    /// task by task in ledger order.
    pub fn indicators(&self, ledger_id: i64) -> Result<Vec<StoredIndicator>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE i.ledger_id = ?1 AND i.removed = 0
             ORDER BY i.task_id IS NOT NULL, s.position, t.position, i.position, i.id"
        ))?;
        let rows = stmt.query_map([ledger_id], indicator_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The indicators on a ledger's tasks (of the tasks in `only`, a JSON array of ids, when
    /// given), not removed, in ledger order.
    pub(super) fn task_indicators(&self, ledger_id: i64, only: Option<&str>) -> Result<Vec<StoredIndicator>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE i.ledger_id = ?1 AND i.removed = 0 AND i.task_id IS NOT NULL
                 AND (?2 IS NULL OR i.task_id IN (SELECT value FROM json_each(?2)))
             ORDER BY s.position, t.position, i.position, i.id"
        ))?;
        let rows = stmt.query_map(params![ledger_id, only], indicator_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One indicator (also one the clerk removed).
    pub fn indicator(&self, indicator_id: i64) -> Result<StoredIndicator> {
        self.conn
            .query_row(&format!("{SELECT} WHERE i.id = ?1"), [indicator_id], indicator_of)
            .optional()?
            .ok_or(Error::IndicatorNotFound(indicator_id))
    }

    /// Each unit's current actual values of a ledger's rounds (from its return with the newest
    /// file time that reported the indicator, as for task values), oldest round first;
    /// `round_id` limits it to one round.
    pub fn indicator_values(&self, ledger_id: i64, round_id: Option<i64>) -> Result<Vec<IndicatorValue>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.indicator_id, r.round_id, d.label, r.id, r.unit_id, u.name, v.value, v.unit, v.raw
             FROM indicator_values v JOIN returns r ON r.id = v.return_id JOIN units u ON u.id = r.unit_id
             JOIN rounds d ON d.id = r.round_id
             WHERE d.ledger_id = ?1 AND (?2 IS NULL OR r.round_id = ?2)
               AND NOT EXISTS (
                   SELECT 1 FROM indicator_values nv JOIN returns nr ON nr.id = nv.return_id
                   WHERE nv.indicator_id = v.indicator_id AND nr.round_id = r.round_id AND nr.unit_id = r.unit_id
                     AND (nr.file_time > r.file_time OR (nr.file_time = r.file_time AND nr.id > r.id)))
             ORDER BY d.due, d.id, r.file_time, r.id",
        )?;
        let rows = stmt.query_map(params![ledger_id, round_id], |r| {
            Ok(IndicatorValue {
                indicator_id: r.get(0)?,
                round_id: r.get(1)?,
                round_label: r.get(2)?,
                return_id: r.get(3)?,
                unit_id: r.get(4)?,
                unit_name: r.get(5)?,
                value: r.get(6)?,
                unit: r.get(7)?,
                raw: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Stores an indicator of a ledger (on a task, or ledger-level with `task_id` None) and
    /// returns its id.
    pub fn insert_indicator(
        &self,
        ledger_id: i64,
        task_id: Option<i64>,
        position: usize,
        i: &Indicator,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO indicators (ledger_id, task_id, position, metric, comparator, target, unit, baseline,
                     baseline_date, period, sentence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                ledger_id,
                task_id,
                position as i64,
                i.metric,
                i.comparator,
                i.target,
                i.unit,
                i.baseline,
                i.baseline_date,
                i.period,
                i.sentence
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Sets one field of an indicator from its text (`None` clears it) and returns the previous
    /// text. Fields: metric, comparator, target, unit, baseline, baseline_date, period, task_id,
    /// removed ("1" / "0"); numbers are given as text ("150", "14.5").
    pub fn set_indicator_field(&self, indicator_id: i64, field: &str, value: Option<&str>) -> Result<Option<String>> {
        let column = EDITABLE
            .iter()
            .find(|f| **f == field)
            .ok_or_else(|| Error::BadIndicatorEdit(format!("指标没有“{field}”这一项")))?;
        let old: Value = self
            .conn
            .query_row(&format!("SELECT {column} FROM indicators WHERE id = ?1"), [indicator_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::IndicatorNotFound(indicator_id))?;
        let not_number = |v: &str| Error::BadIndicatorEdit(format!("“{v}”不是数字"));
        let new: Value = match (*column, value) {
            (_, None) => Value::Null,
            ("target" | "baseline", Some(v)) => Value::Real(v.trim().parse().map_err(|_| not_number(v))?),
            ("task_id" | "removed", Some(v)) => Value::Integer(v.trim().parse().map_err(|_| not_number(v))?),
            (_, Some(v)) => Value::Text(v.to_string()),
        };
        self.conn.execute(&format!("UPDATE indicators SET {column} = ?1 WHERE id = ?2"), params![new, indicator_id])?;
        Ok(match old {
            Value::Null => None,
            Value::Integer(n) => Some(n.to_string()),
            Value::Real(x) => Some(number_text(x)),
            Value::Text(t) => Some(t),
            Value::Blob(_) => None,
        })
    }

    /// Stores the actual value a return reported for an indicator.
    pub fn insert_indicator_value(
        &self,
        return_id: i64,
        indicator_id: i64,
        value: f64,
        unit: Option<&str>,
        raw: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO indicator_values (return_id, indicator_id, value, unit, raw)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![return_id, indicator_id, value, unit, raw])?;
        Ok(())
    }
}
