//! The engine's round, phase by phase, for the comparison benchmark: import the master, export
//! every unit's file, (unmeasured: departments fill them in), collect every return, write the
//! consolidated ledger. Also writes the unit → rows map the floor and the openpyxl script use, so
//! all three send the same rows to the same units.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use taizhang::service::{self, ImportOptions, Outcome};
use taizhang::store::Store;

use crate::measure::phase;

type AnyResult<T> = Result<T, Box<dyn Error>>;

/// The files one size's round works on, shared by the three implementations.
#[derive(Debug, Clone)]
pub struct RoundDir {
    /// The folder everything lives in.
    pub root: PathBuf,
}

impl RoundDir {
    /// The generated master ledger.
    pub fn master(&self) -> PathBuf {
        self.root.join("master.xlsx")
    }
    /// The unit → rows map (JSON, see [`UnitRows`]).
    pub fn unit_map(&self) -> PathBuf {
        self.root.join("units.json")
    }
    /// The returned files, filled in by `tests/bench/fill_returns.py`.
    pub fn returns(&self) -> PathBuf {
        self.root.join("returns")
    }
    /// The folder one implementation writes to.
    pub fn out(&self, tool: &str) -> PathBuf {
        self.root.join(tool)
    }
}

/// One unit's file as the engine exported it: the map the floor and the openpyxl script follow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitRows {
    /// The unit's canonical name.
    pub unit: String,
    /// The file name the engine gave its return file.
    pub file: String,
    /// The 序号 of its tasks, in ledger order.
    pub seqs: Vec<String>,
    /// The same tasks as 0-based data-row indexes of the master (task order).
    pub rows: Vec<usize>,
}

/// The fill-in script, run between export and collect.
fn fill_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bench/fill_returns.py")
}

/// Runs the engine's round on `dir` (whose master must exist), printing one result line per
/// phase; checks that every return was applied and every task consolidated.
pub fn run(dir: &RoundDir, tasks: usize) -> AnyResult<()> {
    let out = dir.out("engine");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;
    let mut store = Store::open(&out.join("taizhang.db"))?;
    let day = NaiveDate::from_ymd_opt(2024, 10, 12).ok_or("date")?;

    let ledger = phase("engine", "import", || {
        service::import_ledger(&mut store, &dir.master(), &ImportOptions::default()).map(|r| r.ledger_id)
    })?;
    let round =
        phase("engine", "round", || service::new_round(&mut store, ledger, Some("第1期"), Some(day), day))?.round_id;
    let exported =
        phase("engine", "export", || service::export_unit_files(&mut store, round, &out.join("units"), |_, _| {}))?;

    write_unit_map(&store, ledger, &exported.files, &dir.unit_map())?;
    // Filled for every run: each database gives its ledger and round new UUIDs, which the files
    // carry, so a return of an earlier run belongs to another round.
    fill_returns(&exported.out_dir, &dir.returns())?;
    let files = sorted_files(&dir.returns())?;

    let reports = phase("engine", "collect", || service::collect_returns(&mut store, round, &files, |_, _| {}))?;
    let applied = reports.iter().filter(|r| r.outcome == Outcome::Applied).count();
    let taken: usize = reports.iter().map(|r| r.taken).sum();
    if applied != files.len() || taken == 0 {
        return Err(format!("{applied} of {} returns applied, {taken} values taken", files.len()).into());
    }
    // The app shows the reports and lets them go; holding them would count in the next phase.
    drop(reports);
    let report = phase("engine", "consolidate", || {
        service::consolidate(&store, ledger, Some(round), &out.join("汇总.xlsx"), day, service::Overwrite::Confirmed)
    })?;
    if report.task_count != tasks {
        return Err(format!("consolidated {} of {tasks} tasks", report.task_count).into());
    }
    Ok(())
}

/// Writes which master rows went to which unit file.
fn write_unit_map(
    store: &Store,
    ledger: i64,
    files: &[service::distribute::ExportedFile],
    path: &Path,
) -> AnyResult<()> {
    let read = store.read();
    let tasks = read.tasks(ledger)?;
    let links = read.unit_tasks(ledger)?;
    let index: std::collections::HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.task_id, i)).collect();
    let mut map = Vec::new();
    for f in files {
        let mut rows: Vec<usize> =
            links.iter().filter(|l| l.unit_id == f.unit_id).filter_map(|l| index.get(&l.task_id).copied()).collect();
        rows.sort_unstable();
        rows.dedup();
        map.push(UnitRows {
            unit: f.unit.clone(),
            file: f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            seqs: rows.iter().map(|&i| tasks[i].seq.clone()).collect(),
            rows,
        });
    }
    std::fs::write(path, serde_json::to_vec_pretty(&map)?)?;
    Ok(())
}

/// The files in a folder, sorted by name.
pub fn sorted_files(dir: &Path) -> AnyResult<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    files.sort();
    Ok(files)
}

/// Fills every exported file the way departments do (progress, problems, plan and status on
/// every row), with openpyxl, into `returns` (emptied first).
pub fn fill_returns(exported: &Path, returns: &Path) -> AnyResult<()> {
    let _ = std::fs::remove_dir_all(returns);
    let status = Command::new("python3").arg(fill_script()).arg(exported).arg(returns).status()?;
    if !status.success() {
        return Err(format!("{} failed ({status})", fill_script().display()).into());
    }
    Ok(())
}
