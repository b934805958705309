//! SQL for what the units reported, task by task (the grid's 最新报送 column and the task
//! drawer), and the task status counts of the home page's chart.

use rusqlite::params;

use super::rounds::CURRENT_VALUE;
use super::Reader;
use crate::Result;

/// One value of a unit's current return, with the round and the time it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskReportValue {
    /// The task.
    pub task_id: i64,
    /// The task's worksheet.
    pub sheet: String,
    /// The return.
    pub return_id: i64,
    /// The round.
    pub round_id: i64,
    /// The round's label.
    pub round_label: String,
    /// The unit that reported it.
    pub unit_name: String,
    /// When the return was collected.
    pub received_at: String,
    /// "status" or "cell:N".
    pub field: String,
    /// The text.
    pub value: String,
}

/// How many tasks have a status (None: not filled in), in one ledger or for one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusCount {
    /// The ledger, or the unit.
    pub owner_id: i64,
    /// The ledger's title, or the unit's name.
    pub owner: String,
    /// The status; None when not set.
    pub status: Option<String>,
    /// How many tasks.
    pub count: i64,
    /// Of those, how many are past their due date (status not 已完成).
    pub overdue: i64,
}

impl Reader<'_> {
    /// Whether a unit's current value (see [`CURRENT_VALUE`]) in one of the ledger's rounds
    /// reported something for a task.
    pub fn has_reports(&self, ledger_id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM reported_values v JOIN returns r ON r.id = v.return_id
                                JOIN rounds d ON d.id = r.round_id
                                WHERE d.ledger_id = ?1 AND trim(v.value) <> '' AND {CURRENT_VALUE})"
            ),
            [ledger_id],
            |r| r.get(0),
        )?)
    }

    /// Every current value (see [`CURRENT_VALUE`]) of a ledger's rounds, grouped by task (ledger
    /// order), newest return first within a task (latest round due, then newest file); only those
    /// of the tasks in `only`, when given.
    pub fn task_report_values(&self, ledger_id: i64, only: Option<&[i64]>) -> Result<Vec<TaskReportValue>> {
        let only = only.map(|ids| serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT v.task_id, s.name, r.id, d.id, d.label, u.name, r.received_at, v.field, v.value
             FROM reported_values v
             JOIN returns r ON r.id = v.return_id
             JOIN rounds d ON d.id = r.round_id
             JOIN units u ON u.id = r.unit_id
             JOIN tasks t ON t.id = v.task_id JOIN sheets s ON s.id = t.sheet_id
             WHERE d.ledger_id = ?1 AND {CURRENT_VALUE}
               AND (?2 IS NULL OR v.task_id IN (SELECT value FROM json_each(?2)))
             ORDER BY s.position, t.position, d.due DESC, d.id DESC, r.file_time DESC, r.id DESC, v.field"
        ))?;
        let rows = stmt.query_map(params![ledger_id, only], |r| {
            Ok(TaskReportValue {
                task_id: r.get(0)?,
                sheet: r.get(1)?,
                return_id: r.get(2)?,
                round_id: r.get(3)?,
                round_label: r.get(4)?,
                unit_name: r.get(5)?,
                received_at: r.get(6)?,
                field: r.get(7)?,
                value: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Task counts by status for every ledger; `today` ("YYYY-MM-DD") decides what is overdue.
    pub fn ledger_status_counts(&self, today: &str) -> Result<Vec<StatusCount>> {
        self.status_counts(
            "SELECT l.id, l.title, t.status, COUNT(*),
                    SUM(t.deadline_due IS NOT NULL AND t.deadline_due < ?1 AND IFNULL(t.status, '') <> '已完成')
             FROM tasks t JOIN sheets s ON s.id = t.sheet_id JOIN ledgers l ON l.id = s.ledger_id
             GROUP BY l.id, t.status ORDER BY l.id, t.status",
            today,
        )
    }

    /// Task counts by status for every unit that has tasks (as lead or co-operating unit).
    pub fn unit_status_counts(&self, today: &str) -> Result<Vec<StatusCount>> {
        self.status_counts(
            "SELECT u.id, u.name, t.status, COUNT(DISTINCT t.id),
                    COUNT(DISTINCT CASE WHEN t.deadline_due IS NOT NULL AND t.deadline_due < ?1
                                         AND IFNULL(t.status, '') <> '已完成' THEN t.id END)
             FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id
             GROUP BY u.id, t.status ORDER BY u.name, t.status",
            today,
        )
    }

    fn status_counts(&self, sql: &str, today: &str) -> Result<Vec<StatusCount>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([today], |r| {
            Ok(StatusCount {
                owner_id: r.get(0)?,
                owner: r.get(1)?,
                status: r.get(2)?,
                count: r.get(3)?,
                overdue: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
