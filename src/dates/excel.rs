//! Excel's date serial numbers.

use chrono::{Days, NaiveDate};

/// The date of an Excel serial number in the 1900 date system, for serials that plausibly are
/// dates in a ledger (years 1990 to 2099); `None` otherwise.
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    const FIRST: f64 = 32_874.0; // 1990-01-01
    const LAST: f64 = 73_050.0; // 2099-12-31
    if !(FIRST..=LAST).contains(&serial) || serial.fract() != 0.0 {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        assert_eq!(serial_date(44926.0), NaiveDate::from_ymd_opt(2022, 12, 31));
        assert_eq!(serial_date(45107.0), NaiveDate::from_ymd_opt(2023, 6, 30));
        assert_eq!(serial_date(17.0), None);
        assert_eq!(serial_date(44926.5), None);
    }
}
