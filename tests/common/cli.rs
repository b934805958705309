//! Running the real `taizhang` binary as a clerk or a script does, and reading what it printed.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `taizhang --db DB ARGS…`, with no database or data folder from the environment.
pub fn taizhang(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .env_remove("TAIZHANG_DATA_DIR")
        .output()
        .expect("run taizhang")
}

/// The JSON a successful command printed; panics with its stderr when it failed.
pub fn json_of(out: &Output) -> Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// What a command printed to stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
