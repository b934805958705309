//! Import benchmark: generates realistic task ledgers of sizes S, M and L (see
//! [`workload::SIZES`]) and times `taizhang::service::import_ledger` on each, every run into a
//! fresh SQLite file.
//!
//! Run with `cargo bench --bench import`. Environment:
//! - `TAIZHANG_BENCH_SIZES=S,M,L` picks the sizes (default: all three);
//! - `TAIZHANG_BENCH_REPS=N` overrides the repetitions (default 5 for S and M, 3 for L);
//! - `TAIZHANG_BENCH_DIR=/path` puts the temporary files there instead of the system temp dir
//!   (the store syncs on commit, so the file system matters).
//!
//! Every measurement runs in a child process (this binary re-executed with [`CHILD_ARG`]) so
//! that its peak memory (VmHWM from /proc/self/status; "n/a" where there is no /proc) is its
//! own. Generation, parsing alone and reading back are measured separately from the import.
//! The results are printed to stdout as Markdown tables; progress goes to stderr.

// The import benchmark uses only the peak-memory reading of the round benchmarks' module.
#[allow(dead_code)]
mod measure;
mod workload;

use std::collections::HashMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use taizhang::service::{import_ledger, ImportOptions};
use taizhang::store::Store;

use workload::{Size, SIZES};

/// The argument that makes the binary a child doing one measurement.
const CHILD_ARG: &str = "--taizhang-bench-child";

/// The prefix of the one line a child prints with its results.
const RESULT_PREFIX: &str = "TAIZHANG_BENCH_RESULT";

type AnyResult<T> = Result<T, Box<dyn Error>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let outcome = match args.iter().position(|a| a == CHILD_ARG) {
        Some(i) => child(&args[i + 1..]),
        None => parent(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("import benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One measurement, in a child process; prints a single result line.
fn child(args: &[String]) -> AnyResult<()> {
    let arg = |i: usize| -> AnyResult<&str> {
        args.get(i).map(String::as_str).ok_or_else(|| format!("missing child argument {i} in {args:?}").into())
    };
    let mut out: Vec<(&str, String)> = Vec::new();
    match arg(0)? {
        "generate" => {
            let (path, tasks, units) = (Path::new(arg(1)?), arg(2)?.parse()?, arg(3)?.parse()?);
            let start = Instant::now();
            let generated = workload::write_ledger(path, tasks, units)?;
            out.push(("nanos", start.elapsed().as_nanos().to_string()));
            out.push(("bytes", generated.bytes.to_string()));
            out.push(("groups", generated.groups.to_string()));
            out.push(("tasks", generated.tasks.to_string()));
        }
        "parse" => {
            let start = Instant::now();
            let book = taizhang::import::read_workbook(Path::new(arg(1)?), &[])?;
            out.push(("nanos", start.elapsed().as_nanos().to_string()));
            let tasks: usize = book.sheets.iter().map(|s| s.rows.len()).sum();
            out.push(("tasks", tasks.to_string()));
        }
        "import" => {
            let (xlsx, db) = (Path::new(arg(1)?), Path::new(arg(2)?));
            let mut store = Store::open(db)?;
            let start = Instant::now();
            let report = import_ledger(&mut store, xlsx, &ImportOptions::default())?;
            out.push(("nanos", start.elapsed().as_nanos().to_string()));
            if !report.created {
                return Err("the import wrote nothing (file seen before?)".into());
            }
            out.push(("ledger", report.ledger_id.to_string()));
            out.push(("tasks", report.task_count.to_string()));
            out.push(("unknown", report.unknown_units.len().to_string()));
        }
        other => return Err(format!("unknown child command {other:?}").into()),
    }
    let peak = measure::peak_kib().map_or_else(|| "n/a".to_string(), |k| k.to_string());
    out.push(("peak_kib", peak));
    let fields: Vec<String> = out.iter().map(|(k, v)| format!("{k}={v}")).collect();
    println!("{RESULT_PREFIX} {}", fields.join(" "));
    Ok(())
}

/// The key=value pairs a child printed.
struct ChildResult(HashMap<String, String>);

impl ChildResult {
    fn text(&self, key: &str) -> AnyResult<&str> {
        self.0.get(key).map(String::as_str).ok_or_else(|| format!("child printed no {key}").into())
    }

    fn number(&self, key: &str) -> AnyResult<u64> {
        Ok(self.text(key)?.parse()?)
    }

    fn duration(&self) -> AnyResult<Duration> {
        Ok(Duration::from_nanos(self.number("nanos")?))
    }

    /// Peak RSS in KiB, `None` where the OS does not report it.
    fn peak(&self) -> Option<u64> {
        self.text("peak_kib").ok()?.parse().ok()
    }
}

/// Re-executes this binary to do one measurement and returns what it printed.
fn run_child(args: &[&str]) -> AnyResult<ChildResult> {
    let output = Command::new(std::env::current_exe()?).arg(CHILD_ARG).args(args).stderr(Stdio::inherit()).output()?;
    if !output.status.success() {
        return Err(format!("child {args:?} failed with {}", output.status).into());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(RESULT_PREFIX))
        .ok_or_else(|| format!("child {args:?} printed no result: {stdout}"))?;
    let pairs = line
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Ok(ChildResult(pairs))
}

/// Everything measured for one size.
struct Measured {
    size: Size,
    file_bytes: u64,
    groups: u64,
    generate: Duration,
    generate_peak: Option<u64>,
    parse_median: Duration,
    parse_peak: Option<u64>,
    imports: Vec<Duration>,
    import_peak: Option<u64>,
    read_back: Duration,
    unknown_units: u64,
}

fn parent() -> AnyResult<()> {
    let sizes = selected_sizes()?;
    let reps_override: Option<usize> = match std::env::var("TAIZHANG_BENCH_REPS") {
        Ok(v) => Some(v.trim().parse().map_err(|_| format!("TAIZHANG_BENCH_REPS={v:?} is not a count"))?),
        Err(_) => None,
    };
    let dir = match std::env::var_os("TAIZHANG_BENCH_DIR") {
        Some(base) => tempfile::Builder::new().prefix("taizhang-bench-").tempdir_in(base)?,
        None => tempfile::Builder::new().prefix("taizhang-bench-").tempdir()?,
    };
    eprintln!("working in {}", dir.path().display());
    let mut results = Vec::new();
    for size in sizes {
        let reps = reps_override.unwrap_or(if size.tasks >= 20_000 { 3 } else { 5 }).max(1);
        results.push(measure(size, reps, dir.path())?);
    }
    print_tables(&results);
    Ok(())
}

/// The sizes named in `TAIZHANG_BENCH_SIZES`, or all of them.
fn selected_sizes() -> AnyResult<Vec<Size>> {
    let Ok(spec) = std::env::var("TAIZHANG_BENCH_SIZES") else {
        return Ok(SIZES.to_vec());
    };
    let mut sizes = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let size = SIZES.iter().find(|s| s.name.eq_ignore_ascii_case(name)).ok_or_else(|| {
            let known: Vec<&str> = SIZES.iter().map(|s| s.name).collect();
            format!("unknown size {name:?} in TAIZHANG_BENCH_SIZES (known: {known:?})")
        })?;
        sizes.push(*size);
    }
    if sizes.is_empty() {
        return Err("TAIZHANG_BENCH_SIZES names no size".into());
    }
    Ok(sizes)
}

fn measure(size: Size, reps: usize, dir: &Path) -> AnyResult<Measured> {
    let n = size.tasks as u64;
    let xlsx = dir.join(format!("2023年重点任务台账-{}.xlsx", size.name));
    let xlsx_arg = xlsx.to_str().ok_or("temp path is not UTF-8")?;
    eprintln!("[{}] generating {} tasks × {} units …", size.name, size.tasks, size.units);
    let generated = run_child(&["generate", xlsx_arg, &size.tasks.to_string(), &size.units.to_string()])?;
    check_count(&generated, n, "generated")?;

    let mut parses = Vec::new();
    let mut parse_peak: Option<u64> = None;
    for rep in 0..reps {
        eprintln!("[{}] parse only {}/{reps}", size.name, rep + 1);
        let parsed = run_child(&["parse", xlsx_arg])?;
        check_count(&parsed, n, "parsed")?;
        parses.push(parsed.duration()?);
        parse_peak = max_peak(parse_peak, parsed.peak());
    }

    let mut imports = Vec::new();
    let mut import_peak: Option<u64> = None;
    let mut last: Option<(PathBuf, i64, u64)> = None;
    for rep in 0..reps {
        let db = dir.join(format!("{}-{rep}.sqlite", size.name));
        let imported = run_child(&["import", xlsx_arg, db.to_str().ok_or("temp path is not UTF-8")?])?;
        check_count(&imported, n, "imported")?;
        let took = imported.duration()?;
        eprintln!("[{}] import {}/{reps}: {}", size.name, rep + 1, format_duration(took));
        imports.push(took);
        import_peak = max_peak(import_peak, imported.peak());
        if let Some((old, _, _)) = last.take() {
            remove_database(&old);
        }
        last = Some((db, imported.text("ledger")?.parse()?, imported.number("unknown")?));
    }
    let (db, ledger_id, unknown_units) = last.ok_or("no import ran")?;

    let store = Store::open(&db)?;
    let start = Instant::now();
    let tasks = store.read().tasks(ledger_id)?;
    let read_back = start.elapsed();
    assert_eq!(tasks.len(), size.tasks, "reading back size {} found the wrong number of tasks", size.name);
    drop(store);
    remove_database(&db);
    eprintln!("[{}] read back {} tasks in {}", size.name, tasks.len(), format_duration(read_back));

    Ok(Measured {
        size,
        file_bytes: generated.number("bytes")?,
        groups: generated.number("groups")?,
        generate: generated.duration()?,
        generate_peak: generated.peak(),
        parse_median: median(&parses),
        parse_peak,
        imports,
        import_peak,
        read_back,
        unknown_units,
    })
}

/// Fails unless the child saw exactly `expected` tasks: a benchmark that imports nothing is
/// worthless.
fn check_count(result: &ChildResult, expected: u64, what: &str) -> AnyResult<()> {
    let found = result.number("tasks")?;
    if found != expected {
        return Err(format!("{what} {found} tasks, expected {expected}").into());
    }
    Ok(())
}

/// Deletes a database file with its WAL and shared-memory files.
fn remove_database(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = db.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
}

/// The larger of two peaks, either of which may be unknown.
fn max_peak(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[mid - 1] + sorted[mid]) / 2
    } else {
        sorted[mid]
    }
}

fn print_tables(results: &[Measured]) {
    println!("| size | tasks × units | file | import median | min | tasks/s | peak RSS |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for m in results {
        let median = median(&m.imports);
        let min = m.imports.iter().min().copied().unwrap_or_default();
        let rate = m.size.tasks as f64 / median.as_secs_f64();
        println!(
            "| {} | {} × {} | {} | {} | {} | {} | {} |",
            m.size.name,
            thousands(m.size.tasks as u64),
            m.size.units,
            format_bytes(m.file_bytes),
            format_duration(median),
            format_duration(min),
            thousands(rate.round() as u64),
            format_rss(m.import_peak),
        );
    }
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let runs: Vec<String> = results.iter().map(|m| format!("{} ({})", m.imports.len(), m.size.name)).collect();
    println!();
    println!(
        "Release build, {} {}, {cpus} CPUs. Median and min of {} runs, each a fresh process \
         importing into a fresh SQLite file (WAL, synchronous=FULL); tasks/s from the median; \
         peak RSS is the largest VmHWM of those processes.",
        std::env::consts::OS,
        std::env::consts::ARCH,
        runs.join(", "),
    );
    println!();
    println!(
        "| size | merged groups | generate | generate peak RSS | parse only (median) | parse peak RSS | read back `tasks()` | unknown units |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for m in results {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            m.size.name,
            thousands(m.groups),
            format_duration(m.generate),
            format_rss(m.generate_peak),
            format_duration(m.parse_median),
            format_rss(m.parse_peak),
            format_duration(m.read_back),
            m.unknown_units,
        );
    }
}

fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 1.0 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{secs:.2} s")
    }
}

fn format_bytes(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    }
}

fn format_rss(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".to_string(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
}

/// `12345` as "12,345".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
