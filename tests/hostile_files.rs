//! Hostile files, made at test time in a temporary folder (nothing big is committed): zip bombs,
//! lying zip headers, a million styled rows, a 50 MB shared-strings table, a cell far away,
//! formula-like texts and unit names that try to leave the output folder.
//!
//! The memory-hungry cases run the real CLI as a subprocess under an address-space limit
//! (`prlimit --as`): it must end with exit code 1 and a Chinese message naming the file, or
//! import correctly — never be killed.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fresh_store, import_fresh};
use taizhang::import::guard::{MAX_PART_BYTES, MAX_SHEET_CELLS};
use taizhang::service::{self, ImportOptions, TaskSelector};

/// The address space the CLI gets for a hostile file: the dense grids of the largest accepted
/// sheet plus the 50 MB string table fit; inflating any of the bombs, or a sheet of a billion
/// cells, does not.
const ADDRESS_SPACE: u64 = 1536 * 1024 * 1024;

const GIB: u64 = 1024 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Writing zips by hand: the zip crate refuses to write a header that lies.

/// One zip entry: its bytes as stored, how they are compressed and the sizes the headers claim.
struct Entry {
    name: String,
    data: Vec<u8>,
    method: u16,
    crc: u32,
    declared: u32,
}

/// An uncompressed entry with honest headers.
fn stored(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    let data = data.into();
    Entry { name: name.to_string(), crc: crc32(&data), declared: data.len() as u32, data, method: 0 }
}

/// A zip file of the entries (local headers, data, central directory).
fn zip_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let fields = |out: &mut Vec<u8>| {
            out.extend(20u16.to_le_bytes()); // version needed
            out.extend(0x0800u16.to_le_bytes()); // UTF-8 names
            out.extend(e.method.to_le_bytes());
            out.extend([0u8; 4]); // time, date
            out.extend(e.crc.to_le_bytes());
            out.extend((e.data.len() as u32).to_le_bytes());
            out.extend(e.declared.to_le_bytes());
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend(name);
        out.extend(&e.data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        fields(&mut central);
        central.extend([0u8; 10]); // comment length, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let (dir_offset, dir_len) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(dir_len.to_le_bytes());
    out.extend(dir_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &b| crc32_step(crc, b))
}

/// CRC-32 of `count` copies of one byte, table-driven (90 MB in a debug build).
fn crc32_of_repeated(byte: u8, count: u64) -> u32 {
    let table: Vec<u32> = (0..=255u8).map(|i| crc32_step(0, i)).collect();
    !(0..count).fold(!0u32, |crc, _| (crc >> 8) ^ table[((crc ^ u32::from(byte)) & 0xFF) as usize])
}

fn crc32_step(mut crc: u32, b: u8) -> u32 {
    crc ^= u32::from(b);
    for _ in 0..8 {
        crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
    }
    crc
}

/// A deflate stream (fixed Huffman codes) that inflates to `prefix`, then `a_count` letters A,
/// then `suffix`: one literal A and then copies of 258 bytes at distance 1, 13 bits each, so
/// 3 GiB take 20 MB.
fn deflate_bomb(prefix: &[u8], a_count: u64, suffix: &[u8]) -> Vec<u8> {
    let mut w = Bits::default();
    w.put(1, 1); // last block
    w.put(1, 2); // fixed Huffman codes
    for &b in prefix {
        w.literal(b);
    }
    w.literal(b'A');
    let mut left = a_count - 1;
    while left > 0 {
        let len = left.min(258);
        if len < 3 {
            (0..len).for_each(|_| w.literal(b'A'));
        } else {
            w.length(len as u16);
            w.put(0, 5); // distance code 0: distance 1
        }
        left -= len;
    }
    for &b in suffix {
        w.literal(b);
    }
    w.code(0, 7); // end of block (symbol 256)
    w.finish()
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// `count` bits of `value`, least significant first (header fields and extra bits).
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
        self.put(reversed, len);
    }

    fn literal(&mut self, b: u8) {
        match b {
            0..=143 => self.code(0x30 + u32::from(b), 8),
            _ => self.code(0x190 + u32::from(b) - 144, 9),
        }
    }

    /// A match length of 3..=258 (symbols 257..=285 and their extra bits).
    fn length(&mut self, len: u16) {
        const BASE: [u16; 29] = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
            227, 258,
        ];
        const EXTRA: [u32; 29] =
            [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
        let i = BASE.iter().rposition(|&b| b <= len).expect("length ≥ 3");
        let symbol = 257 + i as u32;
        if symbol <= 279 {
            self.code(symbol - 256, 7);
        } else {
            self.code(0xC0 + symbol - 280, 8);
        }
        self.put(u32::from(len - BASE[i]), EXTRA[i]);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

// ---------------------------------------------------------------------------------------------
// A small, valid workbook written part by part.

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// The parts of a one-sheet workbook (sheet 台账) around the given sheet XML and shared strings.
fn workbook_parts(sheet_xml: Vec<u8>, shared_strings: Entry) -> Vec<Entry> {
    let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    vec![
        stored(
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>"#
            ),
        ),
        stored(
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        stored(
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{rel}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        stored(
            "xl/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf applyFill="1"/></cellXfs></styleSheet>"#
            ),
        ),
        stored("xl/worksheets/sheet1.xml", sheet_xml),
        shared_strings,
    ]
}

/// The header and three task rows (inline strings), as sheet rows 1–4.
fn task_rows_xml() -> String {
    let rows = [
        ["序号", "工作措施", "牵头单位", "完成时限"],
        ["1", "推进普惠金融服务", "市财政局", "2024年6月底前"],
        ["2", "优化营商环境", "市金融办", "长期坚持"],
        ["3", "加强信用体系建设", "人民银行", "2024年12月底前"],
    ];
    let mut xml = String::new();
    for (r, row) in rows.iter().enumerate() {
        xml += &format!(r#"<row r="{}">"#, r + 1);
        for (c, text) in row.iter().enumerate() {
            xml += &format!(r#"<c r="{}{}" t="inlineStr"><is><t>{text}</t></is></c>"#, (b'A' + c as u8) as char, r + 1);
        }
        xml += "</row>";
    }
    xml
}

fn sheet_xml(rows: &str, tail: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut xml =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>{rows}"#).into_bytes();
    tail(&mut xml);
    xml.extend(b"</sheetData></worksheet>");
    xml
}

fn empty_shared_strings() -> Entry {
    stored("xl/sharedStrings.xml", format!(r#"<sst xmlns="{MAIN_NS}" count="0" uniqueCount="0"/>"#))
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

// ---------------------------------------------------------------------------------------------
// Running the CLI under a memory limit.

/// Runs `taizhang --db DB ARGS` with its address space limited to [`ADDRESS_SPACE`].
fn cli_limited(db: &Path, args: &[&str]) -> Output {
    Command::new("prlimit")
        .arg(format!("--as={ADDRESS_SPACE}"))
        .args(["--", env!("CARGO_BIN_EXE_taizhang"), "--db"])
        .arg(db)
        .args(args)
        .output()
        .expect("prlimit runs (util-linux)")
}

/// Imports a hostile file with the CLI under the memory limit; expects a clean refusal and
/// returns the message.
fn refused_under_limit(path: &Path) -> String {
    let db = path.with_extension("db");
    let out = cli_limited(&db, &["import", path.to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "a refusal, not a crash or a kill ({:?}): {stderr}", out.status);
    let name = path.file_name().expect("name").to_string_lossy();
    assert!(stderr.contains(name.as_ref()), "the message names the file: {stderr}");
    assert!(stderr.contains("请在 Excel 或 WPS 中打开"), "the message says what to do: {stderr}");
    stderr
}

/// Imports a file with the CLI under the memory limit; expects success and returns the tasks
/// as JSON.
fn imported_under_limit(path: &Path) -> Vec<serde_json::Value> {
    let db = path.with_extension("db");
    let out = cli_limited(&db, &["--json", "import", path.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "import succeeds ({:?}): {}", out.status, String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let ledger = report["ledger_id"].as_i64().expect("ledger id").to_string();
    let out = cli_limited(&db, &["--json", "tasks", &ledger]);
    assert!(out.status.success(), "tasks: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("JSON tasks")
}

fn measures(tasks: &[serde_json::Value]) -> Vec<&str> {
    tasks.iter().map(|t| t["measure"].as_str().expect("measure")).collect()
}

// ---------------------------------------------------------------------------------------------
// Zip bombs.

/// A shared-strings part that inflates to 3 GiB of one string.
fn bomb_entry(declared: u32) -> Entry {
    let prefix = format!(r#"<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>"#);
    let data = deflate_bomb(prefix.as_bytes(), 3 * GIB, b"</t></si></sst>");
    Entry { name: "xl/sharedStrings.xml".into(), data, method: 8, crc: 0, declared }
}

#[test]
fn zip_bomb_with_honest_header_is_refused_before_inflating() {
    let dir = tempfile::tempdir().expect("tempdir");
    let entry = bomb_entry(u32::MAX);
    assert!(entry.data.len() < 25_000_000, "3 GiB in {} bytes", entry.data.len());
    let bytes = zip_bytes(&workbook_parts(sheet_xml(&task_rows_xml(), |_| {}), entry));
    let path = write_file(dir.path(), "压缩炸弹.xlsx", &bytes);
    let message = refused_under_limit(&path);
    assert!(message.contains("xl/sharedStrings.xml 解压后有 4095 MB"), "{message}");
    assert!(message.contains(&format!("超过 {} MB 的上限", MAX_PART_BYTES / 1024 / 1024)), "{message}");
}

#[test]
fn zip_bomb_with_lying_header_is_stopped_at_the_declared_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = zip_bytes(&workbook_parts(sheet_xml(&task_rows_xml(), |_| {}), bomb_entry(4096)));
    let path = write_file(dir.path(), "头信息不实.xlsx", &bytes);
    let message = refused_under_limit(&path);
    // The zip reader stops at the declared size and reports a damaged part.
    assert!(message.contains("压缩包中的部件 xl/sharedStrings.xml 无法完整解压"), "{message}");
}

#[test]
fn many_medium_parts_are_refused_at_the_total_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut parts = workbook_parts(sheet_xml(&task_rows_xml(), |_| {}), empty_shared_strings());
    let part = 90 * 1024 * 1024;
    let data = deflate_bomb(b"", part, b"");
    let crc = crc32_of_repeated(b'A', part);
    for i in 0..4 {
        let name = format!("xl/media/image{i}.bin");
        parts.push(Entry { name, data: data.clone(), method: 8, crc, declared: part as u32 });
    }
    let path = write_file(dir.path(), "四个大部件.xlsx", &zip_bytes(&parts));
    let message = refused_under_limit(&path);
    assert!(message.contains("解压后超过 256 MB"), "{message}");
}

#[test]
fn shared_strings_claiming_billions_of_entries_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sst = stored(
        "xl/sharedStrings.xml",
        format!(r#"<sst xmlns="{MAIN_NS}" count="4000000000" uniqueCount="4000000000"><si><t>序号</t></si></sst>"#),
    );
    let path = write_file(
        dir.path(),
        "共享字符串.xlsx",
        &zip_bytes(&workbook_parts(sheet_xml(&task_rows_xml(), |_| {}), sst)),
    );
    let message = refused_under_limit(&path);
    assert!(message.contains("共享字符串表声明了 4000000000 条文字，超过 1000000 条的上限"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Huge sheets.

#[test]
fn a_million_empty_styled_rows_import_the_three_tasks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = sheet_xml(&task_rows_xml(), |xml| {
        for r in 5..=1_000_004u32 {
            write!(xml, r#"<row r="{r}" s="1" customFormat="1" ht="15"><c r="A{r}" s="1"/><c r="D{r}" s="1"/></row>"#)
                .expect("write row");
        }
    });
    assert!(sheet.len() > 60_000_000, "the sheet part is {} bytes", sheet.len());
    let path = write_file(dir.path(), "百万空行.xlsx", &zip_bytes(&workbook_parts(sheet, empty_shared_strings())));
    let tasks = imported_under_limit(&path);
    assert_eq!(measures(&tasks), ["推进普惠金融服务", "优化营商环境", "加强信用体系建设"]);
    assert_eq!(tasks[2]["lead_units"], serde_json::json!(["人民银行"]));
    assert_eq!(tasks[0]["deadline"]["due"], "2024-06-30");
}

#[test]
fn a_million_rows_with_blank_values_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = sheet_xml(&task_rows_xml(), |xml| {
        for r in 5..=1_000_004u32 {
            write!(xml, r#"<row r="{r}"><c r="C{r}" t="inlineStr"><is><t></t></is></c></row>"#).expect("write row");
        }
    });
    let path = write_file(dir.path(), "百万行.xlsx", &zip_bytes(&workbook_parts(sheet, empty_shared_strings())));
    let message = refused_under_limit(&path);
    assert!(message.contains("工作表“台账”已用区域达到 1000004 行 × 4 列"), "{message}");
    assert!(message.contains(&format!("超过 {MAX_SHEET_CELLS} 个单元格的上限")), "{message}");
}

#[test]
fn one_value_in_the_last_cell_of_the_sheet_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = sheet_xml(&task_rows_xml(), |xml| {
        xml.extend(br#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
    });
    let path = write_file(dir.path(), "最远的单元格.xlsx", &zip_bytes(&workbook_parts(sheet, empty_shared_strings())));
    let message = refused_under_limit(&path);
    assert!(message.contains("已用区域达到 1048576 行 × 16384 列"), "{message}");
}

#[test]
fn a_50_mb_shared_strings_table_imports_within_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = ["序号", "工作措施", "牵头单位", "完成时限"];
    let filler = "财政金融协同联动".repeat(12); // 96 characters, 288 bytes in UTF-8
    let count = 180_000usize;
    let mut sst = format!(r#"<sst xmlns="{MAIN_NS}" count="{0}" uniqueCount="{0}">"#, count + header.len() + 1);
    for h in header {
        sst += &format!("<si><t>{h}</t></si>");
    }
    for i in 0..count {
        sst += &format!("<si><t>{filler}{i}</t></si>");
    }
    sst += "<si><t>最后一条措施</t></si></sst>";
    assert!(sst.len() > 50_000_000, "{} bytes", sst.len());
    let last = count + header.len();
    let rows = format!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>{last}</v></c><c r="C2" t="inlineStr"><is><t>市财政局</t></is></c></row><row r="3"><c r="A3"><v>2</v></c><c r="B3" t="s"><v>{}</v></c></row>"#,
        header.len() + 7
    );
    let parts = workbook_parts(sheet_xml(&rows, |_| {}), stored("xl/sharedStrings.xml", sst));
    let path = write_file(dir.path(), "五十兆字符串.xlsx", &zip_bytes(&parts));
    let tasks = imported_under_limit(&path);
    assert_eq!(measures(&tasks), ["最后一条措施".to_string(), format!("{filler}7")]);
}

// ---------------------------------------------------------------------------------------------
// Formula-like texts and hostile unit names.

/// Texts a spreadsheet program would run as formulas if written as such.
const FORMULA_TEXTS: [&str; 5] = [
    "=HYPERLINK(\"http://example.invalid\",\"点击\")",
    "+1+1",
    "-2+3 减少审批环节",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
];

#[test]
fn formula_like_texts_stay_text_on_import_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("公式文本.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("台账").expect("name");
    for (c, h) in ["序号", "工作措施", "牵头单位", "完成时限", "进展情况"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (i, text) in FORMULA_TEXTS.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, (i + 1).to_string()).expect("seq");
        ws.write_string(r, 1, *text).expect("measure");
        ws.write_string(r, 2, "市财政局").expect("lead");
        ws.write_string(r, 3, "2024年6月底前").expect("deadline");
        ws.write_string(r, 4, *text).expect("progress");
    }
    book.save(&path).expect("save");

    let (_db, mut store, report, tasks) = import_fresh(&path);
    assert_eq!(tasks.iter().map(|t| t.measure.as_str()).collect::<Vec<_>>(), FORMULA_TEXTS);
    assert_eq!(tasks.iter().map(|t| common::cell(t, "进展情况")).collect::<Vec<_>>(), FORMULA_TEXTS);

    let today = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).expect("date");
    let due = chrono::NaiveDate::from_ymd_opt(2024, 10, 12);
    let round = service::new_round(&mut store, report.ledger_id, Some("第1期"), due, today).expect("round");
    let out = dir.path().join("导出");
    let exported = service::export_unit_files(&mut store, round.round_id, &out, |_, _| {}).expect("export");
    assert_eq!(exported.files.len(), 1);
    let consolidated = dir.path().join("汇总.xlsx");
    service::consolidate(&store, report.ledger_id, None, &consolidated, today, service::Overwrite::Refuse)
        .expect("consolidate");

    for file in [exported.files[0].path.clone(), consolidated] {
        for (part, xml) in sheet_parts(&file) {
            assert!(!xml.contains("<f>") && !xml.contains("<f "), "{} {part} holds a formula", file.display());
        }
        let inspected: serde_json::Value =
            serde_json::from_str(&common::office::python("inspect_xlsx.py", &[&file])).expect("JSON");
        for sheet in inspected["sheets"].as_array().expect("sheets") {
            assert_eq!(sheet["formula_cells"], serde_json::json!([]), "openpyxl finds no formula in {}", sheet["name"]);
        }
        let texts: Vec<String> = inspected["sheets"][0]["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .flat_map(|row| row.as_array().expect("row").iter().filter_map(|v| v.as_str().map(str::to_string)))
            .collect();
        for text in FORMULA_TEXTS {
            assert!(texts.iter().any(|t| t == text), "{} keeps {text} as text", file.display());
        }
    }
}

/// Every worksheet part of an .xlsx, as text.
fn sheet_parts(file: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("open")).expect("zip");
    let names: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    names
        .into_iter()
        .map(|n| {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(&n).expect("part"), &mut xml).expect("read");
            (n, xml)
        })
        .collect()
}

#[test]
fn hostile_unit_names_keep_exported_files_inside_the_folder() {
    let hostile = [
        "../../逃逸单位",
        r"..\..\Windows\System32",
        "市财政局/金融办",
        r#"冒号:星号*问号?引号"尖括号<>竖线|"#,
        "..",
        "CON",
        "nul.txt",
        "/etc/passwd",
        r"C:\Users\Public\单位",
    ];
    let (dir, mut store) = fresh_store();
    let path = dir.path().join("单位名称.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("台账").expect("name");
    for (c, h) in ["序号", "工作措施", "完成时限"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..hostile.len() {
        ws.write_string(i as u32 + 1, 0, (i + 1).to_string()).expect("seq");
        ws.write_string(i as u32 + 1, 1, format!("任务{}", i + 1)).expect("measure");
    }
    book.save(&path).expect("save");
    let report = service::import_ledger(&mut store, &path, &ImportOptions::default()).expect("import");
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    for (task, unit) in tasks.iter().zip(hostile) {
        // ".." normalises to nothing (trailing dots are punctuation): refused with a message.
        let result =
            service::assign_units(&mut store, report.ledger_id, &TaskSelector::Ids(vec![task.task_id]), unit, "");
        assert_eq!(result.is_err(), unit == "..", "{unit}: {result:?}");
    }
    let assigned: Vec<String> =
        store.read().tasks(report.ledger_id).expect("tasks").iter().flat_map(|t| t.lead_units.clone()).collect();
    // "/" separates units in a cell, so "../../逃逸单位" is the unit 逃逸单位; backslashes, colons
    // and device names stay in the names.
    let expected = [
        "逃逸单位",
        r"..\..\Windows\System32",
        "市财政局",
        "金融办",
        r#"冒号:星号*问号?引号"尖括号<>竖线|"#,
        "CON",
        "nul.txt",
        "etc",
        "passwd",
        r"C:\Users\Public\单位",
    ];
    assert_eq!(assigned, expected);

    let today = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).expect("date");
    let round = service::new_round(
        &mut store,
        report.ledger_id,
        Some("第1期"),
        chrono::NaiveDate::from_ymd_opt(2024, 10, 12),
        today,
    )
    .expect("round");
    let out = dir.path().join("导出");
    let exported = service::export_unit_files(&mut store, round.round_id, &out, |_, _| {}).expect("export");
    assert_eq!(exported.files.len(), assigned.len(), "one file per unit");
    // The export's own new folder inside the chosen one.
    assert_eq!(exported.out_dir.parent(), Some(out.as_path()));
    let out = exported.out_dir.canonicalize().expect("out dir");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("read out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), assigned.len(), "every file is directly in the folder: {names:?}");
    for file in &exported.files {
        let canonical = file.path.canonicalize().expect("file exists");
        assert_eq!(canonical.parent(), Some(out.as_path()), "{} stays in the folder", file.path.display());
        let name = canonical.file_name().expect("name").to_string_lossy().into_owned();
        assert!(!name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']), "{name}");
        let stem = name.trim_end_matches(".xlsx");
        assert!(
            !stem.starts_with('.') && !["CON", "NUL", "nul"].contains(&stem.split('.').next().unwrap_or("")),
            "{name}"
        );
    }
    let by_unit: Vec<(String, String)> = exported
        .files
        .iter()
        .map(|f| (f.unit.clone(), f.path.file_name().expect("name").to_string_lossy().into_owned()))
        .collect();
    for (unit, expected) in [
        (r"..\..\Windows\System32", "_.._Windows_System32.xlsx"),
        (r"C:\Users\Public\单位", "C__Users_Public_单位.xlsx"),
        (r#"冒号:星号*问号?引号"尖括号<>竖线|"#, "冒号_星号_问号_引号_尖括号__竖线_.xlsx"),
        ("CON", "_CON.xlsx"),
        ("nul.txt", "_nul.txt.xlsx"),
    ] {
        assert!(by_unit.contains(&(unit.to_string(), expected.to_string())), "{unit} → {expected}: {by_unit:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The same guard on the collect side, and .xls files.

#[test]
fn collecting_a_zip_bomb_reports_it_and_records_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("collect.db");
    let template = common::template("鄂尔多斯");
    let run = |args: &[&str]| {
        let out = cli_limited(&db, args);
        assert!(out.status.code().is_some(), "not killed: {:?}", out.status);
        out
    };
    assert!(run(&["import", template.to_str().expect("utf-8")]).status.success());
    assert!(run(&["round", "new", "1", "--label", "第1期", "--due", "2024-10-12"]).status.success());
    let bytes = zip_bytes(&workbook_parts(sheet_xml(&task_rows_xml(), |_| {}), bomb_entry(4096)));
    let bomb = write_file(dir.path(), "市财政局-报送表.xlsx", &bytes);
    let out = run(&["collect", "1", bomb.to_str().expect("utf-8")]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "the only file was unreadable: {text}");
    assert!(text.contains("市财政局-报送表.xlsx") && text.contains("无法完整解压"), "{text}");
    let status = run(&["--json", "status", "1"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON status");
    let units = status["units"].as_array().expect("units");
    assert!(!units.is_empty() && units.iter().all(|u| u["state"] == "missing" && u["file"].is_null()), "{status}");
}

#[test]
fn xls_with_a_value_in_its_last_cell_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("最远单元格.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("台账").expect("name");
    for (c, h) in ["序号", "工作措施", "牵头单位"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "1").expect("seq");
    ws.write_string(1, 1, "推进普惠金融服务").expect("measure");
    ws.write_string(65_535, 255, "远").expect("last cell of an .xls sheet");
    book.save(&source).expect("save");
    let xls = common::office::convert(&source, &dir.path().join("xls"), "xls");
    let db = dir.path().join("xls.db");
    let out = cli_limited(&db, &["import", xls.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "refused, not killed ({:?}): {stderr}", out.status);
    assert!(stderr.contains("最远单元格.xls") && stderr.contains("工作表“台账”"), "{stderr}");
    assert!(stderr.contains("已用区域达到 65536 行 × 256 列"), "{stderr}");
}
