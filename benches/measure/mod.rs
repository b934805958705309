//! Per-phase measurement for the round benchmarks: wall time and peak resident memory of one
//! phase, and the result lines child processes print for the driver.
//!
//! Peak memory per phase: before a phase the process resets its high-water mark by writing "5"
//! to `/proc/self/clear_refs` (Linux ≥ 4.0), so VmHWM read after the phase is the highest RSS
//! during that phase (it starts from what the process already holds, as it would in a
//! long-running app). Where the reset is refused, the peak is the process's peak so far and the
//! value is marked with "≤".

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
/// (`wait4`) its CPU time (user + system, all its threads) and its peak RSS. Returns the phase
/// and the child's stdout; a failure gives its stdout and stderr as the error.
pub fn child_phase(tool: &str, name: &str, command: &mut Command) -> Result<(Phase, String), String> {
    use std::os::unix::process::ExitStatusExt;

    let start = Instant::now();
    let child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{command:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    // Drain the pipes on threads so a talkative child never blocks on a full pipe.
    let (mut out, mut err) = (child.stdout, child.stderr);
    let out = std::thread::spawn(move || read_all(out.as_mut()));
    let err = std::thread::spawn(move || read_all(err.as_mut()));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (the Child handle was consumed without
    // waiting); `status` and `usage` are valid for writes.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    let (stdout, stderr) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
    if reaped != pid {
        return Err(format!("{command:?}: wait4 failed ({})", std::io::Error::last_os_error()));
    }
    let status = std::process::ExitStatus::from_raw(status);
    if !status.success() {
        return Err(format!(
            "{command:?} failed ({status}):\n{}\n{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        ));
    }
    let phase = Phase {
        tool: tool.into(),
        phase: name.into(),
        secs,
        // ru_maxrss is in KiB on Linux.
        peak_kib: usage.ru_maxrss.max(0) as u64,
        reset: true,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    };
    Ok((phase, String::from_utf8_lossy(&stdout).into_owned()))
}

/// Everything a pipe gives until it closes (nothing when there is no pipe).
fn read_all(pipe: Option<&mut impl std::io::Read>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.read_to_end(&mut bytes);
    }
    bytes
}
