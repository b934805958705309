//! Benchmark of one whole reporting round at city scale: import the master ledger, start a round,
//! export every unit's file, collect every file back, write the consolidated ledger.
//!
//!     cargo bench --bench round                 # S and M
//!     TAIZHANG_BENCH_SIZES=L cargo bench --bench round
//!
//! Each size runs in one fresh process (so its peak RSS, VmHWM from /proc, covers that whole
//! round) and prints a Markdown row per size. The returns are the exported files as sent
//! (no department edits), so collect does the full read, identification, row matching and
//! storing of every fill-in cell.

mod workload;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use chrono::NaiveDate;
use taizhang::service::{self, ImportOptions, Outcome};
use taizhang::store::Store;

const CHILD_ARG: &str = "--round-child";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == CHILD_ARG) {
        return match run_size(&args[i + 1]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let sizes = std::env::var("TAIZHANG_BENCH_SIZES").unwrap_or_else(|_| "S,M".into());
    println!(
        "| size | tasks × units | files | import | export units | collect all | consolidate | round total | peak RSS |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for name in sizes.split(',').map(str::trim) {
        let Ok(exe) = std::env::current_exe() else { return ExitCode::FAILURE };
        match Command::new(exe).args([CHILD_ARG, name]).status() {
            Ok(s) if s.success() => {}
            _ => return ExitCode::FAILURE,
        }
    }
    ExitCode::SUCCESS
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or("n/a".into(), |kib| format!("{} MiB", kib / 1024))
}

fn run_size(name: &str) -> Result<(), Box<dyn std::error::Error>> {
    let size = workload::SIZES.iter().find(|s| s.name == name).ok_or("unknown size")?;
    let dir = tempfile::tempdir()?;
    let ledger_file = dir.path().join("台账.xlsx");
    workload::write_ledger(&ledger_file, size.tasks, size.units)?;
    let mut store = Store::open(&dir.path().join("taizhang.db"))?;
    let day = NaiveDate::from_ymd_opt(2024, 10, 12).ok_or("date")?;

    let start = Instant::now();
    let t = Instant::now();
    let ledger = service::import_ledger(&mut store, &ledger_file, &ImportOptions::default())?.ledger_id;
    let import = secs(t);
    let round = service::new_round(&mut store, ledger, Some("第1期"), Some(day), day)?.round_id;
    let t = Instant::now();
    let exported = service::export_unit_files(&mut store, round, &dir.path().join("out"), |_, _| {})?;
    let export = secs(t);
    let files: Vec<PathBuf> = exported.files.iter().map(|f| f.path.clone()).collect();
    let t = Instant::now();
    let reports = service::collect_returns(&mut store, round, &files, |_, _| {})?;
    let collect = secs(t);
    let applied = reports.iter().filter(|r| r.outcome == Outcome::Applied).count();
    if applied != files.len() {
        return Err(format!("only {applied} of {} returns applied", files.len()).into());
    }
    let t = Instant::now();
    let report = service::consolidate(&store, ledger, Some(round), &dir.path().join("汇总.xlsx"), day)?;
    let consolidate = secs(t);
    if report.task_count != size.tasks {
        return Err(format!("consolidated {} of {} tasks", report.task_count, size.tasks).into());
    }
    println!(
        "| {} | {} × {} | {} | {import:.2} s | {export:.2} s | {collect:.2} s | {consolidate:.2} s | {:.2} s | {} |",
        size.name,
        size.tasks,
        size.units,
        files.len(),
        secs(start),
        peak_rss_mib()
    );
    Ok(())
}
