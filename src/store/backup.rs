//! SQLite's online backup API: copying the live database into a file, copying a file back into
//! the live database, and checking that a file is a sound 台账通 database.
//!
//! A backup is first written to `<name>.partial` and renamed into place once complete and synced,
//! so a backup file is either whole or absent, even when the process is killed or the disk fills.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{migrations, Store};
use crate::{Error, Result};

/// What [`inspect`] found in a sound database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    /// The schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// How many ledgers it holds.
    pub ledgers: i64,
}

/// The tables every 台账通 database has since its first migration.
const CORE_TABLES: [&str; 4] = ["ledgers", "tasks", "units", "change_batches"];

/// How long to wait for a busy database during a backup step, and how many times.
const BUSY_PAUSE: Duration = Duration::from_millis(50);
const BUSY_TRIES: u32 = 100;

/// Why [`inspect`] did not accept a file.
#[derive(Debug)]
pub enum FileProblem {
    /// The file is not a sound 台账通 database; a short Chinese description of what is wrong.
    Damaged(String),
    /// The file could not be examined (missing, no permission, disk full): says nothing about
    /// its content.
    Unusable(Error),
}

/// How much of a database file [`inspect_with`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckDepth {
    /// The header, the schema (the core tables and a version this program knows) and the ledger
    /// count: a few pages, whatever the size of the file. What every start of a command checks;
    /// damage elsewhere shows when a command reads it (SQLite verifies every page it reads).
    Structure,
    /// All of the above and SQLite's `integrity_check` over every page and index: linear in the
    /// size of the file. For backups, restores and the first start of each day.
    Full,
}

/// Opens a database file read-only and checks that it is a sound 台账通 database: a SQLite file
/// with the core tables, a schema version this program knows, and a clean `integrity_check`.
pub fn inspect(path: &Path) -> std::result::Result<FileCheck, FileProblem> {
    inspect_with(path, CheckDepth::Full)
}

/// [`inspect`] to the given depth; nothing is written to the file.
pub fn inspect_with(path: &Path, depth: CheckDepth) -> std::result::Result<FileCheck, FileProblem> {
    let unusable = |e: std::io::Error| FileProblem::Unusable(Error::io(path, e));
    let meta = std::fs::metadata(path).map_err(unusable)?;
    if meta.is_dir() {
        return Err(FileProblem::Damaged("这是一个文件夹，不是文件".into()));
    }
    if meta.len() == 0 {
        return Err(FileProblem::Damaged("文件为空（0 字节）".into()));
    }
    let mut head = [0u8; 16];
    let read = std::io::Read::read(&mut std::fs::File::open(path).map_err(unusable)?, &mut head).map_err(unusable)?;
    if read < head.len() || &head != b"SQLite format 3\0" {
        return Err(FileProblem::Damaged("不是数据库文件".into()));
    }
    let conn = super::connect::open(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| FileProblem::Unusable(Error::from(e).on_file(path)))?;
    // Only SQLite's own verdicts on the content mean damage; other failures (a full disk while
    // creating the -shm file, a lock) say nothing about the file.
    let failed = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            FileProblem::Damaged(format!("文件内容已损坏，{e}"))
        }
        _ => FileProblem::Unusable(Error::from(e).on_file(path)),
    };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(failed)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?1, ?2, ?3, ?4)",
            CORE_TABLES,
            |r| r.get(0),
        )
        .map_err(failed)?;
    if version == 0 || tables < CORE_TABLES.len() as i64 {
        return Err(FileProblem::Damaged("这是一个 SQLite 数据库，但不是台账通的数据库".into()));
    }
    if version > migrations::MIGRATIONS.len() as i64 {
        return Err(FileProblem::Damaged(format!(
            "它由更新版本的台账通创建（数据结构版本 {version}），请先升级台账通"
        )));
    }
    if depth == CheckDepth::Full {
        let problems: Vec<String> = conn
            .prepare("PRAGMA integrity_check(5)")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(failed)?;
        if problems != ["ok"] {
            return Err(FileProblem::Damaged(format!("完整性检查未通过：{}", problems.join("；"))));
        }
    }
    let ledgers = conn.query_row("SELECT count(*) FROM ledgers", [], |r| r.get(0)).map_err(failed)?;
    Ok(FileCheck { schema_version: version, ledgers })
}

impl Store {
    /// Opens a database read-only, without touching its schema: to look at a damaged file.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = super::connect::open(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| Error::Database { path: path.display().to_string(), detail: e.to_string() })?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Copies the whole database into `dest` (replacing it) with SQLite's online backup. `dest`
    /// is a self-contained single file; it appears only once complete.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        write_copy(&self.conn, dest).map_err(|e| e.on_file(dest))
    }

    /// Replaces the whole content of the open database with that of `source` (checked first with
    /// [`inspect`]) in one transaction, then brings its schema up to date.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        let src = open_source(source)?;
        copy_pages(&src, &mut self.conn)?;
        migrations::migrate(&mut self.conn)?;
        Ok(())
    }
}

/// Replaces the database file `db`, which cannot be opened (it is damaged), with a copy of
/// `source`. Its write-ahead log and shared-memory files are removed first so that nothing of the
/// damaged file is replayed onto the copy.
pub fn replace_file(db: &Path, source: &Path) -> Result<()> {
    let src = open_source(source)?;
    let tmp = sibling(db, ".partial");
    write_file(&src, &tmp).map_err(|e| e.on_file(db))?;
    for stale in [sibling(db, "-wal"), sibling(db, "-shm"), sibling(db, "-journal")] {
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&stale, e)),
            _ => {}
        }
    }
    install(&tmp, db)
}

fn open_source(source: &Path) -> Result<Connection> {
    super::connect::open(source, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::NotABackup { path: source.to_path_buf(), detail: format!("无法打开（{e}）") })
}

/// `path` with `suffix` appended to its file name (`a.db` → `a.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `src` into `dest` through a `.partial` file renamed into place.
fn write_copy(src: &Connection, dest: &Path) -> Result<()> {
    let tmp = sibling(dest, ".partial");
    write_file(src, &tmp)?;
    install(&tmp, dest)
}

/// Writes a complete copy of `src` into the new file `tmp`, in rollback-journal mode so the copy
/// is one file, synced to disk. On failure `tmp` is removed.
fn write_file(src: &Connection, tmp: &Path) -> Result<()> {
    let result = (|| -> Result<()> {
        match std::fs::remove_file(tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(tmp, e)),
            _ => {}
        }
        let mut dst = super::connect::open_or_create(tmp)?;
        dst.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;")?;
        copy_pages(src, &mut dst)?;
        // The pages came from a WAL database; leave the copy in rollback-journal mode.
        dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
        dst.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    if result.is_err() {
        for leftover in [tmp.to_path_buf(), sibling(tmp, "-journal"), sibling(tmp, "-wal"), sibling(tmp, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    result
}

/// Renames the finished `tmp` over `dest` and syncs the folder, so the new name survives a crash.
/// When `dest` cannot be replaced (another program holds it open), `tmp` is removed.
fn install(tmp: &Path, dest: &Path) -> Result<()> {
    std::fs::rename(tmp, dest).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        Error::io(dest, e)
    })?;
    #[cfg(unix)]
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Copies every page of `src` into `dst` in one backup step (retrying while the source is busy).
fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    for _ in 0..BUSY_TRIES {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(BUSY_PAUSE),
        }
    }
    Err(Error::Sql(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None)))
}
