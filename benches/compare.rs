//! One reporting round four ways, measured in one run on the same machine: the raw floor
//! (calamine + rust_xlsxwriter, no logic, one thread), the engine in-process (台账通's service
//! layer), the CLI as a user or a script runs it (the release binary, a new process per command)
//! and a plain openpyxl script (`tests/bench/openpyxl_round.py`, the way an office automates it
//! today).
//!
//!     cargo bench --bench compare                          # S and M, all four
//!     TAIZHANG_BENCH_SIZES=L TAIZHANG_BENCH_REPS=1 cargo bench --bench compare
//!
//! Per size: the deterministic workload (`workload`) writes the master ledger; the engine imports
//! it, starts a round, exports every unit's file (and writes the unit → rows map the others
//! follow), departments fill the files in (`tests/bench/fill_returns.py`, unmeasured), the
//! engine collects them all and writes the consolidated ledger. The CLI does the same with five
//! commands on a database of its own (`cli_round`), then measures its fixed cost (a command with
//! nothing to do). The floor and the openpyxl script run the same four phases (they have no
//! round to start) on the same master, the same split and the same returns. The engine, the
//! floor and openpyxl each run in their own process and report every phase's wall time, CPU
//! time and peak RSS (see `measure`); each CLI command is measured from outside. The result is
//! two Markdown tables per size (wall time with peak RSS, CPU time) with the ratios to the floor
//! and openpyxl's ratio to the engine and to the CLI.
//!
//! Environment: `TAIZHANG_BENCH_SIZES` (default `S,M`), `TAIZHANG_BENCH_TOOLS` (which of `cli`,
//! `floor`, `openpyxl` run beside the engine; default all three), `TAIZHANG_BENCH_REPS` (runs
//! per size, the tables show medians; default 3), `TAIZHANG_BENCH_DIR` (work folder, kept;
//! default a temporary one), `TAIZHANG_BENCH_CLI` (the `taizhang` binary the CLI rows run;
//! default the one cargo built with the benchmark). Needs `python3` with openpyxl (`scripts/lib.sh ensure_openpyxl`).

mod cli_round;
mod engine_round;
mod floor;
mod measure;
mod workload;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use engine_round::{RoundDir, UnitRows};
use measure::Phase;

type AnyResult<T> = Result<T, Box<dyn Error>>;

/// The argument that makes the binary run one implementation's round.
const CHILD_ARG: &str = "--compare-child";

/// The phases, in order, with the words the table uses. Only the engine and the CLI start a
/// round (the floor and openpyxl have no database): for them it counts as nothing.
const PHASES: [(&str, &str); 5] = [
    ("import", "import the master"),
    ("round", "start a round"),
    ("export", "export all unit files"),
    ("collect", "collect all returns"),
    ("consolidate", "consolidated export"),
];

/// The implementations, in table order.
const TOOLS: [&str; 4] = ["floor", "engine", "cli", "openpyxl"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let outcome = match args.iter().position(|a| a == CHILD_ARG) {
        Some(i) => child(&args[i + 1..]),
        None => driver(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compare benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One implementation's round in this process: `engine|cli|floor SIZE ROOT`.
fn child(args: &[String]) -> AnyResult<()> {
    let [tool, size, root, ..] = args else { return Err("usage: --compare-child engine|cli|floor SIZE ROOT".into()) };
    let dir = RoundDir { root: PathBuf::from(root) };
    match tool.as_str() {
        "engine" => engine_round::run(&dir, size_named(size)?.tasks),
        "floor" => floor::run(&dir),
        // The CLI's commands are started from this small process rather than the driver: a
        // child's peak RSS as the kernel reports it is at least that of the process it was
        // spawned from.
        "cli" => {
            for phase in cli_round::run(&dir, size_named(size)?.tasks)? {
                println!("{}", phase.line());
            }
            Ok(())
        }
        other => Err(format!("unknown tool {other}").into()),
    }
}

/// The workload size called `name` (S, M, L).
fn size_named(name: &str) -> AnyResult<workload::Size> {
    workload::SIZES.iter().copied().find(|s| s.name == name).ok_or_else(|| format!("unknown size {name}").into())
}

/// Runs every size: writes its master, runs the implementations `reps` times, prints the tables.
fn driver() -> AnyResult<()> {
    let sizes = std::env::var("TAIZHANG_BENCH_SIZES").unwrap_or_else(|_| "S,M".into());
    let tools = std::env::var("TAIZHANG_BENCH_TOOLS").unwrap_or_else(|_| "cli,floor,openpyxl".into());
    let reps: usize = std::env::var("TAIZHANG_BENCH_REPS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let temp = tempfile::tempdir()?;
    let base = match std::env::var_os("TAIZHANG_BENCH_DIR") {
        Some(dir) => std::path::absolute(PathBuf::from(dir))?,
        None => temp.path().to_path_buf(),
    };
    for name in sizes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let size = size_named(name)?;
        let dir = RoundDir { root: base.join(size.name) };
        let _ = std::fs::remove_dir_all(&dir.root);
        std::fs::create_dir_all(&dir.root)?;
        let generated = workload::write_ledger(&dir.master(), size.tasks, size.units)?;
        eprintln!("{}: master written ({} KiB)", size.name, generated.bytes / 1024);
        let exe = std::env::current_exe()?;
        let root = dir.root.display().to_string();
        let mut phases = Vec::new();
        let load_before = load_average();
        // The four alternate, so that a change in the machine's load hits all of them alike.
        for rep in 1..=reps {
            eprintln!("{} run {rep}/{reps}: engine…", size.name);
            phases.extend(run_child(Command::new(&exe).args([CHILD_ARG, "engine", size.name, &root]))?);
            if tools.contains("cli") {
                eprintln!("{} run {rep}/{reps}: CLI…", size.name);
                phases.extend(run_child(Command::new(&exe).args([CHILD_ARG, "cli", size.name, &root]))?);
            }
            if tools.contains("floor") {
                eprintln!("{} run {rep}/{reps}: floor…", size.name);
                phases.extend(run_child(Command::new(&exe).args([CHILD_ARG, "floor", size.name, &root]))?);
            }
            if tools.contains("openpyxl") {
                eprintln!("{} run {rep}/{reps}: openpyxl…", size.name);
                let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bench/openpyxl_round.py");
                phases.extend(run_child(Command::new("python3").arg(script).arg(&root))?);
            }
        }
        let map: Vec<UnitRows> = serde_json::from_slice(&std::fs::read(dir.unit_map())?)?;
        let medians = medians(&phases);
        print_table(size, &map, &medians, reps);
        print_fixed_cost(&medians);
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        println!("\n{cores} cores; load average (1 min) {load_before} before the runs, {} after.", load_average());
    }
    Ok(())
}

/// The 1-minute load average ("?" where there is no /proc): other work on the machine shows in
/// the wall times, much less in the CPU times.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or("?".into())
}

/// Runs a child, passing its stderr through, and collects the phases it reported.
fn run_child(command: &mut Command) -> AnyResult<Vec<Phase>> {
    let output = command.stderr(Stdio::inherit()).output()?;
    if !output.status.success() {
        return Err(format!("{command:?} failed ({})", output.status).into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).lines().filter_map(Phase::parse).collect())
}

/// Per tool and phase, the median time and the median peak of the repetitions.
fn medians(phases: &[Phase]) -> Vec<Phase> {
    let mut out: Vec<Phase> = Vec::new();
    for p in phases {
        if out.iter().any(|o| o.tool == p.tool && o.phase == p.phase) {
            continue;
        }
        let same: Vec<&Phase> = phases.iter().filter(|q| q.tool == p.tool && q.phase == p.phase).collect();
        let median = |mut values: Vec<f64>| {
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        out.push(Phase {
            secs: median(same.iter().map(|q| q.secs).collect()),
            peak_kib: median(same.iter().map(|q| q.peak_kib as f64).collect()) as u64,
            reset: same.iter().all(|q| q.reset),
            cpu: median(same.iter().map(|q| q.cpu).collect()),
            ..p.clone()
        });
    }
    out
}

/// The tables of one size: wall time with peak RSS, then CPU time.
fn print_table(size: workload::Size, map: &[UnitRows], phases: &[Phase], reps: usize) {
    let rows: usize = map.iter().map(|u| u.rows.len()).sum();
    println!(
        "\n### {}: {} tasks, {} unit names → {} unit files, {} rows sent and returned (median of {reps})\n",
        size.name,
        group(size.tasks),
        size.units,
        map.len(),
        group(rows)
    );
    let find = |tool: &str, phase: &str| phases.iter().find(|p| p.tool == tool && p.phase == phase);
    let peak = |tool: &str| PHASES.iter().filter_map(|(k, _)| find(tool, k)).max_by_key(|p| p.peak_kib);
    println!("Wall time and peak RSS:\n");
    times(
        phases,
        |p| p.secs,
        "peak RSS floor | engine | CLI | openpyxl |",
        |key| {
            let at = |tool: &str| match key {
                Some(key) => memory(find(tool, key)),
                None => memory(peak(tool)),
            };
            format!("{} | {} | {} | {} |", at("floor"), at("engine"), at("cli"), at("openpyxl"))
        },
    );
    println!("\nCPU time (user + system, all threads):\n");
    times(phases, |p| p.cpu, "", |_| String::new());
}

/// One table of times per phase and for the whole round, with the ratios to the floor and
/// openpyxl's to the engine and the CLI, and `extra` columns (given the phase key, None for the
/// whole round).
fn times(phases: &[Phase], metric: impl Fn(&Phase) -> f64, extra_header: &str, extra: impl Fn(Option<&str>) -> String) {
    let value = |tool: &str, phase: &str| phases.iter().find(|p| p.tool == tool && p.phase == phase).map(&metric);
    let extra_columns = extra_header.matches('|').count();
    println!(
        "| phase | floor | engine | CLI | openpyxl | engine / floor | CLI / floor | openpyxl / engine | openpyxl / CLI |{}",
        spaced(extra_header.to_string())
    );
    println!("| --- |{}{}", " ---: |".repeat(8), " ---: |".repeat(extra_columns));
    let row = |[f, e, c, o]: [Option<f64>; 4]| {
        [time(f), time(e), time(c), time(o), ratio(e, f), ratio(c, f), ratio(o, e), ratio(o, c)]
    };
    for (key, label) in PHASES {
        let cells = row(TOOLS.map(|t| value(t, key)));
        println!("| {label} | {} |{}", cells.join(" | "), spaced(extra(Some(key))));
    }
    // A tool that ran no phase at all is missing ("–"); a phase it does not have counts as none.
    let total = |tool: &str| -> Option<f64> {
        let ran: Vec<f64> = PHASES.iter().filter_map(|(k, _)| value(tool, k)).collect();
        (!ran.is_empty()).then(|| ran.iter().sum())
    };
    let cells = row(TOOLS.map(total)).map(|c| format!("**{c}**"));
    println!("| **whole round** | {} |{}", cells.join(" | "), spaced(extra(None)));
}

/// Extra columns after a space, or nothing.
fn spaced(columns: String) -> String {
    if columns.is_empty() {
        columns
    } else {
        format!(" {columns}")
    }
}

/// The CLI's fixed cost: a command with nothing to do on the database the round left, beside a
/// start that opens no database.
fn print_fixed_cost(phases: &[Phase]) {
    let find = |phase: &str| phases.iter().find(|p| p.tool == "cli" && p.phase == phase);
    let (Some(fixed), Some(start)) = (find("fixed"), find("start")) else { return };
    println!(
        "\nCLI fixed cost (median of {} runs): `rounds 1` on this database {} wall, {} CPU, peak RSS {}; `--version` (no database) {} wall, {} CPU.",
        cli_round::FIXED_COST_RUNS,
        millis(fixed.secs),
        millis(fixed.cpu),
        memory(Some(fixed)),
        millis(start.secs),
        millis(start.cpu)
    );
}

/// A short duration in milliseconds, one decimal.
fn millis(secs: f64) -> String {
    format!("{:.1} ms", secs * 1000.0)
}

/// A duration as the tables show it.
fn time(secs: Option<f64>) -> String {
    match secs {
        Some(s) if s < 0.0005 => "< 1 ms".into(),
        Some(s) if s < 1.0 => format!("{:.0} ms", s * 1000.0),
        Some(s) => format!("{s:.2} s"),
        None => "–".into(),
    }
}

/// `a / b` as "4.2×".
fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.1}×", a / b),
        _ => "–".into(),
    }
}

/// A phase's peak RSS in MiB ("≤" when the peak could not be reset before the phase).
fn memory(p: Option<&Phase>) -> String {
    match p {
        Some(p) if p.peak_kib > 0 => format!("{}{} MiB", if p.reset { "" } else { "≤ " }, p.peak_kib.div_ceil(1024)),
        _ => "–".into(),
    }
}

/// 20000 → "20,000".
fn group(n: usize) -> String {
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
