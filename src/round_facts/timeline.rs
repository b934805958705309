//! Each task's status at any point of the change log. The log records every status change (by a
//! return, by hand, by an undo) with its batch, and batches are numbered in the order they ran,
//! so the status just after batch N is the `old` value of the task's first change after N, or the
//! current status when nothing changed it since.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::dates::overdue::DONE;
use crate::store::StatusChange;

/// The status history of a ledger's tasks.
#[derive(Debug, Clone, Default)]
pub struct StatusTimeline {
    current: HashMap<i64, Option<String>>,
    /// Per task, its changes oldest first.
    changes: HashMap<i64, Vec<StatusChange>>,
}

impl StatusTimeline {
    /// The timeline from the tasks' current statuses and every recorded change, oldest first.
    pub fn new(current: impl IntoIterator<Item = (i64, Option<String>)>, changes: Vec<StatusChange>) -> Self {
        let mut by_task: HashMap<i64, Vec<StatusChange>> = HashMap::new();
        for change in changes {
            by_task.entry(change.task_id).or_default().push(change);
        }
        StatusTimeline { current: current.into_iter().collect(), changes: by_task }
    }

    /// The task's status just after batch `cut` ran; `None` for the cut means now.
    pub fn status_after(&self, task_id: i64, cut: Option<i64>) -> Option<String> {
        let later = cut.and_then(|cut| self.changes.get(&task_id)?.iter().find(|c| c.batch_id > cut));
        match later {
            Some(change) => change.old.clone(),
            None => self.current.get(&task_id).cloned().flatten(),
        }
    }

    /// The day the task was last marked 已完成 at or before batch `cut` (now when `None`), if the
    /// log records it.
    pub fn completed_on(&self, task_id: i64, cut: Option<i64>) -> Option<NaiveDate> {
        self.changes
            .get(&task_id)?
            .iter()
            .rfind(|c| cut.is_none_or(|cut| c.batch_id <= cut) && c.new.as_deref() == Some(DONE))
            .and_then(|c| NaiveDate::parse_from_str(c.at.get(..10)?, "%Y-%m-%d").ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(batch_id: i64, at: &str, old: Option<&str>, new: Option<&str>) -> StatusChange {
        StatusChange {
            batch_id,
            at: at.to_string(),
            task_id: 7,
            old: old.map(str::to_string),
            new: new.map(str::to_string),
        }
    }

    #[test]
    fn status_at_each_point_of_the_log() {
        // Imported 未启动; batch 3 → 推进中; batch 5 → 已完成; batch 6 undoes it.
        let changes = vec![
            change(3, "2022-04-10 09:00:00", Some("未启动"), Some("推进中")),
            change(5, "2022-04-20 09:00:00", Some("推进中"), Some("已完成")),
            change(6, "2022-04-21 09:00:00", Some("已完成"), Some("推进中")),
        ];
        let t = StatusTimeline::new([(7, Some("推进中".to_string())), (8, None)], changes);
        assert_eq!(t.status_after(7, Some(1)).as_deref(), Some("未启动"));
        assert_eq!(t.status_after(7, Some(3)).as_deref(), Some("推进中"));
        assert_eq!(t.status_after(7, Some(5)).as_deref(), Some("已完成"));
        assert_eq!(t.status_after(7, Some(6)).as_deref(), Some("推进中"));
        assert_eq!(t.status_after(7, None).as_deref(), Some("推进中"));
        assert_eq!(t.status_after(8, Some(1)), None);
        let day = NaiveDate::from_ymd_opt(2022, 4, 20).expect("date");
        assert_eq!(t.completed_on(7, Some(5)), Some(day));
        assert_eq!(t.completed_on(7, Some(4)), None);
        assert_eq!(t.completed_on(7, None), Some(day));
    }
}
