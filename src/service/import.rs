//! Importing a ledger workbook into the store: one transaction, logged, undoable.

use std::path::Path;

use serde::Serialize;

use crate::dates::{excel, Deadline, DeadlineKind};
use crate::import::{self, Cell, ParsedSheet, ParsedWorkbook, PassedSheet, SkippedRow, TaskRow, YearSource};
use crate::indicators::{self, Indicator};
use crate::model::{ColumnMapping, Field};
use crate::service::reimport;
use crate::service::resolver::{Resolver, UnknownUnit};
use crate::store::{Change, NewLedger, NewSheet, NewTask, Store, Writer};
use crate::units;
use crate::{Error, Result};

/// Choices the user can make before an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Header texts pinned to fields, overriding the synonym table.
    pub overrides: Vec<(String, Field)>,
    /// The year for deadlines that name only a month, when the ledger's own is wrong or missing.
    pub anchor_year: Option<i32>,
    /// For a file imported before: replace the ledger's reading with this one (see
    /// [`super::reimport`]) instead of only saying what would change.
    pub reimport: bool,
}

impl ImportOptions {
    /// Parses one `--map` override of the form `表头=字段` (field by English key or Chinese name).
    pub fn parse_override(spec: &str) -> Result<(String, Field)> {
        let bad = |detail: &str| Error::BadMapping {
            spec: spec.to_string(),
            detail: detail.to_string(),
            fields: Field::ALL.iter().map(|f| format!("{}（{}）", f.key(), f.label())).collect::<Vec<_>>().join("、"),
        };
        let (header, field) = spec.split_once('=').or_else(|| spec.split_once('＝')).ok_or_else(|| bad("缺少“=”"))?;
        if header.trim().is_empty() {
            return Err(bad("“=”前的表头为空"));
        }
        let field = Field::from_name(field).ok_or_else(|| bad("“=”后的字段名不认识"))?;
        Ok((header.trim().to_string(), field))
    }
}

/// What an import found in a file: shared by the preview and the import report.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    /// The file's name.
    pub file: String,
    /// The ledger's title.
    pub title: String,
    /// The year used for month-only deadlines.
    pub anchor_year: Option<i32>,
    /// Where that year came from (title, file name, a guess from the deadlines, or the user).
    pub anchor_year_source: Option<YearSource>,
    /// Tasks in all sheets.
    pub task_count: usize,
    /// Each sheet with a task table.
    pub sheets: Vec<SheetReport>,
    /// Sheets passed over, with the reason.
    pub passed_over_sheets: Vec<PassedSheet>,
    /// Unit names not in the directory.
    pub unknown_units: Vec<UnknownUnit>,
    /// Deadline cells that could not be read.
    pub unreadable_deadlines: Vec<UnreadableDeadline>,
    /// Every quantified target found: the plan's own (工作目标) first, then task by task.
    pub indicators: Vec<FoundIndicator>,
    /// Sentences that name a quantity but could not be read as a target, or belong to no task.
    pub unplaced: Vec<UnplacedSentence>,
}

/// A quantified target found by an import.
#[derive(Debug, Clone, Serialize)]
pub struct FoundIndicator {
    /// Its id once stored (empty in a preview or when the file had been imported before).
    pub indicator_id: Option<i64>,
    /// The task it belongs to, as "工作表 序号N"; empty for a target of the plan itself (its
    /// 工作目标 section), stored on the ledger until the clerk places it on a task.
    pub task: Option<String>,
    /// That task's 序号.
    pub seq: Option<String>,
    /// The target: metric, comparator ("ge" / "le" / "eq"), target, unit, baseline,
    /// baseline_date, period, sentence.
    #[serde(flatten)]
    pub indicator: Indicator,
    /// The target in one text: "≥ 150 亿元".
    pub target_text: String,
}

/// A sentence with a number and a unit that no target was read from.
#[derive(Debug, Clone, Serialize)]
pub struct UnplacedSentence {
    /// The task whose text holds it, as "工作表 序号N"; empty when it is outside every task.
    pub task: Option<String>,
    /// The sentence.
    pub sentence: String,
}

/// What an import did, for the user and for scripts.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The ledger's id.
    pub ledger_id: i64,
    /// False when the same file had been imported before and nothing was written.
    pub created: bool,
    /// The change-log batch of this import (undo target), when something was written.
    pub batch_id: Option<i64>,
    /// For a file imported before: what reading it this way would change and was not applied
    /// (how to apply it is said), or what a re-read replaced. `None` when there is nothing to say.
    pub reading_note: Option<String>,
    /// What was found.
    #[serde(flatten)]
    pub summary: ImportSummary,
}

impl std::ops::Deref for ImportReport {
    type Target = ImportSummary;

    fn deref(&self) -> &ImportSummary {
        &self.summary
    }
}

/// What importing a file would do, before anything is saved.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    /// The ledger already imported from the same file, if any.
    pub existing_ledger_id: Option<i64>,
    /// For such a file: what reading it with these options would change (empty when nothing).
    pub reading_changes: Vec<String>,
    /// What was found.
    #[serde(flatten)]
    pub summary: ImportSummary,
}

/// One imported sheet in the report.
#[derive(Debug, Clone, Serialize)]
pub struct SheetReport {
    /// The worksheet's name.
    pub name: String,
    /// The header's first row (1-based, as Excel numbers rows).
    pub header_row: u32,
    /// How many rows the header spans.
    pub header_rows: u32,
    /// How each column was understood.
    pub columns: Vec<ColumnMapping>,
    /// Tasks read from the sheet.
    pub task_count: usize,
    /// Rows under the header that are not tasks, with the reason.
    pub skipped_rows: Vec<SkippedRow>,
}

/// A deadline cell kept as text because it could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct UnreadableDeadline {
    /// The worksheet.
    pub sheet: String,
    /// The row (1-based).
    pub row: u32,
    /// The task's 序号.
    pub seq: String,
    /// The cell text.
    pub text: String,
}

/// A task ready to be stored.
pub(super) struct Prepared<'a> {
    pub(super) row: &'a TaskRow,
    pub(super) seq: String,
    pub(super) category: Vec<String>,
    pub(super) measure: String,
    pub(super) deadline: Deadline,
    pub(super) lead: Vec<String>,
    pub(super) co: Vec<String>,
    pub(super) indicators: Vec<Indicator>,
    /// Sentences of the measure with a quantity but no target.
    pub(super) unplaced: Vec<String>,
}

/// Every task sheet of a workbook with its prepared tasks.
pub(super) type PreparedSheets<'a> = Vec<(&'a ParsedSheet, Vec<Prepared<'a>>)>;

/// Reads a file and reports what importing it would do, without saving anything.
pub fn preview_import(store: &Store, path: &Path, options: &ImportOptions) -> Result<ImportPreview> {
    let book = import::read_workbook(path, &options.overrides)?;
    let anchor = anchor_of(&book, options);
    let sheets = prepare(&book, anchor);
    let existing_ledger_id = store.read().ledger_by_hash(&book.sha256)?;
    let reading_changes = match existing_ledger_id {
        Some(id) => reimport::differences(&store.read(), id, anchor.map(|(y, _)| y), &sheets)?,
        None => Vec::new(),
    };
    Ok(ImportPreview {
        existing_ledger_id,
        reading_changes,
        summary: read_only_summary(store, &book, anchor, &sheets)?,
    })
}

/// The ledger's year: the user's, else the one the workbook names.
fn anchor_of(book: &ParsedWorkbook, options: &ImportOptions) -> Option<(i32, YearSource)> {
    options.anchor_year.map(|y| (y, YearSource::User)).or(book.anchor_year)
}

/// The summary of prepared sheets, with units resolved against the directory without creating
/// any.
fn read_only_summary(
    store: &Store,
    book: &ParsedWorkbook,
    anchor: Option<(i32, YearSource)>,
    sheets: &[(&ParsedSheet, Vec<Prepared<'_>>)],
) -> Result<ImportSummary> {
    let mut resolver = Resolver::load(&store.read())?;
    for (sheet, tasks) in sheets {
        for task in tasks {
            resolve_units(&mut resolver, None, sheet, task, None)?;
        }
    }
    Ok(summary(book, anchor, sheets, resolver.into_unknown()))
}

/// Imports a ledger workbook in one transaction. The same file imported again writes nothing
/// and returns the existing ledger (`created: false`).
pub fn import_ledger(store: &mut Store, path: &Path, options: &ImportOptions) -> Result<ImportReport> {
    let book = import::read_workbook(path, &options.overrides)?;
    let anchor = anchor_of(&book, options);
    let sheets = prepare(&book, anchor);
    match store.read().ledger_by_hash(&book.sha256)? {
        Some(ledger_id) => import_known(store, ledger_id, &book, anchor, &sheets, options.reimport),
        None => import_new(store, &book, anchor, &sheets),
    }
}

/// A file imported before: says how this reading differs from the stored one and changes
/// nothing, or, with `reimport`, replaces the stored reading in one undoable batch.
fn import_known(
    store: &mut Store,
    ledger_id: i64,
    book: &ParsedWorkbook,
    anchor: Option<(i32, YearSource)>,
    sheets: &PreparedSheets<'_>,
    reimport: bool,
) -> Result<ImportReport> {
    let year = anchor.map(|(y, _)| y);
    let (batch_id, reading_note) = if reimport {
        let batch = reimport::apply(store, ledger_id, (&book.file_name, &book.sha256), year, sheets)?;
        let note = match batch {
            Some(_) => "已按新的读取方式重新读取该台账（可用“撤销”恢复原来的读取结果）。",
            None => "按新的读取方式读取的结果与已导入的相同，未做任何修改。",
        };
        (batch, Some(note.to_string()))
    } else {
        let changes = reimport::differences(&store.read(), ledger_id, year, sheets)?;
        let note = (!changes.is_empty()).then(|| {
            format!(
                "该文件已导入过（台账编号 {ledger_id}），本次的读取方式与当时不同：{}。以上均未应用，未做任何修改；如需按新的方式重新读取，请加 --reimport（一步替换该台账的读取结果，可撤销）。",
                changes.join("；")
            )
        });
        (None, note)
    };
    let summary = read_only_summary(store, book, anchor, sheets)?;
    Ok(ImportReport { ledger_id, created: false, batch_id, reading_note, summary })
}

/// A new file: the ledger, its sheets, tasks, units and indicators in one transaction and one
/// undoable batch.
fn import_new(
    store: &mut Store,
    book: &ParsedWorkbook,
    anchor: Option<(i32, YearSource)>,
    sheets: &PreparedSheets<'_>,
) -> Result<ImportReport> {
    let task_count: usize = sheets.iter().map(|(_, tasks)| tasks.len()).sum();
    store.write(|w| {
        let ledger_id = w.insert_ledger(&NewLedger {
            title: &book.title,
            source_file: &book.file_name,
            source_sha256: &book.sha256,
            anchor_year: anchor.map(|(y, _)| y),
        })?;
        let description = format!("导入台账“{}”（{task_count} 项任务）", book.title);
        let batch_id = w.begin_batch("import", &book.file_name, Some(&book.sha256), &description)?;
        let mut resolver = Resolver::load(w)?;
        let mut indicator_ids = Vec::new();
        for (position, goal) in ledger_targets(book).iter().enumerate() {
            indicator_ids.push(w.insert_indicator(ledger_id, None, position, goal)?);
        }
        insert_sheets(w, ledger_id, sheets, &mut resolver, &mut indicator_ids)?;
        for id in &indicator_ids {
            w.record_change(
                batch_id,
                &Change { entity: "indicator".into(), entity_id: *id, field: None, old_value: None, new_value: None },
            )?;
        }
        resolver.record_created(w, batch_id)?;
        w.record_change(
            batch_id,
            &Change {
                entity: "ledger".into(),
                entity_id: ledger_id,
                field: None,
                old_value: None,
                new_value: Some(book.title.clone()),
            },
        )?;
        let mut summary = summary(book, anchor, sheets, resolver.into_unknown());
        for (found, id) in summary.indicators.iter_mut().zip(indicator_ids) {
            found.indicator_id = Some(id);
        }
        Ok(ImportReport { ledger_id, created: true, batch_id: Some(batch_id), reading_note: None, summary })
    })
}

/// Stores each sheet and its tasks, links their units and stores their indicators (their ids
/// added to `indicator_ids`).
fn insert_sheets(
    w: &Writer<'_>,
    ledger_id: i64,
    sheets: &PreparedSheets<'_>,
    resolver: &mut Resolver,
    indicator_ids: &mut Vec<i64>,
) -> Result<()> {
    for (sheet, tasks) in sheets {
        let sheet_id = w.insert_sheet(
            ledger_id,
            &NewSheet {
                position: sheet.position,
                name: &sheet.name,
                label: sheet.label.as_deref(),
                title: sheet.title.as_deref(),
                layout: &sheet.layout,
                columns: &sheet.columns,
            },
        )?;
        for (position, task) in tasks.iter().enumerate() {
            let task_id = w.insert_task(
                sheet_id,
                &NewTask {
                    position: position as u32,
                    source_row: task.row.source_row,
                    seq: &task.seq,
                    category: &task.category,
                    measure: &task.measure,
                    deadline: &task.deadline,
                    cells: task.row.cells.iter().map(|c| c.text.trim()).collect(),
                },
            )?;
            resolve_units(resolver, Some(w), sheet, task, Some(task_id))?;
            for (position, indicator) in task.indicators.iter().enumerate() {
                indicator_ids.push(w.insert_indicator(ledger_id, Some(task_id), position, indicator)?);
            }
        }
    }
    Ok(())
}

/// Every sheet with its prepared tasks.
fn prepare(book: &ParsedWorkbook, anchor: Option<(i32, YearSource)>) -> Vec<(&ParsedSheet, Vec<Prepared<'_>>)> {
    book.sheets.iter().map(|s| (s, prepare_sheet(s, anchor.map(|(y, _)| y)))).collect()
}

/// Resolves a task's units and, when writing, links them to the stored task.
fn resolve_units(
    resolver: &mut Resolver,
    writer: Option<&Writer<'_>>,
    sheet: &ParsedSheet,
    task: &Prepared<'_>,
    task_id: Option<i64>,
) -> Result<()> {
    let label = task_label(sheet, task);
    for (role, names) in [("lead", &task.lead), ("co", &task.co)] {
        for (position, name) in names.iter().enumerate() {
            let unit = resolver.resolve(writer, name, &label)?;
            if let (Some(w), Some(task_id), Some(unit_id)) = (writer, task_id, unit) {
                w.link_unit(task_id, unit_id, role, position, name)?;
            }
        }
    }
    Ok(())
}

fn task_label(sheet: &ParsedSheet, task: &Prepared<'_>) -> String {
    if task.seq.is_empty() {
        format!("{} 第{}行", sheet.name, task.row.source_row)
    } else {
        format!("{} 序号{}", sheet.name, task.seq)
    }
}

/// Reads each row's fields: sequence, category path, measure, deadline and unit names.
fn prepare_sheet(sheet: &ParsedSheet, anchor_year: Option<i32>) -> Vec<Prepared<'_>> {
    let cols = |field: Field| -> Vec<usize> {
        sheet.columns.iter().filter(|c| c.field == field).map(|c| c.index as usize).collect()
    };
    let (seq, category, measure, deadline, lead, co) = (
        cols(Field::Seq),
        cols(Field::Category),
        cols(Field::Measure),
        cols(Field::Deadline),
        cols(Field::Lead),
        cols(Field::Co),
    );
    let text = |row: &TaskRow, c: usize| row.cells.get(c).map_or("", |cell| cell.text.trim()).to_string();
    let names = |row: &TaskRow, columns: &[usize]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in columns.iter().flat_map(|&c| units::split_units(&text(row, c))) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    };
    sheet
        .rows
        .iter()
        .map(|row| {
            let mut path: Vec<String> = row.section.iter().cloned().collect();
            for c in &category {
                let value = text(row, *c);
                if !value.is_empty() && path.last() != Some(&value) {
                    path.push(value);
                }
            }
            let measure_text = measure.last().map(|&c| text(row, c)).unwrap_or_default();
            let (indicators, unplaced) = indicators::read(&measure_text);
            Prepared {
                row,
                seq: seq.first().map(|&c| text(row, c)).unwrap_or_default(),
                category: path,
                measure: measure_text,
                deadline: deadline
                    .first()
                    .map_or_else(|| Deadline::parse("", anchor_year), |&c| read_deadline(&row.cells[c], anchor_year)),
                lead: names(row, &lead),
                co: names(row, &co),
                indicators,
                unplaced,
            }
        })
        .collect()
}

/// A deadline from its cell: a date cell or serial number as a date, text through the parser.
fn read_deadline(cell: &Cell, anchor_year: Option<i32>) -> Deadline {
    let raw = cell.text.trim();
    if let Some(date) = cell.date.or_else(|| raw.parse::<f64>().ok().and_then(excel::serial_date)) {
        return Deadline::from_date(raw.to_string(), date);
    }
    Deadline::parse(raw, anchor_year)
}

/// The plan's own targets: those of its 工作目标 paragraphs.
fn ledger_targets(book: &ParsedWorkbook) -> Vec<Indicator> {
    book.target_paragraphs.iter().flat_map(|p| indicators::extract(p)).collect()
}

/// Every target found, ledger-level first, then task by task (the order they are stored in).
fn found_indicators(book: &ParsedWorkbook, sheets: &[(&ParsedSheet, Vec<Prepared<'_>>)]) -> Vec<FoundIndicator> {
    let found = |task: Option<(String, String)>, indicator: &Indicator| FoundIndicator {
        indicator_id: None,
        seq: task.as_ref().map(|(_, seq)| seq.clone()),
        task: task.map(|(label, _)| label),
        target_text: indicators::target_text(indicator),
        indicator: indicator.clone(),
    };
    let mut out: Vec<FoundIndicator> = ledger_targets(book).iter().map(|i| found(None, i)).collect();
    for (sheet, tasks) in sheets {
        for task in tasks {
            for i in &task.indicators {
                out.push(found(Some((task_label(sheet, task), task.seq.clone())), i));
            }
        }
    }
    out
}

/// Sentences with quantities that gave no target: in task texts, then outside every task.
fn unplaced_sentences(book: &ParsedWorkbook, sheets: &[(&ParsedSheet, Vec<Prepared<'_>>)]) -> Vec<UnplacedSentence> {
    let mut out = Vec::new();
    for (sheet, tasks) in sheets {
        for task in tasks {
            for sentence in &task.unplaced {
                out.push(UnplacedSentence { task: Some(task_label(sheet, task)), sentence: sentence.clone() });
            }
        }
    }
    for paragraph in book.target_paragraphs.iter().chain(&book.other_paragraphs) {
        for sentence in indicators::unplaced(paragraph) {
            out.push(UnplacedSentence { task: None, sentence });
        }
    }
    out
}

fn summary(
    book: &ParsedWorkbook,
    anchor: Option<(i32, YearSource)>,
    sheets: &[(&ParsedSheet, Vec<Prepared<'_>>)],
    unknown_units: Vec<UnknownUnit>,
) -> ImportSummary {
    let unreadable_deadlines = sheets
        .iter()
        .flat_map(|(sheet, tasks)| {
            tasks.iter().filter(|t| t.deadline.kind == DeadlineKind::Unreadable).map(|t| UnreadableDeadline {
                sheet: sheet.name.clone(),
                row: t.row.source_row,
                seq: t.seq.clone(),
                text: t.deadline.raw.clone(),
            })
        })
        .collect();
    ImportSummary {
        file: book.file_name.clone(),
        title: book.title.clone(),
        anchor_year: anchor.map(|(y, _)| y),
        anchor_year_source: anchor.map(|(_, s)| s),
        task_count: sheets.iter().map(|(_, t)| t.len()).sum(),
        sheets: sheets
            .iter()
            .map(|(s, tasks)| SheetReport {
                name: s.name.clone(),
                header_row: s.layout.header_row + 1,
                header_rows: s.layout.header_height,
                columns: s.columns.clone(),
                task_count: tasks.len(),
                skipped_rows: s.skipped.clone(),
            })
            .collect(),
        passed_over_sheets: book.passed_over.clone(),
        unknown_units,
        unreadable_deadlines,
        indicators: found_indicators(book, sheets),
        unplaced: unplaced_sentences(book, sheets),
    }
}
