//! The round as a user or a script runs it: the release `taizhang` binary, a new process per
//! command, on a database of its own: `import`, `round new`, `export-units`, (unmeasured:
//! departments fill the files in), `collect` with every return, `consolidate`. Each command is
//! measured from outside (wall time, CPU time and peak RSS of that process, see
//! [`measure::child_phase`]), so its fixed cost — starting, opening and checking the database,
//! the daily backup of the first command of the day that finds a ledger — is in the figures.
//! Then the fixed cost alone: a command with nothing to do (`rounds`) on the same database.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::engine_round::{fill_returns, sorted_files, RoundDir};
use crate::measure::{child_phase, Phase};

type AnyResult<T> = Result<T, Box<dyn Error>>;

/// The CLI binary: `TAIZHANG_BENCH_CLI` when set (to measure another build), else the one cargo
/// built for this benchmark (bench profile).
fn bin() -> std::ffi::OsString {
    std::env::var_os("TAIZHANG_BENCH_CLI").unwrap_or_else(|| env!("CARGO_BIN_EXE_taizhang").into())
}

/// How many times the fixed cost is measured (the median is shown).
pub const FIXED_COST_RUNS: usize = 9;

/// One `taizhang --db DB …` command.
fn taizhang(db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(bin());
    command.arg("--db").arg(db).args(args);
    command
}

/// Runs the CLI's round on `dir` (whose master must exist): returns one measured phase per
/// command, the fixed-cost runs last (phase "fixed", "start" for a start without a database).
pub fn run(dir: &RoundDir, tasks: usize) -> AnyResult<Vec<Phase>> {
    let out = dir.out("cli");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;
    let db = out.join("taizhang.db");
    let master = dir.master().display().to_string();
    let units = out.join("units");
    let mut phases = Vec::new();
    let logs = out.join("logs");
    std::fs::create_dir_all(&logs)?;
    let mut step = |name: &str, command: &mut Command| -> AnyResult<PathBuf> {
        let output = logs.join(format!("{name}.out"));
        phases.push(child_phase("cli", name, command, &output)?);
        Ok(output)
    };
    // A fresh database gives ledger 1 and round 1.
    step("import", &mut taizhang(&db, &["import", &master]))?;
    step("round", &mut taizhang(&db, &["round", "new", "1", "--label", "第1期", "--due", "2024-10-12"]))?;
    step("export", taizhang(&db, &["export-units", "1", "--out"]).arg(&units))?;
    let exported = only_folder(&units)?;
    let returns = out.join("returns");
    fill_returns(&exported, &returns)?;
    let files = sorted_files(&returns)?;
    let collected = step("collect", taizhang(&db, &["--json", "collect", "1"]).args(&files))?;
    let file = out.join("汇总.xlsx").display().to_string();
    let args = ["--json", "--today", "2024-10-12", "consolidate", "1", "--round", "1", "--out", &file];
    let consolidated = step("consolidate", &mut taizhang(&db, &args))?;
    for _ in 0..FIXED_COST_RUNS {
        step("fixed", &mut taizhang(&db, &["rounds", "1"]))?;
        step("start", Command::new(bin()).arg("--version"))?;
    }
    // The outputs are read once every command has run (see `child_phase`).
    let reports: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(collected)?)?;
    let applied = reports.iter().filter(|r| r["outcome"] == "applied").count();
    if applied != files.len() {
        return Err(format!("CLI: {applied} of {} returns applied", files.len()).into());
    }
    let consolidated: serde_json::Value = serde_json::from_slice(&std::fs::read(consolidated)?)?;
    if consolidated["task_count"].as_u64() != Some(tasks as u64) {
        return Err(format!("CLI consolidated {} of {tasks} tasks", consolidated["task_count"]).into());
    }
    Ok(phases)
}

/// The one folder `export-units` made inside `parent` ("第1期 下发 YYYY-MM-DD").
fn only_folder(parent: &Path) -> AnyResult<PathBuf> {
    let folders: Vec<PathBuf> =
        std::fs::read_dir(parent)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    match folders.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(format!("export-units made {} folders in {}", other.len(), parent.display()).into()),
    }
}
