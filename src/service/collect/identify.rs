//! Whose file is it, and is it for this round: the identity written at export (its ledger and
//! round UUIDs, or the database ids of files written before UUIDs), the 填报单位 line, or the
//! unit whose tasks the file holds.

use std::collections::HashMap;

use super::matching::Matched;
use super::Ledger;
use crate::import::returns::ReturnedWorkbook;
use crate::service::resolver::Resolver;
use crate::store::{Reader, RoundRow};
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

/// The unit a file comes from: its identity, else its 填报单位 line, else the unit whose tasks
/// the file holds (the one linked to the most matched tasks, when there is exactly one such).
pub(super) fn identify_unit(
    read: &Reader<'_>,
    book: &ReturnedWorkbook,
    matched: &[Matched<'_>],
    ledger: &Ledger,
) -> Result<Option<(i64, &'static str)>> {
    if let Some(id) = &book.identity {
        if read.unit_exists(id.unit_id)? {
            return Ok(Some((id.unit_id, "identity")));
        }
        // The unit was merged into another after the file went out: its name is that unit's alias now.
        let mut resolver = Resolver::load(read)?;
        if let Some(unit) = resolver.resolve(None, &units::normalize_name(&id.unit_name), "")? {
            return Ok(Some((unit, "identity")));
        }
    }
    if matched.is_empty() {
        return Ok(None);
    }
    if let Some(line) = &book.unit_line {
        let mut resolver = Resolver::load(read)?;
        if let Some(unit) = resolver.resolve(None, &units::normalize_name(line), "")? {
            return Ok(Some((unit, "title_line")));
        }
    }
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for m in matched {
        for l in ledger.links_of(m.task.task_id) {
            *counts.entry(l.unit_id).or_default() += 1;
        }
    }
    let best = counts.values().copied().max().unwrap_or(0);
    let leaders: Vec<i64> = counts.iter().filter(|(_, n)| **n == best).map(|(u, _)| *u).collect();
    Ok((best > 0 && leaders.len() == 1).then(|| (leaders[0], "content")))
}
