//! The scoring rules of a ledger's 考核: points per event and the thresholds of the 通报's
//! 表扬 and 提醒 lists. Defaults are stated here (and shown in the app); the clerk sets them per
//! ledger (stored as ledger settings "score.<key>").

use serde::{Deserialize, Serialize};

use crate::indicators::number_text;

/// One rule: its key, what it scores, and its default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RuleSpec {
    /// Stable key ("on_time"); stored as "score.on_time".
    pub key: &'static str,
    /// What it is, in Chinese.
    pub label: &'static str,
    /// The default.
    pub default: f64,
}

/// Every rule in the order the app and the notice list them.
pub const RULES: [RuleSpec; 9] = [
    RuleSpec { key: "on_time", label: "按时报送（每期）", default: 2.0 },
    RuleSpec { key: "late", label: "迟报（每期）", default: -1.0 },
    RuleSpec { key: "missing", label: "逾期未报送（每期）", default: -3.0 },
    RuleSpec { key: "completed", label: "按期完成任务（每项）", default: 1.0 },
    RuleSpec { key: "overdue", label: "逾期未完成任务（每期每项）", default: -1.0 },
    RuleSpec { key: "target_met", label: "量化指标达标（每项）", default: 1.0 },
    RuleSpec { key: "target_missed", label: "量化指标未达标（每项）", default: 0.0 },
    RuleSpec { key: "praise_at", label: "表扬线：平均每期得分不低于", default: 3.0 },
    RuleSpec { key: "remind_at", label: "提醒线：平均每期得分不高于", default: 0.0 },
];

/// The prefix of the rules' ledger-setting keys.
pub const SETTING_PREFIX: &str = "score.";

/// A ledger's rules.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScoreRules {
    /// Points for a return by the due date.
    pub on_time: f64,
    /// Points for a return after the due date.
    pub late: f64,
    /// Points for no return once the due date has passed.
    pub missing: f64,
    /// Points per task marked 已完成 in the round, by its deadline.
    pub completed: f64,
    /// Points per task past its deadline and not 已完成, each round.
    pub overdue: f64,
    /// Points per indicator value meeting its target.
    pub target_met: f64,
    /// Points per indicator value missing its target.
    pub target_missed: f64,
    /// 表扬 when the average per round is at least this.
    pub praise_at: f64,
    /// 提醒 when the average per round is at most this.
    pub remind_at: f64,
}

impl Default for ScoreRules {
    fn default() -> Self {
        ScoreRules::from_settings(&[])
    }
}

impl ScoreRules {
    /// The rules from stored settings ("score.<key>", value); missing or unreadable ones take
    /// the default.
    pub fn from_settings(settings: &[(String, String)]) -> ScoreRules {
        let get = |key: &str| {
            let stored = settings
                .iter()
                .find(|(k, _)| k.strip_prefix(SETTING_PREFIX) == Some(key))
                .and_then(|(_, v)| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite());
            stored.unwrap_or_else(|| RULES.iter().find(|r| r.key == key).map_or(0.0, |r| r.default))
        };
        ScoreRules {
            on_time: get("on_time"),
            late: get("late"),
            missing: get("missing"),
            completed: get("completed"),
            overdue: get("overdue"),
            target_met: get("target_met"),
            target_missed: get("target_missed"),
            praise_at: get("praise_at"),
            remind_at: get("remind_at"),
        }
    }

    /// A rule's value by key.
    pub fn get(&self, key: &str) -> Option<f64> {
        Some(match key {
            "on_time" => self.on_time,
            "late" => self.late,
            "missing" => self.missing,
            "completed" => self.completed,
            "overdue" => self.overdue,
            "target_met" => self.target_met,
            "target_missed" => self.target_missed,
            "praise_at" => self.praise_at,
            "remind_at" => self.remind_at,
            _ => return None,
        })
    }

    /// The point rules in one sentence, for the notice: "按时报送（每期）+2分；迟报（每期）-1分…".
    pub fn describe(&self) -> String {
        RULES
            .iter()
            .filter(|r| !r.key.ends_with("_at"))
            .filter_map(|r| Some(format!("{}{}分", r.label, signed(self.get(r.key)?))))
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// Points with their sign: "+2", "-1", "0", "+0.5".
pub fn signed(points: f64) -> String {
    if points > 0.0 {
        format!("+{}", number_text(points))
    } else {
        number_text(points)
    }
}

/// Checks a rule change: the key must be a rule and the value a finite number; the thresholds
/// must leave room between 提醒 and 表扬. The error is a Chinese sentence.
pub fn check(rules: &ScoreRules, key: &str, value: f64) -> Result<(), String> {
    let Some(spec) = RULES.iter().find(|r| r.key == key) else {
        let keys: Vec<String> = RULES.iter().map(|r| format!("{}（{}）", r.key, r.label)).collect();
        return Err(format!("没有名为“{key}”的计分规则；可设置的有：{}", keys.join("、")));
    };
    if !value.is_finite() || value.abs() > 1000.0 {
        return Err(format!("“{}”的分值应在 -1000 到 1000 之间", spec.label));
    }
    let (praise, remind) = match key {
        "praise_at" => (value, rules.remind_at),
        "remind_at" => (rules.praise_at, value),
        _ => return Ok(()),
    };
    if praise <= remind {
        return Err(format!(
            "表扬线（{}）必须高于提醒线（{}），否则同一单位会既被表扬又被提醒",
            number_text(praise),
            number_text(remind)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_stored_values() {
        let d = ScoreRules::default();
        assert_eq!(
            (d.on_time, d.late, d.missing, d.completed, d.overdue, d.target_met),
            (2.0, -1.0, -3.0, 1.0, -1.0, 1.0)
        );
        let set = ScoreRules::from_settings(&[
            ("score.late".into(), "-2".into()),
            ("score.on_time".into(), "x".into()),
            ("report.title".into(), "5".into()),
        ]);
        assert_eq!((set.late, set.on_time), (-2.0, 2.0));
        assert!(d.describe().starts_with("按时报送（每期）+2分；迟报（每期）-1分"), "{}", d.describe());
        assert!(!d.describe().contains("表扬线"));
    }

    #[test]
    fn checks() {
        let d = ScoreRules::default();
        assert!(check(&d, "late", -0.5).is_ok());
        assert!(check(&d, "nope", 1.0).expect_err("unknown").contains("on_time"));
        assert!(check(&d, "praise_at", -1.0).expect_err("below remind").contains("表扬线"));
        assert!(check(&d, "late", f64::NAN).is_err());
    }
}
