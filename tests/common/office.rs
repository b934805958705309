//! Real other programs in tests: python3 with openpyxl, and LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a script from tests/support with python3 and returns its stdout; panics with its stderr.
pub fn python(script: &str, args: &[&Path]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support").join(script);
    let out = Command::new("python3").arg(&path).args(args).output().expect("python3 runs (install python3)");
    assert!(
        out.status.success(),
        "{script} failed (needs `pip install openpyxl`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Re-saves a spreadsheet with LibreOffice Calc (as a department using it would) into `out_dir`,
/// returning the new file; `format` is "xlsx" or "xls".
pub fn libreoffice_resave(file: &Path, out_dir: &Path, format: &str) -> PathBuf {
    convert(file, out_dir, format)
}

/// Converts a spreadsheet with LibreOffice to `format` (xlsx, xls, pdf) into `out_dir`.
pub fn convert(file: &Path, out_dir: &Path, format: &str) -> PathBuf {
    std::fs::create_dir_all(out_dir).expect("out dir");
    let profile = out_dir.join(".lo-profile");
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .expect("soffice runs (install libreoffice-calc)");
    assert!(status.status.success(), "soffice failed: {}", String::from_utf8_lossy(&status.stderr));
    let stem = file.file_stem().expect("stem").to_string_lossy().into_owned();
    let converted = out_dir.join(format!("{stem}.{format}"));
    assert!(converted.exists(), "soffice wrote {}", converted.display());
    converted
}

/// An xlsx file as openpyxl reads it (tests/support/inspect_xlsx.py): sheets with their rows,
/// merges, page setup and cell details, as JSON.
pub fn inspect(file: &Path) -> serde_json::Value {
    serde_json::from_str(&python("inspect_xlsx.py", &[file])).expect("inspect_xlsx.py prints JSON")
}

/// A sheet of an inspected workbook, by name.
pub fn sheet<'a>(book: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    let sheets = book["sheets"].as_array().expect("sheets");
    sheets.iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no sheet {name} in {:?}", sheet_names(book)))
}

/// The names of an inspected workbook's sheets, in order.
pub fn sheet_names(book: &serde_json::Value) -> Vec<String> {
    book["sheets"].as_array().expect("sheets").iter().map(|s| s["name"].as_str().unwrap_or("").to_string()).collect()
}

/// The rows of an inspected sheet as texts ("" for empty cells).
pub fn rows(sheet: &serde_json::Value) -> Vec<Vec<String>> {
    sheet["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r.as_array().expect("row").iter().map(|c| c.as_str().unwrap_or("").to_string()).collect())
        .collect()
}

/// Fills a unit file as a department would, with openpyxl (tests/support/fill_return.py):
/// writes `spec` beside `filled` (as `<filled>.spec.json`) and the filled copy of `file` to
/// `filled`.
pub fn fill_return(file: &Path, filled: &Path, spec: &serde_json::Value) {
    let spec_file = filled.with_extension("spec.json");
    std::fs::write(&spec_file, spec.to_string()).expect("write the fill spec");
    python("fill_return.py", &[file, filled, &spec_file]);
}
