//! Tracking a stored indicator: its comparator as a sign, the actual values departments report
//! ("52.3亿元", "52.3", "80%") and whether the target is met.

use serde::{Deserialize, Serialize};

use super::{Indicator, UNITS};

/// An indicator as stored in a ledger: on a task, or on the ledger itself (a target of the plan's
/// 工作目标 section, `task_id` empty, until the clerk places it on a task).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredIndicator {
    /// The indicator's id.
    pub indicator_id: i64,
    /// The ledger it belongs to.
    pub ledger_id: i64,
    /// The task it belongs to; empty for a ledger-level target.
    pub task_id: Option<i64>,
    /// That task's worksheet.
    pub sheet: Option<String>,
    /// That task's 序号.
    pub seq: Option<String>,
    /// The target, as extracted or corrected.
    #[serde(flatten)]
    pub indicator: Indicator,
}

/// Whether an actual value meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 达标.
    Met,
    /// 未达标.
    NotMet,
    /// 未报: no actual value reported.
    NotReported,
    /// 无法比较: the actual value is in another unit.
    Incomparable,
}

impl Verdict {
    /// The Chinese word shown to the clerk.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "达标",
            Verdict::NotMet => "未达标",
            Verdict::NotReported => "未报",
            Verdict::Incomparable => "无法比较",
        }
    }
}

/// The comparators: stored key and sign.
const COMPARATORS: [(&str, &str); 3] = [("ge", "≥"), ("le", "≤"), ("eq", "=")];

/// The sign of a comparator key ("ge" → "≥").
pub fn sign(comparator: &str) -> &'static str {
    COMPARATORS.iter().find(|(k, _)| *k == comparator).map_or("=", |(_, s)| s)
}

/// A comparator key from what a user types: ≥ ≤ = (or >= <= ＝ 不低于 不高于 ge le eq).
pub fn parse_comparator(text: &str) -> Option<&'static str> {
    match text.trim() {
        "≥" | ">=" | "＞＝" | "ge" | "以上" | "不低于" | "不少于" => Some("ge"),
        "≤" | "<=" | "＜＝" | "le" | "以下" | "不高于" | "不超过" => Some("le"),
        "=" | "＝" | "==" | "eq" | "约" | "左右" => Some("eq"),
        _ => None,
    }
}

/// The target as one short text: "≥ 150 亿元".
pub fn target_text(i: &Indicator) -> String {
    format!("{} {} {}", sign(&i.comparator), number_text(i.target), i.unit)
}

/// A number without trailing zeros: 150, 52.3, 0.6.
pub fn number_text(value: f64) -> String {
    format!("{value}")
}

/// A reported actual value: its number and, when written, its unit (亿元, %, …). Accepts "52.3",
/// "52.3亿元", "52.3 亿元", "1,500户", "80％"; `None` for text that is not a number.
pub fn parse_actual(text: &str) -> Option<(f64, Option<String>)> {
    let tidy: String = text.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect();
    let tidy = tidy.replace('％', "%").replace('．', ".");
    let end = tidy.char_indices().find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-')));
    let (number, rest) = match end {
        Some((i, _)) => tidy.split_at(i),
        None => (tidy.as_str(), ""),
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
    let unit = match rest {
        "" => None,
        u if UNITS.contains(&u) => Some(u.to_string()),
        _ => return None,
    };
    Some((value, unit))
}

/// Whether `actual` (in `actual_unit`, or in the target's unit when none was written) meets the
/// indicator's target.
pub fn verdict(i: &Indicator, actual: Option<(f64, Option<&str>)>) -> Verdict {
    let Some((value, unit)) = actual else { return Verdict::NotReported };
    if unit.is_some_and(|u| u != i.unit) {
        return Verdict::Incomparable;
    }
    let met = match i.comparator.as_str() {
        "ge" => value >= i.target,
        "le" => value <= i.target,
        _ => (value - i.target).abs() <= f64::EPSILON * i.target.abs().max(1.0),
    };
    if met {
        Verdict::Met
    } else {
        Verdict::NotMet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(comparator: &str, target: f64, unit: &str) -> Indicator {
        Indicator {
            metric: "m".into(),
            comparator: comparator.into(),
            target,
            unit: unit.into(),
            baseline: None,
            baseline_date: None,
            period: None,
            sentence: String::new(),
        }
    }

    #[test]
    fn actual_values() {
        assert_eq!(parse_actual("52.3亿元"), Some((52.3, Some("亿元".into()))));
        assert_eq!(parse_actual(" 52.3 "), Some((52.3, None)));
        assert_eq!(parse_actual("1,500户"), Some((1500.0, Some("户".into()))));
        assert_eq!(parse_actual("80％"), Some((80.0, Some("%".into()))));
        assert_eq!(parse_actual("0.8个百分点"), Some((0.8, Some("个百分点".into()))));
        assert_eq!(parse_actual("约五十亿"), None);
        assert_eq!(parse_actual("52.3亿元左右"), None);
        assert_eq!(parse_actual(""), None);
        assert_eq!(parse_actual("."), None);
    }

    #[test]
    fn verdicts() {
        let at_least = target("ge", 50.0, "亿元");
        assert_eq!(verdict(&at_least, Some((52.3, Some("亿元")))), Verdict::Met);
        assert_eq!(verdict(&at_least, Some((50.0, None))), Verdict::Met);
        assert_eq!(verdict(&at_least, Some((49.9, None))), Verdict::NotMet);
        assert_eq!(verdict(&at_least, Some((5000.0, Some("万元")))), Verdict::Incomparable);
        assert_eq!(verdict(&at_least, None), Verdict::NotReported);
        let at_most = target("le", 1.0, "%");
        assert_eq!(verdict(&at_most, Some((0.9, Some("%")))), Verdict::Met);
        assert_eq!(verdict(&at_most, Some((1.2, None))), Verdict::NotMet);
        assert_eq!(verdict(&target("eq", 3.0, "家"), Some((3.0, None))), Verdict::Met);
        assert_eq!(Verdict::Incomparable.label(), "无法比较");
    }

    #[test]
    fn signs_and_texts() {
        assert_eq!(target_text(&target("ge", 150.0, "亿元")), "≥ 150 亿元");
        assert_eq!(target_text(&target("le", 0.6, "个百分点")), "≤ 0.6 个百分点");
        assert_eq!(parse_comparator("≥"), Some("ge"));
        assert_eq!(parse_comparator("<="), Some("le"));
        assert_eq!(parse_comparator("="), Some("eq"));
        assert_eq!(parse_comparator("大约"), None);
        assert_eq!(sign("le"), "≤");
    }
}
