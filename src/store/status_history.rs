//! SQL for the history behind per-round figures: every recorded change of a task's status, and
//! the change-log batches that started a round and applied its returns. Replaying the first
//! against the second gives each task's status as it stood at the end of any round.

use rusqlite::OptionalExtension;

use super::Reader;
use crate::Result;

/// One recorded change of a task's status (by a return, by hand, or by an undo).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    /// The change-log batch it belongs to (batches are numbered in the order they happened).
    pub batch_id: i64,
    /// When the batch ran ("YYYY-MM-DD HH:MM:SS").
    pub at: String,
    /// The task.
    pub task_id: i64,
    /// The status before (None: not set).
    pub old: Option<String>,
    /// The status after.
    pub new: Option<String>,
}

impl Reader<'_> {
    /// Every status change of a ledger's tasks, oldest first.
    pub fn status_changes(&self, ledger_id: i64) -> Result<Vec<StatusChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.batch_id, b.at, c.entity_id, c.old_value, c.new_value
             FROM changes c JOIN change_batches b ON b.id = c.batch_id
             JOIN tasks t ON t.id = c.entity_id JOIN sheets s ON s.id = t.sheet_id
             WHERE c.entity = 'task' AND c.field = 'status' AND s.ledger_id = ?1
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([ledger_id], |r| {
            Ok(StatusChange { batch_id: r.get(0)?, at: r.get(1)?, task_id: r.get(2)?, old: r.get(3)?, new: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last change-log batch that belongs to a round: the newest batch that applied one of
    /// its returns, else the batch that started it.
    pub fn round_last_batch(&self, round_id: i64) -> Result<Option<i64>> {
        let returns: Option<i64> =
            self.conn.query_row("SELECT MAX(batch_id) FROM returns WHERE round_id = ?1", [round_id], |r| r.get(0))?;
        match returns {
            Some(batch) => Ok(Some(batch)),
            None => self.round_created_batch(round_id),
        }
    }

    /// The change-log batch that started a round (None for a round with none on record).
    pub fn round_created_batch(&self, round_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.batch_id FROM changes c JOIN change_batches b ON b.id = c.batch_id
                 WHERE c.entity = 'round' AND c.entity_id = ?1 AND c.old_value IS NULL AND b.action = 'round'
                   AND b.undone_at IS NULL
                 ORDER BY c.batch_id DESC LIMIT 1",
                [round_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
