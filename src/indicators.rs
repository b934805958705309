//! Quantified targets (指标) written into a measure's text: "全年新增政府性融资担保业务50亿元以上",
//! "平均担保费率降至1%以下", "争取年底突破1500户（2021年底1200户）".
//!
//! The text is cut into sentences at ；。 and clauses at ，；。 (outside brackets). In each clause,
//! every number followed by a unit (亿元, 万元, 户, 家, %, 个百分点, 个基点, 倍, 笔, 个, 人) is a
//! target when a comparison says so: after it 以上 / 以下 / 以内 / 左右, or before it 不低于, 超过,
//! 突破, 达到, 降至, 控制在 … ("最高50万元奖励" is a grant ceiling, not a target). Numbers inside
//! brackets are not targets; a bracket right after a target that names a date and a number in the
//! same unit is its baseline ("（2021年底1200户）"). A sentence naming a quantity without a target
//! is "unplaced" ([`unplaced`]), for the import report.
//!
//! [`tracking`] compares reported actual values with a target.

pub mod tracking;

use serde::{Deserialize, Serialize};

pub use tracking::{number_text, parse_actual, parse_comparator, sign, target_text, verdict, StoredIndicator, Verdict};

/// One quantified target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The clause the target is written in.
    pub metric: String,
    /// "ge" (at least), "le" (at most) or "eq" (about / exactly).
    pub comparator: String,
    /// The target value, in `unit`.
    pub target: f64,
    /// 亿元, 万元, 户, 家, %, 个百分点, 个基点, 倍, 笔, 个 or 人.
    pub unit: String,
    /// The baseline value given in brackets after the target.
    pub baseline: Option<f64>,
    /// When the baseline was measured ("2021年底").
    pub baseline_date: Option<String>,
    /// The period the target is for, from the words before it: 全年, 每年, 年底, 到2024年, 2022年, 三年内.
    pub period: Option<String>,
    /// The whole sentence (up to 。；) the target was read from.
    #[serde(default)]
    pub sentence: String,
}

/// Units, longest first where one is a prefix of another.
const UNITS: &[&str] = &["个百分点", "个基点", "亿元", "万元", "%", "％", "户", "家", "倍", "笔", "个", "人"];
/// Words after a target, and their comparator; 及以上 / 及以下 describe a scope, not a target.
const AFTER: &[(&str, &str)] = &[("以上", "ge"), ("以下", "le"), ("以内", "le"), ("左右", "eq")];
/// Words before a number, longest first, and their comparator.
const BEFORE: &[(&str, &str)] = &[
    ("不低于", "ge"),
    ("不少于", "ge"),
    ("不高于", "le"),
    ("不超过", "le"),
    ("控制在", "le"),
    ("下降至", "le"),
    ("降低至", "le"),
    ("降低到", "le"),
    ("下降到", "le"),
    ("至少", "ge"),
    ("超过", "ge"),
    ("突破", "ge"),
    ("高于", "ge"),
    ("多于", "ge"),
    ("大于", "ge"),
    ("达到", "ge"),
    ("最低", "ge"),
    ("低于", "le"),
    ("少于", "le"),
    ("小于", "le"),
    ("降至", "le"),
    ("降到", "le"),
    ("保持", "ge"),
    ("新增", "eq"),
    ("增加", "eq"),
    ("实现", "eq"),
    ("完成", "eq"),
    ("形成", "eq"),
    ("下降", "eq"),
    ("降低", "eq"),
    ("达", "ge"),
];
/// Period words, looked for before the number.
const PERIODS: &[&str] = &["全年", "每年", "年底", "年内", "三年内", "两年内"];

/// The quantified targets of a text, in order.
pub fn extract(text: &str) -> Vec<Indicator> {
    read(text).0
}

/// The sentences of a text that name a quantity (a number followed by a unit) but hold no
/// target: what an import reports as "could not be placed".
pub fn unplaced(text: &str) -> Vec<String> {
    read(text).1
}

/// The targets of a text and its unplaced sentences, in one pass.
pub fn read(text: &str) -> (Vec<Indicator>, Vec<String>) {
    let text = crate::import::document::plan::tidy(text);
    let mut found = Vec::new();
    let mut unplaced = Vec::new();
    for sentence in sentences(&text) {
        let targets = sentence_indicators(sentence);
        if targets.is_empty() && has_quantity(sentence) {
            unplaced.push(sentence.to_string());
        }
        found.extend(targets);
    }
    (found, unplaced)
}

fn sentence_indicators(sentence: &str) -> Vec<Indicator> {
    let mut found: Vec<Indicator> = clauses(sentence).into_iter().flat_map(clause_indicators).collect();
    for i in &mut found {
        i.sentence = sentence.to_string();
    }
    found
}

/// Whether a text holds a number directly followed by one of the units.
fn has_quantity(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|i| {
        chars[i].is_ascii_digit()
            && !chars.get(i + 1).is_some_and(|c| is_number_char(*c))
            && UNITS.iter().any(|u| chars[i + 1..].iter().copied().take(u.chars().count()).eq(u.chars()))
    })
}

/// The sentences of a text: cut at ；;。！ outside brackets.
fn sentences(text: &str) -> Vec<&str> {
    split_outside_brackets(text, &['；', ';', '。', '！'])
}

/// The clauses of a text: cut at ，,；;。 outside brackets.
fn clauses(text: &str) -> Vec<&str> {
    split_outside_brackets(text, &['，', ',', '；', ';', '。', '！'])
}

fn split_outside_brackets<'a>(text: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '〔' | '【' => depth += 1,
            '）' | ')' | '〕' | '】' => depth -= 1,
            c if depth <= 0 && separators.contains(&c) => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|c| !c.is_empty()).collect()
}

fn clause_indicators(clause: &str) -> Vec<Indicator> {
    let chars: Vec<char> = clause.chars().collect();
    let s = |a: usize, b: usize| chars[a.min(chars.len())..b.min(chars.len())].iter().collect::<String>();
    let starts_with = |at: usize, word: &str| {
        let w: Vec<char> = word.chars().collect();
        chars.get(at..at + w.len()) == Some(&w[..])
    };
    let ends_with = |at: usize, word: &str| {
        let n = word.chars().count();
        at >= n && chars[at - n..at].iter().copied().eq(word.chars())
    };
    let mut depth_at = vec![0i32; chars.len() + 1];
    let mut depth = 0;
    for (i, c) in chars.iter().enumerate() {
        depth_at[i] = depth;
        match c {
            '（' | '(' | '〔' | '【' => depth += 1,
            '）' | ')' | '〕' | '】' => depth -= 1,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !is_number_char(chars[i - 1]));
        if !starts_number || depth_at[i] > 0 || (i > 0 && matches!(chars[i - 1], '-' | '—' | '~' | '～')) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && is_number_char(chars[end]) {
            end += 1;
        }
        let number = s(i, end);
        let Some(unit) = UNITS.iter().find(|u| starts_with(end, u)) else {
            i = end;
            continue;
        };
        let Ok(target) = number.trim_end_matches('.').parse::<f64>() else {
            i = end;
            continue;
        };
        let after = end + unit.chars().count();
        let suffix = AFTER.iter().find(|(w, _)| starts_with(after, w) && !ends_with(after, "及"));
        let scope = starts_with(after, "及以上") || starts_with(after, "及以下");
        let prefix = BEFORE.iter().find(|(w, _)| ends_with(i, w));
        let comparator = match (suffix, prefix) {
            (Some((_, c)), _) => *c,
            (None, Some((_, c))) if !scope => *c,
            _ => {
                i = after;
                continue;
            }
        };
        let rest = after + suffix.map_or(0, |(w, _)| w.chars().count());
        let (baseline, baseline_date) = baseline_after(&chars, rest, unit);
        out.push(Indicator {
            metric: clause.to_string(),
            comparator: comparator.to_string(),
            target,
            unit: if *unit == "％" { "%".to_string() } else { unit.to_string() },
            baseline,
            baseline_date,
            period: period_before(&chars[..i]),
            sentence: String::new(),
        });
        i = rest;
    }
    out
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.'
}

/// A baseline in the bracket at `at`: the last number in `unit` and the date phrase before it.
fn baseline_after(chars: &[char], at: usize, unit: &str) -> (Option<f64>, Option<String>) {
    if !matches!(chars.get(at), Some('（' | '(')) {
        return (None, None);
    }
    let close = chars[at..].iter().position(|c| matches!(c, '）' | ')')).map_or(chars.len(), |p| at + p);
    let inner: String = chars[at + 1..close].iter().collect();
    let inner_chars: Vec<char> = inner.chars().collect();
    let mut value = None;
    let mut i = 0;
    while i < inner_chars.len() {
        if inner_chars[i].is_ascii_digit() {
            let mut end = i;
            while end < inner_chars.len() && is_number_char(inner_chars[end]) {
                end += 1;
            }
            let follows: String = inner_chars[end..].iter().collect();
            if follows.starts_with(unit) {
                value = inner_chars[i..end].iter().collect::<String>().parse::<f64>().ok();
            }
            i = end;
        } else {
            i += 1;
        }
    }
    let date = year_phrase(&inner_chars);
    match value {
        Some(v) => (Some(v), date),
        None => (None, None),
    }
}

/// The first "2021年底" / "2021年末" / "2021年" phrase of the text.
fn year_phrase(chars: &[char]) -> Option<String> {
    (0..chars.len().saturating_sub(4)).find_map(|i| {
        let year = chars[i] == '2' && chars[i + 1] == '0' && chars[i + 2..i + 4].iter().all(char::is_ascii_digit);
        if !year || chars.get(i + 4) != Some(&'年') || (i > 0 && chars[i - 1].is_ascii_digit()) {
            return None;
        }
        let mut end = i + 5;
        if matches!(chars.get(end), Some('底' | '末')) {
            end += 1;
        }
        Some(chars[i..end].iter().collect())
    })
}

/// The period word or year phrase ending closest before the target; of two ending at the same
/// place the longer ("三年内" over "年内", "2022年底" over "年底").
fn period_before(before: &[char]) -> Option<String> {
    let mut best: Option<((usize, usize), String)> = None;
    let mut consider = |start: usize, text: String| {
        let key = (start + text.chars().count(), text.chars().count());
        if best.as_ref().is_none_or(|(k, _)| key >= *k) {
            best = Some((key, text));
        }
    };
    for word in PERIODS {
        let w: Vec<char> = word.chars().collect();
        if let Some(pos) =
            (0..before.len().saturating_sub(w.len() - 1)).rev().find(|&s| before[s..s + w.len()] == w[..])
        {
            consider(pos, word.to_string());
        }
    }
    for i in 0..before.len().saturating_sub(4) {
        if let Some(p) = year_phrase(&before[i..i + 6.min(before.len() - i)]) {
            if before[i..].starts_with(&p.chars().collect::<Vec<_>>()) && !(i > 0 && before[i - 1].is_ascii_digit()) {
                let (start, text) = if i > 0 && before[i - 1] == '到' { (i - 1, format!("到{p}")) } else { (i, p) };
                consider(start, text);
            }
        }
    }
    best.map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Indicator {
        let found = extract(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn phrasings() {
        // (text, comparator, target, unit, period)
        let cases: &[(&str, &str, f64, &str, Option<&str>)] = &[
            ("全年新增政府性融资担保业务50亿元以上", "ge", 50.0, "亿元", Some("全年")),
            ("平均担保费率降至1%以下", "le", 1.0, "%", None),
            ("每年累计投放贷款新增150亿元以上", "ge", 150.0, "亿元", Some("每年")),
            ("业务占比保持在80%以上", "ge", 80.0, "%", None),
            ("每年债务融资工具发行总量不低于40亿元", "ge", 40.0, "亿元", Some("每年")),
            ("2024年达到22%", "ge", 22.0, "%", Some("2024年")),
            ("制造业贷款余额占比2022年超过18%", "ge", 18.0, "%", Some("2022年")),
            ("将综合融资成本控制在5%以内", "le", 5.0, "%", None),
            ("到2024年实现企业上市融资100亿元以上", "ge", 100.0, "亿元", Some("到2024年")),
            ("利率下降至少1个百分点", "ge", 1.0, "个百分点", None),
            ("放大倍数达到6倍以上", "ge", 6.0, "倍", None),
            ("力争全年惠及800人以上", "ge", 800.0, "人", Some("全年")),
            ("定价优惠力度原则上不低于50个基点", "ge", 50.0, "个基点", None),
            ("力争三年内发行总量超过60亿元", "ge", 60.0, "亿元", Some("三年内")),
            ("力争2022年底陈案善后处置率达到70%", "ge", 70.0, "%", Some("2022年底")),
        ];
        for &(text, comparator, target, unit, period) in cases {
            let got = one(text);
            assert_eq!(
                (got.comparator.as_str(), got.target, got.unit.as_str(), got.period.as_deref()),
                (comparator, target, unit, period),
                "{text}"
            );
            assert_eq!(got.metric, text);
        }
    }

    #[test]
    fn baselines() {
        let got = one("争取年底突破1500户（2021年底1200户）");
        assert_eq!((got.comparator.as_str(), got.target, got.unit.as_str()), ("ge", 1500.0, "户"));
        assert_eq!(
            (got.baseline, got.baseline_date.as_deref(), got.period.as_deref()),
            (Some(1200.0), Some("2021年底"), Some("年底"))
        );
        let got = one("贷款余额突破20亿元（2021年底，贷款余额为14亿元）");
        assert_eq!((got.target, got.baseline, got.baseline_date.as_deref()), (20.0, Some(14.0), Some("2021年底")));
    }

    #[test]
    fn not_targets() {
        assert!(extract("围绕全市现有的170家国家高新技术企业").is_empty());
        assert!(extract("单户担保金额1000万元及以下的业务").is_empty());
        assert!(extract("推动1-2家企业进入上市程序").is_empty());
        assert!(extract("按照贷款市场报价利率(LPR)的40%给予贴息").is_empty());
        assert!(extract("市人民政府2022年第15次常务会议").is_empty());
        // A grant ceiling is a rule of the policy, not a target to report on.
        assert!(extract("财政部门给予最高50万元奖励").is_empty());
        assert_eq!(unplaced("财政部门给予最高50万元奖励。"), ["财政部门给予最高50万元奖励"]);
    }

    #[test]
    fn spaced_numbers() {
        let got = one("三年内每年累计投放贷款新增 150 亿元以上");
        assert_eq!((got.target, got.period.as_deref()), (150.0, Some("每年")));
    }

    #[test]
    fn sentences_and_unplaced() {
        let text = "用好3000亿元额度的专项再贷款。全年新增担保业务50亿元以上，费率降至1%以下；推动2家企业上市。";
        let found = extract(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].sentence, "全年新增担保业务50亿元以上，费率降至1%以下");
        assert_eq!(found[1].sentence, found[0].sentence);
        assert_eq!(unplaced(text), ["用好3000亿元额度的专项再贷款", "推动2家企业上市"]);
        assert!(unplaced("2022年8月9日印发。").is_empty());
    }
}
