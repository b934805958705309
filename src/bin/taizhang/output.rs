//! Printing results: pretty JSON for scripts, Chinese tables for people.

mod assessment;
mod collect;
mod indicators;

use std::io::Write;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;
use taizhang::dates::format::chinese_date;
use taizhang::dates::{Deadline, DeadlineKind};
use taizhang::import::YearSource;
use taizhang::model::{LedgerSummary, TaskView};
use taizhang::service::{
    AssignReport, ConsolidateReport, ExportReport, ImportReport, RoundStatus, ScheduleReport, UndoReport,
};
use taizhang::store::{Batch, RoundRow};

/// Prints each command's result in the chosen form.
pub struct Printer {
    /// JSON instead of tables.
    pub json: bool,
}

/// Prints an error to stderr: a JSON object with `--json`, else a Chinese line.
pub fn error(e: &taizhang::Error, json: bool) {
    error_message(&e.to_string(), json);
}

/// Prints an error message to stderr, as [`error`] does.
pub fn error_message(message: &str, json: bool) {
    if json {
        eprintln!("{}", serde_json::json!({ "error": message }));
    } else {
        eprintln!("错误：{message}");
    }
}

fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(headers);
    t
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max).chain(std::iter::once('…')).collect()
    }
}

/// The deadline as one short Chinese phrase.
fn deadline_text(d: &Deadline) -> String {
    let due = d.due.map(|d| d.format("%Y-%m-%d").to_string());
    match (d.kind, due) {
        (DeadlineKind::None, _) => "—".into(),
        (DeadlineKind::Date, Some(due)) => due,
        (DeadlineKind::Milestones, Some(due)) => format!("{} 个节点，最终 {due}", d.milestones.len()),
        (DeadlineKind::Ongoing, _) => "长期/持续".into(),
        (DeadlineKind::Recurring, _) => "定期".into(),
        _ => format!("未识别：{}", clip(&d.raw, 12)),
    }
}

impl Printer {
    fn json<T: Serialize>(&self, value: &T) -> bool {
        if self.json {
            print_json(value);
        }
        self.json
    }

    /// The import report.
    pub fn import(&self, r: &ImportReport) {
        if self.json(r) {
            return;
        }
        let verb = if r.created { "已导入" } else { "此文件之前已导入，未重复保存" };
        println!("{verb}：“{}”，台账编号 {}，共 {} 项任务。", r.title, r.ledger_id, r.task_count);
        if let Some(note) = &r.reading_note {
            println!("{note}");
        }
        match (r.anchor_year, r.anchor_year_source) {
            (Some(year), Some(YearSource::Deadlines)) => println!(
                "台账标题中没有年份，根据完成时限推测为 {year} 年；只写月份的完成时限（如“4月末前”）按此年份理解。如不对，请用 --year 年份 重新导入。"
            ),
            (Some(year), _) => println!("只写月份的完成时限按 {year} 年理解（可用 --year 更改）。"),
            (None, _) => println!("未能确定台账年份，只写月份的完成时限无法换算成日期；可用 --year 年份 指定。"),
        }
        for s in &r.sheets {
            println!("\n工作表“{}”：表头在第 {} 行，{} 项任务。", s.name, s.header_row, s.task_count);
            let mut t = table(&["列", "原表头", "理解为"]);
            for c in &s.columns {
                t.add_row(vec![c.letter.clone(), c.header.clone(), c.field.label().to_string()]);
            }
            println!("{t}");
            for skipped in &s.skipped_rows {
                println!("  第 {} 行：{}", skipped.row, skipped.reason);
            }
        }
        for p in &r.passed_over_sheets {
            println!("\n工作表“{}”未导入：{}", p.name, p.reason);
        }
        if !r.unknown_units.is_empty() {
            println!("\n以下单位名称不在单位目录中，已作为新单位保存，请核对：");
            let mut t = table(&["单位名称", "可能是", "出现在"]);
            for u in &r.unknown_units {
                t.add_row(vec![
                    u.name.clone(),
                    u.suggestion.clone().unwrap_or_default(),
                    clip(&u.tasks.join("、"), 40),
                ]);
            }
            println!("{t}");
        }
        if !r.unreadable_deadlines.is_empty() {
            println!("\n以下完成时限无法识别日期，已原样保留：");
            let mut t = table(&["工作表", "行", "序号", "完成时限"]);
            for d in &r.unreadable_deadlines {
                t.add_row(vec![d.sheet.clone(), d.row.to_string(), d.seq.clone(), clip(&d.text, 40)]);
            }
            println!("{t}");
        }
        self.import_indicators(r);
    }

    /// The list of ledgers.
    pub fn ledgers(&self, ledgers: &[LedgerSummary]) {
        if self.json(&ledgers) {
            return;
        }
        if ledgers.is_empty() {
            println!("还没有台账。用 taizhang import 文件.xlsx 导入。");
            return;
        }
        let mut t = table(&["编号", "台账", "来源文件", "工作表", "任务数", "导入时间"]);
        for l in ledgers {
            t.add_row(vec![
                l.ledger_id.to_string(),
                l.title.clone(),
                l.source_file.clone(),
                l.sheet_count.to_string(),
                l.task_count.to_string(),
                l.imported_at.clone(),
            ]);
        }
        println!("{t}");
    }

    /// The tasks of a ledger.
    pub fn tasks(&self, tasks: &[TaskView]) {
        if self.json(&tasks) {
            return;
        }
        let mut t = table(&["工作表", "序号", "类别", "工作措施", "牵头单位", "配合单位", "完成时限"]);
        for task in tasks {
            t.add_row(vec![
                task.sheet.clone(),
                task.seq.clone(),
                clip(&task.category.join(" / "), 16),
                clip(&task.measure, 30),
                task.lead_units.join("、"),
                clip(&task.co_units.join("、"), 24),
                deadline_text(&task.deadline),
            ]);
        }
        println!("{t}\n共 {} 项任务。", tasks.len());
        self.task_indicators(tasks);
    }

    /// The change log.
    pub fn history(&self, batches: &[Batch]) {
        if self.json(&batches) {
            return;
        }
        let mut t = table(&["编号", "时间", "操作人", "内容", "来源", "状态"]);
        for b in batches {
            let state = b.undone_at.as_ref().map_or(String::new(), |at| format!("已于 {at} 撤销"));
            t.add_row(vec![
                b.batch_id.to_string(),
                b.at.clone(),
                b.actor.clone(),
                b.summary.clone(),
                b.source.clone(),
                state,
            ]);
        }
        println!("{t}");
    }

    /// The result of an undo.
    pub fn undo(&self, r: &UndoReport) {
        if !self.json(r) {
            println!("已撤销：{}", r.summary);
        }
    }

    /// The result of a task edit.
    pub fn edited(&self, batch: Option<i64>) {
        if !self.json(&serde_json::json!({ "batch_id": batch })) {
            println!("{}", if batch.is_some() { "已修改。" } else { "内容与原来相同，未做修改。" });
        }
    }

    /// The result of assigning units.
    pub fn assigned(&self, r: &AssignReport) {
        if self.json(r) {
            return;
        }
        println!(
            "已为 {} 项任务指定单位。牵头：{}；配合：{}。",
            r.task_ids.len(),
            or_dash(&r.lead_units.join("、")),
            or_dash(&r.co_units.join("、"))
        );
        for u in &r.unknown_units {
            let hint = u.suggestion.as_ref().map_or(String::new(), |s| format!("（可能是“{s}”）"));
            println!("注意：单位“{}”不在单位目录中，已作为新单位保存{hint}。", u.name);
        }
    }

    /// The schedule set.
    pub fn schedule(&self, r: &ScheduleReport) {
        if !self.json(r) {
            println!("已设置报送周期：{}。", r.description);
        }
    }

    /// A new round.
    pub fn round(&self, r: &RoundRow) {
        if !self.json(r) {
            println!("已新建期次“{}”，编号 {}，截止日期 {}。", r.label, r.round_id, chinese_date(r.due));
        }
    }

    /// The rounds of a ledger.
    pub fn rounds(&self, rounds: &[RoundRow]) {
        if self.json(&rounds) {
            return;
        }
        let mut t = table(&["编号", "期次", "报送期间", "截止日期", "创建时间"]);
        for r in rounds {
            let period = match (r.period_start, r.period_end) {
                (Some(a), Some(b)) => format!("{} 至 {}", chinese_date(a), chinese_date(b)),
                _ => "—".into(),
            };
            t.add_row(vec![r.round_id.to_string(), r.label.clone(), period, chinese_date(r.due), r.created_at.clone()]);
        }
        println!("{t}");
    }

    /// The unit files written.
    pub fn exported(&self, r: &ExportReport) {
        if self.json(r) {
            return;
        }
        println!("已在“{}”中生成 {} 个单位的报送表：", r.out_dir.display(), r.files.len());
        let mut t = table(&["单位", "任务数", "文件"]);
        for f in &r.files {
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            t.add_row(vec![f.unit.clone(), f.task_count.to_string(), name]);
        }
        println!("{t}");
        if !r.tasks_without_units.is_empty() {
            println!(
                "注意：{} 项任务没有责任单位，未下发：{}。可用 assign 命令指定单位。",
                r.tasks_without_units.len(),
                clip(&r.tasks_without_units.join("、"), 60)
            );
        }
    }

    /// The status of a round.
    pub fn status(&self, r: &RoundStatus) {
        if self.json(r) {
            return;
        }
        println!(
            "“{}”{}：截止 {}，已报送 {}，迟报 {}，未报送 {}。",
            r.ledger_title,
            r.label,
            chinese_date(r.due),
            r.returned,
            r.late,
            r.not_returned
        );
        let mut t = table(&["单位", "状态", "文件", "收取时间"]);
        for u in &r.units {
            let file = match u.files {
                0 | 1 => u.file.clone().unwrap_or_default(),
                n => format!("{}（共 {n} 份）", u.file.clone().unwrap_or_default()),
            };
            t.add_row(vec![
                u.unit.clone(),
                u.state.label().to_string(),
                file,
                u.received_at.clone().unwrap_or_default(),
            ]);
        }
        println!("{t}");
        if let Some(text) = &r.reminder {
            println!("\n催报文字（可直接复制）：\n{text}");
        }
    }

    /// The consolidated export.
    pub fn consolidated(&self, r: &ConsolidateReport) {
        if !self.json(r) {
            println!(
                "已导出汇总台账“{}”：{} 项任务，{} 个单位，逾期 {} 项。",
                r.path.display(),
                r.task_count,
                r.units.len(),
                r.overdue.len()
            );
            if !r.indicators.is_empty() {
                let met = r.indicators.iter().filter(|i| i.verdict == "达标").count();
                println!("量化指标 {} 项，达标 {met} 项（见“汇总”工作表）。", r.indicators.len());
            }
        }
    }
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() {
        "—"
    } else {
        text
    }
}

/// Prints `value` as pretty JSON on stdout, written out while it is serialised: a collect's
/// reports at L are 100 MB of text, which need not be held whole a second time.
fn print_json<T: Serialize>(value: &T) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = serde_json::to_writer_pretty(&mut out, value) {
        if e.is_io() {
            return;
        }
        let _ = write!(out, "{{\"error\":\"{e}\"}}");
    }
    let _ = writeln!(out);
    let _ = out.flush();
}
