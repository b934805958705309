//! A whole reporting round on the 大同 ledger: unit files out, returns filled by another program
//! and re-saved by LibreOffice, collected, status and 催报, consolidated export.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use common::office::{convert, fill_return, inspect, libreoffice_resave, python, rows, sheet};
use common::{assign_datong_units, fresh_store, taken_texts, template};
use serde_json::json;
use taizhang::model::TaskView;
use taizhang::service::{
    collect_returns, consolidate, export_unit_files, import_ledger, new_round, round_status, ImportOptions, Outcome,
    Overwrite, UnitState,
};
use taizhang::store::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Imports 大同 (year 2022), assigns its units and starts round 第1期 due 2022-04-25.
fn datong_round(store: &mut Store) -> (i64, i64, Vec<TaskView>) {
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(store, &template("大同"), &options).expect("import").ledger_id;
    assert_eq!(assign_datong_units(store, ledger), 22);
    let round = new_round(store, ledger, Some("第1期"), Some(day(2022, 4, 25)), day(2022, 4, 11)).expect("round");
    (ledger, round.round_id, store.read().tasks(ledger).expect("tasks"))
}

fn unit_file(files: &[PathBuf], unit: &str) -> PathBuf {
    files
        .iter()
        .find(|f| f.file_stem().is_some_and(|s| s == unit))
        .cloned()
        .unwrap_or_else(|| panic!("no file for {unit}"))
}

/// The values under the header `header` (found in the first row that has it), below that row.
fn column_below(rows: &[Vec<String>], header: &str) -> Vec<(usize, String)> {
    let (hr, col) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.iter().position(|c| c == header).map(|c| (i, c)))
        .unwrap_or_else(|| panic!("no header {header}"));
    rows.iter().enumerate().skip(hr + 1).map(|(i, r)| (i, r.get(col).cloned().unwrap_or_default())).collect()
}

#[test]
fn datong_round_trip_through_openpyxl_and_libreoffice() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let out = dir.path().join("下发");
    let exported = export_unit_files(&mut store, round, &out, |_, _| {}).expect("export");

    // One file per unit found: every unit linked to a task.
    let linked: BTreeSet<String> = tasks.iter().flat_map(|t| t.lead_units.iter().chain(&t.co_units).cloned()).collect();
    let files: BTreeSet<String> = exported.files.iter().map(|f| f.unit.clone()).collect();
    assert_eq!(files, linked);
    assert!(files.contains("市财政局") && files.contains("市政府金融办"), "{files:?}");
    assert!(exported.tasks_without_units.is_empty(), "{:?}", exported.tasks_without_units);
    let paths: Vec<PathBuf> = exported.files.iter().map(|f| f.path.clone()).collect();
    for f in &exported.files {
        assert!(f.path.starts_with(&out) && f.path.exists());
    }

    // 市财政局's file, read by openpyxl: exactly its rows, keyed, protected, with a dropdown.
    let finance = unit_file(&paths, "市财政局");
    let finance_tasks: Vec<&TaskView> = tasks.iter().filter(|t| t.lead_units.iter().any(|u| u == "市财政局")).collect();
    let book = inspect(&finance);
    let full = sheet(&book, "全面清单");
    let keys: Vec<String> =
        finance_tasks.iter().filter(|t| t.sheet == "全面清单").map(|t| format!("T{}", t.task_id)).collect();
    let file_keys: Vec<String> =
        column_below(&rows(full), "台账通编号").into_iter().map(|(_, k)| k).filter(|k| !k.is_empty()).collect();
    assert_eq!(file_keys, keys);
    assert_eq!(full["protection"]["sheet"], true);
    assert_eq!(sheet(&book, "_台账通")["state"], "hidden");
    assert_eq!(book["custom_properties"]["taizhang_unit_name"], "市财政局");

    // A department fills progress with openpyxl, rewrites one measure, adds a row 17-1, then
    // re-saves with LibreOffice.
    let first = finance_tasks[0];
    let second = finance_tasks[1];
    let spec = json!({
        "progress": { format!("T{}", first.task_id): "已设立企业信用保证基金，规模2亿元。", format!("T{}", second.task_id): "正在对接省级财政资金。" },
        "status": { format!("T{}", first.task_id): "已完成" },
        "edit_measure": { format!("T{}", second.task_id): "（被改写的措施）" },
        "add_row": { "seq": "17-1", "measure": "新增：开展银企对接活动。", "progress": "已开展2场。" }
    });
    let filled = dir.path().join("回收").join("市财政局.xlsx");
    std::fs::create_dir_all(filled.parent().expect("dir")).expect("dir");
    fill_return(&finance, &filled, &spec);
    let resaved = libreoffice_resave(&filled, &dir.path().join("lo"), "xlsx");

    let reports = collect_returns(&mut store, round, std::slice::from_ref(&resaved), |_, _| {}).expect("collect");
    let r = &reports[0];
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!(r.unit.as_deref(), Some("市财政局"));
    assert_eq!(r.identified_by.as_deref(), Some("identity"));
    let texts = taken_texts(&store, r);
    let taken: Vec<(i64, &str)> = texts.iter().map(|(task, _, _, new)| (*task, new.as_str())).collect();
    assert_eq!(taken.len(), r.taken, "{taken:?}");
    assert!(taken.contains(&(first.task_id, "已设立企业信用保证基金，规模2亿元。")), "{taken:?}");
    assert!(taken.contains(&(second.task_id, "正在对接省级财政资金。")), "{taken:?}");
    assert!(taken.contains(&(first.task_id, "已完成")), "{taken:?}");
    assert_eq!(r.refused.len(), 1, "{:#?}", r.refused);
    assert_eq!((r.refused[0].task_id, r.refused[0].returned.as_str()), (second.task_id, "（被改写的措施）"));
    assert_eq!(r.added_rows.len(), 1, "{:?}", r.added_rows);
    assert_eq!((r.added_rows[0].seq.as_str(), r.added_rows[0].measure.as_str()), ("17-1", "新增：开展银企对接活动。"));
    assert!(r.missing_tasks.is_empty(), "{:?}", r.missing_tasks);

    // The refused measure change was not applied; the status (市财政局 leads) was.
    let after = store.read().tasks(ledger).expect("tasks");
    let t2 = after.iter().find(|t| t.task_id == second.task_id).expect("task");
    assert_eq!(t2.measure, second.measure);
    let t1 = after.iter().find(|t| t.task_id == first.task_id).expect("task");
    assert_eq!(t1.status.as_deref(), Some("已完成"));

    // The same file again changes nothing.
    let history = store.read().history().expect("history").len();
    let again = collect_returns(&mut store, round, std::slice::from_ref(&resaved), |_, _| {}).expect("collect");
    assert_eq!(again[0].outcome, Outcome::AlreadyCollected);
    assert_eq!(store.read().history().expect("history").len(), history);

    // Status: 市财政局 returned on 4-20 (collected "today", i.e. before the due date only if the
    // test clock says so; use the round's own view), others not yet; the 催报 names them.
    let status = round_status(&store, round, day(2022, 4, 26)).expect("status");
    let finance_state = status.units.iter().find(|u| u.unit == "市财政局").expect("unit").state;
    assert!(matches!(finance_state, UnitState::Returned | UnitState::Late));
    assert_eq!(status.not_returned, status.units.len() - 1);
    let reminder = status.reminder.expect("reminder");
    assert!(reminder.contains("截止时间为2022年4月25日") && reminder.contains("市政府金融办"), "{reminder}");
    assert!(!reminder.contains("市财政局、") && !reminder.ends_with("市财政局"), "{reminder}");

    // A second unit reports on the same first task: the consolidated cell has both, one line each.
    let jinrong = unit_file(&paths, "市政府金融办");
    let both = json!({ "progress": { format!("T{}", first.task_id): "金融办已督促落实。" } });
    let filled2 = dir.path().join("回收").join("市政府金融办.xlsx");
    fill_return(&jinrong, &filled2, &both);
    let r2 = collect_returns(&mut store, round, &[filled2], |_, _| {}).expect("collect");
    assert_eq!(r2[0].outcome, Outcome::Applied, "{}", r2[0].message);

    let book = dir.path().join("汇总.xlsx");
    let summary =
        consolidate(&store, ledger, Some(round), &book, day(2022, 4, 26), Overwrite::Refuse).expect("consolidate");
    assert_eq!(summary.task_count, 58);
    let consolidated = inspect(&book);
    let table = rows(sheet(&consolidated, "全面清单"));
    let row = column_below(&table, "序号").into_iter().find(|(_, seq)| *seq == first.seq).expect("row").0;
    let progress_col = table.iter().find_map(|r| r.iter().position(|c| c == "双周进展情况")).expect("column");
    let cell = table[row][progress_col].clone();
    let lead_first = tasks.iter().find(|t| t.task_id == first.task_id).expect("task").lead_units.clone();
    let finance_line = "【市财政局】已设立企业信用保证基金，规模2亿元。";
    let jinrong_line = "【市政府金融办】金融办已督促落实。";
    let expected = if lead_first.iter().position(|u| u == "市财政局")
        < lead_first.iter().position(|u| u == "市政府金融办")
    {
        format!("{finance_line}\n{jinrong_line}")
    } else {
        format!("{jinrong_line}\n{finance_line}")
    };
    assert_eq!(cell, expected);
    let finance_line = summary.units.iter().find(|u| u.unit == "市财政局").expect("summary line");
    assert!(finance_line.returned && finance_line.completed == 1);
    let pdf = convert(&book, &dir.path().join("pdf"), "pdf");
    assert!(std::fs::metadata(&pdf).expect("pdf").len() > 10_000);
}

#[test]
fn a_file_of_another_ledger_is_rejected_and_a_newer_return_supersedes() {
    let (dir, mut store) = fresh_store();
    let (_, round, tasks) = datong_round(&mut store);
    // A unit file of the 济源 ledger's round.
    let jiyuan = import_ledger(&mut store, &template("济源"), &ImportOptions::default()).expect("济源").ledger_id;
    let other_round =
        new_round(&mut store, jiyuan, Some("第1期"), Some(day(2022, 6, 30)), day(2022, 6, 1)).expect("round");
    let other =
        export_unit_files(&mut store, other_round.round_id, &dir.path().join("济源"), |_, _| {}).expect("export");
    let before = store.read().history().expect("history").len();
    let reports = collect_returns(&mut store, round, &[other.files[0].path.clone()], |_, _| {}).expect("collect");
    assert_eq!(reports[0].outcome, Outcome::Rejected);
    assert!(reports[0].message.contains("不属于本台账"), "{}", reports[0].message);
    assert_eq!(store.read().history().expect("history").len(), before);
    assert!(store.read().returns(round).expect("returns").is_empty());

    // Two returns of one unit: the newer supersedes, the older stays in history.
    let files = export_unit_files(&mut store, round, &dir.path().join("大同"), |_, _| {}).expect("export");
    let finance = unit_file(&files.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(), "市财政局");
    let task = tasks.iter().find(|t| t.lead_units.iter().any(|u| u == "市财政局")).expect("task");
    let mut ids = Vec::new();
    for (n, text) in ["第一次报送", "第二次报送（更正）"].iter().enumerate() {
        let spec = json!({ "progress": { format!("T{}", task.task_id): text } });
        let filled = dir.path().join(format!("市财政局-{n}.xlsx"));
        fill_return(&finance, &filled, &spec);
        let r = collect_returns(&mut store, round, &[filled], |_, _| {}).expect("collect");
        assert_eq!(r[0].outcome, Outcome::Applied, "{}", r[0].message);
        ids.push(r[0].return_id.expect("return id"));
    }
    // Both files stay in history; the second, saved no earlier, counts for the row both report.
    let returns = store.read().returns(round).expect("returns");
    assert_eq!(returns.iter().map(|r| r.return_id).collect::<Vec<_>>(), ids);
    assert!(returns[0].file_time <= returns[1].file_time, "{returns:?}");
    let current: Vec<String> = store
        .read()
        .reported_values(store.read().round(round).expect("round").ledger_id, Some(round))
        .expect("values")
        .into_iter()
        .filter(|v| v.task_id == task.task_id && v.field.starts_with("cell:"))
        .map(|v| v.value)
        .collect();
    assert!(current.contains(&"第二次报送（更正）".to_string()) && !current.contains(&"第一次报送".to_string()));
}

#[test]
fn a_return_pasted_into_a_new_workbook_is_recognised_by_its_content() {
    let (dir, mut store) = fresh_store();
    let (_, round, tasks) = datong_round(&mut store);
    let files = export_unit_files(&mut store, round, &dir.path().join("out"), |_, _| {}).expect("export");
    let finance = unit_file(&files.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(), "市财政局");
    let task = tasks.iter().find(|t| t.lead_units.iter().any(|u| u == "市财政局")).expect("task");
    let pasted = dir.path().join("粘贴的报送.xlsx");
    python("paste_into_new_workbook.py", &[&finance, &pasted, &dir.path().join(format!("T{}", task.task_id))]);
    let r = collect_returns(&mut store, round, &[pasted], |_, _| {}).expect("collect");
    assert_eq!(r[0].outcome, Outcome::Applied, "{}", r[0].message);
    assert_eq!(r[0].unit.as_deref(), Some("市财政局"));
    assert_ne!(r[0].identified_by.as_deref(), Some("identity"));
    let texts = taken_texts(&store, &r[0]);
    assert!(texts.iter().any(|(t, _, _, new)| *t == task.task_id && new == "粘贴后填写的进展"), "{texts:?}");
    assert!(texts.iter().any(|(t, _, old, _)| *t == task.task_id && old.is_empty()), "{texts:?}");
    assert_eq!(r[0].taken, texts.len());
}
