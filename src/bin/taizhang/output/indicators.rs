//! Printing quantified targets (指标): in the import report, under the task list, and the
//! `indicators` listing with actual values and verdicts.

use taizhang::indicators::{number_text, target_text};
use taizhang::model::TaskView;
use taizhang::service::{ImportReport, IndicatorStatus};

use super::{clip, table, Printer};

impl Printer {
    /// The indicators and unplaced sentences of an import report (after its tables).
    pub(super) fn import_indicators(&self, r: &ImportReport) {
        if !r.indicators.is_empty() {
            println!("\n识别出 {} 项量化指标（可用 indicator edit 编号 更正）：", r.indicators.len());
            let mut t = table(&["编号", "所属任务", "目标", "指标", "基期值", "期限"]);
            for i in &r.indicators {
                t.add_row(vec![
                    i.indicator_id.map_or_else(String::new, |id| id.to_string()),
                    i.task.clone().unwrap_or_else(|| "全局目标（工作目标）".into()),
                    i.target_text.clone(),
                    clip(&i.indicator.metric, 36),
                    baseline(&i.indicator),
                    i.indicator.period.clone().unwrap_or_default(),
                ]);
            }
            println!("{t}");
            if r.indicators.iter().any(|i| i.task.is_none()) {
                println!("“全局目标”来自文件的工作目标部分，不属于某一项任务，不会下发给单位填报；如需某单位报送实际值，可用 indicator edit 编号 --task 任务编号 归到该任务。");
            }
        }
        if !r.unplaced.is_empty() {
            println!("\n以下 {} 句含有数字或单位，但未识别为量化指标，请核对：", r.unplaced.len());
            for u in &r.unplaced {
                println!("  [{}] {}", u.task.as_deref().unwrap_or("任务以外"), clip(&u.sentence, 80));
            }
        }
    }

    /// The indicators of the listed tasks, one line each, under the task table.
    pub(super) fn task_indicators(&self, tasks: &[TaskView]) {
        let lines: Vec<String> = tasks
            .iter()
            .flat_map(|t| {
                t.indicators.iter().map(move |i| {
                    format!(
                        "  {} 序号{}  [{}] {}  {}",
                        t.sheet,
                        t.seq,
                        i.indicator_id,
                        target_text(&i.indicator),
                        clip(&i.indicator.metric, 40)
                    )
                })
            })
            .collect();
        if !lines.is_empty() {
            println!("\n量化指标（[编号]）：\n{}", lines.join("\n"));
        }
    }

    /// A ledger's indicators with actual values and verdicts.
    pub fn indicators(&self, list: &[IndicatorStatus]) {
        if self.json(&list) {
            return;
        }
        if list.is_empty() {
            println!("该台账没有识别出量化指标。");
            return;
        }
        let mut t = table(&["编号", "所属任务", "目标", "指标", "基期值", "实际完成值", "是否达标"]);
        for s in list {
            let task = match (&s.stored.sheet, &s.stored.seq) {
                (Some(sheet), Some(seq)) => format!("{sheet} 序号{seq}"),
                _ => "全局目标".into(),
            };
            t.add_row(vec![
                s.stored.indicator_id.to_string(),
                task,
                s.target_text.clone(),
                clip(&s.stored.indicator.metric, 36),
                baseline(&s.stored.indicator),
                s.actual_text.clone().unwrap_or_default(),
                s.verdict_label.clone(),
            ]);
        }
        let met = list.iter().filter(|s| s.verdict_label == "达标").count();
        println!("{t}\n共 {} 项指标，达标 {met} 项。", list.len());
    }

    /// The result of an indicator correction.
    pub fn indicator_edited(&self, batch: Option<i64>) {
        if !self.json(&serde_json::json!({ "batch_id": batch })) {
            println!(
                "{}",
                if batch.is_some() {
                    "已修改指标（可用 undo 撤销）。"
                } else {
                    "内容与原来相同，未做修改。"
                }
            );
        }
    }
}

fn baseline(i: &taizhang::indicators::Indicator) -> String {
    i.baseline.map_or_else(String::new, |b| {
        let date = i.baseline_date.as_deref().map_or_else(String::new, |d| format!("（{d}）"));
        format!("{}{}{date}", number_text(b), i.unit)
    })
}
