//! Row heights from text length. Neither Excel nor rust_xlsxwriter grows a row for wrapped text in
//! a merged cell, and a file written by rust_xlsxwriter has no cached heights, so long 工作措施
//! text would come out clipped: the writer sets every row's height itself.
//!
//! Widths are in Excel's column units: the width of a digit of the default font (Calibri 11,
//! 7 pixels), a column of width `w` being `7w + 5` pixels, of which `7w - 4` hold text. In 宋体
//! 11 pt a CJK character or full-width punctuation mark is 15 pixels (≈ 2.14 units) and an ASCII
//! character at most 8 (≈ 1.14 units): a little more than the rule of thumb "CJK 2, ASCII 1,
//! `w - 1` to a line", so that Excel and WPS on Windows never need more lines than estimated
//! (LibreOffice's fallback fonts are narrower and get some spare room). Lines break anywhere
//! between CJK characters, only between words of ASCII text, and never before closing
//! punctuation (，。、）” …), as WPS and LibreOffice do.

/// Excel's largest row height, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height of one line of body text (11 pt), in points: 宋体 needs 14.25 in Excel and WPS,
/// the Noto CJK fonts LibreOffice falls back to about 15.5.
pub const BODY_LINE: f64 = 15.0;

/// Space above and below the text of a cell, in points.
pub const PADDING: f64 = 8.0;

/// Pixels of a column unit (a digit of Calibri 11).
const UNIT_PX: f64 = 7.0;

/// How wide a character is, in column units, at 11 pt.
pub fn char_units(c: char) -> f64 {
    if is_wide(c) {
        15.0 / UNIT_PX
    } else if c.is_ascii() {
        8.0 / UNIT_PX
    } else {
        // Latin letters with accents, Greek, symbols: fonts differ.
        9.0 / UNIT_PX
    }
}

/// The text width, in column units at 11 pt, that fits on one line of a column `width` wide:
/// its `7w + 5` pixels less 9 for padding and borders (measured against LibreOffice, which wraps
/// a little earlier than Excel).
pub fn usable_units(width: f64) -> f64 {
    (width * UNIT_PX - 4.0).max(UNIT_PX) / UNIT_PX
}

/// Characters that may not start a line: a break before one moves the character before it
/// down too.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）】》」』”’….,;:?!)]}%".contains(c)
}

/// Whether a character takes a full CJK cell: ideographs, kana, hangul, CJK and full-width
/// punctuation, and the general punctuation (“” — …) that Chinese fonts draw full width.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2010..=0x206F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// The width of a text on one line, in column units.
pub fn text_units(text: &str) -> f64 {
    text.chars().map(char_units).sum()
}

/// The number of lines a text wraps to in a cell `width` units wide (at least one; a blank
/// text is one line). `scale` is the font size relative to 11 pt.
pub fn line_count(text: &str, width: f64, scale: f64) -> u32 {
    let usable = (usable_units(width) / scale).max(1.0);
    text.split('\n').map(|para| paragraph_lines(para.trim_end_matches('\r'), usable)).sum::<u32>().max(1)
}

/// Greedy wrapping of one paragraph: CJK characters break anywhere, ASCII words only at spaces
/// unless a word is longer than a line.
fn paragraph_lines(para: &str, usable: f64) -> u32 {
    let mut lines = 1u32;
    let mut used = 0.0f64;
    let mut previous = 0.0f64;
    for token in tokens(para) {
        let w = text_units(token);
        if used + w <= usable + 1e-9 {
            used += w;
        } else if token.trim().is_empty() {
            // A space at the end of a line does not carry over.
            used = usable;
        } else if w <= usable {
            lines += 1;
            let carried = if token.chars().next().is_some_and(no_line_start) { previous } else { 0.0 };
            used = (carried + w).min(usable);
        } else {
            // A word longer than a line breaks inside, character by character.
            for c in token.chars() {
                let cw = char_units(c);
                if used + cw > usable + 1e-9 {
                    lines += 1;
                    used = 0.0;
                }
                used += cw;
            }
        }
        previous = w;
    }
    lines
}

/// Splits a paragraph into wrap units: each non-ASCII character alone, runs of ASCII
/// non-space characters as words, each space alone.
fn tokens(para: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in para.char_indices() {
        let word_char = c.is_ascii() && !c.is_ascii_whitespace();
        if word_char {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&para[s..i]);
        }
        out.push(&para[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&para[s..]);
    }
    out
}

/// The height a cell needs for its text, in points, for a font of `size` points.
pub fn needed_height(text: &str, width: f64, size: f64) -> f64 {
    let scale = size / 11.0;
    let lines = line_count(text, width, scale);
    f64::from(lines) * BODY_LINE * scale + PADDING
}

/// Raises the heights of rows `first..=last` so that together they are at least `need` points,
/// spreading the shortfall evenly (for a cell merged over several rows).
pub fn spread(heights: &mut [f64], first: usize, last: usize, need: f64) {
    let Some(rows) = heights.get_mut(first..=last) else { return };
    let have: f64 = rows.iter().sum();
    if have < need {
        let extra = (need - have) / rows.len() as f64;
        for h in rows.iter_mut() {
            *h += extra;
        }
    }
}

/// A height Excel accepts: at most 409 points, rounded up to a quarter point.
pub fn clamp(height: f64) -> f64 {
    ((height * 4.0).ceil() / 4.0).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn px(units: f64) -> f64 {
        (units * UNIT_PX).round()
    }

    #[test]
    fn cjk_is_15_pixels_ascii_8() {
        assert_eq!(px(text_units("工作措施")), 60.0);
        assert_eq!(px(text_units("2023年")), 47.0);
        assert_eq!(px(text_units("“白名单”。")), 90.0);
        assert_eq!(px(usable_units(46.0)), 318.0);
    }

    #[test]
    fn lines_follow_width() {
        // A 50-wide column has 346 usable pixels: 23 CJK characters.
        assert_eq!(line_count(&"财".repeat(23), 50.0, 1.0), 1);
        assert_eq!(line_count(&"财".repeat(24), 50.0, 1.0), 2);
        assert_eq!(line_count(&"财".repeat(100), 50.0, 1.0), 5);
        assert_eq!(line_count("", 10.0, 1.0), 1);
        assert_eq!(line_count("【市财政局】甲\n【市金融办】乙", 50.0, 1.0), 2);
        assert_eq!(line_count("a\n\nb", 50.0, 1.0), 3);
        // 16 pt text takes more room.
        assert_eq!(line_count(&"财".repeat(23), 50.0, 16.0 / 11.0), 2);
    }

    #[test]
    fn closing_punctuation_does_not_start_a_line() {
        // 23 characters fill the line; "。" cannot start the next, so "财" goes down with it.
        let text = format!("{}。", "财".repeat(23));
        assert_eq!(line_count(&text, 50.0, 1.0), 2);
        let full = format!("{}。{}", "财".repeat(23), "财".repeat(21));
        assert_eq!(line_count(&full, 50.0, 1.0), 2, "财。 + 21 = 23 characters on line two");
        let over = format!("{}。{}", "财".repeat(23), "财".repeat(22));
        assert_eq!(line_count(&over, 50.0, 1.0), 3);
    }

    #[test]
    fn ascii_words_do_not_break() {
        // A 6-wide column holds 38 pixels: four ASCII characters.
        assert_eq!(line_count("abc efg", 6.0, 1.0), 2);
        assert_eq!(line_count("abcdefgh", 6.0, 1.0), 2);
        assert_eq!(line_count("abcdefghi", 6.0, 1.0), 3);
        assert_eq!(line_count("a cd", 6.0, 1.0), 1);
    }

    #[test]
    fn merged_need_is_spread() {
        let mut h = vec![20.0, 20.0, 20.0];
        spread(&mut h, 0, 1, 100.0);
        assert_eq!(h, vec![50.0, 50.0, 20.0]);
        spread(&mut h, 0, 2, 60.0);
        assert_eq!(h, vec![50.0, 50.0, 20.0]);
        assert_eq!(clamp(1000.0), MAX_ROW_HEIGHT);
        assert_eq!(clamp(20.1), 20.25);
    }
}
