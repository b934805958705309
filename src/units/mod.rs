//! Department (unit) names: splitting a cell into names, normalising them, and resolving aliases
//! through the directory.
//!
//! A 牵头单位 / 配合单位 cell lists several bodies, spelled however the drafter felt like it. The
//! pipeline is: [`split_units`] turns a cell into normalised names, [`AliasIndex::resolve`] maps
//! each name to its canonical body, and [`suggest`] offers a near known name for the rest. A
//! suggestion is only ever shown to the clerk, never applied silently.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

#[cfg(test)]
mod tests;

/// The starter directory, in the format described at the top of the file.
const STARTER_TABLE: &str = include_str!("../../assets/unit_aliases.tsv");

/// Characters that separate names in a cell (outside brackets), besides white space and line breaks.
const SEPARATORS: [char; 7] = ['、', '，', ',', ';', '；', '/', '／'];

/// Opening brackets; any of them is closed by any of [`CLOSING_BRACKETS`].
const OPENING_BRACKETS: [char; 5] = ['（', '(', '〔', '[', '【'];

/// Closing brackets.
const CLOSING_BRACKETS: [char; 5] = ['）', ')', '〕', ']', '】'];

/// Labels that may precede the names in a cell, e.g. "牵头单位：市财政局".
const LABELS: [&str; 9] =
    ["牵头单位", "责任单位", "配合单位", "协办单位", "牵头部门", "责任部门", "配合部门", "责任科室", "配合科室"];

/// Endings that close a list ("市财政局、市发改委等") rather than belong to the last name.
const LIST_ENDINGS: [&str; 3] = ["等部门", "等单位", "等"];

/// Punctuation stripped from the end of a name.
const TRAILING_PUNCTUATION: [char; 10] = ['。', '.', '．', '，', ',', '；', ';', '、', ':', '：'];

/// Quote pairs stripped when they wrap a whole name.
const QUOTE_PAIRS: [(char, char); 6] = [('“', '”'), ('‘', '’'), ('"', '"'), ('\'', '\''), ('「', '」'), ('『', '』')];

/// Minimum similarity (0–1) for [`suggest`] to offer a name. One wrong character in a four-character
/// name scores 0.75 and is offered; two wrong characters out of four or five (市财政局 / 市税务局,
/// 市委组织部 / 市委宣传部: different bodies) score 0.5–0.6 and are not.
const SUGGEST_THRESHOLD: f64 = 0.65;

/// A name must have at least this many characters for containment in another to count.
const MIN_CONTAINED_CHARS: usize = 3;

/// Splits a 牵头单位 / 配合单位 cell into individual, normalised unit names, in order, without
/// duplicates.
///
/// Names are separated by 、，,;；/／, white space or line breaks, except inside brackets (so
/// "各县〔市、区〕人民政府" stays whole) and for white space before a bracket ("市财政局 （牵头）").
/// A leading label such as "牵头单位：" is dropped, and so
/// is a trailing 等 / 等部门 / 等单位 that ends the list. A cell wrapped in one pair of brackets,
/// as plan text puts it ("（牵头单位：…；责任单位：…）"), is unwrapped first.
pub fn split_units(cell: &str) -> Vec<String> {
    let mut cell = cell.trim();
    while let Some(inner) = unwrap_brackets(cell) {
        cell = inner.trim();
    }
    let mut names: Vec<String> =
        split_outside_brackets(cell).into_iter().map(|part| normalize_name(strip_label(part))).collect();
    names.retain(|name| !name.is_empty());
    if let Some(last) = names.last_mut() {
        if let Some(stripped) = LIST_ENDINGS.iter().find_map(|end| last.strip_suffix(end)) {
            *last = normalize_name(stripped);
        }
    }
    let mut seen = HashSet::new();
    names.retain(|name| !name.is_empty() && seen.insert(name.clone()));
    names
}

/// Normalises one unit name: trims, removes inner white space, unifies full- and half-width
/// brackets and strips trailing punctuation.
///
/// In detail: all white space (including U+3000) and zero-width characters are removed;
/// full-width letters and digits become half-width; ( ) and 〔 〕 become （ ）; trailing 。.，,；;、:
/// and quotes wrapping the whole name are stripped. The result is stable: normalising it again
/// changes nothing.
pub fn normalize_name(name: &str) -> String {
    let unified: String = name.chars().filter(|&c| !c.is_whitespace() && !is_zero_width(c)).map(unify_char).collect();
    let mut name = unified.as_str();
    loop {
        let stripped = strip_edges(name);
        if stripped.len() == name.len() {
            return name.to_string();
        }
        name = stripped;
    }
}

/// One entry of the starter alias table: a canonical unit name and the other names it goes by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasEntry {
    /// The name shown to users.
    pub canonical: String,
    /// Other spellings that mean the same body.
    pub aliases: Vec<String>,
}

/// The starter directory shipped in `assets/unit_aliases.tsv`.
pub fn starter_directory() -> Vec<AliasEntry> {
    parse_directory(STARTER_TABLE)
}

/// A lookup from every known spelling (normalised) to its canonical name.
#[derive(Debug, Clone, Default)]
pub struct AliasIndex {
    canonical_by_name: HashMap<String, String>,
    names: Vec<String>,
}

impl AliasIndex {
    /// Indexes the canonical names and aliases of `entries`; a name listed twice keeps the last.
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a AliasEntry>) -> Self {
        let mut index = Self::default();
        for entry in entries {
            let canonical = normalize_name(&entry.canonical);
            if canonical.is_empty() {
                continue;
            }
            for name in std::iter::once(&entry.canonical).chain(&entry.aliases) {
                let name = normalize_name(name);
                if name.is_empty() {
                    continue;
                }
                if index.canonical_by_name.insert(name.clone(), canonical.clone()).is_none() {
                    index.names.push(name);
                }
            }
        }
        index
    }

    /// The canonical name for `name` (normalised first), or `None` if the name is unknown.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.canonical_by_name.get(&normalize_name(name)).map(String::as_str)
    }

    /// Every known spelling, canonical names and aliases alike, in directory order (for [`suggest`]).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

/// The known name most similar to `name`, offered to the user as a suggestion (never applied
/// silently); `None` when nothing is close enough.
///
/// Similarity is the normalised Levenshtein similarity over characters, except that when one
/// name (of at least three characters) is contained in the other it scores halfway between its
/// length ratio and 1, so "鄂尔多斯市农牧局" finds "市农牧局". Ties go to the earlier known name.
/// Pass [`AliasIndex::names`] to match against aliases too ("市发改局" finds "市发改委").
pub fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let name = normalize_name(name);
    if name.is_empty() {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = similarity(&name, &normalize_name(candidate));
        if score >= SUGGEST_THRESHOLD && best.is_none_or(|(best_score, _)| score > best_score) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate.to_string())
}

/// Parses the directory format: one body per line, canonical name first, then its aliases,
/// tab-separated; blank lines and lines starting with `#` are skipped.
fn parse_directory(text: &str) -> Vec<AliasEntry> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let mut names = line.split('\t').map(normalize_name).filter(|name| !name.is_empty());
            let canonical = names.next()?;
            Some(AliasEntry { canonical, aliases: names.collect() })
        })
        .collect()
}

/// Similarity of two normalised names in 0–1, as described on [`suggest`].
fn similarity(a: &str, b: &str) -> f64 {
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    let (shorter, longer, short_len, long_len) =
        if a_len <= b_len { (a, b, a_len, b_len) } else { (b, a, b_len, a_len) };
    if short_len >= MIN_CONTAINED_CHARS && longer.contains(shorter) {
        0.5 + 0.5 * short_len as f64 / long_len as f64
    } else {
        strsim::normalized_levenshtein(a, b)
    }
}

/// Byte offsets of the opening and closing bracket of every matched pair in `text`. Unmatched
/// brackets are ignored, so a stray "（" does not swallow the rest of the cell.
fn bracket_pairs(text: &str) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (i, c) in text.char_indices() {
        if OPENING_BRACKETS.contains(&c) {
            open.push(i);
        } else if CLOSING_BRACKETS.contains(&c) {
            if let Some(start) = open.pop() {
                pairs.push((start, i));
            }
        }
    }
    pairs
}

/// The inside of `text` if one bracket pair wraps all of it.
fn unwrap_brackets(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    let last_start = text.len() - last.len_utf8();
    bracket_pairs(text).contains(&(0, last_start)).then(|| &text[first.len_utf8()..last_start])
}

/// Splits `cell` at separators and white space that are not inside a bracket pair.
fn split_outside_brackets(cell: &str) -> Vec<&str> {
    let pairs = bracket_pairs(cell);
    let in_brackets = |i: usize| pairs.iter().any(|&(start, end)| start < i && i < end);
    // "市财政局 （牵头）" is one name: a name never starts with a bracket.
    let before_bracket = |i: usize| cell[i..].trim_start().starts_with(OPENING_BRACKETS);
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in cell.char_indices() {
        let separates = SEPARATORS.contains(&c) || (c.is_whitespace() && !before_bracket(i));
        if separates && !in_brackets(i) {
            parts.push(&cell[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&cell[start..]);
    parts
}

/// `part` without a leading label ("牵头单位：") or stray leading colon; empty if it is a bare label.
fn strip_label(part: &str) -> &str {
    let part = part.trim();
    for label in LABELS {
        if let Some(rest) = part.strip_prefix(label) {
            let rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with([':', '：']) {
                return rest.trim_start_matches([':', '：']);
            }
        }
    }
    part.trim_start_matches([':', '：'])
}

/// Zero-width characters that sneak in from Word and web pages.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Maps full-width letters and digits to half-width and every round bracket to （ ）.
fn unify_char(c: char) -> char {
    match c {
        '(' | '〔' => '（',
        ')' | '〕' => '）',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `name` with trailing punctuation and one pair of wrapping quotes removed.
fn strip_edges(name: &str) -> &str {
    let name = name.trim_end_matches(TRAILING_PUNCTUATION);
    QUOTE_PAIRS.iter().find_map(|&(open, close)| name.strip_prefix(open)?.strip_suffix(close)).unwrap_or(name)
}
