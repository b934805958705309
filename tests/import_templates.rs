//! Importing the real-layout ledgers in assets/templates (copies of ../shared/templates).

mod common;

use chrono::NaiveDate;
use common::{cell, import_fresh, task, template};
use taizhang::dates::{DeadlineKind, Recurrence};
use taizhang::import::YearSource;
use taizhang::model::Field;
use taizhang::service::{import_ledger, ImportOptions};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn ordos_ledger_reads_14_tasks_with_groups_units_and_deadlines() {
    let (_dir, store, report, tasks) = import_fresh(&template("鄂尔多斯"));
    assert!(report.created);
    assert_eq!(report.task_count, 14);
    assert_eq!(tasks.len(), 14);
    assert_eq!(
        tasks.iter().map(|t| t.seq.as_str()).collect::<Vec<_>>(),
        (1..=14).map(|n| n.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(report.title, "鄂尔多斯市金融支持人才和科技创新工作方案（2022—2025年）重点任务台账");
    assert_eq!((report.anchor_year, report.anchor_year_source), (Some(2022), Some(YearSource::Title)));

    // The sheet's header and every column's meaning.
    assert_eq!(report.sheets.len(), 1);
    let sheet = &report.sheets[0];
    assert_eq!((sheet.name.as_str(), sheet.header_row, sheet.task_count), ("重点任务台账", 3, 14));
    let fields: Vec<Field> = sheet.columns.iter().map(|c| c.field).collect();
    use Field::*;
    assert_eq!(fields, vec![Seq, Category, Measure, Lead, Co, Deadline, Progress, Problems, NextPlan]);

    // The trailing 名单 sheet (序号 1–100, nothing else) yields no tasks.
    assert_eq!(report.passed_over_sheets.len(), 1);
    assert_eq!(report.passed_over_sheets[0].name, "名单");
    assert!(tasks.iter().all(|t| t.sheet == "重点任务台账"));

    // 重点任务 merged over B4:B9, B10:B12, B13:B17 is filled into every task of its group.
    for seq in 1..=6 {
        assert_eq!(task(&tasks, "重点任务台账", &seq.to_string()).category, vec!["全力提升人才和科创金融服务水平"]);
    }
    for seq in 7..=9 {
        assert_eq!(task(&tasks, "重点任务台账", &seq.to_string()).category, vec!["全面推动人才和科创企业直接融资"]);
    }
    let t13 = task(&tasks, "重点任务台账", "13");
    assert_eq!(t13.category, task(&tasks, "重点任务台账", "10").category);
    assert_eq!(cell(t13, "重点任务"), t13.category[0]);

    // Units after alias resolution.
    let t10 = task(&tasks, "重点任务台账", "10");
    assert_eq!(t10.lead_units, vec!["市委组织部", "市政府金融办"]);
    let t1 = task(&tasks, "重点任务台账", "1");
    assert_eq!(t1.lead_units, vec!["人民银行鄂尔多斯市中心支行", "市政府金融办"]);
    // 市工信委 and 市发展改革委 in the cell resolve to the full names.
    assert_eq!(&t1.co_units[..3], ["市工业和信息化局", "市科学技术局", "市发展和改革委员会"]);
    // 鄂尔多斯银保监局 is the same body as the plan's 银保监分局.
    assert_eq!(task(&tasks, "重点任务台账", "2").lead_units, vec!["鄂尔多斯银保监分局", "市政府金融办"]);
    // 市金融办 in task 3's co-operating units is 市政府金融办.
    assert!(task(&tasks, "重点任务台账", "3").co_units.contains(&"市政府金融办".to_string()));

    // 市信政局 matches no body: kept as a new unit, listed, with a suggestion, never merged.
    let unknown = report.unknown_units.iter().find(|u| u.name == "市信政局").expect("市信政局 reported");
    assert_eq!(unknown.suggestion.as_deref(), Some("市财政局"));
    assert_eq!(unknown.tasks, vec!["重点任务台账 序号2"]);
    assert!(task(&tasks, "重点任务台账", "2").co_units.contains(&"市信政局".to_string()));

    // Deadlines: raw text kept, reading added.
    assert_eq!(t1.deadline.kind, DeadlineKind::Date);
    assert_eq!(t1.deadline.due, date(2023, 6, 30));
    assert!(t1.deadline.ongoing);
    assert_eq!(t1.deadline.raw, cell(t1, "完成时限"));
    let t8 = task(&tasks, "重点任务台账", "8");
    assert_eq!((t8.deadline.kind, t8.deadline.raw.as_str()), (DeadlineKind::Ongoing, "长期坚持。"));
    let t3 = task(&tasks, "重点任务台账", "3");
    assert_eq!(t3.deadline.recurrence, Some(Recurrence::Yearly));
    assert!(report.unreadable_deadlines.is_empty(), "{:?}", report.unreadable_deadlines);

    // The fill-in columns are kept, empty.
    assert_eq!(cell(t1, "进展情况"), "");
    assert_eq!(t1.cells.len(), 9);

    // Layout kept for writing the sheet back.
    let ledgers = store.read().ledgers().expect("ledgers");
    assert_eq!(ledgers.len(), 1);
    assert_eq!((ledgers[0].sheet_count, ledgers[0].task_count), (1, 14));
}

#[test]
fn ordos_layout_is_kept_for_export() {
    let sheets = taizhang::import::read_workbook(&template("鄂尔多斯"), &[]).expect("read").sheets;
    let layout = &sheets[0].layout;
    assert_eq!((layout.label_row, layout.title_row, layout.header_row), (Some(0), Some(1), 2));
    assert_eq!(sheets[0].label.as_deref(), Some("附件2"));
    let merges: Vec<String> = layout.merges.iter().map(|m| m.a1()).collect();
    for expected in ["A2:I2", "B4:B9", "B10:B12", "B13:B17"] {
        assert!(merges.contains(&expected.to_string()), "{expected} in {merges:?}");
    }
    assert_eq!(layout.page.print_title_rows, Some((2, 2)));
    assert_eq!(layout.page.column_widths[..3], [Some(6.0), Some(14.0), Some(58.0)]);
}

#[test]
fn datong_two_sheets_with_merged_requirements() {
    let (_dir, _store, report, tasks) = import_fresh(&template("大同"));
    let counts: Vec<(&str, usize)> = report.sheets.iter().map(|s| (s.name.as_str(), s.task_count)).collect();
    assert_eq!(counts, vec![("全面清单", 44), ("重点清单", 14)]);
    assert_eq!(tasks.len(), 58);

    // Item 3 sits in the merged B4:B6 group.
    assert_eq!(task(&tasks, "全面清单", "3").category, vec!["提高信用贷款占比"]);
    assert_eq!(task(&tasks, "全面清单", "1").category, task(&tasks, "全面清单", "3").category);
    // B28:B33 (items 25–30) is 健全股权投资体系.
    for seq in 25..=30 {
        assert_eq!(task(&tasks, "全面清单", &seq.to_string()).category, vec!["健全股权投资体系"]);
    }
    // Items 22, 43, 44 are one-row groups: their own value, not the group above.
    for seq in ["22", "43", "44"] {
        let t = task(&tasks, "全面清单", seq);
        assert_eq!(t.category, vec![cell(t, "工作要求").to_string()]);
    }
    assert_ne!(task(&tasks, "全面清单", "22").category, task(&tasks, "全面清单", "21").category);
    assert_ne!(task(&tasks, "全面清单", "44").category, task(&tasks, "全面清单", "43").category);
    // 重点清单: B9:B11 group, and items 5, 7, 8 have no deadline.
    assert_eq!(task(&tasks, "重点清单", "11").category, task(&tasks, "重点清单", "9").category);
    for seq in ["5", "7", "8"] {
        assert_eq!(task(&tasks, "重点清单", seq).deadline.kind, DeadlineKind::None);
    }
    // No year in the title: the year is a guess from the deadlines, and said to be one.
    assert_eq!(report.anchor_year_source, Some(YearSource::Deadlines));
    // The unit-less 大同 layout maps 双周进展情况 to progress and keeps 细化举措 and 年度目标和效果.
    let fields: Vec<Field> = report.sheets[0].columns.iter().map(|c| c.field).collect();
    use Field::*;
    assert_eq!(fields, vec![Seq, Category, Measure, Deadline, Detail, Target, Progress]);
}

#[test]
fn datong_milestones_read_with_the_year_the_user_gives() {
    let (_dir, mut store) = common::fresh_store();
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let report = import_ledger(&mut store, &template("大同"), &options).expect("import");
    assert_eq!((report.anchor_year, report.anchor_year_source), (Some(2022), Some(YearSource::User)));
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    let t1 = task(&tasks, "重点清单", "1");
    assert_eq!(t1.deadline.kind, DeadlineKind::Milestones);
    let dates: Vec<_> = t1.deadline.milestones.iter().map(|m| Some(m.date)).collect();
    assert_eq!(dates[..2], [date(2022, 4, 30), date(2022, 6, 30)]);
    assert_eq!(t1.deadline.milestones[0].text, "4月末前形成工作方案");
    // "…；2023年前完成。" ends in 2023.
    assert_eq!(task(&tasks, "重点清单", "9").deadline.due, date(2023, 12, 31));
}

#[test]
fn jiyuan_skips_six_repeated_headers_and_fills_three_category_levels() {
    let (_dir, _store, report, tasks) = import_fresh(&template("济源"));
    assert_eq!(tasks.len(), 33);
    assert_eq!(
        tasks.iter().map(|t| t.seq.clone()).collect::<Vec<_>>(),
        (1..=33).map(|n| n.to_string()).collect::<Vec<_>>()
    );
    let sheet = &report.sheets[0];
    assert_eq!(sheet.header_row, 2);
    let repeated: Vec<u32> =
        sheet.skipped_rows.iter().filter(|s| s.reason.contains("重复的表头")).map(|s| s.row).collect();
    assert_eq!(repeated, vec![8, 13, 19, 26, 33, 37]);
    assert_eq!(sheet.skipped_rows.len(), 6);
    use Field::*;
    let fields: Vec<Field> = sheet.columns.iter().map(|c| c.field).collect();
    assert_eq!(fields, vec![Seq, Category, Category, Category, Measure, Lead, Co, Deadline]);

    for t in &tasks {
        assert_eq!(t.category.len(), 3, "task {} has {:?}", t.seq, t.category);
        assert!(t.category.iter().all(|c| !c.is_empty()));
        assert_eq!(t.category[0], "获得信贷");
    }
    // D5:D6 merged: task 4 inherits 强化灾后重建金融支持 from task 3.
    assert_eq!(task(&tasks, "Sheet1", "4").category[2], "强化灾后重建金融支持");
    // A group split by a repeated header: task 6 (after row 8) still 优化信贷结构 / 提高续贷率….
    assert_eq!(task(&tasks, "Sheet1", "6").category, vec!["获得信贷", "优化信贷结构", "提高续贷率和信用贷款占比"]);
    // 责任科室 → lead, 配合科室 → co.
    let t14 = task(&tasks, "Sheet1", "14");
    assert_eq!(t14.lead_units, vec!["金融服务科"]);
    assert_eq!(t14.co_units, vec!["金融稳定科", "上市办（资本市场科）"]);
    assert_eq!(task(&tasks, "Sheet1", "1").deadline.due, date(2022, 12, 31));
    assert_eq!(task(&tasks, "Sheet1", "2").deadline.kind, DeadlineKind::Ongoing);
}

#[test]
fn legacy_xls_imports_like_the_xlsx() {
    let (_d1, _s1, xls_report, xls_tasks) = import_fresh(&common::fixture("ordos.xls"));
    let (_d2, _s2, _, xlsx_tasks) = import_fresh(&template("鄂尔多斯"));
    assert_eq!(xls_report.task_count, 14);
    for (a, b) in xls_tasks.iter().zip(&xlsx_tasks) {
        assert_eq!((&a.seq, &a.category, &a.measure), (&b.seq, &b.category, &b.measure));
        assert_eq!((&a.lead_units, &a.co_units, &a.deadline), (&b.lead_units, &b.co_units, &b.deadline));
    }
}
