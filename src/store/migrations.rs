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
