//! The `taizhang` binary: JSON output for scripts, Chinese tables for people, errors on stderr.

mod common;

use common::cli::{json_of, taizhang};
use serde_json::Value;

#[test]
fn import_ledgers_and_tasks_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let template = common::template("鄂尔多斯");
    // --json is accepted before or after the subcommand.
    let report = json_of(&taizhang(&db, &["--json", "import", template.to_str().expect("utf-8 path")]));
    assert_eq!(report["ledger_id"], 1);
    assert_eq!(report["task_count"], 14);
    assert_eq!(report["sheets"][0]["header_row"], 3);
    assert_eq!(report["sheets"][0]["columns"][2]["header"], "工作措施");
    assert_eq!(report["sheets"][0]["columns"][2]["field"], "measure");
    assert_eq!(report["unknown_units"][0]["name"], "市信政局");
    assert_eq!(report["unreadable_deadlines"], Value::Array(vec![]));

    let ledgers = json_of(&taizhang(&db, &["ledgers", "--json"]));
    assert_eq!(ledgers[0]["ledger_id"], 1);
    assert_eq!(ledgers[0]["task_count"], 14);

    let tasks = json_of(&taizhang(&db, &["tasks", "1", "--json"]));
    let tasks = tasks.as_array().expect("array");
    assert_eq!(tasks.len(), 14);
    let t10 = &tasks[9];
    assert_eq!(t10["seq"], "10");
    assert_eq!(t10["lead_units"], serde_json::json!(["市委组织部", "市政府金融办"]));
    assert_eq!(t10["category"][0], "健全完善人才和科创金融配套服务体系");
    assert_eq!(tasks[0]["deadline"]["due"], "2023-06-30");
    assert_eq!(tasks[0]["deadline"]["raw"], tasks[0]["cells"]["完成时限"]);
    assert_eq!(tasks[7]["deadline"]["kind"], "ongoing");
    let headers: Vec<&str> = tasks[0]["cells"].as_object().expect("cells").keys().map(String::as_str).collect();
    assert_eq!(
        headers,
        ["序号", "重点任务", "工作措施", "牵头单位", "配合单位", "完成时限", "进展情况", "存在问题", "下一步工作计划"]
    );
}

#[test]
fn readable_chinese_tables_without_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let out = taizhang(&db, &["import", common::template("济源").to_str().expect("utf-8")]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(out.status.success());
    assert!(
        text.contains(
            "已导入：“2022年示范区财政金融局持续优化获得信贷领域营商环境工作台账”，台账编号 1，共 33 项任务。"
        ),
        "{text}"
    );
    assert!(text.contains("第 8 行：重复的表头行"), "{text}");
    let out = taizhang(&db, &["tasks", "1"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("共 33 项任务。") && text.contains("金融服务科"), "{text}");
}

#[test]
fn errors_go_to_stderr_with_a_nonzero_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let bad = dir.path().join("空.xlsx");
    std::fs::write(&bad, b"").expect("write");
    let out = taizhang(&db, &["import", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert!(err.starts_with("错误：文件“空.xlsx”是空文件"), "{err}");

    let out = taizhang(&db, &["--json", "tasks", "42"]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr is JSON");
    assert!(err["error"].as_str().expect("message").contains("找不到编号为 42 的台账"));

    let out = taizhang(&db, &["undo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有可以撤销的操作"));
}
