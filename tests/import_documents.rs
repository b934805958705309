//! Plans without a table (the two .docx notices in assets/templates, and their text as .txt):
//! one task per numbered measure that names its units, and the quantified targets of a measure.

mod common;

use std::path::{Path, PathBuf};

use taizhang::import::document::read_document;
use taizhang::import::{read_workbook, ParsedWorkbook, YearSource};
use taizhang::indicators::{extract, Indicator};
use taizhang::model::Field;
use taizhang::units::split_units;
use taizhang::Error;

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

/// The cell of `field` in every row, in order.
fn column(book: &ParsedWorkbook, field: Field) -> Vec<String> {
    let sheet = &book.sheets[0];
    let c = sheet.columns.iter().position(|m| m.field == field).expect("column");
    sheet.rows.iter().map(|r| r.cells[c].text.clone()).collect()
}

fn row_of(book: &ParsedWorkbook, seq: &str) -> usize {
    column(book, Field::Seq).iter().position(|s| s == seq).unwrap_or_else(|| panic!("no task {seq}"))
}

fn cell(book: &ParsedWorkbook, seq: &str, field: Field) -> String {
    column(book, field)[row_of(book, seq)].clone()
}

#[test]
fn ordos_ten_actions() {
    let book = read_document(&docx("鄂尔多斯")).expect("reads");
    assert_eq!(book.title, "鄂尔多斯市十项金融赋能行动方案（2022—2024年）");
    assert_eq!(book.anchor_year, Some((2022, YearSource::Title)));
    assert!(book.passed_over.is_empty());
    assert_eq!(book.sheets.len(), 1);
    let sheet = &book.sheets[0];
    assert_eq!(sheet.name, "任务清单");
    let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(
        headers,
        ["序号", "类别", "工作措施", "牵头单位", "责任单位", "完成时限", "进展情况", "存在问题", "下一步工作计划"]
    );
    let fields: Vec<Field> = sheet.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            Field::Seq,
            Field::Category,
            Field::Measure,
            Field::Lead,
            Field::Co,
            Field::Deadline,
            Field::Progress,
            Field::Problems,
            Field::NextPlan
        ]
    );
    assert_eq!((sheet.layout.title_row, sheet.layout.header_row, sheet.layout.label_row), (Some(0), 1, None));
    assert_eq!(sheet.layout.page.print_title_rows, Some((1, 1)));
    assert_eq!(column(&book, Field::Seq), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    assert!(column(&book, Field::Category).iter().all(|c| c == "重点任务"));
    let measures = column(&book, Field::Measure);
    assert!(measures[0].starts_with("推进金融赋能生态产业和绿色低碳转型。"), "{}", measures[0]);
    assert!(measures[0].ends_with("三年内实现融资200亿元以上。"), "{}", measures[0]);
    assert!(measures[9].starts_with("推进金融赋能防范化解债务风险。"), "{}", measures[9]);
    assert!(measures.iter().all(|m| !m.contains("牵头单位")));
    assert_eq!(split_units(&cell(&book, "1", Field::Lead)), ["市发展和改革委员会", "市人民政府金融工作办公室"]);
    let co = split_units(&cell(&book, "1", Field::Co));
    assert!(co.contains(&"市财政局".to_string()), "{co:?}");
    assert!(co.contains(&"各金融机构".to_string()), "{co:?}");
    assert!(co.contains(&"各旗区人民政府".to_string()), "{co:?}");
    assert_eq!(co.len(), 10, "{co:?}");
    assert_eq!(split_units(&cell(&book, "10", Field::Lead)), ["市财政局", "市人民政府金融工作办公室"]);
    assert_eq!(cell(&book, "1", Field::Deadline), "2024年；三年内");
    assert_eq!(cell(&book, "9", Field::Deadline), "2022年底；2024年");
    assert!(column(&book, Field::Progress).iter().all(String::is_empty));
    // The 工作目标 and 保障机制 items name no units and are not tasks.
    assert!(measures.iter().all(|m| !m.starts_with("社会融资规模") && !m.starts_with("加强组织领导")));
}

#[test]
fn liaocheng_measures() {
    let book = read_document(&docx("聊城")).expect("reads");
    assert_eq!(book.title, "关于加强财政金融协同联动支持全市经济高质量发展的实施方案");
    assert_eq!(book.anchor_year, Some((2024, YearSource::Title)));
    let seqs = column(&book, Field::Seq);
    for n in 1..=26 {
        let n = n.to_string();
        assert!(seqs.iter().any(|s| *s == n || s.starts_with(&format!("{n}-"))), "measure {n} has a task: {seqs:?}");
    }
    let split: Vec<&String> = seqs.iter().filter(|s| s.starts_with("3-") || **s == "3").collect();
    assert_eq!(split, ["3-1", "3-2"]);
    assert_eq!(seqs.iter().filter(|s| s.starts_with("21-")).count(), 3);
    assert_eq!(seqs.len(), 38);
    assert_eq!(cell(&book, "1", Field::Category), "工作措施 / 统筹谋划，构建普惠金融发展体系");
    assert_eq!(cell(&book, "26", Field::Category), "工作措施 / 凝心聚力，提升金融企业服务实体经济质效");
    assert_eq!(cell(&book, "1", Field::Lead), "市财政局");
    assert_eq!(
        split_units(&cell(&book, "1", Field::Co)),
        ["市工业和信息化局", "市国资委", "各县（市、区）人民政府", "市属开发区管委会"]
    );
    assert_eq!(cell(&book, "1", Field::Deadline), "全年（年底前）");
    let first = cell(&book, "3-1", Field::Measure);
    assert!(
        first.starts_with("加大创业就业融资扶持力度。") && first.ends_with("减轻创业就业群体融资负担。"),
        "{first}"
    );
    let second = cell(&book, "3-2", Field::Measure);
    assert!(second.starts_with("鼓励退役军人创业就业，") && second.ends_with("应贴快贴。"), "{second}");
    assert_eq!(
        split_units(&cell(&book, "3-1", Field::Lead)),
        ["市人力资源社会保障局", "市财政局", "人民银行聊城市分行"]
    );
    assert_eq!(split_units(&cell(&book, "3-2", Field::Lead)), ["市退役军人局", "市财政局"]);
    // The 保障机制 items name units, so they are tasks too, under their own heading.
    assert_eq!(cell(&book, "30", Field::Category), "保障机制");
    assert_eq!(cell(&book, "30", Field::Co), "");
    // Nothing from the annex (the list of members).
    assert!(column(&book, Field::Measure).iter().all(|m| !m.contains("组  长") && !m.contains("刘文强")));
}

#[test]
fn read_workbook_dispatches_documents() {
    let book = read_workbook(&docx("鄂尔多斯"), &[]).expect("a .docx goes to the document reader");
    assert_eq!(book.sheets[0].rows.len(), 10);
    // A .docx renamed to .xlsx is still recognised by its content.
    let dir = tempfile::tempdir().expect("tempdir");
    let renamed = dir.path().join("方案.xlsx");
    std::fs::copy(docx("聊城"), &renamed).expect("copy");
    assert_eq!(read_workbook(&renamed, &[]).expect("reads").sheets[0].rows.len(), 38);
}

#[test]
fn text_files_utf8_and_gbk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "鄂尔多斯市人民政府\n\n2022年8月9日\n\n某某工作方案\n\n一、重点任务\n\n(一) 推进金融赋能。到 2024 年绿色信贷余额超过 500 亿元，\n\n加强协作。\n\n（牵头单位：市财政局；责任单位：市商务局，各金融机构）\n\n二、保障机制\n\n（一）加强组织领导。\n";
    let utf8 = dir.path().join("方案.txt");
    std::fs::write(&utf8, text).expect("write");
    let (gbk_bytes, _, _) = encoding_rs::GB18030.encode(text);
    let gbk = dir.path().join("方案-gbk.txt");
    std::fs::write(&gbk, &gbk_bytes).expect("write");
    for path in [utf8, gbk] {
        let book = read_document(&path).expect("reads");
        assert_eq!(book.title, "某某工作方案");
        assert_eq!(book.anchor_year, Some((2022, YearSource::Title)));
        assert_eq!(column(&book, Field::Seq), ["1"]);
        assert_eq!(column(&book, Field::Category), ["重点任务"]);
        assert_eq!(column(&book, Field::Measure), ["推进金融赋能。到2024年绿色信贷余额超过500亿元，加强协作。"]);
        assert_eq!(column(&book, Field::Lead), ["市财政局"]);
        assert_eq!(column(&book, Field::Co), ["市商务局，各金融机构"]);
        assert_eq!(column(&book, Field::Deadline), ["到2024年"]);
    }
}

#[test]
fn text_without_measures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("会议纪要.txt");
    std::fs::write(&path, "关于金融工作的会议纪要\n一、会议听取了各单位汇报。\n二、会议要求各单位抓好落实。\n")
        .expect("write");
    let err = read_document(&path).expect_err("no measures");
    assert!(matches!(err, Error::NoTaskTable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("会议纪要.txt") && message.contains("牵头单位"), "{message}");
    let err = read_workbook(&path, &[]).expect_err("no measures");
    assert!(matches!(err, Error::NoTaskTable { .. }), "{err:?}");
}

fn find<'a>(found: &'a [Indicator], unit: &str, target: f64) -> &'a Indicator {
    found
        .iter()
        .find(|i| i.unit == unit && i.target == target)
        .unwrap_or_else(|| panic!("no {target}{unit} in {found:?}"))
}

#[test]
fn indicators_of_liaocheng_measure_one() {
    let book = read_document(&docx("聊城")).expect("reads");
    let found = extract(&cell(&book, "1", Field::Measure));
    let share = find(&found, "%", 80.0);
    assert_eq!(share.comparator, "ge");
    assert!(share.metric.contains("业务占比保持在80%以上"), "{}", share.metric);
    assert_eq!(find(&found, "%", 1.0).comparator, "le");
    let new = find(&found, "亿元", 50.0);
    assert_eq!((new.comparator.as_str(), new.period.as_deref()), ("ge", Some("全年")));
    assert_eq!(new.metric, "全年新增政府性融资担保业务50亿元以上");
    assert!(found.iter().all(|i| i.unit != "万元"), "1000万元及以下 is a scope, not a target: {found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn indicators_of_ordos_goals() {
    let seed = ordos_text();
    let start = seed.find("二、工作目标").expect("goals");
    let end = seed.find("三、重点任务").expect("tasks");
    let found = extract(&seed[start..end]);
    let loans = find(&found, "亿元", 150.0);
    assert_eq!((loans.comparator.as_str(), loans.period.as_deref()), ("ge", Some("每年")));
    let bonds = find(&found, "亿元", 40.0);
    assert_eq!((bonds.comparator.as_str(), bonds.period.as_deref()), ("ge", Some("每年")));
    assert_eq!(find(&found, "亿元", 50.0).period.as_deref(), Some("2022年"));
    assert_eq!(find(&found, "亿元", 100.0).period.as_deref(), Some("到2024年"));
    let manufacturing = find(&found, "%", 22.0);
    assert_eq!((manufacturing.comparator.as_str(), manufacturing.period.as_deref()), ("ge", Some("2024年")));
    assert_eq!(find(&found, "倍", 2.5).comparator, "ge");
    assert_eq!(find(&found, "倍", 6.0).comparator, "ge");
    assert_eq!(find(&found, "个百分点", 1.0).comparator, "ge");
    assert_eq!(find(&found, "户", 1000.0).period.as_deref(), Some("每年"));
    assert_eq!(find(&found, "户", 6000.0).period.as_deref(), Some("2024年"));
    assert_eq!(find(&found, "亿元", 8.0).comparator, "ge");
}

/// The text of the 鄂尔多斯 notice: word/document.xml's paragraphs, one per line.
fn ordos_text() -> String {
    let bytes = std::fs::read(docx("鄂尔多斯")).expect("docx");
    taizhang::import::document::paragraphs::docx_paragraphs(&bytes).expect("paragraphs").join("\n")
}
