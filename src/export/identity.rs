//! Writing a unit file's identity twice, so a return is recognised whatever re-saved it: as
//! key/value rows on the hidden worksheet [`IDENTITY_SHEET`], and as custom document properties
//! (`taizhang_format`, `taizhang_ledger_id`, … and `taizhang_identity` holding the whole
//! identity as JSON). The identity itself is [`crate::workbook::identity`].

use rust_xlsxwriter::{DocProperties, ProtectionOptions, Worksheet, XlsxError};

use super::styles::Styles;
use crate::workbook::{identity_pairs, FileIdentity, IDENTITY_PROPERTY, IDENTITY_SHEET, PROPERTY_PREFIX};

/// Writes the hidden identity sheet: keys in column A, values in column B, as text, and a note
/// in column D. Protected (no password) against slips.
pub fn write_identity_sheet(ws: &mut Worksheet, id: &FileIdentity, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(IDENTITY_SHEET)?;
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
