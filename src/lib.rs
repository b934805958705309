//! 台账通 (Taizhang): the ledger engine behind the desktop app and the `taizhang` CLI.
//!
//! The crate is split by concern: [`import`] reads spreadsheets, [`store`] owns every SQL
//! statement, [`dates`] holds all date and deadline logic, [`units`] normalises department names,
//! and [`service`] ties them together into the operations a clerk performs.

pub mod assessment;
pub mod data_dir;
pub mod dates;
pub mod error;
pub mod export;
pub mod file_in_use;
pub mod import;
pub mod indicators;
pub mod model;
pub mod report;
pub mod round_facts;
pub mod service;
pub mod store;
pub mod units;
pub mod workbook;

pub use error::{Error, Result};

/// The crate version, shown by the CLI and the app.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
