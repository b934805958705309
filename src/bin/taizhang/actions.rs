//! The commands that do more than call one service: they turn their arguments into the
//! service's terms, call it and print the result.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use taizhang::service::{self, IndicatorEdit, Outcome, Overwrite, ScoreScope, TaskEdit};
use taizhang::store::Store;
use taizhang::{Error, Result};

use super::output::{self, Printer};
use super::{EditArgs, IndicatorEditArgs, RulesArgs, ScoresArgs, WordingArgs};

/// How the change log names what the clerk changed from the command line.
pub const SOURCE: &str = "命令行修改";

/// `edit`: replaces a task's units, or makes the one change the flags name; no flag is an error
/// that changes nothing.
pub fn edit(store: &mut Store, a: &EditArgs, out: &Printer) -> Result<()> {
    if a.lead.is_some() || a.co.is_some() {
        let report = service::replace_task_units(store, a.task_id, a.lead.as_deref(), a.co.as_deref(), SOURCE)?;
        out.assigned(&report);
        return Ok(());
    }
    let edit = match (&a.column, &a.value) {
        (Some(column), Some(value)) => TaskEdit::Cell { column: *column, value: value.clone() },
        _ if a.measure.is_some() => TaskEdit::Measure { text: a.measure.clone().unwrap_or_default() },
        _ if a.deadline.is_some() => TaskEdit::Deadline { text: a.deadline.clone().unwrap_or_default() },
        _ if a.status.is_some() || a.clear_status => TaskEdit::Status { status: a.status.clone() },
        _ => return Err(Error::BadEdit(
            "没有指定要修改的内容，未做任何修改。请用 --status 状态、--clear-status、--measure 文字、--deadline 文字、--lead/--co 单位，或 --column 列号 --value 内容 指明要改什么。".into(),
        )),
    };
    out.edited(service::edit_task(store, a.task_id, &edit, SOURCE)?);
    Ok(())
}

/// `collect`: every file's report; a failed file's message also on stderr. Fails when a file
/// failed or when nothing could be read.
pub fn collect(
    store: &mut Store,
    round_id: i64,
    files: &[PathBuf],
    unit: Option<&str>,
    out: &Printer,
) -> Result<ExitCode> {
    let unit = unit.map(|name| service::unit_named(store, name)).transpose()?;
    let reports = service::collect_as(store, round_id, files, unit, |_, _| {})?;
    out.collected(&reports);
    let failed = reports.iter().find(|r| r.outcome == Outcome::Failed);
    if let Some(failed) = failed {
        output::error_message(&format!("收取“{}”时出错：{}", failed.file, failed.message), out.json);
    }
    if failed.is_some() || reports.iter().all(|r| r.outcome == Outcome::Unreadable) {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `scores`: the ranking of a round, a year or the latest round, or the 通报 written to a file.
pub fn scores(store: &Store, a: &ScoresArgs, today: NaiveDate, out: &Printer) -> Result<()> {
    let scope = ScoreScope::chosen(a.round, a.year);
    match &a.notice {
        Some(file) => {
            let overwrite = Overwrite::from_force(a.force);
            out.notice_written(&service::write_notice(store, a.ledger_id, scope, file, today, overwrite)?);
        }
        None => out.scores(&service::scores(store, a.ledger_id, scope, today)?),
    }
    Ok(())
}

/// `rules`: changes the scoring rules the flags name (one undoable batch), then lists them all.
pub fn rules(store: &mut Store, a: &RulesArgs, out: &Printer) -> Result<()> {
    let changes = a.changes();
    let batch =
        if changes.is_empty() { None } else { Some(service::set_score_rules(store, a.ledger_id, &changes, SOURCE)?) };
    out.rules(&service::score_rules(store, a.ledger_id)?, batch);
    Ok(())
}

/// `wording`: sets or resets one segment when asked, then lists every segment.
pub fn wording(store: &mut Store, a: &WordingArgs, out: &Printer) -> Result<()> {
    let batch = match (&a.set, &a.text, &a.reset) {
        (Some(key), Some(text), _) => Some(service::set_wording(store, a.ledger_id, key, Some(text), SOURCE)?),
        (_, _, Some(key)) => Some(service::set_wording(store, a.ledger_id, key, None, SOURCE)?),
        _ => None,
    };
    out.wording(&service::ledger_wording(store, a.ledger_id)?, batch);
    Ok(())
}

impl IndicatorEditArgs {
    /// The correction the flags describe.
    pub fn edit(&self) -> IndicatorEdit {
        IndicatorEdit {
            metric: self.metric.clone(),
            comparator: self.comparator.clone(),
            target: self.target,
            unit: self.unit.clone(),
            baseline: self.baseline,
            baseline_date: self.baseline_date.clone(),
            period: self.period.clone(),
            task_id: self.task,
            clear: self.clear.clone(),
            removed: None,
        }
    }
}
