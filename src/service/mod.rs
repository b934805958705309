//! The operations a clerk performs, composed from the importer, the store and the domain logic.
//! The CLI and the desktop app call these and nothing below them.

pub mod assign;
pub mod backup;
mod charts;
pub mod collect;
pub mod consolidate;
pub mod distribute;
pub mod edit;
pub mod import;
pub mod indicators;
mod overwrite;
mod reimport;
pub mod report;
pub mod reports;
mod resolver;
pub mod round_facts;
pub mod round_status;
pub mod rounds;
pub mod scores;
pub mod task_units;
pub mod undo;
pub mod units;

pub use assign::{assign_units, AssignReport, TaskSelector};
pub use collect::{
    assign_reported_tasks, collect_as, collect_returns, collect_source_as, collect_sources, unit_named, AdoptReport,
    CollectReport, Outcome,
};
pub use consolidate::{consolidate, ConsolidateReport};
pub use distribute::{export_unit_files, ExportReport};
pub use edit::{edit_task, TaskEdit};
pub use import::{
    import_ledger, preview_import, FoundIndicator, ImportOptions, ImportPreview, ImportReport, ImportSummary,
    UnplacedSentence,
};
pub use indicators::{edit_indicator, indicator_statuses, IndicatorEdit, IndicatorStatus};
pub use overwrite::Overwrite;
pub use report::{ledger_wording, report_document, set_wording, write_report, ReportWritten};
pub use reports::{reports_of_tasks, status_overview, task_reports, StatusOverview, TaskReport};
pub use resolver::UnknownUnit;
pub use round_facts::{round_facts, round_trend, RoundPoint};
pub use round_status::{round_status, RoundStatus, UnitState};
pub use rounds::{ledger_schedule, new_round, set_schedule, ScheduleReport};
pub use scores::{score_rules, scores, set_score_rules, write_notice, NoticeWritten, RulesView, ScoreScope};

pub use task_units::replace_task_units;
pub use undo::{undo_confirmed, undo_last, UndoReport};
pub use units::{merge_units, set_unit_contact, MergeReport};
