//! Crash safety: `taizhang collect` of many returned files is killed with SIGKILL at random
//! moments, over many trials. After each kill the database passes `PRAGMA integrity_check`, every
//! file is applied whole (all its values, its return row and its change batch) or not at all,
//! every backup in the backups folder is a sound database, and collecting again completes
//! everything exactly as an uninterrupted collect does.
//!
//! The kill moments come from a seed printed by the test; set `CRASH_SEED` to replay a run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use taizhang::service::{assign_units, export_unit_files, import_ledger, new_round, ImportOptions, TaskSelector};
use taizhang::store::Store;

/// How many kills.
const TRIALS: u64 = 30;
/// How many units (one returned file each).
const UNITS: usize = 32;

/// Per unit: its reported values (task, field, value), sorted.
type Values = BTreeMap<i64, Vec<(i64, String, String)>>;

/// What a database holds of round 1 after a (possibly killed) collect.
struct Collected {
    integrity: String,
    values: Values,
    /// Units with a stored return.
    returns: Vec<i64>,
    /// Change batches recorded by collects.
    collect_batches: usize,
}

fn collected(db: &Path) -> Collected {
    let store = Store::open(db).expect("open after kill");
    let read = store.read();
    let mut values = Values::new();
    for v in read.reported_values(1, Some(1)).expect("values") {
        values.entry(v.unit_id).or_default().push((v.task_id, v.field, v.value));
    }
    values.values_mut().for_each(|v| v.sort());
    let mut returns: Vec<i64> = read.returns(1).expect("returns").iter().map(|r| r.unit_id).collect();
    returns.sort();
    let collect_batches = read.history().expect("history").iter().filter(|b| b.action == "collect").count();
    Collected { integrity: read.integrity_check().expect("integrity"), values, returns, collect_batches }
}

/// The canonical names of the starter unit directory.
fn unit_names() -> Vec<String> {
    let tsv = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/unit_aliases.tsv"))
        .expect("directory");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().expect("name").to_string())
        .collect()
}

/// A database with the 大同 ledger whose 58 tasks are spread over [`UNITS`] units (each task a
/// lead and a co-operating unit), a round, and one filled return per unit.
fn returns_of_many_units(db: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut store = Store::open(db).expect("store");
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(&mut store, &common::template("大同"), &options).expect("import").ledger_id;
    let names = unit_names();
    assert!(names.len() >= UNITS, "{} units in the directory", names.len());
    let tasks = store.read().tasks(ledger).expect("tasks");
    for (i, task) in tasks.iter().enumerate() {
        let selector = TaskSelector::Ids(vec![task.task_id]);
        assign_units(&mut store, ledger, &selector, &names[i % UNITS], &names[(i + 1) % UNITS]).expect("assign");
    }
    let day = chrono::NaiveDate::from_ymd_opt(2022, 4, 25).expect("date");
    let round = new_round(&mut store, ledger, Some("第1期"), Some(day), day).expect("round");
    let exported = export_unit_files(&mut store, round.round_id, &dir.join("out"), |_, _| {}).expect("export");
    assert_eq!(exported.files.len(), UNITS);
    let tasks = store.read().tasks(ledger).expect("tasks");
    drop(store);
    // One Python process fills every file with fill_return.py (a process per file is slow).
    let filled_dir = dir.join("filled");
    std::fs::create_dir_all(&filled_dir).expect("dir");
    let mut jobs = Vec::new();
    let mut filled = Vec::new();
    for f in &exported.files {
        let progress: serde_json::Map<String, serde_json::Value> = tasks
            .iter()
            .filter(|t| t.lead_units.contains(&f.unit) || t.co_units.contains(&f.unit))
            .map(|t| (format!("T{}", t.task_id), json!(format!("{}：第{}项已推进", f.unit, t.seq))))
            .collect();
        let spec = dir.join(format!("{}.json", f.unit_id));
        std::fs::write(&spec, json!({ "progress": progress }).to_string()).expect("spec");
        let out = filled_dir.join(f.path.file_name().expect("name"));
        jobs.push(json!([f.path, out, spec]));
        filled.push(out);
    }
    let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support");
    let script = "import json, sys\nsys.path.insert(0, sys.argv[1])\nimport fill_return\nfor a, b, c in json.loads(sys.argv[2]):\n    fill_return.main(a, b, c)\n";
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(&support)
        .arg(serde_json::Value::from(jobs).to_string())
        .status()
        .expect("python3");
    assert!(status.success(), "fill_return.py failed");
    filled
}

fn collect_command(db: &Path, files: &[PathBuf]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    cmd.arg("--db").arg(db).args(["collect", "1"]).args(files).stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// A small xorshift generator: the kill moments, reproducible from the printed seed.
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

#[test]
fn a_collect_killed_at_random_moments_leaves_every_file_applied_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.db");
    let files = returns_of_many_units(&base, dir.path());

    // The reference: every file collected without interruption.
    let reference = dir.path().join("reference").join("t.db");
    std::fs::create_dir_all(reference.parent().expect("dir")).expect("dir");
    std::fs::copy(&base, &reference).expect("copy");
    let started = Instant::now();
    assert!(collect_command(&reference, &files).status().expect("collect").success());
    let full_run = started.elapsed();
    let full = collected(&reference);
    assert_eq!(full.integrity, "ok");
    assert_eq!(full.values.len(), UNITS);
    assert_eq!(full.returns.len(), UNITS);
    assert_eq!(full.collect_batches, UNITS);
    let total_values: usize = full.values.values().map(Vec::len).sum();
    assert!(total_values >= 2 * 58, "{total_values} values");

    let seed = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_nanos() as u64
    }) | 1;
    println!("CRASH_SEED={seed}; an uninterrupted collect of {UNITS} files takes {full_run:?}");
    let mut moments = Moments(seed);
    let window = full_run.as_micros() as u64 * 11 / 10;
    let mut between = 0;
    for trial in 0..TRIALS {
        let db = dir.path().join(format!("trial{trial}")).join("t.db");
        std::fs::create_dir_all(db.parent().expect("dir")).expect("dir");
        std::fs::copy(&base, &db).expect("copy");
        let kill_after = Duration::from_micros(moments.next_below(window));
        let mut child = collect_command(&db, &files).spawn().expect("spawn");
        std::thread::sleep(kill_after);
        child.kill().ok(); // SIGKILL
        child.wait().expect("wait");

        let after = collected(&db);
        assert_eq!(after.integrity, "ok", "trial {trial} (killed after {kill_after:?})");
        for (unit, values) in &after.values {
            assert_eq!(Some(values), full.values.get(unit), "trial {trial}: unit {unit}'s file applied in part");
        }
        let with_values: Vec<i64> = after.values.keys().copied().collect();
        assert_eq!(after.returns, with_values, "trial {trial}: returns and values disagree");
        assert_eq!(after.collect_batches, after.returns.len(), "trial {trial}: change batches and returns disagree");
        for backup in taizhang::service::backup::list_backups(&db).expect("backups") {
            let check = taizhang::store::inspect(&backup.path);
            assert!(check.is_ok(), "trial {trial}: backup {} is not sound: {check:?}", backup.path.display());
        }
        if !after.returns.is_empty() && after.returns.len() < UNITS {
            between += 1;
        }

        // Collecting again takes the rest; the database ends as if never interrupted.
        assert!(collect_command(&db, &files).status().expect("collect").success());
        let again = collected(&db);
        assert_eq!((again.integrity.as_str(), &again.values), ("ok", &full.values), "trial {trial}");
        assert_eq!((again.returns.len(), again.collect_batches), (UNITS, UNITS), "trial {trial}");
    }
    println!("{between} of {TRIALS} kills fell between files");
    assert!(between > 0, "no kill fell between two files: the kill moments missed the collect");
}
