//! Printing what a collect did, file by file, and the assignment of reported tasks.

use taizhang::service::{AdoptReport, CollectReport, Outcome};

use super::{clip, Printer};

impl Printer {
    /// The reports of a collect; a file that failed to apply (a full disk) is also an error on
    /// stderr.
    pub fn collected(&self, reports: &[CollectReport]) {
        for failed in reports.iter().filter(|r| r.outcome == Outcome::Failed) {
            if self.json {
                eprintln!("{}", serde_json::json!({ "error": failed.message }));
            } else {
                eprintln!("错误：{}：{}", failed.file, failed.message);
            }
        }
        if self.json(&reports) {
            return;
        }
        for r in reports {
            let mark = match r.outcome {
                Outcome::Applied => "✓",
                Outcome::AlreadyCollected => "=",
                Outcome::NeedsUnit => "?",
                Outcome::Rejected | Outcome::Unreadable | Outcome::Failed => "✗",
                Outcome::NotProcessed => "…",
            };
            println!("{mark} {}：{}", r.file, r.message);
            details(r);
        }
        let unassigned: Vec<&CollectReport> = reports.iter().filter(|r| !r.unassigned.is_empty()).collect();
        for r in unassigned {
            if let (Some(unit), Some(id)) = (&r.unit, r.return_id) {
                println!(
                    "提示：如确由{unit}负责上述未分配的任务，运行 taizhang assign-reported {id} 即可把它加为这些任务的责任单位（可撤销）。"
                );
            }
        }
    }

    /// What `assign-reported` did.
    pub fn adopted(&self, r: &AdoptReport) {
        if !self.json(r) {
            let status = if r.statuses_set > 0 {
                format!("，并按其报送设置了 {} 项任务的状态", r.statuses_set)
            } else {
                String::new()
            };
            println!(
                "已把{}加为 {} 项任务的责任单位（其中 {} 项为牵头单位）{status}。可用 undo 撤销。",
                r.unit,
                r.task_ids.len(),
                r.as_lead
            );
        }
    }
}

/// The lines under one file's report.
fn details(r: &CollectReport) {
    if let (Some(time), Some(source)) = (&r.file_time, &r.file_time_source) {
        let from = if source == "document" { "文件属性" } else { "文件修改时间" };
        println!("    保存时间 {time}（{from}）");
    }
    for c in &r.unit_candidates {
        println!("    可能是：{}（{}）", c.name, c.reason);
    }
    for t in &r.text_matches {
        let how = if t.by == "seq" {
            format!("按序号{}对应", t.seq)
        } else {
            format!("按内容对应到序号{}", t.seq)
        };
        println!(
            "    {} 第 {} 行措施文字与台账不同（相似度 {:.2}），{how}：报回“{}”，台账“{}”",
            t.sheet,
            t.row,
            t.score,
            clip(&t.returned_measure, 24),
            clip(&t.measure, 24)
        );
    }
    for c in &r.conflicts {
        println!(
            "    {} 第 {} 行序号“{}”与内容对不上（相似度 {:.2}，未采用）：报回“{}”，台账该序号为“{}”",
            c.sheet,
            c.row,
            c.seq,
            c.score,
            clip(&c.measure, 24),
            clip(&c.ledger_measure, 24)
        );
    }
    for c in &r.refused {
        println!(
            "    {} 序号{} “{}”被改动：原为“{}”，报回“{}”（未采用）",
            c.sheet,
            c.seq,
            c.header,
            clip(&c.original, 30),
            clip(&c.returned, 30)
        );
    }
    for a in &r.added_rows {
        println!("    {} 第 {} 行为新增行：序号“{}”，{}（未导入）", a.sheet, a.row, a.seq, clip(&a.measure, 30));
    }
    for u in &r.unassigned {
        println!("    未分配给该单位的任务：{} 序号{} {}", u.sheet, u.seq, clip(&u.measure, 30));
    }
    for k in &r.kept_newer {
        println!(
            "    {} 序号{} “{}”保留较新文件“{}”（{}）的内容“{}”，未采用本文件的“{}”",
            k.sheet,
            k.seq,
            k.header,
            k.newer_file,
            k.newer_time,
            clip(&k.kept, 20),
            clip(&k.this_file, 20)
        );
    }
    for m in &r.missing_tasks {
        match &m.kept_from {
            Some(file) => println!("    未包含 {} 序号{}，保留“{file}”中报送的内容", m.sheet, m.seq),
            None => println!("    缺少 {} 序号{}", m.sheet, m.seq),
        }
    }
    for m in r.unfilled_tasks.iter().filter(|m| m.kept_from.is_some()) {
        println!(
            "    {} 序号{} 未填写，保留“{}”中报送的内容",
            m.sheet,
            m.seq,
            m.kept_from.as_deref().unwrap_or_default()
        );
    }
    for i in &r.indicators {
        println!("    指标 序号{} {}：{}", i.seq, clip(&i.metric, 30), i.new);
    }
}
