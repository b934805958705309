//! Whether a task is overdue.

use chrono::NaiveDate;

use super::Deadline;

/// The status that closes a task.
pub const DONE: &str = "已完成";

/// A task is overdue when its deadline has a due date before `today` and it is not 已完成.
/// Ongoing and recurring tasks without a date are never overdue.
pub fn is_overdue(deadline: &Deadline, status: Option<&str>, today: NaiveDate) -> bool {
    status != Some(DONE) && deadline.due.is_some_and(|due| due < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_rules() {
        let today = NaiveDate::from_ymd_opt(2024, 10, 13).expect("date");
        let due = Deadline::parse("2024年9月底前", None);
        assert!(is_overdue(&due, None, today));
        assert!(is_overdue(&due, Some("推进中"), today));
        assert!(!is_overdue(&due, Some("已完成"), today));
        assert!(!is_overdue(&Deadline::parse("2024年10月13日", None), None, today), "due today is not late");
        assert!(!is_overdue(&Deadline::parse("长期坚持", None), None, today));
    }
}
