//! Any text through the 完成时限 parser, with and without a ledger year. Besides panics, checks
//! that the reading is consistent: the due date is the latest milestone, and a dated kind has
//! milestones.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::dates::deadline::{Deadline, DeadlineKind};

fuzz_target!(|input: (Option<i16>, &str)| {
    let (year, text) = input;
    let deadline = Deadline::parse(text, year.map(i32::from));
    assert_eq!(deadline.raw, text);
    assert_eq!(deadline.due, deadline.milestones.iter().map(|m| m.date).max());
    match deadline.kind {
        DeadlineKind::Date => assert_eq!(deadline.milestones.len(), 1),
        DeadlineKind::Milestones => assert!(deadline.milestones.len() > 1),
        _ => assert!(deadline.milestones.is_empty()),
    }
});
