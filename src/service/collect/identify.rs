//! Whose file is it, and is it for this round: the identity written at export (its ledger and
//! round UUIDs, or the database ids of files written before UUIDs), the clerk's word, the
//! 填报单位 line, a unit name in the file name, or the unit whose tasks the file fills in; when
//! none says, the best guesses for the clerk to choose from.

use std::collections::HashMap;

use super::matching::Matched;
use super::report::UnitCandidate;
use super::Ledger;
use crate::import::returns::ReturnedWorkbook;
use crate::service::resolver::Resolver;
use crate::store::{Reader, RoundRow, UnitRow};
use crate::workbook::FileIdentity;
use crate::{units, Result};

/// The ledger a round belongs to, as a file's identity names it.
pub(super) struct RoundOwner<'a> {
    /// The ledger's UUID.
    pub uuid: &'a str,
    /// The ledger's title.
    pub title: &'a str,
}

/// Why a file whose identity names another ledger or another round is refused, or `None` when it
/// belongs to `round`. Files carrying UUIDs are compared by UUID, which are never reused; files of
/// identity format 1 (ids only) by their database ids, as before.
pub(super) fn foreign_file(id: &FileIdentity, round: &RoundRow, ledger: &RoundOwner<'_>) -> Option<String> {
    let other_ledger = match &id.ledger_uuid {
        Some(uuid) => uuid != ledger.uuid,
        None => id.ledger_id != round.ledger_id,
    };
    if other_ledger {
        let title = ledger.title;
        return Some(if id.ledger_title == title {
            format!(
                "这份文件来自另一份同名台账“{title}”（可能是撤销导入或恢复备份之前下发的），与当前台账不是同一份，已拒收，未做任何修改。请用当前台账重新下发报送文件，请对方填报后再收取。"
            )
        } else {
            format!(
                "这是台账“{}”的报送文件，不属于本台账“{title}”，已拒收，未做任何修改。请确认对方报送的是本台账下发的表格。",
                id.ledger_title
            )
        });
    }
    let other_round = match &id.round_uuid {
        Some(uuid) => *uuid != round.uuid,
        None => id.round_id != round.round_id,
    };
    if !other_round {
        return None;
    }
    Some(if id.round_label == round.label {
        format!(
            "这份文件是另一个“{}”下发的（该期次已被撤销后重新创建），不是本期的，已拒收，未做任何修改。请用本期重新下发的表格填报后再收取。",
            round.label
        )
    } else {
        format!(
            "这是“{}”的报送文件，不是本期“{}”的，已拒收，未做任何修改。如需收取，请在“{}”中收取，或请对方填报本期下发的表格。",
            id.round_label, round.label, id.round_label
        )
    })
}

/// Whose file it is, or why that cannot be said.
pub(super) enum Identified {
    /// The unit, and how it was recognised.
    Unit(i64, &'static str),
    /// Not known: the best guesses, most likely first.
    Unknown(Vec<UnitCandidate>),
    /// The clerk named a unit but the file's identity names another.
    Conflict(String),
}

/// The unit a file comes from: the clerk's word (unless the file's identity names another
/// unit), its identity, its 填报单位 line, a unit's name or alias in its file name (the longest
/// one), else the unit whose tasks the filled rows are (the one linked to the most of them, when
/// there is exactly one such).
pub(super) fn identify_unit(
    read: &Reader<'_>,
    book: &ReturnedWorkbook,
    file_name: &str,
    clerk: Option<i64>,
    matched: &[Matched<'_>],
    ledger: &Ledger,
) -> Result<Identified> {
    let resolve = |name: &str| Resolver::load(read)?.resolve(None, &units::normalize_name(name), "");
    let by_identity = match &book.identity {
        Some(id) if read.unit_exists(id.unit_id)? => Some(id.unit_id),
        // The unit was merged into another after the file went out: its name is that unit's alias now.
        Some(id) => resolve(&id.unit_name)?,
        None => None,
    };
    match (clerk, by_identity) {
        (Some(named), Some(sent)) if named != sent => {
            return Ok(Identified::Conflict(format!(
                "文件中的标识表明这是下发给“{}”的报送表，与指定的单位“{}”不符，已拒收，未做任何修改。请核对文件后不指定单位重新收取，或指定正确的单位。",
                read.unit_name(sent)?,
                read.unit_name(named)?
            )))
        }
        (Some(named), _) => return Ok(Identified::Unit(named, "clerk")),
        (None, Some(sent)) => return Ok(Identified::Unit(sent, "identity")),
        (None, None) => {}
    }
    if let Some(unit) = book.unit_line.as_deref().map(resolve).transpose()?.flatten() {
        return Ok(Identified::Unit(unit, "title_line"));
    }
    let aliases = read.unit_aliases()?;
    if let Some(unit) = unit_in_file_name(file_name, &aliases) {
        return Ok(Identified::Unit(unit, "file_name"));
    }
    let counts = unit_counts(matched, ledger);
    let best = counts.first().map_or(0, |c| c.1);
    if best > 0 && counts.iter().filter(|c| c.1 == best).count() == 1 {
        return Ok(Identified::Unit(counts[0].0, "content"));
    }
    Ok(Identified::Unknown(candidates(book, file_name, &counts, &aliases)))
}

/// Shortest unit name or alias looked for in a file name: two characters ("人行", "财政")
/// occur in too many other words.
const MIN_NAME_CHARS: usize = 3;

/// The unit whose name or alias occurs in the file name (white space and full-width forms
/// unified), the longest such name winning; `None` when none does or two units tie.
fn unit_in_file_name(file_name: &str, aliases: &[UnitRow]) -> Option<i64> {
    let stem = std::path::Path::new(file_name).file_stem().map_or(file_name.into(), |s| s.to_string_lossy());
    let stem = units::normalize_name(&stem);
    let mut best: Option<(usize, i64)> = None;
    let mut tied = false;
    for alias in aliases.iter().filter(|a| a.key.chars().count() >= MIN_NAME_CHARS && stem.contains(&a.key)) {
        let length = alias.key.chars().count();
        match best {
            Some((l, unit)) if length == l && unit != alias.unit_id => tied = true,
            Some((l, _)) if length <= l => {}
            _ => {
                best = Some((length, alias.unit_id));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, unit)| unit)
}

/// The units linked to the tasks the file fills in (to every matched task when it fills none
/// in), with how many of them each is linked to, most first.
fn unit_counts(matched: &[Matched<'_>], ledger: &Ledger) -> Vec<(i64, usize, String)> {
    let any_filled = matched.iter().any(|m| m.filled);
    let mut counts: HashMap<i64, (usize, String)> = HashMap::new();
    for m in matched.iter().filter(|m| m.filled || !any_filled) {
        for l in ledger.links_of(m.task.task_id) {
            counts.entry(l.unit_id).or_insert((0, l.unit_name.clone())).0 += 1;
        }
    }
    let mut counts: Vec<(i64, usize, String)> = counts.into_iter().map(|(u, (n, name))| (u, n, name)).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// Most guesses offered for a file whose unit could not be told.
const MAX_CANDIDATES: usize = 8;

/// The best guesses of a file's unit: the units whose tasks it fills in, the unit closest to the
/// name on its 填报单位 line, and the unit closest to its file name.
fn candidates(
    book: &ReturnedWorkbook,
    file_name: &str,
    counts: &[(i64, usize, String)],
    aliases: &[UnitRow],
) -> Vec<UnitCandidate> {
    let mut out: Vec<UnitCandidate> = counts
        .iter()
        .map(|(unit_id, n, name)| UnitCandidate {
            unit_id: *unit_id,
            name: name.clone(),
            reason: format!("文件中填写的 {n} 项任务由该单位负责"),
        })
        .collect();
    let known = || aliases.iter().map(|a| a.key.as_str());
    let mut near = |text: &str, reason: String| {
        let Some(key) = units::suggest(text, known()) else { return };
        if let Some(a) = aliases.iter().find(|a| a.key == key).filter(|a| !out.iter().any(|c| c.unit_id == a.unit_id)) {
            out.push(UnitCandidate { unit_id: a.unit_id, name: a.name.clone(), reason });
        }
    };
    if let Some(line) = &book.unit_line {
        near(line, format!("“填报单位”写的是“{line}”，与该单位名称相近"));
    }
    let stem = std::path::Path::new(file_name).file_stem().map_or(file_name.into(), |s| s.to_string_lossy());
    for part in
        stem.split(['-', '_', '—', ' ', '　', '（', '）', '(', ')', '：', ':', '、']).filter(|p| p.chars().count() >= 2)
    {
        near(part, format!("文件名中的“{part}”与该单位名称相近"));
    }
    out.truncate(MAX_CANDIDATES);
    out
}
