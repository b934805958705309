//! The body of a Word document (.docx): every paragraph in document order, and the top-level
//! blocks — paragraphs and tables, with each table cell's horizontal span (`w:gridSpan`, rows
//! starting after `w:gridBefore` skipped grid columns) and vertical merge (`w:vMerge`). One
//! streaming pass over word/document.xml with quick-xml; a table nested in a cell adds its text
//! to that cell.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::paragraphs::{resolve_reference, Unreadable};

/// Widest horizontal span honoured for one cell: Word's own limit is 63 columns.
const MAX_SPAN: u32 = 63;

/// A document's body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// Every paragraph's text in document order, those inside table cells included.
    pub paragraphs: Vec<String>,
    /// The top-level paragraphs and tables, in order.
    pub blocks: Vec<Block>,
}

/// A top-level block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph's text.
    Paragraph(String),
    /// A table, row by row.
    Table(Vec<Vec<TableCell>>),
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerticalMerge {
    /// Not merged.
    None,
    /// The first cell of a vertical merge: its text fills the cells below that continue it.
    Restart,
    /// Continues the merge of the cell above (its own text is empty).
    Continue,
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// The grid column it starts at (zero-based; `w:gridBefore` and the spans before it counted).
    pub column: u32,
    /// How many grid columns it spans (`w:gridSpan`, at least 1).
    pub span: u32,
    /// Its vertical merge.
    pub merge: VerticalMerge,
    /// Its paragraphs, joined with a line break.
    pub text: String,
}

/// Where the reader is while walking the XML.
#[derive(Default)]
struct Walk {
    body: Body,
    /// The paragraph being read.
    paragraph: Option<String>,
    in_text: bool,
    /// Nesting of tables (0: body level).
    table_depth: u32,
    /// The rows of the top-level table being read.
    rows: Vec<Vec<TableCell>>,
    /// The grid column the next cell of the current row starts at.
    next_column: u32,
    /// The top-level cell being read.
    cell: Option<TableCell>,
}

/// Reads the body of word/document.xml.
pub fn read_body(xml: &[u8]) -> Result<Body, Unreadable> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut walk = Walk::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("Word 文档（.docx）的正文格式有误（{e}），可能已损坏"))?;
        match event {
            Event::Start(e) => walk.start(&e),
            Event::Empty(e) => walk.empty(&e),
            Event::End(e) => walk.end(e.local_name().as_ref()),
            Event::Text(t) if walk.in_text => walk.push(&t.xml10_content()),
            Event::CData(t) if walk.in_text => walk.push(&t[..]),
            Event::GeneralRef(r) if walk.in_text => {
                if let Some(c) = resolve_reference(&r[..]) {
                    walk.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(walk.body)
}

impl Walk {
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "p" => self.paragraph = Some(String::new()),
            "t" => self.in_text = true,
            "tab" | "br" | "cr" => self.push(" "),
            "tbl" => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.rows.clear();
                }
            }
            "tr" if self.table_depth == 1 => {
                self.rows.push(Vec::new());
                self.next_column = 0;
            }
            "tc" if self.table_depth == 1 => {
                self.cell = Some(TableCell {
                    column: self.next_column,
                    span: 1,
                    merge: VerticalMerge::None,
                    text: String::new(),
                })
            }
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "p" => self.finish_paragraph(String::new()),
            "tab" | "br" | "cr" => self.push(" "),
            "gridBefore" if self.table_depth == 1 => self.next_column += number(e).unwrap_or(0).min(MAX_SPAN),
            "gridSpan" if self.table_depth == 1 => {
                if let Some(cell) = &mut self.cell {
                    cell.span = number(e).unwrap_or(1).clamp(1, MAX_SPAN);
                }
            }
            "vMerge" if self.table_depth == 1 => {
                if let Some(cell) = &mut self.cell {
                    cell.merge = match value(e).as_deref() {
                        Some("restart") => VerticalMerge::Restart,
                        _ => VerticalMerge::Continue,
                    };
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => {
                if let Some(text) = self.paragraph.take() {
                    self.finish_paragraph(text);
                }
            }
            "t" => self.in_text = false,
            "tc" if self.table_depth == 1 => {
                if let Some(cell) = self.cell.take() {
                    self.next_column = cell.column + cell.span;
                    if let Some(row) = self.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            "tbl" => {
                if self.table_depth == 1 {
                    self.body.blocks.push(Block::Table(std::mem::take(&mut self.rows)));
                }
                self.table_depth = self.table_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// Adds text to the paragraph being read.
    fn push(&mut self, text: &str) {
        if let Some(p) = &mut self.paragraph {
            p.push_str(text);
        }
    }

    /// A paragraph ended: it goes to the list of all paragraphs, and to the cell being read or
    /// (outside tables) to the blocks.
    fn finish_paragraph(&mut self, text: String) {
        if let Some(cell) = &mut self.cell {
            let line = text.trim();
            if !line.is_empty() {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(line);
            }
        } else if self.table_depth == 0 {
            self.body.blocks.push(Block::Paragraph(text.clone()));
        }
        self.body.paragraphs.push(text);
    }
}

/// The `w:val` attribute of an element.
fn value(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.to_string())
}

/// The `w:val` attribute as a number.
fn number(e: &BytesStart<'_>) -> Option<u32> {
    value(e)?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_with_spans_and_vertical_merges() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>填报单位（盖章）：市财政局</w:t></w:r></w:p>
            <w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
              <w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>内容</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>
              <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>
            </w:tbl>
            <w:p><w:r><w:t>填表人：张三</w:t></w:r></w:p>
        </w:body></w:document>"#;
        let body = read_body(xml.as_bytes()).unwrap();
        assert_eq!(body.blocks.len(), 3);
        assert_eq!(body.blocks[0], Block::Paragraph("填报单位（盖章）：市财政局".into()));
        let Block::Table(rows) = &body.blocks[1] else { panic!("a table") };
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0][1].column, rows[0][1].span, rows[0][1].text.as_str()), (1, 2, "内容"));
        assert_eq!(
            (rows[1][0].merge, rows[1][1].text.as_str(), rows[1][2].text.as_str()),
            (VerticalMerge::Restart, "甲\n乙", "内表")
        );
        assert_eq!((rows[2][0].column, rows[2][1].column, rows[2][1].merge), (1, 2, VerticalMerge::Continue));
        assert_eq!(body.blocks[2], Block::Paragraph("填表人：张三".into()));
        assert_eq!(body.paragraphs.len(), 10, "{:?}", body.paragraphs);
    }
}
