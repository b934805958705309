//! What collecting one file did, as shown to the clerk and stored with the return.

use serde::Serialize;

use crate::import::attachments::ReturnSource;

/// How a file was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its values were taken.
    Applied,
    /// The same file had been collected before; nothing changed.
    AlreadyCollected,
    /// Whose return it is could not be told: nothing changed; collect it again naming the unit
    /// (`--unit`, or the unit picker in the app), with [`CollectReport::unit_candidates`] as the
    /// best guesses.
    NeedsUnit,
    /// It belongs to another ledger or round, or could not be matched; nothing changed.
    Rejected,
    /// It could not be read at all.
    Unreadable,
    /// Applying it failed (a full disk, a locked database): rolled back whole, nothing changed.
    Failed,
    /// It was not looked at, because an earlier file of the same collect failed.
    NotProcessed,
}

/// A value this file reports that does not count, because a newer file of the same unit
/// (by the department's save time) reported that task and column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeptNewer {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// The column's header.
    pub header: String,
    /// What this (older) file says.
    pub this_file: String,
    /// What the newer file says, which stays.
    pub kept: String,
    /// The newer file's name.
    pub newer_file: String,
    /// Its save time (local, "YYYY-MM-DD HH:MM:SS").
    pub newer_time: String,
}

/// An actual value of an indicator taken from a return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakenIndicator {
    /// The indicator.
    pub indicator_id: i64,
    /// Its task's 序号.
    pub seq: String,
    /// Its metric text.
    pub metric: String,
    /// The number read.
    pub value: f64,
    /// The unit written beside it, if any.
    pub unit: Option<String>,
    /// What this unit had reported before in this round ("" if nothing).
    pub old: String,
    /// The cell text as written.
    pub new: String,
}

/// A change to a column the department may not edit: shown, not applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedChange {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// The column's header.
    pub header: String,
    /// The ledger's text.
    pub original: String,
    /// The returned text.
    pub returned: String,
}

/// A row in the return that matches no task (e.g. 序号 "17-1" added by the department).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddedRow {
    /// The sheet.
    pub sheet: String,
    /// The row in the returned file (1-based).
    pub row: u32,
    /// Its 序号 text.
    pub seq: String,
    /// Its measure text.
    pub measure: String,
}

/// A returned row matched to its task although its measure text is not the ledger's: the
/// department shortened or edited it, or numbered its rows its own way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextMatch {
    /// The sheet in the returned file.
    pub sheet: String,
    /// The row in the returned file (1-based).
    pub row: u32,
    /// The 序号 written in the row ("" when it has none).
    pub returned_seq: String,
    /// The measure text written in the row.
    pub returned_measure: String,
    /// The task it was matched to.
    pub task_id: i64,
    /// That task's 序号.
    pub seq: String,
    /// That task's measure in the ledger.
    pub measure: String,
    /// How alike the two measure texts are, 0–1 ([`super::similarity`]).
    pub score: f64,
    /// "seq": the 序号 named the task and the text confirmed it; "text": the text alone found
    /// it (the row's 序号 was missing or named another task).
    pub by: String,
}

/// A filled row whose 序号 names one task while its text does not confirm it (and matches no
/// other task clearly): reported, not taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeqConflict {
    /// The sheet in the returned file.
    pub sheet: String,
    /// The row in the returned file (1-based).
    pub row: u32,
    /// Its 序号.
    pub seq: String,
    /// Its measure text.
    pub measure: String,
    /// The measure of the task that 序号 names in the ledger.
    pub ledger_measure: String,
    /// How alike the two are, 0–1.
    pub score: f64,
}

/// A task the file reports on that is not assigned to the unit: taken, and listed so that the
/// clerk can add the unit to it (`assign-reported`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnassignedTask {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// Its measure.
    pub measure: String,
}

/// A task of the unit the file does not report on (its row left out, or left blank).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingTask {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// The earlier file of the unit in this round whose values for the task stay current, if any.
    pub kept_from: Option<String>,
}

/// A unit the file may come from, offered when it could not be told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCandidate {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub name: String,
    /// Why it is offered, in Chinese ("文件中填写的 3 项任务由该单位负责").
    pub reason: String,
}

/// What collecting one file did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectReport {
    /// The file's name (inside a .zip: "附件.zip › 市财政局.xlsx").
    pub file: String,
    /// Where it is, to collect it again (naming its unit).
    pub source: ReturnSource,
    /// How it was handled.
    pub outcome: Outcome,
    /// One Chinese sentence for the clerk.
    pub message: String,
    /// The unit it was recognised as.
    pub unit: Option<String>,
    /// That unit's id.
    pub unit_id: Option<i64>,
    /// How it was recognised: "identity" (the mark written at export), "title_line" (the
    /// 填报单位 line), "file_name" (a unit's name or alias in the file name), "content" (its
    /// tasks) or "clerk" (named by the clerk).
    pub identified_by: Option<String>,
    /// When the department saved it (local, "YYYY-MM-DD HH:MM:SS"): which of a unit's files
    /// counts is decided by this time.
    pub file_time: Option<String>,
    /// Where that time comes from: "document" (the file's properties) or "file" (the file
    /// system or the zip entry).
    pub file_time_source: Option<String>,
    /// The stored return.
    pub return_id: Option<i64>,
    /// The change-log batch (undo target).
    pub batch_id: Option<i64>,
    /// The unit's earlier files of this round whose values this one replaces (for the rows it
    /// reports).
    pub replaces: Vec<String>,
    /// How many values were taken. Which ones, with the unit's earlier and new text, is in the
    /// change log (the 历史 view): a large round takes hundreds of thousands of values, and the
    /// reports of a collect are held, stored and sent to the app together.
    pub taken: usize,
    /// Values not taken because a newer file of the unit reported them.
    pub kept_newer: Vec<KeptNewer>,
    /// Actual values of indicators taken (from the 量化指标 sheet).
    pub indicators: Vec<TakenIndicator>,
    /// Protected changes refused.
    pub refused: Vec<RefusedChange>,
    /// Rows added by the department.
    pub added_rows: Vec<AddedRow>,
    /// Rows matched although their measure text differs from the ledger's, with the score.
    pub text_matches: Vec<TextMatch>,
    /// Filled rows whose 序号 and text disagree: not taken.
    pub conflicts: Vec<SeqConflict>,
    /// Tasks reported on that are not assigned to the unit (taken).
    pub unassigned: Vec<UnassignedTask>,
    /// The unit's tasks missing from the file (their rows left out).
    pub missing_tasks: Vec<MissingTask>,
    /// The unit's tasks whose rows the file has but leaves blank.
    pub unfilled_tasks: Vec<MissingTask>,
    /// Rows of the file left blank (someone else's rows in a whole ledger sent back): ignored.
    pub blank_rows: usize,
    /// The best guesses of the unit, when it could not be told ([`Outcome::NeedsUnit`]).
    pub unit_candidates: Vec<UnitCandidate>,
}

impl CollectReport {
    /// A report with nothing taken yet.
    pub(super) fn new(source: &ReturnSource, outcome: Outcome, message: String) -> CollectReport {
        CollectReport {
            file: source.label(),
            source: source.clone(),
            outcome,
            message,
            unit: None,
            unit_id: None,
            identified_by: None,
            file_time: None,
            file_time_source: None,
            return_id: None,
            batch_id: None,
            replaces: Vec::new(),
            taken: 0,
            kept_newer: Vec::new(),
            indicators: Vec::new(),
            refused: Vec::new(),
            added_rows: Vec::new(),
            text_matches: Vec::new(),
            conflicts: Vec::new(),
            unassigned: Vec::new(),
            missing_tasks: Vec::new(),
            unfilled_tasks: Vec::new(),
            blank_rows: 0,
            unit_candidates: Vec::new(),
        }
    }

    /// Gives back the spare room of its lists: the reports of every file of a collect are held
    /// together.
    pub(super) fn release_spare(&mut self) {
        self.kept_newer.shrink_to_fit();
        self.refused.shrink_to_fit();
        self.added_rows.shrink_to_fit();
        self.text_matches.shrink_to_fit();
        self.unassigned.shrink_to_fit();
        self.missing_tasks.shrink_to_fit();
        self.unfilled_tasks.shrink_to_fit();
    }
}

/// One sentence summing up an applied return for the clerk.
pub(super) fn summary_message(r: &CollectReport, unit: &str) -> String {
    let mut parts = vec![format!("已收取{unit}的报送：{} 项填报内容", r.taken)];
    if !r.indicators.is_empty() {
        parts.push(format!("{} 项指标实际完成值", r.indicators.len()));
    }
    if !r.replaces.is_empty() {
        parts.push(format!("替换了该单位本期较早的报送（{}）中的相应内容，旧文件保留在记录中", r.replaces.join("、")));
    }
    if !r.kept_newer.is_empty() {
        let newer: Vec<&str> = unique(r.kept_newer.iter().map(|k| k.newer_file.as_str()));
        parts.push(format!(
            "本文件比已收取的“{}”旧，其中 {} 项保留较新文件的内容，未采用本文件",
            newer.join("、"),
            r.kept_newer.len()
        ));
    }
    if !r.unassigned.is_empty() {
        parts.push(format!(
            "{unit} 报送了未分配给它的 {} 项任务（已收取，可将其加为这些任务的责任单位）",
            r.unassigned.len()
        ));
    }
    if !r.text_matches.is_empty() {
        parts.push(format!("{} 行的措施文字与台账不同，已按序号或内容对应（请核对相似度）", r.text_matches.len()));
    }
    if !r.conflicts.is_empty() {
        parts.push(format!("{} 行的序号与内容对不上（未采用，请核对）", r.conflicts.len()));
    }
    if !r.refused.is_empty() {
        parts.push(format!("{} 处修改了不允许修改的内容（未采用，请核对）", r.refused.len()));
    }
    if !r.added_rows.is_empty() {
        parts.push(format!("新增 {} 行（未导入，请核对）", r.added_rows.len()));
    }
    for (tasks, what) in [(&r.missing_tasks, "未包含"), (&r.unfilled_tasks, "未填写")] {
        let kept = tasks.iter().filter(|m| m.kept_from.is_some()).count();
        if kept > 0 {
            parts.push(format!("{what} {kept} 项任务，保留之前报送的内容"));
        }
        if tasks.len() > kept {
            let what = if what == "未包含" { "缺少" } else { "未填写" };
            parts.push(format!("{what} {} 项任务", tasks.len() - kept));
        }
    }
    if r.blank_rows > 0 {
        parts.push(format!("其余 {} 行未填写，未作处理", r.blank_rows));
    }
    parts.join("；") + "。"
}

/// The distinct items, in first-seen order.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
