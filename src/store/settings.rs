//! SQL for per-ledger settings: the report and notice wording and the scoring rules the clerk
//! set (migration 0007). A key without a row takes the shipped default.

use rusqlite::{params, OptionalExtension};

use super::{Reader, Writer};
use crate::Result;

impl Reader<'_> {
    /// Every setting of a ledger whose key starts with `prefix` ("report.", "score."), as
    /// (key, value), by key.
    pub fn ledger_settings(&self, ledger_id: i64, prefix: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, value FROM ledger_settings WHERE ledger_id = ?1 AND substr(key, 1, length(?2)) = ?2
             ORDER BY key",
        )?;
        let rows = stmt.query_map(params![ledger_id, prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn ledger_setting(&self, ledger_id: i64, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM ledger_settings WHERE ledger_id = ?1 AND key = ?2",
                params![ledger_id, key],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl Writer<'_> {
    /// Sets (or, with `None`, removes: back to the default) one setting of a ledger; returns the
    /// value it had.
    pub fn set_ledger_setting(&self, ledger_id: i64, key: &str, value: Option<&str>) -> Result<Option<String>> {
        self.require_ledger(ledger_id)?;
        let old = self.ledger_setting(ledger_id, key)?;
        match value {
            Some(value) => self.conn.execute(
                "INSERT INTO ledger_settings (ledger_id, key, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (ledger_id, key) DO UPDATE SET value = excluded.value",
                params![ledger_id, key, value],
            )?,
            None => self
                .conn
                .execute("DELETE FROM ledger_settings WHERE ledger_id = ?1 AND key = ?2", params![ledger_id, key])?,
        };
        Ok(old)
    }
}
