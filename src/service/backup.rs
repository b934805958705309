//! Backups of the database and what to do when it is damaged: a backup before every collect, one
//! a day, manual backups, restoring one, and the startup check.
//!
//! Backups live in `backups/` beside the database, named
//! `<database stem>-<YYYYMMDD>-<HHMMSS>-<reason>[-<n>].db` (e.g. `taizhang-20261123-101500-collect.db`),
//! so several databases in one folder keep their backups apart.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::Overwrite;
use crate::store::{self, CheckDepth, FileCheck, FileProblem, Store};
use crate::{Error, Result};

/// Daily backups kept (about two weeks of working days and weekends).
pub const DAILY_KEPT: usize = 14;
/// Backups taken before a collect that are kept (a busy reporting round collects many times).
pub const COLLECT_KEPT: usize = 20;
/// Backups of the database taken before a restore replaced it that are kept.
pub const RESTORE_KEPT: usize = 10;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// Automatically, before collecting returned files.
    Collect,
    /// Automatically, the first time the database is opened on a day.
    Daily,
    /// On the clerk's request; never pruned.
    Manual,
    /// Automatically, before a restore replaced the database.
    Restore,
    /// The damaged database file itself, kept as it was when a backup replaced it; never pruned.
    Damaged,
}

impl BackupReason {
    const ALL: [BackupReason; 5] = [
        BackupReason::Collect,
        BackupReason::Daily,
        BackupReason::Manual,
        BackupReason::Restore,
        BackupReason::Damaged,
    ];

    /// The word in the file name.
    fn token(self) -> &'static str {
        match self {
            BackupReason::Collect => "collect",
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::Restore => "restore",
            BackupReason::Damaged => "damaged",
        }
    }

    /// How the clerk sees it.
    pub fn label(self) -> &'static str {
        match self {
            BackupReason::Collect => "收取报送前自动备份",
            BackupReason::Daily => "每日自动备份",
            BackupReason::Manual => "手动备份",
            BackupReason::Restore => "恢复前自动备份",
            BackupReason::Damaged => "损坏的数据库原文件（留存）",
        }
    }

    /// How many of this kind are kept (None: all).
    fn kept(self) -> Option<usize> {
        match self {
            BackupReason::Collect => Some(COLLECT_KEPT),
            BackupReason::Daily => Some(DAILY_KEPT),
            BackupReason::Restore => Some(RESTORE_KEPT),
            BackupReason::Manual | BackupReason::Damaged => None,
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    /// The file.
    pub path: PathBuf,
    /// Why it was made.
    pub reason: BackupReason,
    /// [`BackupReason::label`].
    pub reason_label: String,
    /// When it was made (local time, from its name).
    #[serde(serialize_with = "minute_text")]
    pub created_at: NaiveDateTime,
    /// Its size in bytes.
    pub size: u64,
}

fn minute_text<S: serde::Serializer>(at: &NaiveDateTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&at.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// What the startup check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DatabaseHealth {
    /// No database file yet: opening it creates an empty one.
    Missing,
    /// The database is sound.
    Healthy {
        /// How many ledgers it holds.
        ledgers: i64,
    },
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreReport {
    /// The database that was replaced.
    pub database: PathBuf,
    /// The backup it now holds.
    pub restored_from: PathBuf,
    /// Where the database as it was before the restore was saved (a backup, or the damaged
    /// file kept as it was); None when there was no database.
    pub previous_saved_to: Option<PathBuf>,
    /// How many ledgers the restored database holds.
    pub ledgers: i64,
}

/// The backups folder of a database: `backups/` beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new("")).join("backups")
}

/// The database's backups, newest first (none when the folder does not exist).
pub fn list_backups(db: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    let stem = db_stem(db);
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((reason, created_at, n)) = parse_name(&name, &stem) else { continue };
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        found.push((
            n,
            BackupInfo { path: entry.path(), reason, reason_label: reason.label().into(), created_at, size },
        ));
    }
    found.sort_by(|(an, a), (bn, b)| (b.created_at, bn).cmp(&(a.created_at, an)));
    Ok(found.into_iter().map(|(_, b)| b).collect())
}

/// Backs the open database up into its backups folder, then prunes old backups of that kind.
pub fn backup_now(store: &Store, reason: BackupReason, now: NaiveDateTime) -> Result<BackupInfo> {
    let dir = backups_dir(store.path());
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    remove_unfinished(&dir)?;
    let path = free_name(&dir, &db_stem(store.path()), reason, now);
    store.backup_to(&path)?;
    prune(store.path(), reason)?;
    info(path, reason, now)
}

/// Backs the open database up into a single file chosen by the clerk; an existing file there is
/// replaced only when `overwrite` says the clerk confirmed it.
pub fn backup_to_file(store: &Store, dest: &Path, now: NaiveDateTime, overwrite: Overwrite) -> Result<BackupInfo> {
    if same_file(dest, store.path()) {
        return Err(Error::NotABackup {
            path: dest.to_path_buf(), detail: "这是正在使用的数据库文件本身".into()
        });
    }
    overwrite.check(dest)?;
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    store.backup_to(dest)?;
    info(dest.to_path_buf(), BackupReason::Manual, now)
}

/// The daily backup: made when the database holds a ledger and has no daily backup from
/// `now`'s day yet. Returns the backup made, if any.
pub fn daily_backup(store: &Store, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
    if daily_backup_made(store.path(), now.date())? || !store.read().has_ledger()? {
        return Ok(None);
    }
    backup_now(store, BackupReason::Daily, now).map(Some)
}

/// The newest backup of the database that passes [`store::inspect`].
pub fn latest_good_backup(db: &Path) -> Result<Option<BackupInfo>> {
    Ok(list_backups(db)?
        .into_iter()
        .filter(|b| b.reason != BackupReason::Damaged)
        .find(|b| store::inspect(&b.path).is_ok()))
}

/// The full check of a database file: whether it can be opened safely. A damaged file (not a
/// database, truncated, failing `integrity_check`) gives [`Error::DatabaseDamaged`], naming the
/// newest good backup; nothing is written to the file.
pub fn check_database(db: &Path) -> Result<DatabaseHealth> {
    check_database_with(db, CheckDepth::Full)
}

/// [`check_database`] to the given depth (see [`CheckDepth`]).
pub fn check_database_with(db: &Path, depth: CheckDepth) -> Result<DatabaseHealth> {
    let empty = std::fs::metadata(db).map(|m| m.len() == 0);
    match empty {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DatabaseHealth::Missing),
        // A new database is empty until its first open finishes; an empty file with backups
        // beside it is a database that lost its content.
        Ok(true) if list_backups(db)?.is_empty() => return Ok(DatabaseHealth::Missing),
        _ => {}
    }
    match store::inspect_with(db, depth) {
        Ok(check) => Ok(DatabaseHealth::Healthy { ledgers: check.ledgers }),
        Err(FileProblem::Unusable(e)) => Err(e),
        Err(FileProblem::Damaged(detail)) => Err(damaged(db, detail)),
    }
}

/// The error for a damaged database: whether it can still be read, and the newest backup that
/// passes the full check.
fn damaged(db: &Path, detail: String) -> Error {
    Error::DatabaseDamaged {
        path: db.to_path_buf(),
        detail,
        readable: Store::open_read_only(db).and_then(|s| s.read().ledgers()).is_ok(),
        latest_backup: latest_good_backup(db).ok().flatten().map(|b| (b.path, b.created_at)),
    }
}

/// What a command found when SQLite met a damaged page while reading or writing the database
/// (the start checks only its structure): [`Error::DatabaseDamaged`] naming the newest good
/// backup. Any other error is returned as it is. The command's transaction was rolled back.
pub fn explain_damage(db: &Path, error: Error) -> Error {
    match &error {
        Error::Sql(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            damaged(db, format!("文件内容已损坏，{e}"))
        }
        _ => error,
    }
}

/// The startup check, then the database opened: fails with [`Error::DatabaseDamaged`] rather
/// than writing to a damaged file. Every start checks the file's structure (a few pages, see
/// [`CheckDepth::Structure`]); the first start of a day whose daily backup is still to be made
/// (see [`daily_backup`]) runs the full `integrity_check` first, so a daily backup is only ever
/// made of a sound file. When the check could not read the file at all (e.g. a read-only look at
/// a log left by a crash), opening it normally recovers it or says why not.
pub fn open_checked(db: &Path, today: NaiveDate) -> Result<Store> {
    let depth = if daily_backup_made(db, today)? { CheckDepth::Structure } else { CheckDepth::Full };
    if let Err(e @ Error::DatabaseDamaged { .. }) = check_database_with(db, depth) {
        return Err(e);
    }
    Store::open(db)
}

/// Whether the database has a daily backup from `today` (or later).
fn daily_backup_made(db: &Path, today: NaiveDate) -> Result<bool> {
    Ok(list_backups(db)?.iter().any(|b| b.reason == BackupReason::Daily && b.created_at.date() >= today))
}

/// Restores the open database from `source`: checks the file, backs the current database up
/// first, then replaces its content in one transaction.
pub fn restore_backup(store: &mut Store, source: &Path, now: NaiveDateTime) -> Result<RestoreReport> {
    let check = checked_source(source, store.path())?;
    restore_checked(store, source, &check, now)
}

fn restore_checked(store: &mut Store, source: &Path, check: &FileCheck, now: NaiveDateTime) -> Result<RestoreReport> {
    let saved = backup_now(store, BackupReason::Restore, now)?;
    store.restore_from(source)?;
    Ok(RestoreReport {
        database: store.path().to_path_buf(),
        restored_from: source.to_path_buf(),
        previous_saved_to: Some(saved.path),
        ledgers: check.ledgers,
    })
}

/// Restores the database file `db` from `source` without an open store: for the CLI, and for
/// the app at startup when [`check_database`] found the database damaged. A sound database is
/// backed up first; a damaged one is kept as it was in the backups folder.
pub fn restore_file(db: &Path, source: &Path, now: NaiveDateTime) -> Result<RestoreReport> {
    let check = checked_source(source, db)?;
    match check_database(db) {
        Ok(DatabaseHealth::Healthy { .. }) => return restore_checked(&mut Store::open(db)?, source, &check, now),
        Ok(DatabaseHealth::Missing) | Err(Error::DatabaseDamaged { .. }) => {}
        Err(e) => return Err(e),
    }
    let kept = keep_damaged(db, now)?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    store::replace_file(db, source)?;
    Store::open(db)?;
    Ok(RestoreReport {
        database: db.to_path_buf(),
        restored_from: source.to_path_buf(),
        previous_saved_to: kept,
        ledgers: check.ledgers,
    })
}

/// Before a collect: a backup of the database as it is.
pub(crate) fn before_collect(store: &Store) -> Result<BackupInfo> {
    backup_now(store, BackupReason::Collect, chrono::Local::now().naive_local())
}

fn checked_source(source: &Path, db: &Path) -> Result<FileCheck> {
    if same_file(source, db) {
        return Err(Error::NotABackup {
            path: source.to_path_buf(), detail: "这是正在使用的数据库文件本身".into()
        });
    }
    store::inspect(source).map_err(|problem| match problem {
        FileProblem::Damaged(detail) => Error::NotABackup { path: source.to_path_buf(), detail },
        FileProblem::Unusable(e) => e,
    })
}

/// Copies the database file (and its write-ahead log) as it is into the backups folder.
fn keep_damaged(db: &Path, now: NaiveDateTime) -> Result<Option<PathBuf>> {
    if !db.exists() {
        return Ok(None);
    }
    let dir = backups_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let dest = free_name(&dir, &db_stem(db), BackupReason::Damaged, now);
    std::fs::copy(db, &dest).map_err(|e| Error::io(&dest, e))?;
    let wal = with_suffix(db, "-wal");
    if wal.exists() {
        let dest_wal = with_suffix(&dest, "-wal");
        std::fs::copy(&wal, &dest_wal).map_err(|e| Error::io(&dest_wal, e))?;
    }
    Ok(Some(dest))
}

fn info(path: PathBuf, reason: BackupReason, created_at: NaiveDateTime) -> Result<BackupInfo> {
    let size = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?.len();
    Ok(BackupInfo { path, reason, reason_label: reason.label().into(), created_at, size })
}

/// Deletes the oldest backups of this kind beyond what is kept.
fn prune(db: &Path, reason: BackupReason) -> Result<()> {
    let Some(kept) = reason.kept() else { return Ok(()) };
    for old in list_backups(db)?.into_iter().filter(|b| b.reason == reason).skip(kept) {
        std::fs::remove_file(&old.path).map_err(|e| Error::io(&old.path, e))?;
    }
    Ok(())
}

/// Removes the `.partial` files (and their `-journal`, `-wal`, `-shm`) left by a backup that
/// was interrupted.
fn remove_unfinished(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".partial") || name.contains(".partial-") {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// A backup name not yet taken in `dir`.
fn free_name(dir: &Path, stem: &str, reason: BackupReason, now: NaiveDateTime) -> PathBuf {
    let base = format!("{stem}-{}-{}", now.format("%Y%m%d-%H%M%S"), reason.token());
    (1..)
        .map(|n| dir.join(if n == 1 { format!("{base}.db") } else { format!("{base}-{n}.db") }))
        .find(|p| !p.exists() && !with_suffix(p, "-wal").exists())
        .unwrap_or_else(|| dir.join(format!("{base}.db")))
}

/// Reads a backup name of the database `stem`: its reason, time and same-second counter.
fn parse_name(name: &str, stem: &str) -> Option<(BackupReason, NaiveDateTime, u32)> {
    let rest = name.strip_suffix(".db")?.strip_prefix(stem)?.strip_prefix('-')?;
    let (stamp, tail) = (rest.get(..15)?, rest.get(15..)?.strip_prefix('-')?);
    let created_at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let (token, n) = match tail.split_once('-') {
        Some((token, n)) => (token, n.parse().ok()?),
        None => (tail, 1),
    };
    let reason = BackupReason::ALL.into_iter().find(|r| r.token() == token)?;
    Some((reason, created_at, n))
}

fn db_stem(db: &Path) -> String {
    db.file_stem().map_or_else(|| "taizhang".into(), |s| s.to_string_lossy().into_owned())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_read_back_and_belong_to_their_database() {
        let at = NaiveDateTime::parse_from_str("2026-11-23 10:15:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(parse_name("taizhang-20261123-101500-collect.db", "taizhang"), Some((BackupReason::Collect, at, 1)));
        assert_eq!(parse_name("taizhang-20261123-101500-daily-3.db", "taizhang"), Some((BackupReason::Daily, at, 3)));
        assert_eq!(parse_name("taizhang-20261123-101500-daily.db", "tai"), None);
        assert_eq!(parse_name("t-20261123-101500-manual.db.partial", "t"), None);
        assert_eq!(parse_name("t-20261123-101500-other.db", "t"), None);
        let dir = tempfile::tempdir().unwrap();
        let first = free_name(dir.path(), "t", BackupReason::Manual, at);
        std::fs::write(&first, b"x").unwrap();
        let second = free_name(dir.path(), "t", BackupReason::Manual, at);
        assert_eq!(second.file_name().unwrap(), "t-20261123-101500-manual-2.db");
    }
}
