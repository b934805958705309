//! Gathering a round's facts ([`RoundFacts`]) from the store: each task's status at the end of
//! the round and of the one before (replayed from the change log), what each unit reported,
//! who returned on time, late or not at all, and the indicators' values. A round's end is the
//! last batch that applied one of its returns (its start when none came); the newest round ends
//! now, so corrections made by hand after the last return count for it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::indicators::{self, number_text};
use crate::model::{ColumnMapping, Field, TaskView};
use crate::round_facts::timeline::StatusTimeline;
use crate::round_facts::{
    IndicatorFact, IndicatorValueFact, ReportedText, ReturnState, RoundFacts, RoundInfo, TaskFact, TextKind,
};
use crate::service::round_status::{round_status, UnitState};
use crate::store::{RoundRow, Store, ValueOrder};
use crate::Result;

/// What every round of a ledger shares: its tasks, columns, rounds and status history.
struct Ledger {
    ledger_id: i64,
    title: String,
    sheets: Vec<String>,
    tasks: Vec<TaskView>,
    columns: HashMap<String, Vec<ColumnMapping>>,
    rounds: Vec<RoundRow>,
    timeline: StatusTimeline,
}

fn load(store: &Store, ledger_id: i64) -> Result<Ledger> {
    let read = store.read();
    let (title, _, _) = read.ledger_info(ledger_id)?;
    let tasks = read.tasks(ledger_id)?;
    let columns: HashMap<String, Vec<ColumnMapping>> = read.sheet_columns(ledger_id)?.into_iter().collect();
    let sheets = read.stored_sheets(ledger_id)?.into_iter().map(|s| s.name).collect();
    let timeline =
        StatusTimeline::new(tasks.iter().map(|t| (t.task_id, t.status.clone())), read.status_changes(ledger_id)?);
    Ok(Ledger { ledger_id, title, sheets, tasks, columns, rounds: read.rounds(ledger_id)?, timeline })
}

fn info(round: &RoundRow) -> RoundInfo {
    RoundInfo {
        round_id: round.round_id,
        label: round.label.clone(),
        period_start: round.period_start,
        period_end: round.period_end,
        due: round.due,
    }
}

/// The text kind of a reported field ("cell:N") on a sheet, if it is a progress, problems or
/// next-plan column.
fn text_kind(columns: &[ColumnMapping], field: &str) -> Option<TextKind> {
    let index: u32 = field.strip_prefix("cell:")?.parse().ok()?;
    match columns.iter().find(|c| c.index == index)?.field {
        Field::Progress => Some(TextKind::Progress),
        Field::Problems => Some(TextKind::Problems),
        Field::NextPlan => Some(TextKind::NextPlan),
        _ => None,
    }
}

/// Whether a round's facts carry what each unit reported (a report quotes them; scores and the
/// trend count only, and at 20,000 tasks the texts are tens of megabytes a round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    Read,
    Skip,
}

/// The non-blank progress, problems and next-plan texts each unit reported in `round`, by task.
fn reported_texts(store: &Store, ledger: &Ledger, round: &RoundRow) -> Result<HashMap<i64, Vec<ReportedText>>> {
    let mut reported: HashMap<i64, Vec<ReportedText>> = HashMap::new();
    let sheet_of: HashMap<i64, &str> = ledger.tasks.iter().map(|t| (t.task_id, t.sheet.as_str())).collect();
    store.read().each_reported_value(ledger.ledger_id, Some(round.round_id), ValueOrder::Rounds, |v| {
        let columns = sheet_of.get(&v.task_id).and_then(|s| ledger.columns.get(*s)).map_or(&[][..], |c| &c[..]);
        if let (Some(kind), false) = (text_kind(columns, &v.field), v.value.trim().is_empty()) {
            reported.entry(v.task_id).or_default().push(ReportedText { unit: v.unit_name, kind, text: v.value });
        }
    })?;
    Ok(reported)
}

/// The facts of the ledger's round at `index` (in due order), as of `today`.
fn facts_at(store: &Store, ledger: &Ledger, index: usize, today: NaiveDate, texts: Texts) -> Result<RoundFacts> {
    let read = store.read();
    let round = &ledger.rounds[index];
    let last = index + 1 == ledger.rounds.len();
    // Before any batch on record: the state every status change started from.
    let end = if last { None } else { Some(read.round_last_batch(round.round_id)?.unwrap_or(0)) };
    let start = match index.checked_sub(1) {
        Some(previous) => read.round_last_batch(ledger.rounds[previous].round_id)?.unwrap_or(0),
        None => read.round_created_batch(round.round_id)?.unwrap_or(0),
    };
    let mut reported = match texts {
        Texts::Read => reported_texts(store, ledger, round)?,
        Texts::Skip => HashMap::new(),
    };
    let tasks = ledger
        .tasks
        .iter()
        .map(|t| {
            let status = ledger.timeline.status_after(t.task_id, end);
            TaskFact {
                task_id: t.task_id,
                sheet: t.sheet.clone(),
                seq: t.seq.clone(),
                category: t.category.clone(),
                measure: t.measure.clone(),
                lead_units: t.lead_units.clone(),
                co_units: t.co_units.clone(),
                due: t.deadline.due,
                completed_on: (status.as_deref() == Some("已完成"))
                    .then(|| ledger.timeline.completed_on(t.task_id, end))
                    .flatten(),
                status,
                previous_status: ledger.timeline.status_after(t.task_id, Some(start)),
                reports: reported.remove(&t.task_id).unwrap_or_default(),
            }
        })
        .collect();
    let returns = round_status(store, round.round_id, today)?
        .units
        .into_iter()
        .map(|u| crate::round_facts::UnitReturn {
            unit: u.unit,
            state: match u.state {
                UnitState::Returned => ReturnState::OnTime,
                UnitState::Late => ReturnState::Late,
                UnitState::Pending => ReturnState::Pending,
                UnitState::Missing => ReturnState::Missing,
            },
            received_at: u.received_at,
        })
        .collect();
    let indicators = super::indicators::statuses(&read, ledger.ledger_id, Some(round.round_id))?
        .into_iter()
        .map(|s| IndicatorFact {
            indicator_id: s.stored.indicator_id,
            seq: s.stored.seq.clone(),
            metric: s.stored.indicator.metric.clone(),
            target: s.target_text.clone(),
            values: s
                .actuals
                .iter()
                .map(|a| IndicatorValueFact {
                    unit: a.unit_name.clone(),
                    text: format!("{}{}", number_text(a.value), a.unit.as_deref().unwrap_or(&s.stored.indicator.unit)),
                    verdict: indicators::verdict(&s.stored.indicator, Some((a.value, a.unit.as_deref()))),
                })
                .collect(),
            verdict: s.verdict,
        })
        .collect();
    Ok(RoundFacts {
        ledger_id: ledger.ledger_id,
        ledger_title: ledger.title.clone(),
        round: info(round),
        previous: index.checked_sub(1).map(|i| info(&ledger.rounds[i])),
        sheets: ledger.sheets.clone(),
        tasks,
        returns,
        indicators,
    })
}

/// The facts of one round as of `today` (which decides who is missing rather than pending).
pub fn round_facts(store: &Store, round_id: i64, today: NaiveDate) -> Result<RoundFacts> {
    let round = store.read().round(round_id)?;
    let ledger = load(store, round.ledger_id)?;
    let index = ledger.rounds.iter().position(|r| r.round_id == round_id).unwrap_or_default();
    facts_at(store, &ledger, index, today, Texts::Read)
}

/// The facts of every round of a ledger that `keep` accepts, oldest first, without the texts the
/// units reported (each task's `reports` is empty).
pub fn ledger_round_facts(
    store: &Store,
    ledger_id: i64,
    today: NaiveDate,
    keep: impl Fn(&RoundRow) -> bool,
) -> Result<Vec<RoundFacts>> {
    store.read().require_ledger(ledger_id)?;
    let ledger = load(store, ledger_id)?;
    (0..ledger.rounds.len())
        .filter(|&i| keep(&ledger.rounds[i]))
        .map(|i| facts_at(store, &ledger, i, today, Texts::Skip))
        .collect()
}

/// One round on the trend: task counts at its end and how the units returned it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundPoint {
    /// The round.
    pub round_id: i64,
    /// Its label.
    pub label: String,
    /// Its due date.
    pub due: NaiveDate,
    /// Tasks of the ledger.
    pub tasks: usize,
    /// Tasks 已完成 at the end of the round.
    pub completed: usize,
    /// Tasks past their deadline on the due date and not 已完成.
    pub overdue: usize,
    /// Units the round was sent to.
    pub expected: usize,
    /// Units that returned by the due date.
    pub on_time: usize,
    /// Units that returned after it.
    pub late: usize,
    /// Units that have not returned.
    pub not_returned: usize,
}

impl RoundPoint {
    /// The point of one round's facts.
    pub fn of(facts: &RoundFacts) -> RoundPoint {
        let count = |s: ReturnState| facts.returns.iter().filter(|r| r.state == s).count();
        RoundPoint {
            round_id: facts.round.round_id,
            label: facts.round.label.clone(),
            due: facts.round.due,
            tasks: facts.tasks.len(),
            completed: facts.tasks.iter().filter(|t| t.is_done()).count(),
            overdue: facts.tasks.iter().filter(|t| t.overdue_on(facts.round.due)).count(),
            expected: facts.returns.len(),
            on_time: count(ReturnState::OnTime),
            late: count(ReturnState::Late),
            not_returned: count(ReturnState::Missing) + count(ReturnState::Pending),
        }
    }
}

/// The trend of a ledger over its rounds (oldest first), as of `today`.
pub fn round_trend(store: &Store, ledger_id: i64, today: NaiveDate) -> Result<Vec<RoundPoint>> {
    Ok(ledger_round_facts(store, ledger_id, today, |_| true)?.iter().map(RoundPoint::of).collect())
}
