//! Importing the same ledger again, and undoing an import.

mod common;

use common::{fresh_store, import_fresh, template};
use taizhang::service::{import_ledger, undo_last, ImportOptions};
use taizhang::Error;

#[test]
fn the_same_ledger_imported_twice_gives_identical_task_rows() {
    // Into two separate databases: identical tasks, field by field.
    let (_d1, _s1, r1, t1) = import_fresh(&template("鄂尔多斯"));
    let (_d2, _s2, r2, t2) = import_fresh(&template("鄂尔多斯"));
    assert_eq!(r1.ledger_id, r2.ledger_id);
    assert_eq!(serde_json::to_value(&t1).expect("json"), serde_json::to_value(&t2).expect("json"));

    // Into the same database: the second import writes nothing and points at the first ledger.
    let (_dir, mut store) = fresh_store();
    let first = import_ledger(&mut store, &template("济源"), &ImportOptions::default()).expect("first");
    let before = store.read().tasks(first.ledger_id).expect("tasks");
    let second = import_ledger(&mut store, &template("济源"), &ImportOptions::default()).expect("second");
    assert!(first.created && !second.created);
    assert_eq!(second.ledger_id, first.ledger_id);
    assert_eq!(second.task_count, 33);
    assert_eq!(second.batch_id, None);
    assert_eq!(store.read().ledgers().expect("ledgers").len(), 1);
    assert_eq!(store.read().history().expect("history").len(), 1);
    assert_eq!(store.read().tasks(first.ledger_id).expect("tasks"), before);
}

#[test]
fn undo_removes_an_import_and_its_new_units_and_keeps_the_record() {
    let (_dir, mut store) = fresh_store();
    let jiyuan = import_ledger(&mut store, &template("济源"), &ImportOptions::default()).expect("济源");
    let ordos = import_ledger(&mut store, &template("鄂尔多斯"), &ImportOptions::default()).expect("鄂尔多斯");
    let units_after_ordos = store.read().unit_aliases().expect("units").len();
    assert!(ordos.unknown_units.iter().any(|u| u.name == "市信政局"));

    let undone = undo_last(&mut store).expect("undo");
    assert_eq!(undone.batch_id, ordos.batch_id.expect("batch"));
    assert!(undone.summary.contains("鄂尔多斯"));
    let ledgers = store.read().ledgers().expect("ledgers");
    assert_eq!(ledgers.iter().map(|l| l.ledger_id).collect::<Vec<_>>(), vec![jiyuan.ledger_id]);
    assert!(matches!(store.read().tasks(ordos.ledger_id), Err(Error::LedgerNotFound(_))));
    // The units first seen in that import are gone; the directory's are not.
    let aliases = store.read().unit_aliases().expect("units");
    assert!(aliases.len() < units_after_ordos);
    assert!(!aliases.iter().any(|u| u.name == "市信政局"));
    assert!(aliases.iter().any(|u| u.name == "市政府金融办" && u.confirmed));
    // Both the import and its undo stay in the history, the import marked undone.
    let history = store.read().history().expect("history");
    assert_eq!(history.iter().map(|b| b.action.as_str()).collect::<Vec<_>>(), vec!["undo", "import", "import"]);
    assert!(history[1].undone_at.is_some());
    assert_eq!(history[0].changes.len(), history[1].changes.len());

    // Importing it again works (the file is no longer "already imported").
    let again = import_ledger(&mut store, &template("鄂尔多斯"), &ImportOptions::default()).expect("again");
    assert!(again.created);
    assert_eq!(store.read().tasks(again.ledger_id).expect("tasks").len(), 14);

    undo_last(&mut store).expect("undo 鄂尔多斯 again");
    undo_last(&mut store).expect("undo 济源");
    assert!(store.read().ledgers().expect("ledgers").is_empty());
    assert!(matches!(undo_last(&mut store), Err(Error::NothingToUndo)));
    assert_eq!(store.read().integrity_check().expect("check"), "ok");
}
