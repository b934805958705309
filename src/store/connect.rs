//! Opening SQLite connections on database files with paths of any length. On Windows a path
//! past 260 characters (deep folders of long Chinese names) only opens in its `\\?\` form, and
//! SQLite's default "win32" VFS stops at 1,040 bytes, so there every database is opened by its
//! `\\?\` absolute path through the "win32-longpath" VFS. Elsewhere paths are passed as they are.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// Opens `path` with `flags` (see [`Connection::open_with_flags`]).
pub(crate) fn open(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    #[cfg(windows)]
    {
        Connection::open_with_flags_and_vfs(verbatim(path), flags, c"win32-longpath")
    }
    #[cfg(not(windows))]
    {
        Connection::open_with_flags(path, flags)
    }
}

/// Opens `path` for reading and writing, creating it if missing (as [`Connection::open`]).
pub(crate) fn open_or_create(path: &Path) -> rusqlite::Result<Connection> {
    open(path, OpenFlags::default())
}

/// `path` as an absolute `\\?\C:\…` (or `\\?\UNC\server\share\…`) path, with `/` turned into `\`
/// and `.`/`..` resolved by `GetFullPathNameW` first, since the `\\?\` form is taken literally.
#[cfg(windows)]
fn verbatim(path: &Path) -> std::path::PathBuf {
    let Ok(full) = std::path::absolute(path) else { return path.to_path_buf() };
    let text = full.as_os_str().to_string_lossy();
    if text.starts_with(r"\\?\") || text.starts_with(r"\\.\") {
        full
    } else if let Some(share) = text.strip_prefix(r"\\") {
        format!(r"\\?\UNC\{share}").into()
    } else {
        format!(r"\\?\{text}").into()
    }
}
