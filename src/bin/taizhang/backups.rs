//! The backup commands: `backup [FILE]`, `backups`, `restore FILE|--latest`, and the daily
//! backup made when the database is opened.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDateTime;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;
use taizhang::service::backup::{self, RestoreReport};
use taizhang::service::Overwrite;
use taizhang::store::Store;
use taizhang::{Error, Result};

use crate::output::Printer;

/// Makes the daily backup if it is due; a failure is a warning, not the end of the command.
pub fn daily(store: &Store, now: NaiveDateTime) {
    if let Err(e) = backup::daily_backup(store, now) {
        eprintln!("警告：今日的自动备份未能完成（数据本身未受影响）：{e}");
    }
}

/// `backup [FILE]`.
pub fn backup(store: &Store, file: Option<&Path>, force: bool, now: NaiveDateTime, out: &Printer) -> Result<()> {
    let made = match file {
        Some(file) => backup::backup_to_file(store, file, now, Overwrite::from_force(force))?,
        None => backup::backup_now(store, backup::BackupReason::Manual, now)?,
    };
    if !json(out, &made) {
        println!("已备份到“{}”（{}）。", made.path.display(), size_text(made.size));
    }
    Ok(())
}

/// `backups`.
pub fn list(db: &Path, out: &Printer) -> Result<ExitCode> {
    let all = backup::list_backups(db)?;
    if json(out, &all) {
        return Ok(ExitCode::SUCCESS);
    }
    let dir = backup::backups_dir(db);
    if all.is_empty() {
        println!("数据库“{}”还没有备份（备份文件夹：{}）。", db.display(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!("数据库“{}”的备份（{} 个，最新的在前），位于 {}：", db.display(), all.len(), dir.display());
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(["时间", "类型", "大小", "文件"]);
    for b in &all {
        let name = b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        t.add_row(vec![
            b.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            b.reason_label.clone(),
            size_text(b.size),
            name,
        ]);
    }
    println!("{t}");
    Ok(ExitCode::SUCCESS)
}

/// `restore FILE|--latest`.
pub fn restore(db: &Path, file: Option<&Path>, latest: bool, now: NaiveDateTime, out: &Printer) -> Result<ExitCode> {
    let source = match (file, latest) {
        (Some(file), _) => file.to_path_buf(),
        (None, _) => {
            backup::latest_good_backup(db)?.ok_or_else(|| Error::NoBackup { dir: backup::backups_dir(db) })?.path
        }
    };
    let report: RestoreReport = backup::restore_file(db, &source, now)?;
    if !json(out, &report) {
        println!(
            "已用备份“{}”恢复数据库“{}”，其中有 {} 个台账。",
            report.restored_from.display(),
            report.database.display(),
            report.ledgers
        );
        if let Some(saved) = &report.previous_saved_to {
            println!("恢复前的数据库已另存为“{}”，如需找回可再从它恢复。", saved.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn json<T: Serialize>(out: &Printer, value: &T) -> bool {
    if out.json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")));
    }
    out.json
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b => format!("{:.0} KB", (b as f64 / 1024.0).ceil()),
    }
}
