//! The 工作进展情况报告 of a round as a .docx draft, and the ledger's wording of the report and
//! the 通报 (template texts the clerk edits once per ledger; logged and undoable).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::overwrite::Overwrite;
use super::round_facts::round_facts;
use crate::report::wording::check;
use crate::report::{compose_report, Document, Wording};
use crate::store::{Change, Reader, Store};
use crate::{Error, Result};

/// The ledger-setting prefixes of the wording.
const WORDING_PREFIXES: [&str; 2] = ["report.", "notice."];

/// What writing the report did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportWritten {
    /// The round.
    pub round_id: i64,
    /// The file written.
    pub path: PathBuf,
    /// The report as written (title, headings, paragraphs), for a preview.
    pub document: Document,
}

/// The ledger's wording: the clerk's texts where set, else the shipped defaults.
pub fn ledger_wording(store: &Store, ledger_id: i64) -> Result<Wording> {
    wording(&store.read(), ledger_id)
}

pub(crate) fn wording(read: &Reader<'_>, ledger_id: i64) -> Result<Wording> {
    read.require_ledger(ledger_id)?;
    let mut overrides = Vec::new();
    for prefix in WORDING_PREFIXES {
        overrides.extend(read.ledger_settings(ledger_id, prefix)?);
    }
    Ok(Wording::with_overrides(&overrides))
}

/// The report of a round as it would be written (for the app's preview).
pub fn report_document(store: &Store, round_id: i64, today: NaiveDate) -> Result<Document> {
    let facts = round_facts(store, round_id, today)?;
    Ok(compose_report(&facts, &wording(&store.read(), facts.ledger_id)?, today))
}

/// Writes the round's report to `out` (.docx). An existing file is replaced only when
/// `overwrite` says the clerk confirmed it.
pub fn write_report(
    store: &Store,
    round_id: i64,
    out: &Path,
    today: NaiveDate,
    overwrite: Overwrite,
) -> Result<ReportWritten> {
    overwrite.check(out)?;
    let document = report_document(store, round_id, today)?;
    crate::export::docx::write_document(&document, out)?;
    Ok(ReportWritten { round_id, path: out.to_path_buf(), document })
}

/// Sets the clerk's text of one wording segment (`None`: back to the default), checked for
/// placeholders the segment does not offer; logged with `source`. Returns the batch id, or
/// `None` when nothing changed.
pub fn set_wording(
    store: &mut Store,
    ledger_id: i64,
    key: &str,
    text: Option<&str>,
    source: &str,
) -> Result<Option<i64>> {
    if let Some(text) = text {
        check(key, text).map_err(Error::BadSetting)?;
    } else {
        check(key, "").map_err(Error::BadSetting)?;
    }
    let label = Wording::with_overrides(&[]).segment(key).map(|s| s.label.clone()).unwrap_or_default();
    // Saving the default text itself stores nothing: the segment stays on the default.
    let default = Wording::with_overrides(&[]).segment(key).map(|s| s.text.clone());
    let text = text.filter(|t| Some(*t) != default.as_deref());
    store.write(|w| {
        let old = w.set_ledger_setting(ledger_id, key, text)?;
        if old.as_deref() == text {
            return Ok(None);
        }
        let summary = match text {
            Some(_) => format!("修改报告文字“{label}”"),
            None => format!("报告文字“{label}”恢复默认"),
        };
        let batch = w.begin_batch("edit", source, None, &summary)?;
        w.record_change(
            batch,
            &Change {
                entity: "ledger_setting".into(),
                entity_id: ledger_id,
                field: Some(key.to_string()),
                old_value: old,
                new_value: text.map(str::to_string),
            },
        )?;
        Ok(Some(batch))
    })
}
