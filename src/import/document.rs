//! Reading a plan that has no table — a Word notice (.docx) or its text (.txt) — into a task
//! ledger: one task per numbered measure that names its units in "（牵头单位：…；责任单位：…）".
//!
//! The measures are the numbered paragraphs (一、 / （一） / 1. / 1、 / 第N条) that carry such a
//! parenthesis; the numbered paragraphs without one are the headings above them (their titles
//! become the task's 类别). The notice wrapper, the preamble (指导思想, 总体要求, 工作目标) and the
//! 保障机制 paragraphs name no units, so they yield no task. A measure with several parentheses
//! becomes one task per parenthesis, each with the text since the previous one.

pub mod body;
pub mod paragraphs;
pub mod plan;

use std::path::Path;

use crate::dates::year;
use crate::model::{ColumnMapping, Field};
use crate::{Error, Result};

use super::grid::Cell;
use super::table::TaskRow;
use super::{hex_sha256, ParsedSheet, ParsedWorkbook, SheetLayout, YearSource};
use crate::workbook::{column_letter, Merge, PageLayout};

/// The sheet a document's tasks are put on.
pub const SHEET_NAME: &str = "任务清单";

/// The columns of that sheet.
const COLUMNS: [(&str, Field, f64); 9] = [
    ("序号", Field::Seq, 6.0),
    ("类别", Field::Category, 16.0),
    ("工作措施", Field::Measure, 60.0),
    ("牵头单位", Field::Lead, 22.0),
    ("责任单位", Field::Co, 30.0),
    ("完成时限", Field::Deadline, 18.0),
    ("进展情况", Field::Progress, 24.0),
    ("存在问题", Field::Problems, 16.0),
    ("下一步工作计划", Field::NextPlan, 20.0),
];

/// Whether a file should be read as a document rather than a workbook: a zip holding
/// word/document.xml, or a file named .txt.
pub fn is_document(path: &Path, bytes: &[u8]) -> bool {
    let txt = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    (bytes.starts_with(b"PK\x03\x04") && paragraphs::is_docx(bytes)) || (txt && !bytes.is_empty())
}

/// Reads a plan document (.docx, or .txt in UTF-8 or GB18030) into a one-sheet workbook whose
/// rows are the plan's measures.
///
/// Fails with [`Error::NoTaskTable`] when no numbered measure names its units.
pub fn read_document(path: &Path) -> Result<ParsedWorkbook> {
    let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    if bytes.is_empty() {
        return Err(Error::EmptyFile { file: file_name });
    }
    let texts = if bytes.starts_with(b"PK\x03\x04") {
        paragraphs::docx_paragraphs(&bytes)
    } else {
        paragraphs::text_paragraphs(&bytes)
    }
    .map_err(|detail| Error::NotASpreadsheet { file: file_name.clone(), detail })?;
    let plan = plan::read_plan(&texts);
    if plan.tasks.is_empty() {
        return Err(Error::NoTaskTable {
            file: file_name,
            detail: "文件中没有找到带“（牵头单位：…）”的编号措施（如“1.……（牵头单位：市财政局；责任单位：……）”），\
                     无法生成任务"
                .to_string(),
        });
    }
    let stem = Path::new(&file_name).file_stem().map_or(file_name.clone(), |s| s.to_string_lossy().into_owned());
    let title = plan.title.clone().unwrap_or(stem);
    let anchor_year = year::first_year(&title).or(plan.signed_year).map(|y| (y, YearSource::Title));
    let rows = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| TaskRow {
            source_row: i as u32 + 3,
            section: None,
            cells: [&t.seq, &t.category, &t.measure, &t.lead, &t.co, &t.deadline, "", "", ""]
                .iter()
                .map(|text| Cell { text: text.to_string(), date: None })
                .collect(),
        })
        .collect();
    let columns = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, (header, field, _))| ColumnMapping {
            index: i as u32,
            letter: column_letter(i as u32),
            header: header.to_string(),
            field: *field,
        })
        .collect();
    let layout = SheetLayout {
        label_row: None,
        title_row: Some(0),
        header_row: 1,
        header_height: 1,
        merges: vec![Merge { first_row: 0, first_col: 0, last_row: 0, last_col: COLUMNS.len() as u32 - 1 }],
        page: PageLayout {
            column_widths: COLUMNS.iter().map(|c| Some(c.2)).collect(),
            print_title_rows: Some((1, 1)),
            landscape: Some(true),
            fit_to_width: Some(1),
            row_breaks: Vec::new(),
        },
    };
    let sheet = ParsedSheet {
        name: SHEET_NAME.to_string(),
        position: 0,
        label: None,
        title: Some(title.clone()),
        columns,
        rows,
        skipped: Vec::new(),
        layout,
    };
    Ok(ParsedWorkbook {
        file_name,
        sha256: hex_sha256(&bytes),
        title,
        anchor_year,
        sheets: vec![sheet],
        passed_over: Vec::new(),
        target_paragraphs: plan.targets,
        other_paragraphs: plan.other,
    })
}
