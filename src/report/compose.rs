//! The 工作进展情况报告 of one round, composed from its facts and the ledger's wording. Every
//! quoted sentence is a text a unit returned, named with its unit and 序号; nothing is written
//! that the data does not hold.

use chrono::NaiveDate;

use super::wording::{Values, Wording};
use super::{chinese_number, Block, Document};
use crate::dates::format::chinese_date;
use crate::indicators::Verdict;
use crate::round_facts::{ReturnState, RoundFacts, TaskFact, TextKind};

/// The values every segment may use: 台账名称, 期次, 截止日期, 报告期, 报告日期.
pub fn common_values(facts: &RoundFacts, today: NaiveDate) -> Values {
    let round = &facts.round;
    let period = match (round.period_start, round.period_end) {
        (Some(start), Some(end)) => format!("{}至{}", chinese_date(start), chinese_date(end)),
        _ => format!("截至{}", chinese_date(round.due)),
    };
    let mut v = Values::default();
    v.set("台账名称", &facts.ledger_title)
        .set("期次", &round.label)
        .set("截止日期", chinese_date(round.due))
        .set("报告期", period)
        .set("报告日期", chinese_date(today));
    v
}

/// "增加3项", "减少1项" or "持平".
fn change_text(now: usize, before: usize) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("增加{}项", now - before),
        std::cmp::Ordering::Less => format!("减少{}项", before - now),
        std::cmp::Ordering::Equal => "持平".to_string(),
    }
}

/// Numbers level-1 headings 一、二、… as they are added.
struct Body {
    blocks: Vec<Block>,
    sections: usize,
}

impl Body {
    fn heading(&mut self, text: String) {
        self.sections += 1;
        self.blocks.push(Block::Heading { level: 1, text: format!("{}、{text}", chinese_number(self.sections)) });
    }

    fn paragraph(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.blocks.push(Block::Paragraph { lead: None, text });
        }
    }

    fn item(&mut self, n: usize, lead: &str, text: String) {
        self.blocks.push(Block::Paragraph { lead: Some(format!("{n}.{lead}")), text });
    }
}

/// A reported text as one line (line breaks inside a return cell become spaces).
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Composes the report of `facts`' round with `wording`, dated `today`.
pub fn compose_report(facts: &RoundFacts, wording: &Wording, today: NaiveDate) -> Document {
    let common = common_values(facts, today);
    let fill = |key: &str, extra: &[(&'static str, String)]| wording.fill(key, &common.with(extra));
    let mut body = Body { blocks: Vec::new(), sections: 0 };
    body.paragraph(fill("report.opening", &[]));

    body.heading(fill("report.overall_heading", &[]));
    body.paragraph(overall(facts, &fill));
    body.paragraph(returns(facts, &fill));

    body.heading(fill("report.category_heading", &[]));
    categories(facts, &fill, &mut body);

    if !facts.indicators.is_empty() {
        body.heading(fill("report.indicator_heading", &[]));
        indicators(facts, &fill, &mut body);
    }
    for (kind, heading, per_unit, none) in [
        (TextKind::Problems, "report.problems_heading", "report.problems", "report.no_problems"),
        (TextKind::NextPlan, "report.next_heading", "report.next", "report.no_next"),
    ] {
        body.heading(fill(heading, &[]));
        let grouped = by_unit(facts, kind, &fill);
        if grouped.is_empty() {
            body.paragraph(fill(none, &[]));
        }
        for (unit, items) in grouped {
            body.paragraph(fill(per_unit, &[("单位", unit), ("内容", items.join("；"))]));
        }
    }
    let optional = |text: String| Some(text).filter(|t| !t.trim().is_empty());
    Document {
        title: fill("report.title", &[]),
        recipient: optional(fill("report.recipient", &[])),
        blocks: body.blocks,
        closing: optional(fill("report.closing", &[])),
        attachment: optional(fill("report.attachment", &[])),
        signature: fill("report.signature", &[]),
        date: fill("report.date", &[]),
    }
}

type Fill<'a> = dyn Fn(&str, &[(&'static str, String)]) -> String + 'a;

/// Overall counts at the end of the round and the change since the previous one.
fn overall(facts: &RoundFacts, fill: &Fill<'_>) -> String {
    let count = |status: &str| facts.tasks.iter().filter(|t| t.status.as_deref() == Some(status)).count();
    let due = facts.round.due;
    let done = count("已完成");
    let overdue = facts.tasks.iter().filter(|t| t.overdue_on(due)).count();
    let mut text = fill(
        "report.overall",
        &[
            ("任务总数", facts.tasks.len().to_string()),
            ("已完成", done.to_string()),
            ("推进中", count("推进中").to_string()),
            ("未启动", count("未启动").to_string()),
            ("长期坚持", count("长期坚持").to_string()),
            ("未填写", facts.tasks.iter().filter(|t| t.status.is_none()).count().to_string()),
            ("逾期", overdue.to_string()),
        ],
    );
    match &facts.previous {
        Some(previous) => {
            let done_before = facts.tasks.iter().filter(|t| t.previous_status.as_deref() == Some("已完成")).count();
            let overdue_before = facts.tasks.iter().filter(|t| t.was_overdue_on(previous.due)).count();
            text.push_str(&fill(
                "report.change",
                &[
                    ("上期", previous.label.clone()),
                    ("已完成变化", change_text(done, done_before)),
                    ("逾期变化", change_text(overdue, overdue_before)),
                    ("已完成", done.to_string()),
                    ("逾期", overdue.to_string()),
                ],
            ));
        }
        None => text.push_str(&fill("report.first_round", &[])),
    }
    text
}

/// Who returned on time, late, or not at all.
fn returns(facts: &RoundFacts, fill: &Fill<'_>) -> String {
    let late = facts.units_in(ReturnState::Late);
    let mut missing = facts.units_in(ReturnState::Missing);
    missing.extend(facts.units_in(ReturnState::Pending));
    let mut text = fill(
        "report.returns",
        &[
            ("应报单位数", facts.returns.len().to_string()),
            ("按时报送数", facts.units_in(ReturnState::OnTime).len().to_string()),
            ("迟报数", late.len().to_string()),
            ("未报送数", missing.len().to_string()),
            ("迟报单位", late.join("、")),
            ("未报送单位", missing.join("、")),
        ],
    );
    if !late.is_empty() {
        text.push_str(&fill("report.late_units", &[("迟报单位", late.join("、")), ("迟报数", late.len().to_string())]));
    }
    if !missing.is_empty() {
        text.push_str(&fill(
            "report.missing_units",
            &[("未报送单位", missing.join("、")), ("未报送数", missing.len().to_string())],
        ));
    }
    text
}

/// A category's name and its tasks.
type Category<'a> = (String, Vec<&'a TaskFact>);

/// The tasks grouped by sheet (when there are several) and top-level category, in ledger order.
fn groups(facts: &RoundFacts) -> Vec<(String, Vec<Category<'_>>)> {
    let mut out: Vec<(String, Vec<Category<'_>>)> = Vec::new();
    for task in &facts.tasks {
        let category = task.category.first().cloned().unwrap_or_else(|| "其他任务".to_string());
        if out.last().is_none_or(|(sheet, _)| *sheet != task.sheet) {
            out.push((task.sheet.clone(), Vec::new()));
        }
        let categories = &mut out.last_mut().expect("pushed above").1;
        match categories.iter_mut().find(|(c, _)| *c == category) {
            Some((_, tasks)) => tasks.push(task),
            None => categories.push((category, vec![task])),
        }
    }
    out
}

/// One paragraph per category: its counts and every unit's progress text, quoted.
fn categories(facts: &RoundFacts, fill: &Fill<'_>, body: &mut Body) {
    let groups = groups(facts);
    let several_sheets = groups.len() > 1;
    for (s, (sheet, categories)) in groups.iter().enumerate() {
        if several_sheets {
            body.blocks.push(Block::Heading { level: 2, text: format!("（{}）{sheet}", chinese_number(s + 1)) });
        }
        for (n, (category, tasks)) in categories.iter().enumerate() {
            let quotes: Vec<String> = tasks
                .iter()
                .flat_map(|t| {
                    t.reports.iter().filter(|r| r.kind == TextKind::Progress).map(|r| {
                        fill(
                            "report.quote",
                            &[("单位", r.unit.clone()), ("序号", t.seq.clone()), ("内容", one_line(&r.text))],
                        )
                    })
                })
                .collect();
            let progress = if quotes.is_empty() {
                fill("report.no_progress", &[("类别", category.clone())])
            } else {
                format!("{}。", quotes.join("；"))
            };
            let text = fill(
                "report.category",
                &[
                    ("类别", category.clone()),
                    ("类别任务数", tasks.len().to_string()),
                    ("类别已完成", tasks.iter().filter(|t| t.is_done()).count().to_string()),
                    ("类别逾期", tasks.iter().filter(|t| t.overdue_on(facts.round.due)).count().to_string()),
                    ("进展", progress),
                ],
            );
            body.item(n + 1, &format!("{}。", category.trim_end_matches('。')), text);
        }
    }
}

/// The indicators' verdicts with their values.
fn indicators(facts: &RoundFacts, fill: &Fill<'_>, body: &mut Body) {
    let count = |v: Verdict| facts.indicators.iter().filter(|i| i.verdict == v).count().to_string();
    body.paragraph(fill(
        "report.indicator_summary",
        &[
            ("指标数", facts.indicators.len().to_string()),
            ("达标数", count(Verdict::Met)),
            ("未达标数", count(Verdict::NotMet)),
            ("未报数", count(Verdict::NotReported)),
        ],
    ));
    for (n, indicator) in facts.indicators.iter().enumerate() {
        let seq = indicator.seq.clone().unwrap_or_default();
        let base = [("指标", indicator.metric.clone()), ("目标", indicator.target.clone()), ("序号", seq)];
        let text = match indicator.values.as_slice() {
            [] => fill("report.indicator_unreported", &base),
            [only] => fill(
                "report.indicator",
                &[
                    &base[..],
                    &[
                        ("报送单位", only.unit.clone()),
                        ("实际值", only.text.clone()),
                        ("结论", indicator.verdict.label().to_string()),
                    ],
                ]
                .concat(),
            ),
            many => {
                let units = many.iter().map(|v| v.unit.as_str()).collect::<Vec<_>>().join("、");
                let values = many.iter().map(|v| format!("{}（{}）", v.text, v.unit)).collect::<Vec<_>>().join("、");
                let verdict = indicator.verdict.label().to_string();
                fill(
                    "report.indicator",
                    &[&base[..], &[("报送单位", units), ("实际值", values), ("结论", verdict)]].concat(),
                )
            }
        };
        body.item(n + 1, "", text);
    }
}

/// The texts of one kind grouped by unit (units in the order they first appear), each item
/// quoted with its 序号.
fn by_unit(facts: &RoundFacts, kind: TextKind, fill: &Fill<'_>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for task in &facts.tasks {
        for report in task.reports.iter().filter(|r| r.kind == kind) {
            let item = fill(
                "report.item",
                &[("单位", report.unit.clone()), ("序号", task.seq.clone()), ("内容", one_line(&report.text))],
            );
            match out.iter_mut().find(|(u, _)| *u == report.unit) {
                Some((_, items)) => items.push(item),
                None => out.push((report.unit.clone(), vec![item])),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round_facts::sample;

    #[test]
    fn the_report_holds_the_counts_quotes_units_and_verdicts() {
        let facts = sample();
        let today = NaiveDate::from_ymd_opt(2022, 4, 26).expect("date");
        let doc = compose_report(&facts, &Wording::with_overrides(&[]), today);
        assert_eq!(doc.title, "关于示例台账第2期工作进展情况的报告");
        let text = doc.lines().join("\n");
        assert!(text.contains("（2022年4月11日至2022年4月25日）"), "{text}");
        assert!(text.contains("台账共有任务3项。截至2022年4月25日，已完成1项，推进中1项，未启动0项，长期坚持1项，尚未填写状态0项；已过完成时限尚未完成的1项。"), "{text}");
        // Before: task 2 (due 3-31) was already overdue on 4-10? No: 3-31 < 4-10, so yes.
        assert!(text.contains("与上期（第1期）相比，已完成任务增加1项，逾期任务持平。"), "{text}");
        assert!(
            text.contains("本期应报送单位3个，按时报送1个，迟报1个，未报送1个。迟报单位：乙局。未报送单位：丙局。"),
            "{text}"
        );
        assert!(text.contains("1.提高信用贷款占比。本类共有任务2项，已完成1项，逾期1项。甲局报送（序号1）：“已完成首贷中心建设。”；乙局报送（序号2）：“正在对接 银行机构。”。"), "{text}");
        assert!(
            text.contains(
                "2.加强融资担保机构建设。本类共有任务1项，已完成0项，逾期0项。本期未收到该类任务的进展情况。"
            ),
            "{text}"
        );
        assert!(text.contains("新增贷款：目标≥ 100 亿元，甲局报送实际完成120亿元，达标。"), "{text}");
        assert!(text.contains("甲局反映：“人员不足”（序号1）。"), "{text}");
        assert!(text.contains("乙局：“5月底前出台方案”（序号2）。"), "{text}");
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| if let Block::Heading { text, .. } = b { Some(text.as_str()) } else { None })
            .collect();
        assert_eq!(
            headings,
            [
                "一、总体进展情况",
                "二、各项任务推进情况",
                "三、量化指标完成情况",
                "四、存在的问题",
                "五、下一步工作打算"
            ]
        );
        assert_eq!(doc.date, "2022年4月26日");
    }

    #[test]
    fn the_clerks_wording_is_used_and_a_first_round_says_so() {
        let mut facts = sample();
        facts.previous = None;
        facts.indicators.clear();
        let wording = Wording::with_overrides(&[("report.title".into(), "{期次}进展（{台账名称}）".into())]);
        let doc = compose_report(&facts, &wording, facts.round.due);
        assert_eq!(doc.title, "第2期进展（示例台账）");
        let text = doc.lines().join("\n");
        assert!(text.contains("本期为首期报送"), "{text}");
        assert!(!text.contains("量化指标"), "{text}");
    }
}
