//! Saving a workbook to disk, worksheet names Excel accepts, and dates as the offices write them.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Workbook, XlsxError};

use crate::{Error, Result};

/// A date as Chinese documents write it: 2024年10月9日 (no leading zeros).
pub fn cn_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The deflate level of written files: the fastest. Against the default (6) it writes a round's
/// unit files in a fifth less time for half as many bytes again (M: 3.3 MB instead of 2.2 MB for
/// 71 files), which no mail or chat attachment notices.
const ZIP_LEVEL: u8 = 1;

/// Writes the workbook beside the target, streaming the zip to the file (the whole compressed file
/// is never held in memory), and renames it into place, so a failure (the file open in Excel, a
/// full disk) never leaves a half-written file. A target that Excel or WPS holds open gives
/// [`Error::FileInUse`].
pub fn save(workbook: &mut Workbook, path: &Path) -> Result<()> {
    workbook.set_zip_compression_level(ZIP_LEVEL);
    let temp = temp_path(path);
    if let Err(e) = workbook.save(&temp) {
        let _ = std::fs::remove_file(&temp);
        return Err(write_error(path, &xlsx_reason(&e)));
    }
    move_into_place(&temp, path)
}

/// Writes a finished file beside the target and renames it into place (see [`save`]).
pub fn save_bytes(bytes: &[u8], path: &Path) -> Result<()> {
    let temp = temp_path(path);
    if let Err(e) = std::fs::write(&temp, bytes) {
        let _ = std::fs::remove_file(&temp);
        return Err(write_error(path, &io_reason(&e)));
    }
    move_into_place(&temp, path)
}

/// Renames a fully written temporary file onto the target; removes it when that fails.
fn move_into_place(temp: &Path, path: &Path) -> Result<()> {
    if let Err(e) = std::fs::rename(temp, path) {
        let _ = std::fs::remove_file(temp);
        if crate::file_in_use::held_open(&e, path) {
            return Err(Error::FileInUse { path: path.to_path_buf() });
        }
        return Err(write_error(path, &io_reason(&e)));
    }
    Ok(())
}

/// Turns a rust_xlsxwriter failure inside a sheet into the crate's error.
pub fn build_error(path: &Path, e: &XlsxError) -> Error {
    write_error(path, &xlsx_reason(e))
}

/// The crate's error for a file that could not be written, with the reason in Chinese.
pub fn write_error(path: &Path, detail: &str) -> Error {
    Error::Write { path: path.to_path_buf(), detail: detail.to_string() }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".台账通写入中.tmp");
    path.with_file_name(name)
}

fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "所在文件夹不存在".into(),
        PermissionDenied => "没有写入权限，或文件正被其他程序占用".into(),
        StorageFull => "磁盘空间已满".into(),
        _ => format!("系统错误（{e}）"),
    }
}

fn xlsx_reason(e: &XlsxError) -> String {
    match e {
        XlsxError::IoError(io) => io_reason(io),
        other => format!("生成表格时出错（{other}）"),
    }
}

/// Characters Excel forbids in worksheet names.
const SHEET_FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];

/// Gives out worksheet names Excel accepts (at most 31 characters, none of `[]:*?/\`, not
/// starting or ending with an apostrophe) and unique regardless of case.
#[derive(Debug, Default)]
pub struct SheetNames {
    used: Vec<String>,
}

impl SheetNames {
    /// Reserves a name that must stay free (the identity sheet).
    pub fn reserve(&mut self, name: &str) {
        self.used.push(name.to_lowercase());
    }

    /// A valid, unused name as close to `wanted` as possible.
    pub fn take(&mut self, wanted: &str) -> String {
        let cleaned: String =
            wanted.chars().map(|c| if SHEET_FORBIDDEN.contains(&c) || c.is_control() { '_' } else { c }).collect();
        let cleaned = cleaned.trim().trim_matches('\'').to_string();
        let base: String = if cleaned.is_empty() { "Sheet".to_string() } else { cleaned };
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!("({n})") };
            let keep = 31 - suffix.chars().count();
            let name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            if !self.used.contains(&name.to_lowercase()) {
                self.used.push(name.to_lowercase());
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates_have_no_leading_zeros() {
        assert_eq!(cn_date(NaiveDate::from_ymd_opt(2024, 3, 5).expect("date")), "2024年3月5日");
        assert_eq!(cn_date(NaiveDate::from_ymd_opt(2024, 10, 12).expect("date")), "2024年10月12日");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        names.reserve("_台账通");
        assert_eq!(names.take("重点任务台账"), "重点任务台账");
        assert_eq!(names.take("重点任务台账"), "重点任务台账(2)");
        assert_eq!(names.take("_台账通"), "_台账通(2)");
        assert_eq!(names.take("a/b:c"), "a_b_c");
        assert_eq!(names.take(""), "Sheet");
        let long = names.take(&"长".repeat(40));
        assert_eq!(long.chars().count(), 31);
        assert_eq!(names.take(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn a_missing_folder_is_a_write_error() {
        let mut wb = Workbook::new();
        wb.add_worksheet();
        let path = Path::new("/nonexistent-folder-台账通/x.xlsx");
        let err = save(&mut wb, path).expect_err("cannot write");
        let text = err.to_string();
        assert!(text.contains("x.xlsx") && text.contains("Excel") && text.contains("关闭后重试"), "{text}");
    }
}
