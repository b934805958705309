//! Resolving unit names from a ledger against the unit directory, creating unknown units.

use std::collections::HashMap;

use serde::Serialize;

use crate::store::{Change, Reader, Writer};
use crate::units;
use crate::Result;

/// A unit name the directory did not know, as listed in the import report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownUnit {
    /// The name as written (normalised).
    pub name: String,
    /// The closest known unit, offered to the user (never applied silently).
    pub suggestion: Option<String>,
    /// The tasks that name it ("工作表 序号").
    pub tasks: Vec<String>,
}

/// Resolves names to unit ids inside one import's transaction.
pub struct Resolver {
    by_key: HashMap<String, (i64, bool)>,
    known_names: Vec<String>,
    unknown: Vec<UnknownUnit>,
    created: Vec<(i64, String)>,
}

impl Resolver {
    /// Loads the directory.
    pub fn load(reader: &Reader<'_>) -> Result<Resolver> {
        let rows = reader.unit_aliases()?;
        let mut known_names: Vec<String> = rows.iter().filter(|r| r.confirmed).map(|r| r.name.clone()).collect();
        known_names.dedup();
        let by_key = rows.into_iter().map(|r| (r.key, (r.unit_id, r.confirmed))).collect();
        Ok(Resolver { by_key, known_names, unknown: Vec::new(), created: Vec::new() })
    }

    /// The unit id for a normalised name, creating an unconfirmed unit when it is new. Names of
    /// unconfirmed units are collected for the report with the task that named them.
    pub fn resolve(&mut self, writer: Option<&Writer<'_>>, name: &str, task_label: &str) -> Result<Option<i64>> {
        let key = units::normalize_name(name);
        let found = self.by_key.get(&key).copied();
        let (id, confirmed) = match (found, writer) {
            (Some(hit), _) => (Some(hit.0), hit.1),
            (None, Some(w)) => {
                let id = w.insert_unit(name, &key)?;
                self.by_key.insert(key, (id, false));
                self.created.push((id, name.to_string()));
                (Some(id), false)
            }
            (None, None) => (None, false),
        };
        if !confirmed {
            self.note_unknown(name, task_label);
        }
        Ok(id)
    }

    fn note_unknown(&mut self, name: &str, task_label: &str) {
        if let Some(u) = self.unknown.iter_mut().find(|u| u.name == name) {
            if !u.tasks.iter().any(|t| t == task_label) {
                u.tasks.push(task_label.to_string());
            }
            return;
        }
        let suggestion = units::suggest(name, self.known_names.iter().map(String::as_str));
        self.unknown.push(UnknownUnit { name: name.to_string(), suggestion, tasks: vec![task_label.to_string()] });
    }

    /// Records the units this import created in the change log of `batch_id`.
    pub fn record_created(&self, writer: &Writer<'_>, batch_id: i64) -> Result<()> {
        for (id, name) in &self.created {
            writer.record_change(
                batch_id,
                &Change {
                    entity: "unit".into(),
                    entity_id: *id,
                    field: None,
                    old_value: None,
                    new_value: Some(name.clone()),
                },
            )?;
        }
        Ok(())
    }

    /// The unknown names met so far.
    pub fn into_unknown(self) -> Vec<UnknownUnit> {
        self.unknown
    }
}
