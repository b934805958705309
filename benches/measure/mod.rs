//! Per-phase measurement for the round benchmarks: wall time and peak resident memory of one
//! phase, and the result lines child processes print for the driver.
//!
//! Peak memory per phase: before a phase the process hands its free heap back to the system
//! (`malloc_trim`, as the app does after each command) and resets its high-water mark by writing
//! "5" to `/proc/self/clear_refs` (Linux ≥ 4.0), so VmHWM read after the phase is the highest RSS
//! during that phase (it starts from what the process still holds, as it would in a long-running
//! app). Where the reset is refused, the peak is the process's peak so far and the value is
//! marked with "≤".

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The prefix of a result line:
/// `TAIZHANG_PHASE\t{tool}\t{phase}\t{wall seconds}\t{peak KiB}\t{reset}\t{CPU seconds}`.
pub const PHASE_PREFIX: &str = "TAIZHANG_PHASE";

/// One measured phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    /// Which implementation ran it ("engine", "floor", "openpyxl").
    pub tool: String,
    /// The phase ("import", "export", "collect", "consolidate").
    pub phase: String,
    /// Wall time in seconds.
    pub secs: f64,
    /// Peak RSS during the phase in KiB (0 when unknown).
    pub peak_kib: u64,
    /// Whether the peak was reset before the phase (otherwise it is the process peak so far).
    pub reset: bool,
    /// CPU time (user + system, all threads) in seconds: less disturbed than wall time when
    /// other work shares the machine.
    pub cpu: f64,
}

impl Phase {
    /// The line a child prints for the driver.
    pub fn line(&self) -> String {
        format!(
            "{PHASE_PREFIX}\t{}\t{}\t{:.6}\t{}\t{}\t{:.3}",
            self.tool, self.phase, self.secs, self.peak_kib, self.reset, self.cpu
        )
    }

    /// Parses a line printed by [`Phase::line`] (or by `tests/bench/openpyxl_round.py`).
    pub fn parse(line: &str) -> Option<Phase> {
        let mut parts = line.strip_prefix(PHASE_PREFIX)?.trim_start_matches('\t').split('\t');
        Some(Phase {
            tool: parts.next()?.to_string(),
            phase: parts.next()?.to_string(),
            secs: parts.next()?.parse().ok()?,
            peak_kib: parts.next()?.parse().ok()?,
            reset: parts.next()?.trim().eq_ignore_ascii_case("true"),
            cpu: parts.next()?.trim().parse().ok()?,
        })
    }
}

/// Resets the process's peak RSS; false where the kernel does not allow it.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The process's peak RSS (VmHWM) in KiB, where /proc tells it.
pub fn peak_kib() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok())
}

/// The process's CPU time (user + system, all threads) in seconds, from `getrusage`.
pub fn cpu_secs() -> f64 {
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is valid for writes.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// A `timeval` in seconds.
fn seconds(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// Runs `f` as one phase of `tool`, prints its result line and returns `f`'s value.
pub fn phase<T, E>(tool: &str, name: &str, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    // SAFETY: malloc_trim only hands free heap pages back to the kernel.
    unsafe { libc::malloc_trim(0) };
    let reset = reset_peak();
    let (start, cpu_start) = (Instant::now(), cpu_secs());
    let value = f()?;
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu_start;
    let measured = Phase { tool: tool.into(), phase: name.into(), secs, peak_kib: peak_kib().unwrap_or(0), reset, cpu };
    println!("{}", measured.line());
    Ok(value)
}

/// Runs `command` as one phase of `tool` in a process of its own and measures it from outside:
/// wall time from spawn to exit, and from the kernel's accounting of exactly that process
/// (`wait4`) its CPU time (user + system, all its threads) and its peak RSS. Its stdout goes to
/// `output` (a file, so that this process stays small: the kernel counts the RSS of the process a
/// child was spawned from into the child's peak) and its stderr to `output` with `.err` added; a
/// failure gives the stderr as the error.
pub fn child_phase(tool: &str, name: &str, command: &mut Command, output: &Path) -> Result<Phase, String> {
    use std::os::unix::process::ExitStatusExt;

    let file = |path: &Path| std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()));
    let errors = output.with_extension("err");
    let start = Instant::now();
    let child = command
        .stdin(std::process::Stdio::null())
        .stdout(file(output)?)
        .stderr(file(&errors)?)
        .spawn()
        .map_err(|e| format!("{command:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (the Child handle is dropped without
    // waiting); `status` and `usage` are valid for writes.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    drop(child);
    if reaped != pid {
        return Err(format!("{command:?}: wait4 failed ({})", std::io::Error::last_os_error()));
    }
    let status = std::process::ExitStatus::from_raw(status);
    if !status.success() {
        let stderr = std::fs::read_to_string(&errors).unwrap_or_default();
        return Err(format!("{command:?} failed ({status}):\n{stderr}"));
    }
    Ok(Phase {
        tool: tool.into(),
        phase: name.into(),
        secs,
        // ru_maxrss is in KiB on Linux.
        peak_kib: usage.ru_maxrss.max(0) as u64,
        reset: true,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    })
}
