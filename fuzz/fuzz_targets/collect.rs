//! Any bytes, saved as a returned unit file, through the return reader: identity sheet, custom
//! property, 填报单位 line, header and rows. An error is fine; a panic, an abort or a hang is a
//! finding.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use taizhang::import::returns::read_return;

thread_local! {
    static DIR: tempfile::TempDir = tempfile::tempdir().expect("tempdir");
}

fuzz_target!(|data: &[u8]| {
    common::tolerate_contained_calamine_panics();
    DIR.with(|dir| {
        let path = dir.path().join("市财政局-报送表.xlsx");
        std::fs::write(&path, data).expect("write input");
        if let Ok(book) = read_return(&path) {
            for sheet in &book.sheets {
                for row in &sheet.rows {
                    assert_eq!(row.cells.len(), sheet.columns.len(), "one cell per column");
                }
            }
        }
    });
});
