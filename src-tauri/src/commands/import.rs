//! Importing ledgers: from a file the user picked, or from the bundled samples.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::model::Field;
use taizhang::service::{self, ImportOptions, ImportPreview, ImportReport};
use tauri::State;

use crate::state::{with_store, AppState};

/// Builds the import options from the UI's `[[header, field], …]` pairs (field by English key
/// or Chinese name) and the year the user typed.
fn options(overrides: Vec<(String, String)>, year: Option<i32>, reimport: bool) -> Result<ImportOptions, String> {
    let overrides = overrides
        .into_iter()
        .map(|(header, field)| match Field::from_name(&field) {
            Some(f) => Ok((header, f)),
            // Let the core phrase the error (it lists the accepted fields).
            None => ImportOptions::parse_override(&format!("{header}={field}")).map_err(|e| e.to_string()),
        })
        .collect::<Result<_, _>>()?;
    Ok(ImportOptions { overrides, anchor_year: year, reimport })
}

/// What importing the file would do, without saving anything.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_import(
    state: State<'_, AppState>,
    path: String,
    overrides: Vec<(String, String)>,
    year: Option<i32>,
) -> Result<ImportPreview, String> {
    let options = options(overrides, year, false)?;
    with_store(&state, move |store| service::preview_import(store, &PathBuf::from(path), &options)).await
}

/// Imports the file in one transaction and returns the report; `reimport` re-reads a file
/// imported before with these options (one undoable step).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_ledger(
    state: State<'_, AppState>,
    path: String,
    overrides: Vec<(String, String)>,
    year: Option<i32>,
    reimport: bool,
) -> Result<ImportReport, String> {
    let options = options(overrides, year, reimport)?;
    with_store(&state, move |store| service::import_ledger(store, &PathBuf::from(path), &options)).await
}

/// A sample ledger shipped with the app.
#[derive(Debug, Serialize)]
pub struct SampleTemplate {
    /// The file name without extension, used to import it.
    pub name: String,
    /// The file name.
    pub file_name: String,
    /// The full path (for previewing it like any other file).
    pub path: String,
}

fn samples(state: &AppState) -> Result<Vec<SampleTemplate>, String> {
    let dir = &state.templates_dir;
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("找不到随软件附带的示例台账（{}：{e}）。请重新安装台账通。", dir.display()))?;
    let mut out: Vec<SampleTemplate> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xlsx") || x.eq_ignore_ascii_case("docx")))
        .filter_map(|p| {
            Some(SampleTemplate {
                name: p.file_stem()?.to_string_lossy().into_owned(),
                file_name: p.file_name()?.to_string_lossy().into_owned(),
                path: p.display().to_string(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The bundled sample ledgers (assets/templates/*.xlsx) and policy documents (*.docx), by name.
#[tauri::command(rename_all = "snake_case")]
pub fn sample_templates(state: State<'_, AppState>) -> Result<Vec<SampleTemplate>, String> {
    samples(&state)
}

/// Imports a bundled sample by name (or by a unique prefix such as "大同") with no overrides.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_sample(state: State<'_, AppState>, name: String) -> Result<ImportReport, String> {
    let all = samples(&state)?;
    let exact = all.iter().find(|s| s.name == name || s.file_name == name);
    let mut prefixed = all.iter().filter(|s| s.name.starts_with(&name));
    let sample = match (exact, prefixed.next(), prefixed.next()) {
        (Some(s), _, _) | (None, Some(s), None) => s,
        _ => {
            let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
            return Err(format!("没有名为“{name}”的示例台账。可选：{}。", names.join("、")));
        }
    };
    let path = PathBuf::from(&sample.path);
    with_store(&state, move |store| service::import_ledger(store, &path, &ImportOptions::default())).await
}
