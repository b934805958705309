//! The one rule every export follows: a file that is already there is replaced only when the
//! clerk confirmed it (`--force` in the CLI, a question in the app).

use std::path::Path;

use crate::{Error, Result};

/// Whether an existing file at an export's target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse with [`Error::FileExists`] when the file exists.
    Refuse,
    /// The clerk confirmed replacing it.
    Confirmed,
}

impl Overwrite {
    /// `Confirmed` when `force` (a CLI flag, the app's answer), else `Refuse`.
    pub fn from_force(force: bool) -> Overwrite {
        if force {
            Overwrite::Confirmed
        } else {
            Overwrite::Refuse
        }
    }

    /// Fails with [`Error::FileExists`] when `path` exists and replacing it was not confirmed.
    pub fn check(self, path: &Path) -> Result<()> {
        if self == Overwrite::Refuse && path.exists() {
            return Err(Error::FileExists { path: path.to_path_buf() });
        }
        Ok(())
    }
}
