//! A unit file's identity: who the file is for and which ledger and round it belongs to. The
//! exporter writes it twice (a hidden sheet and custom document properties); the return reader
//! reads it back from either. Every value is text, so ids survive any tool's number handling.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The identity format written by this version: 2 adds the ledger's and the round's UUIDs to
/// format 1's database ids.
pub const IDENTITY_FORMAT: u32 = 2;

/// The prefix of the custom document properties.
pub const PROPERTY_PREFIX: &str = "taizhang_";

/// The custom document property holding the whole identity as JSON.
pub const IDENTITY_PROPERTY: &str = "taizhang_identity";

/// The keys of the identity, in the order they are written (column A of the identity sheet,
/// and after [`PROPERTY_PREFIX`] in the document properties). The two UUID keys are absent from
/// files of format 1.
pub const IDENTITY_KEYS: [&str; 10] = [
    "format",
    "ledger_id",
    "ledger_uuid",
    "ledger_title",
    "round_id",
    "round_uuid",
    "round_label",
    "due",
    "unit_id",
    "unit_name",
];

/// Who a file is for and which round it belongs to; written into the file so a return can be
/// recognised even after Excel, WPS or LibreOffice re-saved it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileIdentity {
    /// Format version of the identity block.
    pub format: u32,
    /// The ledger's id in the clerk's database.
    pub ledger_id: i64,
    /// The ledger's random UUID (never reused, unlike the id); `None` in files of format 1.
    #[serde(default)]
    pub ledger_uuid: Option<String>,
    /// The ledger's title.
    pub ledger_title: String,
    /// The round's id.
    pub round_id: i64,
    /// The round's random UUID; `None` in files of format 1.
    #[serde(default)]
    pub round_uuid: Option<String>,
    /// The round's label (第6期).
    pub round_label: String,
    /// The round's due date.
    pub due: NaiveDate,
    /// The unit the file is for.
    pub unit_id: i64,
    /// The unit's name.
    pub unit_name: String,
}

/// The identity as (key, text) pairs, in [`IDENTITY_KEYS`] order; the due date as YYYY-MM-DD.
/// A UUID that is not known is left out.
pub fn identity_pairs(id: &FileIdentity) -> Vec<(&'static str, String)> {
    let pairs = [
        ("format", Some(id.format.to_string())),
        ("ledger_id", Some(id.ledger_id.to_string())),
        ("ledger_uuid", id.ledger_uuid.clone()),
        ("ledger_title", Some(id.ledger_title.clone())),
        ("round_id", Some(id.round_id.to_string())),
        ("round_uuid", id.round_uuid.clone()),
        ("round_label", Some(id.round_label.clone())),
        ("due", Some(id.due.format("%Y-%m-%d").to_string())),
        ("unit_id", Some(id.unit_id.to_string())),
        ("unit_name", Some(id.unit_name.clone())),
    ];
    pairs.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
}

/// Reads an identity back from (key, text) pairs, such as the rows of the identity sheet or the
/// custom properties with their prefix removed. Unknown keys are ignored; `None` when a required
/// key is missing or a number or date does not parse. The UUIDs are optional (format 1).
pub fn identity_from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<FileIdentity> {
    let mut map = HashMap::new();
    for (k, v) in pairs {
        map.insert(k.trim(), v.trim());
    }
    let get = |k: &str| map.get(k).copied();
    let int = |k: &str| get(k).and_then(|v| v.parse::<i64>().ok().or_else(|| integral(v)));
    let uuid = |k: &str| get(k).filter(|v| !v.is_empty()).map(str::to_string);
    Some(FileIdentity {
        format: u32::try_from(int("format")?).ok()?,
        ledger_id: int("ledger_id")?,
        ledger_uuid: uuid("ledger_uuid"),
        ledger_title: get("ledger_title")?.to_string(),
        round_id: int("round_id")?,
        round_uuid: uuid("round_uuid"),
        round_label: get("round_label")?.to_string(),
        due: NaiveDate::parse_from_str(get("due")?, "%Y-%m-%d").ok()?,
        unit_id: int("unit_id")?,
        unit_name: get("unit_name")?.to_string(),
    })
}

/// A number some tool re-saved as "12.0".
fn integral(v: &str) -> Option<i64> {
    let f = v.parse::<f64>().ok()?;
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> FileIdentity {
        FileIdentity {
            format: IDENTITY_FORMAT,
            ledger_id: 3,
            ledger_uuid: Some("6f1c2a9e-0d4b-4c1e-9a57-2b8f3c4d5e6f".into()),
            ledger_title: "重点任务台账".into(),
            round_id: 12,
            round_uuid: Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into()),
            round_label: "第6期".into(),
            due: NaiveDate::from_ymd_opt(2024, 10, 12).expect("date"),
            unit_id: 40,
            unit_name: "市财政局".into(),
        }
    }

    #[test]
    fn pairs_round_trip() {
        let id = identity();
        let pairs = identity_pairs(&id);
        assert_eq!(pairs.iter().map(|(k, _)| *k).collect::<Vec<_>>(), IDENTITY_KEYS);
        assert_eq!(pairs[7].1, "2024-10-12");
        let back = identity_from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, Some(id));
    }

    #[test]
    fn numbers_resaved_as_floats_still_read() {
        let mut pairs: Vec<(&str, String)> = identity_pairs(&identity());
        pairs[1].1 = "3.0".into();
        let back = identity_from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).expect("reads");
        assert_eq!(back.ledger_id, 3);
        assert!(identity_from_pairs(pairs.iter().skip(1).map(|(k, v)| (*k, v.as_str()))).is_none());
    }

    #[test]
    fn format_1_files_have_no_uuids() {
        let old = [
            ("format", "1"),
            ("ledger_id", "3"),
            ("ledger_title", "台账"),
            ("round_id", "7"),
            ("round_label", "第6期"),
            ("due", "2024-10-12"),
            ("unit_id", "12"),
            ("unit_name", "市财政局"),
        ];
        let id = identity_from_pairs(old).expect("identity");
        assert_eq!((id.format, id.ledger_id, id.round_id, id.unit_id), (1, 3, 7, 12));
        assert_eq!((id.ledger_uuid, id.round_uuid), (None, None));
        let json: FileIdentity = serde_json::from_str(
            r#"{"format":1,"ledger_id":3,"ledger_title":"台账","round_id":7,"round_label":"第6期","due":"2024-10-12","unit_id":12,"unit_name":"市财政局"}"#,
        )
        .expect("format 1 JSON");
        assert_eq!(json.round_uuid, None);
    }
}
