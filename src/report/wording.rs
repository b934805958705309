//! The wording of the progress report and the 考核 notice: template texts with placeholders
//! ({台账名称}, {已完成} …), shipped as defaults in `assets/report_wording.json` and edited by
//! the clerk once per ledger (stored as ledger settings under the same keys).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The shipped wording: placeholder descriptions and every segment's default text.
const DEFAULTS: &str = include_str!("../../assets/report_wording.json");

/// One piece of wording the clerk may edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Its key ("report.title", "notice.praise"), also the ledger-setting key.
    pub key: String,
    /// What it is, in Chinese ("报告标题").
    pub label: String,
    /// The text in use: the clerk's, else the default.
    pub text: String,
    /// The shipped default.
    #[serde(default)]
    pub default: String,
    /// The placeholders it may use.
    pub placeholders: Vec<String>,
    /// Whether the clerk changed it.
    #[serde(default)]
    pub customised: bool,
}

/// A placeholder and what it stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placeholder {
    /// Its name, written in braces: {已完成}.
    pub name: String,
    /// What it is replaced with.
    pub description: String,
}

/// The wording of one ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wording {
    /// Every segment, report first, then the notice.
    pub segments: Vec<Segment>,
    /// Every placeholder with its description.
    pub placeholders: Vec<Placeholder>,
}

#[derive(Deserialize)]
struct Shipped {
    placeholders: serde_json::Map<String, serde_json::Value>,
    segments: Vec<Segment>,
}

fn shipped() -> &'static Wording {
    static SHIPPED: OnceLock<Wording> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        // The asset is compiled in and checked by a unit test; an unreadable one gives no wording.
        let parsed: Shipped = serde_json::from_str(DEFAULTS)
            .unwrap_or(Shipped { placeholders: Default::default(), segments: Vec::new() });
        Wording {
            segments: parsed
                .segments
                .into_iter()
                .map(|s| Segment { default: s.text.clone(), customised: false, ..s })
                .collect(),
            placeholders: parsed
                .placeholders
                .into_iter()
                .map(|(name, d)| Placeholder { name, description: d.as_str().unwrap_or_default().to_string() })
                .collect(),
        }
    })
}

impl Wording {
    /// The shipped wording with the clerk's texts (key, text) in place of the defaults; keys
    /// that are not segments are ignored.
    pub fn with_overrides(overrides: &[(String, String)]) -> Wording {
        let mut wording = shipped().clone();
        for segment in &mut wording.segments {
            if let Some((_, text)) = overrides.iter().find(|(k, _)| *k == segment.key) {
                segment.text = text.clone();
                segment.customised = true;
            }
        }
        wording
    }

    /// The segment with this key.
    pub fn segment(&self, key: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.key == key)
    }

    /// A segment's text with its placeholders filled from `values`; "" for an unknown key.
    pub fn fill(&self, key: &str, values: &Values) -> String {
        self.segment(key).map(|s| fill(&s.text, values)).unwrap_or_default()
    }
}

/// The values placeholders are replaced with.
#[derive(Debug, Clone, Default)]
pub struct Values(HashMap<&'static str, String>);

impl Values {
    /// Sets a placeholder's value.
    pub fn set(&mut self, name: &'static str, value: impl ToString) -> &mut Self {
        self.0.insert(name, value.to_string());
        self
    }

    /// A copy with more values set.
    pub fn with(&self, pairs: &[(&'static str, String)]) -> Values {
        let mut out = self.clone();
        for (name, value) in pairs {
            out.0.insert(name, value.clone());
        }
        out
    }
}

/// `text` with every {name} that `values` knows replaced; anything else is kept as written.
pub fn fill(text: &str, values: &Values) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(['{', '}']).filter(|&i| after[i..].starts_with('}')) {
            Some(close) if values.0.contains_key(&after[..close]) => {
                out.push_str(&values.0[&after[..close]]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a text uses, in order.
pub fn placeholders_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find(['{', '}']).filter(|&i| rest[i..].starts_with('}')) {
            out.push(rest[..close].to_string());
            rest = &rest[close + 1..];
        }
    }
    out
}

/// Checks a new text for a segment: the key must be a segment, and every placeholder one the
/// segment offers. The error is a Chinese sentence naming the segment and what is allowed.
pub fn check(key: &str, text: &str) -> Result<(), String> {
    let Some(segment) = shipped().segment(key) else {
        let keys: Vec<&str> = shipped().segments.iter().map(|s| s.key.as_str()).collect();
        return Err(format!("没有名为“{key}”的文字段落；可修改的段落有：{}", keys.join("、")));
    };
    let unknown: Vec<String> =
        placeholders_in(text).into_iter().filter(|p| !segment.placeholders.contains(p)).collect();
    if !unknown.is_empty() {
        let braced = |names: &[String]| names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join("");
        return Err(format!(
            "“{}”中不能使用 {}；这一段可用的占位符有：{}",
            segment.label,
            braced(&unknown),
            braced(&segment.placeholders)
        ));
    }
    let open = text.matches('{').count();
    let close = text.matches('}').count();
    if open != close {
        return Err(format!("“{}”中的花括号没有成对，占位符应写成 {{已完成}} 这样", segment.label));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_wording_is_complete_and_its_own_placeholders_are_allowed() {
        let w = Wording::with_overrides(&[]);
        assert!(w.segments.len() >= 30, "{}", w.segments.len());
        assert!(w.placeholders.iter().any(|p| p.name == "已完成" && !p.description.is_empty()));
        for s in &w.segments {
            check(&s.key, &s.text).unwrap_or_else(|e| panic!("{}: {e}", s.key));
            for p in &s.placeholders {
                assert!(w.placeholders.iter().any(|d| d.name == *p), "{} offers undocumented {p}", s.key);
            }
        }
        assert!(w.segment("report.title").is_some() && w.segment("notice.praise").is_some());
    }

    #[test]
    fn placeholders_are_filled_and_unknown_braces_kept() {
        let mut v = Values::default();
        v.set("期次", "第1期").set("已完成", 3);
        assert_eq!(fill("{期次}已完成{已完成}项，{未知}与{", &v), "第1期已完成3项，{未知}与{");
        assert_eq!(fill("{{期次}}", &v), "{第1期}");
        assert_eq!(placeholders_in("a{期次}b{已完成}{"), vec!["期次", "已完成"]);
    }

    #[test]
    fn overrides_replace_defaults_and_checks_name_what_is_allowed() {
        let w = Wording::with_overrides(&[("report.title".into(), "{期次}进展".into())]);
        let title = w.segment("report.title").expect("title");
        assert!(title.customised && title.text == "{期次}进展" && title.default.contains("{台账名称}"));
        let err = check("report.title", "{内容}的报告").expect_err("not offered");
        assert!(err.contains("报告标题") && err.contains("{内容}") && err.contains("{期次}"), "{err}");
        assert!(check("report.nothing", "x").expect_err("no such segment").contains("report.title"));
        assert!(check("report.title", "{期次").is_err());
    }
}
