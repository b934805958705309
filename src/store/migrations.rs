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
    include_str!("migrations/0006_return_file_time.sql"),
    include_str!("migrations/0007_ledger_settings.sql"),
    include_str!("migrations/0008_task_cells_json.sql"),
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

    /// A database at schema 5 with one unit's two returns of a round (the second superseding the
    /// first, as collect order decided then) moves to file times that keep that order, and to
    /// reports in their own table.
    #[test]
    fn returns_before_file_times_keep_their_order() {
        let mut conn = Connection::open_in_memory().expect("db");
        conn.execute_batch("PRAGMA foreign_keys = ON;").expect("pragma");
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).expect("migration");
        }
        conn.pragma_update(None, "user_version", 5).expect("version");
        conn.execute_batch(
            "INSERT INTO ledgers (id, title, source_file, source_sha256, imported_at) VALUES (1, 'L', 'l.xlsx', 'x', '2024-01-01 08:00:00');
             INSERT INTO sheets (id, ledger_id, position, name, layout_json) VALUES (1, 1, 0, 'S', '{}');
             INSERT INTO tasks (id, sheet_id, position, source_row, seq, category_json, measure, deadline_json)
                 VALUES (1, 1, 0, 4, '1', '[]', 'm', '{}');
             INSERT INTO units (id, name, created_at) VALUES (900, '市财政局X', '2024-01-01 08:00:00');
             INSERT INTO rounds (id, ledger_id, label, due, created_at) VALUES (1, 1, '第1期', '2024-04-25', '2024-04-01 08:00:00');
             INSERT INTO returns (id, round_id, unit_id, file_name, sha256, identified_by, received_at, report_json)
                 VALUES (1, 1, 900, 'a.xlsx', 'a', 'identity', '2024-04-20 09:00:00', '{\"file\":\"a.xlsx\"}'),
                        (2, 1, 900, 'b.xlsx', 'b', 'identity', '2024-04-21 09:00:00', '{\"file\":\"b.xlsx\"}');
             UPDATE returns SET superseded_by = 2 WHERE id = 1;
             INSERT INTO reported_values (return_id, task_id, field, value) VALUES (1, 1, 'cell:6', '旧'), (2, 1, 'cell:6', '新');",
        )
        .expect("rows");
        migrate(&mut conn).expect("migrate to 6");
        let times: Vec<(String, String)> = conn
            .prepare("SELECT file_time, file_time_source FROM returns ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .expect("times");
        assert!(times[0].0 < times[1].0 && times[0].0.ends_with('Z'), "{times:?}");
        assert!(times.iter().all(|t| t.1 == "collected"), "{times:?}");
        let reports: i64 = conn.query_row("SELECT COUNT(*) FROM return_reports", [], |r| r.get(0)).expect("reports");
        assert_eq!(reports, 2);
        let current: String = conn
            .query_row(
                &format!(
                    "SELECT v.value FROM reported_values v JOIN returns r ON r.id = v.return_id WHERE {}",
                    super::super::rounds::CURRENT_VALUE
                ),
                [],
                |r| r.get(0),
            )
            .expect("one current value");
        assert_eq!(current, "新");
        assert!(conn.prepare("SELECT superseded_by FROM returns").is_err(), "the column is gone");
    }

    /// A database at schema 7 (cells in task_cells) keeps every cell text, in column order,
    /// when 0008 moves them into tasks.cells_json; a task without cells gets an empty array.
    #[test]
    fn cells_move_into_the_task_row_unchanged() {
        let mut conn = Connection::open_in_memory().expect("open");
        for (index, sql) in MIGRATIONS[..7].iter().enumerate() {
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
