//! The 工作进展情况报告 and the 考核 通报 as documents: titled blocks of headings, paragraphs
//! and tables composed from a round's facts and the ledger's wording. Composing is pure (no
//! store, no files); `crate::export` lays a [`Document`] out as a .docx in 公文 layout.

pub mod compose;
pub mod notice;
pub mod wording;

use serde::Serialize;

pub use compose::compose_report;
pub use notice::compose_notice;
pub use wording::{Segment, Values, Wording};

/// One block of a document's body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading, numbered: level 1 "一、总体进展情况", level 2 "（一）全面清单".
    Heading {
        /// 1 or 2.
        level: u8,
        /// The text with its number.
        text: String,
    },
    /// A body paragraph, optionally led by a run-in item heading ("1.提高信用贷款占比。").
    Paragraph {
        /// The run-in heading, if any.
        lead: Option<String>,
        /// The text.
        text: String,
    },
    /// A table with a header row.
    Table {
        /// The header cells.
        headers: Vec<String>,
        /// The rows, one text per header.
        rows: Vec<Vec<String>>,
    },
}

/// A document in 公文 form: title, addressee, body, closing line, attachment note, signature
/// and date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The title (centred, 小标宋 二号).
    pub title: String,
    /// The addressee line (主送机关), if any.
    pub recipient: Option<String>,
    /// The body.
    pub blocks: Vec<Block>,
    /// The closing line ("特此报告。"), if any.
    pub closing: Option<String>,
    /// The attachment note ("附件：…"), if any.
    pub attachment: Option<String>,
    /// The issuing office (落款).
    pub signature: String,
    /// The date line (成文日期).
    pub date: String,
}

impl Document {
    /// Every text of the document in reading order, one entry per line or cell (for previews
    /// and tests).
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.recipient.clone());
        for block in &self.blocks {
            match block {
                Block::Heading { text, .. } => out.push(text.clone()),
                Block::Paragraph { lead, text } => out.push(format!("{}{text}", lead.as_deref().unwrap_or_default())),
                Block::Table { headers, rows } => {
                    out.push(headers.join("\t"));
                    out.extend(rows.iter().map(|r| r.join("\t")));
                }
            }
        }
        out.extend(self.closing.clone());
        out.extend(self.attachment.clone());
        out.push(self.signature.clone());
        out.push(self.date.clone());
        out
    }
}

/// The Chinese numeral of a heading number (1 → 一, 12 → 十二), as 公文 headings count.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n % 10 == 0 { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn heading_numerals() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 23, 100].into_iter().map(chinese_number).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十三", "100"]);
    }
}
