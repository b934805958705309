//! Who has returned a round, who is late, who is missing, and the 催报 text for the missing.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::format::chinese_date;
use crate::store::{ReturnRow, Store};
use crate::Result;

/// Where a unit stands in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitState {
    /// Returned by the due date.
    Returned,
    /// Returned after the due date.
    Late,
    /// Not returned, due date not yet passed.
    Pending,
    /// Not returned and the due date has passed.
    Missing,
}

impl UnitState {
    /// The state in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            UnitState::Returned => "已报送",
            UnitState::Late => "迟报",
            UnitState::Pending => "未报送",
            UnitState::Missing => "逾期未报",
        }
    }
}

/// One unit's line in the round status.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRoundStatus {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub unit: String,
    /// Where it stands.
    pub state: UnitState,
    /// Its newest file (by the department's save time), when it returned any.
    pub file: Option<String>,
    /// When its first file was collected (which decides whether it returned in time).
    pub received_at: Option<String>,
    /// How many files it returned in this round (a correction or a partial re-send adds one).
    pub files: usize,
}

/// The state of a round.
#[derive(Debug, Clone, Serialize)]
pub struct RoundStatus {
    /// The round.
    pub round_id: i64,
    /// Its label.
    pub label: String,
    /// The ledger's title.
    pub ledger_title: String,
    /// The due date.
    pub due: NaiveDate,
    /// The day the status is taken.
    pub today: NaiveDate,
    /// Every unit the round expects, in ledger order.
    pub units: Vec<UnitRoundStatus>,
    /// How many returned in time.
    pub returned: usize,
    /// How many returned late.
    pub late: usize,
    /// How many have not returned (pending or missing).
    pub not_returned: usize,
    /// A ready-to-send 催报 notice naming the units that have not returned, if any.
    pub reminder: Option<String>,
}

/// The status of a round on `today`. The units expected are those the round's files were sent
/// to, or, before any export, every unit with tasks in the ledger.
pub fn round_status(store: &Store, round_id: i64, today: NaiveDate) -> Result<RoundStatus> {
    let read = store.read();
    let round = read.round(round_id)?;
    let (title, _, _) = read.ledger_info(round.ledger_id)?;
    let mut expected: Vec<(i64, String)> = read.round_units(round_id)?.into_iter().map(|(id, n, _)| (id, n)).collect();
    if expected.is_empty() {
        for link in read.unit_tasks(round.ledger_id)? {
            if !expected.iter().any(|(id, _)| *id == link.unit_id) {
                expected.push((link.unit_id, link.unit_name));
            }
        }
    }
    let returns = read.returns(round_id)?;
    let units: Vec<UnitRoundStatus> = expected
        .into_iter()
        .map(|(unit_id, unit)| {
            let mine: Vec<&ReturnRow> = returns.iter().filter(|r| r.unit_id == unit_id).collect();
            let newest = mine.iter().max_by(|a, b| (&a.file_time, a.return_id).cmp(&(&b.file_time, b.return_id)));
            let first = mine.iter().map(|r| r.received_at.as_str()).min();
            let received = first.and_then(|at| NaiveDate::parse_from_str(at.get(..10)?, "%Y-%m-%d").ok());
            let state = match received {
                Some(day) if day <= round.due => UnitState::Returned,
                Some(_) => UnitState::Late,
                None if today > round.due => UnitState::Missing,
                None => UnitState::Pending,
            };
            UnitRoundStatus {
                unit_id,
                unit,
                state,
                file: newest.map(|r| r.file_name.clone()),
                received_at: first.map(str::to_string),
                files: mine.len(),
            }
        })
        .collect();
    let count = |s: &[UnitState]| units.iter().filter(|u| s.contains(&u.state)).count();
    let missing: Vec<&str> = units
        .iter()
        .filter(|u| matches!(u.state, UnitState::Pending | UnitState::Missing))
        .map(|u| u.unit.as_str())
        .collect();
    let reminder = (!missing.is_empty()).then(|| reminder_text(&title, &round.label, round.due, today, &missing));
    Ok(RoundStatus {
        round_id,
        label: round.label.clone(),
        ledger_title: title,
        due: round.due,
        today,
        returned: count(&[UnitState::Returned]),
        late: count(&[UnitState::Late]),
        not_returned: missing.len(),
        units,
        reminder,
    })
}

/// The 催报 notice.
fn reminder_text(title: &str, label: &str, due: NaiveDate, today: NaiveDate, missing: &[&str]) -> String {
    let ask = if today > due {
        "报送时间已过，请以上单位于收到本通知后尽快报送，并说明迟报原因。".to_string()
    } else {
        format!("请以上单位抓紧填报，于{}前报送。", chinese_date(due))
    };
    format!(
        "关于报送《{title}》{label}进展情况的提醒\n\n各有关单位：\n《{title}》{label}进展情况的报送截止时间为{}。截至{}，以下 {} 个单位尚未报送：\n{}。\n{ask}\n",
        chinese_date(due),
        chinese_date(today),
        missing.len(),
        missing.join("、"),
    )
}
