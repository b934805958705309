//! The operations a clerk performs, composed from the importer, the store and the domain logic.
//! The CLI and the desktop app call these and nothing below them.

pub mod edit;
pub mod import;
mod resolver;
pub mod undo;

pub use edit::{edit_task, TaskEdit};
pub use import::{import_ledger, preview_import, ImportOptions, ImportPreview, ImportReport, ImportSummary};
pub use undo::{undo_last, UndoReport};
