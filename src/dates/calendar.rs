//! The working-day calendar: China's public holidays and 调休 make-up working days.
//!
//! The bundled data (`assets/calendar/cn_holidays.tsv`) follows the State Council General Office
//! notices (国务院办公厅关于…年部分节假日安排的通知). A clerk can add later years, or local
//! arrangements, with a file in the same format: one date a line,
//! `日期<Tab>holiday|workday<Tab>名称`, `#` starting a comment line.
//!
//! A date listed as `holiday` is a rest day, one listed as `workday` is a working day (a weekend
//! made a working day by 调休); any other date is a working day from Monday to Friday and a rest
//! day on Saturday and Sunday.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The bundled holiday data, compiled into the binary.
const BUNDLED_TSV: &str = include_str!("../../assets/calendar/cn_holidays.tsv");

/// Upper bound on the working days one step may count, so that a mistyped count cannot send the
/// search past the end of the calendar.
const MAX_WORKDAYS: u32 = 1000;

/// What went wrong reading a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A line is not `日期<Tab>holiday|workday<Tab>名称`.
    #[error("日历第 {line} 行无法识别：“{text}”（{reason}），格式应为 日期<Tab>holiday或workday<Tab>名称，例如 2027-01-01<Tab>holiday<Tab>元旦")]
    BadLine {
        /// The 1-based line number in the file.
        line: usize,
        /// The line as written.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Whether a listed date is a rest day or a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (rest day), including the weekend days inside a holiday span.
    Holiday,
    /// A make-up working day (调休上班), normally a Saturday or Sunday.
    Workday,
}

/// One listed date of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEntry {
    /// Rest day or working day.
    pub kind: DayKind,
    /// The holiday it belongs to, e.g. "国庆节" or "国庆节调休".
    pub name: String,
}

/// China's working-day calendar: weekends plus the listed holidays and make-up working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    entries: BTreeMap<NaiveDate, CalendarEntry>,
}

impl WorkCalendar {
    /// The calendar bundled with the program (2022–2026 at the time of writing).
    pub fn bundled() -> WorkCalendar {
        static BUNDLED: OnceLock<WorkCalendar> = OnceLock::new();
        BUNDLED
            .get_or_init(|| WorkCalendar::from_tsv(BUNDLED_TSV).expect("the bundled holiday calendar is well formed"))
            .clone()
    }

    /// A calendar with no listed dates: every Monday–Friday is a working day.
    pub fn weekends_only() -> WorkCalendar {
        WorkCalendar::default()
    }

    /// Reads a calendar from TSV text (`日期<Tab>holiday|workday<Tab>名称`, one date a line).
    /// A later line for the same date replaces an earlier one.
    pub fn from_tsv(tsv_text: &str) -> Result<WorkCalendar, CalendarError> {
        WorkCalendar::default().with_extra(tsv_text)
    }

    /// Adds the dates of a user's TSV file; its lines replace the calendar's own for the same date.
    ///
    /// Besides `holiday`/`workday` the kind may be written 放假/休/节假日 or 上班/班/调休上班/工作日,
    /// and the date as 2027-01-01, 2027/1/1, 2027.1.1 or 2027年1月1日; the name may be left out.
    /// Fields may be separated by tabs or spaces.
    pub fn with_extra(mut self, tsv_text: &str) -> Result<WorkCalendar, CalendarError> {
        let text = tsv_text.strip_prefix('\u{feff}').unwrap_or(tsv_text);
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (date, entry) = parse_line(line).map_err(|reason| CalendarError::BadLine {
                line: index + 1,
                text: line.to_string(),
                reason,
            })?;
            self.entries.insert(date, entry);
        }
        Ok(self)
    }

    /// The listed entry for a date, if the calendar names it.
    pub fn entry(&self, date: NaiveDate) -> Option<&CalendarEntry> {
        self.entries.get(&date)
    }

    /// Whether people work on this date: listed dates follow their kind, other dates are working
    /// days from Monday to Friday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.entries.get(&date) {
            Some(entry) => entry.kind == DayKind::Workday,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The date itself when it is a working day, else the first working day after it.
    pub fn next_workday_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_workday(day) {
            day = next_day(day);
        }
        day
    }

    /// The date itself when it is a working day, else the last working day before it.
    pub fn previous_workday_on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_workday(day) {
            day = day.pred_opt().expect("date within chrono's range");
        }
        day
    }

    /// The `n`-th working day strictly after `date` (`date` itself when `n` is 0). Counts above
    /// 1000 are treated as 1000.
    pub fn add_workdays(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        for _ in 0..n.min(MAX_WORKDAYS) {
            day = self.next_workday_on_or_after(next_day(day));
        }
        day
    }

    /// How many working days lie in `from < d <= to` (0 when `to` is not after `from`), so that
    /// `workdays_between(d, add_workdays(d, n)) == n`.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = next_day(day);
            if self.is_workday(day) {
                count += 1;
            }
        }
        count
    }

    /// Whether the calendar holds that year's holiday arrangement. A year counts when some date of
    /// it before December 25 is listed: the last days of December alone may belong to the next
    /// year's New Year holiday (e.g. 2022-12-31 in the 2023 notice).
    pub fn covers(&self, year: i32) -> bool {
        let (Some(first), Some(cutoff)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 25))
        else {
            return false;
        };
        self.entries.range(first..cutoff).next().is_some()
    }

    /// Every year the calendar covers (see [`WorkCalendar::covers`]), in order.
    pub fn covered_years(&self) -> Vec<i32> {
        let years: BTreeSet<i32> = self.entries.keys().map(|d| d.year()).collect();
        years.into_iter().filter(|&y| self.covers(y)).collect()
    }

    /// The first to the last covered year, or `None` for a calendar with no listed dates. Years
    /// inside the range may still be missing from a user's additions; ask [`WorkCalendar::covers`].
    pub fn years(&self) -> Option<RangeInclusive<i32>> {
        let years = self.covered_years();
        Some(*years.first()?..=*years.last()?)
    }
}

/// The following day.
fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).expect("date within chrono's range")
}

/// Reads one non-comment line into its date and entry, or says (in Chinese) what is wrong.
fn parse_line(line: &str) -> Result<(NaiveDate, CalendarEntry), String> {
    let (date_text, rest) = split_field(line);
    let (kind_text, name) = split_field(rest);
    let date = parse_date(date_text).ok_or_else(|| format!("“{date_text}”不是日期，应写作 2027-01-01"))?;
    if kind_text.is_empty() {
        return Err("缺少 holiday 或 workday".to_string());
    }
    let kind =
        parse_kind(kind_text).ok_or_else(|| format!("“{kind_text}”应为 holiday（放假）或 workday（调休上班）"))?;
    let name = match name.trim() {
        "" if kind == DayKind::Holiday => "节假日".to_string(),
        "" => "调休上班".to_string(),
        given => given.to_string(),
    };
    Ok((date, CalendarEntry { kind, name }))
}

/// Splits off the first field, at a tab or a run of spaces; the rest comes back trimmed.
fn split_field(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(|c: char| c == '\t' || c.is_whitespace()) {
        Some(at) => (&text[..at], text[at..].trim()),
        None => (text, ""),
    }
}

/// Reads 2027-01-01, 2027/1/1, 2027.1.1 or 2027年1月1日.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.strip_suffix('日').unwrap_or(text);
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let all_digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if year.len() != 4 || !all_digits(year) || !all_digits(month) || !all_digits(day) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Reads the kind column, in English or Chinese.
fn parse_kind(text: &str) -> Option<DayKind> {
    match text.to_ascii_lowercase().as_str() {
        "holiday" | "rest" | "放假" | "休" | "休息" | "假" | "节假日" => Some(DayKind::Holiday),
        "workday" | "work" | "上班" | "班" | "调休上班" | "工作日" => Some(DayKind::Workday),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// (year, holidays listed, make-up working days listed), counted from each notice.
    const NOTICE_COUNTS: [(i32, usize, usize); 5] =
        [(2022, 31, 7), (2023, 27, 7), (2024, 28, 8), (2025, 28, 5), (2026, 33, 6)];

    #[test]
    fn bundled_counts_per_notice() {
        let cal = WorkCalendar::bundled();
        // The 2023 notice's New Year holiday starts on 2022-12-31; count it with 2023.
        let notice_year = |date: &NaiveDate| if *date == d(2022, 12, 31) { 2023 } else { date.year() };
        for (year, holidays, workdays) in NOTICE_COUNTS {
            let of_year =
                |kind| cal.entries.iter().filter(|(date, e)| notice_year(date) == year && e.kind == kind).count();
            assert_eq!(of_year(DayKind::Holiday), holidays, "{year} holidays");
            assert_eq!(of_year(DayKind::Workday), workdays, "{year} make-up days");
        }
        assert_eq!(cal.entries.len(), 147 + 33);
    }

    #[test]
    fn bundled_file_lists_each_date_once_and_makeup_days_are_weekends() {
        let mut seen = BTreeSet::new();
        for line in BUNDLED_TSV.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line}");
            let (date, entry) = parse_line(line).unwrap();
            assert!(seen.insert(date), "duplicate {date}");
            if entry.kind == DayKind::Workday {
                assert!(matches!(date.weekday(), Weekday::Sat | Weekday::Sun), "{date} {}", entry.name);
                assert!(entry.name.ends_with("调休"), "{line}");
            }
        }
    }

    #[test]
    fn known_days() {
        let cal = WorkCalendar::bundled();
        let cases = [
            // 2024 National Day: Oct 1–7 off, Sun Sep 29 and Sat Oct 12 worked.
            (d(2024, 9, 29), true),
            (d(2024, 10, 1), false),
            (d(2024, 10, 7), false),
            (d(2024, 10, 8), true),
            (d(2024, 10, 12), true),
            (d(2024, 10, 13), false),
            // 2024 Spring Festival: Feb 10–17 off, Sun Feb 4 and Sun Feb 18 worked; 除夕 Feb 9 worked.
            (d(2024, 2, 4), true),
            (d(2024, 2, 9), true),
            (d(2024, 2, 10), false),
            (d(2024, 2, 18), true),
            // 2025 Spring Festival: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 worked.
            (d(2025, 1, 26), true),
            (d(2025, 1, 28), false),
            (d(2025, 2, 4), false),
            (d(2025, 2, 5), true),
            (d(2025, 2, 8), true),
            // 2025 National Day + Mid-Autumn: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
            (d(2025, 9, 28), true),
            (d(2025, 10, 8), false),
            (d(2025, 10, 9), true),
            (d(2025, 10, 11), true),
            // 2026: New Year Jan 1–3 off and Sun Jan 4 worked; Spring Festival Feb 15–23 off with
            // Sat Feb 14 and Sat Feb 28 worked; National Day Oct 1–7 with Sun Sep 20 and Sat Oct 10.
            (d(2026, 1, 2), false),
            (d(2026, 1, 4), true),
            (d(2026, 2, 14), true),
            (d(2026, 2, 15), false),
            (d(2026, 2, 23), false),
            (d(2026, 2, 24), true),
            (d(2026, 2, 28), true),
            (d(2026, 5, 9), true),
            (d(2026, 9, 20), true),
            (d(2026, 9, 25), false),
            (d(2026, 10, 10), true),
            // 2023: New Year starts 2022-12-31; 2022 National Day make-up on Sat Oct 8 / Sun Oct 9.
            (d(2022, 12, 31), false),
            (d(2023, 1, 2), false),
            (d(2022, 10, 8), true),
            (d(2022, 10, 9), true),
            // Plain weekends and weekdays.
            (d(2024, 3, 16), false),
            (d(2024, 3, 17), false),
            (d(2024, 3, 18), true),
            (d(2030, 6, 1), false),
            (d(2030, 6, 3), true),
        ];
        for (date, workday) in cases {
            assert_eq!(cal.is_workday(date), workday, "{date}");
        }
        assert_eq!(cal.entry(d(2024, 10, 1)).map(|e| e.name.as_str()), Some("国庆节"));
        assert_eq!(cal.entry(d(2024, 9, 29)).map(|e| e.name.as_str()), Some("国庆节调休"));
        assert_eq!(cal.entry(d(2024, 3, 18)), None);
    }

    #[test]
    fn add_workdays_counts_strictly_after() {
        let cal = WorkCalendar::bundled();
        let cases = [
            // (from, n, expected)
            (d(2024, 9, 30), 5, d(2024, 10, 12)),
            (d(2024, 12, 31), 5, d(2025, 1, 8)),
            (d(2025, 9, 30), 5, d(2025, 10, 14)),
            (d(2024, 9, 30), 1, d(2024, 10, 8)),
            (d(2024, 3, 15), 1, d(2024, 3, 18)),
            (d(2024, 3, 15), 0, d(2024, 3, 15)),
            (d(2024, 3, 16), 0, d(2024, 3, 16)),
            (d(2026, 2, 13), 1, d(2026, 2, 14)),
            (d(2026, 2, 14), 1, d(2026, 2, 24)),
            (d(2026, 3, 31), 5, d(2026, 4, 8)),
        ];
        for (from, n, expected) in cases {
            assert_eq!(cal.add_workdays(from, n), expected, "{from} + {n}");
            if cal.is_workday(expected) {
                assert_eq!(cal.workdays_between(from, expected), n, "{from}..{expected}");
            }
        }
        assert_eq!(cal.workdays_between(d(2024, 10, 1), d(2024, 9, 1)), 0);
    }

    #[test]
    fn next_and_previous_workday() {
        let cal = WorkCalendar::bundled();
        assert_eq!(cal.next_workday_on_or_after(d(2024, 2, 10)), d(2024, 2, 18));
        assert_eq!(cal.next_workday_on_or_after(d(2024, 10, 8)), d(2024, 10, 8));
        assert_eq!(cal.next_workday_on_or_after(d(2024, 8, 10)), d(2024, 8, 12));
        assert_eq!(cal.previous_workday_on_or_before(d(2024, 9, 28)), d(2024, 9, 27));
        assert_eq!(cal.previous_workday_on_or_before(d(2024, 10, 7)), d(2024, 9, 30));
        assert_eq!(cal.previous_workday_on_or_before(d(2026, 2, 23)), d(2026, 2, 14));
    }

    #[test]
    fn coverage() {
        let cal = WorkCalendar::bundled();
        for year in 2022..=2026 {
            assert!(cal.covers(year), "{year}");
        }
        assert!(!cal.covers(2021));
        assert!(!cal.covers(2027));
        assert_eq!(cal.years(), Some(2022..=2026));
        assert_eq!(WorkCalendar::weekends_only().years(), None);
        // Only a next-year New Year's Eve listed: the year is not covered.
        let eve = WorkCalendar::weekends_only().with_extra("2027-12-31\tholiday\t元旦").unwrap();
        assert!(!eve.covers(2027));
    }

    #[test]
    fn user_extra_adds_a_year_and_overrides() {
        let extra = "\u{feff}# 2027年（示例）\r\n\
                     2027-01-01\tholiday\t元旦\r\n\
                     \r\n\
                     2027/2/6  workday  春节调休\n\
                     2027年2月8日 放假 春节\n\
                     2024-10-08\tholiday\t本地补假\n\
                     2024-10-13\t上班\n";
        let cal = WorkCalendar::bundled().with_extra(extra).unwrap();
        assert!(cal.covers(2027));
        assert_eq!(cal.years(), Some(2022..=2027));
        assert!(!cal.is_workday(d(2027, 1, 1)));
        assert!(cal.is_workday(d(2027, 2, 6)));
        assert!(!cal.is_workday(d(2027, 2, 8)));
        // The user's lines replace the bundled ones.
        assert!(!cal.is_workday(d(2024, 10, 8)));
        assert_eq!(cal.entry(d(2024, 10, 8)).unwrap().name, "本地补假");
        assert!(cal.is_workday(d(2024, 10, 13)));
        assert_eq!(cal.entry(d(2024, 10, 13)).unwrap().name, "调休上班");
        // The bundled calendar itself is unchanged.
        assert!(WorkCalendar::bundled().is_workday(d(2024, 10, 8)));
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let cases = [
            ("2027-01-01\tholiday\t元旦\n2027-13-01\tholiday\t元旦\n", 2, "不是日期"),
            ("# 注释\n\n2027-01-01\tvacation\t元旦\n", 3, "应为 holiday"),
            ("2027-01-01\n", 1, "缺少 holiday 或 workday"),
            ("元旦\t2027-01-01\tholiday\n", 1, "不是日期"),
            ("2027-02-30\tholiday\n", 1, "不是日期"),
        ];
        for (text, line, reason) in cases {
            let err = WorkCalendar::bundled().with_extra(text).unwrap_err();
            let CalendarError::BadLine { line: got, .. } = &err;
            assert_eq!(*got, line, "{text}");
            let message = err.to_string();
            assert!(message.starts_with(&format!("日历第 {line} 行无法识别：")), "{message}");
            assert!(message.contains(reason), "{message}");
            assert!(message.contains("格式应为 日期<Tab>holiday或workday<Tab>名称"), "{message}");
        }
    }
}
