//! Recognising a file that another program holds open (a workbook the clerk still has open in
//! Excel or WPS) from the error Windows gives when it is written, replaced or read. Linux and
//! macOS lock nothing, so there the answer is always no.

use std::io;
use std::path::Path;

/// `ERROR_ACCESS_DENIED`: also what replacing a file that another program holds open gives.
#[cfg(windows)]
const ERROR_ACCESS_DENIED: i32 = 5;
/// `ERROR_SHARING_VIOLATION`: the file is open elsewhere without sharing the access asked for.
#[cfg(windows)]
const ERROR_SHARING_VIOLATION: i32 = 32;
/// `ERROR_LOCK_VIOLATION`: another program has locked part of the file.
#[cfg(windows)]
const ERROR_LOCK_VIOLATION: i32 = 33;

/// Whether `error`, met while writing, replacing or reading `path`, means that another program
/// holds `path` open. Access denied is ambiguous (a read-only file or folder gives it too), so
/// then `path` is opened for writing, which changes nothing, to see whether its sharing is the
/// reason.
pub fn held_open(error: &io::Error, path: &Path) -> bool {
    #[cfg(windows)]
    {
        let sharing = |e: &io::Error| matches!(e.raw_os_error(), Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION));
        match error.raw_os_error() {
            Some(ERROR_ACCESS_DENIED) => {
                std::fs::OpenOptions::new().append(true).open(path).err().is_some_and(|e| sharing(&e))
            }
            _ => sharing(error),
        }
    }
    #[cfg(not(windows))]
    {
        let _ = (error, path);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_held_open_where_files_are_not_locked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.xlsx");
        std::fs::write(&file, b"x").expect("write");
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        if cfg!(not(windows)) {
            // 32 and 33 are EPIPE and EDOM here, not sharing violations.
            assert!(!held_open(&io::Error::from_raw_os_error(32), &file));
            assert!(!held_open(&io::Error::from_raw_os_error(33), &file));
        }
        assert!(!held_open(&denied, &file));
        assert!(!held_open(&io::Error::from(io::ErrorKind::NotFound), &dir.path().join("missing.xlsx")));
    }
}
