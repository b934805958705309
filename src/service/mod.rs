//! The operations a clerk performs, composed from the importer, the store and the domain logic.
//! The CLI and the desktop app call these and nothing below them.

pub mod assign;
pub mod backup;
pub mod collect;
pub mod consolidate;
pub mod distribute;
pub mod edit;
pub mod import;
pub mod indicators;
pub mod reports;
mod resolver;
pub mod round_status;
pub mod rounds;
pub mod task_units;
pub mod undo;
pub mod units;

pub use assign::{assign_units, AssignReport, TaskSelector};
pub use collect::{collect_returns, CollectReport, Outcome};
pub use consolidate::{consolidate, ConsolidateReport, Overwrite};
pub use distribute::{export_unit_files, ExportReport};
pub use edit::{edit_task, TaskEdit};
pub use import::{
    import_ledger, preview_import, FoundIndicator, ImportOptions, ImportPreview, ImportReport, ImportSummary,
    UnplacedSentence,
};
pub use indicators::{edit_indicator, indicator_statuses, IndicatorEdit, IndicatorStatus};
pub use reports::{reports_of_tasks, status_overview, task_reports, StatusOverview, TaskReport};
pub use resolver::UnknownUnit;
pub use round_status::{round_status, RoundStatus, UnitState};
pub use rounds::{ledger_schedule, new_round, set_schedule, ScheduleReport};

pub use task_units::replace_task_units;
pub use undo::{undo_confirmed, undo_last, UndoReport};
pub use units::{merge_units, set_unit_contact, MergeReport};
