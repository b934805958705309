//! Printing the progress report, the 考核 scores and rules, and the wording of a ledger.

use taizhang::assessment::rules::signed;
use taizhang::indicators::number_text;
use taizhang::report::Wording;
use taizhang::service::{NoticeWritten, ReportWritten, RulesView};

use super::{clip, table, Printer};

impl Printer {
    /// The report written: file, title, headings.
    pub fn report_written(&self, r: &ReportWritten) {
        if self.json(r) {
            return;
        }
        println!("已生成工作进展情况报告“{}”（草稿，请在 Word 或 WPS 中修改定稿）。", r.path.display());
        println!("标题：{}", r.document.title);
        for line in r.document.lines().iter().skip(1).take(12) {
            println!("  {}", clip(line, 70));
        }
    }

    /// The score board: ranking, then each unit's events.
    pub fn scores(&self, board: &taizhang::assessment::ScoreBoard) {
        if self.json(board) {
            return;
        }
        println!("考核范围：{}（{} 期）。计分规则：{}。", board.scope, board.round_ids.len(), board.rules.describe());
        let mut t = table(&["排名", "单位", "得分", "平均每期", "结果"]);
        for u in &board.units {
            t.add_row(vec![
                u.rank.to_string(),
                u.unit.clone(),
                number_text(u.total),
                number_text(u.average),
                u.standing.label().to_string(),
            ]);
        }
        println!("{t}");
        println!("表扬：{}", if board.praise.is_empty() { "无".to_string() } else { board.praise.join("、") });
        println!("提醒：{}", if board.remind.is_empty() { "无".to_string() } else { board.remind.join("、") });
        println!("\n各单位得分明细：");
        let mut t = table(&["单位", "期次", "事项", "分值", "说明"]);
        for u in &board.units {
            for e in &u.events {
                t.add_row(vec![
                    u.unit.clone(),
                    e.round_label.clone(),
                    e.label.clone(),
                    signed(e.points),
                    clip(&e.reason, 48),
                ]);
            }
        }
        println!("{t}");
    }

    /// The notice written.
    pub fn notice_written(&self, n: &NoticeWritten) {
        if self.json(n) {
            return;
        }
        println!(
            "已生成考核通报“{}”：{} 个单位，表扬 {} 个，提醒 {} 个。",
            n.path.display(),
            n.board.units.len(),
            n.board.praise.len(),
            n.board.remind.len()
        );
    }

    /// The rules in force.
    pub fn rules(&self, r: &RulesView, batch: Option<Option<i64>>) {
        if self.json(&serde_json::json!({ "rules": r, "batch_id": batch.flatten() })) {
            return;
        }
        match batch {
            Some(Some(id)) => println!("已修改计分规则（修改记录 {id}，可用 undo 撤销）。"),
            Some(None) => println!("计分规则没有变化。"),
            None => {}
        }
        let mut t = table(&["规则", "键", "分值", "默认"]);
        for spec in &r.specs {
            let value = r.rules.get(spec.key).unwrap_or(spec.default);
            t.add_row(vec![
                spec.label.to_string(),
                spec.key.to_string(),
                number_text(value),
                number_text(spec.default),
            ]);
        }
        println!("{t}");
        println!("表扬、提醒按考核范围内平均每期得分比较。");
    }

    /// The wording of a ledger: every segment with its placeholders.
    pub fn wording(&self, w: &Wording, batch: Option<Option<i64>>) {
        if self.json(&serde_json::json!({ "wording": w, "batch_id": batch.flatten() })) {
            return;
        }
        match batch {
            Some(Some(id)) => println!("已保存（修改记录 {id}，可用 undo 撤销）。"),
            Some(None) => println!("文字没有变化。"),
            None => {}
        }
        let mut t = table(&["段落", "键", "文字", "可用占位符"]);
        for s in &w.segments {
            let text = if s.customised { format!("{}（已修改）", s.text) } else { s.text.clone() };
            let names: Vec<String> = s.placeholders.iter().map(|p| format!("{{{p}}}")).collect();
            t.add_row(vec![s.label.clone(), s.key.clone(), clip(&text, 60), names.join("")]);
        }
        println!("{t}");
    }
}
