//! Writing a [`Document`] (the progress report, the 考核 通报) as a .docx in 公文 layout after
//! GB/T 9704-2012 (docx-rs): A4, margins 37/35/28/26 mm, 22 lines of 28 characters; the title in
//! 方正小标宋简体 二号 centred; body in 仿宋 三号 with a two-character first-line indent; level-1
//! headings in 黑体, level-2 in 楷体, run-in item heads in bold; page numbers "— 1 —" in 宋体
//! 四号 below the text, right on odd pages and left on even ones. The font table names a
//! substitute for each font (see [`fonts`]), so Word, WPS and LibreOffice fall back cleanly
//! where a font is missing. The writer lays out what it is given and composes nothing.

mod fonts;

use std::io::Cursor;
use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin,
    Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::output::{save_bytes, write_error};
use crate::report::{Block, Document};
use crate::Result;

/// Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const PAGE_NUMBER_SIZE: usize = 28;
const TABLE_SIZE: usize = 24;
/// Twips: one body character (16 pt), the fixed line pitch of 22 lines in the 225 mm text block.
const CHAR: i32 = 320;
const LINE: i32 = 579;
/// A4 and the GB/T 9704 margins, in twips (1 mm = 56.7 twips).
const PAGE: (u32, u32) = (11906, 16838);
const MARGINS: (i32, i32, i32, i32) = (2098, 1984, 1587, 1474);
/// Distance of the page number's baseline area from the page's bottom edge (7 mm below the text).
const FOOTER: i32 = 1304;
/// The printable width between the margins.
const TEXT_WIDTH: i32 = PAGE.0 as i32 - MARGINS.2 - MARGINS.3;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(fonts::LATIN).hi_ansi(fonts::LATIN).cs(fonts::LATIN)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new().line(line).line_rule(LineSpacingType::Exact).before(0).after(0)
}

/// A body paragraph: first line indented two characters.
fn body(runs: Vec<Run>) -> Paragraph {
    let p = Paragraph::new().align(AlignmentType::Both).line_spacing(exact(LINE)).indent(
        None,
        Some(SpecialIndentType::FirstLine(2 * CHAR)),
        None,
        None,
    );
    runs.into_iter().fold(p, Paragraph::add_run)
}

fn blank() -> Paragraph {
    Paragraph::new().line_spacing(exact(LINE)).add_run(run("", fonts::BODY, BODY_SIZE))
}

/// The page number "— N —" in a footer, on the outer side: right on odd pages, left on even.
fn page_number(odd: bool) -> Footer {
    let font = fonts::PAGE_NUMBER;
    let p = Paragraph::new()
        .align(if odd { AlignmentType::Right } else { AlignmentType::Left })
        .indent(if odd { None } else { Some(CHAR) }, None, if odd { Some(CHAR) } else { None }, None)
        .add_run(run("— ", font, PAGE_NUMBER_SIZE))
        .add_run(Run::new().fonts(fonts(font)).size(PAGE_NUMBER_SIZE).add_field_char(FieldCharType::Begin, true))
        .add_run(Run::new().fonts(fonts(font)).size(PAGE_NUMBER_SIZE).add_instr_text(InstrText::PAGE(InstrPAGE::new())))
        .add_run(Run::new().fonts(fonts(font)).size(PAGE_NUMBER_SIZE).add_field_char(FieldCharType::Separate, false))
        .add_run(run("1", font, PAGE_NUMBER_SIZE))
        .add_run(Run::new().fonts(fonts(font)).size(PAGE_NUMBER_SIZE).add_field_char(FieldCharType::End, false))
        .add_run(run(" —", font, PAGE_NUMBER_SIZE));
    Footer::new().add_paragraph(p)
}

fn table(headers: &[String], rows: &[Vec<String>]) -> Table {
    let columns = headers.len().max(1);
    // The unit and the two event columns get more room than 排名, 得分 and 结果.
    let weights: Vec<i32> = headers
        .iter()
        .map(|h| match h.as_str() {
            "排名" | "得分" | "结果" => 2,
            "单位" => 5,
            _ => 7,
        })
        .collect();
    let total: i32 = weights.iter().sum::<i32>().max(1);
    let widths: Vec<usize> = weights.iter().map(|w| (TEXT_WIDTH * w / total) as usize).collect();
    let cell = |text: &str, j: usize, header: bool| {
        let font = if header { fonts::HEADING } else { fonts::BODY };
        let align = if header || widths.get(j).copied().unwrap_or(0) < 1500 {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        };
        let p = Paragraph::new().align(align).line_spacing(exact(360)).add_run(run(text, font, TABLE_SIZE));
        TableCell::new().add_paragraph(p).width(widths.get(j).copied().unwrap_or(1000), WidthType::Dxa)
    };
    let mut out = vec![TableRow::new(headers.iter().enumerate().map(|(j, h)| cell(h, j, true)).collect())];
    for row in rows {
        out.push(TableRow::new((0..columns).map(|j| cell(row.get(j).map_or("", String::as_str), j, false)).collect()));
    }
    Table::new(out).set_grid(widths.clone()).width(TEXT_WIDTH as usize, WidthType::Dxa)
}

fn build(doc: &Document) -> Docx {
    let (top, bottom, left, right) = MARGINS;
    let margin = PageMargin { top, bottom, left, right, header: 851, footer: FOOTER, gutter: 0 };
    let mut docx = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(margin)
        .default_fonts(fonts(fonts::BODY))
        .default_size(BODY_SIZE)
        .footer(page_number(true))
        .even_footer(page_number(false));
    // The title, one blank line under it.
    docx = docx.add_paragraph(Paragraph::new().align(AlignmentType::Center).line_spacing(exact(700)).add_run(run(
        &doc.title,
        fonts::TITLE,
        TITLE_SIZE,
    )));
    docx = docx.add_paragraph(blank());
    if let Some(recipient) = &doc.recipient {
        docx = docx.add_paragraph(Paragraph::new().line_spacing(exact(LINE)).add_run(run(
            recipient,
            fonts::BODY,
            BODY_SIZE,
        )));
    }
    for block in &doc.blocks {
        docx = match block {
            Block::Heading { level, text } => {
                let font = if *level == 1 { fonts::HEADING } else { fonts::SUBHEADING };
                docx.add_paragraph(body(vec![run(text, font, BODY_SIZE)]).keep_next(true))
            }
            Block::Paragraph { lead, text } => {
                let mut runs = Vec::new();
                if let Some(lead) = lead.as_deref().filter(|l| !l.is_empty()) {
                    runs.push(run(lead, fonts::BODY, BODY_SIZE).bold());
                }
                runs.push(run(text, fonts::BODY, BODY_SIZE));
                docx.add_paragraph(body(runs))
            }
            Block::Table { headers, rows } => docx.add_table(table(headers, rows)).add_paragraph(blank()),
        };
    }
    if let Some(closing) = &doc.closing {
        docx = docx.add_paragraph(body(vec![run(closing, fonts::BODY, BODY_SIZE)]));
    }
    if let Some(attachment) = &doc.attachment {
        docx = docx.add_paragraph(blank()).add_paragraph(body(vec![run(attachment, fonts::BODY, BODY_SIZE)]));
    }
    // 署名 and 成文日期 right-aligned, four characters from the right edge.
    docx = docx.add_paragraph(blank()).add_paragraph(blank());
    for line in [&doc.signature, &doc.date] {
        docx = docx.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .line_spacing(exact(LINE))
                .indent(None, None, Some(4 * CHAR), None)
                .add_run(run(line, fonts::BODY, BODY_SIZE)),
        );
    }
    docx
}

/// Writes `doc` to `path` (built in memory, then moved into place: never a half-written file).
pub fn write_document(doc: &Document, path: &Path) -> Result<()> {
    let mut xml = build(doc).build();
    xml.font_table = fonts::font_table().into_bytes();
    xml.styles = fonts::with_chinese_language(&xml.styles);
    let mut bytes = Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(|e| write_error(path, &format!("生成文档时出错（{e}）")))?;
    save_bytes(bytes.get_ref(), path)
}
