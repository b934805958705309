//! Returned files in formats that hold no table 台账通 can read, told apart by their content
//! (and, for WPS's own formats, by their extension), each with how to save it as .xlsx or .docx.

use std::path::Path;

use crate::Error;

/// What WPS asks for to save a spreadsheet as .xlsx.
const SAVE_AS_XLSX: &str = "请在 WPS（或 Excel）中打开该文件，点击左上角“文件”→“另存为”，在“文件类型”中选择“Microsoft Excel 文件(*.xlsx)”，保存后收取新保存的文件。";
/// What WPS asks for to save a document as .docx.
const SAVE_AS_DOCX: &str = "请在 WPS（或 Word）中打开该文件，点击左上角“文件”→“另存为”，在“文件类型”中选择“Microsoft Word 文件(*.docx)”，保存后收取新保存的文件。";

/// The refusal for a file whose content (or WPS extension) is no format a return can be read
/// from; `None` for anything else, which the readers try.
pub(super) fn refusal(file: &str, bytes: &[u8]) -> Option<Error> {
    let refuse = |kind: &str, advice: &str| {
        Some(Error::UnreadableFormat { file: file.to_string(), kind: kind.to_string(), advice: advice.to_string() })
    };
    const PHOTO: &str =
        "请对方发送填好的 Excel 表格（.xlsx）；如果只有图片，请对照图片把内容填进下发的表格，再收取该表格。";
    if bytes.starts_with(b"%PDF") {
        return refuse(
            "PDF 文件",
            "PDF 中的表格不能可靠地读回。请对方发送原始的 Excel 表格（.xlsx）；如果只有 PDF，可在 WPS 中打开它，点击“转换”→“PDF转Excel”另存为 .xlsx，核对内容后再收取。",
        );
    }
    let image = [&b"\x89PNG"[..], b"\xFF\xD8\xFF", b"GIF8", b"II*\0", b"MM\0*"];
    let image_names = ["bmp", "gif", "heic", "jpeg", "jpg", "png", "tif", "tiff", "webp"];
    if image.iter().any(|magic| bytes.starts_with(magic)) || extension_is(file, &image_names) {
        return refuse("图片（照片或截图）", PHOTO);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    if extension_is(file, &["wps", "wpt"]) {
        return refuse("WPS 文字的专用格式（.wps）", SAVE_AS_DOCX);
    }
    if extension_is(file, &["ofd"]) {
        return refuse("OFD 版式文件", "请对方发送 Excel 表格（.xlsx）或 Word 文档（.docx）。");
    }
    None
}

/// A reader's error, explained for the formats a clerk gets from WPS and old Word: an .et file
/// (WPS 表格) or a .doc file the spreadsheet reader could not take.
pub(super) fn explain(file: &str, error: Error) -> Error {
    if !matches!(error, Error::NotASpreadsheet { .. }) {
        return error;
    }
    let (kind, advice) = if extension_is(file, &["et", "ett"]) {
        ("WPS 表格的专用格式（.et）", SAVE_AS_XLSX)
    } else if extension_is(file, &["doc", "dot"]) {
        ("旧版 Word 文档（.doc）", SAVE_AS_DOCX)
    } else {
        return error;
    };
    Error::UnreadableFormat { file: file.to_string(), kind: kind.to_string(), advice: advice.to_string() }
}

/// Whether the file name ends in one of these extensions (any case).
fn extension_is(file: &str, extensions: &[&str]) -> bool {
    Path::new(file).extension().is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_no_table_are_refused_with_what_to_do() {
        let message = |file: &str, bytes: &[u8]| refusal(file, bytes).map(|e| e.to_string());
        assert!(message("报送.pdf", b"%PDF-1.7 ...").is_some_and(|m| m.contains("PDF转Excel")));
        assert!(message("IMG_0001.jpg", b"\xFF\xD8\xFF\xE0").is_some_and(|m| m.contains("图片")));
        assert!(message("报送.wps", b"\xD0\xCF\x11\xE0").is_some_and(|m| m.contains("(*.docx)")));
        assert_eq!(message("报送.xlsx", b"PK\x03\x04"), None);
        assert_eq!(message("报送.xls", b"\xD0\xCF\x11\xE0"), None);
        let et = explain("报送.et", Error::NotASpreadsheet { file: "报送.et".into(), detail: String::new() });
        assert!(et.to_string().contains("Microsoft Excel 文件(*.xlsx)"), "{et}");
    }
}
