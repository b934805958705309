//! Returns in every shape a department really sends, collected on the 大同 ledger: the whole
//! ledger sent back with only its own rows filled, rows pasted into a new workbook, a Word answer,
//! a file nobody can attribute (the clerk names the unit), an older file collected after a newer
//! one, a partial re-send, and a folder and a zip of attachments in one command. Every file is
//! made by another program (openpyxl, python-docx) at test time.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::office::{fill_return, python};
use common::{assign_datong_units, fresh_store, taken_texts, template};
use serde_json::{json, Value};
use taizhang::model::TaskView;
use taizhang::service::collect::similarity::{similarity, CONFIRMS_SEQ, MATCHES_ALONE};
use taizhang::service::{
    assign_reported_tasks, collect_as, collect_returns, export_unit_files, import_ledger, new_round, task_reports,
    undo_last, unit_named, CollectReport, ImportOptions, Outcome,
};
use taizhang::store::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Imports 大同 (year 2022), assigns its units and starts round 第1期.
fn datong_round(store: &mut Store) -> (i64, i64, Vec<TaskView>) {
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(store, &template("大同"), &options).expect("import").ledger_id;
    assign_datong_units(store, ledger);
    let round = new_round(store, ledger, Some("第1期"), Some(day(2022, 4, 25)), day(2022, 4, 11)).expect("round");
    (ledger, round.round_id, store.read().tasks(ledger).expect("tasks"))
}

/// Runs tests/support/make_return.py with a JSON spec written beside `out`.
fn make(command: &str, extra: &[&Path], out: &Path, spec: &Value) {
    let spec_file = out.with_extension("spec.json");
    std::fs::write(&spec_file, spec.to_string()).expect("spec");
    let mut args: Vec<&Path> = vec![Path::new(command)];
    args.extend_from_slice(extra);
    args.extend([out, spec_file.as_path()]);
    python("make_return.py", &args);
    std::fs::remove_file(spec_file).expect("remove spec");
}

/// A new workbook holding one task's row pasted under 序号 / 主要任务 / `column`, with `text` in it.
fn pasted(out: &Path, task: &TaskView, column: &str, text: &str) {
    let cells = vec![
        json!([1, 1, "序号"]),
        json!([1, 2, "主要任务"]),
        json!([1, 3, column]),
        json!([2, 1, task.seq]),
        json!([2, 2, task.measure]),
        json!([2, 3, text]),
    ];
    make("workbook", &[], out, &json!({ "sheets": [{ "name": "Sheet1", "rows": cells }] }));
}

/// The tasks of a 工作要求 group on 全面清单.
fn group<'a>(tasks: &'a [TaskView], category: &str) -> Vec<&'a TaskView> {
    tasks.iter().filter(|t| t.sheet == "全面清单" && t.category.iter().any(|c| c == category)).collect()
}

/// The current values of a round: (unit, task, column header or 完成状态) → text.
fn current(store: &Store, ledger: i64, round: i64) -> BTreeMap<(String, i64, String), String> {
    let columns: BTreeMap<(String, String), String> = store
        .read()
        .sheet_columns(ledger)
        .expect("columns")
        .into_iter()
        .flat_map(|(sheet, cols)| {
            cols.into_iter().map(move |c| ((sheet.clone(), format!("cell:{}", c.index)), c.header))
        })
        .collect();
    let tasks = store.read().tasks(ledger).expect("tasks");
    store
        .read()
        .reported_values(ledger, Some(round))
        .expect("values")
        .into_iter()
        .filter(|v| !v.value.is_empty())
        .map(|v| {
            let sheet = tasks.iter().find(|t| t.task_id == v.task_id).expect("task").sheet.clone();
            let header = columns.get(&(sheet, v.field.clone())).cloned().unwrap_or(v.field.clone());
            ((v.unit_name, v.task_id, header), v.value)
        })
        .collect()
}

fn only(reports: Vec<CollectReport>) -> CollectReport {
    assert_eq!(reports.len(), 1, "{reports:#?}");
    reports.into_iter().next().expect("one report")
}

#[test]
fn the_whole_ledger_sent_back_with_its_rows_filled_is_taken_for_the_unit_named_in_the_file_name() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let finance: Vec<&TaskView> = tasks.iter().filter(|t| t.lead_units.iter().any(|u| u == "市财政局")).collect();
    let guarantee = group(&tasks, "加强融资担保机构建设");
    let (a, b) = (guarantee[0], guarantee[1]);
    let c = group(&tasks, "健全股权投资体系")[0];
    let other = group(&tasks, "提升续贷转贷比重")[0];
    assert!(!other.lead_units.iter().any(|u| u == "市财政局"));
    // 市财政局 shortens b's measure to its first 60 % and adds a row of its own.
    let shortened: String = b.measure.chars().take(b.measure.chars().count() * 3 / 5).collect();
    let file = dir.path().join("大同-市场主体倍增-抓落实清单-市财政局.xlsx");
    let spec = json!({
        "fill": [
            ["全面清单", a.seq, "双周进展情况", "已设立融资担保基金。"],
            ["全面清单", b.seq, "双周进展情况", "已完成担保机构注资。"],
            ["全面清单", c.seq, "细化举措", "引进两支股权投资基金。"],
            ["全面清单", other.seq, "双周进展情况", "代金融办报送：续贷比重提升。"],
        ],
        "measure": [["全面清单", b.seq, shortened]],
        "add": [["全面清单", { "序号": "45", "主要任务": "新增：组织银企对接会。", "双周进展情况": "已举办2场。" }]],
    });
    make("template", &[&template("大同")], &file, &spec);

    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&file), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!((r.unit.as_deref(), r.identified_by.as_deref()), (Some("市财政局"), Some("file_name")));
    let texts = taken_texts(&store, &r);
    let taken: BTreeSet<(i64, &str, &str)> =
        texts.iter().map(|(task, header, _, new)| (*task, header.as_str(), new.as_str())).collect();
    assert_eq!(r.taken, texts.len(), "{texts:?}");
    let expected: BTreeSet<(i64, &str, &str)> = [
        (a.task_id, "双周进展情况", "已设立融资担保基金。"),
        (b.task_id, "双周进展情况", "已完成担保机构注资。"),
        (c.task_id, "细化举措", "引进两支股权投资基金。"),
        (other.task_id, "双周进展情况", "代金融办报送：续贷比重提升。"),
    ]
    .into();
    assert_eq!(taken, expected);
    // The edited measure: matched by its 序号, confirmed by the text, with the score.
    assert_eq!(r.text_matches.len(), 1, "{:#?}", r.text_matches);
    let m = &r.text_matches[0];
    assert_eq!((m.task_id, m.by.as_str(), m.returned_measure.as_str()), (b.task_id, "seq", shortened.as_str()));
    assert!(m.score >= CONFIRMS_SEQ && m.score < 1.0, "{}", m.score);
    assert!(r.refused.is_empty(), "{:#?}", r.refused);
    assert_eq!(r.added_rows.len(), 1, "{:#?}", r.added_rows);
    assert_eq!((r.added_rows[0].seq.as_str(), r.added_rows[0].measure.as_str()), ("45", "新增：组织银企对接会。"));
    assert_eq!(r.unassigned.iter().map(|u| u.task_id).collect::<Vec<_>>(), vec![other.task_id]);
    assert!(r.message.contains("市财政局 报送了未分配给它的 1 项任务"), "{}", r.message);
    // The blank rest is neither taken nor counted as deleted.
    assert!(r.missing_tasks.is_empty(), "{:#?}", r.missing_tasks);
    assert_eq!(r.unfilled_tasks.len(), finance.len() - 3);
    assert_eq!(r.blank_rows, tasks.len() - 4 - (finance.len() - 3));
    let values = current(&store, ledger, round);
    let reported_tasks: BTreeSet<i64> = values.keys().map(|k| k.1).collect();
    assert_eq!(reported_tasks, [a.task_id, b.task_id, c.task_id, other.task_id].into());
    assert_eq!(values[&("市财政局".to_string(), c.task_id, "细化举措".to_string())], "引进两支股权投资基金。");

    // One action adds 市财政局 to the task it reported without being assigned to it; undone.
    let adopted = assign_reported_tasks(&mut store, r.return_id.expect("return")).expect("adopt");
    assert_eq!((adopted.task_ids.clone(), adopted.as_lead), (vec![other.task_id], 0));
    let units_of = |store: &Store| {
        let t = store.read().tasks(ledger).expect("tasks").into_iter().find(|t| t.task_id == other.task_id);
        t.expect("task").co_units
    };
    assert_eq!(units_of(&store), vec!["市财政局".to_string()]);
    assert!(assign_reported_tasks(&mut store, r.return_id.expect("return")).is_err(), "nothing left to add");
    undo_last(&mut store).expect("undo");
    assert!(units_of(&store).is_empty());
}

#[test]
fn rows_pasted_into_a_new_workbook_with_reordered_columns_land_on_their_tasks() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    // Two rows of a group 市金融办 shares with two others, one of a group it shares with
    // 市财政局: the filled rows are 市金融办's by content.
    let renewal = group(&tasks, "提升续贷转贷比重");
    let small_loans = group(&tasks, "发挥小额贷款公司支持作用");
    let rows = [
        (renewal[0], "续贷比重提高到25%。"),
        (renewal[1], "无还本续贷已推广。"),
        (small_loans[0], "小贷公司放款3亿元。"),
    ];
    // Header at C5, columns 进展 | 序号 | 主要任务, rows in reverse order, a title above.
    let mut cells = vec![
        json!([2, 3, "市场主体倍增工作进展情况"]),
        json!([5, 3, "双周进展情况"]),
        json!([5, 4, "序号"]),
        json!([5, 5, "主要任务"]),
    ];
    for (i, (task, text)) in rows.iter().rev().enumerate() {
        let r = 6 + i;
        cells.extend([json!([r, 3, text]), json!([r, 4, task.seq]), json!([r, 5, task.measure])]);
    }
    let file = dir.path().join("进展情况.xlsx");
    make("workbook", &[], &file, &json!({ "sheets": [{ "name": "Sheet1", "rows": cells }] }));

    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&file), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!((r.unit.as_deref(), r.identified_by.as_deref()), (Some("市政府金融办"), Some("content")));
    let values = current(&store, ledger, round);
    for (task, text) in rows {
        assert_eq!(
            values[&("市政府金融办".to_string(), task.task_id, "双周进展情况".to_string())],
            text,
            "{}",
            task.seq
        );
    }
    assert_eq!(values.len(), 3, "{values:#?}");
    assert!(r.text_matches.is_empty() && r.added_rows.is_empty() && r.refused.is_empty(), "{r:#?}");
}

#[test]
fn two_columns_are_enough_a_seq_and_a_progress() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let renewal = group(&tasks, "提升续贷转贷比重");
    let cells = vec![
        json!([3, 2, "进展情况"]),
        json!([3, 3, "序号"]),
        json!([4, 2, "续贷比重提高到25%。"]),
        json!([4, 3, renewal[0].seq]),
        json!([5, 2, "无还本续贷已推广。"]),
        json!([5, 3, renewal[1].seq]),
        json!([7, 2, "填表人：王五"]),
    ];
    let file = dir.path().join("市金融办-第1期.xlsx");
    make("workbook", &[], &file, &json!({ "sheets": [{ "name": "Sheet1", "rows": cells }] }));
    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&file), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!((r.unit.as_deref(), r.identified_by.as_deref()), (Some("市政府金融办"), Some("file_name")));
    let values = current(&store, ledger, round);
    let progress = |t: &TaskView| values[&("市政府金融办".to_string(), t.task_id, "双周进展情况".to_string())].clone();
    assert_eq!(
        (progress(renewal[0]), progress(renewal[1])),
        ("续贷比重提高到25%。".into(), "无还本续贷已推广。".into())
    );
    assert_eq!(values.len(), 2, "{values:#?}");
}

#[test]
fn a_renumbered_row_is_found_by_its_text_and_a_row_whose_seq_and_text_disagree_is_reported_not_taken() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let renewal = group(&tasks, "提升续贷转贷比重")[1];
    let small_loans = group(&tasks, "发挥小额贷款公司支持作用")[0];
    assert_ne!(renewal.seq, "1");
    let stranger = "开展金融知识宣传进社区活动，发放宣传册五千份。";
    let cells = vec![
        json!([1, 1, "填报单位：市金融办"]),
        json!([2, 1, "序号"]),
        json!([2, 2, "主要任务"]),
        json!([2, 3, "双周进展情况"]),
        // The department numbered its own rows 1, 2.
        json!([3, 1, "1"]),
        json!([3, 2, renewal.measure]),
        json!([3, 3, "无还本续贷已推广。"]),
        json!([4, 1, small_loans.seq]),
        json!([4, 2, stranger]),
        json!([4, 3, "已开展宣传12场。"]),
    ];
    let file = dir.path().join("报送.xlsx");
    make("workbook", &[], &file, &json!({ "sheets": [{ "name": "Sheet1", "rows": cells }] }));
    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&file), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!((r.unit.as_deref(), r.identified_by.as_deref()), (Some("市政府金融办"), Some("title_line")));
    assert_eq!(r.text_matches.len(), 1, "{:#?}", r.text_matches);
    let m = &r.text_matches[0];
    assert_eq!((m.returned_seq.as_str(), m.task_id, m.by.as_str(), m.score), ("1", renewal.task_id, "text", 1.0));
    assert_eq!(r.conflicts.len(), 1, "{:#?}", r.conflicts);
    let c = &r.conflicts[0];
    assert_eq!(
        (c.seq.as_str(), c.measure.as_str(), c.ledger_measure.as_str()),
        (small_loans.seq.as_str(), stranger, small_loans.measure.as_str())
    );
    assert!(c.score < CONFIRMS_SEQ, "{}", c.score);
    assert!(r.message.contains("1 行的序号与内容对不上"), "{}", r.message);
    let values = current(&store, ledger, round);
    assert_eq!(values.len(), 1, "only the renumbered row is taken: {values:#?}");
    assert_eq!(
        values[&("市政府金融办".to_string(), renewal.task_id, "双周进展情况".to_string())],
        "无还本续贷已推广。"
    );
}

#[test]
fn a_word_answer_with_merged_cells_and_two_tables_lands_on_the_right_tasks() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let guarantee = group(&tasks, "加强融资担保机构建设");
    let subsidy = group(&tasks, "完善融资担保补偿补贴机制");
    let (f1, f2, f3) = (guarantee[0], guarantee[1], subsidy[0]);
    let category = "加强融资担保机构建设";
    let spec = json!({ "blocks": [
        { "p": "关于报送市场主体倍增工作进展情况的函" },
        { "p": "填报单位（盖章）：市财政局　　　　填报日期：2022年4月20日" },
        { "table": [
            ["市场主体倍增抓落实清单进展情况", "", "", ""],
            ["序号", "工作要求", "主要任务", "双周进展情况"],
            [f1.seq, category, f1.measure, "融资担保基金已注资1亿元。"],
            [f2.seq, "", f2.measure, "担保机构完成整合。"],
          ],
          "merge": [[0, 0, 0, 3], [2, 1, 3, 1]] },
        { "p": "" },
        { "table": [[f3.seq, "完善融资担保补偿补贴机制", f3.measure, "补贴资金已拨付。"]] },
        { "p": "填表人：张三　　联系电话：0352-1234567" },
    ]});
    let file = dir.path().join("报送.docx");
    make("docx", &[], &file, &spec);

    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&file), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!((r.unit.as_deref(), r.identified_by.as_deref()), (Some("市财政局"), Some("title_line")));
    let values = current(&store, ledger, round);
    let unit = |t: &TaskView| ("市财政局".to_string(), t.task_id, "双周进展情况".to_string());
    assert_eq!(values[&unit(f1)], "融资担保基金已注资1亿元。");
    assert_eq!(values[&unit(f2)], "担保机构完成整合。");
    assert_eq!(values[&unit(f3)], "补贴资金已拨付。");
    assert_eq!(values.len(), 3, "{values:#?}");
    assert!(r.added_rows.is_empty() && r.refused.is_empty() && r.conflicts.is_empty(), "{r:#?}");
}

#[test]
fn a_file_nobody_can_attribute_waits_for_the_clerk_who_names_the_unit() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    // A group 市财政局 and 市金融办 lead together: the content cannot say which one sent it.
    let shared = group(&tasks, "加强融资担保机构建设");
    let file = dir.path().join("工作进展.xlsx");
    pasted(&file, shared[0], "进展情况", "担保机构已完成注资。");
    let history = store.read().history().expect("history").len();
    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&file), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::NeedsUnit, "{}", r.message);
    let guesses: BTreeSet<&str> = r.unit_candidates.iter().take(2).map(|c| c.name.as_str()).collect();
    assert_eq!(guesses, ["市政府金融办", "市财政局"].into());
    assert!(r.message.contains("--unit"), "{}", r.message);
    assert_eq!(store.read().history().expect("history").len(), history, "nothing recorded");
    assert!(store.read().returns(round).expect("returns").is_empty());

    // The CLI refuses an unknown name with a suggestion, then takes the clerk's word.
    let db = store.path().to_path_buf();
    drop(store);
    let cli = |args: &[&str]| common::cli::taizhang(&db, args);
    let path = file.to_str().expect("utf-8");
    let unknown = cli(&["collect", &round.to_string(), path, "--unit", "市财政"]);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("单位名录中没有“市财政”") && stderr.contains("市财政局"), "{stderr}");
    let out = cli(&["--json", "collect", &round.to_string(), path, "--unit", "市财政局"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (reports[0]["outcome"].as_str(), reports[0]["identified_by"].as_str()),
        (Some("applied"), Some("clerk"))
    );
    assert_eq!(reports[0]["unit"], "市财政局");
    let store = Store::open(&db).expect("open");
    let values = current(&store, ledger, round);
    assert_eq!(
        values[&("市财政局".to_string(), shared[0].task_id, "双周进展情况".to_string())],
        "担保机构已完成注资。"
    );
}

#[test]
fn the_file_saved_last_counts_whatever_the_order_of_collecting_and_a_partial_resend_keeps_the_rest() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let exported = export_unit_files(&mut store, round, &dir.path().join("下发"), |_, _| {}).expect("export");
    let finance_file = exported.files.iter().find(|f| f.unit == "市财政局").expect("file").path.clone();
    let guarantee = group(&tasks, "加强融资担保机构建设");
    let (t1, t2) = (guarantee[0], guarantee[1]);
    let key = |t: &TaskView| format!("T{}", t.task_id);
    let fill = |name: &str, progress: [&str; 2], status: &str, saved: &str, keep_only: Option<&TaskView>| {
        let mut spec = json!({
            "progress": { key(t1): progress[0], key(t2): progress[1] },
            "status": { key(t1): status },
        });
        if let Some(t) = keep_only {
            spec["keep_only"] = json!([key(t)]);
        }
        let out = dir.path().join(name);
        fill_return(&finance_file, &out, &spec);
        python("make_return.py", &[Path::new("saved"), &out, Path::new(saved)]);
        out
    };
    let newer = fill(
        "市财政局-更正.xlsx",
        ["新：担保基金已注资。", "新：机构已整合。"],
        "推进中",
        "2022-04-20T02:00:00Z",
        None,
    );
    let older = fill("市财政局.xlsx", ["旧：正在筹备。", "旧：正在研究。"], "已完成", "2022-04-18T02:00:00Z", None);

    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&newer), |_, _| {}).expect("newer"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!(r.file_time_source.as_deref(), Some("document"));
    let after_newer = current(&store, ledger, round);
    let status_of = |store: &Store, t: &TaskView| {
        store.read().tasks(ledger).expect("tasks").into_iter().find(|x| x.task_id == t.task_id).expect("task").status
    };
    assert_eq!(status_of(&store, t1).as_deref(), Some("推进中"));

    // The older file arrives later: stored, but the newer values stay, and the report says so.
    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&older), |_, _| {}).expect("older"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    assert_eq!(r.taken, 0, "{r:#?}");
    let kept: BTreeSet<(i64, &str, &str)> =
        r.kept_newer.iter().map(|k| (k.task_id, k.kept.as_str(), k.newer_file.as_str())).collect();
    assert!(kept.contains(&(t1.task_id, "新：担保基金已注资。", "市财政局-更正.xlsx")), "{kept:?}");
    assert!(kept.contains(&(t2.task_id, "新：机构已整合。", "市财政局-更正.xlsx")), "{kept:?}");
    assert!(kept.contains(&(t1.task_id, "推进中", "市财政局-更正.xlsx")), "{kept:?}");
    assert!(r.message.contains("本文件比已收取的“市财政局-更正.xlsx”旧"), "{}", r.message);
    assert_eq!(current(&store, ledger, round), after_newer);
    assert_eq!(status_of(&store, t1).as_deref(), Some("推进中"), "an older status does not win");
    let shown = task_reports(&store, ledger).expect("task reports");
    let t1_report = shown.iter().find(|r| r.task_id == t1.task_id).expect("t1 reported");
    assert_eq!(t1_report.progress.as_deref(), Some("新：担保基金已注资。"), "the grid shows the newer file");
    assert_eq!(store.read().returns(round).expect("returns").len(), 2);

    // A partial re-send, saved last, with only t1's row: t1 changes, t2 stays as it was.
    let partial =
        fill("市财政局-补报.xlsx", ["再更正：注资2亿元。", "(deleted)"], "已完成", "2022-04-22T02:00:00Z", Some(t1));
    let r = only(collect_returns(&mut store, round, std::slice::from_ref(&partial), |_, _| {}).expect("partial"));
    assert_eq!(r.outcome, Outcome::Applied, "{}", r.message);
    let texts = taken_texts(&store, &r);
    let taken: Vec<(i64, &str, &str)> =
        texts.iter().map(|(task, _, old, new)| (*task, old.as_str(), new.as_str())).collect();
    assert!(taken.contains(&(t1.task_id, "新：担保基金已注资。", "再更正：注资2亿元。")), "{taken:?}");
    assert_eq!(r.taken, texts.len(), "{texts:?}");
    assert_eq!(r.replaces, vec!["市财政局-更正.xlsx".to_string()]);
    let t2_missing = r.missing_tasks.iter().find(|m| m.task_id == t2.task_id).expect("t2 left out");
    assert_eq!(t2_missing.kept_from.as_deref(), Some("市财政局-更正.xlsx"));
    let values = current(&store, ledger, round);
    let progress = |t: &TaskView| values[&("市财政局".to_string(), t.task_id, "双周进展情况".to_string())].clone();
    assert_eq!((progress(t1), progress(t2)), ("再更正：注资2亿元。".to_string(), "新：机构已整合。".to_string()));
    assert_eq!(status_of(&store, t1).as_deref(), Some("已完成"));

    // Undoing the re-send brings back exactly what was there.
    undo_last(&mut store).expect("undo");
    assert_eq!(current(&store, ledger, round), after_newer);
    assert_eq!(status_of(&store, t1).as_deref(), Some("推进中"));
}

#[test]
fn a_folder_and_a_zip_of_attachments_are_collected_in_one_command() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let folder = dir.path().join("邮件附件");
    std::fs::create_dir_all(folder.join("第二批")).expect("folder");
    let renewal = group(&tasks, "提升续贷转贷比重");
    let guarantee = group(&tasks, "加强融资担保机构建设");
    let supply = group(&tasks, "拓展供应链融资");
    // In the folder: an .xlsx named after its unit, a Word answer in a sub-folder, an Office lock file.
    pasted(&folder.join("附件2：市财政局第1期报送.xlsx"), guarantee[0], "双周进展情况", "财政局：担保基金到位。");
    let docx = json!({ "blocks": [
        { "p": "填报单位：市工信局" },
        { "table": [["序号", "主要任务", "双周进展情况"], [supply[0].seq, supply[0].measure, "工信局：供应链平台上线。"]] },
    ]});
    make("docx", &[], &folder.join("第二批").join("工信局报送.docx"), &docx);
    std::fs::write(folder.join("~$市财政局第1期报送.xlsx"), b"lock").expect("lock file");
    // In the zip: two returns, a PDF, and a zip inside the zip.
    let zip_dir = dir.path().join("zip");
    std::fs::create_dir_all(&zip_dir).expect("dir");
    pasted(&zip_dir.join("大同银保监分局.xlsx"), renewal[0], "双周进展情况", "银保监分局：续贷比重提高。");
    pasted(&zip_dir.join("人行大同市中心支行.xlsx"), renewal[1], "双周进展情况", "人行：无还本续贷推广。");
    pasted(&zip_dir.join("进展.xlsx"), guarantee[1], "双周进展情况", "担保机构整合完成。");
    std::fs::write(zip_dir.join("市税务局.pdf"), b"%PDF-1.7\n").expect("pdf");
    std::fs::write(zip_dir.join("旧附件.zip"), b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").expect("inner zip");
    let zip = dir.path().join("第1期报送附件.zip");
    let script = "import sys, zipfile, pathlib\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n    for p in sorted(pathlib.Path(sys.argv[2]).iterdir()):\n        z.write(p, '回收/' + p.name)\n";
    let status = Command::new("python3").args(["-c", script]).arg(&zip).arg(&zip_dir).status().expect("python3");
    assert!(status.success());
    let db = store.path().to_path_buf();
    drop(store);

    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(&db)
        .args(["--json", "collect", &round.to_string()])
        .arg(&folder)
        .arg(&zip)
        .output()
        .expect("taizhang runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let by_file: BTreeMap<&str, &Value> = reports.iter().map(|r| (r["file"].as_str().expect("file"), r)).collect();
    let outcome =
        |file: &str| by_file.get(file).map(|r| (r["outcome"].as_str().unwrap_or(""), r["unit"].as_str().unwrap_or("")));
    assert_eq!(by_file.len(), 7, "{:#?}", by_file.keys());
    assert_eq!(outcome("附件2：市财政局第1期报送.xlsx"), Some(("applied", "市财政局")));
    assert_eq!(outcome("工信局报送.docx"), Some(("applied", "市工业和信息化局")));
    assert_eq!(outcome("第1期报送附件.zip › 回收/大同银保监分局.xlsx"), Some(("applied", "大同银保监分局")));
    assert_eq!(
        outcome("第1期报送附件.zip › 回收/人行大同市中心支行.xlsx"),
        Some(("applied", "人民银行大同市中心支行"))
    );
    let pdf = by_file["第1期报送附件.zip › 回收/市税务局.pdf"];
    assert_eq!(pdf["outcome"], "unreadable");
    assert!(pdf["message"].as_str().expect("message").contains("PDF转Excel"), "{pdf}");
    let inner = by_file["第1期报送附件.zip › 回收/旧附件.zip"];
    assert!(inner["message"].as_str().expect("message").contains("请先把它解压"), "{inner}");
    assert_eq!(by_file["附件2：市财政局第1期报送.xlsx"]["identified_by"], "file_name");
    // The file inside the zip nobody can attribute waits; the clerk names its unit (as the app's
    // picker does) and it is read again from the zip.
    let waiting = by_file["第1期报送附件.zip › 回收/进展.xlsx"];
    assert_eq!(waiting["outcome"], "needs_unit", "{waiting}");
    let source: taizhang::import::attachments::ReturnSource =
        serde_json::from_value(waiting["source"].clone()).expect("source");
    let mut store = Store::open(&db).expect("open");
    let finance = taizhang::service::unit_named(&store, "市财政局").expect("unit");
    let picked = taizhang::service::collect_source_as(&mut store, round, &source, finance).expect("collect");
    assert_eq!((picked.outcome, picked.identified_by.as_deref()), (Outcome::Applied, Some("clerk")));
    drop(store);

    let store = Store::open(&db).expect("open");
    let values = current(&store, ledger, round);
    let progress =
        |unit: &str, t: &TaskView| values.get(&(unit.to_string(), t.task_id, "双周进展情况".to_string())).cloned();
    assert_eq!(progress("市财政局", guarantee[0]).as_deref(), Some("财政局：担保基金到位。"));
    assert_eq!(progress("市工业和信息化局", supply[0]).as_deref(), Some("工信局：供应链平台上线。"));
    assert_eq!(progress("大同银保监分局", renewal[0]).as_deref(), Some("银保监分局：续贷比重提高。"));
    assert_eq!(progress("人民银行大同市中心支行", renewal[1]).as_deref(), Some("人行：无还本续贷推广。"));
    assert_eq!(progress("市财政局", guarantee[1]).as_deref(), Some("担保机构整合完成。"));
    assert_eq!(values.len(), 5, "{values:#?}");
    // Entries inside the zip have the zip entry's time when the file itself has none.
    let returns = store.read().returns(round).expect("returns");
    assert!(returns.iter().all(|r| r.file_time_source == "document"), "{returns:#?}");
}

#[test]
fn a_clerk_named_unit_is_refused_when_the_file_was_sent_to_another() {
    let (dir, mut store) = fresh_store();
    let (_, round, _) = datong_round(&mut store);
    let exported = export_unit_files(&mut store, round, &dir.path().join("下发"), |_, _| {}).expect("export");
    let file = exported.files.iter().find(|f| f.unit == "市财政局").expect("file").path.clone();
    let jinrong = taizhang::service::unit_named(&store, "市金融办").expect("unit");
    let r = only(collect_as(&mut store, round, &[file], Some(jinrong), |_, _| {}).expect("collect"));
    assert_eq!(r.outcome, Outcome::Rejected);
    assert!(r.message.contains("下发给“市财政局”") && r.message.contains("“市政府金融办”不符"), "{}", r.message);
    assert!(store.read().returns(round).expect("returns").is_empty());
}

/// Measured on the bundled templates: how alike two different measures of one sheet are (rows
/// are matched within a sheet; 大同's 重点清单 repeats 全面清单's items on purpose), and how alike
/// a shortened or edited measure stays to its original. The thresholds of `similarity` sit
/// between the two.
#[test]
fn measures_of_one_sheet_never_look_alike_and_edited_ones_do() {
    let mut cross = 0.0f64;
    let (mut half, mut third, mut edited) = (1.0f64, 1.0f64, 1.0f64);
    for prefix in ["鄂尔多斯", "大同", "济源"] {
        let (_dir, _store, _, tasks) = common::import_fresh(&template(prefix));
        for (i, a) in tasks.iter().enumerate() {
            for b in tasks[i + 1..].iter().filter(|b| b.sheet == a.sheet && b.measure != a.measure) {
                cross = cross.max(similarity(&a.measure, &b.measure));
            }
            let chars: Vec<char> = a.measure.chars().collect();
            let kept = |n: usize| chars[..n].iter().collect::<String>();
            if chars.len() >= 20 {
                half = half.min(similarity(&a.measure, &kept(chars.len() / 2)));
                // Every fourth character replaced.
                let changed: String =
                    chars.iter().enumerate().map(|(i, c)| if i % 4 == 3 { '某' } else { *c }).collect();
                edited = edited.min(similarity(&a.measure, &changed));
            }
            if chars.len() >= 40 {
                third = third.min(similarity(&a.measure, &kept(chars.len() / 3)));
            }
        }
    }
    println!(
        "different measures of a sheet at most {cross:.2}; half kept at least {half:.2}, a third {third:.2}; a quarter replaced at least {edited:.2}"
    );
    assert!(cross < CONFIRMS_SEQ - 0.1, "{cross}");
    assert!(half >= MATCHES_ALONE, "{half}");
    assert!(third >= CONFIRMS_SEQ && edited >= CONFIRMS_SEQ, "{third} {edited}");
}

#[test]
fn more_files_than_are_read_at_once_are_applied_in_order_each_with_its_report() {
    let (dir, mut store) = fresh_store();
    let (ledger, round, tasks) = datong_round(&mut store);
    let folder = dir.path().join("十几份报送");
    std::fs::create_dir_all(&folder).expect("folder");
    let rows: Vec<&TaskView> = tasks.iter().filter(|t| t.sheet == "全面清单").take(12).collect();
    assert_eq!(rows.len(), 12);
    let mut expected = Vec::new();
    for (i, task) in rows.iter().enumerate() {
        let name = format!("{:02} 进展.xlsx", i + 1);
        pasted(&folder.join(&name), task, "双周进展情况", &format!("第{}份：已推进。", i + 1));
        expected.push((name, Outcome::Applied));
    }
    // Two files that cannot be read, among the others.
    std::fs::write(folder.join("06a 损坏.xlsx"), b"not a workbook").expect("broken");
    std::fs::write(folder.join("10a 空.xlsx"), b"").expect("empty");
    expected.push(("06a 损坏.xlsx".into(), Outcome::Unreadable));
    expected.push(("10a 空.xlsx".into(), Outcome::Unreadable));
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    let unit = unit_named(&store, "市财政局").expect("unit");

    let reports = collect_as(&mut store, round, &[folder], Some(unit), |_, _| {}).expect("collect");
    let got: Vec<(String, Outcome)> = reports.iter().map(|r| (r.file.clone(), r.outcome)).collect();
    assert_eq!(got, expected);
    let values = current(&store, ledger, round);
    for (i, task) in rows.iter().enumerate() {
        let key = ("市财政局".to_string(), task.task_id, "双周进展情况".to_string());
        assert_eq!(values.get(&key).map(String::as_str), Some(format!("第{}份：已推进。", i + 1).as_str()));
    }
}
