//! Layouts the templates do not show but offices send: a two-level header, heading rows,
//! footers, date cells, serial numbers, 17-1 labels, a task stretched over two merged rows, an
//! unknown column, and user overrides of the column mapping.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::{cell, fresh_store, task};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use taizhang::dates::{DeadlineKind, Recurrence};
use taizhang::model::Field;
use taizhang::service::{import_ledger, ImportOptions};

/// Writes the test workbook; rows are listed in Excel's 1-based numbering in comments.
fn write_shapes(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("台账").expect("name");
    let date_format = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let w = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, text: &str| {
        sheet.write(r, c, text).expect("write");
    };
    let plain = Format::new();
    w(sheet, 0, 0, "附件1"); // row 1
    sheet.merge_range(1, 0, 1, 7, "2024年全市金融重点工作任务台账", &plain).expect("merge"); // row 2
    w(sheet, 2, 0, "填报单位（盖章）："); // row 3
                                          // Rows 4–5: a two-level header.
    sheet.merge_range(3, 0, 4, 0, "序号", &plain).expect("merge");
    sheet.merge_range(3, 1, 4, 1, "工作任务", &plain).expect("merge");
    sheet.merge_range(3, 2, 4, 2, "牵头部门", &plain).expect("merge");
    sheet.merge_range(3, 3, 4, 3, "责任单位", &plain).expect("merge");
    sheet.merge_range(3, 4, 4, 4, "完成时间", &plain).expect("merge");
    sheet.merge_range(3, 5, 3, 6, "进展情况", &plain).expect("merge");
    w(sheet, 4, 5, "本期进展");
    w(sheet, 4, 6, "累计完成");
    sheet.merge_range(3, 7, 4, 7, "联系人", &plain).expect("merge");
    sheet.merge_range(5, 0, 5, 7, "一、优化金融服务", &plain).expect("merge"); // row 6
                                                                               // Row 7: a date cell.
    w(sheet, 6, 0, "1");
    w(sheet, 6, 1, "推动银行机构加大首贷投放。");
    w(sheet, 6, 2, "市金融办");
    w(sheet, 6, 3, "市财政局、市发改委");
    let due = ExcelDateTime::from_ymd(2024, 6, 30).expect("date");
    sheet.write_with_format(6, 4, &due, &date_format).expect("date");
    w(sheet, 6, 7, "张三");
    // Row 8: a serial number typed into the deadline column; a number as 序号.
    sheet.write(7, 0, 2).expect("num");
    w(sheet, 7, 1, "建立企业融资需求清单。");
    w(sheet, 7, 2, "市财政局");
    sheet.write(7, 4, 45657).expect("num");
    // Row 9: blank. Row 10: the next heading.
    sheet.merge_range(9, 0, 9, 7, "二、强化风险防控", &plain).expect("merge");
    // Row 11: an added task 17-1 with an unknown unit and a recurring deadline.
    w(sheet, 10, 0, "17-1");
    w(sheet, 10, 1, "开展非法集资风险排查。");
    w(sheet, 10, 2, "市防范非法集资领导小组办公室");
    w(sheet, 10, 4, "按季度");
    // Rows 12–13: one task stretched over two rows by merged cells.
    sheet.merge_range(11, 0, 12, 0, "3", &plain).expect("merge");
    sheet.merge_range(11, 1, 12, 1, "完善地方金融组织监管。", &plain).expect("merge");
    w(sheet, 11, 2, "市金融办");
    w(sheet, 11, 4, "2024年6月底前");
    // The continuation row holds a second lead unit, a second deadline and progress.
    w(sheet, 12, 2, "市财政局");
    w(sheet, 12, 4, "2024年底前");
    w(sheet, 12, 5, "已完成第一阶段");
    // Row 14: the footer.
    w(sheet, 13, 0, "填表人：李四        联系电话：0477-1234567");
    book.save(path).expect("save");
}

#[test]
fn two_level_header_headings_footer_dates_and_unknown_columns() {
    let (dir, mut store) = fresh_store();
    let path = dir.path().join("2024年任务台账.xlsx");
    write_shapes(&path);
    let report = import_ledger(&mut store, &path, &ImportOptions::default()).expect("import");
    let sheet = &report.sheets[0];
    assert_eq!((sheet.header_row, sheet.header_rows), (4, 2));
    let headers: Vec<(&str, Field)> = sheet.columns.iter().map(|c| (c.header.as_str(), c.field)).collect();
    assert_eq!(
        headers,
        vec![
            ("序号", Field::Seq),
            ("工作任务", Field::Measure),
            ("牵头部门", Field::Lead),
            ("责任单位", Field::Co),
            ("完成时间", Field::Deadline),
            ("进展情况/本期进展", Field::Progress),
            ("进展情况/累计完成", Field::Progress),
            ("联系人", Field::Other),
        ]
    );
    assert_eq!(report.title, "2024年全市金融重点工作任务台账");
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    let seqs: Vec<&str> = tasks.iter().map(|t| t.seq.as_str()).collect();
    assert_eq!(seqs, vec!["1", "2", "17-1", "3"]);

    let reasons: Vec<(u32, &str)> = sheet.skipped_rows.iter().map(|s| (s.row, s.reason.as_str())).collect();
    assert_eq!(reasons.iter().map(|r| r.0).collect::<Vec<_>>(), vec![6, 10, 13, 14], "{reasons:?}");
    assert!(reasons[0].1.contains("分组标题"));
    assert!(reasons[2].1.contains("合并单元格"));
    assert!(reasons[3].1.contains("签名"));

    let t1 = task(&tasks, "台账", "1");
    assert_eq!(t1.category, vec!["一、优化金融服务"]);
    assert_eq!(t1.lead_units, vec!["市政府金融办"]);
    assert_eq!(t1.co_units, vec!["市财政局", "市发展和改革委员会"]);
    assert_eq!((t1.deadline.kind, t1.deadline.due), (DeadlineKind::Date, NaiveDate::from_ymd_opt(2024, 6, 30)));
    assert_eq!(cell(t1, "联系人"), "张三", "an unknown column is kept");
    let t2 = task(&tasks, "台账", "2");
    assert_eq!(t2.deadline.due, NaiveDate::from_ymd_opt(2024, 12, 31), "serial 45657");
    let added = task(&tasks, "台账", "17-1");
    assert_eq!(added.category, vec!["二、强化风险防控"]);
    assert_eq!(added.deadline.recurrence, Some(Recurrence::Quarterly));
    assert_eq!(
        report.unknown_units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        vec!["市防范非法集资领导小组办公室"]
    );
    let t3 = task(&tasks, "台账", "3");
    assert_eq!(t3.measure, "完善地方金融组织监管。");
    assert_eq!(t3.category, vec!["二、强化风险防控"]);
    // The continuation row's own cells are kept on the task, not dropped.
    assert_eq!(t3.lead_units, vec!["市政府金融办", "市财政局"]);
    assert_eq!(t3.deadline.raw, "2024年6月底前\n2024年底前");
    let milestones: Vec<NaiveDate> = t3.deadline.milestones.iter().map(|m| m.date).collect();
    assert_eq!(
        milestones,
        [NaiveDate::from_ymd_opt(2024, 6, 30).expect("d"), NaiveDate::from_ymd_opt(2024, 12, 31).expect("d")]
    );
    assert_eq!(cell(t3, "进展情况/本期进展"), "已完成第一阶段");
}

#[test]
fn user_overrides_change_the_mapping() {
    let (_dir, mut store) = fresh_store();
    let options = ImportOptions {
        overrides: vec![
            ImportOptions::parse_override("配合科室=other").expect("override"),
            ImportOptions::parse_override("主要措施=工作措施").expect("override"),
        ],
        ..Default::default()
    };
    let report = import_ledger(&mut store, &common::template("济源"), &options).expect("import");
    let fields: Vec<Field> = report.sheets[0].columns.iter().map(|c| c.field).collect();
    use Field::*;
    assert_eq!(fields, vec![Seq, Category, Category, Measure, Category, Lead, Other, Deadline]);
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    let t14 = task(&tasks, "Sheet1", "14");
    assert!(t14.co_units.is_empty());
    assert_eq!(t14.measure, "完善平台服务体系");
    assert_eq!(cell(t14, "配合科室"), "金融稳定科、上市办（资本市场科）");
}

#[test]
fn bad_overrides_are_explained() {
    for spec in ["主要措施", "=measure", "主要措施=不存在的字段"] {
        let err = ImportOptions::parse_override(spec).expect_err(spec);
        let text = err.to_string();
        assert!(text.contains(spec) && text.contains("measure（工作措施）"), "{text}");
    }
}
