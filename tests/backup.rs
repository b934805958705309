//! Backups and recovery: manual backup and restore through the CLI, the automatic backup before
//! a collect, the daily backup and retention, the startup check of a damaged database, and
//! files that are refused for restoring.

mod common;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use common::cli::{json_of, stderr, taizhang};
use common::office::fill_return;
use serde_json::{json, Value};
use taizhang::service::backup::{
    backup_now, check_database, daily_backup, list_backups, BackupReason, DatabaseHealth, COLLECT_KEPT, DAILY_KEPT,
};
use taizhang::service::{collect_returns, export_unit_files, import_ledger, new_round, ImportOptions, Outcome};
use taizhang::store::Store;
use taizhang::Error;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("time")
}

/// The 大同 ledger with units and round 第1期 (id 1), and two of its unit files filled by
/// openpyxl; returns the filled files.
fn datong_with_two_returns(db: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut store = Store::open(db).expect("store");
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(&mut store, &common::template("大同"), &options).expect("import").ledger_id;
    common::assign_datong_units(&mut store, ledger);
    let day = NaiveDate::from_ymd_opt(2022, 4, 25).expect("date");
    let round = new_round(&mut store, ledger, Some("第1期"), Some(day), day).expect("round");
    let exported = export_unit_files(&mut store, round.round_id, &dir.join("out"), |_, _| {}).expect("export");
    let tasks = store.read().tasks(ledger).expect("tasks");
    exported.files[..2]
        .iter()
        .map(|f| {
            let mine = tasks.iter().filter(|t| t.lead_units.contains(&f.unit));
            let progress: serde_json::Map<String, Value> =
                mine.map(|t| (format!("T{}", t.task_id), json!(format!("{}已推进第{}项", f.unit, t.seq)))).collect();
            let filled = dir.join(format!("filled-{}.xlsx", f.unit_id));
            fill_return(&f.path, &filled, &json!({ "progress": progress }));
            filled
        })
        .collect()
}

/// Everything a clerk sees of ledger 1: its tasks and round 1's reported values, as JSON.
fn ledger_state(db: &Path) -> Value {
    let store = Store::open(db).expect("store");
    let values: Vec<Value> = store
        .read()
        .reported_values(1, Some(1))
        .expect("values")
        .iter()
        .map(|v| json!([v.unit_name, v.task_id, v.field, v.value]))
        .collect();
    json!({ "tasks": store.read().tasks(1).expect("tasks"), "values": values })
}

fn reported_value_count(db: &Path) -> usize {
    Store::open_read_only(db).expect("open").read().reported_values(1, Some(1)).expect("values").len()
}

#[test]
fn a_manual_backup_restored_brings_back_tasks_and_reported_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("taizhang.db");
    let files = datong_with_two_returns(&db, dir.path());
    let files: Vec<&str> = files.iter().map(|f| f.to_str().expect("utf-8")).collect();
    let collected = json_of(&taizhang(&db, &["--json", "collect", "1", files[0]]));
    assert_eq!(collected[0]["outcome"], "applied");
    let saved = ledger_state(&db);
    assert!(!saved["values"].as_array().expect("values").is_empty());

    let file = dir.path().join("U盘").join("台账备份.db");
    let made = json_of(&taizhang(&db, &["--json", "backup", file.to_str().expect("utf-8")]));
    assert_eq!((made["path"].as_str(), made["reason"].as_str()), (file.to_str(), Some("manual")));
    assert_eq!(made["size"].as_u64(), Some(std::fs::metadata(&file).expect("backup").len()));

    // Later work: the second unit's return and a status change.
    json_of(&taizhang(&db, &["--json", "collect", "1", files[1]]));
    let task = saved["tasks"][0]["task_id"].as_i64().expect("task id").to_string();
    json_of(&taizhang(&db, &["--json", "edit", &task, "--status", "已完成"]));
    let later = ledger_state(&db);
    assert_ne!(later, saved);

    let restored = json_of(&taizhang(&db, &["--json", "restore", file.to_str().expect("utf-8")]));
    assert_eq!(restored["ledgers"], 1);
    assert_eq!(ledger_state(&db), saved);
    // The database as it was before the restore was backed up first, and holds the later work.
    let previous = PathBuf::from(restored["previous_saved_to"].as_str().expect("saved"));
    assert!(previous.starts_with(dir.path().join("backups")), "{}", previous.display());
    assert_eq!(ledger_state(&previous), later);
    let kinds: Vec<BackupReason> = list_backups(&db).expect("list").iter().map(|b| b.reason).collect();
    assert!(kinds.contains(&BackupReason::Restore), "{kinds:?}");
    // The CLI lists it, newest first, in Chinese.
    let listed = taizhang(&db, &["backups"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("恢复前自动备份"));
}

#[test]
fn each_collect_is_preceded_by_one_backup_of_the_state_before_it() {
    let (dir, mut store) = common::fresh_store();
    let files = datong_with_two_returns(store.path(), dir.path());
    assert!(list_backups(store.path()).expect("list").is_empty());

    let reports = collect_returns(&mut store, 1, &files[..1], |_, _| {}).expect("collect");
    assert_eq!(reports[0].outcome, Outcome::Applied);
    let taken = reports[0].taken;
    assert!(taken > 0);
    let backups = list_backups(store.path()).expect("list");
    assert_eq!(backups.iter().map(|b| b.reason).collect::<Vec<_>>(), [BackupReason::Collect]);
    assert_eq!(reported_value_count(&backups[0].path), 0, "the backup holds the state before the collect");
    assert!(Store::open_read_only(&backups[0].path).expect("open").read().returns(1).expect("returns").is_empty());

    // Two files in one collect: one more backup, not two; it holds the first collect's values.
    let after_first = values_of(&store);
    let reports = collect_returns(&mut store, 1, &files, |_, _| {}).expect("collect");
    assert_eq!(reports.iter().map(|r| r.outcome).collect::<Vec<_>>(), [Outcome::AlreadyCollected, Outcome::Applied]);
    let backups = list_backups(store.path()).expect("list");
    assert_eq!(backups.len(), 2);
    assert_eq!(values_of(&Store::open_read_only(&backups[0].path).expect("open")), after_first);
    assert!(values_of(&store).len() > after_first.len());
}

/// Round 1's reported values as (unit, task, field, value).
fn values_of(store: &Store) -> Vec<(i64, i64, String, String)> {
    let values = store.read().reported_values(1, Some(1)).expect("values");
    values.into_iter().map(|v| (v.unit_id, v.task_id, v.field, v.value)).collect()
}

#[test]
fn the_daily_backup_is_made_once_a_day_and_only_for_a_database_with_a_ledger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("taizhang.db");
    let daily = || list_backups(&db).expect("list").into_iter().filter(|b| b.reason == BackupReason::Daily).count();
    json_of(&taizhang(&db, &["--json", "ledgers"]));
    assert_eq!(daily(), 0, "an empty database is not backed up");
    let template = common::template("济源");
    json_of(&taizhang(&db, &["--json", "import", template.to_str().expect("utf-8")]));
    json_of(&taizhang(&db, &["--json", "ledgers"]));
    json_of(&taizhang(&db, &["--json", "tasks", "1"]));
    assert_eq!(daily(), 1);
    // Yesterday's daily backup (its name dated a day earlier) does not count for today.
    let today = chrono::Local::now().date_naive();
    let made = list_backups(&db).expect("list").remove(0).path;
    let yesterday = (today - chrono::Days::new(1)).format("%Y%m%d").to_string();
    let name =
        made.file_name().expect("name").to_string_lossy().replace(&today.format("%Y%m%d").to_string(), &yesterday);
    std::fs::rename(&made, made.with_file_name(name)).expect("backdate");
    json_of(&taizhang(&db, &["--json", "ledgers"]));
    let days: Vec<NaiveDate> = list_backups(&db).expect("list").iter().map(|b| b.created_at.date()).collect();
    assert_eq!(days, [today, today - chrono::Days::new(1)]);
    // The backup holds the ledger.
    let newest = &list_backups(&db).expect("list")[0];
    assert_eq!(Store::open_read_only(&newest.path).expect("open").read().ledgers().expect("ledgers").len(), 1);
}

#[test]
fn a_future_today_moves_due_dates_only_never_backup_names_or_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("taizhang.db");
    let clock = chrono::Local::now().date_naive();
    json_of(&taizhang(
        &db,
        &["--json", "--today", "2099-12-31", "import", common::template("济源").to_str().expect("utf-8")],
    ));
    // A manual backup made "in 2099", then more work, then a backup without --today.
    json_of(&taizhang(&db, &["--json", "--today", "2099-12-31", "backup"]));
    json_of(&taizhang(&db, &["--json", "import", common::template("大同").to_str().expect("utf-8")]));
    json_of(&taizhang(&db, &["--json", "backup"]));
    let all = list_backups(&db).expect("list");
    assert_eq!(all.len(), 3, "daily + two manual: {all:?}");
    for b in &all {
        let name = b.path.file_name().expect("name").to_string_lossy().into_owned();
        assert!(!name.contains("2099"), "{name} is named after --today");
        assert!(name.contains(&clock.format("%Y%m%d").to_string()), "{name} is not named after the clock");
        assert!(b.created_at.date() == clock || b.created_at.date() == clock + chrono::Days::new(1), "{b:?}");
    }
    assert_eq!(all.iter().filter(|b| b.reason == BackupReason::Manual).count(), 2);
    // The newest backup is the one made last, with both ledgers: restore --latest brings it back.
    json_of(&taizhang(&db, &["--json", "import", common::template("鄂尔多斯").to_str().expect("utf-8")]));
    json_of(&taizhang(&db, &["--json", "--today", "2001-01-01", "restore", "--latest"]));
    let titles = json_of(&taizhang(&db, &["--json", "ledgers"]));
    assert_eq!(titles.as_array().expect("ledgers").len(), 2, "{titles}");
}

#[test]
fn retention_keeps_the_newest_daily_and_collect_backups_and_every_manual_one() {
    let (_dir, mut store) = common::fresh_store();
    import_ledger(&mut store, &common::template("济源"), &ImportOptions::default()).expect("import");
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    for day in 0..DAILY_KEPT as u64 + 3 {
        let now = (start + chrono::Days::new(day)).and_hms_opt(9, 0, 0).expect("time");
        assert!(daily_backup(&store, now).expect("daily").is_some());
        assert!(daily_backup(&store, now).expect("daily").is_none(), "once a day");
    }
    for minute in 0..COLLECT_KEPT as u32 + 2 {
        backup_now(&store, BackupReason::Collect, at("2026-02-01 10:00:00") + chrono::Duration::minutes(minute.into()))
            .expect("backup");
        backup_now(&store, BackupReason::Manual, at("2026-02-02 10:00:00") + chrono::Duration::minutes(minute.into()))
            .expect("backup");
    }
    let all = list_backups(store.path()).expect("list");
    let of = |reason| all.iter().filter(|b| b.reason == reason).map(|b| b.created_at).collect::<Vec<_>>();
    let daily = of(BackupReason::Daily);
    assert_eq!(daily.len(), DAILY_KEPT);
    assert_eq!(daily.last().map(|d| d.date()), Some(start + chrono::Days::new(3)), "the 3 oldest days pruned");
    let collect = of(BackupReason::Collect);
    assert_eq!(collect.len(), COLLECT_KEPT);
    assert_eq!(collect.last(), Some(&at("2026-02-01 10:02:00")), "the 2 oldest pruned");
    assert_eq!(of(BackupReason::Manual).len(), COLLECT_KEPT + 2, "manual backups are never pruned");
}

/// Damages a database file in one of the ways a disk or a copy does.
fn damage(db: &Path, how: &str) {
    let mut bytes = std::fs::read(db).expect("read");
    match how {
        "garbage" => bytes = "这不是数据库".repeat(500).into_bytes(),
        "truncated" => bytes.truncate(bytes.len() / 3),
        "zeroed pages" => {
            let middle = bytes.len() / 2 / 4096 * 4096;
            bytes[middle..middle + 3 * 4096].fill(0);
        }
        _ => unreachable!(),
    }
    std::fs::write(db, bytes).expect("write");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

#[test]
fn a_damaged_database_is_refused_at_startup_naming_the_newest_good_backup() {
    for how in ["garbage", "truncated", "zeroed pages"] {
        let (dir, mut store) = common::fresh_store();
        import_ledger(&mut store, &common::template("大同"), &ImportOptions::default()).expect("import");
        let good = backup_now(&store, BackupReason::Daily, at("2026-11-22 09:00:00")).expect("backup");
        let newer = backup_now(&store, BackupReason::Manual, at("2026-11-23 10:15:00")).expect("backup");
        let db = store.path().to_path_buf();
        drop(store);
        assert_eq!(check_database(&db).expect("check"), DatabaseHealth::Healthy { ledgers: 1 });
        // The newest backup is damaged too: the check offers the one before it.
        damage(&newer.path, "garbage");
        damage(&db, how);
        let damaged_bytes = std::fs::read(&db).expect("read");

        let err = check_database(&db).expect_err(how);
        let Error::DatabaseDamaged { path, latest_backup, readable, .. } = &err else { panic!("{how}: {err:?}") };
        assert_eq!(path, &db);
        if how == "garbage" {
            assert!(!readable, "a file that is not a database cannot be read even read-only");
        }
        assert_eq!(latest_backup.as_ref(), Some(&(good.path.clone(), at("2026-11-22 09:00:00"))), "{how}");
        let message = err.to_string();
        for part in [&db.display().to_string(), "已损坏", &good.path.display().to_string(), "（2026-11-22 09:00）"]
        {
            assert!(message.contains(part), "{how}: {message}");
        }
        assert!(message.contains("taizhang restore --latest"), "{message}");

        // The CLI refuses every command with that message, and writes nothing to the file.
        let out = taizhang(&db, &["ledgers"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("已损坏") && stderr(&out).contains("restore --latest"), "{}", stderr(&out));
        assert_eq!(std::fs::read(&db).expect("read"), damaged_bytes, "{how}: the damaged file was changed");

        // restore --latest brings the good backup back and keeps the damaged file.
        let restored = json_of(&taizhang(&db, &["--json", "restore", "--latest"]));
        assert_eq!(restored["restored_from"].as_str(), good.path.to_str());
        let kept = PathBuf::from(restored["previous_saved_to"].as_str().expect("kept"));
        assert_eq!(std::fs::read(&kept).expect("kept"), damaged_bytes);
        assert_eq!(check_database(&db).expect("check"), DatabaseHealth::Healthy { ledgers: 1 });
        let tasks = Store::open(&db).expect("open").read().tasks(1).expect("tasks");
        assert_eq!(tasks.len(), 58, "{how}");
        drop(dir);
    }
}

#[test]
fn an_emptied_database_with_backups_is_damaged_but_a_new_one_is_not() {
    let (dir, store) = common::fresh_store();
    let db = store.path().to_path_buf();
    drop(store);
    let fresh = dir.path().join("new.db");
    assert_eq!(check_database(&fresh).expect("check"), DatabaseHealth::Missing);
    std::fs::write(&fresh, b"").expect("empty");
    assert_eq!(check_database(&fresh).expect("check"), DatabaseHealth::Missing);

    let store = Store::open(&db).expect("open");
    backup_now(&store, BackupReason::Manual, at("2026-11-23 10:15:00")).expect("backup");
    drop(store);
    damage(&db, "garbage");
    std::fs::write(&db, b"").expect("empty");
    let err = check_database(&db).expect_err("an emptied database");
    assert!(err.to_string().contains("文件为空（0 字节）"), "{err}");
}

#[test]
fn restoring_a_file_that_is_not_a_taizhang_database_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("taizhang.db");
    let template = common::template("济源");
    json_of(&taizhang(&db, &["--json", "import", template.to_str().expect("utf-8")]));
    let before = ledger_state(&db);
    let text = dir.path().join("说明.txt");
    std::fs::write(&text, "备份说明").expect("write");
    let half = dir.path().join("半个备份.db");
    let bytes = std::fs::read(&db).expect("read");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).expect("write");
    let cases: [(&Path, &str); 3] = [(&text, "不是数据库文件"), (&template, "不是数据库文件"), (&half, "已损坏")];
    for (file, reason) in cases {
        let out = taizhang(&db, &["restore", file.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        let message = stderr(&out);
        let name = file.file_name().expect("name").to_string_lossy();
        assert!(message.contains("不是可用的台账通数据库备份") && message.contains(&*name), "{message}");
        assert!(message.contains(reason) && message.contains("未做任何修改"), "{message}");
    }
    let missing = taizhang(&db, &["restore", "没有这个文件.db"]);
    assert!(stderr(&missing).contains("“没有这个文件.db”：文件不存在"), "{}", stderr(&missing));
    assert_eq!(ledger_state(&db), before);
    assert!(list_backups(&db).expect("list").iter().all(|b| b.reason != BackupReason::Restore));
    // --latest with no backup at all.
    let out = taizhang(&db, &["--today", "2026-01-01", "restore", "--latest"]);
    assert!(stderr(&out).contains("没有完好的备份"), "{}", stderr(&out));
}
