//! The raw floor of a round: only reading cells with calamine and writing them with
//! rust_xlsxwriter, no logic (no header detection beyond "the row starting with 序号", no unit
//! resolution, no formats, no merges, no identity, no database). The unit → rows map is the one
//! the engine run wrote, so the floor writes the same rows to the same files.

use std::collections::HashMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader};
use rust_xlsxwriter::Workbook;

use crate::engine_round::{RoundDir, UnitRows};
use crate::measure::phase;

type AnyResult<T> = Result<T, Box<dyn Error>>;

/// The fill-in columns of a return, by header.
const FILL_IN: [&str; 4] = ["进展情况", "存在问题", "下一步工作计划", "完成状态"];

/// A sheet's cells as text, row by row.
type Grid = Vec<Vec<String>>;

/// Runs the floor's round on `dir` (master, unit map and returns must exist), printing one
/// result line per phase.
pub fn run(dir: &RoundDir) -> AnyResult<()> {
    let map: Vec<UnitRows> = serde_json::from_slice(&std::fs::read(dir.unit_map())?)?;
    let out = dir.out("floor");
    std::fs::create_dir_all(out.join("units"))?;
    let mut returns: Vec<PathBuf> =
        std::fs::read_dir(dir.returns())?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    returns.sort();

    let (header, rows) = phase("floor", "import", || -> AnyResult<_> {
        let grid = read_first_sheet(&dir.master())?;
        let at = grid.iter().position(|r| r.first().is_some_and(|c| c == "序号")).ok_or("no 序号 header")?;
        let mut grid = grid.into_iter().skip(at);
        Ok((grid.next().unwrap_or_default(), grid.collect::<Grid>()))
    })?;
    phase("floor", "export", || -> AnyResult<()> {
        for unit in &map {
            let picked: Vec<&Vec<String>> = unit.rows.iter().filter_map(|&i| rows.get(i)).collect();
            write_grid(&out.join("units").join(&unit.file), &header, &picked)?;
        }
        Ok(())
    })?;
    let by_file: HashMap<&str, &UnitRows> = map.iter().map(|u| (u.file.as_str(), u)).collect();
    let filled = phase("floor", "collect", || -> AnyResult<_> {
        // Master row → one text per fill-in column, several units' texts joined by lines.
        let mut filled: HashMap<usize, [String; FILL_IN.len()]> = HashMap::new();
        for path in &returns {
            let grid = read_first_sheet(path)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let Some(unit) = by_file.get(name.as_str()) else { continue };
            let Some(at) = grid.iter().position(|r| r.first().is_some_and(|c| c == "序号")) else { continue };
            let columns: Vec<Option<usize>> = FILL_IN.iter().map(|h| grid[at].iter().position(|c| c == h)).collect();
            for (row, &master_row) in grid[at + 1..].iter().zip(&unit.rows) {
                let entry = filled.entry(master_row).or_default();
                for (slot, column) in entry.iter_mut().zip(&columns) {
                    let Some(text) = column.and_then(|c| row.get(c)).filter(|t| !t.is_empty()) else { continue };
                    if !slot.is_empty() {
                        slot.push('\n');
                    }
                    slot.push_str(text);
                }
            }
        }
        Ok(filled)
    })?;
    phase("floor", "consolidate", || -> AnyResult<()> {
        let mut header = header.clone();
        header.truncate(6);
        header.extend(FILL_IN.iter().map(|h| h.to_string()));
        let merged: Grid = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut cells: Vec<String> = row.iter().take(6).cloned().collect();
                cells.resize(6, String::new());
                cells.extend(filled.get(&i).cloned().unwrap_or_default());
                cells
            })
            .collect();
        write_grid(&out.join("汇总.xlsx"), &header, &merged.iter().collect::<Vec<_>>())
    })?;
    Ok(())
}

/// Every cell of a workbook's first sheet, as text.
fn read_first_sheet(path: &Path) -> AnyResult<Grid> {
    let mut book = open_workbook_auto(path)?;
    let name = book.sheet_names().first().cloned().ok_or("no sheet")?;
    let range = book.worksheet_range(&name)?;
    Ok(range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
}

/// Writes a header row and rows of text to a new workbook.
fn write_grid(path: &Path, header: &[String], rows: &[&Vec<String>]) -> AnyResult<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, text)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32 + 1, col as u16, text)?;
            }
        }
    }
    book.save(path)?;
    Ok(())
}
