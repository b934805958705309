//! Inputs found by fuzzing (scripts/fuzz.sh) that once crashed, hung or exhausted memory, kept
//! as fixtures under tests/fixtures/fuzz. Each must now end with a Chinese message naming the
//! file — through the importer and through the return reader.

mod common;

use std::path::PathBuf;

use common::{fixture, fresh_store};
use taizhang::import::returns::read_return;
use taizhang::service::{import_ledger, ImportOptions};
use taizhang::Error;

/// Every fixture under tests/fixtures/fuzz.
fn fuzz_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("fuzz"))
        .expect("tests/fixtures/fuzz exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// A compound file (.xls) whose directory's sector chain loops: calamine 0.38 followed it
/// forever, growing a buffer until memory ran out (libFuzzer: out-of-memory after 28 runs).
#[test]
fn xls_with_a_looping_directory_chain_is_refused() {
    let (_dir, mut store) = fresh_store();
    let path = fixture("fuzz/cfb-directory-chain-loop.xls");
    let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "文件“cfb-directory-chain-loop.xls”不是可识别的 Excel 表格（.xlsx / .xls）：文件是旧版 Excel 格式（.xls），\
         但内部结构已损坏（扇区链成环）。请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿 (.xlsx)”后再导入。"
    );
    assert!(store.read().ledgers().expect("ledgers").is_empty());
}

/// A compound file cut in the middle of an allocation-table sector: calamine 0.38 asserted that
/// the sector's length is a multiple of four and panicked.
#[test]
fn xls_cut_inside_an_allocation_sector_is_refused() {
    let (_dir, mut store) = fresh_store();
    let path = fixture("fuzz/cfb-truncated-fat-sector.xls");
    let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
    assert!(err.to_string().contains("内部结构已损坏（文件被截断）"), "{err}");
}

/// A compound file whose allocation table points at a sector beyond the end of the (cut) file:
/// calamine 0.38 sliced its buffer past its end and panicked.
#[test]
fn xls_pointing_past_its_end_is_refused() {
    let (_dir, mut store) = fresh_store();
    let path = fixture("fuzz/cfb-sector-past-end.xls");
    let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
    assert!(err.to_string().contains("内部结构已损坏（文件被截断）"), "{err}");
}

/// An .xls sheet with a cell record at row 62,982, column 65,531: calamine 0.38 builds every
/// sheet as a dense grid and asked for 132 GB (libFuzzer: allocation failure after 20,634 runs).
#[test]
fn xls_with_a_cell_far_away_is_refused() {
    let (_dir, mut store) = fresh_store();
    let path = fixture("fuzz/xls-cell-far-away.xls");
    let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("的工作表“重点任务台账”已用区域达到 62983 行 × 65532 列"), "{err}");
}

/// An .xls sheet whose merged-cells record counts more ranges than it holds: calamine 0.38 read
/// past the record and panicked.
#[test]
fn xls_with_a_short_merge_record_is_refused() {
    let (_dir, mut store) = fresh_store();
    let path = fixture("fuzz/xls-short-merge-record.xls");
    let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
    assert!(matches!(err, Error::NotASpreadsheet { .. }), "{err:?}");
    assert!(err.to_string().contains("内部结构已损坏（合并单元格记录过短）"), "{err}");
}

/// .xls files whose formula record or defined-name record claims more bytes than it holds, or
/// whose date-mode record is empty: calamine 0.38 slices past the record and panics (in a debug
/// build its subtraction overflows first). The importer contains the panic and reports a
/// damaged file.
#[test]
fn xls_records_longer_than_they_are_are_refused() {
    for name in [
        "xls-formula-longer-than-record.xls",
        "xls-defined-name-longer-than-record.xls",
        "xls-empty-date-mode-record.xls",
    ] {
        let (_dir, mut store) = fresh_store();
        let path = fixture(&format!("fuzz/{name}"));
        let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
        assert!(matches!(err, Error::NotASpreadsheet { .. }), "{name}: {err:?}");
        assert!(err.to_string().contains("文件内部的数据有误，无法解析"), "{err}");
    }
}

/// Every kept input: the importer and the return reader both end with a message naming the file.
#[test]
fn every_fuzz_finding_ends_with_a_message() {
    let files = fuzz_fixtures();
    assert!(!files.is_empty(), "fixtures present");
    for path in files {
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let (_dir, mut store) = fresh_store();
        let err = import_ledger(&mut store, &path, &ImportOptions::default()).expect_err("refused");
        assert!(err.to_string().contains(&name) && err.to_string().contains('请'), "{name}: {err}");
        let err = read_return(&path).expect_err("refused");
        assert!(err.to_string().contains(&name) && err.to_string().contains('请'), "{name}: {err}");
    }
}
