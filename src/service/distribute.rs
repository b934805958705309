//! Writing one return file per unit for a round.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::export::{self, ExportRow, ExportSheet, IndicatorRow, UnitFile};
use crate::indicators::{self, StoredIndicator};
use crate::model::TaskView;
use crate::store::{Change, RoundRow, Store, StoredSheet, UnitTask};
use crate::workbook::{FileIdentity, IDENTITY_FORMAT};
use crate::{Error, Result};

/// One file written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedFile {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub unit: String,
    /// The file written.
    pub path: PathBuf,
    /// How many tasks it holds.
    pub task_count: usize,
}

/// What exporting a round's unit files did.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    /// The round.
    pub round_id: i64,
    /// The folder written to.
    pub out_dir: PathBuf,
    /// One entry per unit.
    pub files: Vec<ExportedFile>,
    /// Tasks no unit is responsible for (not sent to anyone), as "工作表 序号".
    pub tasks_without_units: Vec<String>,
}

/// Writes each unit's file for a round into a new folder inside `out_dir` (created if needed),
/// named after the round and the day ("第6期 下发 2024-10-10", then "…（2）" when that exists), so
/// an export never overwrites any file: not a department's return saved there, not an earlier
/// export. Files are named after the units. Records which units the round was sent to.
/// `progress` is called after each file, on the calling thread.
///
/// The ledger is read once; the files, each independent of the others, are built and written
/// on every core (rayon's pool). When one cannot be written, the export stops and reports it:
/// nothing is recorded, and the folder keeps the files written before.
pub fn export_unit_files(
    store: &mut Store,
    round_id: i64,
    out_dir: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<ExportReport> {
    let read = store.read();
    let round = read.round(round_id)?;
    let (title, _, _) = read.ledger_info(round.ledger_id)?;
    let ledger_uuid = read.ledger_uuid(round.ledger_id)?;
    let sheets = read.stored_sheets(round.ledger_id)?;
    let tasks = read.tasks(round.ledger_id)?;
    let links = read.unit_tasks(round.ledger_id)?;
    let ledger_indicators = read.indicators(round.ledger_id)?;
    let reporters = indicator_reporters(&links);
    let units = units_with_tasks(&links);
    let linked: HashSet<i64> = links.iter().map(|l| l.task_id).collect();
    let tasks_without_units =
        tasks.iter().filter(|t| !linked.contains(&t.task_id)).map(|t| format!("{} 序号{}", t.sheet, t.seq)).collect();
    let folder = fresh_folder(out_dir, &format!("{} 下发 {}", round.label, chrono::Local::now().format("%Y-%m-%d")))?;
    let paths = file_paths(&folder, &units);
    let identity = |unit_id: i64, unit: &str| FileIdentity {
        format: IDENTITY_FORMAT,
        ledger_id: round.ledger_id,
        ledger_uuid: Some(ledger_uuid.clone()),
        ledger_title: title.clone(),
        round_id,
        round_uuid: Some(round.uuid.clone()),
        round_label: round.label.clone(),
        due: round.due,
        unit_id,
        unit_name: unit.to_string(),
    };
    let write_one = |(unit_id, unit, task_ids): &(i64, String, HashSet<i64>), path: &PathBuf| -> Result<ExportedFile> {
        let file = UnitFile {
            identity: identity(*unit_id, unit),
            sheets: export_sheets(&sheets, &tasks, |t| task_ids.contains(&t.task_id)),
            indicators: unit_indicators(&ledger_indicators, &reporters, *unit_id),
        };
        export::write_unit_file(&file, path)?;
        Ok(ExportedFile { unit_id: *unit_id, unit: unit.clone(), path: path.clone(), task_count: task_ids.len() })
    };
    let files = on_all_cores(&units, &paths, write_one, &mut progress)?;
    record_export(store, &round, &title, &folder, &files)?;
    Ok(ExportReport { round_id, out_dir: folder, files, tasks_without_units })
}

/// Runs `work` on every (unit, path) pair on rayon's pool, calling `progress` on this thread as
/// each finishes; the results come back in unit order. The first failure (in unit order) is
/// returned, and the pool stops starting new work once one has failed.
fn on_all_cores<U: Sync, T: Send>(
    units: &[U],
    paths: &[PathBuf],
    work: impl Fn(&U, &PathBuf) -> Result<T> + Sync,
    progress: &mut impl FnMut(usize, usize),
) -> Result<Vec<T>> {
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let work = &work;
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            units
                .par_iter()
                .zip(paths)
                .map_with(done_tx, |done, (unit, path)| {
                    let result = work(unit, path);
                    let _ = done.send(());
                    result
                })
                .collect::<Result<Vec<T>>>()
        });
        // The senders are dropped when the last file is done (or the work stopped).
        for (done, ()) in done_rx.iter().enumerate() {
            progress(done + 1, units.len());
        }
        worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The file of each unit in `folder`: its name made safe for Windows, "（2）" … added where two
/// units' names come out the same.
fn file_paths(folder: &Path, units: &[(i64, String, HashSet<i64>)]) -> Vec<PathBuf> {
    let mut used_names: HashMap<String, usize> = HashMap::new();
    units
        .iter()
        .map(|(_, unit, _)| {
            let stem = export::safe_file_stem(unit);
            let n = used_names.entry(stem.to_lowercase()).or_default();
            *n += 1;
            folder.join(if *n == 1 { format!("{stem}.xlsx") } else { format!("{stem}（{n}）.xlsx") })
        })
        .collect()
}

/// Each unit with its tasks, in the order units first appear among the links.
fn units_with_tasks(links: &[UnitTask]) -> Vec<(i64, String, HashSet<i64>)> {
    let mut units: Vec<(i64, String, HashSet<i64>)> = Vec::new();
    let mut at: HashMap<i64, usize> = HashMap::new();
    for link in links {
        let i = *at.entry(link.unit_id).or_insert_with(|| {
            units.push((link.unit_id, link.unit_name.clone(), HashSet::new()));
            units.len() - 1
        });
        units[i].2.insert(link.task_id);
    }
    units
}

/// Creates and returns a folder inside `parent` (created if needed) that did not exist before:
/// `name` made safe for Windows, else "name（2）", "name（3）" …
fn fresh_folder(parent: &Path, name: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(parent).map_err(|source| Error::io(parent, source))?;
    let stem = export::safe_file_stem(name);
    for n in 1.. {
        let folder = parent.join(if n == 1 { stem.clone() } else { format!("{stem}（{n}）") });
        match std::fs::create_dir(&folder) {
            Ok(()) => return Ok(folder),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::io(&folder, source)),
        }
    }
    unreachable!("some numbered folder name is free")
}

/// Records which units the round was sent to (file names), in one logged batch.
fn record_export(
    store: &mut Store,
    round: &RoundRow,
    title: &str,
    folder: &Path,
    files: &[ExportedFile],
) -> Result<()> {
    store.write(|w| {
        let summary = format!("导出“{}”{}的 {} 个单位报送文件", title, round.label, files.len());
        let batch = w.begin_batch("export", &folder.display().to_string(), None, &summary)?;
        for f in files {
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            w.record_round_unit(round.round_id, f.unit_id, &name)?;
            w.record_change(
                batch,
                &Change {
                    entity: "round_unit".into(),
                    entity_id: round.round_id,
                    field: Some(f.unit_id.to_string()),
                    old_value: None,
                    new_value: Some(name),
                },
            )?;
        }
        Ok(())
    })
}

/// For each task, the units that report its indicators: its lead units, or every unit on it
/// when it has no lead unit.
fn indicator_reporters(links: &[UnitTask]) -> HashMap<i64, Vec<i64>> {
    let mut on_task: HashMap<i64, Vec<&UnitTask>> = HashMap::new();
    for link in links {
        on_task.entry(link.task_id).or_default().push(link);
    }
    on_task
        .into_iter()
        .map(|(task_id, on)| {
            let has_lead = on.iter().any(|l| l.role == "lead");
            (task_id, on.iter().filter(|l| l.role == "lead" || !has_lead).map(|l| l.unit_id).collect())
        })
        .collect()
}

/// The indicators a unit reports (see [`indicator_reporters`]), as rows of its 量化指标 sheet.
fn unit_indicators(all: &[StoredIndicator], reporters: &HashMap<i64, Vec<i64>>, unit_id: i64) -> Vec<IndicatorRow> {
    let reports = |task_id: i64| reporters.get(&task_id).is_some_and(|units| units.contains(&unit_id));
    all.iter()
        .filter(|i| i.task_id.is_some_and(reports))
        .map(|i| IndicatorRow {
            indicator_id: i.indicator_id,
            seq: i.seq.clone().unwrap_or_default(),
            metric: i.indicator.metric.clone(),
            target: indicators::target_text(&i.indicator),
            baseline: i.indicator.baseline.map_or_else(String::new, |b| {
                let date = i.indicator.baseline_date.as_deref().map_or_else(String::new, |d| format!("（{d}）"));
                format!("{}{}{date}", indicators::number_text(b), i.indicator.unit)
            }),
            actual: String::new(),
        })
        .collect()
}

/// The ledger's sheets holding the tasks `keep` selects, each cell in column order; sheets with
/// no such task are left out.
pub(crate) fn export_sheets(
    sheets: &[StoredSheet],
    tasks: &[TaskView],
    keep: impl Fn(&TaskView) -> bool,
) -> Vec<ExportSheet> {
    sheets
        .iter()
        .filter_map(|s| {
            let rows: Vec<ExportRow> = tasks
                .iter()
                .filter(|t| t.sheet == s.name && keep(t))
                .map(|t| ExportRow {
                    task_id: t.task_id,
                    cells: t.cells.values().map(|v| v.as_str().unwrap_or_default().to_string()).collect(),
                    status: t.status.clone(),
                })
                .collect();
            export_sheet(s, rows)
        })
        .collect()
}

/// Every task of the ledger in its sheet, as [`export_sheets`] gives them, with the texts moved
/// out of the tasks instead of copied: a consolidated ledger at 20,000 tasks holds little else.
pub(crate) fn export_whole_ledger(sheets: &[StoredSheet], tasks: Vec<TaskView>) -> Vec<ExportSheet> {
    let index: HashMap<&str, usize> = sheets.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();
    let mut rows: Vec<Vec<ExportRow>> = sheets.iter().map(|_| Vec::new()).collect();
    for t in tasks {
        let Some(&i) = index.get(t.sheet.as_str()) else { continue };
        let cells = t
            .cells
            .into_iter()
            .map(|(_, v)| match v {
                serde_json::Value::String(text) => text,
                _ => String::new(),
            })
            .collect();
        rows[i].push(ExportRow { task_id: t.task_id, cells, status: t.status });
    }
    sheets.iter().zip(rows).filter_map(|(s, rows)| export_sheet(s, rows)).collect()
}

/// A sheet to write with its rows; none when it has no rows.
fn export_sheet(s: &StoredSheet, rows: Vec<ExportRow>) -> Option<ExportSheet> {
    (!rows.is_empty()).then(|| ExportSheet {
        name: s.name.clone(),
        label: s.label.clone(),
        title: s.title.clone(),
        layout: s.layout.clone(),
        columns: s.columns.clone(),
        rows,
    })
}
