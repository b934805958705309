//! Quantified targets (指标) of ledgers imported from policy documents: stored per task (or on the
//! ledger for a plan's 工作目标), reported by the departments in their unit files, compared in
//! the consolidated ledger, corrected by hand and undone.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::cli::{json_of, taizhang};
use common::office::{fill_return, inspect, libreoffice_resave, rows, sheet};
use common::{fresh_store, task};
use serde_json::{json, Value};
use taizhang::dates::DeadlineKind;
use taizhang::indicators::{StoredIndicator, Verdict};
use taizhang::model::TaskView;
use taizhang::service::{
    collect_returns, consolidate, edit_indicator, edit_task, export_unit_files, import_ledger, indicator_statuses,
    new_round, replace_task_units, undo_last, ImportOptions, IndicatorEdit, Outcome, Overwrite, TaskEdit,
};
use taizhang::store::Store;

fn docx(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    std::fs::read_dir(&dir)
        .expect("assets/templates exists")
        .map(|e| e.expect("dir entry").path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "docx")
                && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no .docx starting with {prefix}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The indicator of a task (or of the ledger) with this unit and target.
fn find<'a>(found: &'a [StoredIndicator], unit: &str, target: f64) -> &'a StoredIndicator {
    found
        .iter()
        .find(|i| i.indicator.unit == unit && i.indicator.target == target)
        .unwrap_or_else(|| panic!("no {target}{unit} in {found:?}"))
}

/// The canonical unit a spelling resolves to in the directory.
fn unit_of(store: &Store, spelling: &str) -> String {
    let key = taizhang::units::normalize_name(spelling);
    let rows = store.read().unit_aliases().expect("aliases");
    let row = rows.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("{spelling} is not in the directory"));
    store.read().unit_name(row.unit_id).expect("unit")
}

#[test]
fn ordos_ten_actions_with_the_plans_own_targets() {
    let (_dir, mut store) = fresh_store();
    let report = import_ledger(&mut store, &docx("鄂尔多斯"), &ImportOptions::default()).expect("import");
    assert_eq!(report.task_count, 10);
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    let seqs: Vec<&str> = tasks.iter().map(|t| t.seq.as_str()).collect();
    assert_eq!(seqs, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);

    // Task (一): two lead units; 市政府金融办 and 市人民政府金融工作办公室 are one unit.
    let first = task(&tasks, "任务清单", "1");
    let office = unit_of(&store, "市人民政府金融工作办公室");
    assert_eq!(unit_of(&store, "市政府金融办"), office);
    assert_eq!(first.lead_units, [unit_of(&store, "市发展和改革委员会"), office.clone()]);
    assert!(first.co_units.contains(&unit_of(&store, "市财政局")), "{:?}", first.co_units);
    assert!(first.co_units.contains(&unit_of(&store, "各金融机构")), "{:?}", first.co_units);
    // "2024年；三年内" in a plan of 2022: both by the end of 2024.
    assert_eq!(first.deadline.raw, "2024年；三年内");
    assert_eq!(first.deadline.due, Some(day(2024, 12, 31)));
    assert!(first.deadline.milestones.iter().all(|m| m.date == day(2024, 12, 31)));

    // The 二、工作目标 targets are the ledger's own indicators.
    let stored = store.read().indicators(report.ledger_id).expect("indicators");
    let ledger_level: Vec<StoredIndicator> = stored.iter().filter(|i| i.task_id.is_none()).cloned().collect();
    assert_eq!(ledger_level.len(), 21);
    let loans = find(&ledger_level, "亿元", 150.0);
    assert_eq!((loans.indicator.comparator.as_str(), loans.indicator.period.as_deref()), ("ge", Some("每年")));
    assert_eq!(loans.indicator.metric, "三年内每年累计投放贷款新增150亿元以上");
    assert!(loans.indicator.sentence.starts_with("全力满足各类市场主体融资需求"), "{}", loans.indicator.sentence);
    assert_eq!(find(&ledger_level, "户", 6000.0).indicator.period.as_deref(), Some("2024年"));
    // The report lists the same, ledger-level first, with their stored ids.
    let reported = &report.indicators[0];
    assert_eq!((reported.task.as_deref(), reported.target_text.as_str()), (None, "≥ 150 亿元"));
    assert_eq!(reported.indicator_id, Some(loans.indicator_id));
    assert_eq!(report.indicators.len(), stored.len());
    // Task (一)'s own targets, in the task's listing.
    let green = find(&first.indicators, "亿元", 500.0);
    assert_eq!((green.indicator.comparator.as_str(), green.indicator.period.as_deref()), ("ge", Some("2024年")));
    assert_eq!(find(&first.indicators, "亿元", 200.0).indicator.period.as_deref(), Some("三年内"));
    // Quantities that are no target are reported, with their task.
    let unplaced: Vec<(&str, &str)> =
        report.unplaced.iter().map(|u| (u.task.as_deref().unwrap_or(""), u.sentence.as_str())).collect();
    assert!(
        unplaced.iter().any(|(t, s)| *t == "任务清单 序号3" && s.starts_with("加快30亿元科技创新基金募集")),
        "{unplaced:?}"
    );
}

#[test]
fn liaocheng_measure_one_targets_are_stored_on_its_task() {
    let (_dir, mut store) = fresh_store();
    let report = import_ledger(&mut store, &docx("聊城"), &ImportOptions::default()).expect("import");
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    for n in 1..=26 {
        let n = n.to_string();
        assert!(tasks.iter().any(|t| t.seq == n || t.seq.starts_with(&format!("{n}-"))), "measure {n}");
    }
    let three: Vec<&str> = tasks.iter().map(|t| t.seq.as_str()).filter(|s| s.starts_with("3-") || *s == "3").collect();
    assert_eq!(three, ["3-1", "3-2"]);
    let first = task(&tasks, "任务清单", "1");
    assert_eq!(first.indicators.len(), 3, "{:?}", first.indicators);
    let share = find(&first.indicators, "%", 80.0);
    assert_eq!(share.indicator.comparator, "ge");
    assert!(share.indicator.metric.contains("80%以上"), "{}", share.indicator.metric);
    assert_eq!(find(&first.indicators, "%", 1.0).indicator.comparator, "le");
    let guarantees = find(&first.indicators, "亿元", 50.0);
    assert_eq!(guarantees.indicator.comparator, "ge");
    assert_eq!(guarantees.indicator.period.as_deref(), Some("全年"));
    assert_eq!((guarantees.task_id, guarantees.seq.as_deref()), (Some(first.task_id), Some("1")));
    // "全年" in a 2024 plan: the task is due at the end of 2024.
    assert_eq!((first.deadline.kind, first.deadline.due), (DeadlineKind::Date, Some(day(2024, 12, 31))));
    // No 工作目标 section: every indicator belongs to a task.
    assert!(store.read().indicators(report.ledger_id).expect("indicators").iter().all(|i| i.task_id.is_some()));
}

#[test]
fn a_document_without_measures_creates_nothing() {
    let (dir, mut store) = fresh_store();
    let path = dir.path().join("会议纪要.txt");
    std::fs::write(&path, "关于金融工作的会议纪要\n一、会议要求全年新增贷款50亿元以上。\n").expect("write");
    let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("no measures");
    let message = err.to_string();
    assert!(message.contains("会议纪要.txt") && message.contains("（牵头单位：…）"), "{message}");
    assert!(store.read().ledgers().expect("ledgers").is_empty());
    assert!(store.read().history().expect("history").is_empty());
}

#[test]
fn xlsx_ledgers_get_indicators_from_their_measure_cells() {
    let (_dir, mut store) = fresh_store();
    let report = import_ledger(&mut store, &common::template("济源"), &ImportOptions::default()).expect("import");
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    let loans = find(&task(&tasks, "Sheet1", "7").indicators, "亿元", 20.0);
    assert_eq!(
        (loans.indicator.comparator.as_str(), loans.indicator.baseline, loans.indicator.baseline_date.as_deref()),
        ("ge", Some(14.0), Some("2021年底"))
    );
    assert!(report.indicators.iter().any(|i| i.task.as_deref() == Some("Sheet1 序号7") && i.indicator.target == 20.0));
}

/// 聊城 imported, round 2024年1月 started and its unit files written; returns the ledger, the
/// round, the tasks and 市财政局's file.
fn liaocheng_round(store: &mut Store, out: &Path) -> (i64, i64, Vec<TaskView>, PathBuf) {
    let ledger = import_ledger(store, &docx("聊城"), &ImportOptions::default()).expect("import").ledger_id;
    let round = new_round(store, ledger, Some("2024年1月"), Some(day(2024, 2, 5)), day(2024, 1, 20)).expect("round");
    let exported = export_unit_files(store, round.round_id, out, |_, _| {}).expect("export");
    let finance = exported.files.iter().find(|f| f.unit == "市财政局").expect("市财政局's file").path.clone();
    (ledger, round.round_id, store.read().tasks(ledger).expect("tasks"), finance)
}

#[test]
fn a_round_reports_actual_values_through_openpyxl_and_libreoffice() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks, finance) = liaocheng_round(&mut store, &dir.path().join("下发"));
    let first = task(&tasks, "任务清单", "1");
    let (share, fee, guarantees) = (
        find(&first.indicators, "%", 80.0).indicator_id,
        find(&first.indicators, "%", 1.0).indicator_id,
        find(&first.indicators, "亿元", 50.0).indicator_id,
    );

    // 市财政局 leads measure 1: its file has the indicator sheet, key hidden, only 实际完成值
    // unlocked, protected like the task sheet.
    let book = inspect(&finance);
    let names: Vec<&str> =
        book["sheets"].as_array().expect("sheets").iter().map(|s| s["name"].as_str().unwrap_or("")).collect();
    assert_eq!(names, ["任务清单", "量化指标", "_台账通"]);
    let sheet_of = sheet(&book, "量化指标");
    let table = rows(sheet_of);
    assert_eq!(table[2], ["台账通指标编号", "序号", "指标", "目标", "基期值", "实际完成值"]);
    let finance_led: Vec<&TaskView> = tasks.iter().filter(|t| t.lead_units.iter().any(|u| u == "市财政局")).collect();
    let expected: usize = finance_led.iter().map(|t| t.indicators.len()).sum();
    let data: Vec<&Vec<String>> = table.iter().skip(3).filter(|r| r[0].starts_with('I')).collect();
    assert_eq!(data.len(), expected);
    let row_of = |id: i64| table.iter().position(|r| r[0] == format!("I{id}")).expect("indicator row");
    let guarantee_row = &table[row_of(guarantees)];
    assert_eq!(
        guarantee_row[1..5],
        ["1".to_string(), "全年新增政府性融资担保业务50亿元以上".into(), "≥ 50 亿元".into(), "".into()]
    );
    assert_eq!(table[row_of(fee)][3], "≤ 1 %");
    assert_eq!(sheet_of["hidden_columns"], json!(["A"]));
    assert_eq!(sheet_of["protection"]["sheet"], true);
    let unlocked: Vec<String> = sheet_of["unlocked"]
        .as_array()
        .expect("unlocked")
        .iter()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    assert!(unlocked.contains(&format!("F{}", row_of(guarantees) + 1)), "{unlocked:?}");
    assert!(unlocked.iter().all(|c| c.starts_with('F')), "{unlocked:?}");

    // A value that is not a number: the whole file is refused, naming the sheet and row.
    let bad = dir.path().join("退回").join("市财政局.xlsx");
    std::fs::create_dir_all(bad.parent().expect("dir")).expect("dir");
    let bad_spec = json!({ "actual": { format!("I{guarantees}"): "约五十亿" } });
    fill_return(&finance, &bad, &bad_spec);
    let reports = collect_returns(&mut store, round, std::slice::from_ref(&bad), |_, _| {}).expect("collect");
    assert_eq!(reports[0].outcome, Outcome::Rejected);
    let message = &reports[0].message;
    let expected_place = format!("工作表“量化指标”第 {} 行", row_of(guarantees) + 1);
    assert!(message.contains("市财政局.xlsx") && message.contains(&expected_place), "{message}");
    assert!(message.contains("约五十亿") && message.contains("不是数字"), "{message}");
    assert!(store.read().returns(round).expect("returns").is_empty());

    // Filled with openpyxl (a number, a percentage, a value with its unit), re-saved by
    // LibreOffice, collected.
    let spec = json!({
        "progress": { format!("T{}", first.task_id): "已新增担保业务52.3亿元。" },
        "actual": { format!("I{share}"): 85, format!("I{fee}"): "1.2%", format!("I{guarantees}"): "52.3亿元" }
    });
    let filled = dir.path().join("回收").join("市财政局.xlsx");
    std::fs::create_dir_all(filled.parent().expect("dir")).expect("dir");
    fill_return(&finance, &filled, &spec);
    let resaved = libreoffice_resave(&filled, &dir.path().join("lo"), "xlsx");
    let reports = collect_returns(&mut store, round, std::slice::from_ref(&resaved), |_, _| {}).expect("collect");
    let r = &reports[0];
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    let mut taken: Vec<(i64, f64, Option<&str>)> =
        r.indicators.iter().map(|t| (t.indicator_id, t.value, t.unit.as_deref())).collect();
    taken.sort_by_key(|t| t.0);
    let mut want = vec![(share, 85.0, None), (fee, 1.2, Some("%")), (guarantees, 52.3, Some("亿元"))];
    want.sort_by_key(|t| t.0);
    assert_eq!(taken, want);
    assert!(r.message.contains("3 项指标实际完成值"), "{}", r.message);

    let statuses = indicator_statuses(&store, ledger, Some(round)).expect("statuses");
    let verdict = |id: i64| statuses.iter().find(|s| s.stored.indicator_id == id).expect("status").verdict;
    assert_eq!((verdict(share), verdict(fee), verdict(guarantees)), (Verdict::Met, Verdict::NotMet, Verdict::Met));
    let unreported = statuses.iter().filter(|s| s.verdict == Verdict::NotReported).count();
    assert_eq!(unreported, statuses.len() - 3);

    // The consolidated ledger's 汇总 sheet, read back with openpyxl.
    let out = dir.path().join("汇总.xlsx");
    let consolidated =
        consolidate(&store, ledger, Some(round), &out, day(2024, 2, 6), Overwrite::Refuse).expect("consolidate");
    assert_eq!(consolidated.indicators.len(), statuses.len());
    let summary = rows(sheet(&inspect(&out), "汇总"));
    let heading = summary.iter().position(|r| r[0].starts_with("量化指标完成情况")).expect("indicator table");
    assert_eq!(summary[heading][0], format!("量化指标完成情况（共 {} 项，达标 2 项）", statuses.len()));
    assert_eq!(summary[heading + 1], ["所属任务", "目标", "指标", "实际完成值", "是否达标"]);
    let line = |target: &str| -> Vec<String> {
        summary.iter().skip(heading + 2).find(|r| r[0] == "序号1" && r[1] == target).expect("line").clone()
    };
    assert_eq!(
        line("≥ 50 亿元")[2..],
        ["全年新增政府性融资担保业务50亿元以上".to_string(), "52.3亿元".into(), "达标".into()]
    );
    assert_eq!(line("≤ 1 %")[3..], ["1.2%".to_string(), "未达标".into()]);
    assert_eq!(line("≥ 80 %")[3..], ["85%".to_string(), "达标".into()]);
    let not_reported = summary.iter().skip(heading + 2).filter(|r| r.get(4).is_some_and(|v| v == "未报")).count();
    assert_eq!(not_reported, statuses.len() - 3);

    // Undoing the collect removes the values.
    undo_last(&mut store).expect("undo collect");
    let after = indicator_statuses(&store, ledger, None).expect("statuses");
    assert!(after.iter().all(|s| s.verdict == Verdict::NotReported && s.actuals.is_empty()));
}

#[test]
fn an_indicator_correction_is_logged_and_undone() {
    let (_dir, mut store) = fresh_store();
    let ledger = import_ledger(&mut store, &docx("聊城"), &ImportOptions::default()).expect("import").ledger_id;
    let tasks = store.read().tasks(ledger).expect("tasks");
    let id = find(&task(&tasks, "任务清单", "1").indicators, "亿元", 50.0).indicator_id;
    let edit = IndicatorEdit {
        target: Some(60.0),
        comparator: Some("≤".into()),
        unit: Some("万元".into()),
        baseline: Some(42.5),
        baseline_date: Some("2023年底".into()),
        ..Default::default()
    };
    let batch = edit_indicator(&mut store, id, &edit, "测试修改").expect("edit").expect("a change");
    let edited = store.read().indicator(id).expect("indicator");
    assert_eq!(
        (edited.indicator.target, edited.indicator.comparator.as_str(), edited.indicator.unit.as_str()),
        (60.0, "le", "万元")
    );
    assert_eq!((edited.indicator.baseline, edited.indicator.baseline_date.as_deref()), (Some(42.5), Some("2023年底")));
    let history = store.read().history().expect("history");
    let logged = history.iter().find(|b| b.batch_id == batch).expect("batch");
    assert_eq!(logged.source, "测试修改");
    let fields: Vec<(&str, Option<&str>, Option<&str>)> = logged
        .changes
        .iter()
        .map(|c| (c.field.as_deref().unwrap_or(""), c.old_value.as_deref(), c.new_value.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("comparator", Some("ge"), Some("le")),
            ("target", Some("50"), Some("60")),
            ("baseline", None, Some("42.5")),
            ("unit", Some("亿元"), Some("万元")),
            ("baseline_date", None, Some("2023年底")),
        ]
    );
    // The same values again change nothing.
    assert_eq!(edit_indicator(&mut store, id, &edit, "测试修改").expect("edit"), None);
    // A bad comparator is refused in Chinese.
    let bad = IndicatorEdit { comparator: Some("大约".into()), ..Default::default() };
    let err = edit_indicator(&mut store, id, &bad, "测试修改").expect_err("refused");
    assert!(err.to_string().contains("比较方式“大约”不认识"), "{err}");

    undo_last(&mut store).expect("undo");
    let restored = store.read().indicator(id).expect("indicator");
    let count = |store: &Store| store.read().indicators(ledger).expect("indicators").len();
    let before = count(&store);
    // A false target is removed from the lists (and unit files), and comes back with undo.
    let remove = IndicatorEdit { removed: Some(true), ..Default::default() };
    edit_indicator(&mut store, id, &remove, "测试修改").expect("remove").expect("a change");
    assert_eq!(count(&store), before - 1);
    assert!(indicator_statuses(&store, ledger, None).expect("statuses").iter().all(|s| s.stored.indicator_id != id));
    undo_last(&mut store).expect("undo removal");
    assert_eq!(count(&store), before);
    assert_eq!(
        (restored.indicator.target, restored.indicator.comparator.as_str(), restored.indicator.unit.as_str()),
        (50.0, "ge", "亿元")
    );
    assert_eq!((restored.indicator.baseline, restored.indicator.baseline_date), (None, None));
}

#[test]
fn a_document_tasks_measure_deadline_and_units_are_corrected_and_undone() {
    let (_dir, mut store) = fresh_store();
    let ledger = import_ledger(&mut store, &docx("鄂尔多斯"), &ImportOptions::default()).expect("import").ledger_id;
    let tasks = store.read().tasks(ledger).expect("tasks");
    let original = task(&tasks, "任务清单", "1").clone();
    let id = original.task_id;
    let reread = |store: &Store| task(&store.read().tasks(ledger).expect("tasks"), "任务清单", "1").clone();

    edit_task(&mut store, id, &TaskEdit::Measure { text: "推进金融赋能绿色低碳转型。".into() }, "手工修改")
        .expect("measure")
        .expect("changed");
    edit_task(&mut store, id, &TaskEdit::Deadline { text: "两年内".into() }, "手工修改")
        .expect("deadline")
        .expect("changed");
    let report = replace_task_units(&mut store, id, Some("市政府金融办"), None, "手工修改").expect("units");
    assert_eq!(report.lead_units, [unit_of(&store, "市人民政府金融工作办公室")]);
    let edited = reread(&store);
    assert_eq!(edited.measure, "推进金融赋能绿色低碳转型。");
    assert_eq!(edited.cells["工作措施"], "推进金融赋能绿色低碳转型。");
    assert_eq!((edited.deadline.raw.as_str(), edited.deadline.due), ("两年内", Some(day(2023, 12, 31))));
    assert_eq!(edited.cells["完成时限"], "两年内");
    assert_eq!(edited.lead_units, [unit_of(&store, "市政府金融办")]);
    assert_eq!(edited.co_units, original.co_units);

    for _ in 0..3 {
        undo_last(&mut store).expect("undo");
    }
    let restored = reread(&store);
    assert_eq!(
        (&restored.measure, &restored.deadline, &restored.lead_units, &restored.co_units),
        (&original.measure, &original.deadline, &original.lead_units, &original.co_units)
    );
    assert_eq!(restored.cells, original.cells);
}

#[test]
fn the_cli_lists_corrects_and_undoes_indicators() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let doc = docx("鄂尔多斯");
    let doc = doc.to_str().expect("utf-8");
    // Human output: the indicators and the unplaced sentences.
    let out = taizhang(&db, &["import", doc]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("识别出 40 项量化指标"), "{text}");
    assert!(text.contains("全局目标（工作目标）") && text.contains("≥ 150 亿元"), "{text}");
    assert!(text.contains("未识别为量化指标"), "{text}");

    // JSON: the report of the same file again (nothing written) lists them with their tasks.
    let report = json_of(&taizhang(&db, &["--json", "import", doc]));
    assert_eq!(report["created"], false);
    let first = &report["indicators"][0];
    assert_eq!(
        (&first["metric"], &first["comparator"], &first["target"], &first["unit"], &first["task"]),
        (&json!("三年内每年累计投放贷款新增150亿元以上"), &json!("ge"), &json!(150.0), &json!("亿元"), &Value::Null)
    );
    let on_task = report["indicators"].as_array().expect("list").iter().find(|i| i["target"] == 500.0).expect("500");
    assert_eq!((&on_task["task"], &on_task["seq"]), (&json!("任务清单 序号1"), &json!("1")));
    assert!(!report["unplaced"].as_array().expect("unplaced").is_empty());

    // tasks --json: each task with its indicators.
    let tasks = json_of(&taizhang(&db, &["--json", "tasks", "1"]));
    let task_one = &tasks[0];
    let targets: Vec<f64> = task_one["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|i| i["target"].as_f64().expect("f64"))
        .collect();
    assert_eq!(targets, [500.0, 60.0, 200.0]);

    // indicators --json, then a correction and its undo.
    let list = json_of(&taizhang(&db, &["--json", "indicators", "1"]));
    let loans = &list[0];
    assert_eq!((&loans["target_text"], &loans["verdict_label"]), (&json!("≥ 150 亿元"), &json!("未报")));
    let id_number = loans["indicator_id"].as_i64().expect("id");
    let id = id_number.to_string();
    let task_id = task_one["task_id"].as_i64().expect("task id").to_string();
    json_of(&taizhang(
        &db,
        &["--json", "indicator", "edit", &id, "--target", "160", "--comparator", "=", "--task", &task_id],
    ));
    let edited = json_of(&taizhang(&db, &["--json", "indicators", "1"]));
    let moved = edited.as_array().expect("list").iter().find(|i| i["indicator_id"] == id_number).expect("edited");
    assert_eq!((&moved["target_text"], &moved["seq"]), (&json!("= 160 亿元"), &json!("1")));
    json_of(&taizhang(&db, &["--json", "undo"]));
    let back = json_of(&taizhang(&db, &["--json", "indicators", "1"]));
    assert_eq!((&back[0]["target_text"], &back[0]["task_id"]), (&json!("≥ 150 亿元"), &Value::Null));
    // An unknown indicator: a Chinese error.
    let missing = taizhang(&db, &["indicator", "edit", "9999", "--target", "1"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("找不到编号为 9999 的指标"));
}
