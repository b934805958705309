//! A unit file's identity, written twice so a return is recognised whatever re-saved it: as
//! key/value rows on the hidden worksheet [`IDENTITY_SHEET`](super::IDENTITY_SHEET), and as
//! custom document properties (`taizhang_format`, `taizhang_ledger_id`, … and
//! `taizhang_identity` holding the whole identity as JSON). Every value is written as text, so
//! ids survive any tool's number handling.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ProtectionOptions, Worksheet, XlsxError};

use super::styles::Styles;
use super::FileIdentity;

/// The identity format written by this version.
pub const IDENTITY_FORMAT: u32 = 1;

/// The prefix of the custom document properties.
pub const PROPERTY_PREFIX: &str = "taizhang_";

/// The custom document property holding the whole identity as JSON.
pub const IDENTITY_PROPERTY: &str = "taizhang_identity";

/// The keys of the identity, in the order they are written (column A of the identity sheet,
/// and after [`PROPERTY_PREFIX`] in the document properties).
pub const IDENTITY_KEYS: [&str; 8] =
    ["format", "ledger_id", "ledger_title", "round_id", "round_label", "due", "unit_id", "unit_name"];

/// The identity as (key, text) pairs, in [`IDENTITY_KEYS`] order; the due date as YYYY-MM-DD.
pub fn identity_pairs(id: &FileIdentity) -> Vec<(&'static str, String)> {
    vec![
        ("format", id.format.to_string()),
        ("ledger_id", id.ledger_id.to_string()),
        ("ledger_title", id.ledger_title.clone()),
        ("round_id", id.round_id.to_string()),
        ("round_label", id.round_label.clone()),
        ("due", id.due.format("%Y-%m-%d").to_string()),
        ("unit_id", id.unit_id.to_string()),
        ("unit_name", id.unit_name.clone()),
    ]
}

/// Reads an identity back from (key, text) pairs, such as the rows of the identity sheet or the
/// custom properties with their prefix removed. Unknown keys are ignored; `None` when a key is
/// missing or a number or date does not parse.
pub fn identity_from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<FileIdentity> {
    let mut map = std::collections::HashMap::new();
    for (k, v) in pairs {
        map.insert(k.trim(), v.trim());
    }
    let get = |k: &str| map.get(k).copied();
    let int = |k: &str| get(k).and_then(|v| v.parse::<i64>().ok().or_else(|| integral(v)));
    Some(FileIdentity {
        format: u32::try_from(int("format")?).ok()?,
        ledger_id: int("ledger_id")?,
        ledger_title: get("ledger_title")?.to_string(),
        round_id: int("round_id")?,
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

/// Writes the hidden identity sheet: keys in column A, values in column B, as text, and a note
/// in column D. Protected (no password) against slips.
pub fn write_identity_sheet(ws: &mut Worksheet, id: &FileIdentity, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(super::IDENTITY_SHEET)?;
    for (r, (key, value)) in identity_pairs(id).iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *key, &st.plain)?;
        ws.write_string_with_format(r as u32, 1, value, &st.plain)?;
    }
    ws.write_string_with_format(0, 3, "本工作表由台账通生成，用于识别报送文件，请勿修改或删除。", &st.plain)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 40)?;
    ws.set_hidden(true);
    ws.protect_with_options(&ProtectionOptions::new());
    Ok(())
}

/// The document properties of a unit file: title and subject for people, and the identity as
/// custom properties for the collector.
pub fn unit_properties(id: &FileIdentity) -> DocProperties {
    let mut props = DocProperties::new()
        .set_title(&id.ledger_title)
        .set_subject(format!("{} {}", id.unit_name, id.round_label))
        .set_author("台账通")
        .set_comment("台账通生成的报送文件，请填写后原样报送。");
    for (key, value) in identity_pairs(id) {
        props = props.set_custom_property(format!("{PROPERTY_PREFIX}{key}"), value);
    }
    let json = serde_json::to_string(id).unwrap_or_default();
    props.set_custom_property(IDENTITY_PROPERTY, json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> FileIdentity {
        FileIdentity {
            format: IDENTITY_FORMAT,
            ledger_id: 3,
            ledger_title: "重点任务台账".into(),
            round_id: 12,
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
        assert_eq!(pairs[5].1, "2024-10-12");
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
}
