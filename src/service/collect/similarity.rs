//! How alike a returned measure text is to the ledger's: departments shorten a long measure,
//! drop a clause, fix a typo or re-punctuate it when they paste their rows into their own file.
//!
//! The score works on the characters that carry meaning (letters, digits, CJK; white space and
//! punctuation are dropped, full-width forms unified). The characters the two texts share in
//! order come from a Myers diff (the `similar` crate, the diff behind `insta`): a real diff
//! aligns an edited or shortened text with its original, which a character-set or edit-distance
//! measure does not (Levenshtein over a measure cut to half its length is 0.5 however exact the
//! half is). Only runs of two or more shared characters count, so that the single characters
//! every finance measure shares (金, 融, 企, 业 …) do not add up to a false likeness.
//!
//! score = (Dice + coverage) / 2, where Dice = 2·shared / (|a| + |b|) and coverage = shared /
//! the shorter length: an exact half of a measure scores about 0.83, a measure with one
//! character in ten changed about 0.9. Below [`MIN_COVERED_CHARS`] the shorter text cannot vouch for itself
//! by being contained, and the score is Dice alone.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A measure text at least this alike confirms the task its 序号 names. Measured on the bundled
/// templates (`tests/collect_shapes.rs`, rows are matched within a sheet): two different
/// measures of one sheet score at most 0.42; the first half of a measure kept scores at least
/// 0.82, the first third (measures of 40 characters or more) 0.73, every fourth character
/// replaced 0.69. 0.6 lies between the two with room on both sides.
pub const CONFIRMS_SEQ: f64 = 0.6;

/// A measure text at least this alike finds its task with no 序号, or against a 序号 that names
/// another task (a department that numbered its own rows 1, 2, 3): at least half of the measure
/// kept verbatim (0.82) or lightly edited, nearly twice the score of any other measure of the
/// sheet (0.42), since nothing else vouches for it. It must also beat the next task by
/// [`CLEAR_LEAD`].
pub const MATCHES_ALONE: f64 = 0.8;

/// How far the best task's score must lead the second's for a match on text alone.
pub const CLEAR_LEAD: f64 = 0.15;

/// A shorter text needs this many meaningful characters for coverage to count.
pub const MIN_COVERED_CHARS: usize = 8;

/// Meaningful characters compared at most (the start of a longer text): Myers' diff costs
/// (N + M)·D, so this bounds one comparison to well under a millisecond whatever a cell holds,
/// without a time limit that would make the score depend on how busy the machine is. Real
/// measures are 30–200 characters.
const MAX_COMPARED_CHARS: usize = 600;

/// The meaningful characters of a text (full-width letters and digits as ASCII, lower case).
pub fn normalize(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How alike two measure texts are, 0–1 (1: the same meaningful characters).
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_of(&normalize(a), &normalize(b))
}

/// [`similarity`] of texts already passed through [`normalize`].
pub fn similarity_of(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (a, b) = (&a[..a.len().min(MAX_COMPARED_CHARS)], &b[..b.len().min(MAX_COMPARED_CHARS)]);
    let shared: usize = capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } if *len >= 2 => *len,
            _ => 0,
        })
        .sum();
    let shorter = a.len().min(b.len());
    let dice = 2.0 * shared as f64 / (a.len() + b.len()) as f64;
    if shorter < MIN_COVERED_CHARS {
        return dice;
    }
    (dice + shared as f64 / shorter as f64) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEASURE: &str = "建立企业信用保证基金，对符合条件的中小微企业提供增信服务，降低融资成本。";

    #[test]
    fn punctuation_and_width_do_not_count() {
        assert_eq!(similarity(MEASURE, "建立企业信用保证基金 对符合条件的中小微企业提供增信服务 降低融资成本"), 1.0);
        assert_eq!(similarity("ＡＢ１２３", "ab123"), 1.0);
        assert_eq!(similarity("", MEASURE), 0.0);
    }

    #[test]
    fn a_shortened_measure_confirms_and_an_unrelated_one_does_not() {
        let half = "建立企业信用保证基金，对符合条件的中小微企业提供增信服务";
        let score = similarity(MEASURE, half);
        assert!((MATCHES_ALONE..1.0).contains(&score), "{score}");
        let edited = "建立企业信用担保基金，为符合条件的中小企业提供增信服务，降低融资成本。";
        let score = similarity(MEASURE, edited);
        assert!(score >= CONFIRMS_SEQ, "{score}");
        let other = "推动银行机构加大对科技型企业的信贷投放，创新知识产权质押融资产品。";
        let score = similarity(MEASURE, other);
        assert!(score < CONFIRMS_SEQ, "{score}");
    }

    #[test]
    fn a_short_text_is_not_vouched_for_by_being_contained() {
        assert!(similarity(MEASURE, "融资成本") < CONFIRMS_SEQ);
    }
}
