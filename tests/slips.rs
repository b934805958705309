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

#[test]
fn re_export_leaves_a_same_named_return_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let out = dir.path().join("下发");
    json(&taizhang(&db, &["--json", "import", path(&common::template("鄂尔多斯"))]));
    json(&taizhang(&db, &["--json", "round", "new", "1", "--label", "第6期", "--due", "2024-10-12"]));
    let first = json(&taizhang(&db, &["--json", "export-units", "1", "--out", path(&out)]));
    let folder = Path::new(first["out_dir"].as_str().expect("out_dir")).to_path_buf();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert_eq!(folder, out.join(format!("第6期 下发 {today}")));
    let sent = folder.join("市财政局.xlsx");
    assert!(sent.exists(), "{}", sent.display());
    // The department's return, saved by the clerk over the file sent and beside the folder.
    let returned = b"PK\x03\x04 the department's filled return".to_vec();
    std::fs::write(&sent, &returned).expect("save return");
    std::fs::write(out.join("市财政局.xlsx"), &returned).expect("save return");
    let second = json(&taizhang(&db, &["--json", "export-units", "1", "--out", path(&out)]));
    let again = Path::new(second["out_dir"].as_str().expect("out_dir")).to_path_buf();
    assert_eq!(again, out.join(format!("第6期 下发 {today}（2）")));
    assert_eq!(std::fs::read(&sent).expect("read"), returned, "the return in the first folder was overwritten");
    assert_eq!(std::fs::read(out.join("市财政局.xlsx")).expect("read"), returned);
    assert!(again.join("市财政局.xlsx").metadata().expect("new file").len() > 1000);
    let files = |f: &Path| std::fs::read_dir(f).expect("dir").count();
    assert_eq!(files(&again), first["files"].as_array().expect("files").len());
}
