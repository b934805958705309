//! Finding the task a returned row is about when it carries no row key: by its 序号, confirmed
//! by its measure text; by the text alone when the 序号 is missing or names another task. A
//! row whose 序号 and text disagree is a conflict, never a guess.

use std::collections::HashMap;

use super::similarity::{normalize, similarity_of, CLEAR_LEAD, CONFIRMS_SEQ, MATCHES_ALONE};
use crate::store::TaskTexts;

/// How a row was found.
pub(super) enum Found<'a> {
    /// The task, with (score, "seq" or "text") when the text is not the ledger's verbatim.
    Task(&'a TaskTexts, Option<(f64, &'static str)>),
    /// The 序号 names this task but the text does not confirm it (score), and matches no other
    /// task clearly.
    Conflict(&'a TaskTexts, f64),
    /// No task.
    Nothing,
}

/// The tasks of one ledger sheet, indexed for finding rows.
pub(super) struct SheetIndex<'a> {
    tasks: Vec<&'a TaskTexts>,
    /// Each task's measure, normalised (same order as `tasks`).
    texts: Vec<Vec<char>>,
    by_seq: HashMap<String, Vec<usize>>,
    by_text: HashMap<Vec<char>, Vec<usize>>,
}

impl<'a> SheetIndex<'a> {
    /// Indexes a sheet's tasks.
    pub fn new(tasks: Vec<&'a TaskTexts>) -> SheetIndex<'a> {
        let texts: Vec<Vec<char>> = tasks.iter().map(|t| normalize(&t.measure)).collect();
        let mut by_seq: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_text: HashMap<Vec<char>, Vec<usize>> = HashMap::new();
        for (i, task) in tasks.iter().enumerate() {
            by_seq.entry(normalize_seq(&task.seq)).or_default().push(i);
            by_text.entry(texts[i].clone()).or_default().push(i);
        }
        SheetIndex { tasks, texts, by_seq, by_text }
    }

    /// The task a row with this 序号 and measure text is about.
    pub fn find(&self, seq: &str, measure: &str) -> Found<'a> {
        let text = normalize(measure);
        let named: &[usize] = self.by_seq.get(&normalize_seq(seq)).map_or(&[], Vec::as_slice);
        if text.is_empty() {
            return match named {
                [only] => Found::Task(self.tasks[*only], None),
                _ => Found::Nothing,
            };
        }
        let best_named =
            named.iter().map(|&i| (i, similarity_of(&self.texts[i], &text))).max_by(|a, b| a.1.total_cmp(&b.1));
        match best_named {
            Some((i, score)) if score >= 1.0 => Found::Task(self.tasks[i], None),
            Some((i, score)) if score >= CONFIRMS_SEQ => Found::Task(self.tasks[i], Some((score, "seq"))),
            Some((i, score)) => match self.by_text_alone(&text) {
                Some((other, s)) if other != i => Found::Task(self.tasks[other], Some((s, "text"))),
                _ => Found::Conflict(self.tasks[i], score),
            },
            None => match self.by_text_alone(&text) {
                Some((i, s)) => Found::Task(self.tasks[i], (s < 1.0).then_some((s, "text"))),
                None => Found::Nothing,
            },
        }
    }

    /// The one task whose measure is this text verbatim, else the one it resembles clearly
    /// ([`MATCHES_ALONE`], ahead of the next by [`CLEAR_LEAD`]), with its score.
    fn by_text_alone(&self, text: &[char]) -> Option<(usize, f64)> {
        if let Some(same) = self.by_text.get(text) {
            return (same.len() == 1).then(|| (same[0], 1.0));
        }
        let (mut best, mut second): (Option<(usize, f64)>, f64) = (None, 0.0);
        for (i, candidate) in self.texts.iter().enumerate() {
            if !could_match_alone(candidate.len(), text.len()) {
                continue;
            }
            let score = similarity_of(candidate, text);
            match best {
                Some((_, b)) if score <= b => second = second.max(score),
                _ => {
                    second = best.map_or(second, |(_, b)| second.max(b));
                    best = Some((i, score));
                }
            }
        }
        best.filter(|(_, score)| *score >= MATCHES_ALONE && score - second >= CLEAR_LEAD)
    }
}

/// Whether texts of these lengths can reach [`MATCHES_ALONE`] at all: even with the shorter
/// one wholly contained, the score is (2r/(1+r) + 1)/2 for the length ratio r, which is below
/// 0.8 for r < 0.43. Skipping the rest keeps a scan over a large sheet cheap.
fn could_match_alone(a: usize, b: usize) -> bool {
    let (short, long) = (a.min(b) as f64, a.max(b) as f64);
    long > 0.0 && short / long >= 0.42
}

/// A 序号 as compared: half-width digits, no brackets or trailing "." / "、", "3.0" as "3".
pub(super) fn normalize_seq(seq: &str) -> String {
    let unified: String = seq
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）'))
        .collect();
    let trimmed = unified.trim_end_matches(['.', '、', '．']);
    trimmed.strip_suffix(".0").unwrap_or(trimmed).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seq_forms() {
        assert_eq!(normalize_seq(" 3. "), "3");
        assert_eq!(normalize_seq("（3）"), "3");
        assert_eq!(normalize_seq("３、"), "3");
        assert_eq!(normalize_seq("3.0"), "3");
        assert_eq!(normalize_seq("17-1"), "17-1");
    }
}
