//! A ledger's quantified targets (指标): listing them with what the units reported and whether
//! each is met, and correcting what the import extracted. Corrections are logged and undoable.

use serde::{Deserialize, Serialize};

use crate::indicators::{self, parse_comparator, StoredIndicator, Verdict};
use crate::store::{Change, IndicatorValue, Reader, Store};
use crate::{Error, Result};

/// An indicator with its actual values and verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorStatus {
    /// The indicator as stored.
    #[serde(flatten)]
    pub stored: StoredIndicator,
    /// The target in one text: "≥ 150 亿元".
    pub target_text: String,
    /// The latest actual value of each unit that reported one (with a round: in that round;
    /// without: across rounds, the newest round's value per unit), in the order received.
    pub actuals: Vec<IndicatorValue>,
    /// The actual value the verdict is on (the newest one), as "52.3亿元".
    pub actual_text: Option<String>,
    /// Whether the target is met.
    pub verdict: Verdict,
    /// The verdict in Chinese: 达标, 未达标, 未报, 无法比较.
    pub verdict_label: String,
}

/// Corrections to an indicator; fields left `None` stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEdit {
    /// The metric text.
    pub metric: Option<String>,
    /// ≥, ≤ or = (also ge, le, eq, >=, <=).
    pub comparator: Option<String>,
    /// The target value.
    pub target: Option<f64>,
    /// The unit (亿元, 万元, 户, 家, %, 个百分点, 倍 …).
    pub unit: Option<String>,
    /// The baseline value (`clear` with "baseline" removes it).
    pub baseline: Option<f64>,
    /// When the baseline was measured ("2021年底").
    pub baseline_date: Option<String>,
    /// The period (全年, 每年, 到2024年 …).
    pub period: Option<String>,
    /// Place the indicator on this task of the same ledger.
    pub task_id: Option<i64>,
    /// Fields to clear: baseline, baseline_date, period, task_id (makes it ledger-level).
    #[serde(default)]
    pub clear: Vec<String>,
    /// `true`: it is no target (a grant ceiling, a scope …) — left out of the lists, unit files
    /// and the summary; `false` puts it back.
    pub removed: Option<bool>,
}

/// Every indicator of a ledger with its actual values and verdict; `round_id` limits the values
/// to one round.
pub fn indicator_statuses(store: &Store, ledger_id: i64, round_id: Option<i64>) -> Result<Vec<IndicatorStatus>> {
    statuses(&store.read(), ledger_id, round_id)
}

pub(crate) fn statuses(read: &Reader<'_>, ledger_id: i64, round_id: Option<i64>) -> Result<Vec<IndicatorStatus>> {
    read.require_ledger(ledger_id)?;
    if let Some(id) = round_id {
        read.round(id)?;
    }
    let values = read.indicator_values(ledger_id, round_id)?;
    Ok(read
        .indicators(ledger_id)?
        .into_iter()
        .map(|stored| {
            // Oldest round first: a later value of the same unit replaces the earlier one.
            let mut actuals: Vec<IndicatorValue> = Vec::new();
            for v in values.iter().filter(|v| v.indicator_id == stored.indicator_id) {
                actuals.retain(|a| a.unit_id != v.unit_id);
                actuals.push(v.clone());
            }
            // The last pushed is the newest: latest round (by due date), then latest received.
            let newest = actuals.last();
            let verdict = indicators::verdict(&stored.indicator, newest.map(|a| (a.value, a.unit.as_deref())));
            IndicatorStatus {
                target_text: indicators::target_text(&stored.indicator),
                actual_text: newest.map(|a| {
                    format!(
                        "{}{}",
                        indicators::number_text(a.value),
                        a.unit.as_deref().unwrap_or(&stored.indicator.unit)
                    )
                }),
                verdict_label: verdict.label().to_string(),
                verdict,
                actuals,
                stored,
            }
        })
        .collect())
}

/// Applies corrections to an indicator in one transaction, one logged change per field, with
/// `source` (e.g. "命令行修改"); returns the batch id, or `None` when nothing changed.
pub fn edit_indicator(store: &mut Store, indicator_id: i64, edit: &IndicatorEdit, source: &str) -> Result<Option<i64>> {
    store.write(|w| {
        let current = w.indicator(indicator_id)?;
        let mut fields: Vec<(&str, Option<String>)> = Vec::new();
        if let Some(metric) = &edit.metric {
            if metric.trim().is_empty() {
                return Err(Error::BadIndicatorEdit("指标名称不能为空".into()));
            }
            fields.push(("metric", Some(metric.trim().to_string())));
        }
        if let Some(c) = &edit.comparator {
            let key = parse_comparator(c)
                .ok_or_else(|| Error::BadIndicatorEdit(format!("比较方式“{c}”不认识，请写 ≥、≤ 或 =")))?;
            fields.push(("comparator", Some(key.to_string())));
        }
        for (name, value) in [("target", edit.target), ("baseline", edit.baseline)] {
            if let Some(v) = value {
                if !v.is_finite() {
                    return Err(Error::BadIndicatorEdit(format!("{v} 不是有效的数字")));
                }
                fields.push((name, Some(indicators::number_text(v))));
            }
        }
        if let Some(unit) = &edit.unit {
            if unit.trim().is_empty() {
                return Err(Error::BadIndicatorEdit("单位不能为空（如 亿元、%、户）".into()));
            }
            fields.push(("unit", Some(unit.trim().replace('％', "%"))));
        }
        for (name, value) in [("baseline_date", &edit.baseline_date), ("period", &edit.period)] {
            if let Some(v) = value {
                fields.push((name, Some(v.trim().to_string())));
            }
        }
        if let Some(task_id) = edit.task_id {
            let ledger_of_task = w.tasks(current.ledger_id)?.iter().any(|t| t.task_id == task_id);
            if !ledger_of_task {
                return Err(Error::BadIndicatorEdit(format!(
                    "任务 {task_id} 不在指标所属的台账中；请用 tasks {} 查看任务编号",
                    current.ledger_id
                )));
            }
            fields.push(("task_id", Some(task_id.to_string())));
        }
        if let Some(removed) = edit.removed {
            fields.push(("removed", Some(if removed { "1" } else { "0" }.to_string())));
        }
        for name in &edit.clear {
            if !["baseline", "baseline_date", "period", "task_id"].contains(&name.as_str()) {
                return Err(Error::BadIndicatorEdit(format!(
                    "“{name}”不能清空；可清空的有 baseline、baseline_date、period、task_id"
                )));
            }
            fields.push((name.as_str(), None));
        }
        let mut changes = Vec::new();
        for (field, value) in fields {
            let old = w.set_indicator_field(indicator_id, field, value.as_deref())?;
            if old != value {
                changes.push(Change {
                    entity: "indicator".into(),
                    entity_id: indicator_id,
                    field: Some(field.to_string()),
                    old_value: old,
                    new_value: value,
                });
            }
        }
        if changes.is_empty() {
            return Ok(None);
        }
        let verb = if edit.removed == Some(true) { "删除" } else { "修改" };
        let summary = format!("{verb}指标 {indicator_id}（{}）", current.indicator.metric);
        let batch = w.begin_batch("edit", source, None, &summary)?;
        for change in &changes {
            w.record_change(batch, change)?;
        }
        Ok(Some(batch))
    })
}
