//! A returned file's document properties: the identity 台账通 wrote into its custom properties,
//! and the time the department last saved it (the core properties).

use std::io::{Cursor, Read};

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::workbook::FileIdentity;

/// Largest properties part read (real ones are a few hundred bytes).
const MAX_PROPERTIES_XML: u64 = 1024 * 1024;

/// A part of a zip-based file, as text (at most [`MAX_PROPERTIES_XML`]).
fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name(name).ok()?.take(MAX_PROPERTIES_XML).read_to_string(&mut xml).ok()?;
    Some(xml)
}

/// The identity from the `taizhang_identity` custom document property (docProps/custom.xml):
/// the text of the first element inside that `<property>`, unescaped.
pub(super) fn custom_property_identity(bytes: &[u8]) -> Option<FileIdentity> {
    let xml = part(bytes, "docProps/custom.xml")?;
    let property = &xml[xml.find("name=\"taizhang_identity\"")?..];
    let value_start = property.find('>')? + 1;
    let inner = &property[value_start..property.find("</")?];
    let text = &inner[inner.find('>')? + 1..];
    serde_json::from_str(&quick_xml::escape::unescape(text).ok()?).ok()
}

/// When the file was last saved, from docProps/core.xml `dcterms:modified` (Excel, WPS,
/// LibreOffice and Word all write it on every save, in UTC).
pub(super) fn document_modified(bytes: &[u8]) -> Option<DateTime<Utc>> {
    let xml = part(bytes, "docProps/core.xml")?;
    let mut reader = Reader::from_str(&xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "modified" => inside = true,
            Event::Text(t) if inside => return parse_w3c_time(&t.xml10_content()),
            Event::End(_) => inside = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A W3CDTF time ("2024-03-05T08:30:00Z", with an offset or fractions), read as UTC; times
/// without a zone are taken as UTC, as the format says. Years outside 1980–2100 are not a real
/// save time (a file whose clock was never set).
fn parse_w3c_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let time = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map(|t| t.and_utc()))
        .ok()?;
    (1980..=2100).contains(&time.format("%Y").to_string().parse::<i32>().ok()?).then_some(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_times() {
        let t = |s: &str| parse_w3c_time(s).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert_eq!(t("2024-03-05T08:30:00Z").as_deref(), Some("2024-03-05T08:30:00Z"));
        assert_eq!(t("2024-03-05T16:30:00+08:00").as_deref(), Some("2024-03-05T08:30:00Z"));
        assert_eq!(t("2024-03-05T08:30:00.123").as_deref(), Some("2024-03-05T08:30:00Z"));
        assert_eq!(t("1601-01-01T00:00:00Z"), None);
        assert_eq!(t("yesterday"), None);
    }
}
