//! The files the exporter writes, read back by an independent reader (openpyxl, through
//! tests/support/inspect_xlsx.py) and, for the identity, after a LibreOffice re-save.
//!
//! Needs `python3` with openpyxl (`pip install openpyxl`); the LibreOffice test needs `soffice`
//! on PATH and only prints a notice without it. Set TAIZHANG_EXPORT_SAMPLES=DIR to keep copies
//! of the written files (for rendering them to PDF by hand).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use common::office::{inspect, libreoffice_resave, sheet, sheet_names};
use common::template;
use serde_json::Value;
use taizhang::export::{
    safe_file_stem, write_consolidated, write_unit_file, Consolidated, ExportRow, ExportSheet, OverdueTask, UnitFile,
    UnitSummary,
};
use taizhang::import::{read_workbook, ParsedSheet};
use taizhang::model::TASK_STATUSES;
use taizhang::model::{ColumnMapping, Field};
use taizhang::workbook::{FileIdentity, Merge, SheetLayout, IDENTITY_SHEET, KEY_HEADER, STATUS_HEADER};

// ---------------------------------------------------------------------------------------------
// Helpers

fn parsed_sheet(prefix: &str, name: &str) -> ParsedSheet {
    let book = read_workbook(&template(prefix), &[]).expect("template imports");
    book.sheets.into_iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no sheet {name}"))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The 序号 column's position.
fn seq_col(sheet: &ParsedSheet) -> usize {
    sheet.columns.iter().position(|c| c.field == Field::Seq).expect("序号 column")
}

/// The column whose field is `field`.
fn col_of(sheet: &ExportSheet, field: Field) -> usize {
    sheet.columns.iter().position(|c| c.field == field).unwrap_or_else(|| panic!("no {field:?} column"))
}

/// An export sheet holding the rows whose 序号 is in `seqs` (all rows when empty); task ids are
/// `id_base + source row`.
fn export_sheet(parsed: &ParsedSheet, seqs: &[u32], id_base: i64) -> ExportSheet {
    let seq = seq_col(parsed);
    let rows = parsed
        .rows
        .iter()
        .filter(|r| seqs.is_empty() || r.cells[seq].text.trim().parse::<u32>().is_ok_and(|n| seqs.contains(&n)))
        .map(|r| ExportRow {
            task_id: id_base + i64::from(r.source_row),
            cells: r.cells.iter().map(|c| c.text.clone()).collect(),
            status: None,
        })
        .collect();
    ExportSheet {
        name: parsed.name.clone(),
        label: parsed.label.clone(),
        title: parsed.title.clone(),
        layout: parsed.layout.clone(),
        columns: parsed.columns.clone(),
        rows,
    }
}

fn identity() -> FileIdentity {
    FileIdentity {
        format: 2,
        ledger_id: 3,
        ledger_uuid: Some("7d9f4a12-5c3e-4b8a-9f21-3e6d8c0b1a45".into()),
        ledger_title: "全市强化市场主体倍增金融业要素服务保障行动计划抓落实清单".into(),
        round_id: 12,
        round_uuid: Some("c3a1e5f7-2b4d-4e6f-8a9b-0c1d2e3f4a5b".into()),
        round_label: "第6期".into(),
        due: date(2024, 10, 12),
        unit_id: 40,
        unit_name: "市财政局".into(),
    }
}

/// The texts of a 1-based row, `None` for empty cells and cells inside a merge.
fn row(sheet: &Value, r: usize) -> Vec<Option<String>> {
    sheet["rows"][r - 1]
        .as_array()
        .map_or_else(Vec::new, |cells| cells.iter().map(|c| c.as_str().map(str::to_string)).collect())
}

/// The text of a cell by its A1 address.
fn cell(sheet: &Value, a1: &str) -> Option<String> {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let r: usize = a1[letters.len()..].parse().expect("row number");
    let c = letters.bytes().fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A' + 1));
    row(sheet, r).get(c - 1).cloned().flatten()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().expect("array").iter().map(|x| x.as_str().expect("string").to_string()).collect()
}

fn merged(sheet: &Value) -> BTreeSet<String> {
    strings(&sheet["merged"]).into_iter().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The manual page breaks, as the 1-based rows that start a page.
fn page_breaks(sheet: &Value) -> Vec<usize> {
    sheet["page_breaks"].as_array().expect("page_breaks").iter().map(|v| v.as_u64().expect("row") as usize).collect()
}

/// Vertical merges in `col` over the 1-based row ranges `runs`, cut where a page starts (a piece
/// of one row is no merge): what the writer does so every printed page shows its categories.
fn split_at_breaks(col: char, runs: &[(usize, usize)], breaks: &[usize]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for &(first, last) in runs {
        let mut cuts: Vec<usize> = breaks.iter().copied().filter(|&b| b > first && b <= last).collect();
        cuts.push(last + 1);
        let mut start = first;
        for cut in cuts {
            if cut - 1 > start {
                out.insert(format!("{col}{start}:{col}{}", cut - 1));
            }
            start = cut;
        }
    }
    out
}

/// No merged range of task rows runs across a page break.
fn assert_no_merge_crosses_a_break(sheet: &Value) {
    let breaks = page_breaks(sheet);
    for m in strings(&sheet["merged"]) {
        let (a, b) = m.split_once(':').expect("range");
        let row_of = |x: &str| x.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse::<usize>().expect("row");
        let (r1, r2) = (row_of(a), row_of(b));
        assert!(!breaks.iter().any(|&p| p > r1 && p <= r2), "{m} crosses a page break {breaks:?}");
    }
}

fn row_height(sheet: &Value, r: usize) -> f64 {
    sheet["row_heights"][r.to_string()].as_f64().unwrap_or_else(|| panic!("row {r} has no height"))
}

fn column_width(sheet: &Value, letter: &str) -> f64 {
    sheet["column_widths"][letter].as_f64().unwrap_or_else(|| panic!("column {letter} has no width"))
}

/// Every cell of columns `cols` over rows `rows`, as A1 addresses.
fn cells_in(cols: &str, rows: std::ops::RangeInclusive<usize>) -> BTreeSet<String> {
    rows.flat_map(|r| cols.chars().map(move |c| format!("{c}{r}"))).collect()
}

fn keep_sample(path: &Path) {
    if let Ok(dir) = std::env::var("TAIZHANG_EXPORT_SAMPLES") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(path, Path::new(&dir).join(path.file_name().expect("file name")));
    }
}

fn assert_print_ready(s: &Value, title_rows: &str) {
    assert_eq!(s["orientation"], "landscape", "{}", s["name"]);
    assert_eq!(s["paper_size"], 9, "A4");
    assert_eq!(s["fit_to_page"], true);
    assert_eq!(s["fit_to_width"], 1);
    assert_eq!(s["fit_to_height"], 0, "as many pages tall as needed");
    assert_eq!(s["footer"]["center"], "第 &P 页 共 &N 页");
    assert_eq!(s["print_title_rows"], title_rows);
}

/// The 大同 unit file: 全面清单 items 1–6 and 25–30, 重点清单 items 1–3, with statuses and
/// texts that look like formulas.
fn datong_unit_file() -> UnitFile {
    let mut full = export_sheet(&parsed_sheet("大同", "全面清单"), &[1, 2, 3, 4, 5, 6, 25, 26, 27, 28, 29, 30], 1000);
    let progress = col_of(&full, Field::Progress);
    let detail = col_of(&full, Field::Detail);
    let target = col_of(&full, Field::Target);
    full.rows[0].status = Some("已完成".into());
    full.rows[1].status = Some("逾期".into());
    full.rows[1].cells[progress] = "=SUM(1,2)".into();
    full.rows[2].cells[detail] = "+86 10 1234".into();
    full.rows[3].cells[target] = "-5%".into();
    full.rows[4].cells[progress] = "@市长 =HYPERLINK(\"http://x\")".into();
    full.rows[6].status = Some("推进中".into());
    let key = export_sheet(&parsed_sheet("大同", "重点清单"), &[1, 2, 3], 2000);
    UnitFile { identity: identity(), sheets: vec![full, key], indicators: vec![] }
}

// ---------------------------------------------------------------------------------------------
// Unit files

#[test]
fn unit_file_keeps_the_template_layout_with_only_the_units_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("大同-市财政局.xlsx");
    let file = datong_unit_file();
    write_unit_file(&file, &path).expect("unit file written");
    keep_sample(&path);
    let book = inspect(&path);
    assert_eq!(sheet_names(&book), vec!["全面清单", "重点清单", IDENTITY_SHEET]);
    let s = sheet(&book, "全面清单");
    assert_eq!(s["state"], "visible");

    // Label, title merged over the 8 visible columns (7 template + 完成状态), the new line.
    assert_eq!(cell(s, "A1").as_deref(), Some("附件2"));
    assert_eq!(cell(s, "A2").as_deref(), Some("全市强化市场主体倍增金融业要素服务保障行动计划抓落实全面清单"));
    assert_eq!(cell(s, "A3").as_deref(), Some("填报单位：市财政局　　期次：第6期　　截止时间：2024年10月12日"));
    // The header as in the template, then the status column and the key column.
    let header: Vec<String> = row(s, 4).into_iter().map(Option::unwrap_or_default).collect();
    assert_eq!(
        header,
        [
            "序号",
            "工作要求",
            "主要任务",
            "完成时限",
            "细化举措",
            "年度目标和效果",
            "双周进展情况",
            STATUS_HEADER,
            KEY_HEADER
        ]
    );

    // The 12 rows, cell by cell, against the template's own rows.
    let source = &file.sheets[0];
    assert_eq!(s["max_row"], 18, "12 task rows from row 5, a blank row, the note in row 18");
    for (i, task) in source.rows.iter().enumerate() {
        let got = row(s, 5 + i);
        for (j, text) in task.cells.iter().enumerate() {
            let in_merge = j == 1 && !matches!(i, 0 | 3 | 6);
            let want = if in_merge || text.is_empty() { None } else { Some(text.clone()) };
            assert_eq!(got[j], want, "row {} column {}", 5 + i, j + 1);
        }
        assert_eq!(got[8].as_deref(), Some(format!("T{}", task.task_id).as_str()));
    }
    assert_eq!(cell(s, "A5").as_deref(), Some("1"));
    assert_eq!(cell(s, "B5").as_deref(), Some("提高信用贷款占比"));
    assert_eq!(cell(s, "A11").as_deref(), Some("25"));
    assert_eq!(cell(s, "B11").as_deref(), Some("健全股权投资体系"));
    assert_eq!(cell(s, "I5").as_deref(), Some("T1004"), "key of the task read from row 4");
    assert_eq!(cell(s, "I16").as_deref(), Some("T1033"));

    // Status prefilled only with a dropdown choice (逾期 is derived, not a choice).
    let status: Vec<Option<String>> = (5..=16).map(|r| cell(s, &format!("H{r}"))).collect();
    assert_eq!(status[0].as_deref(), Some("已完成"));
    assert_eq!(status[1], None);
    assert_eq!(status[6].as_deref(), Some("推进中"));
    assert_eq!(status.iter().flatten().count(), 2);

    // Category merges recomputed from the rows written: items 1–3, 4–6, 25–30 (all on one page).
    assert_eq!(page_breaks(s), Vec::<usize>::new());
    assert_eq!(merged(s), set(&["A2:H2", "A3:H3", "A18:H18", "B5:B7", "B8:B10", "B11:B16"]));
    assert!(cell(s, "A18").is_some_and(|t| t.starts_with("说明：") && t.contains("撤销工作表保护")));

    // Widths from the template, the status column added, the key column hidden.
    for (letter, width) in [("A", 6.0), ("B", 16.0), ("C", 46.0), ("D", 16.0), ("E", 24.0), ("G", 26.0), ("H", 12.0)] {
        let got = column_width(s, letter);
        assert!((width..width + 1.0).contains(&got), "column {letter}: {got}");
    }
    assert_eq!(strings(&s["hidden_columns"]), vec!["I"]);

    // Heights: computed, never the default 15pt; item 1's 主要任务 (42 characters in
    // a 46-wide column holding 21 characters a line → 2 lines) needs 2 × 15 + 8 = 38pt (stored
    // rounded to whole pixels); item 4's 18 characters fit one line: 23pt.
    assert!((38.0..38.5).contains(&row_height(s, 5)), "row 5: {}", row_height(s, 5));
    assert!((23.0..23.5).contains(&row_height(s, 8)), "row 8: {}", row_height(s, 8));
    for r in 5..=16 {
        assert!(row_height(s, r) >= 23.0, "row {r}");
    }
    assert_eq!(row_height(s, 4), 24.0, "a one-line header row (the hidden key header sets no height)");

    // Print and view.
    assert_print_ready(s, "$4:$4");
    assert_eq!(s["freeze_panes"], "A5");
}

#[test]
fn unit_file_is_protected_with_only_fill_in_cells_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unit.xlsx");
    write_unit_file(&datong_unit_file(), &path).expect("unit file written");
    let book = inspect(&path);
    let s = sheet(&book, "全面清单");
    let p = &s["protection"];
    assert_eq!(p["sheet"], true);
    assert_eq!(p["password"], Value::Null, "no password: a department can lift it to add a row");
    assert_eq!(p["format_columns_locked"], false, "columns can be widened");
    assert_eq!(p["format_rows_locked"], false, "rows can be made taller");
    assert_eq!(p["insert_rows_locked"], true);
    assert_eq!(p["delete_rows_locked"], true);
    assert_eq!(p["sort_locked"], true);
    assert_eq!(p["select_locked_cells_locked"], false, "locked text can still be selected and copied");

    // 细化举措, 年度目标和效果, 双周进展情况 and 完成状态 of the 12 task rows, nothing else.
    let unlocked: BTreeSet<String> = strings(&s["unlocked"]).into_iter().collect();
    assert_eq!(unlocked, cells_in("EFGH", 5..=16));
    assert!(!unlocked.contains("C5") && !unlocked.contains("D5") && !unlocked.contains("I5"));

    // The dropdown on every task row's status cell.
    let validations = s["data_validations"].as_array().expect("validations");
    assert_eq!(validations.len(), 1);
    assert_eq!(validations[0]["type"], "list");
    assert_eq!(validations[0]["sqref"], "H5:H16");
    assert_eq!(validations[0]["formula1"], format!("\"{}\"", TASK_STATUSES.join(",")));
    assert_eq!(validations[0]["error_style"], "stop");

    // The second sheet: its own merges (items 1–2 of 工作要求 B4:B5) and dropdown.
    let key = sheet(&book, "重点清单");
    assert_eq!(cell(key, "A1").as_deref(), Some("附件3"));
    assert_eq!(merged(key), set(&["A2:H2", "A3:H3", "A9:H9", "B5:B6"]));
    assert_eq!(key["data_validations"][0]["sqref"], "H5:H7");
    assert_eq!(strings(&key["unlocked"]).into_iter().collect::<BTreeSet<_>>(), cells_in("EFGH", 5..=7));
    assert_eq!(cell(key, "I7").as_deref(), Some("T2006"));
}

#[test]
fn texts_that_look_like_formulas_are_written_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unit.xlsx");
    write_unit_file(&datong_unit_file(), &path).expect("unit file written");
    let book = inspect(&path);
    let s = sheet(&book, "全面清单");
    assert_eq!(cell(s, "G6").as_deref(), Some("=SUM(1,2)"));
    assert_eq!(cell(s, "E7").as_deref(), Some("+86 10 1234"));
    assert_eq!(cell(s, "F8").as_deref(), Some("-5%"));
    assert_eq!(cell(s, "G9").as_deref(), Some("@市长 =HYPERLINK(\"http://x\")"));
    for s in book["sheets"].as_array().expect("sheets") {
        assert_eq!(s["formula_cells"], Value::Array(vec![]), "no formula anywhere on {}", s["name"]);
    }
}

#[test]
fn unit_file_carries_its_identity_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unit.xlsx");
    let file = datong_unit_file();
    write_unit_file(&file, &path).expect("unit file written");
    let book = inspect(&path);
    let id = sheet(&book, IDENTITY_SHEET);
    assert_eq!(id["state"], "hidden");
    let pairs: Vec<(String, String)> = (1..=10)
        .map(|r| (cell(id, &format!("A{r}")).unwrap_or_default(), cell(id, &format!("B{r}")).unwrap_or_default()))
        .collect();
    let want = [
        ("format", "2"),
        ("ledger_id", "3"),
        ("ledger_uuid", "7d9f4a12-5c3e-4b8a-9f21-3e6d8c0b1a45"),
        ("ledger_title", "全市强化市场主体倍增金融业要素服务保障行动计划抓落实清单"),
        ("round_id", "12"),
        ("round_uuid", "c3a1e5f7-2b4d-4e6f-8a9b-0c1d2e3f4a5b"),
        ("round_label", "第6期"),
        ("due", "2024-10-12"),
        ("unit_id", "40"),
        ("unit_name", "市财政局"),
    ];
    assert_eq!(pairs, want.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>());
    let props = &book["custom_properties"];
    for (k, v) in want {
        assert_eq!(props[format!("taizhang_{k}")], v, "custom property taizhang_{k}");
    }
    let json: FileIdentity =
        serde_json::from_str(props["taizhang_identity"].as_str().expect("taizhang_identity")).expect("identity JSON");
    assert_eq!(json, file.identity);
    assert_eq!(book["properties"]["title"], file.identity.ledger_title);
}

#[test]
fn two_level_headers_are_written_in_two_rows() {
    let col = |index: u32, header: &str, field: Field| ColumnMapping {
        index,
        letter: ((b'A' + index as u8) as char).to_string(),
        header: header.into(),
        field,
    };
    let sheet_data = ExportSheet {
        name: "台账".into(),
        label: None,
        title: Some("测试台账".into()),
        layout: SheetLayout {
            label_row: None,
            title_row: Some(0),
            header_row: 1,
            header_height: 2,
            merges: vec![Merge { first_row: 1, first_col: 3, last_row: 1, last_col: 4 }],
            page: Default::default(),
        },
        columns: vec![
            col(0, "序号", Field::Seq),
            col(1, "工作措施", Field::Measure),
            col(2, "牵头单位", Field::Lead),
            col(3, "进展情况/本期进展", Field::Progress),
            col(4, "进展情况/累计进展", Field::Progress),
            col(5, "备注", Field::Note),
        ],
        rows: vec![
            ExportRow {
                task_id: 7,
                cells: ["1", "措施甲", "市财政局", "", "", ""].map(String::from).to_vec(),
                status: None,
            },
            ExportRow {
                task_id: 8,
                cells: ["2", "措施乙", "市财政局", "已开展", "", ""].map(String::from).to_vec(),
                status: Some("未启动".into()),
            },
        ],
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("two.xlsx");
    write_unit_file(&UnitFile { identity: identity(), sheets: vec![sheet_data], indicators: vec![] }, &path)
        .expect("written");
    let book = inspect(&path);
    let s = sheet(&book, "台账");
    assert_eq!(cell(s, "A1").as_deref(), Some("测试台账"));
    assert_eq!(
        row(s, 3)[..8],
        [
            Some("序号"),
            Some("工作措施"),
            Some("牵头单位"),
            Some("进展情况"),
            None,
            Some("备注"),
            Some(STATUS_HEADER),
            Some(KEY_HEADER)
        ]
        .map(|o| o.map(String::from))
    );
    assert_eq!(cell(s, "D4").as_deref(), Some("本期进展"));
    assert_eq!(cell(s, "E4").as_deref(), Some("累计进展"));
    assert_eq!(
        merged(s),
        set(&["A1:G1", "A2:G2", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:H4", "A8:G8"])
    );
    assert_print_ready(s, "$3:$4");
    assert_eq!(s["freeze_panes"], "A5");
    assert_eq!(cell(s, "G6").as_deref(), Some("未启动"));
    assert_eq!(cell(s, "H6").as_deref(), Some("T8"));
    assert_eq!(s["data_validations"][0]["sqref"], "G5:G6");
    assert_eq!(strings(&s["unlocked"]).into_iter().collect::<BTreeSet<_>>(), cells_in("DEFG", 5..=6));
}

#[test]
fn a_written_unit_file_imports_back_to_the_same_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unit.xlsx");
    let file = datong_unit_file();
    write_unit_file(&file, &path).expect("unit file written");
    let book = read_workbook(&path, &[]).expect("the importer reads its own export");
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["全面清单", "重点清单"], "the hidden identity sheet is passed over");
    let back = &book.sheets[0];
    let source = &file.sheets[0];
    assert_eq!(back.label, source.label);
    assert_eq!(back.title, source.title);
    assert_eq!(back.rows.len(), 12, "neither the 填报单位 line nor the 说明 note is a task");
    for (got, want) in back.rows.iter().zip(&source.rows) {
        for (j, text) in want.cells.iter().enumerate() {
            assert_eq!(got.cells[j].text, *text, "row {} column {}", got.source_row, j + 1);
        }
    }
    assert_eq!(back.columns[7].header, STATUS_HEADER);
    assert_eq!(back.columns[7].field, Field::Status);
}

#[test]
fn a_unit_with_no_rows_still_gets_a_valid_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.xlsx");
    write_unit_file(&UnitFile { identity: identity(), sheets: vec![], indicators: vec![] }, &path).expect("written");
    let book = inspect(&path);
    assert_eq!(sheet_names(&book), ["台账", IDENTITY_SHEET]);
    assert_eq!(sheet(&book, "台账")["state"], "visible");
    assert_eq!(cell(sheet(&book, "台账"), "A1").as_deref(), Some("市财政局：本期没有需要贵单位填报的任务。"));
    assert_eq!(book["custom_properties"]["taizhang_unit_name"], "市财政局");
}

#[test]
fn writing_into_a_missing_folder_fails_with_a_chinese_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("没有这个文件夹").join("unit.xlsx");
    let err = write_unit_file(&datong_unit_file(), &path).expect_err("cannot write");
    assert!(matches!(err, taizhang::Error::Write { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("unit.xlsx") && text.contains("请关闭后重试"), "{text}");
    assert!(!dir.path().join("没有这个文件夹").exists());
}

// ---------------------------------------------------------------------------------------------
// Consolidated ledger

fn ordos_consolidated() -> Consolidated {
    let mut sheet = export_sheet(&parsed_sheet("鄂尔多斯", "重点任务台账"), &[], 0);
    let progress = col_of(&sheet, Field::Progress);
    sheet.rows[0].cells[progress] =
        "【市财政局】已完成专项再贷款申报。\n【市金融办】已召开推进会，印发工作方案。".into();
    sheet.rows[1].cells[progress] = "【鄂尔多斯银保监局】已建立白名单。".into();
    sheet.rows[0].status = Some("已完成".into());
    sheet.rows[1].status = Some("逾期".into());
    sheet.rows[2].status = Some("推进中".into());
    Consolidated {
        ledger_title: "鄂尔多斯市金融支持人才和科技创新工作方案（2022—2025年）重点任务台账".into(),
        round_label: Some("第6期".into()),
        as_of: date(2024, 10, 9),
        sheets: vec![sheet],
        units: vec![
            UnitSummary { unit: "市财政局".into(), tasks: 5, returned: true, completed: 1, overdue: 0 },
            UnitSummary {
                unit: "鄂尔多斯银保监局".into(), tasks: 3, returned: false, completed: 0, overdue: 1
            },
        ],
        overdue: vec![OverdueTask {
            sheet: "重点任务台账".into(),
            seq: "2".into(),
            measure: "实施首贷培育行动。".repeat(20),
            lead_units: "鄂尔多斯银保监局、市政府金融办".into(),
            due: date(2023, 3, 31),
        }],
        indicators: vec![],
        charts: None,
        notice: None,
    }
}

#[test]
fn consolidated_has_every_task_and_a_summary_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("汇总-第6期.xlsx");
    let ledger = ordos_consolidated();
    write_consolidated(&ledger, &path).expect("consolidated written");
    keep_sample(&path);
    let book = inspect(&path);
    assert_eq!(sheet_names(&book), vec!["重点任务台账", "汇总"]);
    let s = sheet(&book, "重点任务台账");
    assert_eq!(cell(s, "A1").as_deref(), Some("附件2"));
    assert_eq!(cell(s, "A2").as_deref(), Some(ledger.ledger_title.as_str()));
    assert_eq!(cell(s, "A3").as_deref(), Some("截至2024年10月9日　　期次：第6期"));
    let header: Vec<String> = row(s, 4).into_iter().map(Option::unwrap_or_default).collect();
    assert_eq!(
        header,
        [
            "序号",
            "重点任务",
            "工作措施",
            "牵头单位",
            "配合单位",
            "完成时限",
            "进展情况",
            "存在问题",
            "下一步工作计划",
            STATUS_HEADER
        ]
    );
    assert_eq!(s["max_row"], 18, "14 tasks from row 5, no note");
    assert_eq!(s["max_col"], 10, "no key column");
    let source = &ledger.sheets[0];
    for (i, task) in source.rows.iter().enumerate() {
        let got = row(s, 5 + i);
        assert_eq!(got[0].as_deref(), Some((i + 1).to_string().as_str()));
        assert_eq!(got[2].as_deref(), Some(task.cells[2].as_str()), "measure of task {}", i + 1);
        assert_eq!(got[3].as_deref(), Some(task.cells[3].as_str()));
    }
    assert_eq!(
        cell(s, "G5").as_deref(),
        Some("【市财政局】已完成专项再贷款申报。\n【市金融办】已召开推进会，印发工作方案。")
    );
    assert_eq!(cell(s, "J5").as_deref(), Some("已完成"));
    assert_eq!(cell(s, "J6").as_deref(), Some("逾期"), "the consolidated ledger shows overdue tasks as such");
    assert_eq!(cell(s, "J7").as_deref(), Some("推进中"));
    // 重点任务 B4:B9, B10:B12, B13:B17 in the template, one row lower here, and cut where a
    // printed page starts so each page shows its 重点任务.
    let breaks = page_breaks(s);
    assert!(!breaks.is_empty() && breaks.iter().all(|&b| (6..=18).contains(&b)), "{breaks:?}");
    let mut want = split_at_breaks('B', &[(5, 10), (11, 13), (14, 18)], &breaks);
    want.extend(set(&["A2:J2", "A3:J3"]));
    assert_eq!(merged(s), want);
    assert_no_merge_crosses_a_break(s);
    for b in &breaks {
        assert!(cell(s, &format!("B{b}")).is_some(), "page starting at row {b} shows its 重点任务");
    }
    assert_eq!(cell(s, "B5").as_deref(), Some("全力提升人才和科创金融服务水平"));
    assert_eq!(s["protection"]["sheet"], false);
    assert_eq!(s["hidden_columns"], Value::Array(vec![]));
    assert_print_ready(s, "$4:$4");
    assert_eq!(s["freeze_panes"], "A5");
    // Task 1's 工作措施 (151 characters, 4 of them digits, in a 58-wide column: 26 to a line, 6
    // lines) sets the row: 6 × 15 + 8 = 98pt.
    assert!((98.0..98.5).contains(&row_height(s, 5)), "row 5: {}", row_height(s, 5));

    let summary = sheet(&book, "汇总");
    assert!(cell(summary, "A1").is_some_and(|t| t.contains("各单位报送情况汇总")));
    assert_eq!(cell(summary, "A2").as_deref(), Some("截至2024年10月9日　　期次：第6期"));
    assert_eq!(row(summary, 3), ["单位", "任务数", "本期是否报送", "已完成", "逾期"].map(|t| Some(t.to_string())));
    assert_eq!(row(summary, 4), ["市财政局", "5", "是", "1", "0"].map(|t| Some(t.to_string())));
    assert_eq!(row(summary, 5), ["鄂尔多斯银保监局", "3", "否", "0", "1"].map(|t| Some(t.to_string())));
    assert_eq!(cell(summary, "A7").as_deref(), Some("逾期任务（共 1 项）"));
    assert_eq!(row(summary, 8), ["工作表", "序号", "工作措施", "牵头单位", "完成时限"].map(|t| Some(t.to_string())));
    let overdue = row(summary, 9);
    assert_eq!(overdue[0].as_deref(), Some("重点任务台账"));
    assert_eq!(overdue[1].as_deref(), Some("2"));
    let measure = overdue[2].clone().expect("measure");
    assert!(measure.starts_with("实施首贷培育行动。") && measure.ends_with('…') && measure.chars().count() == 120);
    assert_eq!(overdue[3].as_deref(), Some("鄂尔多斯银保监局、市政府金融办"));
    assert_eq!(overdue[4].as_deref(), Some("2023年3月31日"));
    assert_eq!(merged(summary), set(&["A1:E1", "A2:E2", "A7:E7"]));
    assert_eq!(summary["orientation"], "landscape");
    assert_eq!(summary["fit_to_width"], 1);
    assert_eq!(summary["footer"]["center"], "第 &P 页 共 &N 页");
}

#[test]
fn consolidated_remerges_multi_level_categories_across_the_old_page_breaks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("济源.xlsx");
    let sheet_data = export_sheet(&parsed_sheet("济源", "Sheet1"), &[], 0);
    let ledger = Consolidated {
        ledger_title: "2022年示范区财政金融局持续优化获得信贷领域营商环境工作台账".into(),
        round_label: None,
        as_of: date(2022, 6, 30),
        sheets: vec![sheet_data],
        units: vec![],
        overdue: vec![],
        indicators: vec![],
        charts: None,
        notice: None,
    };
    write_consolidated(&ledger, &path).expect("written");
    keep_sample(&path);
    let book = inspect(&path);
    let s = sheet(&book, "Sheet1");
    // No 附件 label: title in row 1, the date line in row 2, the header once in row 3, tasks 1–33
    // in rows 4–36 (the six repeated headers of the Word paste are gone).
    assert_eq!(cell(s, "A1").as_deref(), Some(ledger.ledger_title.as_str()));
    assert_eq!(cell(s, "A2").as_deref(), Some("截至2022年6月30日"));
    assert_eq!(cell(s, "D3").as_deref(), Some("主要措施"));
    assert_eq!(s["max_row"], 36);
    let seqs: Vec<String> = (4..=36).map(|r| cell(s, &format!("A{r}")).unwrap_or_default()).collect();
    assert_eq!(seqs, (1..=33).map(|n| n.to_string()).collect::<Vec<_>>());
    let merges = merged(s);
    // 所属专项 is 获得信贷 throughout: one run over all 33 tasks instead of the template's seven
    // pieces, cut only where a printed page starts, so every page shows it.
    let breaks = page_breaks(s);
    assert!(breaks.len() >= 3, "33 long tasks take several pages: {breaks:?}");
    let b_merges: BTreeSet<String> = merges.iter().filter(|m| m.starts_with('B')).cloned().collect();
    assert_eq!(b_merges, split_at_breaks('B', &[(4, 36)], &breaks));
    for b in &breaks {
        assert_eq!(cell(s, &format!("B{b}")).as_deref(), Some("获得信贷"), "page starting at row {b}");
    }
    assert_no_merge_crosses_a_break(s);
    // 提升融资担保服务能力 (C38 and C39:C40 in the template, items 30–32) becomes one run.
    assert_eq!(cell(s, "C33").as_deref(), Some("提升融资担保服务能力"));
    let c_run = split_at_breaks('C', &[(33, 35)], &breaks);
    assert!(c_run.is_subset(&merges), "{c_run:?} in {merges:?}");
    assert!(!merges.iter().any(|m| m.starts_with("C32:") || m.starts_with("C36")));
    // 主要措施 merges only within one 改革方向.
    for m in merges.iter().filter(|m| m.starts_with('D')) {
        let (a, b) = m.split_once(':').expect("range");
        let (r1, r2): (usize, usize) = (a[1..].parse().expect("row"), b[1..].parse().expect("row"));
        let direction = |r: usize| (4..=r).rev().find_map(|x| cell(s, &format!("C{x}"))).expect("a 改革方向 above");
        assert_eq!(direction(r1), direction(r2), "{m} crosses a 改革方向");
    }
    assert_print_ready(s, "$3:$3");
    let summary = sheet(&book, "汇总");
    assert_eq!(cell(summary, "A4").as_deref(), Some("（没有单位）"));
    assert_eq!(cell(summary, "A6").as_deref(), Some("逾期任务（共 0 项）"));
    assert_eq!(cell(summary, "A8").as_deref(), Some("无逾期任务"));
}

// ---------------------------------------------------------------------------------------------
// LibreOffice round trip

#[test]
fn identity_survives_a_libreoffice_resave() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unit.xlsx");
    let file = datong_unit_file();
    write_unit_file(&file, &path).expect("unit file written");
    let resaved = libreoffice_resave(&path, &dir.path().join("resaved"), "xlsx");
    let book = inspect(&resaved);

    // The hidden identity sheet survives, still hidden, with every value as text.
    let id = sheet(&book, IDENTITY_SHEET);
    assert_eq!(id["state"], "hidden");
    let pairs: Vec<(String, String)> = (1..=10)
        .map(|r| (cell(id, &format!("A{r}")).unwrap_or_default(), cell(id, &format!("B{r}")).unwrap_or_default()))
        .collect();
    let back = taizhang::workbook::identity_from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(back, Some(file.identity.clone()), "identity sheet after LibreOffice: {pairs:?}");

    // The custom document properties survive too.
    let props = &book["custom_properties"];
    eprintln!("custom properties after LibreOffice: {props}");
    assert_eq!(props["taizhang_unit_id"], "40");
    assert_eq!(props["taizhang_due"], "2024-10-12");
    let json: FileIdentity =
        serde_json::from_str(props["taizhang_identity"].as_str().expect("taizhang_identity survives")).expect("JSON");
    assert_eq!(json, file.identity);

    // And what a return needs: the keys, the protection, the open cells and the dropdown.
    let s = sheet(&book, "全面清单");
    assert_eq!(cell(s, "I5").as_deref(), Some("T1004"));
    assert_eq!(strings(&s["hidden_columns"]), vec!["I"]);
    assert_eq!(s["protection"]["sheet"], true);
    let unlocked: BTreeSet<String> = strings(&s["unlocked"]).into_iter().collect();
    assert!(cells_in("EFGH", 5..=16).is_subset(&unlocked), "{unlocked:?}");
    assert!(!unlocked.contains("C5"));
    assert_eq!(s["data_validations"][0]["sqref"], "H5:H16");
}

// ---------------------------------------------------------------------------------------------
// File names

#[test]
fn unit_names_become_windows_safe_file_names() {
    assert_eq!(safe_file_stem("市发改委/市工信局"), "市发改委_市工信局");
    assert_eq!(safe_file_stem("CON"), "_CON");
    assert_eq!(safe_file_stem(".."), "未命名单位");
    assert_eq!(safe_file_stem("市财政局. "), "市财政局");
    assert_eq!(safe_file_stem(&"长".repeat(300)).chars().count(), 66);
}
