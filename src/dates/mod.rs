//! Every piece of date and deadline logic lives here.

pub mod deadline;
pub mod excel;
pub mod year;

pub use deadline::{Deadline, DeadlineKind, Milestone, Recurrence};
