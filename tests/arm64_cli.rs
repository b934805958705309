//! The command-line tool cross-built for ARM64 Linux (scripts/build-arm64.sh), the processor of
//! many 信创 desktops (统信UOS, 麒麟), run under qemu-user: a whole round in a folder with a Chinese
//! name. Fails, never skips, when qemu or the build is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const TARGET: &str = "aarch64-unknown-linux-gnu";

/// The ARM64 build, from `bash scripts/build-arm64.sh`.
fn binary() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").to_path_buf();
    let path = target.join(TARGET).join("release/taizhang");
    assert!(path.is_file(), "{} is missing: run `bash scripts/build-arm64.sh` first", path.display());
    path
}

/// `qemu-aarch64 taizhang --db DB --json ARGS` in `cwd`.
fn taizhang(cwd: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new("qemu-aarch64")
        .args(["-L", "/usr/aarch64-linux-gnu"])
        .arg(binary())
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(args)
        .current_dir(cwd)
        .env_remove("TAIZHANG_DB")
        .output()
        .expect("qemu-aarch64: install qemu-user (scripts/build-arm64.sh)")
}

fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn the_binary_is_for_arm64() {
    let head = std::fs::read(binary()).expect("read");
    // ELF, 64-bit, e_machine 0xB7 (AArch64).
    assert_eq!(&head[..5], b"\x7fELF\x02");
    assert_eq!(u16::from_le_bytes([head[18], head[19]]), 0xB7);
}

#[test]
fn a_whole_round_under_qemu() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path().join("台账 工作");
    std::fs::create_dir_all(&work).expect("folder");
    let db = work.join("台账.db");
    let run = |args: &[&str]| json_of(&taizhang(&work, &db, args));

    let imported = run(&["import", common::template("鄂尔多斯").to_str().expect("utf-8")]);
    assert_eq!(imported["task_count"], 14);
    let ledger = imported["ledger_id"].to_string();
    run(&["schedule", &ledger, "每季度结束后5个工作日内"]);
    let round = run(&["--today", "2024-09-15", "round", "new", &ledger]);
    assert_eq!(round["due"], "2024-10-12", "the holiday calendar works on ARM64 too");
    let round_id = round["round_id"].to_string();
    let exported = run(&["export-units", &round_id, "--out", "下发"]);
    let files = exported["files"].as_array().expect("files");
    assert_eq!(files.len(), 22);
    let finance = files.iter().find(|f| f["unit"] == "市财政局").expect("市财政局");
    let file = work.join(finance["path"].as_str().expect("path"));

    let tasks = run(&["tasks", &ledger]);
    let task_id = tasks
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["lead_units"].as_array().is_some_and(|u| u.iter().any(|u| u == "市财政局")))
        .expect("a task of 市财政局")["task_id"]
        .as_i64()
        .expect("id");
    let filled = work.join("市财政局 已填.xlsx");
    let progress = "已完成 ARM64 上的报送。";
    common::office::fill_return(&file, &filled, &json!({ "progress": { format!("T{task_id}"): progress } }));
    let collected = run(&["collect", &round_id, filled.to_str().expect("utf-8")]);
    assert_eq!(collected[0]["outcome"], "applied", "{collected}");
    let status = run(&["--today", "2024-10-08", "status", &round_id]);
    assert_eq!(status["late"].as_u64().unwrap_or(0) + status["returned"].as_u64().unwrap_or(0), 1, "{status}");

    let summary = work.join("汇总.xlsx");
    run(&["consolidate", &ledger, "--out", summary.to_str().expect("utf-8")]);
    let book = common::office::inspect(&summary);
    assert!(common::office::rows(&book["sheets"][0]).iter().flatten().any(|c| c.contains(progress)));
    let backup = run(&["backup"]);
    assert!(Path::new(backup["path"].as_str().expect("path")).is_file(), "{backup}");
}
