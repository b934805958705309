//! Cell formats shared by every sheet the exporter writes: fonts every Chinese Windows has (宋体
//! for text, 黑体 for the 附件 label), thin borders, wrapped text, vertical centring.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The font of every text but the label.
pub const BODY_FONT: &str = "宋体";
/// The font of the 附件 label, as government forms set it.
pub const LABEL_FONT: &str = "黑体";
/// Body text size, in points.
pub const BODY_SIZE: f64 = 11.0;
/// Title size, in points.
pub const TITLE_SIZE: f64 = 16.0;
/// Label size, in points.
pub const LABEL_SIZE: f64 = 12.0;
/// Size of the explanatory note under a unit file's table, in points.
pub const NOTE_SIZE: f64 = 10.0;

/// The light fill of header cells.
const HEADER_FILL: u32 = 0xD9E1F2;
/// The pale fill that marks the cells a department fills in (unit files only).
const FILL_IN_FILL: u32 = 0xFFF8E1;

/// How a body cell's text is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left (long texts).
    Left,
    /// Centred (序号, categories, units, dates, status).
    Center,
}

/// The formats of one workbook.
pub struct Styles {
    /// The 附件 label.
    pub label: Format,
    /// The merged title.
    pub title: Format,
    /// The line under the title.
    pub subtitle: Format,
    /// Header cells.
    pub header: Format,
    /// A heading inside a sheet (the overdue list on the summary sheet).
    pub section: Format,
    /// The note under a unit file's table.
    pub note: Format,
    /// Locked body cells, left and centred.
    body: [Format; 2],
    /// Unlocked, tinted fill-in cells, left and centred.
    fill_in: [Format; 2],
    /// Plain text without borders (the identity sheet).
    pub plain: Format,
}

impl Styles {
    /// Builds the formats.
    pub fn new() -> Styles {
        let text =
            || Format::new().set_font_name(BODY_FONT).set_font_size(BODY_SIZE).set_align(FormatAlign::VerticalCenter);
        let cell = |align: Align| {
            let f = text().set_text_wrap().set_border(FormatBorder::Thin);
            match align {
                Align::Left => f.set_align(FormatAlign::Left),
                Align::Center => f.set_align(FormatAlign::Center),
            }
        };
        let fill_in = |align: Align| {
            cell(align)
                .set_unlocked()
                .set_background_color(Color::RGB(FILL_IN_FILL))
                .set_pattern(rust_xlsxwriter::FormatPattern::Solid)
        };
        Styles {
            label: Format::new()
                .set_font_name(LABEL_FONT)
                .set_font_size(LABEL_SIZE)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            title: text().set_font_size(TITLE_SIZE).set_bold().set_text_wrap().set_align(FormatAlign::Center),
            subtitle: text().set_text_wrap().set_align(FormatAlign::Left),
            header: cell(Align::Center)
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_pattern(rust_xlsxwriter::FormatPattern::Solid),
            section: text().set_font_size(LABEL_SIZE).set_bold().set_align(FormatAlign::Left),
            note: text()
                .set_font_size(NOTE_SIZE)
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_font_color(Color::RGB(0x595959)),
            body: [cell(Align::Left), cell(Align::Center)],
            fill_in: [fill_in(Align::Left), fill_in(Align::Center)],
            plain: text(),
        }
    }

    /// The format of a body cell.
    pub fn body(&self, align: Align, fill_in: bool) -> &Format {
        let i = usize::from(align == Align::Center);
        if fill_in {
            &self.fill_in[i]
        } else {
            &self.body[i]
        }
    }
}
