//! SQL for the change log: batches of changes, each with its actor, time and source.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{now, Reader, Writer};
use crate::Result;

/// One recorded operation (an import, an edit, an undo …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    /// The batch id.
    pub batch_id: i64,
    /// When it happened.
    pub at: String,
    /// Who did it (the operating-system user).
    pub actor: String,
    /// What kind of operation ("import", "undo" …).
    pub action: String,
    /// Where the change came from (a file name, "手工修改" …).
    pub source: String,
    /// A one-line Chinese description.
    pub summary: String,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
    /// The individual changes.
    pub changes: Vec<Change>,
}

/// One recorded change to one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// "ledger", "task", "unit" …
    pub entity: String,
    /// The entity's id.
    pub entity_id: i64,
    /// The field changed, where one field changed.
    pub field: Option<String>,
    /// The value before.
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
}

/// The operating-system user, recorded as the actor of every change.
fn actor() -> String {
    std::env::var("USERNAME").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "本机用户".into())
}

impl Reader<'_> {
    /// The newest batch that can be undone: not undone yet, not an undo, and not an export
    /// (writing files changes nothing in the ledger).
    pub fn last_undoable_batch(&self) -> Result<Option<Batch>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM change_batches WHERE undone_at IS NULL AND action NOT IN ('undo', 'export')
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.batch(id)).transpose()
    }

    /// Every batch, newest first, with its changes.
    pub fn history(&self) -> Result<Vec<Batch>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM change_batches ORDER BY id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.batch(id)).collect()
    }

    fn batch(&self, id: i64) -> Result<Batch> {
        let mut batch = self.conn.query_row(
            "SELECT id, at, actor, action, source, summary, undone_at FROM change_batches WHERE id = ?1",
            [id],
            |r| {
                Ok(Batch {
                    batch_id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    source: r.get(4)?,
                    summary: r.get(5)?,
                    undone_at: r.get(6)?,
                    changes: Vec::new(),
                })
            },
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT entity, entity_id, field, old_value, new_value FROM changes WHERE batch_id = ?1 ORDER BY id",
        )?;
        batch.changes = stmt
            .query_map([id], |r| {
                Ok(Change {
                    entity: r.get(0)?,
                    entity_id: r.get(1)?,
                    field: r.get(2)?,
                    old_value: r.get(3)?,
                    new_value: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(batch)
    }
}

impl Writer<'_> {
    /// Opens a batch for one operation and returns its id.
    pub fn begin_batch(&self, action: &str, source: &str, source_sha256: Option<&str>, summary: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO change_batches (at, actor, action, source, source_sha256, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![now(), actor(), action, source, source_sha256, summary],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records one change in a batch.
    pub fn record_change(&self, batch_id: i64, change: &Change) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO changes (batch_id, entity, entity_id, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![batch_id, change.entity, change.entity_id, change.field, change.old_value, change.new_value])?;
        Ok(())
    }

    /// Marks a batch as undone.
    pub fn mark_undone(&self, batch_id: i64) -> Result<()> {
        self.conn.execute("UPDATE change_batches SET undone_at = ?1 WHERE id = ?2", params![now(), batch_id])?;
        Ok(())
    }
}
