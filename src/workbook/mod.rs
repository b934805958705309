//! What the importer and the exporter both know about 台账通's workbooks, so that neither
//! depends on the other and the store depends on no parser: a sheet's [layout] (merged ranges,
//! widths, print settings), a unit file's [identity], and the marks a unit file carries (the
//! hidden identity sheet, the row-key columns, the status and indicator columns).

pub mod identity;
pub mod layout;

pub use identity::{
    identity_from_pairs, identity_pairs, FileIdentity, IDENTITY_FORMAT, IDENTITY_KEYS, IDENTITY_PROPERTY,
    PROPERTY_PREFIX,
};
pub use layout::{column_letter, Merge, PageLayout, SheetLayout};

/// The name of the hidden worksheet that carries a unit file's identity.
pub const IDENTITY_SHEET: &str = "_台账通";

/// The header of the hidden column that carries each row's task key ([`task_key`]).
pub const KEY_HEADER: &str = "台账通编号";

/// The header of the status column added when a sheet has none.
pub const STATUS_HEADER: &str = "完成状态";

/// The name of a unit file's sheet where actual values of indicators are reported.
pub const INDICATOR_SHEET: &str = "量化指标";

/// The header of that sheet's hidden column holding each row's indicator key ([`indicator_key`]).
pub const INDICATOR_KEY_HEADER: &str = "台账通指标编号";

/// The headers of that sheet after the key column; the last is the one departments fill in.
pub const INDICATOR_HEADERS: [&str; 5] = ["序号", "指标", "目标", "基期值", "实际完成值"];

/// A task's row key in a unit file: "T42".
pub fn task_key(task_id: i64) -> String {
    format!("T{task_id}")
}

/// The task id of a row key such as "T42".
pub fn parse_task_key(key: &str) -> Option<i64> {
    key.strip_prefix('T').and_then(|n| n.parse().ok())
}

/// An indicator's row key in a unit file: "I7".
pub fn indicator_key(indicator_id: i64) -> String {
    format!("I{indicator_id}")
}

/// The indicator id of a row key such as "I7".
pub fn parse_indicator_key(key: &str) -> Option<i64> {
    key.strip_prefix('I').and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_round_trip() {
        assert_eq!(task_key(42), "T42");
        assert_eq!(parse_task_key("T42"), Some(42));
        assert_eq!(parse_task_key("42"), None);
        assert_eq!(parse_indicator_key(&indicator_key(7)), Some(7));
        assert_eq!(parse_indicator_key("T7"), None);
    }
}
