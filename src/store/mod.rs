//! The SQLite store: every SQL statement of the project lives under this module.
//!
//! [`Store::read`] gives a [`Reader`] for queries; [`Store::write`] runs a closure inside one
//! transaction with a [`Writer`], so an operation is saved whole or not at all.

mod backup;
mod changes;
mod connect;
mod directory;
mod grid;
mod indicators;
mod ledgers;
mod migrations;
mod reading;
mod reports;
mod rounds;
mod settings;
mod status_history;
mod task_fields;
mod units;

use std::ops::Deref;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::{Error, Result};

pub use backup::{inspect, inspect_with, replace_file, CheckDepth, FileCheck, FileProblem};
pub use changes::{Batch, Change};
pub use directory::{UnitEntry, UnitMerge};
pub use grid::{CategoryCount, GridOutline, TaskFilter, TaskPage};
pub use indicators::IndicatorValue;
pub use ledgers::{NewLedger, NewSheet, NewTask, TaskTexts};
pub use reading::TaskReading;
pub use reports::{StatusCount, TaskReportValue};
pub use rounds::{
    field_key, CurrentValue, NewReturn, ReportedValue, ReturnRow, RoundRow, StoredSheet, UnitTask, ValueOrder,
};
pub use status_history::StatusChange;
pub use units::UnitRow;

/// An open ledger database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    ///
    /// Durability: the database is in WAL mode with `synchronous = NORMAL`. Every transaction is
    /// atomic — a killed process, a crash of the program, a full disk or a power cut leave each
    /// operation (an import, one collected file, an edit) applied whole or not at all, and the
    /// file consistent. A transaction that returned is durable against the program being killed
    /// or crashing (its pages are in the operating system's cache); only a power cut or a crash of
    /// the operating system in the moments after a commit can roll the newest transactions back,
    /// never part of one. The log is flushed to disk at each checkpoint, and every backup is
    /// flushed and renamed into place, so a collect can always be repeated from the backup taken
    /// before it. Against `synchronous = FULL` this saves one flush to disk per transaction
    /// (about 4 ms on the development machine, once per collected file). The log is copied back
    /// into the database every 10,000 pages (40 MB) rather than SQLite's 1,000, so a page a
    /// collect changes file after file is copied once rather than many times (7 % of a collect at
    /// M); closing the database copies the rest.
    pub fn open(path: &Path) -> Result<Store> {
        let db_error = |e: rusqlite::Error| match Error::from(e) {
            Error::Sql(e) => Error::Database { path: path.display().to_string(), detail: e.to_string() },
            other => other.on_file(path),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::io(dir, source))?;
        }
        let mut conn = connect::open_or_create(path).map_err(db_error)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA wal_autocheckpoint = 10000;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(db_error)?;
        migrations::migrate(&mut conn).map_err(db_error)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A handle for queries.
    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let run = |conn: &mut Connection| {
            let tx = conn.transaction()?;
            let value = f(&Writer { reader: Reader { conn: &tx } })?;
            tx.commit()?;
            Ok(value)
        };
        run(&mut self.conn).map_err(|e: Error| e.on_file(&self.path))
    }
}

/// Read-only queries over the store.
#[derive(Clone, Copy)]
pub struct Reader<'c> {
    conn: &'c Connection,
}

/// Queries and changes inside one transaction; dereferences to [`Reader`].
pub struct Writer<'c> {
    reader: Reader<'c>,
}

impl<'c> Deref for Writer<'c> {
    type Target = Reader<'c>;

    fn deref(&self) -> &Reader<'c> {
        &self.reader
    }
}

impl Reader<'_> {
    /// The result of SQLite's own consistency check ("ok" when the file is sound).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// A new random (version 4) UUID for a ledger or a round.
fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The current local time as stored in the database.
fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
