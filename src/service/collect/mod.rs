//! Collecting returned files, in whatever shape departments send them: unit files we sent, the
//! notice's own table, rows pasted into a new workbook, the whole ledger with only the unit's rows
//! filled, a Word table; one by one, from a folder or from a .zip of attachments. Each file is
//! read ([`crate::import::returns`]), recognised ([`identify`]), its rows matched to tasks
//! ([`matching`], [`finder`], [`similarity`]) and applied whole or not at all ([`apply`]).
//!
//! Which of a unit's files counts is decided per task and column by the file's own save time,
//! not by the order of collecting (see `store::rounds::CURRENT_VALUE`).

mod adopt;
mod apply;
mod finder;
mod identify;
mod matching;
mod report;
pub mod similarity;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;

use chrono::{DateTime, Local, Utc};

use crate::import::attachments::{self, Attachments, Loaded, ReturnSource};
use crate::import::returns::{read_return_bytes, ReturnedWorkbook};
use crate::indicators::StoredIndicator;
use crate::store::{Reader, RoundRow, Store, StoredSheet, TaskTexts, UnitTask};
use crate::{units, Error, Result};

pub use adopt::{assign_reported_tasks, AdoptReport};
pub use report::{
    AddedRow, CollectReport, KeptNewer, MissingTask, Outcome, RefusedChange, SeqConflict, TakenIndicator, TextMatch,
    UnassignedTask, UnitCandidate,
};

/// Collects every returned file inside `paths` — files, folders (with their sub-folders) and
/// .zip archives of attachments — recognising each file's unit. See [`collect_as`].
pub fn collect_returns(
    store: &mut Store,
    round_id: i64,
    paths: &[PathBuf],
    progress: impl FnMut(usize, usize),
) -> Result<Vec<CollectReport>> {
    collect_as(store, round_id, paths, None, progress)
}

/// Collects every returned file inside `paths` for a round, as returns of `unit` when the clerk
/// names one (`None`: each file's unit is recognised, see [`identify`]). Every file gets a
/// report, also those that cannot be read or were left out of a folder or archive.
pub fn collect_as(
    store: &mut Store,
    round_id: i64,
    paths: &[PathBuf],
    unit: Option<i64>,
    progress: impl FnMut(usize, usize),
) -> Result<Vec<CollectReport>> {
    store.read().round(round_id)?;
    let (sources, passed) = attachments::expand(paths);
    let mut reports: Vec<CollectReport> =
        passed.iter().map(|p| CollectReport::new(&p.source, Outcome::Unreadable, p.reason.clone())).collect();
    reports.extend(collect_sources(store, round_id, &sources, unit, progress)?);
    Ok(reports)
}

/// Collects the given returned files (files on disk, or files inside a .zip as a report names
/// them), each in its own transaction, after one backup of the database ([`super::backup`]);
/// `progress` is called after each file. Fails only when the round does not exist or the backup
/// cannot be written (then nothing is collected). When applying a file fails (a full disk, a
/// locked database), the files already applied stay applied and are reported, that file is
/// reported [`Outcome::Failed`] and the rest [`Outcome::NotProcessed`].
pub fn collect_sources(
    store: &mut Store,
    round_id: i64,
    sources: &[ReturnSource],
    unit: Option<i64>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<CollectReport>> {
    let round = store.read().round(round_id)?;
    if let Some(unit) = unit {
        store
            .read()
            .unit_name(unit)
            .map_err(|_| Error::UnknownUnit { name: format!("编号 {unit}"), hint: String::new() })?;
    }
    std::thread::scope(|scope| {
        let (sender, read_files) = mpsc::sync_channel(READ_AHEAD);
        // Reading needs nothing from the database: the first files are read while the backup
        // is written and the ledger loaded. Returning early drops `read_files`, which stops it.
        scope.spawn(move || read_all(sources, &sender));
        if !sources.is_empty() {
            super::backup::before_collect(store)?;
        }
        let ledger = Ledger::load(&store.read(), round.ledger_id)?;
        let mut reports = Vec::new();
        // Dropping `read_files` when this loop stops early stops the reader too.
        for (i, (source, file)) in sources.iter().zip(read_files).enumerate() {
            match collect_one(store, &round, &ledger, source, file, unit) {
                Ok(report) => reports.push(report),
                Err(e) => {
                    reports.push(CollectReport::new(source, Outcome::Failed, e.to_string()));
                    reports.extend(sources[i + 1..].iter().map(|rest| not_processed(rest, source)));
                    break;
                }
            }
            progress(i + 1, sources.len());
        }
        Ok(reports)
    })
}

/// Collects one returned file (on disk or inside a .zip, as a report names it) as the return of
/// the unit the clerk picked: what the app does when the clerk chooses the unit of a file that
/// could not be attributed ([`Outcome::NeedsUnit`]).
pub fn collect_source_as(store: &mut Store, round_id: i64, source: &ReturnSource, unit: i64) -> Result<CollectReport> {
    let mut reports = collect_sources(store, round_id, std::slice::from_ref(source), Some(unit), |_, _| {})?;
    // One report per source, whatever happened to it.
    Ok(reports.swap_remove(0))
}

/// The unit a clerk names ("市财政局", or any alias), for [`collect_as`].
pub fn unit_named(store: &Store, name: &str) -> Result<i64> {
    let aliases = store.read().unit_aliases()?;
    let key = units::normalize_name(name);
    if let Some(found) = aliases.iter().find(|a| a.key == key) {
        return Ok(found.unit_id);
    }
    let hint = units::suggest(name, aliases.iter().filter(|a| a.confirmed).map(|a| a.name.as_str()))
        .map_or(String::new(), |s| format!("（是不是“{s}”？）"));
    Err(Error::UnknownUnit { name: name.trim().to_string(), hint })
}

/// The report of a file left alone because `failed` failed before it.
fn not_processed(source: &ReturnSource, failed: &ReturnSource) -> CollectReport {
    let message =
        format!("由于前面的文件“{}”处理出错，本文件未处理，未做任何修改。请解决该问题后重新收取。", failed.label());
    CollectReport::new(source, Outcome::NotProcessed, message)
}

/// The parts of the ledger a collect reads, loaded once for all files (returns change only
/// reported values and statuses, which matching does not use).
struct Ledger {
    uuid: String,
    title: String,
    sheets: Vec<StoredSheet>,
    tasks: Vec<TaskTexts>,
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
        let tasks = read.task_texts(ledger_id)?;
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
    fn task(&self, task_id: i64) -> Option<&TaskTexts> {
        self.by_id.get(&task_id).map(|&i| &self.tasks[i])
    }
}

/// When the department saved a file: its own properties' time, else its file system or zip
/// entry time, else now; as stored (UTC) and as shown (local), with where it came from.
struct FileTime {
    stored: String,
    shown: String,
    source: &'static str,
}

impl FileTime {
    fn of(book: &ReturnedWorkbook, container: Option<DateTime<Utc>>) -> FileTime {
        let (time, source) = match (book.document_modified, container) {
            (Some(t), _) => (t, "document"),
            (None, Some(t)) => (t, "file"),
            (None, None) => (Utc::now(), "collected"),
        };
        FileTime {
            stored: time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            shown: time.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string(),
            source,
        }
    }
}

/// How many read files wait for the writer at most: reading (on a thread of its own) stays a
/// few files ahead of applying, and memory holds only those few files whatever the number
/// collected. With one, either thread often waited for the other (a large file read while a
/// small one is applied); four cut the CLI's collect at L from 9.1 to 7.7 s wall at the same peak
/// RSS (153–155 MiB), eight gained nothing more.
const READ_AHEAD: usize = 4;

/// A returned file read and parsed, or why it could not be.
type ReadFile = std::result::Result<(Loaded, ReturnedWorkbook), Error>;

/// Reads and parses the returned files in order (a zip is opened once for all its entries),
/// handing each to the one writer, which applies it while the next is read; stops when the
/// writer takes no more.
fn read_all(sources: &[ReturnSource], writer: &mpsc::SyncSender<ReadFile>) {
    let mut files = Attachments::default();
    for source in sources {
        let read = files.load(source).and_then(|loaded| {
            let book = read_return_bytes(&loaded.file_name, &loaded.bytes)?;
            Ok((loaded, book))
        });
        if writer.send(read).is_err() {
            return;
        }
    }
}

/// Collects one read file: refuse it if it could not be read, was collected before or belongs
/// elsewhere, match its rows, find its unit, read its indicator values, and apply it.
fn collect_one(
    store: &mut Store,
    round: &RoundRow,
    ledger: &Ledger,
    source: &ReturnSource,
    file: ReadFile,
    clerk: Option<i64>,
) -> Result<CollectReport> {
    let rejected = |message: String| Ok(CollectReport::new(source, Outcome::Rejected, message));
    let (loaded, book) = match file {
        Ok(read) => read,
        Err(e) => return Ok(CollectReport::new(source, Outcome::Unreadable, e.to_string())),
    };
    let read = store.read();
    if let Some(id) = read.return_by_hash(round.round_id, &book.sha256)? {
        let when = read.returns(round.round_id)?.into_iter().find(|r| r.return_id == id).map(|r| r.received_at);
        let message = format!("此文件已于 {} 收取过，内容相同，未重复处理。", when.unwrap_or_default());
        return Ok(CollectReport::new(source, Outcome::AlreadyCollected, message));
    }
    let owner = identify::RoundOwner { uuid: &ledger.uuid, title: &ledger.title };
    if let Some(message) = book.identity.as_ref().and_then(|id| identify::foreign_file(id, round, &owner)) {
        return rejected(message);
    }
    let mut report = CollectReport::new(source, Outcome::Applied, String::new());
    let time = FileTime::of(&book, loaded.modified);
    (report.file_time, report.file_time_source) = (Some(time.shown.clone()), Some(time.source.to_string()));
    let matching = matching::match_rows(&book, ledger, &mut report);
    let matched_rows = matching.matched.len();
    if book.identity.is_none() && matched_rows * 2 < matching.total.max(1) {
        return rejected(format!(
            "文件内容与本台账“{}”不符（{} 行中只有 {matched_rows} 行能对应到任务），已拒收，未做任何修改。请确认对方报送的是本台账的表格。",
            ledger.title, matching.total
        ));
    }
    let unit_id = match identify::identify_unit(&read, &book, &loaded.file_name, clerk, &matching.matched, ledger)? {
        identify::Identified::Unit(unit_id, by) => {
            report.identified_by = Some(by.to_string());
            unit_id
        }
        identify::Identified::Conflict(message) => return rejected(message),
        identify::Identified::Unknown(candidates) => {
            let mut report = CollectReport::new(source, Outcome::NeedsUnit, needs_unit_message(&candidates));
            report.unit_candidates = candidates;
            return Ok(report);
        }
    };
    let unit_name = read.unit_name(unit_id)?;
    report.unit = Some(unit_name.clone());
    report.unit_id = Some(unit_id);
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
                "文件“{}”工作表“{}”第 {} 行（{}）的实际完成值“{}”不是数字，已拒收，未做任何修改。请填写数字，如 52.3 或 52.3{}，然后重新报送。",
                source.label(),
                row.sheet,
                row.source_row,
                row.metric,
                row.actual,
                matching::indicator_unit(row, &ledger.indicators)
            ))
        }
    };
    let file = apply::ReturnFile { book: &book, time: &time.stored, time_source: time.source };
    apply::apply(store, round, ledger, &file, (unit_id, &unit_name), &matching.matched, report)
}

/// The message of a file whose unit could not be told.
fn needs_unit_message(candidates: &[UnitCandidate]) -> String {
    let guess = match candidates.first() {
        Some(c) => format!("最可能是“{}”（{}）。", c.name, c.reason),
        None => String::new(),
    };
    format!(
        "无法判断是哪个单位的报送：文件中没有下发时的标识和“填报单位：…”一行，文件名中也没有单位名称，未做任何修改。{guess}请指定单位后收取（在“报送”页为该文件选择单位，或在命令行加 --unit 单位名称）。"
    )
}
