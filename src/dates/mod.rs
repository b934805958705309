//! Every piece of date and deadline logic lives here.

pub mod calendar;
pub mod deadline;
pub mod excel;
pub mod format;
pub mod overdue;
pub mod schedule;
pub mod year;

pub use calendar::{CalendarEntry, CalendarError, DayKind, WorkCalendar};
pub use deadline::{Deadline, DeadlineKind, Milestone, Recurrence};
pub use schedule::{Period, Schedule};
