//! Returned files as a clerk has them: single files, a folder of e-mail attachments, or a .zip
//! of them. [`expand`] lists every returned file inside what was given; [`Attachments::load`]
//! reads one, with the time its file system or zip entry gives for when it was saved.
//!
//! A .zip of attachments passes the same limits as an .xlsx before anything in it is read
//! ([`super::guard::check_zip`]: entry count, inflated sizes, lying headers), each file in it
//! is read by the return reader with those limits again, and nothing is ever written to disk, so
//! an entry named "../x" reaches nowhere; such names are still refused, as no real archive has
//! them. Names are UTF-8 when the archive says so, else GBK (Windows' own zip on a Chinese
//! system writes GBK without saying so).

use std::io::{Cursor, Read};
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::guard::{self, MAX_PART_BYTES};
use super::ZIP_MAGIC;
use crate::{Error, Result};

/// Where one returned file is: a file on disk, or a file inside a .zip on disk.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReturnSource {
    /// The file, or the .zip holding it.
    pub path: PathBuf,
    /// The file's path inside the .zip ("回收/市财政局.xlsx"), when it is in one.
    pub entry: Option<String>,
}

impl ReturnSource {
    /// A file on disk.
    pub fn file(path: &Path) -> ReturnSource {
        ReturnSource { path: path.to_path_buf(), entry: None }
    }

    /// The returned file's own name, without folders (the name a department gave it).
    pub fn file_name(&self) -> String {
        let full = self.entry.clone().unwrap_or_else(|| self.path.display().to_string());
        full.rsplit(['/', '\\']).next().unwrap_or(&full).to_string()
    }

    /// How reports name it: the file name, or "附件.zip › 市财政局.xlsx" inside a .zip.
    pub fn label(&self) -> String {
        match &self.entry {
            Some(entry) => {
                let zip = self.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                format!("{zip} › {entry}")
            }
            None => self.file_name(),
        }
    }
}

/// A path given to collect that yields no returned file, and why (in Chinese).
#[derive(Debug, Clone, PartialEq)]
pub struct Passed {
    /// What was passed over.
    pub source: ReturnSource,
    /// Why.
    pub reason: String,
}

/// A returned file's bytes, with its name and the save time its container gives.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's own name.
    pub file_name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// Its modification time from the file system, or from its zip entry (local time).
    pub modified: Option<DateTime<Utc>>,
}

/// Every returned file inside `paths`, in order: a file is itself, a folder every file under it
/// (sorted by name, sub-folders included), a .zip of attachments every file in it. Files no
/// department sends on purpose (names starting with "." or "~$", Thumbs.db, desktop.ini) are
/// left out silently; archives inside archives and unreadable folders or archives are listed
/// in the second part.
pub fn expand(paths: &[PathBuf]) -> (Vec<ReturnSource>, Vec<Passed>) {
    let mut found = Vec::new();
    let mut passed = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(reason) = walk(path, &mut files) {
                passed.push(Passed { source: ReturnSource::file(path), reason });
            }
            files.sort();
            for file in files {
                add_file(&file, &mut found, &mut passed);
            }
        } else {
            add_file(path, &mut found, &mut passed);
        }
    }
    (found, passed)
}

/// Adds a file: the entries of an archive of attachments, else the file itself.
fn add_file(path: &Path, found: &mut Vec<ReturnSource>, passed: &mut Vec<Passed>) {
    if !is_archive(path) {
        found.push(ReturnSource::file(path));
        return;
    }
    match archive_entries(path) {
        Ok((entries, skipped)) => {
            found
                .extend(entries.into_iter().map(|entry| ReturnSource { path: path.to_path_buf(), entry: Some(entry) }));
            passed.extend(skipped.into_iter().map(|(entry, reason)| Passed {
                source: ReturnSource { path: path.to_path_buf(), entry: Some(entry) },
                reason,
            }));
        }
        Err(e) => passed.push(Passed { source: ReturnSource::file(path), reason: e.to_string() }),
    }
}

/// The files under a folder, recursively (names no department sends left out).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::result::Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("文件夹“{}”无法读取（{e}）", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_clutter(&name) {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Files that travel with attachments but are nobody's return: hidden files, Office lock files
/// ("~$市财政局.xlsx"), Windows and macOS folder files.
fn is_clutter(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name == "__MACOSX"
}

/// Whether a file is a .zip of attachments rather than an .xlsx or .docx (which are zips too):
/// named .zip, or a zip without the `[Content_Types].xml` every Office file has.
fn is_archive(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        return true;
    }
    let office = ["xlsx", "xlsm", "xls", "docx", "docm", "et", "doc", "wps", "pdf"];
    if path.extension().is_some_and(|e| office.iter().any(|o| e.eq_ignore_ascii_case(o))) {
        return false;
    }
    let mut head = [0u8; 4];
    let is_zip = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == ZIP_MAGIC;
    is_zip
        && std::fs::read(path).ok().is_some_and(|bytes| {
            zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.index_for_name("[Content_Types].xml").is_none())
        })
}

/// An archive entry passed over: (its name, why).
type Skipped = (String, String);

/// The returned files inside an archive, by their decoded names, and the entries passed over
/// with the reason. The archive must pass the same limits as an .xlsx.
fn archive_entries(path: &Path) -> Result<(Vec<String>, Vec<Skipped>)> {
    let (name, bytes) = read_archive(path)?;
    check_archive(&name, &bytes)?;
    let mut zip = open_archive(&name, &bytes)?;
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(index) else { continue };
        let entry_name = decode_name(entry.name_raw());
        let file = entry_name.rsplit('/').next().unwrap_or(&entry_name).to_string();
        if !stays_inside(&entry_name) {
            skipped
                .push((entry_name, "压缩包中的这一项指向压缩包之外（名称含“..”或以“/”开头），已跳过，未读取。".into()));
        } else if entry.is_dir() || file.is_empty() || entry_name.split('/').any(is_clutter) {
            continue;
        } else if file.to_lowercase().ends_with(".zip") {
            skipped.push((
                entry_name,
                "这是压缩包中的压缩包，没有展开。请先把它解压，再收取解压出的文件或文件夹。".into(),
            ));
        } else {
            found.push(entry_name);
        }
    }
    Ok((found, skipped))
}

/// An entry name that stays inside the archive: relative, no ".." part, no drive letter.
fn stays_inside(name: &str) -> bool {
    let path = Path::new(name);
    !name.starts_with(['/', '\\'])
        && !name.contains('\0')
        && !name.split(['/', '\\']).any(|part| part == "..")
        && path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// An entry name as text: UTF-8 when it is valid UTF-8, else GBK (GB18030).
fn decode_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.replace('\\', "/"),
        Err(_) => encoding_rs::GB18030.decode(raw).0.replace('\\', "/"),
    }
}

/// An archive's name and bytes.
fn read_archive(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|source| Error::io(path, source))?;
    Ok((name, bytes))
}

/// Checks an archive against the limits of an .xlsx; a refusal says that nothing in it was read.
fn check_archive(name: &str, bytes: &[u8]) -> Result<()> {
    guard::check_zip(name, bytes).map(|_| ()).map_err(|e| match e {
        Error::TooLarge { detail, .. } => Error::UnreadableFormat {
            file: name.to_string(),
            kind: format!("压缩包，其{detail}（可能已损坏或是恶意构造的，读取已停止）"),
            advice: "其中的文件都没有读取。请向对方索取原始的报送文件，或用解压软件解压后收取解压出的文件。"
                .to_string(),
        },
        other => other,
    })
}

/// Opens an archive (checked against the limits of an .xlsx before).
fn open_archive<'b>(name: &str, bytes: &'b [u8]) -> Result<zip::ZipArchive<Cursor<&'b [u8]>>> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Error::NotASpreadsheet {
        file: name.to_string(),
        detail: "文件是压缩包格式，但已损坏，无法打开".to_string(),
    })
}

/// Reads returned files, keeping the last archive read (and checked) so that its entries are
/// not read from disk and checked again one by one.
#[derive(Default)]
pub struct Attachments {
    archive: Option<(PathBuf, String, Vec<u8>)>,
}

impl Attachments {
    /// Reads one returned file.
    pub fn load(&mut self, source: &ReturnSource) -> Result<Loaded> {
        let Some(entry) = &source.entry else {
            let bytes = std::fs::read(&source.path).map_err(|e| Error::io(&source.path, e))?;
            let modified = std::fs::metadata(&source.path).and_then(|m| m.modified()).ok().map(DateTime::<Utc>::from);
            return Ok(Loaded { file_name: source.file_name(), bytes, modified });
        };
        if self.archive.as_ref().is_none_or(|(path, _, _)| *path != source.path) {
            let (name, bytes) = read_archive(&source.path)?;
            check_archive(&name, &bytes)?;
            self.archive = Some((source.path.clone(), name, bytes));
        }
        let (_, name, bytes) = self.archive.as_ref().expect("read above");
        let mut zip = open_archive(name, bytes)?;
        let missing = || Error::NotASpreadsheet {
            file: source.label(),
            detail: "压缩包中已没有这个文件（压缩包可能在收取期间被替换）".to_string(),
        };
        let index = (0..zip.len())
            .find(|&i| zip.by_index_raw(i).is_ok_and(|e| decode_name(e.name_raw()) == *entry))
            .ok_or_else(missing)?;
        let mut file = zip.by_index(index).map_err(|_| missing())?;
        let modified = file.last_modified().and_then(|t| {
            let day = NaiveDate::from_ymd_opt(t.year().into(), t.month().into(), t.day().into())?;
            let time = day.and_hms_opt(t.hour().into(), t.minute().into(), t.second().into())?;
            Local.from_local_datetime(&time).earliest().map(|t| t.with_timezone(&Utc))
        });
        let mut content = Vec::new();
        file.by_ref().take(MAX_PART_BYTES).read_to_end(&mut content).map_err(|_| Error::NotASpreadsheet {
            file: source.label(),
            detail: "压缩包中的这个文件无法解压，可能已损坏".to_string(),
        })?;
        Ok(Loaded { file_name: source.file_name(), bytes: content, modified })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names() {
        assert!(stays_inside("回收/市财政局.xlsx"));
        assert!(!stays_inside("../市财政局.xlsx"));
        assert!(!stays_inside("/etc/passwd"));
        assert!(!stays_inside("a/../../b.xlsx"));
        let (gbk, _, _) = encoding_rs::GB18030.encode("附件/市财政局.xlsx");
        assert_eq!(decode_name(&gbk), "附件/市财政局.xlsx");
        assert_eq!(decode_name("回收\\市财政局.xlsx".as_bytes()), "回收/市财政局.xlsx");
        let source =
            ReturnSource { path: PathBuf::from("/tmp/附件.zip"), entry: Some("回收/市财政局.xlsx".into()) };
        assert_eq!(
            (source.file_name().as_str(), source.label().as_str()),
            ("市财政局.xlsx", "附件.zip › 回收/市财政局.xlsx")
        );
    }
}
