//! The 考核 of a ledger: scores of a round or a year with every event explained, the rules the
//! clerk sets (logged and undoable), and the 通报 as a .docx.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::overwrite::Overwrite;
use super::report::wording;
use super::round_facts::ledger_round_facts;
use crate::assessment::rules::{check, RuleSpec, SETTING_PREFIX};
use crate::assessment::{score_board, ScoreBoard, ScoreRules, RULES};
use crate::indicators::number_text;
use crate::report::{compose_notice, Document};
use crate::store::{Change, Reader, Store};
use crate::{Error, Result};

/// Which rounds are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ScoreScope {
    /// One round.
    Round(i64),
    /// Every round due in a year.
    Year(i32),
    /// The newest round.
    Latest,
}

impl ScoreScope {
    /// The round when one is given, else the year when one is given, else the newest round.
    pub fn chosen(round_id: Option<i64>, year: Option<i32>) -> ScoreScope {
        match (round_id, year) {
            (Some(round), _) => ScoreScope::Round(round),
            (None, Some(year)) => ScoreScope::Year(year),
            (None, None) => ScoreScope::Latest,
        }
    }
}

/// A ledger's rules with what each means and its default, for the CLI and the app.
#[derive(Debug, Clone, Serialize)]
pub struct RulesView {
    /// The ledger.
    pub ledger_id: i64,
    /// The rules in force.
    pub rules: ScoreRules,
    /// Every rule: key, label, default.
    pub specs: Vec<RuleSpec>,
    /// The point rules in one sentence.
    pub description: String,
}

pub(crate) fn rules(read: &Reader<'_>, ledger_id: i64) -> Result<ScoreRules> {
    read.require_ledger(ledger_id)?;
    Ok(ScoreRules::from_settings(&read.ledger_settings(ledger_id, SETTING_PREFIX)?))
}

/// The ledger's scoring rules.
pub fn score_rules(store: &Store, ledger_id: i64) -> Result<RulesView> {
    let rules = rules(&store.read(), ledger_id)?;
    Ok(RulesView { ledger_id, description: rules.describe(), rules, specs: RULES.to_vec() })
}

/// Sets rules (key → points; `None`: back to the default), all in one logged batch with
/// `source`. Returns the batch id, or `None` when nothing changed.
pub fn set_score_rules(
    store: &mut Store,
    ledger_id: i64,
    changes: &[(String, Option<f64>)],
    source: &str,
) -> Result<Option<i64>> {
    let read = store.read();
    read.require_ledger(ledger_id)?;
    let mut settings = read.ledger_settings(ledger_id, SETTING_PREFIX)?;
    let mut stored: Vec<(String, Option<String>)> = Vec::new();
    for (key, value) in changes {
        let full = format!("{SETTING_PREFIX}{key}");
        settings.retain(|(k, _)| *k != full);
        settings.extend(value.map(|v| (full.clone(), number_text(v))));
        stored.push((full, value.map(number_text)));
    }
    let next = ScoreRules::from_settings(&settings);
    for (key, value) in changes {
        let in_force = next.get(key).or(*value).unwrap_or(f64::NAN);
        check(&next, key, value.unwrap_or(in_force)).map_err(Error::BadSetting)?;
    }
    store.write(|w| {
        let mut recorded = Vec::new();
        for (key, value) in &stored {
            let old = w.set_ledger_setting(ledger_id, key, value.as_deref())?;
            if old != *value {
                recorded.push(Change {
                    entity: "ledger_setting".into(),
                    entity_id: ledger_id,
                    field: Some(key.clone()),
                    old_value: old,
                    new_value: value.clone(),
                });
            }
        }
        if recorded.is_empty() {
            return Ok(None);
        }
        let batch = w.begin_batch("edit", source, None, &format!("修改考核计分规则：{}", next.describe()))?;
        for change in &recorded {
            w.record_change(batch, change)?;
        }
        Ok(Some(batch))
    })
}

/// The scores of a ledger's round, year or newest round, as of `today` (which decides who is
/// missing rather than pending).
pub fn scores(store: &Store, ledger_id: i64, scope: ScoreScope, today: NaiveDate) -> Result<ScoreBoard> {
    let read = store.read();
    let rules = rules(&read, ledger_id)?;
    let rounds = read.rounds(ledger_id)?;
    let (title, _, _) = read.ledger_info(ledger_id)?;
    let latest = rounds.last().ok_or_else(|| Error::NoRounds(title.clone()))?;
    let (label, keep): (String, Box<dyn Fn(i64, NaiveDate) -> bool>) = match scope {
        ScoreScope::Round(id) => {
            let round = read.round(id)?;
            if round.ledger_id != ledger_id {
                return Err(Error::BadSetting(format!("期次 {id} 不属于台账 {ledger_id}")));
            }
            (round.label, Box::new(move |r, _| r == id))
        }
        ScoreScope::Latest => {
            let id = latest.round_id;
            (latest.label.clone(), Box::new(move |r, _| r == id))
        }
        ScoreScope::Year(year) => (format!("{year}年度"), Box::new(move |_, due| due.year() == year)),
    };
    let facts = ledger_round_facts(store, ledger_id, today, |r| keep(r.round_id, r.due))?;
    Ok(score_board(&label, &facts, &rules))
}

/// What writing the 通报 did.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeWritten {
    /// The file written.
    pub path: PathBuf,
    /// The scores it reports.
    pub board: ScoreBoard,
    /// The notice as written.
    pub document: Document,
}

/// Writes the 通报 of the scores to `out` (.docx). An existing file is replaced only when
/// `overwrite` says the clerk confirmed it.
pub fn write_notice(
    store: &Store,
    ledger_id: i64,
    scope: ScoreScope,
    out: &Path,
    today: NaiveDate,
    overwrite: Overwrite,
) -> Result<NoticeWritten> {
    overwrite.check(out)?;
    let board = scores(store, ledger_id, scope, today)?;
    let read = store.read();
    let (title, _, _) = read.ledger_info(ledger_id)?;
    let document = compose_notice(&title, &board, &wording(&read, ledger_id)?, today);
    crate::export::docx::write_document(&document, out)?;
    Ok(NoticeWritten { path: out.to_path_buf(), board, document })
}

/// The consolidated ledger's 通报 sheet: the scores of `round_id` (the newest round when
/// `None`); `None` for a ledger without rounds.
pub(crate) fn notice_sheet(
    store: &Store,
    ledger_id: i64,
    round_id: Option<i64>,
    today: NaiveDate,
) -> Result<Option<crate::export::NoticeSheet>> {
    if store.read().rounds(ledger_id)?.is_empty() {
        return Ok(None);
    }
    let board = scores(store, ledger_id, round_id.map_or(ScoreScope::Latest, ScoreScope::Round), today)?;
    let (title, _, _) = store.read().ledger_info(ledger_id)?;
    Ok(Some(crate::export::NoticeSheet {
        title: format!("{title}　{}考核情况", board.scope),
        rules: board.rules.describe(),
        headers: crate::report::notice::RANKING_HEADERS.iter().map(|h| h.to_string()).collect(),
        rows: crate::report::notice::ranking_rows(&board),
        praise: board.praise.clone(),
        remind: board.remind.clone(),
    }))
}
