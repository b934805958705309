//! The numbers behind the consolidated ledger's charts: each unit's tasks by status (逾期
//! where the deadline passed) and how the units returned each round up to the one exported.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::export::{RoundReturns, SummaryCharts, UnitStatusCounts, STATUS_SERIES};
use crate::model::TaskView;
use crate::service::round_status::{round_status, UnitState};
use crate::store::{Store, UnitTask};
use crate::Result;

/// The charts' numbers: `rounds` from [`round_returns`]; `tasks` carry the status the
/// consolidated ledger shows (逾期 included), `links` are the ledger's unit links in order.
pub(crate) fn summary_charts(rounds: Vec<RoundReturns>, tasks: &[TaskView], links: &[UnitTask]) -> SummaryCharts {
    let status_of: HashMap<i64, Option<&str>> = tasks.iter().map(|t| (t.task_id, t.status.as_deref())).collect();
    let mut units: Vec<UnitStatusCounts> = Vec::new();
    for link in links {
        let Some(status) = status_of.get(&link.task_id) else { continue };
        let column =
            STATUS_SERIES.iter().position(|(name, _)| Some(*name) == *status).unwrap_or(STATUS_SERIES.len() - 1);
        let line = match units.iter().position(|u| u.unit == link.unit_name) {
            Some(i) => &mut units[i],
            None => {
                units.push(UnitStatusCounts { unit: link.unit_name.clone(), counts: [0; 6] });
                units.last_mut().expect("pushed above")
            }
        };
        line.counts[column] += 1;
    }
    SummaryCharts { units, rounds }
}

/// How the units returned each round, counted up to `round_id` (all when `None`), as of `today`.
pub(crate) fn round_returns(
    store: &Store,
    ledger_id: i64,
    round_id: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<RoundReturns>> {
    let mut rounds = Vec::new();
    for round in store.read().rounds(ledger_id)? {
        let status = round_status(store, round.round_id, today)?;
        let count = |states: &[UnitState]| status.units.iter().filter(|u| states.contains(&u.state)).count();
        rounds.push(RoundReturns {
            label: round.label.clone(),
            counts: [
                count(&[UnitState::Returned]),
                count(&[UnitState::Late]),
                count(&[UnitState::Pending, UnitState::Missing]),
            ],
        });
        if Some(round.round_id) == round_id {
            break;
        }
    }
    Ok(rounds)
}
