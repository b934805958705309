//! Files a clerk might pick by mistake: each gets a clear Chinese error and changes nothing.

mod common;

use std::io::Write;
use std::path::Path;

use common::{fixture, fresh_store, template};
use taizhang::service::{import_ledger, ImportOptions};
use taizhang::store::Store;
use taizhang::Error;

/// Imports `path`, expects an error, and checks the database is exactly as before.
fn import_fails(store: &mut Store, path: &Path) -> Error {
    let err = import_ledger(store, path, &ImportOptions::default()).expect_err("import must fail");
    assert!(store.read().ledgers().expect("ledgers").is_empty(), "no ledger after a failed import");
    assert!(store.read().history().expect("history").is_empty(), "no change recorded after a failed import");
    let message = err.to_string();
    let name = path.file_name().expect("file name").to_string_lossy();
    assert!(message.contains(name.as_ref()), "message names the file: {message}");
    assert!(message.contains('请'), "message says what to do: {message}");
    err
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn empty_file() {
    let (dir, mut store) = fresh_store();
    let err = import_fails(&mut store, &write(dir.path(), "空台账.xlsx", b""));
    assert!(matches!(err, Error::EmptyFile { .. }), "{err:?}");
    assert!(err.to_string().contains("空文件"));
}

#[test]
fn text_file_renamed_to_xlsx() {
    let (dir, mut store) = fresh_store();
    let err = import_fails(&mut store, &write(dir.path(), "改名的表格.xlsx", "序号,工作措施\n1,推进工作\n".as_bytes()));
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
    assert!(err.to_string().contains("纯文本"), "{err}");
}

#[test]
fn word_document_renamed_to_xlsx() {
    let (dir, mut store) = fresh_store();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("zip entry");
    zip.write_all(b"<w:document/>").expect("zip write");
    let bytes = zip.finish().expect("zip").into_inner();
    let err = import_fails(&mut store, &write(dir.path(), "通知.xlsx", &bytes));
    // Read as a Word document by its content; an empty one has no measures.
    assert!(matches!(err, Error::NoTaskTable { .. }), "{err:?}");
    assert!(err.to_string().contains("牵头单位"), "{err}");
}

#[test]
fn encrypted_workbook() {
    let (_dir, mut store) = fresh_store();
    let err = import_fails(&mut store, &fixture("encrypted.xlsx"));
    assert!(matches!(err, Error::Encrypted { .. }), "{err:?}");
    assert!(err.to_string().contains("密码"));
}

#[test]
fn workbook_with_no_task_table() {
    let (dir, mut store) = fresh_store();
    let path = dir.path().join("会议纪要.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("纪要").expect("name");
    sheet.write(0, 0, "关于金融工作的会议纪要").expect("write");
    sheet.write(2, 0, "一、会议听取了各单位汇报。").expect("write");
    sheet.write(3, 0, "序号").expect("write");
    book.save(&path).expect("save");
    let err = import_fails(&mut store, &path);
    assert!(matches!(err, Error::NoTaskTable { .. }), "{err:?}");
    assert!(err.to_string().contains("工作表“纪要”"), "{err}");
}

#[test]
fn random_bytes_and_truncated_workbook() {
    let (dir, mut store) = fresh_store();
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let err = import_fails(&mut store, &write(dir.path(), "乱码.xls", &noise));
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
    let whole = std::fs::read(template("鄂尔多斯")).expect("template");
    let err = import_fails(&mut store, &write(dir.path(), "只传了一半.xlsx", &whole[..whole.len() / 2]));
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
}

#[test]
fn missing_file() {
    let (dir, mut store) = fresh_store();
    let err = import_fails(&mut store, &dir.path().join("不存在的台账.xlsx"));
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
}

/// Damaged copies of every template (bytes overwritten at spread-out places): the importer
/// returns a ledger or an error, never panics, and a failed import leaves nothing behind.
#[test]
fn damaged_templates_never_panic() {
    let (dir, mut store) = fresh_store();
    let mut outcomes = (0, 0);
    for prefix in ["鄂尔多斯", "大同", "济源"] {
        let original = std::fs::read(template(prefix)).expect("template");
        for trial in 0..60usize {
            let mut bytes = original.clone();
            let mut x = (trial as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            for _ in 0..1 + trial % 4 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let at = (x % bytes.len() as u64) as usize;
                bytes[at] = (x >> 32) as u8;
            }
            let path = write(dir.path(), &format!("损坏{trial}.xlsx"), &bytes);
            let before = store.read().ledgers().expect("ledgers").len();
            match import_ledger(&mut store, &path, &ImportOptions::default()) {
                Ok(_) => outcomes.0 += 1,
                Err(_) => {
                    outcomes.1 += 1;
                    assert_eq!(store.read().ledgers().expect("ledgers").len(), before);
                }
            }
        }
    }
    assert_eq!(outcomes.0 + outcomes.1, 180);
    assert!(outcomes.1 > 0, "some damaged files must be refused: {outcomes:?}");
    assert_eq!(store.read().integrity_check().expect("check"), "ok");
}
