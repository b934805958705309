//! Reporting schedules: when departments report progress on a ledger, and which period each
//! report covers.
//!
//! The rules come from the notices that issue a ledger: 大同 "每月10日和25日" (semi-monthly),
//! 鄂尔多斯 "每季度结束之日起5个工作日" (quarterly, counted in working days), 济源 "每季度末（28日
//! 前）", monthly "每月5日前" / "每月底", or a list of dates. Working days come from a
//! [`WorkCalendar`].
//!
//! Periods tile the calendar: a monthly-style period runs from the day after the previous nominal
//! report day to its own nominal report day, a quarterly period is the calendar quarter. The due
//! date is the nominal day moved as the rule says (to the next working day, to the previous one, or
//! counted in working days after the quarter).

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;

/// How often, and by when, a ledger's progress is reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// Several fixed days every month, e.g. 大同 "每月10日和25日" is `days: [10, 25]`. A day past
    /// the month's end means the month's last day; days outside 1–31 are ignored.
    SemiMonthly {
        /// The days of the month reports are due.
        days: Vec<u32>,
        /// Whether a day that is not a working day moves to the next working day (遇节假日顺延).
        shift_to_workday: bool,
    },
    /// One fixed day every month ("每月5日前"); 31 (or any day past the month's end) means the
    /// last day of the month ("每月底"). Day 0 gives no periods.
    Monthly {
        /// The day of the month the report is due.
        day: u32,
        /// Whether a day that is not a working day moves to the next working day (遇节假日顺延).
        shift_to_workday: bool,
    },
    /// Within N working days after each quarter ends (鄂尔多斯 "每季度结束后5个工作日内"): due on
    /// the N-th working day after the quarter's last day.
    QuarterlyAfterEnd {
        /// How many working days after the quarter's end.
        workdays: u32,
    },
    /// By a day of each quarter's last month (济源 "每季度末（28日前）", "季末28日前"): 3-28, 6-28,
    /// 9-28, 12-28, moved back to the previous working day when it is a rest day. 31 means the
    /// quarter's last day. Day 0 gives no periods.
    QuarterlyBeforeDay {
        /// The day of the quarter's last month.
        day: u32,
    },
    /// An explicit list of due dates, taken as written (no shifting).
    Custom {
        /// The due dates, in any order.
        dates: Vec<NaiveDate>,
    },
}

/// One reporting period: the span of work a report covers and when it is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// A Chinese label: "2024年第3季度", "2024年10月", "2024年10月第1期" or "第3期".
    pub label: String,
    /// The first day the period covers.
    pub start: NaiveDate,
    /// The last day the period covers (the nominal report day, or the quarter's last day).
    pub end: NaiveDate,
    /// The day the report is due, after moving for rest days.
    pub due: NaiveDate,
}

/// How far ahead [`Schedule::period_containing`] looks, besides the working-day count.
const LOOKAHEAD_DAYS: u64 = 400;

impl Schedule {
    /// The period whose report is due next on or after `date` (the report a clerk should be
    /// working on that day). `None` when the schedule has no due date from `date` on (a custom
    /// list that has run out, or a schedule without valid days).
    pub fn period_containing(&self, date: NaiveDate, calendar: &WorkCalendar) -> Option<Period> {
        let extra = match self {
            Schedule::QuarterlyAfterEnd { workdays } => u64::from(capped(*workdays)) * 2,
            _ => 0,
        };
        let horizon = date.checked_add_days(Days::new(LOOKAHEAD_DAYS + extra)).unwrap_or(NaiveDate::MAX);
        self.periods_between(date, horizon, calendar).into_iter().next()
    }

    /// Every period whose due date falls within `from..=to`, in order of due date.
    pub fn periods_between(&self, from: NaiveDate, to: NaiveDate, calendar: &WorkCalendar) -> Vec<Period> {
        if from > to {
            return Vec::new();
        }
        let mut periods = match self {
            Schedule::Custom { dates } => custom_periods(dates),
            Schedule::SemiMonthly { days, shift_to_workday } => monthly_periods(
                &valid_days(days),
                *shift_to_workday,
                true,
                month_index(from) - 2,
                month_index(to),
                calendar,
            ),
            Schedule::Monthly { day, shift_to_workday } => monthly_periods(
                &valid_days(&[*day]),
                *shift_to_workday,
                false,
                month_index(from) - 2,
                month_index(to),
                calendar,
            ),
            Schedule::QuarterlyAfterEnd { workdays } => {
                // A due date lies at most about two calendar days per working day after its
                // quarter's end; look back that far, plus holidays.
                let lookback_months = (capped(*workdays) as i32 * 2 + 40) / 28 + 3;
                let first = (month_index(from) - lookback_months).div_euclid(3);
                let last = month_index(to).div_euclid(3);
                (first..=last)
                    .map(|q| {
                        let (start, end) = quarter_bounds(q);
                        Period { label: quarter_label(q), start, end, due: calendar.add_workdays(end, *workdays) }
                    })
                    .collect()
            }
            Schedule::QuarterlyBeforeDay { day } => {
                if !(1..=31).contains(day) {
                    return Vec::new();
                }
                let first = month_index(from).div_euclid(3);
                let last = (month_index(to) + 3).div_euclid(3);
                (first..=last)
                    .map(|q| {
                        let (start, end) = quarter_bounds(q);
                        let nominal = clamped_date(end.year(), end.month(), *day);
                        Period {
                            label: quarter_label(q),
                            start,
                            end,
                            due: calendar.previous_workday_on_or_before(nominal),
                        }
                    })
                    .collect()
            }
        };
        periods.retain(|p| from <= p.due && p.due <= to);
        periods
    }

    /// The rule in Chinese, e.g. "每月10日和25日（遇节假日顺延）", "每季度结束后5个工作日内",
    /// "每季度末月28日前", "每月底".
    pub fn describe(&self) -> String {
        let shifted = |shift: bool| if shift { "（遇节假日顺延）" } else { "" };
        match self {
            Schedule::SemiMonthly { days, shift_to_workday } => {
                let days = valid_days(days);
                if days.is_empty() {
                    return "每月（未设报送日）".to_string();
                }
                let names: Vec<String> = days.iter().map(|&d| day_name(d)).collect();
                format!("每月{}{}", join_and(&names), shifted(*shift_to_workday))
            }
            Schedule::Monthly { day, shift_to_workday } => match day {
                0 => "每月（未设报送日）".to_string(),
                31.. => format!("每月底{}", shifted(*shift_to_workday)),
                d => format!("每月{d}日{}", shifted(*shift_to_workday)),
            },
            Schedule::QuarterlyAfterEnd { workdays: 0 } => "每季度最后一天".to_string(),
            Schedule::QuarterlyAfterEnd { workdays } => format!("每季度结束后{workdays}个工作日内"),
            Schedule::QuarterlyBeforeDay { day } => match day {
                0 => "每季度末月（未设报送日）".to_string(),
                31.. => "每季度末".to_string(),
                d => format!("每季度末月{d}日前"),
            },
            Schedule::Custom { dates } => {
                let mut dates = dates.clone();
                dates.sort();
                dates.dedup();
                let names: Vec<String> =
                    dates.iter().take(3).map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day())).collect();
                match dates.len() {
                    0 => "自定义报送日期（未设日期）".to_string(),
                    1..=3 => format!("自定义报送日期：{}", names.join("、")),
                    n => format!("自定义报送日期：{}等{n}个日期", names.join("、")),
                }
            }
        }
    }

    /// Recognises a reporting rule in a notice's text, e.g. "每月10日和25日", "于每月10日、25日前",
    /// "每季度结束后5个工作日内", "每季度结束之日起5个工作日", "每季度末（28日前）", "季末28日前",
    /// "每季度最后一个月25日前", "每月5日前", "每月底". The text may be a whole sentence or
    /// document; the first rule written wins. Full-width digits and Chinese numerals (五, 二十五)
    /// are read too. Day rules get `shift_to_workday: true`, month-end rules `false`.
    pub fn from_text(text: &str) -> Option<Schedule> {
        let chars = normalize(text);
        let mut found: Vec<(usize, u8, Schedule)> = Vec::new();
        found.extend(quarterly_after_end(&chars).map(|(at, s)| (at, 0, s)));
        found.extend(quarterly_before_day(&chars).map(|(at, s)| (at, 1, s)));
        found.extend(monthly(&chars).map(|(at, s)| (at, 2, s)));
        found.into_iter().min_by_key(|(at, priority, _)| (*at, *priority)).map(|(_, _, s)| s)
    }
}

/// Working-day counts are capped as in [`WorkCalendar::add_workdays`].
fn capped(workdays: u32) -> u32 {
    workdays.min(1000)
}

/// The valid days (1–31) of a list, sorted and without repeats.
fn valid_days(days: &[u32]) -> Vec<u32> {
    let mut days: Vec<u32> = days.iter().copied().filter(|d| (1..=31).contains(d)).collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// Months counted from year 0: `year * 12 + month - 1`.
fn month_index(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// The year and month (1–12) of a month index.
fn year_month(index: i32) -> (i32, u32) {
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// The given day of a month, or the month's last day when the month is shorter.
fn clamped_date(year: i32, month: u32, day: u32) -> NaiveDate {
    (1..=day.min(31)).rev().find_map(|d| NaiveDate::from_ymd_opt(year, month, d)).expect("every month has a 28th day")
}

/// The first and last day of a quarter, counted as `year * 4 + quarter - 1`.
fn quarter_bounds(quarter: i32) -> (NaiveDate, NaiveDate) {
    let (year, q) = (quarter.div_euclid(4), quarter.rem_euclid(4) as u32);
    let start = NaiveDate::from_ymd_opt(year, q * 3 + 1, 1).expect("valid quarter start");
    (start, clamped_date(year, q * 3 + 3, 31))
}

/// "2024年第3季度".
fn quarter_label(quarter: i32) -> String {
    format!("{}年第{}季度", quarter.div_euclid(4), quarter.rem_euclid(4) + 1)
}

/// Periods of a month-based schedule for the months `first..=last` (month indexes). The month
/// before `first` only supplies the start of `first`'s first period.
fn monthly_periods(
    days: &[u32],
    shift: bool,
    numbered: bool,
    first: i32,
    last: i32,
    calendar: &WorkCalendar,
) -> Vec<Period> {
    if days.is_empty() {
        return Vec::new();
    }
    // (nominal day, label), in date order; days clamped to the same month end count once.
    let mut nominal: Vec<(NaiveDate, String)> = Vec::new();
    for index in first - 1..=last {
        let (year, month) = year_month(index);
        let mut in_month: Vec<NaiveDate> = days.iter().map(|&d| clamped_date(year, month, d)).collect();
        in_month.dedup();
        let count = in_month.len();
        for (k, date) in in_month.into_iter().enumerate() {
            let label = if numbered && count > 1 {
                format!("{year}年{month}月第{}期", k + 1)
            } else {
                format!("{year}年{month}月")
            };
            nominal.push((date, label));
        }
    }
    nominal
        .windows(2)
        .map(|pair| {
            let (previous, _) = &pair[0];
            let (end, label) = &pair[1];
            Period {
                label: label.clone(),
                start: previous.succ_opt().expect("date within chrono's range"),
                end: *end,
                due: if shift { calendar.next_workday_on_or_after(*end) } else { *end },
            }
        })
        .collect()
}

/// Periods of a custom date list: "第1期" ends on the first date (and starts there, nothing
/// coming before it); each later period starts the day after the previous date.
fn custom_periods(dates: &[NaiveDate]) -> Vec<Period> {
    let mut dates = dates.to_vec();
    dates.sort();
    dates.dedup();
    let mut periods = Vec::with_capacity(dates.len());
    let mut start = dates.first().copied();
    for (i, &date) in dates.iter().enumerate() {
        let from = start.unwrap_or(date);
        periods.push(Period { label: format!("第{}期", i + 1), start: from, end: date, due: date });
        start = date.succ_opt();
    }
    periods
}

/// "10日", or "月底" for 31.
fn day_name(day: u32) -> String {
    if day >= 31 {
        "月底".to_string()
    } else {
        format!("{day}日")
    }
}

/// "甲", "甲和乙", "甲、乙和丙".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{}和{last}", init.join("、")),
    }
}

/// Prepares notice text for matching: full-width digits and punctuation become ASCII, white space
/// goes, and Chinese numerals before 日/号/个/天 become digits ("二十五日" → "25日").
fn normalize(text: &str) -> Vec<char> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '－' | '—' | '～' | '~' => '-',
            '號' => '号',
            _ => c,
        })
        .collect();
    let is_numeral = |c: char| "零〇一二两三四五六七八九十".contains(c);
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if is_numeral(chars[i]) {
            let end = (i..chars.len()).find(|&j| !is_numeral(chars[j])).unwrap_or(chars.len());
            let followed = chars.get(end).is_some_and(|c| "日号个天".contains(*c));
            if let (true, Some(value)) = (followed, chinese_number(&chars[i..end])) {
                out.extend(value.to_string().chars());
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The value of a Chinese numeral from 1 to 99 ("五", "十五", "二十五", "三十").
fn chinese_number(chars: &[char]) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|byte| (byte / 3) as u32).or((c == '两').then_some(2));
    match chars {
        ['十'] => Some(10),
        [d] => digit(*d).filter(|&v| v > 0),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Whether `pattern` occurs in `chars` at `at`.
fn starts_with(chars: &[char], at: usize, pattern: &str) -> bool {
    pattern.chars().enumerate().all(|(k, p)| chars.get(at + k) == Some(&p))
}

/// Every position where `pattern` occurs.
fn positions<'a>(chars: &'a [char], pattern: &'a str) -> impl Iterator<Item = usize> + 'a {
    (0..chars.len()).filter(move |&i| starts_with(chars, i, pattern))
}

/// The ASCII number starting at `at` (at most 3 digits) and the position after it.
fn number_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let end = (at..chars.len()).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(chars.len());
    if end == at || end - at > 3 {
        return None;
    }
    Some((chars[at..end].iter().collect::<String>().parse().ok()?, end))
}

/// The ASCII number ending just before `end` and the position where it starts.
fn number_before(chars: &[char], end: usize) -> Option<(u32, usize)> {
    let start = (0..end).rev().take_while(|&j| chars[j].is_ascii_digit()).last()?;
    number_at(chars, start).filter(|&(_, e)| e == end).map(|(n, _)| (n, start))
}

/// A day of the month at `at`: "10日", "5号", or a range "1日至5日" / "1-5日" (its end day).
/// Returns the day and the position after it.
fn day_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    let (mut day, mut i) = number_at(chars, at)?;
    if chars.get(i).is_some_and(|c| "日号".contains(*c)) {
        i += 1;
    } else if !chars.get(i).is_some_and(|c| "-至到".contains(*c)) {
        return None;
    }
    // A range: the report is due by its last day.
    if chars.get(i).is_some_and(|c| "-至到".contains(*c)) {
        if let Some((end_day, j)) = number_at(chars, i + 1) {
            if chars.get(j).is_some_and(|c| "日号".contains(*c)) {
                day = end_day;
                i = j + 1;
            }
        }
    }
    let ends_day = chars.get(i - 1).is_some_and(|c| "日号".contains(*c));
    (ends_day && (1..=31).contains(&day)).then_some((day, i))
}

/// "每季度结束后5个工作日内", "每季度结束之日起5个工作日", "季后五个工作日内", "每季度末后5个工作日",
/// "每季度首月前5个工作日": N working days after the quarter, found at its 季.
fn quarterly_after_end(chars: &[char]) -> impl Iterator<Item = (usize, Schedule)> + '_ {
    positions(chars, "工作日").filter_map(|at| {
        let number_end = if at > 0 && chars[at - 1] == '个' { at - 1 } else { at };
        let (workdays, number_start) = number_before(chars, number_end)?;
        if !(1..=60).contains(&workdays) {
            return None;
        }
        let window_start = number_start.saturating_sub(16);
        let season = (window_start..number_start).rev().find(|&j| chars[j] == '季')?;
        let between: String = chars[season + 1..number_start].iter().collect();
        let markers = ["结束", "末", "后", "终了", "起", "初", "首月", "第1个月", "前"];
        if !markers.iter().any(|m| between.contains(m)) || between.contains('日') && !between.contains("之日") {
            return None;
        }
        let from = if season > 0 && chars[season - 1] == '每' { season - 1 } else { season };
        Some((from, Schedule::QuarterlyAfterEnd { workdays }))
    })
}

/// "每季度末月28日前", "季末28日前", "每季度末（28日前）", "每季度最后一个月的25日前", and
/// "每季度末" alone (the quarter's last day).
fn quarterly_before_day(chars: &[char]) -> impl Iterator<Item = (usize, Schedule)> + '_ {
    positions(chars, "季").filter_map(|at| {
        let every = at > 0 && chars[at - 1] == '每';
        let mut i = at + 1;
        if chars.get(i) == Some(&'度') {
            i += 1;
        }
        if chars.get(i) == Some(&'末') {
            i += 1;
        } else if starts_with(chars, i, "最后1个月") {
            i += 5;
        } else {
            return None;
        }
        for skip in ["月", "的", "("] {
            if starts_with(chars, i, skip) {
                i += skip.chars().count();
            }
        }
        let from = if every { at - 1 } else { at };
        match day_at(chars, i) {
            Some((day, _)) => Some((from, Schedule::QuarterlyBeforeDay { day })),
            // "每季度末将材料报送": by the quarter's last day; "季末后…" is another rule.
            None if every && chars.get(i) != Some(&'后') => Some((from, Schedule::QuarterlyBeforeDay { day: 31 })),
            None => None,
        }
    })
}

/// "每月10日和25日", "于每月10日、25日前", "每月5日前", "每月的15号", "每月1日至5日", "每月底",
/// "每月月末前".
fn monthly(chars: &[char]) -> impl Iterator<Item = (usize, Schedule)> + '_ {
    positions(chars, "每").filter_map(|at| {
        let mut i = at + 1;
        if starts_with(chars, i, "个月") {
            i += 2;
        } else if chars.get(i) == Some(&'月') {
            i += 1;
        } else {
            return None;
        }
        for skip in ["的", "于"] {
            if starts_with(chars, i, skip) {
                i += 1;
            }
        }
        let month_end = ["底", "末", "月底", "月末", "最后1天"];
        if month_end.iter().any(|m| starts_with(chars, i, m)) && !starts_with(chars, i, "末后") {
            return Some((at, Schedule::Monthly { day: 31, shift_to_workday: false }));
        }
        let mut days = Vec::new();
        while let Some((day, next)) = day_at(chars, i) {
            days.push(day);
            i = next;
            let separator = ["和", "、", "及", "与", ",", "或"].iter().find(|s| starts_with(chars, i, s));
            match separator {
                Some(_) if chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => i += 1,
                _ => break,
            }
        }
        let days = valid_days(&days);
        match days.as_slice() {
            [] => None,
            [day] => Some((at, Schedule::Monthly { day: *day, shift_to_workday: true })),
            _ => Some((at, Schedule::SemiMonthly { days, shift_to_workday: true })),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn datong(shift: bool) -> Schedule {
        Schedule::SemiMonthly { days: vec![10, 25], shift_to_workday: shift }
    }

    const ORDOS: Schedule = Schedule::QuarterlyAfterEnd { workdays: 5 };
    const JIYUAN: Schedule = Schedule::QuarterlyBeforeDay { day: 28 };

    /// The due date of the period whose report is due on or after `date`.
    fn due(schedule: &Schedule, date: NaiveDate, cal: &WorkCalendar) -> NaiveDate {
        schedule.period_containing(date, cal).unwrap().due
    }

    #[test]
    fn ordos_quarterly_after_end() {
        let cal = WorkCalendar::bundled();
        let cases = [
            // (quarter's last day, due): the 5th working day after it.
            (d(2023, 12, 31), d(2024, 1, 8)),
            (d(2024, 3, 31), d(2024, 4, 8)), // Apr 1, 2, 3, then 清明 4–6, Sun 7 worked, 8
            (d(2024, 6, 30), d(2024, 7, 5)),
            (d(2024, 9, 30), d(2024, 10, 12)), // Oct 8, 9, 10, 11 and the make-up Saturday 12
            (d(2024, 12, 31), d(2025, 1, 8)),  // Jan 1 off; Jan 2, 3, 6, 7, 8
            (d(2025, 3, 31), d(2025, 4, 8)),
            (d(2025, 9, 30), d(2025, 10, 14)), // after Oct 1–8: 9, 10, 11 (make-up Sat), 13, 14
            (d(2025, 12, 31), d(2026, 1, 8)),  // Jan 1–3 off; Sun Jan 4 worked, 5, 6, 7, 8
            (d(2026, 9, 30), d(2026, 10, 13)), // Oct 8, 9, 10 (make-up Sat), 12, 13
        ];
        for (quarter_end, expected) in cases {
            let period = ORDOS.period_containing(quarter_end, &cal).unwrap();
            assert_eq!(period.end, quarter_end);
            assert_eq!(period.due, expected, "{}", period.label);
        }
        let q3 = ORDOS.period_containing(d(2024, 10, 5), &cal).unwrap();
        assert_eq!(
            q3,
            Period {
                label: "2024年第3季度".to_string(),
                start: d(2024, 7, 1),
                end: d(2024, 9, 30),
                due: d(2024, 10, 12)
            }
        );
    }

    #[test]
    fn period_containing_is_the_next_due_report() {
        let cal = WorkCalendar::bundled();
        let cases = [
            // (schedule, date, label, due)
            (ORDOS, d(2024, 9, 30), "2024年第3季度", d(2024, 10, 12)),
            (ORDOS, d(2024, 10, 12), "2024年第3季度", d(2024, 10, 12)),
            (ORDOS, d(2024, 10, 13), "2024年第4季度", d(2025, 1, 8)),
            (ORDOS, d(2024, 7, 6), "2024年第3季度", d(2024, 10, 12)),
            (ORDOS, d(2024, 1, 1), "2023年第4季度", d(2024, 1, 8)),
            (JIYUAN, d(2024, 9, 27), "2024年第3季度", d(2024, 9, 27)),
            (JIYUAN, d(2024, 9, 28), "2024年第4季度", d(2024, 12, 27)),
            (JIYUAN, d(2024, 12, 31), "2025年第1季度", d(2025, 3, 28)),
            (datong(true), d(2024, 2, 11), "2024年2月第1期", d(2024, 2, 18)),
            (datong(true), d(2024, 2, 19), "2024年2月第2期", d(2024, 2, 26)),
            (datong(true), d(2024, 12, 26), "2025年1月第1期", d(2025, 1, 10)),
            (datong(false), d(2024, 2, 11), "2024年2月第2期", d(2024, 2, 25)),
        ];
        for (schedule, date, label, expected) in cases {
            let period = schedule.period_containing(date, &cal).unwrap();
            assert_eq!((period.label.as_str(), period.due), (label, expected), "{} on {date}", schedule.describe());
        }
    }

    #[test]
    fn datong_semi_monthly() {
        let cal = WorkCalendar::bundled();
        let cases = [
            // (nominal day, due with shifting)
            (d(2024, 2, 10), d(2024, 2, 18)), // 春节 Feb 10–17; Sun Feb 18 is a make-up working day
            (d(2024, 2, 25), d(2024, 2, 26)), // Sunday
            (d(2024, 8, 10), d(2024, 8, 12)), // Saturday
            (d(2024, 8, 25), d(2024, 8, 26)), // Sunday
            (d(2024, 10, 10), d(2024, 10, 10)),
            (d(2024, 10, 25), d(2024, 10, 25)),
            (d(2025, 5, 10), d(2025, 5, 12)),   // Saturday (no make-up day in May 2025)
            (d(2026, 1, 10), d(2026, 1, 12)),   // Saturday
            (d(2026, 1, 25), d(2026, 1, 26)),   // Sunday
            (d(2026, 4, 25), d(2026, 4, 27)),   // Saturday
            (d(2026, 5, 10), d(2026, 5, 11)),   // Sunday (Sat May 9 is the make-up day)
            (d(2026, 10, 10), d(2026, 10, 10)), // a Saturday, but a make-up working day
            (d(2026, 10, 25), d(2026, 10, 26)), // Sunday
        ];
        for (nominal, expected) in cases {
            let shifted = datong(true).periods_between(nominal, nominal + Days::new(20), &cal);
            assert_eq!((shifted[0].end, shifted[0].due), (nominal, expected), "{nominal}");
            let plain = datong(false).period_containing(nominal, &cal).unwrap();
            assert_eq!((plain.end, plain.due), (nominal, nominal), "{nominal} unshifted");
        }
        let feb = datong(true).periods_between(d(2024, 2, 1), d(2024, 2, 29), &cal);
        assert_eq!(
            feb,
            vec![
                Period {
                    label: "2024年2月第1期".to_string(),
                    start: d(2024, 1, 26),
                    end: d(2024, 2, 10),
                    due: d(2024, 2, 18)
                },
                Period {
                    label: "2024年2月第2期".to_string(),
                    start: d(2024, 2, 11),
                    end: d(2024, 2, 25),
                    due: d(2024, 2, 26)
                },
            ]
        );
    }

    #[test]
    fn periods_across_year_end() {
        let cal = WorkCalendar::bundled();
        let semi = datong(true).periods_between(d(2024, 12, 20), d(2025, 1, 15), &cal);
        let summary: Vec<(&str, NaiveDate, NaiveDate, NaiveDate)> =
            semi.iter().map(|p| (p.label.as_str(), p.start, p.end, p.due)).collect();
        assert_eq!(
            summary,
            [
                ("2024年12月第2期", d(2024, 12, 11), d(2024, 12, 25), d(2024, 12, 25)),
                ("2025年1月第1期", d(2024, 12, 26), d(2025, 1, 10), d(2025, 1, 10)),
            ]
        );
        // A year's quarterly reports: last year's Q4 is due in January, this year's Q4 next year.
        let year = ORDOS.periods_between(d(2024, 1, 1), d(2024, 12, 31), &cal);
        let dues: Vec<(&str, NaiveDate)> = year.iter().map(|p| (p.label.as_str(), p.due)).collect();
        assert_eq!(
            dues,
            [
                ("2023年第4季度", d(2024, 1, 8)),
                ("2024年第1季度", d(2024, 4, 8)),
                ("2024年第2季度", d(2024, 7, 5)),
                ("2024年第3季度", d(2024, 10, 12)),
            ]
        );
        let q4 = &year[0];
        assert_eq!((q4.start, q4.end), (d(2023, 10, 1), d(2023, 12, 31)));
        assert_eq!(datong(true).periods_between(d(2024, 12, 1), d(2024, 1, 1), &cal), vec![]);
        assert_eq!(datong(true).periods_between(d(2024, 1, 1), d(2024, 12, 31), &cal).len(), 24);
    }

    #[test]
    fn quarterly_before_day_moves_back() {
        let cal = WorkCalendar::bundled();
        let dues = |schedule: &Schedule, year: i32| -> Vec<NaiveDate> {
            schedule.periods_between(d(year, 1, 1), d(year, 12, 31), &cal).iter().map(|p| p.due).collect()
        };
        assert_eq!(dues(&JIYUAN, 2024), [d(2024, 3, 28), d(2024, 6, 28), d(2024, 9, 27), d(2024, 12, 27)]);
        // 2025-09-28 is a Sunday but a make-up working day; 2025-12-28 a plain Sunday.
        assert_eq!(dues(&JIYUAN, 2025), [d(2025, 3, 28), d(2025, 6, 27), d(2025, 9, 28), d(2025, 12, 26)]);
        assert_eq!(dues(&JIYUAN, 2026), [d(2026, 3, 27), d(2026, 6, 26), d(2026, 9, 28), d(2026, 12, 28)]);
        let quarter_end = Schedule::QuarterlyBeforeDay { day: 31 };
        assert_eq!(dues(&quarter_end, 2024), [d(2024, 3, 29), d(2024, 6, 28), d(2024, 9, 30), d(2024, 12, 31)]);
        let q = JIYUAN.period_containing(d(2024, 8, 1), &cal).unwrap();
        assert_eq!((q.label.as_str(), q.start, q.end), ("2024年第3季度", d(2024, 7, 1), d(2024, 9, 30)));
        assert_eq!(Schedule::QuarterlyBeforeDay { day: 0 }.period_containing(d(2024, 1, 1), &cal), None);
    }

    #[test]
    fn monthly_and_month_end() {
        let cal = WorkCalendar::bundled();
        let fifth = Schedule::Monthly { day: 5, shift_to_workday: true };
        let oct = fifth.period_containing(d(2024, 10, 1), &cal).unwrap();
        assert_eq!(
            oct,
            Period {
                label: "2024年10月".to_string(), start: d(2024, 9, 6), end: d(2024, 10, 5), due: d(2024, 10, 8)
            }
        );
        assert_eq!(due(&fifth, d(2024, 5, 1), &cal), d(2024, 5, 6));
        let month_end = Schedule::Monthly { day: 31, shift_to_workday: false };
        let cases = [
            (d(2024, 2, 10), "2024年2月", d(2024, 2, 1), d(2024, 2, 29)),
            (d(2025, 2, 10), "2025年2月", d(2025, 2, 1), d(2025, 2, 28)),
            (d(2024, 4, 30), "2024年4月", d(2024, 4, 1), d(2024, 4, 30)),
            (d(2024, 12, 31), "2024年12月", d(2024, 12, 1), d(2024, 12, 31)),
        ];
        for (date, label, start, end) in cases {
            let p = month_end.period_containing(date, &cal).unwrap();
            assert_eq!((p.label.as_str(), p.start, p.end, p.due), (label, start, end, end), "{date}");
        }
        // Shifting a month end that falls on a Saturday moves it into the next month.
        assert_eq!(due(&Schedule::Monthly { day: 31, shift_to_workday: true }, d(2024, 8, 20), &cal), d(2024, 9, 2));
        // Days clamped to the same month end count once.
        let late = Schedule::SemiMonthly { days: vec![31, 30, 30], shift_to_workday: false };
        let labels: Vec<String> =
            late.periods_between(d(2024, 2, 1), d(2024, 3, 31), &cal).into_iter().map(|p| p.label).collect();
        assert_eq!(labels, ["2024年2月", "2024年3月第1期", "2024年3月第2期"]);
        assert_eq!(Schedule::Monthly { day: 0, shift_to_workday: true }.period_containing(d(2024, 1, 1), &cal), None);
    }

    #[test]
    fn custom_dates() {
        let cal = WorkCalendar::bundled();
        let custom = Schedule::Custom { dates: vec![d(2024, 6, 15), d(2024, 3, 15), d(2024, 6, 15)] };
        let all = custom.periods_between(d(2024, 1, 1), d(2024, 12, 31), &cal);
        assert_eq!(
            all,
            vec![
                Period {
                    label: "第1期".to_string(), start: d(2024, 3, 15), end: d(2024, 3, 15), due: d(2024, 3, 15)
                },
                Period {
                    label: "第2期".to_string(), start: d(2024, 3, 16), end: d(2024, 6, 15), due: d(2024, 6, 15)
                },
            ]
        );
        assert_eq!(custom.period_containing(d(2024, 4, 1), &cal).unwrap().label, "第2期");
        // 2024-06-15 is a Saturday: custom dates are kept as written.
        assert_eq!(due(&custom, d(2024, 6, 15), &cal), d(2024, 6, 15));
        assert_eq!(custom.period_containing(d(2024, 6, 16), &cal), None);
        assert_eq!(custom.periods_between(d(2024, 4, 1), d(2024, 12, 31), &cal)[0].label, "第2期");
    }

    #[test]
    fn calendar_without_next_year_and_with_a_users_file() {
        let bundled = WorkCalendar::bundled();
        assert!(!bundled.covers(2027));
        // Without 2027 data, 2027-01-01 (a Friday) counts as a working day.
        assert_eq!(due(&ORDOS, d(2026, 12, 31), &bundled), d(2027, 1, 7));
        let with_2027 = bundled.with_extra("2027-01-01\tholiday\t元旦\n").unwrap();
        assert!(with_2027.covers(2027));
        assert_eq!(due(&ORDOS, d(2026, 12, 31), &with_2027), d(2027, 1, 8));
    }

    #[test]
    fn describe_rules() {
        let cases = [
            (datong(true), "每月10日和25日（遇节假日顺延）"),
            (datong(false), "每月10日和25日"),
            (Schedule::SemiMonthly { days: vec![25, 5, 15], shift_to_workday: false }, "每月5日、15日和25日"),
            (Schedule::SemiMonthly { days: vec![15, 31], shift_to_workday: false }, "每月15日和月底"),
            (Schedule::SemiMonthly { days: vec![], shift_to_workday: false }, "每月（未设报送日）"),
            (Schedule::Monthly { day: 5, shift_to_workday: true }, "每月5日（遇节假日顺延）"),
            (Schedule::Monthly { day: 31, shift_to_workday: false }, "每月底"),
            (ORDOS, "每季度结束后5个工作日内"),
            (Schedule::QuarterlyAfterEnd { workdays: 0 }, "每季度最后一天"),
            (JIYUAN, "每季度末月28日前"),
            (Schedule::QuarterlyBeforeDay { day: 31 }, "每季度末"),
            (
                Schedule::Custom { dates: vec![d(2024, 6, 15), d(2024, 3, 15)] },
                "自定义报送日期：2024年3月15日、2024年6月15日",
            ),
            (
                Schedule::Custom { dates: vec![d(2024, 1, 5), d(2024, 2, 5), d(2024, 3, 5), d(2024, 4, 5)] },
                "自定义报送日期：2024年1月5日、2024年2月5日、2024年3月5日等4个日期",
            ),
        ];
        for (schedule, text) in cases {
            assert_eq!(schedule.describe(), text);
        }
    }

    #[test]
    fn from_text_reads_the_notices() {
        let monthly = |day| Some(Schedule::Monthly { day, shift_to_workday: true });
        let month_end = Some(Schedule::Monthly { day: 31, shift_to_workday: false });
        let cases: [(&str, Option<Schedule>); 30] = [
            // 大同 (seed 002).
            (
                "现将《大同市强化市场主体倍增金融业要素服务保障行动计划》印发给你们，请认真组织实施，并于每月10日和25日填写“全面清单”和“重点清单”双周进展情况台账及报告至市金融办。",
                Some(datong(true)),
            ),
            ("每月10日和25日", Some(datong(true))),
            ("于每月10日、25日前报送", Some(datong(true))),
            ("每月25日和10日", Some(datong(true))),
            ("每月的10号、25号", Some(datong(true))),
            ("每月十日和二十五日", Some(datong(true))),
            // 鄂尔多斯 (seed 001).
            (
                "请各牵头单位和配合单位收到文件后将相关科室负责人、联系人及联系方式报送市政府金融办，并于每季度结束之日起5个工作日，将重点任务台账报送市政府金融办。",
                Some(ORDOS),
            ),
            ("每季度结束后5个工作日内", Some(ORDOS)),
            ("季后五个工作日内报送", Some(ORDOS)),
            ("每季度结束后１０个工作日内", Some(Schedule::QuarterlyAfterEnd { workdays: 10 })),
            ("每季度末后5个工作日内", Some(ORDOS)),
            ("每季度首月前5个工作日", Some(ORDOS)),
            // 济源 (seed 003).
            ("配合部门要明确一名联络员每季度末（28日前）将材料报送至金融服务科。", Some(JIYUAN)),
            ("每季度末月28日前", Some(JIYUAN)),
            ("季末28日前", Some(JIYUAN)),
            ("每季度最后一个月的25日前", Some(Schedule::QuarterlyBeforeDay { day: 25 })),
            ("每季度末将工作进展报送", Some(Schedule::QuarterlyBeforeDay { day: 31 })),
            // Monthly.
            ("每月5日前", monthly(5)),
            ("每月5号前报送上月进展", monthly(5)),
            ("每月1日至5日报送", monthly(5)),
            ("每月十五日前", monthly(15)),
            ("每月底", month_end.clone()),
            ("每月月底前报送", month_end.clone()),
            ("每月末", month_end),
            // Not reporting rules.
            ("每月报送工作信息不少于1篇", None),
            ("定期开展线上线下银企对接（线上每月不少于2次，线下每月不少于2次）", None),
            ("小微“无贷户”授信申请原则上５个工作日内回复", None),
            ("组织培训和宣传推广活动（每季度不少于3次）", None),
            ("2023年6月底前；2024年一季度末完成", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Schedule::from_text(text), expected, "{text}");
        }
    }

    #[test]
    fn from_text_takes_the_first_rule_and_round_trips() {
        let both = "每季度结束后5个工作日内报送台账；每月10日和25日报送进展";
        assert_eq!(Schedule::from_text(both), Some(ORDOS));
        let both = "每月10日和25日报送进展，每季度结束后5个工作日内报送台账";
        assert_eq!(Schedule::from_text(both), Some(datong(true)));
        for schedule in [datong(true), ORDOS, JIYUAN, Schedule::Monthly { day: 31, shift_to_workday: false }] {
            assert_eq!(Schedule::from_text(&schedule.describe()), Some(schedule.clone()));
        }
    }

    #[test]
    fn serde_is_tagged_by_kind() {
        let json = serde_json::to_string(&datong(true)).unwrap();
        assert_eq!(json, r#"{"kind":"semi_monthly","days":[10,25],"shift_to_workday":true}"#);
        let cases = [
            (r#"{"kind":"quarterly_after_end","workdays":5}"#, ORDOS),
            (r#"{"kind":"quarterly_before_day","day":28}"#, JIYUAN),
            (
                r#"{"kind":"monthly","day":5,"shift_to_workday":false}"#,
                Schedule::Monthly { day: 5, shift_to_workday: false },
            ),
            (r#"{"kind":"custom","dates":["2024-03-15"]}"#, Schedule::Custom { dates: vec![d(2024, 3, 15)] }),
        ];
        for (json, schedule) in cases {
            assert_eq!(serde_json::from_str::<Schedule>(json).unwrap(), schedule, "{json}");
            assert_eq!(serde_json::to_string(&schedule).unwrap(), json);
        }
    }
}
