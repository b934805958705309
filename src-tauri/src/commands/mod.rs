//! The commands the UI invokes, one module per domain. Each is a thin wrapper: it takes the
//! store from [`crate::state`], calls `taizhang::service` or a store query, and returns the
//! result (serialised by serde) or the core error's Chinese message. Arguments keep their
//! snake_case names (`ledger_id`), matching `ui/src/api/types.ts`.

pub mod app;
pub mod assessment;
pub mod backups;
pub mod history;
pub mod import;
pub mod indicators;
pub mod ledgers;
pub mod reports;
pub mod rounds;
pub mod tasks;
pub mod units;

use std::path::PathBuf;

use chrono::NaiveDate;

/// The machine's local date: "today" for due dates and lateness.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Rejects an empty path with a Chinese message (the UI's text fields may be left blank).
fn required_path(path: &str, what: &str) -> Result<PathBuf, String> {
    let path = path.trim();
    if path.is_empty() {
        Err(format!("请先选择{what}。"))
    } else {
        Ok(PathBuf::from(path))
    }
}
