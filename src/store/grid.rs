//! SQL for the app's ledger grid, which never holds a whole ledger: one page of the tasks its
//! filters select (in ledger order, with how many there are), the ids of all of them (to assign
//! units to the filtered tasks), and the outline the filters are offered from (units, category
//! paths with their task counts, totals).

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::Reader;
use crate::model::{TaskView, NO_STATUS};
use crate::Result;

/// The grid's filters; every one that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFilter {
    /// A unit (canonical name) leading or co-operating on the task.
    pub unit: Option<String>,
    /// The task's status; [`NO_STATUS`] for tasks without one.
    pub status: Option<String>,
    /// The first levels of the category path (a group, or a group within a group).
    pub category: Vec<String>,
    /// Only tasks past their due date and not 已完成 (as of the query's day).
    pub overdue_only: bool,
    /// Text in the measure or in a category, or exactly the 序号.
    pub keyword: Option<String>,
}

/// One page of a ledger's tasks under a filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskPage {
    /// How many tasks the filter selects in all.
    pub total: usize,
    /// The position of the page's first task among them.
    pub offset: usize,
    /// The page's tasks, in ledger order.
    pub tasks: Vec<TaskView>,
}

/// A category path of a sheet and how many tasks have exactly that path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryCount {
    /// The worksheet.
    pub sheet: String,
    /// The category path, top level first.
    pub path: Vec<String>,
    /// Tasks with this path.
    pub tasks: usize,
}

/// What the grid's filters are built from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridOutline {
    /// Every task of the ledger.
    pub total: usize,
    /// Tasks past their due date and not 已完成.
    pub overdue: usize,
    /// Units linked to its tasks, by name.
    pub units: Vec<String>,
    /// Whether any task has a lead unit.
    pub has_lead: bool,
    /// Whether any task has a co-operating unit.
    pub has_co: bool,
    /// Every category path with its task count, in ledger order of first appearance.
    pub categories: Vec<CategoryCount>,
}

/// The conditions of a [`TaskFilter`] on `t` (tasks) joined to `s` (sheets), with parameters
/// ?1 ledger, ?2 unit, ?3 status, ?4 category path (JSON), ?5 overdue only, ?6 today, ?7 keyword.
const FILTERED: &str = "FROM tasks t JOIN sheets s ON s.id = t.sheet_id
    WHERE s.ledger_id = ?1
      AND (?2 IS NULL OR EXISTS (SELECT 1 FROM task_units tu JOIN units u ON u.id = tu.unit_id
                                 WHERE tu.task_id = t.id AND u.name = ?2))
      AND (?3 IS NULL OR IFNULL(t.status, ?8) = ?3)
      AND NOT EXISTS (SELECT 1 FROM json_each(?4) c
                      WHERE json_extract(t.category_json, '$[' || c.key || ']') IS NOT c.value)
      AND (?5 = 0 OR (t.deadline_due IS NOT NULL AND t.deadline_due < ?6 AND IFNULL(t.status, '') <> '已完成'))
      AND (?7 IS NULL OR instr(t.measure, ?7) > 0 OR t.seq = ?7
           OR EXISTS (SELECT 1 FROM json_each(t.category_json) WHERE instr(value, ?7) > 0))";

impl Reader<'_> {
    /// The tasks `filter` selects, from the `offset`-th (in ledger order) for at most `limit`,
    /// and how many it selects in all; `today` decides what is overdue.
    pub fn task_page(
        &self,
        ledger_id: i64,
        filter: &TaskFilter,
        today: &str,
        offset: usize,
        limit: usize,
    ) -> Result<TaskPage> {
        self.require_ledger(ledger_id)?;
        let params = filter_params(ledger_id, filter, today);
        // One pass: the page's ids, each with the count of all the filter selects.
        let page: Vec<(i64, i64)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT t.id, count(*) OVER () {FILTERED} ORDER BY s.position, t.position LIMIT ?9 OFFSET ?10"
            ))?
            .query_map(
                rusqlite::params_from_iter(params.iter().cloned().chain([
                    Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)),
                    Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)),
                ])),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let total = match page.first() {
            Some(&(_, total)) => total,
            // A page past the end says nothing about the total.
            None => self
                .conn
                .prepare_cached(&format!("SELECT count(*) {FILTERED}"))?
                .query_row(rusqlite::params_from_iter(&params), |r| r.get(0))?,
        };
        let ids: Vec<i64> = page.into_iter().map(|(id, _)| id).collect();
        let tasks = if ids.is_empty() { Vec::new() } else { self.task_views(ledger_id, Some(&json_ids(&ids)))? };
        Ok(TaskPage { total: usize::try_from(total).unwrap_or(0), offset, tasks })
    }

    /// The ids of every task `filter` selects, in ledger order.
    pub fn filtered_task_ids(&self, ledger_id: i64, filter: &TaskFilter, today: &str) -> Result<Vec<i64>> {
        self.require_ledger(ledger_id)?;
        let params = filter_params(ledger_id, filter, today);
        let mut stmt = self.conn.prepare_cached(&format!("SELECT t.id {FILTERED} ORDER BY s.position, t.position"))?;
        let ids = stmt.query_map(rusqlite::params_from_iter(&params), |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The outline of a ledger's tasks for the grid's filters; `today` decides what is overdue.
    pub fn grid_outline(&self, ledger_id: i64, today: &str) -> Result<GridOutline> {
        self.require_ledger(ledger_id)?;
        let (total, overdue): (i64, i64) = self.conn.query_row(
            "SELECT count(*), IFNULL(SUM(t.deadline_due IS NOT NULL AND t.deadline_due < ?2
                                         AND IFNULL(t.status, '') <> '已完成'), 0)
             FROM tasks t JOIN sheets s ON s.id = t.sheet_id WHERE s.ledger_id = ?1",
            rusqlite::params![ledger_id, today],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Each stops at the first link it finds.
        let has_role = |role: &str| -> Result<bool> {
            Ok(self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM task_units tu JOIN tasks t ON t.id = tu.task_id
                                JOIN sheets s ON s.id = t.sheet_id WHERE s.ledger_id = ?1 AND tu.role = ?2)",
                rusqlite::params![ledger_id, role],
                |r| r.get(0),
            )?)
        };
        let (has_lead, has_co) = (has_role("lead")?, has_role("co")?);
        let units: Vec<String> = self
            .conn
            .prepare(
                "SELECT u.name FROM units u
                 WHERE EXISTS (SELECT 1 FROM task_units tu JOIN tasks t ON t.id = tu.task_id
                               JOIN sheets s ON s.id = t.sheet_id WHERE tu.unit_id = u.id AND s.ledger_id = ?1)
                 ORDER BY u.name",
            )?
            .query_map([ledger_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT s.name, t.category_json, count(*) FROM tasks t JOIN sheets s ON s.id = t.sheet_id
             WHERE s.ledger_id = ?1 GROUP BY s.id, t.category_json ORDER BY MIN(s.position), MIN(t.position)",
        )?;
        let categories = stmt
            .query_map([ledger_id], |r| {
                let path: String = r.get(1)?;
                Ok(CategoryCount {
                    sheet: r.get(0)?,
                    path: serde_json::from_str(&path).unwrap_or_default(),
                    tasks: r.get::<_, i64>(2)? as usize,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(GridOutline {
            total: usize::try_from(total).unwrap_or(0),
            overdue: usize::try_from(overdue).unwrap_or(0),
            units,
            has_lead,
            has_co,
            categories,
        })
    }

    /// The ids of a 工作要求 group's tasks (every task whose category path holds `category`),
    /// optionally on one sheet, in ledger order.
    pub fn group_task_ids(&self, ledger_id: i64, category: &str, sheet: Option<&str>) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id FROM tasks t JOIN sheets s ON s.id = t.sheet_id
             WHERE s.ledger_id = ?1 AND (?3 IS NULL OR s.name = ?3)
               AND EXISTS (SELECT 1 FROM json_each(t.category_json) WHERE value = ?2)
             ORDER BY s.position, t.position",
        )?;
        let ids = stmt.query_map(rusqlite::params![ledger_id, category, sheet], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The lead and co-operating units (names, each once) the given tasks have.
    pub fn units_of_tasks(&self, task_ids: &[i64]) -> Result<(Vec<String>, Vec<String>)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT tu.role, u.name, MIN(tu.task_id * 1000000 + tu.position) AS rank
             FROM task_units tu JOIN units u ON u.id = tu.unit_id
             WHERE tu.task_id IN (SELECT value FROM json_each(?1))
             GROUP BY tu.role, u.id ORDER BY rank",
        )?;
        let mut rows = stmt.query([json_ids(task_ids)])?;
        let (mut lead, mut co) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            let role: String = r.get(0)?;
            if role == "lead" { &mut lead } else { &mut co }.push(r.get(1)?);
        }
        Ok((lead, co))
    }
}

/// Ids as a JSON array, for `json_each`.
fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// The parameters of [`FILTERED`], ?1 to ?8 (?8: the status of tasks without one).
fn filter_params(ledger_id: i64, filter: &TaskFilter, today: &str) -> Vec<Value> {
    let text = |v: &Option<String>| match v.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Value::Text(t.to_string()),
        _ => Value::Null,
    };
    vec![
        Value::Integer(ledger_id),
        text(&filter.unit),
        text(&filter.status),
        Value::Text(serde_json::to_string(&filter.category).unwrap_or_else(|_| "[]".into())),
        Value::Integer(i64::from(filter.overdue_only)),
        Value::Text(today.to_string()),
        text(&filter.keyword),
        Value::Text(NO_STATUS.to_string()),
    ]
}
