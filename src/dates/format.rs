//! Dates written the way Chinese official documents write them.

use chrono::{Datelike, NaiveDate};

/// "2024年10月12日".
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_style() {
        assert_eq!(chinese_date(NaiveDate::from_ymd_opt(2024, 10, 2).expect("date")), "2024年10月2日");
    }
}
