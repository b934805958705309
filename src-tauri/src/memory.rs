//! Handing the heap memory the core freed back to the system.
//!
//! glibc keeps what a thread frees in that thread's arena for reuse, and the store's work runs on
//! several blocking worker threads: after an import or the home page's counts over a
//! 20,000-task ledger, those arenas held about 47 MB that nothing used. `malloc_trim` returns
//! their free pages to the kernel.

/// Trims the allocator's free memory shortly after the store's work, on a worker thread of its
/// own: at most one trim is pending, so the many page fetches of a scroll cost one trim.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn trim_soon() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    static PENDING: AtomicBool = AtomicBool::new(false);
    if PENDING.swap(true, Ordering::AcqRel) {
        return;
    }
    tauri::async_runtime::spawn_blocking(|| {
        std::thread::sleep(Duration::from_millis(500));
        PENDING.store(false, Ordering::Release);
        // SAFETY: malloc_trim only releases free memory; glibc allows it from any thread.
        unsafe { libc::malloc_trim(0) };
    });
}

/// Other allocators (Windows, musl) have no `malloc_trim`: nothing to do.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim_soon() {}
