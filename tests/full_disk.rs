//! A full disk never costs data: the database lives on a small tmpfs (mounted by the test, which
//! needs root or password-less sudo — CI runs as root; without either the test fails and says so). The disk is filled
//! to leave a little free space, stepping the free space up until the operation fits, so it runs
//! out at many points: in the backup before a collect, in SQLite's write-ahead log, in a manual
//! backup. Every attempt that runs out fails with the Chinese 磁盘空间不足 message and a non-zero
//! exit, and leaves the database sound with all its previous data; once there is room, the same
//! operation succeeds.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use taizhang::service::backup::{check_database, list_backups, BackupReason, DatabaseHealth};
use taizhang::service::{export_unit_files, import_ledger, new_round, ImportOptions};
use taizhang::store::Store;

/// The size of the small filesystem.
const DISK: &str = "4m";
/// How much more free space each attempt gets.
const STEP: usize = 12 * 1024;

/// A tmpfs mounted for the test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts it (as root, else through password-less sudo); panics saying why it cannot.
    fn mount() -> SmallDisk {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = privileged(&["mount", "-t", "tmpfs", "-o", &format!("size={DISK},mode=1777"), "tmpfs"], dir.path());
        assert!(
            out.status.success(),
            "mount -t tmpfs failed: run the tests as root (as CI does) or with password-less sudo: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk so that about `free` bytes are left.
    fn fill_leaving(&self, free: usize) {
        let filler = self.path().join("filler");
        let _ = std::fs::remove_file(&filler);
        let mut file = std::fs::File::create(&filler).expect("filler");
        let mut written = 0u64;
        for chunk in [1 << 16, 4096, 512] {
            let block = vec![0x5a_u8; chunk];
            while file.write_all(&block).is_ok() {
                written += chunk as u64;
            }
            file.set_len(written).expect("trim the failed write");
        }
        file.set_len(written.saturating_sub(free as u64)).expect("leave room");
        file.sync_all().expect("sync");
    }

    fn free_everything(&self) {
        std::fs::remove_file(self.path().join("filler")).expect("remove filler");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = privileged(&["umount"], self.dir.path()).status;
    }
}

/// Runs `command` with `path` as its last argument: directly as root, else through `sudo -n`.
fn privileged(command: &[&str], path: &Path) -> Output {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let mut cmd = if root { Command::new(command[0]) } else { Command::new("sudo") };
    if !root {
        cmd.args(["-n", command[0]]);
    }
    cmd.args(&command[1..]).arg(path).output().unwrap_or_else(|e| panic!("cannot run {}: {e}", command[0]))
}

fn taizhang(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-23"])
        .args(args)
        .output()
        .expect("run taizhang")
}

/// Ledgers, tasks and reported values: everything the clerk has, as JSON.
fn everything(db: &Path) -> Value {
    let store = Store::open_read_only(db).expect("open read-only");
    let read = store.read();
    let ledgers = read.ledgers().expect("ledgers");
    let tasks: Vec<Value> = ledgers.iter().map(|l| json!(read.tasks(l.ledger_id).expect("tasks"))).collect();
    let values: Vec<Value> = read
        .reported_values(1, Some(1))
        .expect("values")
        .iter()
        .map(|v| json!([v.unit_id, v.task_id, v.field, v.value]))
        .collect();
    json!({ "ledgers": ledgers.len(), "tasks": tasks, "values": values, "returns": read.returns(1).expect("returns").len() })
}

/// Runs `args` with less and less of the disk full until it succeeds. Every failure must be the
/// full-disk message and leave the database as it was. Returns the failures' messages.
fn until_it_fits(disk: &SmallDisk, db: &Path, args: &[&str]) -> Vec<String> {
    let before = everything(db);
    let mut failures: Vec<String> = Vec::new();
    for free in (0..).map(|n| n * STEP) {
        assert!(free < 3 << 20, "{args:?} still fails with {free} bytes free");
        disk.fill_leaving(free);
        let out = taizhang(db, args);
        if out.status.success() {
            disk.free_everything();
            println!("{args:?}: {} attempts ran out of space, then fitted in {} KB", failures.len(), free / 1024);
            for m in failures.first().into_iter().chain(failures.last()) {
                println!("  {}", m.trim());
            }
            return failures;
        }
        let message = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{message}");
        assert!(message.contains("磁盘空间不足") && message.contains("请清理磁盘后重试"), "{free} free: {message}");
        assert!(message.contains("已有数据完好无损"), "{message}");
        // Sound, with all its previous data and nothing of the failed operation.
        assert!(matches!(check_database(db), Ok(DatabaseHealth::Healthy { .. })), "{free} free: {message}");
        assert_eq!(everything(db), before, "{free} free: {args:?} left something half-written");
        let unfinished = std::fs::read_dir(db.parent().expect("dir").join("backups")).expect("backups").flatten();
        let partial: Vec<PathBuf> =
            unfinished.map(|e| e.path()).filter(|p| p.to_string_lossy().contains(".partial")).collect();
        assert!(partial.is_empty(), "unfinished backups left behind: {partial:?}");
        failures.push(message);
    }
    unreachable!()
}

#[test]
fn running_out_of_disk_space_loses_nothing_and_the_operation_succeeds_once_there_is_room() {
    let disk = SmallDisk::mount();
    let work = tempfile::tempdir().expect("tempdir");
    let db = disk.path().join("台账").join("taizhang.db");
    // A ledger with a round and two returned files (the files live off the small disk).
    let mut store = Store::open(&db).expect("store");
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(&mut store, &common::template("大同"), &options).expect("import").ledger_id;
    common::assign_datong_units(&mut store, ledger);
    let day = chrono::NaiveDate::from_ymd_opt(2022, 4, 25).expect("date");
    new_round(&mut store, ledger, Some("第1期"), Some(day), day).expect("round");
    let exported = export_unit_files(&mut store, 1, &work.path().join("out"), |_, _| {}).expect("export");
    let tasks = store.read().tasks(ledger).expect("tasks");
    drop(store);
    let returns: Vec<PathBuf> = exported.files[..2]
        .iter()
        .map(|f| {
            let task = tasks.iter().find(|t| t.lead_units.contains(&f.unit)).expect("a task");
            let progress = json!({ "progress": { format!("T{}", task.task_id): format!("{}已推进", f.unit) } });
            let filled = work.path().join(format!("filled-{}.xlsx", f.unit_id));
            common::office::fill_return(&f.path, &filled, &progress);
            filled
        })
        .collect();
    let first = returns[0].to_str().expect("utf-8");
    assert!(taizhang(&db, &["collect", "1", first]).status.success());
    assert_eq!(everything(&db)["returns"], 1);

    // A collect: runs out in the backup before it, then inside the collect's transaction.
    let second = returns[1].to_str().expect("utf-8");
    let failures = until_it_fits(&disk, &db, &["collect", "1", second]);
    assert!(!failures.is_empty());
    assert!(failures.iter().any(|m| m.contains("backups")), "no attempt ran out in the backup: {failures:?}");
    let in_collect = failures.iter().filter(|m| !m.contains("backups")).count();
    assert!(in_collect > 0, "no attempt ran out inside the collect itself: {failures:?}");
    let after = everything(&db);
    assert_eq!(after["returns"], 2);

    // An import: runs out in SQLite's write-ahead log; the message names the database.
    let template = common::template("济源");
    let failures = until_it_fits(&disk, &db, &["import", template.to_str().expect("utf-8")]);
    assert!(failures.len() >= 2, "{failures:?}");
    assert!(failures.iter().all(|m| m.contains("taizhang.db")), "{failures:?}");
    assert_eq!(everything(&db)["ledgers"], 2);

    // A manual backup into the backups folder.
    let manual = || list_backups(&db).expect("list").iter().filter(|b| b.reason == BackupReason::Manual).count();
    let failures = until_it_fits(&disk, &db, &["backup"]);
    assert!(!failures.is_empty());
    assert_eq!(manual(), 1);
    for backup in list_backups(&db).expect("list") {
        assert!(taizhang::store::inspect(&backup.path).is_ok(), "{} is not sound", backup.path.display());
    }
}
