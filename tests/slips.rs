//! Nothing the clerk has is lost by a slip: a command with nothing to do changes nothing, an
//! export never overwrites a file it did not just write, a stale undo undoes nothing, an old file
//! never matches a new ledger, a collect that fails half-way keeps and reports what it applied.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn taizhang(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .output()
        .expect("run taizhang")
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn edit_with_nothing_to_change_is_an_error_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    json(&taizhang(&db, &["--json", "import", path(&common::template("济源"))]));
    json(&taizhang(&db, &["--json", "edit", "1", "--status", "已完成"]));
    let history = json(&taizhang(&db, &["--json", "history"]));
    let out = taizhang(&db, &["edit", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("没有指定要修改的内容，未做任何修改"), "{}", stderr(&out));
    let tasks = json(&taizhang(&db, &["--json", "tasks", "1"]));
    assert_eq!(tasks[0]["status"], "已完成");
    assert_eq!(json(&taizhang(&db, &["--json", "history"])), history, "nothing was logged");
    // Clearing the status is said explicitly.
    json(&taizhang(&db, &["--json", "edit", "1", "--clear-status"]));
    assert_eq!(json(&taizhang(&db, &["--json", "tasks", "1"]))[0]["status"], Value::Null);
}
