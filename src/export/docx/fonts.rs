//! The fonts of a 公文 and what stands in for each where it is missing. Windows (since Vista)
//! and WPS ship 仿宋, 黑体, 楷体 and 宋体; 方正小标宋简体 is the title font GB/T 9704 names and
//! is installed on most government desktops, else 宋体 (SimSun) stands in. The font table gives
//! each its GB2312 charset, family and PANOSE class and the Latin name as an alternate, which is
//! what Word and WPS match a substitute on; LibreOffice substitutes through fontconfig (Noto
//! Serif/Sans CJK on Linux).

/// The title (小标宋).
pub const TITLE: &str = "方正小标宋简体";
/// Body text.
pub const BODY: &str = "仿宋";
/// Level-1 headings.
pub const HEADING: &str = "黑体";
/// Level-2 headings.
pub const SUBHEADING: &str = "楷体";
/// Page numbers (半角宋体).
pub const PAGE_NUMBER: &str = "宋体";
/// Latin letters and digits.
pub const LATIN: &str = "Times New Roman";

/// (name, alternate name, family, PANOSE-1) of every font the writer names.
const FONTS: [(&str, &str, &str, &str); 6] = [
    (TITLE, "宋体", "roman", "02010600030101010101"),
    (BODY, "FangSong", "roman", "02010609060101010101"),
    (HEADING, "SimHei", "swiss", "02010609060101010101"),
    (SUBHEADING, "KaiTi", "roman", "02010609060101010101"),
    (PAGE_NUMBER, "SimSun", "roman", "02010600030101010101"),
    (LATIN, "Times New Roman", "roman", "02020603050405020304"),
];

/// word/fontTable.xml naming every font with its charset, family, PANOSE and alternate.
pub fn font_table() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt, family, panose) in FONTS {
        let charset = if name == LATIN { "00" } else { "86" };
        xml.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        ));
    }
    xml.push_str("</w:fonts>");
    xml
}

/// The language every run defaults to: Simplified Chinese, so that spell checkers and font
/// fallback (which otherwise may pick Japanese glyph forms) treat the text as Chinese.
const LANGUAGE: &str = r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#;

/// word/styles.xml with [`LANGUAGE`] added to the document's default run properties (docx-rs
/// writes none).
pub fn with_chinese_language(styles: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(styles);
    text.replacen("<w:rPrDefault><w:rPr>", &format!("<w:rPrDefault><w:rPr>{LANGUAGE}"), 1).into_bytes()
}
