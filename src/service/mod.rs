//! The operations a clerk performs, composed from the importer, the store and the domain logic.
//! The CLI and the desktop app call these and nothing below them.

pub mod import;
mod resolver;
pub mod undo;

pub use import::{import_ledger, ImportOptions, ImportReport};
pub use undo::{undo_last, UndoReport};
