//! Reporting schedules and rounds.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::calendar::WorkCalendar;
use crate::dates::schedule::Schedule;
use crate::store::{Change, RoundRow, Store};
use crate::{Error, Result};

/// What setting a schedule did.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleReport {
    /// The ledger.
    pub ledger_id: i64,
    /// The schedule.
    pub schedule: Schedule,
    /// The schedule in Chinese.
    pub description: String,
}

/// Sets a ledger's reporting schedule from a phrase as the notices write it ("每月10日和25日",
/// "每季度结束后5个工作日内") or from its JSON form.
pub fn set_schedule(store: &mut Store, ledger_id: i64, text: &str) -> Result<ScheduleReport> {
    let schedule = Schedule::from_text(text)
        .or_else(|| serde_json::from_str(text).ok())
        .ok_or_else(|| Error::BadSchedule(text.to_string()))?;
    let json = serde_json::to_string(&schedule).unwrap_or_default();
    store.write(|w| {
        let old = w.set_ledger_schedule(ledger_id, Some(&json))?;
        let batch = w.begin_batch("schedule", "手工设置", None, &format!("设置报送周期：{}", schedule.describe()))?;
        w.record_change(
            batch,
            &Change {
                entity: "ledger".into(),
                entity_id: ledger_id,
                field: Some("schedule".into()),
                old_value: old,
                new_value: Some(json.clone()),
            },
        )?;
        Ok(())
    })?;
    Ok(ScheduleReport { ledger_id, description: schedule.describe(), schedule })
}

/// Starts a round. Without `due`, the ledger's schedule gives the period whose report is due
/// next on or after `today` (China's working-day calendar applied), and its label unless one is
/// given.
pub fn new_round(
    store: &mut Store,
    ledger_id: i64,
    label: Option<&str>,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<RoundRow> {
    let (_, _, schedule) = store.read().ledger_info(ledger_id)?;
    let (label, period, due) = match due {
        Some(due) => (label.map(str::to_string), None, due),
        None => {
            let schedule: Schedule = schedule
                .and_then(|s| serde_json::from_str(&s).ok())
                .ok_or_else(|| Error::NoDueDate { label: label.unwrap_or("新期次").to_string() })?;
            let period = schedule
                .period_containing(today, &WorkCalendar::bundled())
                .ok_or_else(|| Error::NoDueDate { label: label.unwrap_or("新期次").to_string() })?;
            (Some(label.map_or(period.label.clone(), str::to_string)), Some((period.start, period.end)), period.due)
        }
    };
    let label = label.unwrap_or_else(|| format!("{}报送", crate::dates::format::chinese_date(due)));
    let round_id = store.write(|w| {
        let id = w.insert_round(ledger_id, &label, period, due)?;
        let batch = w.begin_batch("round", "手工创建", None, &format!("新建报送期次“{label}”"))?;
        w.record_change(
            batch,
            &Change {
                entity: "round".into(),
                entity_id: id,
                field: None,
                old_value: None,
                new_value: Some(label.clone()),
            },
        )?;
        Ok(id)
    })?;
    store.read().round(round_id)
}

/// A ledger's reporting schedule as last set, if any (for showing it again).
pub fn ledger_schedule(store: &Store, ledger_id: i64) -> Result<Option<ScheduleReport>> {
    let (_, _, json) = store.read().ledger_info(ledger_id)?;
    Ok(json.and_then(|j| serde_json::from_str::<Schedule>(&j).ok()).map(|schedule| ScheduleReport {
        ledger_id,
        description: schedule.describe(),
        schedule,
    }))
}
