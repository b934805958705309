//! Helpers shared by the integration tests: the bundled templates, fresh databases and small
//! synthetic workbooks.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use taizhang::model::TaskView;
use taizhang::service::{import_ledger, ImportOptions, ImportReport};
use taizhang::store::Store;

/// The bundled sample template whose file name starts with `prefix` (鄂尔多斯, 大同, 济源).
pub fn template(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    std::fs::read_dir(&dir)
        .expect("assets/templates exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xls"))
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .unwrap_or_else(|| panic!("no template starting with {prefix}"))
}

/// A test fixture under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A fresh database in its own temporary folder (kept alive by the returned guard).
pub fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("taizhang.db")).expect("open store");
    (dir, store)
}

/// Imports a file with default options into a fresh database; returns the report and tasks.
pub fn import_fresh(path: &Path) -> (tempfile::TempDir, Store, ImportReport, Vec<TaskView>) {
    let (dir, mut store) = fresh_store();
    let report = import_ledger(&mut store, path, &ImportOptions::default()).expect("import succeeds");
    let tasks = store.read().tasks(report.ledger_id).expect("tasks");
    (dir, store, report, tasks)
}

/// The task with 序号 `seq` on sheet `sheet`.
pub fn task<'a>(tasks: &'a [TaskView], sheet: &str, seq: &str) -> &'a TaskView {
    tasks.iter().find(|t| t.sheet == sheet && t.seq == seq).unwrap_or_else(|| panic!("no task {seq} on {sheet}"))
}

/// The value of one original cell of a task, by header.
pub fn cell<'a>(task: &'a TaskView, header: &str) -> &'a str {
    task.cells.get(header).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("no cell {header}"))
}

pub mod cli;
pub mod office;

/// Assigns the 大同 ledger's units from tests/fixtures/datong_units.tsv (the plan's 责任单位
/// per 工作要求 group); returns how many groups were assigned.
pub fn assign_datong_units(store: &mut Store, ledger_id: i64) -> usize {
    use taizhang::service::{assign_units, TaskSelector};
    let table = std::fs::read_to_string(fixture("datong_units.tsv")).expect("fixture");
    let mut groups = 0;
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split('\t').collect();
        let selector = TaskSelector::Category { category: parts[1].to_string(), sheet: Some(parts[0].to_string()) };
        assign_units(store, ledger_id, &selector, parts[2], "").expect("assign");
        groups += 1;
    }
    groups
}

/// The values a collected return changed, from its change-log batch: (task, column header,
/// the unit's value before, after), in the order they were taken.
pub fn taken_texts(store: &Store, report: &taizhang::service::CollectReport) -> Vec<(i64, String, String, String)> {
    let batch = report.batch_id.expect("an applied return has a batch");
    let history = store.read().history().expect("history");
    let batch = history.into_iter().find(|b| b.batch_id == batch).expect("the return's batch");
    batch
        .changes
        .into_iter()
        .filter(|c| c.entity == "reported_value")
        .map(|c| {
            let field = c.field.unwrap_or_default();
            let header = field.split_once(':').map_or(field.as_str(), |(_, header)| header).to_string();
            (c.entity_id, header, c.old_value.unwrap_or_default(), c.new_value.unwrap_or_default())
        })
        .collect()
}
