//! Collecting returned unit files: recognise each file ([`identify`]), match its rows to tasks
//! ([`matching`]), take the fill-in values and refuse changes to protected columns, and apply
//! each file whole or not at all ([`apply`]).

mod apply;
mod identify;
mod matching;
mod report;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::import::returns::read_return;
use crate::indicators::StoredIndicator;
use crate::model::TaskView;
use crate::store::{Reader, RoundRow, Store, StoredSheet, UnitTask};
use crate::Result;

pub use report::{AddedRow, CollectReport, MissingTask, Outcome, RefusedChange, TakenIndicator, TakenValue};

/// Collects returned files for a round, each in its own transaction, after one backup of the
/// database ([`super::backup`]); `progress` is called after each file. Fails only when the round
/// does not exist or the backup cannot be written (then nothing is collected). When applying a
/// file fails (a full disk, a locked database), the files already applied stay applied and are
/// reported, that file is reported [`Outcome::Failed`] and the rest [`Outcome::NotProcessed`].
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
    let ledger = Ledger::load(&store.read(), round.ledger_id)?;
    let mut reports = Vec::new();
    for (i, path) in files.iter().enumerate() {
        match collect_one(store, &round, &ledger, path) {
            Ok(report) => reports.push(report),
            Err(e) => {
                reports.push(CollectReport::new(&file_name(path), Outcome::Failed, e.to_string()));
                reports.extend(files[i + 1..].iter().map(|rest| not_processed(rest, path)));
                break;
            }
        }
        progress(i + 1, files.len());
    }
    Ok(reports)
}

/// The report of a file left alone because `failed` failed before it.
fn not_processed(path: &Path, failed: &Path) -> CollectReport {
    let message =
        format!("由于前面的文件“{}”处理出错，本文件未处理，未做任何修改。请解决该问题后重新收取。", file_name(failed));
    CollectReport::new(&file_name(path), Outcome::NotProcessed, message)
}

/// A path's file name, as reports show it.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The parts of the ledger a collect reads, loaded once for all files (returns change only
/// reported values and statuses, which matching does not use).
struct Ledger {
    uuid: String,
    title: String,
    sheets: Vec<StoredSheet>,
    tasks: Vec<TaskView>,
    links: Vec<UnitTask>,
    indicators: Vec<StoredIndicator>,
    /// Positions in `links` grouped by task, in link order.
    by_task: HashMap<i64, Vec<usize>>,
    /// Positions in `tasks` by task id.
    by_id: HashMap<i64, usize>,
}

impl Ledger {
    fn load(read: &Reader<'_>, ledger_id: i64) -> Result<Ledger> {
        let (title, _, _) = read.ledger_info(ledger_id)?;
        let links = read.unit_tasks(ledger_id)?;
        let tasks = read.tasks(ledger_id)?;
        let mut by_task: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, link) in links.iter().enumerate() {
            by_task.entry(link.task_id).or_default().push(i);
        }
        Ok(Ledger {
            uuid: read.ledger_uuid(ledger_id)?,
            title,
            sheets: read.stored_sheets(ledger_id)?,
            by_id: tasks.iter().enumerate().map(|(i, t)| (t.task_id, i)).collect(),
            tasks,
            links,
            by_task,
            indicators: read.indicators(ledger_id)?,
        })
    }

    /// The units linked to a task, lead units first.
    fn links_of(&self, task_id: i64) -> Vec<&UnitTask> {
        self.by_task.get(&task_id).map_or_else(Vec::new, |at| at.iter().map(|&i| &self.links[i]).collect())
    }

    /// A task by id.
    fn task(&self, task_id: i64) -> Option<&TaskView> {
        self.by_id.get(&task_id).map(|&i| &self.tasks[i])
    }
}

/// Collects one file: read it, refuse it if it was collected before or belongs elsewhere, match
/// its rows, find its unit, read its indicator values, and apply it.
fn collect_one(store: &mut Store, round: &RoundRow, ledger: &Ledger, path: &Path) -> Result<CollectReport> {
    let file = file_name(path);
    let rejected = |message: String| Ok(CollectReport::new(&file, Outcome::Rejected, message));
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
    let owner = identify::RoundOwner { uuid: &ledger.uuid, title: &ledger.title };
    if let Some(message) = book.identity.as_ref().and_then(|id| identify::foreign_file(id, round, &owner)) {
        return rejected(message);
    }
    let mut report = CollectReport::new(&file, Outcome::Applied, String::new());
    let matched = matching::match_rows(&book, &ledger.sheets, &ledger.tasks, &mut report);
    let matched_rows = matched.len();
    let total_rows = matched_rows + report.added_rows.len();
    if book.identity.is_none() && matched_rows * 2 < total_rows.max(1) {
        return rejected(format!(
            "文件内容与本台账“{}”不符（{total_rows} 行中只有 {matched_rows} 行能对应到任务），已拒收，未做任何修改。请确认对方报送的是本台账的表格。",
            ledger.title
        ));
    }
    let Some((unit_id, identified_by)) = identify::identify_unit(&read, &book, &matched, ledger)? else {
        return rejected("无法判断是哪个单位的报送（文件中没有下发时的标识，也没有“填报单位：…”一行），已拒收，未做任何修改。请让对方使用下发的原表格填报，或在标题下注明“填报单位：单位名称”。".to_string());
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
    report.indicators = match matching::take_indicators(&book.indicators, &ledger.indicators, &reported_before) {
        Ok(taken) => taken,
        Err(row) => {
            return rejected(format!(
                "文件“{file}”工作表“{}”第 {} 行（{}）的实际完成值“{}”不是数字，已拒收，未做任何修改。请填写数字，如 52.3 或 52.3{}，然后重新报送。",
                row.sheet,
                row.source_row,
                row.metric,
                row.actual,
                matching::indicator_unit(row, &ledger.indicators)
            ))
        }
    };
    apply::apply(store, round, ledger, &book, (unit_id, &unit_name), &matched, report)
}
