//! Numbered schema migrations, applied in order and tracked in `PRAGMA user_version`.

use rusqlite::{params, Connection};

use crate::units;

/// The migrations, in order; migration N brings the schema to `user_version` N.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_task_status.sql"),
    include_str!("migrations/0003_rounds.sql"),
    include_str!("migrations/0004_indicators.sql"),
    include_str!("migrations/0005_uuids.sql"),
    include_str!("migrations/0006_task_cells_json.sql"),
];

/// Applies every migration the database has not seen yet, each in its own transaction. A new
/// database also gets the shipped starter directory of units.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if index == 0 {
            seed_units(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Inserts the starter directory (assets/unit_aliases.tsv) as confirmed units.
fn seed_units(conn: &Connection) -> rusqlite::Result<()> {
    let now = super::now();
    let mut unit = conn.prepare("INSERT INTO units (name, confirmed, created_at) VALUES (?1, 1, ?2)")?;
    let mut alias = conn.prepare("INSERT OR IGNORE INTO unit_aliases (key, alias, unit_id) VALUES (?1, ?2, ?3)")?;
    for entry in units::starter_directory() {
        unit.execute(params![entry.canonical, now])?;
        let id = conn.last_insert_rowid();
        for name in std::iter::once(&entry.canonical).chain(&entry.aliases) {
            alias.execute(params![units::normalize_name(name), name, id])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database at schema 5 (cells in task_cells) keeps every cell text, in column order,
    /// when 0006 moves them into tasks.cells_json; a task without cells gets an empty array.
    #[test]
    fn cells_move_into_the_task_row_unchanged() {
        let mut conn = Connection::open_in_memory().expect("open");
        for (index, sql) in MIGRATIONS[..5].iter().enumerate() {
            conn.execute_batch(sql).expect("migration");
            conn.pragma_update(None, "user_version", index as i64 + 1).expect("version");
        }
        conn.execute_batch(
            "INSERT INTO ledgers (id, title, source_file, source_sha256, imported_at, uuid)
                 VALUES (1, '台账', 'a.xlsx', 'x', '2024-01-01', 'u');
             INSERT INTO sheets (id, ledger_id, position, name, layout_json) VALUES (1, 1, 0, '表', '{}');
             INSERT INTO tasks (id, sheet_id, position, source_row, seq, category_json, measure, deadline_json)
                 VALUES (1, 1, 0, 4, '1', '[]', '措施', '{}'), (2, 1, 1, 5, '2', '[]', '措施', '{}');
             INSERT INTO task_cells (task_id, position, value)
                 VALUES (1, 2, '“引号”\\和\n换行'), (1, 0, '1'), (1, 1, '');",
        )
        .expect("rows");
        migrate(&mut conn).expect("migrate");
        let cells: Vec<String> = conn
            .prepare("SELECT cells_json FROM tasks ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let first: Vec<String> = serde_json::from_str(&cells[0]).expect("json");
        assert_eq!(first, ["1", "", "“引号”\\和\n换行"]);
        assert_eq!(cells[1], "[]");
        let left: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'task_cells'", [], |r| r.get(0))
            .expect("count");
        assert_eq!(left, 0);
    }
}
