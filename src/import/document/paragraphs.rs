//! Paragraph texts of a Word document (.docx) or a plain-text file (.txt).

use std::io::{Cursor, Read};

use super::body::{read_body, Body};

/// Largest document.xml read (a notice is a few hundred kilobytes at most).
const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Why a document's text could not be read, in Chinese.
pub type Unreadable = String;

/// Whether the bytes are a zip holding word/document.xml.
pub fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|zip| zip.index_for_name("word/document.xml").is_some())
}

/// The paragraphs of a .docx file: the text of each w:p (those in table cells included), w:tab
/// and w:br kept as a space.
pub fn docx_paragraphs(bytes: &[u8]) -> Result<Vec<String>, Unreadable> {
    Ok(docx_body(bytes)?.paragraphs)
}

/// The body of a .docx file: its paragraphs and its tables ([`super::body`]).
pub fn docx_body(bytes: &[u8]) -> Result<Body, Unreadable> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件不是完整的 Word 文档（.docx），可能已损坏".to_string())?;
    let part = zip
        .by_name("word/document.xml")
        .map_err(|_| "压缩包中没有 word/document.xml，不是 Word 文档（.docx）".to_string())?;
    let mut xml = Vec::new();
    part.take(MAX_DOCUMENT_XML)
        .read_to_end(&mut xml)
        .map_err(|_| "Word 文档（.docx）的正文无法解压，可能已损坏".to_string())?;
    read_body(&xml)
}

/// The character an entity or character reference stands for ("amp", "#20013", "#x4E2D").
pub(super) fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The lines of a text file, read as UTF-8 (with or without BOM), else as GB18030 (GBK).
pub fn text_paragraphs(bytes: &[u8]) -> Result<Vec<String>, Unreadable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(
                    "文本文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取；请用记事本另存为 UTF-8 编码".to_string()
                );
            }
            text.into_owned()
        }
    };
    Ok(text.lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tabs_and_entities() {
        let xml = br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>A&amp;B</w:t><w:tab/><w:t xml:space="preserve">&#20013;</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(read_body(xml).unwrap().paragraphs, vec!["A&B 中".to_string(), String::new(), "x y".to_string()]);
    }

    #[test]
    fn gbk_text() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("一、总体要求\n1.推进工作");
        assert_eq!(text_paragraphs(&bytes).unwrap(), vec!["一、总体要求", "1.推进工作"]);
    }
}
