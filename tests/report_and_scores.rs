//! The 工作进展情况报告, the 考核 and the charts on a 大同 round: four units, three return (one of
//! them late), one does not. The report is read back with python-docx and rendered by
//! LibreOffice Writer; the scores are checked against a computation by hand; the consolidated
//! workbook's charts are read back with openpyxl and rendered by LibreOffice Calc.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::office::{convert, fill_return, python, rows, sheet};
use common::{fresh_store, task, template};
use serde_json::{json, Value};
use taizhang::assessment::{EventKind, Standing};
use taizhang::service::{
    assign_units, collect_returns, consolidate, export_unit_files, import_ledger, new_round, scores, set_score_rules,
    set_wording, undo_last, write_notice, write_report, ImportOptions, Outcome, Overwrite, ScoreScope, TaskSelector,
};
use taizhang::store::Store;
use taizhang::Error;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The day the round is looked at: after the due date, so a unit with no return is missing.
const TODAY: (i32, u32, u32) = (2022, 7, 15);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

/// Where the rendered files go for a person to look at (tests/out/report/).
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/out/report");
    std::fs::create_dir_all(&dir).expect("out dir");
    dir
}

/// Records that a return was collected at `at` ("YYYY-MM-DD HH:MM:SS"), as if the clerk had
/// collected it that day: the return's time and its change-log batch's time.
fn collected_at(db: &Path, return_id: i64, at: &str) {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.execute("UPDATE returns SET received_at = ?1 WHERE id = ?2", rusqlite::params![at, return_id])
        .expect("return");
    conn.execute(
        "UPDATE change_batches SET at = ?1 WHERE id = (SELECT batch_id FROM returns WHERE id = ?2)",
        rusqlite::params![at, return_id],
    )
    .expect("batch");
}

struct Round {
    dir: tempfile::TempDir,
    store: Store,
    ledger: i64,
    round: i64,
}

/// 大同 (2022) with five groups assigned to four units, round 第1期 due 2022-07-11, returns from
/// 市财政局 (7-08), 市政府金融办 (7-11, the due date) and 市发展和改革委员会 (7-13, late);
/// 市工业和信息化局 returns nothing.
fn datong_round() -> Round {
    let (dir, mut store) = fresh_store();
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(&mut store, &template("大同"), &options).expect("import").ledger_id;
    for (sheet, category, lead) in [
        ("全面清单", "提高信用贷款占比", "市财政局"),
        ("全面清单", "提升续贷转贷比重", "市金融办"),
        ("全面清单", "加强融资担保机构建设", "市发展改革委"),
        ("重点清单", "开展首贷户拓展专项行动", "市工信局"),
        ("重点清单", "完善融资担保补偿补贴机制", "市财政局"),
    ] {
        let selector = TaskSelector::Category { category: category.into(), sheet: Some(sheet.into()) };
        assign_units(&mut store, ledger, &selector, lead, "").expect("assign");
    }
    let round = new_round(&mut store, ledger, Some("第1期"), Some(day(2022, 7, 11)), day(2022, 7, 1)).expect("round");
    let exported = export_unit_files(&mut store, round.round_id, &dir.path().join("下发"), |_, _| {}).expect("export");
    let mut units: Vec<&str> = exported.files.iter().map(|f| f.unit.as_str()).collect();
    units.sort();
    assert_eq!(units, ["市发展和改革委员会", "市工业和信息化局", "市政府金融办", "市财政局"]);

    let tasks = store.read().tasks(ledger).expect("tasks");
    let key = |sheet: &str, seq: &str| format!("T{}", task(&tasks, sheet, seq).task_id);
    let indicator = |sheet: &str, seq: &str| {
        let t = task(&tasks, sheet, seq);
        format!("I{}", t.indicators.first().unwrap_or_else(|| panic!("no indicator on {sheet} {seq}")).indicator_id)
    };
    let returns = [
        (
            "市财政局",
            json!({
                "progress": {
                    key("全面清单", "1"): "已设立企业信用保证基金，规模2亿元。",
                    key("全面清单", "2"): "信用贷款余额较年初增长8%。",
                    key("重点清单", "13"): "补偿补贴办法已印发实施。"
                },
                "status": { key("重点清单", "13"): "已完成" },
                "actual": { indicator("全面清单", "2"): 120 }
            }),
            "2022-07-08 10:00:00",
        ),
        (
            "市政府金融办",
            json!({
                "progress": { key("全面清单", "4"): "续贷业务办理时间压缩至3个工作日。" },
                "status": { key("全面清单", "4"): "推进中" }
            }),
            "2022-07-11 16:30:00",
        ),
        (
            "市发展和改革委员会",
            json!({
                "progress": { key("全面清单", "18"): "已完成市级担保机构增资方案。" },
                "actual": { indicator("全面清单", "18"): 3 }
            }),
            "2022-07-13 09:00:00",
        ),
    ];
    for (unit, spec, at) in returns {
        let file = exported.files.iter().find(|f| f.unit == unit).expect("file").path.clone();
        let filled = dir.path().join("回收").join(format!("{unit}.xlsx"));
        std::fs::create_dir_all(filled.parent().expect("dir")).expect("dir");
        fill_return(&file, &filled, &spec);
        let report = collect_returns(&mut store, round.round_id, &[filled], |_, _| {}).expect("collect");
        assert_eq!(report[0].outcome, Outcome::Applied, "{}", report[0].message);
        collected_at(store.path(), report[0].return_id.expect("return id"), at);
    }
    Round { dir, store, ledger, round: round.round_id }
}

fn read_docx(path: &Path) -> Value {
    serde_json::from_str(&python("read_docx.py", &[path])).expect("read_docx.py prints JSON")
}

fn paragraphs(doc: &Value) -> Vec<String> {
    doc["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| p["text"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The paragraph starting with `start`.
fn paragraph<'a>(texts: &'a [String], start: &str) -> &'a str {
    texts.iter().find(|p| p.starts_with(start)).unwrap_or_else(|| panic!("no paragraph “{start}…” in {texts:#?}"))
}

/// Renders a file to PDF with LibreOffice and to PNG pages (kept in tests/out/report/); returns
/// the PDF's text (pdftotext) and its page count.
fn render(file: &Path, stem: &str) -> (String, usize) {
    let pdf = convert(file, &out_dir().join(format!("{stem}-pdf")), "pdf");
    let text =
        Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let pages = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(&pdf)
        .arg(out_dir().join(stem))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(pages.success());
    let count = std::fs::read_dir(out_dir())
        .expect("out")
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().starts_with(&format!("{stem}-"))))
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "png")))
        .count();
    (String::from_utf8_lossy(&text.stdout).into_owned(), count)
}

#[test]
fn the_report_read_back_holds_counts_quotes_returns_and_verdicts() {
    let r = datong_round();
    let path = r.dir.path().join("工作进展情况报告.docx");
    let written = write_report(&r.store, r.round, &path, today(), Overwrite::Refuse).expect("report");
    let doc = read_docx(&path);
    let texts = paragraphs(&doc);

    // 公文 layout: A4, GB/T 9704 margins, title 小标宋 二号 centred, body 仿宋 三号, "— N —".
    let section = &doc["sections"][0];
    assert_eq!((section["page_width_mm"].as_f64(), section["page_height_mm"].as_f64()), (Some(210.0), Some(297.0)));
    assert_eq!(
        [&section["top_mm"], &section["bottom_mm"], &section["left_mm"], &section["right_mm"]],
        [37.0, 35.0, 28.0, 26.0]
    );
    assert_eq!((section["footer"].as_str(), section["even_footer"].as_str()), (Some("— 1 —"), Some("— 1 —")));
    assert_eq!(section["footer_fields"], json!(["PAGE"]));
    assert_eq!(doc["even_and_odd_headers"], true);
    let title = &doc["paragraphs"][0];
    let ledger_title = "全市强化市场主体倍增金融业要素服务保障行动计划抓落实全面清单";
    assert_eq!(title["text"], format!("关于{ledger_title}第1期工作进展情况的报告"));
    assert_eq!(
        (title["runs"][0]["east_asia"].as_str(), title["runs"][0]["size_pt"].as_f64()),
        (Some("方正小标宋简体"), Some(22.0))
    );
    assert!(title["align"].as_str().is_some_and(|a| a.starts_with("CENTER")));
    let body = doc["paragraphs"]
        .as_array()
        .expect("p")
        .iter()
        .find(|p| p["text"].as_str().is_some_and(|t| t.starts_with("台账共有任务")))
        .expect("body");
    assert_eq!(
        (body["runs"][0]["east_asia"].as_str(), body["runs"][0]["size_pt"].as_f64()),
        (Some("仿宋"), Some(16.0))
    );
    assert_eq!(body["first_line_indent_pt"], 32.0);
    assert_eq!(doc["fonts"], json!(["方正小标宋简体", "仿宋", "黑体", "楷体", "宋体", "Times New Roman"]));

    // The counts at the due date (2022-07-11): 58 tasks, 重点清单 13 completed by 市财政局,
    // 全面清单 4 推进中, 重点清单 1 (due 2022-06-30) overdue.
    assert_eq!(
        paragraph(&texts, "台账共有任务"),
        "台账共有任务58项。截至2022年7月11日，已完成1项，推进中1项，未启动0项，长期坚持0项，尚未填写状态56项；已过完成时限尚未完成的1项。本期为首期报送，暂无上期数据可比。"
    );
    assert_eq!(
        paragraph(&texts, "本期应报送单位"),
        "本期应报送单位4个，按时报送2个，迟报1个，未报送1个。迟报单位：市发展和改革委员会。未报送单位：市工业和信息化局。"
    );
    // Each returning unit's progress, quoted under its category, with its unit and 序号.
    let headings: Vec<&String> = texts.iter().filter(|t| t.starts_with('（') && t.ends_with("清单")).collect();
    assert_eq!(headings, ["（一）全面清单", "（二）重点清单"]);
    assert_eq!(
        paragraph(&texts, "1.提高信用贷款占比。"),
        "1.提高信用贷款占比。本类共有任务3项，已完成0项，逾期0项。市财政局报送（序号1）：“已设立企业信用保证基金，规模2亿元。”；市财政局报送（序号2）：“信用贷款余额较年初增长8%。”。"
    );
    assert!(paragraph(&texts, "2.提升续贷转贷比重。")
        .ends_with("市政府金融办报送（序号4）：“续贷业务办理时间压缩至3个工作日。”。"));
    assert!(paragraph(&texts, "7.加强融资担保机构建设。")
        .ends_with("市发展和改革委员会报送（序号18）：“已完成市级担保机构增资方案。”。"));
    let zhongdian = texts.iter().position(|t| t == "（二）重点清单").expect("重点清单");
    let subsidy = texts[zhongdian..].iter().find(|t| t.contains("完善融资担保补偿补贴机制。")).expect("补偿补贴");
    assert!(
        subsidy.contains("已完成1项") && subsidy.ends_with("市财政局报送（序号13）：“补偿补贴办法已印发实施。”。"),
        "{subsidy}"
    );
    let first_loan = texts[zhongdian..].iter().find(|t| t.contains("开展首贷户拓展专项行动。")).expect("首贷户");
    assert!(first_loan.contains("逾期1项。本期未收到该类任务的进展情况。"), "{first_loan}");
    // No sentence quotes a text nobody returned: every quote is one of the four returned texts.
    let quoted: Vec<&str> =
        texts.iter().flat_map(|t| t.split("）：“").skip(1).map(|q| q.split('”').next().unwrap_or(""))).collect();
    assert_eq!(quoted.len(), 5, "{quoted:?}");
    let returned = [
        "已设立企业信用保证基金，规模2亿元。",
        "信用贷款余额较年初增长8%。",
        "续贷业务办理时间压缩至3个工作日。",
        "已完成市级担保机构增资方案。",
        "补偿补贴办法已印发实施。",
    ];
    assert!(quoted.iter().all(|q| returned.contains(q)), "{quoted:?}");
    // Targets' verdicts with values.
    assert_eq!(paragraph(&texts, "台账共有量化指标"), "台账共有量化指标5项，本期达标1项，未达标1项，未报送完成值3项。");
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with("全省远期规模不低于100亿元：目标≥ 100 亿元，市财政局报送实际完成120亿元，达标。")),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("目标≥ 5 亿元，市发展和改革委员会报送实际完成3亿元，未达标。")),
        "{texts:#?}"
    );
    // 大同's ledger has no 存在问题 or 下一步 columns: the sections say so, invent nothing.
    assert!(texts.iter().any(|t| t == "本期各单位未反映存在的问题。"));
    assert!(texts.iter().any(|t| t == "本期各单位未报送下一步工作计划。"));
    assert_eq!(texts.last().map(String::as_str), Some("2022年7月15日"));
    assert_eq!(written.document.title, title["text"].as_str().unwrap_or(""));

    // Nothing is overwritten without --force.
    let before = std::fs::read(&path).expect("read");
    let again = write_report(&r.store, r.round, &path, today(), Overwrite::Refuse).expect_err("exists");
    assert!(matches!(again, Error::FileExists { .. }), "{again}");
    assert_eq!(std::fs::read(&path).expect("read"), before);

    // LibreOffice Writer renders it: A4 pages, the title, the quotes and the page numbers.
    let kept = out_dir().join("工作进展情况报告.docx");
    std::fs::copy(&path, &kept).expect("copy");
    let (pdf, pages) = render(&kept, "工作进展情况报告");
    assert!(pages >= 3, "{pages} pages");
    let flat: String = pdf.split_whitespace().collect();
    assert!(flat.contains("工作进展情况的报告") && flat.contains("—1—") && flat.contains("—2—"), "{pdf}");
    assert!(flat.contains("续贷业务办理时间压缩至3个工作日"), "{pdf}");
}

#[test]
fn scores_match_a_hand_computation_and_rules_are_logged_and_undoable() {
    let mut r = datong_round();
    let board = scores(&r.store, r.ledger, ScoreScope::Round(r.round), today()).expect("scores");
    // By hand, default rules (on time +2, late -1, missing -3, completed +1, overdue -1,
    // target met +1, target missed 0):
    //   市财政局 on time (7-08) +2, 重点清单 13 completed 7-08 before 2022-12-31 +1, 全面清单 2's
    //     target met (120 ≥ 100 亿元) +1                                                 =  4
    //   市政府金融办 on time (7-11, the due date) +2                                     =  2
    //   市发展和改革委员会 late (7-13) -1, target missed (3 < 5 亿元) 0                    = -1
    //   市工业和信息化局 missing -3, 重点清单 1 overdue (due 6-30, no status) -1          = -4
    let got: Vec<(usize, &str, f64)> = board.units.iter().map(|u| (u.rank, u.unit.as_str(), u.total)).collect();
    assert_eq!(
        got,
        [
            (1, "市财政局", 4.0),
            (2, "市政府金融办", 2.0),
            (3, "市发展和改革委员会", -1.0),
            (4, "市工业和信息化局", -4.0)
        ]
    );
    assert_eq!(board.praise, ["市财政局"]);
    assert_eq!(board.remind, ["市工业和信息化局", "市发展和改革委员会"]);
    let finance = &board.units[0];
    let events: Vec<(EventKind, f64)> = finance.events.iter().map(|e| (e.kind, e.points)).collect();
    assert_eq!(events, [(EventKind::OnTime, 2.0), (EventKind::Completed, 1.0), (EventKind::TargetMet, 1.0)]);
    assert_eq!(finance.events[0].reason, "2022年7月8日报送，截止日期2022年7月11日");
    assert!(finance.events[1].reason.contains("序号13") && finance.events[1].reason.contains("2022年12月31日"));
    let it = &board.units[3];
    assert_eq!(it.standing, Standing::Remind);
    assert_eq!(it.events.iter().map(|e| e.kind).collect::<Vec<_>>(), [EventKind::Missing, EventKind::Overdue]);
    // The year 2022 holds this one round: the same scores.
    let year = scores(&r.store, r.ledger, ScoreScope::Year(2022), today()).expect("year");
    assert_eq!(year.scope, "2022年度");
    assert_eq!(year.units.iter().map(|u| u.total).collect::<Vec<_>>(), [4.0, 2.0, -1.0, -4.0]);

    // A rule change is logged, changes the scores, and is undone like any edit.
    let changes = [("late".to_string(), Some(-2.0)), ("target_missed".to_string(), Some(-0.5))];
    let batch = set_score_rules(&mut r.store, r.ledger, &changes, "测试").expect("rules").expect("changed");
    let history = r.store.read().history().expect("history");
    assert_eq!(history[0].batch_id, batch);
    assert_eq!(history[0].changes.len(), 2);
    let changed = scores(&r.store, r.ledger, ScoreScope::Latest, today()).expect("scores");
    let ndrc = changed.units.iter().find(|u| u.unit == "市发展和改革委员会").expect("unit");
    assert_eq!(ndrc.total, -2.5);
    assert!(set_score_rules(&mut r.store, r.ledger, &changes, "测试").expect("same").is_none());
    let refused = set_score_rules(&mut r.store, r.ledger, &[("praise_at".into(), Some(-1.0))], "测试");
    assert!(refused.expect_err("below remind").to_string().contains("表扬线"));
    undo_last(&mut r.store).expect("undo");
    let back = scores(&r.store, r.ledger, ScoreScope::Latest, today()).expect("scores");
    assert_eq!(back.units.iter().map(|u| u.total).collect::<Vec<_>>(), [4.0, 2.0, -1.0, -4.0]);

    // The wording is the clerk's once set; a placeholder the segment does not offer is refused.
    let err = set_wording(&mut r.store, r.ledger, "report.title", Some("{内容}"), "测试").expect_err("refused");
    assert!(err.to_string().contains("{期次}"), "{err}");
    set_wording(&mut r.store, r.ledger, "report.title", Some("{期次}工作进展情况"), "测试")
        .expect("set")
        .expect("changed");
    let doc = taizhang::service::report_document(&r.store, r.round, today()).expect("doc");
    assert_eq!(doc.title, "第1期工作进展情况");
    undo_last(&mut r.store).expect("undo");
    let doc = taizhang::service::report_document(&r.store, r.round, today()).expect("doc");
    assert!(doc.title.starts_with("关于"), "{}", doc.title);

    // The 通报: ranking table and lists, read back with python-docx.
    let path = r.dir.path().join("考核通报.docx");
    write_notice(&r.store, r.ledger, ScoreScope::Round(r.round), &path, today(), Overwrite::Refuse).expect("notice");
    let doc = read_docx(&path);
    let texts = paragraphs(&doc);
    assert!(texts[0].starts_with("关于") && texts[0].ends_with("第1期工作考核情况的通报"), "{}", texts[0]);
    let table = doc["tables"][0].as_array().expect("table");
    assert_eq!(table[0], json!(["排名", "单位", "得分", "主要得分项", "主要扣分项", "结果"]));
    assert_eq!(
        table[1],
        json!(["1", "市财政局", "4", "按时报送1次+2分，按期完成任务1次+1分，指标达标1次+1分", "", "表扬"])
    );
    assert_eq!(
        table[4],
        json!(["4", "市工业和信息化局", "-4", "", "逾期未报送1次-3分，逾期未完成任务1次-1分", "提醒"])
    );
    assert!(texts.iter().any(|t| t.starts_with("对市财政局予以通报表扬")), "{texts:#?}");
    assert!(texts.iter().any(|t| t.starts_with("市工业和信息化局、市发展和改革委员会工作落实不力")), "{texts:#?}");
    let kept = out_dir().join("考核通报.docx");
    std::fs::copy(&path, &kept).expect("copy");
    let (pdf, _) = render(&kept, "考核通报");
    assert!(pdf.split_whitespace().collect::<String>().contains("市工业和信息化局"), "{pdf}");
}

#[test]
fn the_consolidated_workbook_has_native_charts_and_the_notice_sheet() {
    let r = datong_round();
    let path = out_dir().join("汇总-第1期.xlsx");
    let _ = std::fs::remove_file(&path);
    consolidate(&r.store, r.ledger, Some(r.round), &path, today(), Overwrite::Refuse).expect("consolidate");
    let charts: Value = serde_json::from_str(&python("xlsx_charts.py", &[&path])).expect("charts JSON");
    let summary = charts["汇总"].as_array().expect("汇总 charts");
    assert_eq!(summary.len(), 2, "{summary:#?}");
    assert_eq!((summary[0]["type"].as_str(), summary[0]["bar_dir"].as_str()), (Some("barChart"), Some("bar")));
    assert_eq!(summary[0]["grouping"], "stacked");
    assert_eq!(summary[0]["title"], "各单位任务状态");
    assert_eq!(summary[0]["series"].as_array().map(Vec::len), Some(6));
    assert_eq!(summary[0]["series"][0]["values"], "图表数据!$B$2:$B$5");
    assert_eq!(summary[0]["series"][0]["categories"], "图表数据!$A$2:$A$5");
    assert_eq!((summary[1]["type"].as_str(), summary[1]["bar_dir"].as_str()), (Some("barChart"), Some("col")));
    assert_eq!(summary[1]["title"], "各期报送情况（单位数）");
    assert_eq!(summary[1]["series"][0]["values"], "图表数据!$B$8");

    // The numbers the charts read, by unit in ledger order, then by round.
    let book = common::office::inspect(&path);
    let data = rows(sheet(&book, "图表数据"));
    assert_eq!(data[0], ["单位", "已完成", "推进中", "长期坚持", "未启动", "逾期", "未填写"]);
    assert_eq!(data[1], ["市财政局", "1", "0", "0", "0", "0", "3"]);
    assert_eq!(data[2], ["市政府金融办", "0", "1", "0", "0", "0", "3"]);
    assert_eq!(data[3], ["市发展和改革委员会", "0", "0", "0", "0", "0", "4"]);
    assert_eq!(data[4], ["市工业和信息化局", "0", "0", "0", "0", "1", "1"]);
    assert_eq!(data[6][..4], ["期次", "按时报送", "迟报", "未报送"]);
    assert_eq!(data[7][..4], ["第1期", "2", "1", "1"]);

    // The 通报 sheet: the same ranking as the scores, and the lists.
    let notice = rows(sheet(&book, "通报"));
    assert!(notice[0][0].ends_with("第1期考核情况"), "{:?}", notice[0]);
    assert_eq!(notice[3][..3], ["1", "市财政局", "4"]);
    assert_eq!(notice[6][..3], ["4", "市工业和信息化局", "-4"]);
    assert!(notice.iter().any(|r| r[0] == "通报表扬：市财政局"), "{notice:?}");
    assert!(notice.iter().any(|r| r[0] == "提醒督促：市工业和信息化局、市发展和改革委员会"), "{notice:?}");

    // LibreOffice Calc draws the charts: their titles and legends are in the PDF's text.
    let (pdf, _) = render(&path, "汇总-第1期");
    let flat: String = pdf.split_whitespace().collect();
    assert!(flat.contains("各单位任务状态") && flat.contains("各期报送情况"), "{pdf}");
    assert!(flat.contains("按时报送") && flat.contains("逾期"), "{pdf}");
}
