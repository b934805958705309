//! Scores from a round's facts and the ledger's rules. Every point comes from one event — a
//! return on time, late or missing, a task completed by its deadline, a task overdue, an
//! indicator value meeting or missing its target — recorded with its unit, round, points and a
//! reason naming the task or indicator, so every total can be explained.

use chrono::NaiveDate;
use serde::Serialize;

use super::rules::ScoreRules;
use crate::dates::format::chinese_date;
use crate::indicators::Verdict;
use crate::round_facts::{ReturnState, RoundFacts};

/// What earned or cost points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Returned by the due date.
    OnTime,
    /// Returned after the due date.
    Late,
    /// Not returned, due date passed.
    Missing,
    /// A task marked 已完成 in the round, by its deadline.
    Completed,
    /// A task past its deadline and not 已完成.
    Overdue,
    /// An indicator value meeting its target.
    TargetMet,
    /// An indicator value missing its target.
    TargetMissed,
}

impl EventKind {
    /// The rule that prices it.
    pub fn rule_key(self) -> &'static str {
        match self {
            EventKind::OnTime => "on_time",
            EventKind::Late => "late",
            EventKind::Missing => "missing",
            EventKind::Completed => "completed",
            EventKind::Overdue => "overdue",
            EventKind::TargetMet => "target_met",
            EventKind::TargetMissed => "target_missed",
        }
    }

    /// Its name in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::OnTime => "按时报送",
            EventKind::Late => "迟报",
            EventKind::Missing => "逾期未报送",
            EventKind::Completed => "按期完成任务",
            EventKind::Overdue => "逾期未完成任务",
            EventKind::TargetMet => "指标达标",
            EventKind::TargetMissed => "指标未达标",
        }
    }
}

/// One scored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreEvent {
    /// The round.
    pub round_id: i64,
    /// Its label.
    pub round_label: String,
    /// The unit scored.
    pub unit: String,
    /// What happened.
    pub kind: EventKind,
    /// Its name in Chinese.
    pub label: String,
    /// The points it gave (negative: deducted).
    pub points: f64,
    /// Why, naming the dates, task or indicator.
    pub reason: String,
    /// The task, for task events.
    pub task_id: Option<i64>,
    /// The indicator, for indicator events.
    pub indicator_id: Option<i64>,
}

/// Whether a unit lands on the 表扬 or the 提醒 list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Average per round at or above the 表扬 line (units with scored events only).
    Praise,
    /// Average per round at or below the 提醒 line.
    Remind,
    /// Neither.
    Neutral,
}

impl Standing {
    /// 表扬, 提醒 or "".
    pub fn label(self) -> &'static str {
        match self {
            Standing::Praise => "表扬",
            Standing::Remind => "提醒",
            Standing::Neutral => "",
        }
    }
}

/// One unit's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitScore {
    /// Its place (units with equal totals share one).
    pub rank: usize,
    /// The unit.
    pub unit: String,
    /// The sum of its events' points.
    pub total: f64,
    /// The rounds it was sent (at least 1).
    pub rounds: usize,
    /// Total per round.
    pub average: f64,
    /// 表扬, 提醒 or neither.
    pub standing: Standing,
    /// Every event that scored, round by round.
    pub events: Vec<ScoreEvent>,
}

/// The scores of a round or of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreBoard {
    /// What is scored: the round's label, or "2022年度".
    pub scope: String,
    /// The rounds counted, oldest first.
    pub round_ids: Vec<i64>,
    /// The rules applied.
    pub rules: ScoreRules,
    /// Every unit, best first.
    pub units: Vec<UnitScore>,
    /// The units to praise, best first.
    pub praise: Vec<String>,
    /// The units to remind, lowest first.
    pub remind: Vec<String>,
}

/// The events of one round.
pub fn round_events(facts: &RoundFacts, rules: &ScoreRules) -> Vec<ScoreEvent> {
    let round = &facts.round;
    let mut events = Vec::new();
    let mut push = |unit: &str, kind: EventKind, reason: String, task_id: Option<i64>, indicator_id: Option<i64>| {
        let points = rules.get(kind.rule_key()).unwrap_or(0.0);
        if points != 0.0 {
            events.push(ScoreEvent {
                round_id: round.round_id,
                round_label: round.label.clone(),
                unit: unit.to_string(),
                kind,
                label: kind.label().to_string(),
                points,
                reason,
                task_id,
                indicator_id,
            });
        }
    };
    let due = chinese_date(round.due);
    for r in &facts.returns {
        let received = r
            .received_at
            .as_deref()
            .and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
            .map_or_else(String::new, chinese_date);
        match r.state {
            ReturnState::OnTime => {
                push(&r.unit, EventKind::OnTime, format!("{received}报送，截止日期{due}"), None, None)
            }
            ReturnState::Late => push(&r.unit, EventKind::Late, format!("{received}才报送，截止日期{due}"), None, None),
            ReturnState::Missing => push(&r.unit, EventKind::Missing, format!("截止日期{due}已过，未报送"), None, None),
            ReturnState::Pending => {}
        }
    }
    for task in &facts.tasks {
        let deadline = task.due.map_or_else(|| "无具体日期".to_string(), chinese_date);
        let newly_done = task.is_done() && task.previous_status.as_deref() != Some("已完成");
        let done_on = task.completed_on.unwrap_or(round.due);
        if newly_done && task.due.is_none_or(|d| done_on <= d) {
            let reason =
                format!("序号{}本期完成（{}标记为已完成，完成时限{deadline}）", task.seq, chinese_date(done_on));
            for unit in task.responsible() {
                push(unit, EventKind::Completed, reason.clone(), Some(task.task_id), None);
            }
        }
        if task.overdue_on(round.due) {
            let now = task.status.as_deref().map_or_else(|| "仍未填写完成状态".to_string(), |s| format!("仍为“{s}”"));
            let reason = format!("序号{}完成时限{deadline}已过，截至{due}{now}", task.seq);
            for unit in task.responsible() {
                push(unit, EventKind::Overdue, reason.clone(), Some(task.task_id), None);
            }
        }
    }
    for indicator in &facts.indicators {
        for value in &indicator.values {
            let kind = match value.verdict {
                Verdict::Met => EventKind::TargetMet,
                Verdict::NotMet => EventKind::TargetMissed,
                _ => continue,
            };
            let reason = format!("“{}”报送{}，目标{}", indicator.metric, value.text, indicator.target);
            push(&value.unit, kind, reason, None, Some(indicator.indicator_id));
        }
    }
    events
}

/// The index of a unit's line, added (with nothing scored yet) when it has none.
fn line(units: &mut Vec<UnitScore>, unit: &str) -> usize {
    if let Some(i) = units.iter().position(|u| u.unit == unit) {
        return i;
    }
    units.push(UnitScore {
        rank: 0,
        unit: unit.to_string(),
        total: 0.0,
        rounds: 0,
        average: 0.0,
        standing: Standing::Neutral,
        events: Vec::new(),
    });
    units.len() - 1
}

/// The score board of `rounds` (one round, or a year's), scope named `scope`.
pub fn score_board(scope: &str, rounds: &[RoundFacts], rules: &ScoreRules) -> ScoreBoard {
    let mut units: Vec<UnitScore> = Vec::new();
    for facts in rounds {
        for r in &facts.returns {
            let i = line(&mut units, &r.unit);
            units[i].rounds += 1;
        }
        for event in round_events(facts, rules) {
            let i = line(&mut units, &event.unit);
            units[i].total += event.points;
            units[i].events.push(event);
        }
    }
    for u in &mut units {
        u.total = (u.total * 100.0).round() / 100.0;
        u.rounds = u.rounds.max(1);
        u.average = (u.total / u.rounds as f64 * 100.0).round() / 100.0;
        // A unit with nothing scored (its due date not passed yet) is on neither list.
        u.standing = if u.events.is_empty() {
            Standing::Neutral
        } else if u.average >= rules.praise_at {
            Standing::Praise
        } else if u.average <= rules.remind_at {
            Standing::Remind
        } else {
            Standing::Neutral
        };
    }
    // Best first; equal totals keep the ledger's unit order and share a rank.
    units.sort_by(|a, b| b.total.total_cmp(&a.total));
    for i in 0..units.len() {
        units[i].rank = if i > 0 && units[i].total == units[i - 1].total { units[i - 1].rank } else { i + 1 };
    }
    let praise = units.iter().filter(|u| u.standing == Standing::Praise).map(|u| u.unit.clone()).collect();
    let remind = units.iter().rev().filter(|u| u.standing == Standing::Remind).map(|u| u.unit.clone()).collect();
    ScoreBoard {
        scope: scope.to_string(),
        round_ids: rounds.iter().map(|r| r.round.round_id).collect(),
        rules: *rules,
        units,
        praise,
        remind,
    }
}
