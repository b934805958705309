//! Collecting returned unit files: recognise each file, match its rows to tasks, take the
//! fill-in values, refuse changes to protected columns, and apply each file whole or not at all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::import::returns::{read_return, ReturnedIndicator, ReturnedSheet, ReturnedWorkbook};
use crate::indicators::{parse_actual, StoredIndicator};
use crate::model::{ColumnMapping, Field, TaskView, TASK_STATUSES};
use crate::service::resolver::Resolver;
use crate::store::{field_key, Change, NewReturn, Reader, RoundRow, Store, StoredSheet, UnitTask};
use crate::{units, Result};

/// How a file was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its values were taken.
    Applied,
    /// The same file had been collected before; nothing changed.
    AlreadyCollected,
    /// It belongs to another ledger or round, or could not be matched; nothing changed.
    Rejected,
    /// It could not be read at all.
    Unreadable,
}

/// A fill-in value taken from a return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakenValue {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
    /// The column's header.
    pub header: String,
    /// What this unit had reported before in this round ("" if nothing).
    pub old: String,
    /// What it reports now.
    pub new: String,
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

/// A task of the unit that the return left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingTask {
    /// The task.
    pub task_id: i64,
    /// Its sheet.
    pub sheet: String,
    /// Its 序号.
    pub seq: String,
}

/// What collecting one file did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectReport {
    /// The file's name.
    pub file: String,
    /// How it was handled.
    pub outcome: Outcome,
    /// One Chinese sentence for the clerk.
    pub message: String,
    /// The unit it was recognised as.
    pub unit: Option<String>,
    /// That unit's id.
    pub unit_id: Option<i64>,
    /// How it was recognised: "identity" (the mark written at export), "title_line" (the
    /// 填报单位 line) or "content" (its tasks).
    pub identified_by: Option<String>,
    /// The stored return.
    pub return_id: Option<i64>,
    /// The change-log batch (undo target).
    pub batch_id: Option<i64>,
    /// The unit's earlier return this one replaces.
    pub superseded_return_id: Option<i64>,
    /// Values taken.
    pub taken: Vec<TakenValue>,
    /// Actual values of indicators taken (from the 量化指标 sheet).
    pub indicators: Vec<TakenIndicator>,
    /// Protected changes refused.
    pub refused: Vec<RefusedChange>,
    /// Rows added by the department.
    pub added_rows: Vec<AddedRow>,
    /// The unit's tasks missing from the file.
    pub missing_tasks: Vec<MissingTask>,
}

impl CollectReport {
    fn new(file: &str, outcome: Outcome, message: String) -> CollectReport {
        CollectReport {
            file: file.to_string(),
            outcome,
            message,
            unit: None,
            unit_id: None,
            identified_by: None,
            return_id: None,
            batch_id: None,
            superseded_return_id: None,
            taken: Vec::new(),
            indicators: Vec::new(),
            refused: Vec::new(),
            added_rows: Vec::new(),
            missing_tasks: Vec::new(),
        }
    }
}

/// Collects returned files for a round, each in its own transaction, after one backup of the
/// database ([`super::backup`]); `progress` is called after each file. Fails only when the round
/// does not exist or the backup cannot be written (then nothing is collected).
pub fn collect_returns(
    store: &mut Store,
    round_id: i64,
    files: &[PathBuf],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<CollectReport>> {
    let round = store.read().round(round_id)?;
    if !files.is_empty() {
        super::backup::before_collect(store)?;
    }
    let read = store.read();
    let links = read.unit_tasks(round.ledger_id)?;
    let mut by_task: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, link) in links.iter().enumerate() {
        by_task.entry(link.task_id).or_default().push(i);
    }
    let ledger = Ledger {
        sheets: read.stored_sheets(round.ledger_id)?,
        tasks: read.tasks(round.ledger_id)?,
        links,
        by_task,
        indicators: read.indicators(round.ledger_id)?,
    };
    let mut reports = Vec::new();
    for (i, path) in files.iter().enumerate() {
        reports.push(collect_one(store, &round, &ledger, path)?);
        progress(i + 1, files.len());
    }
    Ok(reports)
}

/// The parts of the ledger a collect reads, loaded once for all files (returns change only
/// reported values and statuses, which matching does not use).
struct Ledger {
    sheets: Vec<StoredSheet>,
    tasks: Vec<TaskView>,
    links: Vec<UnitTask>,
    indicators: Vec<StoredIndicator>,
    /// Positions in `links` grouped by task, in link order.
    by_task: HashMap<i64, Vec<usize>>,
}

impl Ledger {
    /// The units linked to a task, lead units first.
    fn links_of(&self, task_id: i64) -> Vec<&UnitTask> {
        self.by_task.get(&task_id).map_or_else(Vec::new, |at| at.iter().map(|&i| &self.links[i]).collect())
    }
}

/// A returned row matched to a task, with the returned values by stored column.
struct Matched<'a> {
    task: &'a TaskView,
    /// (stored column or None for an added status column, returned text)
    values: Vec<(Option<&'a ColumnMapping>, String)>,
}

fn collect_one(store: &mut Store, round: &RoundRow, ledger: &Ledger, path: &Path) -> Result<CollectReport> {
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let book = match read_return(path) {
        Ok(book) => book,
        Err(e) => return Ok(CollectReport::new(&file, Outcome::Unreadable, e.to_string())),
    };
    let read = store.read();
    if let Some(id) = read.return_by_hash(round.round_id, &book.sha256)? {
        let when = read.returns(round.round_id)?.into_iter().find(|r| r.return_id == id).map(|r| r.received_at);
        let message = format!("此文件已于 {} 收取过，内容相同，未重复处理。", when.unwrap_or_default());
        return Ok(CollectReport::new(&file, Outcome::AlreadyCollected, message));
    }
    let (title, _, _) = read.ledger_info(round.ledger_id)?;
    if let Some(id) = &book.identity {
        if id.ledger_id != round.ledger_id {
            let message = format!(
                "这是台账“{}”的报送文件，不属于本台账“{title}”，已拒收，未做任何修改。请确认对方报送的是本台账下发的表格。",
                id.ledger_title
            );
            return Ok(CollectReport::new(&file, Outcome::Rejected, message));
        }
        if id.round_id != round.round_id {
            let message = format!(
                "这是“{}”的报送文件，不是本期“{}”的，已拒收，未做任何修改。如需收取，请在“{}”中收取，或请对方填报本期下发的表格。",
                id.round_label, round.label, id.round_label
            );
            return Ok(CollectReport::new(&file, Outcome::Rejected, message));
        }
    }
    let (sheets, tasks, links) = (&ledger.sheets, &ledger.tasks, &ledger.links);
    let mut report = CollectReport::new(&file, Outcome::Applied, String::new());
    let matched = match_rows(&book, sheets, tasks, &mut report);
    let matched_rows = matched.len();
    let total_rows = matched_rows + report.added_rows.len();
    if book.identity.is_none() && matched_rows * 2 < total_rows.max(1) {
        let message = format!(
            "文件内容与本台账“{title}”不符（{total_rows} 行中只有 {matched_rows} 行能对应到任务），已拒收，未做任何修改。请确认对方报送的是本台账的表格。"
        );
        return Ok(CollectReport::new(&file, Outcome::Rejected, message));
    }
    let Some((unit_id, identified_by)) = identify_unit(&read, &book, &matched, ledger)? else {
        let message = "无法判断是哪个单位的报送（文件中没有下发时的标识，也没有“填报单位：…”一行），已拒收，未做任何修改。请让对方使用下发的原表格填报，或在标题下注明“填报单位：单位名称”。".to_string();
        return Ok(CollectReport::new(&file, Outcome::Rejected, message));
    };
    let unit_name = read.unit_name(unit_id)?;
    report.unit = Some(unit_name.clone());
    report.unit_id = Some(unit_id);
    report.identified_by = Some(identified_by.to_string());
    let reported_before: HashMap<i64, String> = read
        .indicator_values(round.ledger_id, Some(round.round_id))?
        .into_iter()
        .filter(|v| v.unit_id == unit_id)
        .map(|v| (v.indicator_id, v.raw))
        .collect();
    report.indicators = match take_indicators(&book.indicators, &ledger.indicators, &reported_before) {
        Ok(taken) => taken,
        Err(row) => {
            let message = format!(
                "文件“{file}”工作表“{}”第 {} 行（{}）的实际完成值“{}”不是数字，已拒收，未做任何修改。请填写数字，如 52.3 或 52.3{}，然后重新报送。",
                row.sheet,
                row.source_row,
                row.metric,
                row.actual,
                indicator_unit(row, &ledger.indicators)
            );
            return Ok(CollectReport::new(&file, Outcome::Rejected, message));
        }
    };
    let previous = read.current_return(round.round_id, unit_id)?;
    let before: HashMap<(i64, String), String> = read
        .unit_reported_values(round.round_id, unit_id)?
        .into_iter()
        .map(|(task, field, value)| ((task, field), value))
        .collect();
    let mut values: Vec<(i64, String, String)> = Vec::new();
    let mut status_updates: Vec<(i64, String)> = Vec::new();
    for m in &matched {
        for (column, text) in &m.values {
            let (key, header) = match column {
                Some(c) => (field_key(c), c.header.clone()),
                None => ("status".to_string(), crate::export::STATUS_HEADER.to_string()),
            };
            let old = before.get(&(m.task.task_id, key.clone())).cloned().unwrap_or_default();
            if !text.is_empty() && *text != old {
                report.taken.push(TakenValue {
                    task_id: m.task.task_id,
                    sheet: m.task.sheet.clone(),
                    seq: m.task.seq.clone(),
                    header,
                    old,
                    new: text.clone(),
                });
            }
            if key == "status"
                && sets_status(&ledger.links_of(m.task.task_id), unit_id)
                && TASK_STATUSES.contains(&text.as_str())
            {
                status_updates.push((m.task.task_id, text.clone()));
            }
            values.push((m.task.task_id, key, text.clone()));
        }
    }
    let matched_ids: HashSet<i64> = matched.iter().map(|m| m.task.task_id).collect();
    report.missing_tasks = links
        .iter()
        .filter(|l| l.unit_id == unit_id && !matched_ids.contains(&l.task_id))
        .filter_map(|l| tasks.iter().find(|t| t.task_id == l.task_id))
        .map(|t| MissingTask { task_id: t.task_id, sheet: t.sheet.clone(), seq: t.seq.clone() })
        .collect();
    report.missing_tasks.dedup_by_key(|t| t.task_id);
    report.superseded_return_id = previous;
    report.message = summary_message(&report, &unit_name);
    let json = serde_json::to_string(&report).unwrap_or_default();
    let (return_id, batch_id) = store.write(|w| {
        let batch =
            w.begin_batch("collect", &file, Some(&book.sha256), &format!("收取{unit_name}{}报送", round.label))?;
        let return_id = w.insert_return(&NewReturn {
            round_id: round.round_id,
            unit_id,
            file_name: &file,
            sha256: &book.sha256,
            identified_by,
            batch_id: batch,
            report_json: &json,
        })?;
        let log = |entity: &str, id: i64, field: Option<String>, old: Option<String>, new: Option<String>| {
            w.record_change(
                batch,
                &Change { entity: entity.into(), entity_id: id, field, old_value: old, new_value: new },
            )
        };
        log("return", return_id, None, None, Some(file.clone()))?;
        for (task_id, key, text) in &values {
            w.insert_reported_value(return_id, *task_id, key, text)?;
        }
        for t in &report.indicators {
            w.insert_indicator_value(return_id, t.indicator_id, t.value, t.unit.as_deref(), &t.new)?;
            if t.old != t.new {
                log(
                    "indicator_value",
                    t.indicator_id,
                    Some(format!("{unit_name}:实际完成值")),
                    Some(t.old.clone()),
                    Some(t.new.clone()),
                )?;
            }
        }
        for t in &report.taken {
            log(
                "reported_value",
                t.task_id,
                Some(format!("{unit_name}:{}", t.header)),
                Some(t.old.clone()),
                Some(t.new.clone()),
            )?;
        }
        for (task_id, status) in &status_updates {
            let old = w.set_task_status(*task_id, Some(status))?;
            if old.as_deref() != Some(status.as_str()) {
                log("task", *task_id, Some("status".into()), old, Some(status.clone()))?;
            }
        }
        Ok((return_id, batch))
    })?;
    report.return_id = Some(return_id);
    report.batch_id = Some(batch_id);
    Ok(report)
}

/// Whether a unit's reported status becomes the task's, given the task's links: the lead unit's
/// does, and so does the only unit's.
fn sets_status(mine: &[&UnitTask], unit_id: i64) -> bool {
    mine.iter().any(|l| l.unit_id == unit_id && l.role == "lead") || (mine.len() == 1 && mine[0].unit_id == unit_id)
}

/// The actual values of a return's indicator rows that are filled in, matched to the ledger's
/// indicators by key, else by 序号 and metric; rows matching no indicator are left aside. Fails
/// with the first row whose value is not a number.
fn take_indicators<'a>(
    rows: &'a [ReturnedIndicator],
    indicators: &[StoredIndicator],
    before: &HashMap<i64, String>,
) -> std::result::Result<Vec<TakenIndicator>, &'a ReturnedIndicator> {
    let mut taken: Vec<TakenIndicator> = Vec::new();
    for row in rows.iter().filter(|r| !r.actual.is_empty()) {
        let found = indicators
            .iter()
            .find(|i| Some(i.indicator_id) == row.indicator_id)
            .or_else(|| {
                indicators
                    .iter()
                    .find(|i| i.seq.as_deref() == Some(row.seq.as_str()) && same_text(&i.indicator.metric, &row.metric))
            })
            .filter(|i| !taken.iter().any(|t| t.indicator_id == i.indicator_id));
        let Some(indicator) = found else { continue };
        let (value, unit) = parse_actual(&row.actual).ok_or(row)?;
        taken.push(TakenIndicator {
            indicator_id: indicator.indicator_id,
            seq: indicator.seq.clone().unwrap_or_default(),
            metric: indicator.indicator.metric.clone(),
            value,
            unit,
            old: before.get(&indicator.indicator_id).cloned().unwrap_or_default(),
            new: row.actual.clone(),
        });
    }
    Ok(taken)
}

/// The unit of the indicator a returned row is for, to show in an example ("亿元"), or "".
fn indicator_unit(row: &ReturnedIndicator, indicators: &[StoredIndicator]) -> String {
    indicators
        .iter()
        .find(|i| Some(i.indicator_id) == row.indicator_id)
        .map_or(String::new(), |i| i.indicator.unit.clone())
}

fn summary_message(r: &CollectReport, unit: &str) -> String {
    let mut parts = vec![format!("已收取{unit}的报送：{} 项填报内容", r.taken.len())];
    if !r.indicators.is_empty() {
        parts.push(format!("{} 项指标实际完成值", r.indicators.len()));
    }
    if !r.refused.is_empty() {
        parts.push(format!("{} 处修改了不允许修改的内容（未采用，请核对）", r.refused.len()));
    }
    if !r.added_rows.is_empty() {
        parts.push(format!("新增 {} 行（未导入，请核对）", r.added_rows.len()));
    }
    if !r.missing_tasks.is_empty() {
        parts.push(format!("缺少 {} 项任务", r.missing_tasks.len()));
    }
    if r.superseded_return_id.is_some() {
        parts.push("已替换该单位本期之前的报送（旧文件保留在记录中）".into());
    }
    parts.join("；") + "。"
}

/// Text compared without white space, so re-wrapped cells are not reported as changed.
fn same_text(a: &str, b: &str) -> bool {
    a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
}

/// The stored sheet a returned sheet corresponds to: the one of the same name, else the one
/// whose task measures the returned rows repeat most (headers in common break ties; sheets of
/// one ledger often share their headers).
fn stored_sheet_for<'a>(
    returned: &ReturnedSheet,
    sheets: &'a [StoredSheet],
    tasks: &[TaskView],
) -> Option<&'a StoredSheet> {
    if let Some(same) = sheets.iter().find(|s| s.name == returned.name) {
        return Some(same);
    }
    let measure_col = returned.columns.iter().position(|c| c.field == Field::Measure);
    sheets
        .iter()
        .map(|s| {
            let headers =
                returned.columns.iter().filter(|r| s.columns.iter().any(|c| same_text(&c.header, &r.header))).count();
            let rows = returned
                .rows
                .iter()
                .filter_map(|r| measure_col.and_then(|c| r.cells.get(c)))
                .filter(|m| tasks.iter().any(|t| t.sheet == s.name && same_text(&t.measure, m)))
                .count();
            ((rows, headers), s)
        })
        .filter(|((_, headers), _)| *headers >= 2)
        .max_by_key(|(score, _)| *score)
        .map(|(_, s)| s)
}

/// Matches returned rows to tasks; unmatched rows become added rows and protected changes are
/// collected into the report.
fn match_rows<'a>(
    book: &ReturnedWorkbook,
    sheets: &'a [StoredSheet],
    tasks: &'a [TaskView],
    report: &mut CollectReport,
) -> Vec<Matched<'a>> {
    let mut out: Vec<Matched<'a>> = Vec::new();
    for returned in &book.sheets {
        let Some(stored) = stored_sheet_for(returned, sheets, tasks) else { continue };
        let sheet_tasks: Vec<&TaskView> = tasks.iter().filter(|t| t.sheet == stored.name).collect();
        let by_id: HashMap<i64, &TaskView> = sheet_tasks.iter().map(|t| (t.task_id, *t)).collect();
        let mut taken: HashSet<i64> = out.iter().map(|m| m.task.task_id).collect();
        // Returned column → stored column (None: the status column the export added).
        let mapping: Vec<Option<Option<&ColumnMapping>>> = returned
            .columns
            .iter()
            .map(|r| match stored.columns.iter().find(|c| same_text(&c.header, &r.header)) {
                Some(c) => Some(Some(c)),
                None if r.field == Field::Status => Some(None),
                None => None,
            })
            .collect();
        let col_of = |field: Field| returned.columns.iter().position(|c| c.field == field);
        let (seq_col, measure_col) = (col_of(Field::Seq), col_of(Field::Measure));
        for row in &returned.rows {
            let text = |c: Option<usize>| c.and_then(|c| row.cells.get(c)).map_or("", String::as_str);
            let (seq, measure) = (text(seq_col), text(measure_col));
            let task = row
                .task_id
                .and_then(|id| by_id.get(&id).copied())
                .or_else(|| sheet_tasks.iter().find(|t| t.seq == seq && same_text(&t.measure, measure)).copied())
                .or_else(|| sheet_tasks.iter().find(|t| !measure.is_empty() && same_text(&t.measure, measure)).copied())
                .filter(|t| !taken.contains(&t.task_id));
            let Some(task) = task else {
                report.added_rows.push(AddedRow {
                    sheet: returned.name.clone(),
                    row: row.source_row,
                    seq: seq.to_string(),
                    measure: measure.to_string(),
                });
                continue;
            };
            let mut values = Vec::new();
            for (i, target) in mapping.iter().enumerate() {
                let returned_text = row.cells.get(i).cloned().unwrap_or_default();
                match target {
                    Some(Some(c)) if c.field.is_fill_in() => values.push((Some(*c), returned_text)),
                    Some(None) => values.push((None, returned_text)),
                    Some(Some(c)) if c.field != Field::Other => {
                        let original = task.cells.values().nth(c.index as usize).and_then(|v| v.as_str()).unwrap_or("");
                        if !same_text(original, &returned_text) {
                            report.refused.push(RefusedChange {
                                task_id: task.task_id,
                                sheet: task.sheet.clone(),
                                seq: task.seq.clone(),
                                header: c.header.clone(),
                                original: original.to_string(),
                                returned: returned_text,
                            });
                        }
                    }
                    _ => {}
                }
            }
            taken.insert(task.task_id);
            out.push(Matched { task, values });
        }
    }
    out
}

/// The unit a file comes from: its identity, else its 填报单位 line, else the unit whose tasks
/// the file holds (the one linked to the most matched tasks, when there is exactly one such).
fn identify_unit(
    read: &Reader<'_>,
    book: &ReturnedWorkbook,
    matched: &[Matched<'_>],
    ledger: &Ledger,
) -> Result<Option<(i64, &'static str)>> {
    if let Some(id) = &book.identity {
        if read.unit_exists(id.unit_id)? {
            return Ok(Some((id.unit_id, "identity")));
        }
        // The unit was merged into another after the file went out: its name is that unit's alias now.
        let mut resolver = Resolver::load(read)?;
        if let Some(unit) = resolver.resolve(None, &units::normalize_name(&id.unit_name), "")? {
            return Ok(Some((unit, "identity")));
        }
    }
    if matched.is_empty() {
        return Ok(None);
    }
    if let Some(line) = &book.unit_line {
        let mut resolver = Resolver::load(read)?;
        if let Some(unit) = resolver.resolve(None, &units::normalize_name(line), "")? {
            return Ok(Some((unit, "title_line")));
        }
    }
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for m in matched {
        for l in ledger.links_of(m.task.task_id) {
            *counts.entry(l.unit_id).or_default() += 1;
        }
    }
    let best = counts.values().copied().max().unwrap_or(0);
    let leaders: Vec<i64> = counts.iter().filter(|(_, n)| **n == best).map(|(u, _)| *u).collect();
    Ok((best > 0 && leaders.len() == 1).then(|| (leaders[0], "content")))
}
