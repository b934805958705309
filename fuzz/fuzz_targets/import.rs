//! Any bytes, saved as a ledger file, through the import preview: format detection, the zip
//! guard, calamine, header and column mapping, task rows, deadline reading and unit resolution
//! against a real (empty) database. An error is fine; a panic, an abort or a hang is a finding.
#![no_main]

use std::cell::RefCell;

mod common;

use libfuzzer_sys::fuzz_target;
use taizhang::service::{preview_import, ImportOptions};
use taizhang::store::Store;

thread_local! {
    static STATE: RefCell<(tempfile::TempDir, Store)> = RefCell::new({
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("fuzz.db")).expect("store");
        (dir, store)
    });
}

fuzz_target!(|data: &[u8]| {
    common::tolerate_contained_calamine_panics();
    STATE.with(|state| {
        let state = state.borrow();
        let path = state.0.path().join("台账.xlsx");
        std::fs::write(&path, data).expect("write input");
        if let Ok(preview) = preview_import(&state.1, &path, &ImportOptions::default()) {
            assert!(preview.existing_ledger_id.is_none(), "nothing is ever stored");
        }
    });
});
