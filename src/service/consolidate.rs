//! The consolidated ledger sent upward: every task in the template's layout with what the units
//! reported, its status, and a per-unit summary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::Overwrite;
use crate::dates::overdue::is_overdue;
use crate::export::{self, Consolidated, IndicatorLine, OverdueTask, UnitSummary};
use crate::indicators::number_text;
use crate::model::TaskView;
use crate::service::distribute::export_whole_ledger;
use crate::service::indicators::IndicatorStatus;
use crate::store::{field_key, Reader, Store, StoredSheet, UnitTask, ValueOrder};
use crate::Result;

/// One fill-in cell's reported texts: each unit's latest non-blank (unit id, unit name, text).
#[derive(Default)]
struct CellTexts {
    task_id: i64,
    field: String,
    entries: Vec<(i64, String, String)>,
}

/// What the consolidated export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ConsolidateReport {
    /// The ledger.
    pub ledger_id: i64,
    /// The round, when one was chosen.
    pub round_id: Option<i64>,
    /// The file written.
    pub path: PathBuf,
    /// Tasks written.
    pub task_count: usize,
    /// Per-unit lines of the summary sheet.
    pub units: Vec<UnitSummary>,
    /// Overdue tasks.
    pub overdue: Vec<OverdueTask>,
    /// Each indicator with its target, actual value and verdict, as on the summary sheet.
    pub indicators: Vec<IndicatorLine>,
}

/// Writes the consolidated ledger. With a round, the values are that round's returns; without,
/// each unit's latest reported value across all rounds, and 本期是否报送 refers to the latest
/// round. A fill-in cell reported by one unit holds its text; reported by several, one
/// "【单位】text" line each, lead units first. An existing `out` is replaced only when
/// `overwrite` says the clerk confirmed it.
pub fn consolidate(
    store: &Store,
    ledger_id: i64,
    round_id: Option<i64>,
    out: &Path,
    today: NaiveDate,
    overwrite: Overwrite,
) -> Result<ConsolidateReport> {
    overwrite.check(out)?;
    // What reads the rounds on its own comes first: what it loads is freed before the ledger's
    // texts are loaded, not held beside them (at 20,000 tasks, a hundred megabytes each).
    let notice = super::scores::notice_sheet(store, ledger_id, round_id, today)?;
    let round_returns = super::charts::round_returns(store, ledger_id, round_id, today)?;
    let read = store.read();
    let (title, _, _) = read.ledger_info(ledger_id)?;
    let round = round_id.map(|id| read.round(id)).transpose()?;
    let sheets = read.stored_sheets(ledger_id)?;
    let indicators = indicator_lines(super::indicators::statuses(&read, ledger_id, round_id)?, sheets.len() > 1);
    // Without a round, 本期 is the latest round (rounds come ordered by due date).
    let status_round = match round {
        Some(r) => Some(r),
        None => read.rounds(ledger_id)?.pop(),
    };
    let returned_units: Vec<i64> = match &status_round {
        Some(r) => read.returns(r.round_id)?.into_iter().map(|r| r.unit_id).collect(),
        None => Vec::new(),
    };
    let mut tasks = read.tasks(ledger_id)?;
    let links = read.unit_tasks(ledger_id)?;
    fill_reported(&read, (ledger_id, round_id), &mut tasks, &sheets, &links)?;
    for task in &mut tasks {
        if is_overdue(&task.deadline, task.status.as_deref(), today) {
            task.status = Some("逾期".into());
        }
    }
    let units = unit_summaries(&tasks, &links, &returned_units);
    let overdue = overdue_tasks(&tasks);
    let charts = super::charts::summary_charts(round_returns, &tasks, &links);
    let task_count = tasks.len();
    let ledger = Consolidated {
        ledger_title: title,
        round_label: status_round.map(|r| r.label),
        as_of: today,
        sheets: export_whole_ledger(&sheets, tasks),
        units: units.clone(),
        overdue: overdue.clone(),
        indicators: indicators.clone(),
        charts: Some(charts),
        notice,
    };
    export::write_consolidated(&ledger, out)?;
    Ok(ConsolidateReport { ledger_id, round_id, path: out.to_path_buf(), task_count, units, overdue, indicators })
}

/// Puts the reported texts into the tasks' fill-in cells: each unit's latest non-blank text (a
/// later round's replaces an earlier one of the same unit); one unit's text as it is, several
/// units' as one "【单位】text" line each, lead units first (in link order). Values come cell by
/// cell, so one cell is assembled at a time: the round's values are never held beside the
/// ledger, and the texts are moved, not copied (at 20,000 tasks they are most of a consolidate).
fn fill_reported(
    read: &Reader<'_>,
    (ledger_id, round_id): (i64, Option<i64>),
    tasks: &mut [TaskView],
    sheets: &[StoredSheet],
    links: &[UnitTask],
) -> Result<()> {
    // (task, unit) → the link's position (lead units come first); the first link counts.
    let mut ranks: HashMap<(i64, i64), usize> = HashMap::new();
    for (i, l) in links.iter().enumerate() {
        ranks.entry((l.task_id, l.unit_id)).or_insert(i);
    }
    // Each sheet's fill-in columns by field key.
    let fill_in: HashMap<&str, HashMap<String, usize>> = sheets
        .iter()
        .map(|s| {
            let columns = s.columns.iter().filter(|c| c.field.is_fill_in());
            (s.name.as_str(), columns.map(|c| (field_key(c), c.index as usize)).collect())
        })
        .collect();
    let position: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.task_id, i)).collect();
    let mut place = |cell: CellTexts| {
        let Some(task) = position.get(&cell.task_id).map(|&i| &mut tasks[i]) else { return };
        let Some(&column) = fill_in.get(task.sheet.as_str()).and_then(|f| f.get(&cell.field)) else { return };
        let Some(text) = joined(cell, &ranks) else { return };
        if let Some(value) = task.cells.values_mut().nth(column) {
            *value = serde_json::Value::String(text);
        }
    };
    let mut cell = CellTexts::default();
    read.each_reported_value(ledger_id, round_id, ValueOrder::Cells, |v| {
        if cell.task_id != v.task_id || cell.field != v.field {
            let next = CellTexts { task_id: v.task_id, field: v.field, entries: Vec::new() };
            place(std::mem::replace(&mut cell, next));
        }
        cell.entries.retain(|(unit, _, _)| *unit != v.unit_id);
        if !v.value.trim().is_empty() {
            cell.entries.push((v.unit_id, v.unit_name, v.value));
        }
    })?;
    place(cell);
    Ok(())
}

/// A cell's text from its units' texts, lead units first; none when no unit wrote anything.
fn joined(mut cell: CellTexts, ranks: &HashMap<(i64, i64), usize>) -> Option<String> {
    cell.entries.sort_by_key(|(unit, _, _)| ranks.get(&(cell.task_id, *unit)).copied());
    match cell.entries.len() {
        0 => None,
        1 => cell.entries.pop().map(|(_, _, text)| text),
        _ => {
            Some(cell.entries.iter().map(|(_, unit, text)| format!("【{unit}】{text}")).collect::<Vec<_>>().join("\n"))
        }
    }
}

/// The summary sheet's line per unit, in link order: its tasks, whether it returned in the
/// status round, and how many of its tasks are done or overdue.
fn unit_summaries(tasks: &[TaskView], links: &[UnitTask], returned_units: &[i64]) -> Vec<UnitSummary> {
    let task_index: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.task_id, i)).collect();
    let mut units: Vec<UnitSummary> = Vec::new();
    for link in links {
        let Some(task) = task_index.get(&link.task_id).map(|&i| &tasks[i]) else { continue };
        let index = match units.iter().position(|u| u.unit == link.unit_name) {
            Some(i) => i,
            None => {
                units.push(UnitSummary {
                    unit: link.unit_name.clone(),
                    tasks: 0,
                    returned: returned_units.contains(&link.unit_id),
                    completed: 0,
                    overdue: 0,
                });
                units.len() - 1
            }
        };
        let line = &mut units[index];
        line.tasks += 1;
        line.completed += usize::from(task.status.as_deref() == Some("已完成"));
        line.overdue += usize::from(task.status.as_deref() == Some("逾期"));
    }
    units
}

/// The overdue tasks with a due date, in ledger order.
fn overdue_tasks(tasks: &[TaskView]) -> Vec<OverdueTask> {
    tasks
        .iter()
        .filter(|t| t.status.as_deref() == Some("逾期"))
        .filter_map(|t| {
            Some(OverdueTask {
                sheet: t.sheet.clone(),
                seq: t.seq.clone(),
                measure: t.measure.clone(),
                lead_units: t.lead_units.join("、"),
                due: t.deadline.due?,
            })
        })
        .collect()
}

/// The summary sheet's indicator lines; a task is named with its sheet when the ledger has
/// several, and several units' actual values are one "【单位】value" line each.
fn indicator_lines(statuses: Vec<IndicatorStatus>, name_sheets: bool) -> Vec<IndicatorLine> {
    statuses
        .into_iter()
        .map(|s| IndicatorLine {
            task: match (&s.stored.seq, &s.stored.sheet) {
                (Some(seq), Some(sheet)) if name_sheets => format!("{sheet} 序号{seq}"),
                (Some(seq), _) => format!("序号{seq}"),
                _ => "全局目标".to_string(),
            },
            target: s.target_text.clone(),
            metric: s.stored.indicator.metric.clone(),
            actual: match s.actuals.as_slice() {
                [] => String::new(),
                [_] => s.actual_text.clone().unwrap_or_default(),
                many => many
                    .iter()
                    .map(|a| {
                        let unit = a.unit.as_deref().unwrap_or(&s.stored.indicator.unit);
                        format!("【{}】{}{unit}", a.unit_name, number_text(a.value))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            },
            verdict: s.verdict_label.clone(),
        })
        .collect()
}
