//! The 考核 通报: the rules, the ranking table and the 表扬 / 提醒 lists of a score board, in the
//! ledger's wording.

use chrono::NaiveDate;

use super::wording::{Values, Wording};
use super::{chinese_number, Block, Document};
use crate::assessment::rules::signed;
use crate::assessment::{EventKind, ScoreBoard};
use crate::dates::format::chinese_date;
use crate::indicators::number_text;

/// The headers of the ranking table (the notice and the workbook's 通报 sheet).
pub const RANKING_HEADERS: [&str; 6] = ["排名", "单位", "得分", "主要得分项", "主要扣分项", "结果"];

/// The ranking as table rows, one per unit, best first.
pub fn ranking_rows(board: &ScoreBoard) -> Vec<Vec<String>> {
    board
        .units
        .iter()
        .map(|u| {
            let summary = |gain: bool| {
                let mut kinds: Vec<(EventKind, usize, f64)> = Vec::new();
                for e in u.events.iter().filter(|e| (e.points > 0.0) == gain) {
                    match kinds.iter_mut().find(|(k, _, _)| *k == e.kind) {
                        Some(entry) => {
                            entry.1 += 1;
                            entry.2 += e.points;
                        }
                        None => kinds.push((e.kind, 1, e.points)),
                    }
                }
                kinds
                    .iter()
                    .map(|(k, n, p)| format!("{}{n}次{}分", k.label(), signed((p * 100.0).round() / 100.0)))
                    .collect::<Vec<_>>()
                    .join("，")
            };
            vec![
                u.rank.to_string(),
                u.unit.clone(),
                number_text(u.total),
                summary(true),
                summary(false),
                u.standing.label().to_string(),
            ]
        })
        .collect()
}

/// Composes the 通报 of `board` for the ledger titled `ledger_title`, dated `today`.
pub fn compose_notice(ledger_title: &str, board: &ScoreBoard, wording: &Wording, today: NaiveDate) -> Document {
    let mut values = Values::default();
    values
        .set("台账名称", ledger_title)
        .set("考核范围", &board.scope)
        .set("报告日期", chinese_date(today))
        .set("参评单位数", board.units.len())
        .set("计分规则", board.rules.describe())
        .set("表扬单位", board.praise.join("、"))
        .set("提醒单位", board.remind.join("、"));
    let fill = |key: &str| wording.fill(key, &values);
    let mut blocks = vec![Block::Paragraph { lead: None, text: fill("notice.opening") }];
    let heading =
        |n: usize, key: &str| Block::Heading { level: 1, text: format!("{}、{}", chinese_number(n), fill(key)) };
    blocks.push(heading(1, "notice.result_heading"));
    blocks.push(Block::Paragraph { lead: None, text: fill("notice.rules") });
    blocks.push(Block::Table {
        headers: RANKING_HEADERS.iter().map(|h| h.to_string()).collect(),
        rows: ranking_rows(board),
    });
    blocks.push(heading(2, "notice.praise_heading"));
    let praise = if board.praise.is_empty() { "notice.no_praise" } else { "notice.praise" };
    blocks.push(Block::Paragraph { lead: None, text: fill(praise) });
    blocks.push(heading(3, "notice.remind_heading"));
    let remind = if board.remind.is_empty() { "notice.no_remind" } else { "notice.remind" };
    blocks.push(Block::Paragraph { lead: None, text: fill(remind) });
    let recipient = fill("notice.recipient");
    Document {
        title: fill("notice.title"),
        recipient: Some(recipient).filter(|r| !r.trim().is_empty()),
        blocks,
        closing: None,
        attachment: None,
        signature: fill("notice.signature"),
        date: fill("notice.date"),
    }
}
