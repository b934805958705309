//! What one reporting round amounts to, as plain data: each task's status at the end of the round
//! and of the previous one, what each unit reported, who returned on time, late or not at all,
//! and the indicators' values. The service gathers it from the store; the progress report
//! ([`crate::report`]) and the 考核 ([`crate::assessment`]) are pure functions of it.

pub mod timeline;

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::overdue::DONE;

/// A round as the report and the scores name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundInfo {
    /// The round's id.
    pub round_id: i64,
    /// Its label (第1期, 2024年第3季度).
    pub label: String,
    /// The first day of the period reported on, when known.
    pub period_start: Option<NaiveDate>,
    /// The last day of that period, when known.
    pub period_end: Option<NaiveDate>,
    /// The due date of the returns.
    pub due: NaiveDate,
}

/// Which fill-in column a reported text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    /// 进展情况 / 双周进展情况.
    Progress,
    /// 存在问题.
    Problems,
    /// 下一步工作计划.
    NextPlan,
}

/// A text a unit reported for a task in the round, exactly as returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedText {
    /// The unit that reported it.
    pub unit: String,
    /// The column it was written in.
    pub kind: TextKind,
    /// The text.
    pub text: String,
}

/// One task as it stood at the end of the round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskFact {
    /// The task's id.
    pub task_id: i64,
    /// Its worksheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// Its category path, outermost first.
    pub category: Vec<String>,
    /// The measure text.
    pub measure: String,
    /// Lead units.
    pub lead_units: Vec<String>,
    /// Co-operating units.
    pub co_units: Vec<String>,
    /// The deadline's due date, when it has one.
    pub due: Option<NaiveDate>,
    /// The status at the end of the round.
    pub status: Option<String>,
    /// The status at the end of the previous round (at the start of this one for a first
    /// round).
    pub previous_status: Option<String>,
    /// The day it was last marked 已完成 on record, when it is 已完成.
    pub completed_on: Option<NaiveDate>,
    /// What the units reported for it in this round (blank texts left out), in return order.
    pub reports: Vec<ReportedText>,
}

impl TaskFact {
    /// The units answerable for the task: its lead units, or every unit when it names no lead.
    pub fn responsible(&self) -> &[String] {
        if self.lead_units.is_empty() {
            &self.co_units
        } else {
            &self.lead_units
        }
    }

    /// Whether the task is 已完成 at the end of the round.
    pub fn is_done(&self) -> bool {
        self.status.as_deref() == Some(DONE)
    }

    /// Whether it is past its due date on `day` and not 已完成 (at the end of the round).
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        !self.is_done() && self.due.is_some_and(|due| due < day)
    }

    /// Whether it was past its due date on `day` and not 已完成 at the end of the previous round.
    pub fn was_overdue_on(&self, day: NaiveDate) -> bool {
        self.previous_status.as_deref() != Some(DONE) && self.due.is_some_and(|due| due < day)
    }
}

/// Whether a unit returned the round, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnState {
    /// Returned by the due date.
    OnTime,
    /// Returned after the due date.
    Late,
    /// Not returned; the due date has not passed yet.
    Pending,
    /// Not returned and the due date has passed.
    Missing,
}

/// A unit the round was sent to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitReturn {
    /// The unit.
    pub unit: String,
    /// Whether and when it returned.
    pub state: ReturnState,
    /// When its current return was collected ("YYYY-MM-DD HH:MM:SS").
    pub received_at: Option<String>,
}

/// One actual value of an indicator reported in the round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValueFact {
    /// The unit that reported it.
    pub unit: String,
    /// The value with its unit, "52.3亿元".
    pub text: String,
    /// 达标, 未达标 or 无法比较.
    pub verdict: crate::indicators::Verdict,
}

/// An indicator of the ledger with the values reported in the round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorFact {
    /// The indicator's id.
    pub indicator_id: i64,
    /// The 序号 of its task; none for a target of the plan itself.
    pub seq: Option<String>,
    /// The metric text.
    pub metric: String,
    /// The target, "≥ 100 亿元".
    pub target: String,
    /// The values reported in the round, one per unit, in the order received.
    pub values: Vec<IndicatorValueFact>,
    /// The verdict on the newest value (未报 when none).
    pub verdict: crate::indicators::Verdict,
}

/// Everything the report and the scores of one round are made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundFacts {
    /// The ledger.
    pub ledger_id: i64,
    /// Its title.
    pub ledger_title: String,
    /// The round.
    pub round: RoundInfo,
    /// The round before it (by due date), if any.
    pub previous: Option<RoundInfo>,
    /// The ledger's sheets, in order.
    pub sheets: Vec<String>,
    /// Every task, in ledger order.
    pub tasks: Vec<TaskFact>,
    /// Every unit the round was sent to, in ledger order.
    pub returns: Vec<UnitReturn>,
    /// The ledger's indicators with this round's values.
    pub indicators: Vec<IndicatorFact>,
}

impl RoundFacts {
    /// The units in a return state, in order.
    pub fn units_in(&self, state: ReturnState) -> Vec<&str> {
        self.returns.iter().filter(|r| r.state == state).map(|r| r.unit.as_str()).collect()
    }
}

/// A small round for the unit tests of the report and the scores: three units (甲局 on time,
/// 乙局 late, 丙局 missing), three tasks in two categories, one indicator met.
#[cfg(test)]
pub(crate) fn sample() -> RoundFacts {
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2022, m, d).expect("date");
    let task =
        |id: i64, seq: &str, category: &str, lead: &str, due: Option<NaiveDate>, before: &str, now: &str| TaskFact {
            task_id: id,
            sheet: "全面清单".into(),
            seq: seq.into(),
            category: vec![category.into()],
            measure: format!("措施{seq}"),
            lead_units: vec![lead.into()],
            co_units: Vec::new(),
            due,
            status: Some(now.into()),
            previous_status: Some(before.into()),
            completed_on: (now == "已完成").then(|| day(4, 20)),
            reports: Vec::new(),
        };
    let mut tasks = vec![
        task(1, "1", "提高信用贷款占比", "甲局", Some(day(6, 30)), "推进中", "已完成"),
        task(2, "2", "提高信用贷款占比", "乙局", Some(day(3, 31)), "推进中", "推进中"),
        task(3, "3", "加强融资担保机构建设", "丙局", None, "长期坚持", "长期坚持"),
    ];
    tasks[0].reports.push(ReportedText {
        unit: "甲局".into(),
        kind: TextKind::Progress,
        text: "已完成首贷中心建设。".into(),
    });
    tasks[0]
        .reports
        .push(ReportedText { unit: "甲局".into(), kind: TextKind::Problems, text: "人员不足".into() });
    tasks[1].reports.push(ReportedText {
        unit: "乙局".into(),
        kind: TextKind::Progress,
        text: "正在对接\n银行机构。".into(),
    });
    tasks[1].reports.push(ReportedText {
        unit: "乙局".into(),
        kind: TextKind::NextPlan,
        text: "5月底前出台方案".into(),
    });
    RoundFacts {
        ledger_id: 1,
        ledger_title: "示例台账".into(),
        round: RoundInfo {
            round_id: 2,
            label: "第2期".into(),
            period_start: Some(day(4, 11)),
            period_end: Some(day(4, 25)),
            due: day(4, 25),
        },
        previous: Some(RoundInfo {
            round_id: 1,
            label: "第1期".into(),
            period_start: None,
            period_end: None,
            due: day(4, 10),
        }),
        sheets: vec!["全面清单".into()],
        tasks,
        returns: vec![
            UnitReturn {
                unit: "甲局".into(),
                state: ReturnState::OnTime,
                received_at: Some("2022-04-20 10:00:00".into()),
            },
            UnitReturn {
                unit: "乙局".into(),
                state: ReturnState::Late,
                received_at: Some("2022-04-27 10:00:00".into()),
            },
            UnitReturn { unit: "丙局".into(), state: ReturnState::Missing, received_at: None },
        ],
        indicators: vec![IndicatorFact {
            indicator_id: 9,
            seq: Some("1".into()),
            metric: "新增贷款".into(),
            target: "≥ 100 亿元".into(),
            values: vec![IndicatorValueFact {
                unit: "甲局".into(),
                text: "120亿元".into(),
                verdict: crate::indicators::Verdict::Met,
            }],
            verdict: crate::indicators::Verdict::Met,
        }],
    }
}
