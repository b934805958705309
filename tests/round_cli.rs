//! Rounds through the `taizhang` binary: due dates from a schedule and China's working-day
//! calendar, and a collect killed half-way leaving the database consistent.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::office::python;
use serde_json::{json, Value};
use taizhang::store::Store;

fn taizhang(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang")).arg("--db").arg(db).args(args).output().expect("run taizhang")
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn ordos_quarterly_rule_uses_the_holiday_calendar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let template = common::template("鄂尔多斯");
    json_of(&taizhang(&db, &["--json", "import", template.to_str().expect("utf-8")]));
    let set = json_of(&taizhang(&db, &["--json", "schedule", "1", "每季度结束后5个工作日内报送"]));
    assert_eq!(set["description"], "每季度结束后5个工作日内");
    // 2024 Q3: Oct 1–7 National Day, Oct 12 (Saturday) a make-up working day.
    let q3 = json_of(&taizhang(&db, &["--json", "--today", "2024-09-15", "round", "new", "1"]));
    assert_eq!((q3["label"].as_str(), q3["due"].as_str()), (Some("2024年第3季度"), Some("2024-10-12")));
    // 2024 Q4: Jan 1 2025 a holiday; Jan 2, 3, 6, 7, 8.
    let q4 = json_of(&taizhang(&db, &["--json", "--today", "2024-12-01", "round", "new", "1"]));
    assert_eq!((q4["label"].as_str(), q4["due"].as_str()), (Some("2024年第4季度"), Some("2025-01-08")));
    // The same label twice is refused with a Chinese message.
    let again = taizhang(&db, &["--today", "2024-12-01", "round", "new", "1"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经有名为“2024年第4季度”的期次"));
}

#[test]
fn datong_semi_monthly_rule_moves_to_the_next_working_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let template = common::template("大同");
    json_of(&taizhang(&db, &["--json", "import", "--year", "2022", template.to_str().expect("utf-8")]));
    json_of(&taizhang(&db, &["--json", "schedule", "1", "于每月10日和25日填写双周进展情况"]));
    // 2024-02-10 falls in the Spring Festival holiday: due the next working day, 2024-02-18.
    let feb = json_of(&taizhang(&db, &["--json", "--today", "2024-02-01", "round", "new", "1"]));
    assert_eq!(feb["due"], "2024-02-18");
    // 2024-03-10 is a Sunday: moved to Monday 03-11; 03-25 is a Monday and stays.
    let sunday = json_of(&taizhang(&db, &["--json", "--today", "2024-03-01", "round", "new", "1"]));
    assert_eq!(sunday["due"], "2024-03-11");
    let ordinary = json_of(&taizhang(&db, &["--json", "--today", "2024-03-12", "round", "new", "1"]));
    assert_eq!(ordinary["due"], "2024-03-25");
}

/// Exports 大同's unit files, fills each one's first row, and returns the files.
fn filled_returns(db: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut store = Store::open(db).expect("store");
    let ledger = taizhang::service::import_ledger(
        &mut store,
        &common::template("大同"),
        &taizhang::service::ImportOptions { anchor_year: Some(2022), ..Default::default() },
    )
    .expect("import")
    .ledger_id;
    common::assign_datong_units(&mut store, ledger);
    let day = chrono::NaiveDate::from_ymd_opt(2022, 4, 25).expect("date");
    let round = taizhang::service::new_round(&mut store, ledger, Some("第1期"), Some(day), day).expect("round");
    let exported =
        taizhang::service::export_unit_files(&mut store, round.round_id, &dir.join("out"), |_, _| {}).expect("export");
    let tasks = store.read().tasks(ledger).expect("tasks");
    drop(store);
    exported
        .files
        .iter()
        .map(|f| {
            let task = tasks.iter().find(|t| t.lead_units.contains(&f.unit)).expect("a task");
            let spec = dir.join(format!("{}.json", f.unit_id));
            std::fs::write(
                &spec,
                json!({ "progress": { format!("T{}", task.task_id): format!("{}已推进", f.unit) } }).to_string(),
            )
            .expect("spec");
            let filled = dir.join("filled").join(f.path.file_name().expect("name"));
            std::fs::create_dir_all(filled.parent().expect("dir")).expect("dir");
            python("fill_return.py", &[&f.path, &filled, &spec]);
            filled
        })
        .collect()
}

/// Reported values per unit in the database's round 1.
fn values_per_unit(db: &Path) -> (String, HashMap<i64, usize>) {
    let store = Store::open(db).expect("open after kill");
    let check = store.read().integrity_check().expect("integrity");
    let mut counts = HashMap::new();
    for v in store.read().reported_values(1, Some(1)).expect("values") {
        *counts.entry(v.unit_id).or_default() += 1;
    }
    (check, counts)
}

#[test]
fn a_collect_killed_half_way_leaves_every_file_applied_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.db");
    let files = filled_returns(&base, dir.path());
    assert!(files.len() >= 15, "{} files", files.len());
    let args: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();

    // The reference: every file collected without interruption.
    let reference = dir.path().join("reference.db");
    std::fs::copy(&base, &reference).expect("copy");
    let mut cmd = vec!["collect", "1"];
    cmd.extend(args.iter().map(String::as_str));
    assert!(taizhang(&reference, &cmd).status.success());
    let (_, full) = values_per_unit(&reference);
    assert_eq!(full.len(), files.len());

    let mut partial = 0;
    for trial in 0..12u64 {
        let db = dir.path().join(format!("trial{trial}.db"));
        std::fs::copy(&base, &db).expect("copy");
        let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .arg("--db")
            .arg(&db)
            .args(&cmd)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(20 + trial * 37 % 400));
        child.kill().ok(); // SIGKILL
        child.wait().expect("wait");
        let (check, counts) = values_per_unit(&db);
        assert_eq!(check, "ok");
        for (unit, n) in &counts {
            assert_eq!(Some(n), full.get(unit), "unit {unit}: a file applied in part");
        }
        if !counts.is_empty() && counts.len() < full.len() {
            partial += 1;
        }
    }
    println!("{partial} of 12 trials were killed between files");
}
