//! Nothing the clerk has is lost by a slip: a command with nothing to do changes nothing, an
//! export never overwrites a file it did not just write, a stale undo undoes nothing, an old file
//! never matches a new ledger, a collect that fails half-way keeps and reports what it applied.

mod common;

use std::path::Path;

use common::cli::{json_of, stderr, taizhang};
use serde_json::Value;

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn edit_with_nothing_to_change_is_an_error_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    json_of(&taizhang(&db, &["--json", "import", path(&common::template("济源"))]));
    json_of(&taizhang(&db, &["--json", "edit", "1", "--status", "已完成"]));
    let history = json_of(&taizhang(&db, &["--json", "history"]));
    let out = taizhang(&db, &["edit", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("没有指定要修改的内容，未做任何修改"), "{}", stderr(&out));
    let tasks = json_of(&taizhang(&db, &["--json", "tasks", "1"]));
    assert_eq!(tasks[0]["status"], "已完成");
    assert_eq!(json_of(&taizhang(&db, &["--json", "history"])), history, "nothing was logged");
    // Clearing the status is said explicitly.
    json_of(&taizhang(&db, &["--json", "edit", "1", "--clear-status"]));
    assert_eq!(json_of(&taizhang(&db, &["--json", "tasks", "1"]))[0]["status"], Value::Null);
}

#[test]
fn re_export_leaves_a_same_named_return_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let out = dir.path().join("下发");
    json_of(&taizhang(&db, &["--json", "import", path(&common::template("鄂尔多斯"))]));
    json_of(&taizhang(&db, &["--json", "round", "new", "1", "--label", "第6期", "--due", "2024-10-12"]));
    let first = json_of(&taizhang(&db, &["--json", "export-units", "1", "--out", path(&out)]));
    let folder = Path::new(first["out_dir"].as_str().expect("out_dir")).to_path_buf();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert_eq!(folder, out.join(format!("第6期 下发 {today}")));
    let sent = folder.join("市财政局.xlsx");
    assert!(sent.exists(), "{}", sent.display());
    // The department's return, saved by the clerk over the file sent and beside the folder.
    let returned = b"PK\x03\x04 the department's filled return".to_vec();
    std::fs::write(&sent, &returned).expect("save return");
    std::fs::write(out.join("市财政局.xlsx"), &returned).expect("save return");
    let second = json_of(&taizhang(&db, &["--json", "export-units", "1", "--out", path(&out)]));
    let again = Path::new(second["out_dir"].as_str().expect("out_dir")).to_path_buf();
    assert_eq!(again, out.join(format!("第6期 下发 {today}（2）")));
    assert_eq!(std::fs::read(&sent).expect("read"), returned, "the return in the first folder was overwritten");
    assert_eq!(std::fs::read(out.join("市财政局.xlsx")).expect("read"), returned);
    assert!(again.join("市财政局.xlsx").metadata().expect("new file").len() > 1000);
    let files = |f: &Path| std::fs::read_dir(f).expect("dir").count();
    assert_eq!(files(&again), first["files"].as_array().expect("files").len());
}

/// The 鄂尔多斯 ledger (id 1) with round 第6期 (id 1) exported into `dir/下发`; returns the
/// export report.
fn ordos_round(db: &Path, dir: &Path) -> Value {
    json_of(&taizhang(db, &["--json", "import", path(&common::template("鄂尔多斯"))]));
    json_of(&taizhang(db, &["--json", "round", "new", "1", "--label", "第6期", "--due", "2024-10-12"]));
    json_of(&taizhang(db, &["--json", "export-units", "1", "--out", path(&dir.join("下发"))]))
}

/// The exported file of `unit`.
fn unit_file(exported: &Value, unit: &str) -> std::path::PathBuf {
    let files = exported["files"].as_array().expect("files");
    let file = files.iter().find(|f| f["unit"] == unit).unwrap_or_else(|| panic!("no file for {unit}"));
    file["path"].as_str().expect("path").into()
}

/// `unit`'s file filled with one progress text on each of its rows, written to `dir`.
fn filled(db: &Path, exported: &Value, unit: &str, dir: &Path, text: &str) -> std::path::PathBuf {
    let tasks = json_of(&taizhang(db, &["--json", "tasks", "1"]));
    let mine = tasks.as_array().expect("tasks").iter().filter(|t| {
        let has = |role: &str| t[role].as_array().is_some_and(|us| us.iter().any(|u| u == unit));
        has("lead_units") || has("co_units")
    });
    let progress: serde_json::Map<String, Value> =
        mine.map(|t| (format!("T{}", t["task_id"]), Value::String(text.to_string()))).collect();
    assert!(!progress.is_empty(), "{unit} has tasks");
    let out = dir.join(format!("回收-{unit}.xlsx"));
    common::office::fill_return(&unit_file(exported, unit), &out, &serde_json::json!({ "progress": progress }));
    out
}

#[test]
fn consolidate_refuses_to_overwrite_without_force_and_marks_the_latest_round() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let exported = ordos_round(&db, dir.path());
    let back = filled(&db, &exported, "市财政局", dir.path(), "已完成资金拨付。");
    let reports = json_of(&taizhang(&db, &["--json", "collect", "1", path(&back)]));
    assert_eq!(reports[0]["outcome"], "applied", "{reports}");
    // The clerk's own file already there is kept byte for byte.
    let out = dir.path().join("汇总.xlsx");
    std::fs::write(&out, b"the clerk's own notes").expect("write");
    let refused = taizhang(&db, &["consolidate", "1", "--out", path(&out)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("已存在，未覆盖") && stderr(&refused).contains("--force"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read(&out).expect("read"), b"the clerk's own notes");
    // With --force it is replaced; without --round, 本期是否报送 follows the latest round.
    json_of(&taizhang(&db, &["--json", "consolidate", "1", "--out", path(&out), "--force"]));
    let book = common::office::inspect(&out);
    let summary = common::office::rows(common::office::sheet(&book, taizhang::export::SUMMARY_SHEET));
    let returned: Vec<(String, String)> = summary
        .iter()
        .skip_while(|r| r.first().map(String::as_str) != Some("单位"))
        .skip(1)
        .take_while(|r| r.first().is_some_and(|c| !c.is_empty()))
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    assert!(returned.len() > 5, "{summary:?}");
    for (unit, said) in &returned {
        assert_eq!(said, if unit == "市财政局" { "是" } else { "否" }, "{unit}");
    }
    assert!(summary.iter().flatten().any(|c| c.contains("期次：第6期")), "the subtitle names the round: {summary:?}");
}

#[test]
fn an_undo_confirmed_for_an_operation_that_is_no_longer_the_newest_undoes_nothing() {
    let (_dir, mut store) = common::fresh_store();
    let options = taizhang::service::ImportOptions::default();
    let ledger = taizhang::service::import_ledger(&mut store, &common::template("济源"), &options).expect("import");
    let task = store.read().tasks(ledger.ledger_id).expect("tasks")[0].task_id;
    let edit = taizhang::service::TaskEdit::Status { status: Some("推进中".into()) };
    let confirmed = taizhang::service::edit_task(&mut store, task, &edit, "手工修改").expect("edit").expect("batch");
    // Meanwhile another operation lands.
    let other = taizhang::service::TaskEdit::Status { status: Some("已完成".into()) };
    taizhang::service::edit_task(&mut store, task, &other, "手工修改").expect("edit");
    let err = taizhang::service::undo_confirmed(&mut store, confirmed).expect_err("stale");
    assert!(err.to_string().contains("已不是最近一次操作") && err.to_string().contains("未撤销任何内容"), "{err}");
    assert_eq!(store.read().tasks(ledger.ledger_id).expect("tasks")[0].status.as_deref(), Some("已完成"));
    assert!(store.read().history().expect("history").iter().all(|b| b.undone_at.is_none()), "nothing undone");
    // The newest one, confirmed, is undone.
    let newest = store.read().last_undoable_batch().expect("batch").expect("some").batch_id;
    let report = taizhang::service::undo_confirmed(&mut store, newest).expect("undo");
    assert_eq!(report.batch_id, newest);
    assert_eq!(store.read().tasks(ledger.ledger_id).expect("tasks")[0].status.as_deref(), Some("推进中"));
}

#[test]
fn an_old_file_is_refused_after_undo_and_a_new_ledger_reuses_its_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let exported = ordos_round(&db, dir.path());
    let back = filled(&db, &exported, "市财政局", dir.path(), "旧台账时填的进展。");
    // Undo the round and the import; import the same template again: ledger 1, round 1 again,
    // with the same title and label.
    for _ in 0..2 {
        json_of(&taizhang(&db, &["--json", "undo"]));
    }
    assert_eq!(json_of(&taizhang(&db, &["--json", "ledgers"])).as_array().expect("ledgers").len(), 0);
    json_of(&taizhang(&db, &["--json", "import", path(&common::template("鄂尔多斯"))]));
    let round = json_of(&taizhang(&db, &["--json", "round", "new", "1", "--label", "第6期", "--due", "2024-10-12"]));
    assert_eq!(round["round_id"], 1, "SQLite reused the id");
    let out = taizhang(&db, &["--json", "collect", "1", path(&back)]);
    let reports: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(reports[0]["outcome"], "rejected", "{reports}");
    let message = reports[0]["message"].as_str().expect("message");
    assert!(message.contains("另一份同名台账") && message.contains("未做任何修改"), "{message}");
    let values = taizhang::store::Store::open(&db).expect("open").read().reported_values(1, None).expect("values");
    assert!(values.is_empty(), "{values:?}");
}

#[test]
fn a_collect_that_fails_at_a_file_keeps_and_reports_the_files_already_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let exported = ordos_round(&db, dir.path());
    let units: Vec<&str> =
        exported["files"].as_array().expect("files")[..3].iter().map(|f| f["unit"].as_str().expect("unit")).collect();
    let files: Vec<std::path::PathBuf> =
        units.iter().map(|u| filled(&db, &exported, u, dir.path(), &format!("{u}本期进展。"))).collect();
    let mut store = taizhang::store::Store::open(&db).expect("open");
    // After the first file, another program takes the database's write lock and keeps it.
    let blocker = rusqlite::Connection::open(&db).expect("second connection");
    let mut locked = false;
    let reports = taizhang::service::collect_returns(&mut store, 1, &files, |done, _| {
        if done == 1 && !locked {
            blocker.execute_batch("BEGIN IMMEDIATE").expect("lock");
            locked = true;
        }
    })
    .expect("the collect itself returns its reports");
    use taizhang::service::Outcome;
    let outcomes: Vec<Outcome> = reports.iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [Outcome::Applied, Outcome::Failed, Outcome::NotProcessed]);
    assert_eq!(reports[0].unit.as_deref(), Some(units[0]));
    let busy = &reports[1].message;
    assert!(busy.contains("数据库正被另一个程序") && busy.contains("未保存任何内容"), "{busy}");
    let second = format!("回收-{}.xlsx", units[1]);
    assert!(
        reports[2].message.contains("本文件未处理") && reports[2].message.contains(&second),
        "{}",
        reports[2].message
    );
    blocker.execute_batch("ROLLBACK").expect("unlock");
    drop(blocker);
    // The first file's values are stored; the others left nothing.
    let values = store.read().reported_values(1, Some(1)).expect("values");
    let reported: std::collections::BTreeSet<String> =
        values.iter().filter(|v| !v.value.is_empty()).map(|v| v.unit_name.clone()).collect();
    assert_eq!(reported.into_iter().collect::<Vec<_>>(), [units[0]]);
    // Collecting the rest again works.
    let again = taizhang::service::collect_returns(&mut store, 1, &files[1..], |_, _| {}).expect("collect");
    assert!(again.iter().all(|r| r.outcome == Outcome::Applied), "{again:?}");
}

#[test]
fn a_known_file_read_another_way_applies_nothing_until_reimport_which_undo_reverts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let file = common::template("济源");
    json_of(&taizhang(&db, &["--json", "import", path(&file)]));
    let task14 = |db: &Path| -> Value {
        let tasks = json_of(&taizhang(db, &["--json", "tasks", "1"]));
        tasks.as_array().expect("tasks").iter().find(|t| t["seq"] == "14").expect("task 14").clone()
    };
    let before = task14(&db);
    assert!(before["measure"].as_str().is_some_and(|m| m.starts_with("引导担保")), "{before}");
    assert_eq!(before["category"][2], "完善平台服务体系");
    json_of(&taizhang(&db, &["--json", "edit", &before["task_id"].to_string(), "--status", "推进中"]));
    let tasks_before = json_of(&taizhang(&db, &["--json", "tasks", "1"]));
    let history = json_of(&taizhang(&db, &["--json", "history"]));
    // Another --map: said, not applied.
    let said = json_of(&taizhang(&db, &["--json", "import", path(&file), "--map", "主要措施=工作措施"]));
    assert_eq!(said["created"], false);
    assert_eq!(said["batch_id"], Value::Null);
    let note = said["reading_note"].as_str().expect("note");
    assert!(
        note.contains("“主要措施”列：任务类别 改为 工作措施")
            && note.contains("未做任何修改")
            && note.contains("--reimport"),
        "{note}"
    );
    assert_eq!(json_of(&taizhang(&db, &["--json", "tasks", "1"])), tasks_before);
    assert_eq!(json_of(&taizhang(&db, &["--json", "history"])), history);
    // --reimport replaces the reading in one step; the task keeps its id and its status.
    let done = json_of(&taizhang(&db, &["--json", "import", path(&file), "--map", "主要措施=工作措施", "--reimport"]));
    assert!(done["batch_id"].as_i64().is_some(), "{done}");
    let after = task14(&db);
    assert_eq!(after["task_id"], before["task_id"]);
    assert_eq!(after["measure"], "完善平台服务体系");
    assert_eq!(after["status"], "推进中");
    assert_eq!(after["lead_units"], before["lead_units"]);
    // Re-reading the same way again has nothing to do.
    let again = json_of(&taizhang(&db, &["--json", "import", path(&file), "--map", "主要措施=工作措施", "--reimport"]));
    assert_eq!(again["batch_id"], Value::Null);
    // Undo puts the old reading back.
    json_of(&taizhang(&db, &["--json", "undo"]));
    assert_eq!(json_of(&taizhang(&db, &["--json", "tasks", "1"])), tasks_before);
    let columns = json_of(&taizhang(&db, &["--json", "import", path(&file)]));
    assert_eq!(columns["reading_note"], Value::Null, "the stored reading is the default one again: {columns}");
}

#[test]
fn another_year_is_said_then_applied_by_reimport() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let file = common::template("大同");
    json_of(&taizhang(&db, &["--json", "import", path(&file), "--year", "2022"]));
    let dues = |db: &Path| -> Vec<Value> {
        json_of(&taizhang(db, &["--json", "tasks", "1"]))
            .as_array()
            .expect("tasks")
            .iter()
            .map(|t| t["deadline"]["due"].clone())
            .collect()
    };
    let before = dues(&db);
    assert!(before.iter().any(|d| d.as_str().is_some_and(|d| d.starts_with("2022-"))), "{before:?}");
    let said = json_of(&taizhang(&db, &["--json", "import", path(&file), "--year", "2023"]));
    assert!(said["reading_note"].as_str().expect("note").contains("按 2022 年理解，改为按 2023 年"), "{said}");
    assert_eq!(dues(&db), before);
    json_of(&taizhang(&db, &["--json", "import", path(&file), "--year", "2023", "--reimport"]));
    let after = dues(&db);
    let moved = before.iter().zip(&after).filter(|(b, a)| b != a).count();
    assert!(moved > 0, "some month-only deadlines move to 2023");
    assert!(after.iter().all(|d| !d.as_str().is_some_and(|d| d.starts_with("2022-"))), "{after:?}");
    assert_eq!(json_of(&taizhang(&db, &["--json", "ledgers"]))[0]["anchor_year"], 2023);
    json_of(&taizhang(&db, &["--json", "undo"]));
    assert_eq!(dues(&db), before);
    assert_eq!(json_of(&taizhang(&db, &["--json", "ledgers"]))[0]["anchor_year"], 2022);
}

#[test]
fn backup_to_a_file_that_exists_needs_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    json_of(&taizhang(&db, &["--json", "import", path(&common::template("济源"))]));
    let other = dir.path().join("另一个数据库.db");
    std::fs::write(&other, b"the clerk's other file").expect("write");
    let refused = taizhang(&db, &["backup", path(&other)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("已存在，未覆盖"), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&other).expect("read"), b"the clerk's other file");
    let made = json_of(&taizhang(&db, &["--json", "backup", path(&other), "--force"]));
    assert_eq!(made["size"].as_u64(), Some(std::fs::metadata(&other).expect("backup").len()));
    let restored = taizhang::store::Store::open_read_only(&other).expect("a database now");
    assert_eq!(restored.read().ledgers().expect("ledgers").len(), 1);
}
