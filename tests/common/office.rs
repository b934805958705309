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
