//! The 考核: per-unit scores per round and per year from rules the clerk sets per ledger, a
//! ranking, and the 表扬 / 提醒 lists of the 通报. Pure functions of
//! [`RoundFacts`](crate::round_facts::RoundFacts); every point is an explained event.

pub mod rules;
pub mod scoring;

pub use rules::{ScoreRules, RULES};
pub use scoring::{round_events, score_board, EventKind, ScoreBoard, ScoreEvent, Standing, UnitScore};

#[cfg(test)]
mod tests;
