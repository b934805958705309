//! Reading the free-text 完成时限 cell into a structured deadline.
//!
//! A cell is split into clauses (on `；;。` and line breaks, and on `，,` when the next clause
//! opens with a date). Each clause is scanned left to right for date expressions such as
//! "2023年6月底前", "2023.6.30", "2024年上半年", "一季度", "4月末前", "次年2月前" or "年底前".
//! Dates mean the end of the period they name: a month is its last day, a year its Dec 31.
//! A clause naming no year uses the last explicit year written earlier in the cell, else the
//! ledger's anchor year. Each clause with a date becomes one milestone dated by its latest date.
//! Ongoing words (长期坚持) and rhythm words (每季度) are detected over the whole cell.

use std::ops::{Range, RangeInclusive};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of deadline a 完成时限 cell expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The cell is empty.
    None,
    /// One due date.
    Date,
    /// Several dated milestones in one cell.
    Milestones,
    /// No date, but ongoing work (长期坚持, 持续推进).
    Ongoing,
    /// No date, but a recurring duty (每季度, 按年度完成).
    Recurring,
    /// Text that could not be read; kept as is and flagged.
    Unreadable,
}

/// How often a recurring duty comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// 每年, 按年度.
    Yearly,
    /// 每半年.
    HalfYearly,
    /// 每季度, 按季.
    Quarterly,
    /// 每月, 按月.
    Monthly,
    /// 每两周, 双周.
    Biweekly,
    /// 每周.
    Weekly,
}

/// One dated step inside a multi-part deadline cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The date the step is due.
    pub date: NaiveDate,
    /// The clause of the cell that names this step, as written.
    pub text: String,
}

/// A deadline: the raw cell text plus a structured reading of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The cell text exactly as imported.
    pub raw: String,
    /// The primary reading.
    pub kind: DeadlineKind,
    /// The final due date (the latest milestone), when any date was read.
    pub due: Option<NaiveDate>,
    /// Every dated step, in the order written.
    pub milestones: Vec<Milestone>,
    /// True when the text also says the work goes on (长期坚持, 持续推进).
    pub ongoing: bool,
    /// The rhythm of a recurring duty.
    pub recurrence: Option<Recurrence>,
}

impl Deadline {
    /// Reads a 完成时限 cell; `anchor_year` is the ledger's year, used where a clause names only
    /// a month ("4月末前").
    pub fn parse(raw: &str, anchor_year: Option<i32>) -> Deadline {
        let original: Vec<char> = raw.chars().collect();
        let chars: Vec<char> = original.iter().map(|&c| normalize(c)).collect();
        let mut years = YearContext { anchor: anchor_year, last_explicit: None };
        let mut covered = vec![false; chars.len()];
        let mut milestones = Vec::new();
        for clause in split_clauses(&chars) {
            let found = scan_clause(&chars[clause.clone()], &mut years);
            for m in &found {
                covered[clause.start + m.span.start..clause.start + m.span.end].fill(true);
            }
            if let Some(date) = found.iter().filter_map(|m| m.date).max() {
                milestones.push(Milestone { date, text: clause_text(&original[clause]) });
            }
        }
        let ongoing = mentions_ongoing(&chars);
        let recurrence = find_recurrence(&chars, &covered);
        let kind = match milestones.len() {
            0 if raw.trim().is_empty() => DeadlineKind::None,
            0 if ongoing => DeadlineKind::Ongoing,
            0 if recurrence.is_some() => DeadlineKind::Recurring,
            0 => DeadlineKind::Unreadable,
            1 => DeadlineKind::Date,
            _ => DeadlineKind::Milestones,
        };
        Deadline {
            raw: raw.to_string(),
            kind,
            due: milestones.iter().map(|m| m.date).max(),
            milestones,
            ongoing,
            recurrence,
        }
    }

    /// A deadline from an Excel date cell (or a serial number in a deadline column).
    pub fn from_date(raw: String, date: NaiveDate) -> Deadline {
        Deadline {
            raw,
            kind: DeadlineKind::Date,
            due: Some(date),
            milestones: vec![],
            ongoing: false,
            recurrence: None,
        }
    }
}

/// Words saying the work goes on without end.
const ONGOING_WORDS: [&str; 6] = ["长期坚持", "持续推进", "长期推进", "持续开展", "常态化", "长期"];

/// Rhythm words, longer spellings before their prefixes.
const RHYTHM_WORDS: [(&str, Recurrence); 16] = [
    ("每一年", Recurrence::Yearly),
    ("每年", Recurrence::Yearly),
    ("按年度", Recurrence::Yearly),
    ("年度", Recurrence::Yearly),
    ("每半年", Recurrence::HalfYearly),
    ("每季度", Recurrence::Quarterly),
    ("按季度", Recurrence::Quarterly),
    ("按季", Recurrence::Quarterly),
    ("季度", Recurrence::Quarterly),
    ("每月", Recurrence::Monthly),
    ("按月", Recurrence::Monthly),
    ("月度", Recurrence::Monthly),
    ("每两周", Recurrence::Biweekly),
    ("双周", Recurrence::Biweekly),
    ("每周", Recurrence::Weekly),
    ("每星期", Recurrence::Weekly),
];

/// A rhythm word right after one of these names a single period ("上年度", "本季度").
const NOT_RHYTHM_AFTER: &str = "上去全本该当";

/// Characters that always end a clause.
const HARD_BREAKS: &str = "；;。\n\r";

/// Characters that end a clause when the next clause opens with a date.
const SOFT_BREAKS: &str = "，,";

/// Words that may come before the date opening a clause ("，到2024年…").
const LEAD_WORDS: [&str; 8] = ["截至", "力争", "争取", "确保", "到", "至", "于", "在"];

/// Punctuation dropped from the end of a milestone's text.
const TRAILING_PUNCTUATION: &str = "，,。.；;：:、！!？?";

/// Marks joining the two ends of a month range ("1-6月", "3至6月").
const RANGE_MARKS: [&str; 6] = ["-", "—", "~", "～", "至", "到"];

/// Relative year words and their offset from the current year.
const RELATIVE_YEARS: [(&str, i32); 10] = [
    ("次年", 1),
    ("明年", 1),
    ("翌年", 1),
    ("来年", 1),
    ("下一年", 1),
    ("下年", 1),
    ("第二年", 1),
    ("今年", 0),
    ("当年", 0),
    ("本年", 0),
];

/// Year-end words used without a year ("年底前").
const BARE_YEAR_ENDS: [&str; 6] = ["年度内", "年度末", "年度底", "年底", "年末", "年内"];

/// The years a clause without its own year falls back on.
struct YearContext {
    anchor: Option<i32>,
    last_explicit: Option<i32>,
}

impl YearContext {
    fn current(&self) -> Option<i32> {
        self.last_explicit.or(self.anchor)
    }
}

/// The reading of one date expression: None when its year is unknown or the date does not
/// exist (2月30日).
type Reading = Option<NaiveDate>;

/// One date expression found in a clause.
struct DateMatch {
    span: Range<usize>,
    date: Reading,
}

/// Maps full-width digits and date separators to ASCII so one scanner reads both.
fn normalize(c: char) -> char {
    match c {
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
        '．' => '.',
        '－' => '-',
        '／' => '/',
        _ => c,
    }
}

/// Splits a cell into clause ranges (see the module docs).
fn split_clauses(chars: &[char]) -> Vec<Range<usize>> {
    let mut clauses = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        let soft = SOFT_BREAKS.contains(c) && starts_with_date(&chars[i + 1..]);
        if HARD_BREAKS.contains(c) || soft {
            clauses.push(start..i);
            start = i + 1;
        }
    }
    clauses.push(start..chars.len());
    clauses
}

/// True when the text opens (after blanks and a lead word such as 到) with a date expression.
fn starts_with_date(chars: &[char]) -> bool {
    let mut cur = Cursor { chars, pos: 0 };
    while cur.peek().is_some_and(char::is_whitespace) {
        cur.pos += 1;
    }
    cur.eat_any(&LEAD_WORDS);
    let mut years = YearContext { anchor: None, last_explicit: None };
    read_expression(&mut cur, &mut years).is_some()
}

/// Every date expression in one clause, in order. A date followed by 起, 开始 or 以来 is when
/// the work starts, not a deadline, so it reads as no date.
fn scan_clause(chars: &[char], years: &mut YearContext) -> Vec<DateMatch> {
    let mut cur = Cursor { chars, pos: 0 };
    let mut found = Vec::new();
    while cur.pos < chars.len() {
        let start = cur.pos;
        match read_expression(&mut cur, years) {
            Some(date) => {
                let starts_work = cur.eat_any(&["起", "开始", "以来"]);
                found.push(DateMatch { span: start..cur.pos, date: date.filter(|_| !starts_work) });
            }
            None => cur.pos += 1,
        }
    }
    found
}

/// The clause as written, without surrounding blanks and trailing punctuation.
fn clause_text(chars: &[char]) -> String {
    let text: String = chars.iter().collect();
    text.trim_start().trim_end_matches(|c: char| c.is_whitespace() || TRAILING_PUNCTUATION.contains(c)).to_string()
}

/// True when an ongoing word appears, except in the loan term 中长期 (medium and long term).
fn mentions_ongoing(chars: &[char]) -> bool {
    (0..chars.len()).any(|i| {
        let loan_term = i > 0 && chars[i - 1] == '中';
        !loan_term && ONGOING_WORDS.iter().any(|word| starts_with_word(&chars[i..], word))
    })
}

/// The rhythm word appearing first outside any date expression.
fn find_recurrence(chars: &[char], covered: &[bool]) -> Option<Recurrence> {
    (0..chars.len()).find_map(|i| {
        let after_qualifier = i > 0 && NOT_RHYTHM_AFTER.contains(chars[i - 1]);
        if covered[i] || after_qualifier {
            return None;
        }
        let rest = &chars[i..];
        RHYTHM_WORDS.iter().find(|(word, _)| starts_with_word(rest, word)).map(|&(_, rhythm)| rhythm)
    })
}

fn starts_with_word(chars: &[char], word: &str) -> bool {
    let mut rest = chars.iter();
    word.chars().all(|w| rest.next() == Some(&w))
}

/// Reads one date expression at the cursor; on None the cursor has not moved.
fn read_expression(cur: &mut Cursor, years: &mut YearContext) -> Option<Reading> {
    let (current, anchor) = (years.current(), years.anchor);
    cur.attempt(|c| read_numeric_date(c, years))
        .or_else(|| cur.attempt(|c| read_explicit_year(c, years)))
        .or_else(|| cur.attempt(|c| read_relative_year(c, current)))
        .or_else(|| cur.attempt(|c| read_years_within(c, anchor)))
        .or_else(|| cur.attempt(|c| read_bare_period(c, current)))
        .or_else(|| cur.attempt(|c| read_bare_month(c, current)))
}

/// "2023.6", "2023-06", "2023/6/30".
fn read_numeric_date(cur: &mut Cursor, years: &mut YearContext) -> Option<Reading> {
    let year = cur.ascii_year()?;
    let separator = cur.peek().filter(|&c| ".-/".contains(c))?;
    cur.pos += 1;
    let month = cur.digits(1..=2)?;
    let day = cur.attempt(|c| {
        c.eat_char(separator).then_some(())?;
        c.digits(1..=2)
    });
    years.last_explicit = Some(year);
    Some(match day {
        Some(day) => NaiveDate::from_ymd_opt(year, month, day),
        None => month_end(year, month),
    })
}

/// "2023年…", "二〇二三年…".
fn read_explicit_year(cur: &mut Cursor, years: &mut YearContext) -> Option<Reading> {
    let year = cur.ascii_year().or_else(|| cur.chinese_year())?;
    cur.eat("年").then_some(())?;
    years.last_explicit = Some(year);
    Some(read_year_tail(cur, Some(year)))
}

/// "次年2月前", "明年", "今年底", "当年".
fn read_relative_year(cur: &mut Cursor, current: Option<i32>) -> Option<Reading> {
    let &(_, offset) = RELATIVE_YEARS.iter().find(|(word, _)| cur.eat(word))?;
    let year = current.and_then(|y| y.checked_add(offset));
    Some(read_year_tail(cur, year))
}

/// What follows "<year>年": a half-year, quarter, month or year-end word; the year's end
/// when nothing more specific follows.
fn read_year_tail(cur: &mut Cursor, year: Option<i32>) -> Reading {
    if let Some(month) = cur.attempt(read_part_of_year) {
        return year.and_then(|y| month_end(y, month));
    }
    if let Some(date) = cur.attempt(|c| read_month_day(c, year, true)) {
        return date;
    }
    cur.eat_any(&["年底", "年末"]);
    cur.eat("度");
    cur.eat_any(&["底", "末", "内"]);
    cur.eat("前");
    year.and_then(year_end)
}

/// "上半年", "下半年", "一季度", "第1季度", "前三季度", "Q1": the period's last month (past 12 for
/// a quarter that does not exist, so no date is read).
fn read_part_of_year(cur: &mut Cursor) -> Option<u32> {
    if cur.eat("上半年") {
        return Some(6);
    }
    if cur.eat("下半年") {
        return Some(12);
    }
    if cur.eat_any(&["Q", "q"]) {
        return cur.digits(1..=1).map(|quarter| quarter * 3);
    }
    cur.eat_any(&["第", "前"]);
    let quarter = cur.digits(1..=1).or_else(|| cur.chinese_number())?;
    cur.eat_any(&["季度", "季"]).then_some(quarter * 3)
}

/// "三年内", "两年内", "3年内": the end of the N-th year, counting the anchor year (the ledger's or
/// document's own, not a year written earlier in the cell) as the first: a plan of 2022 saying
/// 三年内 means by the end of 2024.
fn read_years_within(cur: &mut Cursor, year: Option<i32>) -> Option<Reading> {
    if cur.prev().is_some_and(|c| c.is_ascii_digit() || is_chinese_numeral(c)) {
        return None;
    }
    let n = if cur.eat("两") { 2 } else { cur.digits(1..=2).or_else(|| cur.chinese_number())? };
    if !(1..=10).contains(&n) || !cur.eat("年内") {
        return None;
    }
    cur.eat("前");
    Some(year.and_then(|y| y.checked_add(n as i32 - 1)).and_then(year_end))
}

/// Year-less period words: "年底前", "年内", "上半年", "三季度". Not after a number or a
/// qualifier ("两年内", "上年底").
fn read_bare_period(cur: &mut Cursor, year: Option<i32>) -> Option<Reading> {
    let qualified = cur.prev().is_some_and(|c| c.is_ascii_digit() || is_chinese_numeral(c) || "上去前两半".contains(c));
    if qualified {
        return None;
    }
    if let Some(month) = cur.attempt(read_part_of_year) {
        return Some(year.and_then(|y| month_end(y, month)));
    }
    cur.eat_any(&BARE_YEAR_ENDS).then_some(())?;
    cur.eat("前");
    Some(year.and_then(year_end))
}

/// A month without a year ("4月末前", "6月30日"). Chinese numerals ("六月") only open a clause
/// or follow a preposition, so "统一月报" is not January.
fn read_bare_month(cur: &mut Cursor, year: Option<i32>) -> Option<Reading> {
    let allow_chinese = cur.prev().is_none_or(|c| !c.is_alphanumeric() || "至到于在前争保".contains(c));
    read_month_day(cur, year, allow_chinese)
}

/// "6月", "6月底前", "1-6月", "3月15日", "6月中旬", "十二月"; the month's end unless a day
/// or a part of the month is named.
fn read_month_day(cur: &mut Cursor, year: Option<i32>, allow_chinese: bool) -> Option<Reading> {
    let month_number = |c: &mut Cursor| c.digits(1..=2).or_else(|| allow_chinese.then(|| c.chinese_number()).flatten());
    let first = month_number(cur)?;
    let month = cur
        .attempt(|c| {
            c.eat_any(&RANGE_MARKS).then_some(())?;
            month_number(c)
        })
        .unwrap_or(first);
    cur.eat("月").then_some(())?;
    cur.eat("份");
    let day = cur.attempt(|c| {
        let day = c.digits(1..=2).or_else(|| c.chinese_number())?;
        c.eat_any(&["日", "号"]).then_some(day)
    });
    let day = day.or_else(|| read_part_of_month(cur));
    cur.eat("前");
    Some(year.and_then(|y| match day {
        Some(day) => NaiveDate::from_ymd_opt(y, month, day),
        None => month_end(y, month),
    }))
}

/// "上旬"/"初" → the 10th, "中旬" → the 20th; "下旬", "底", "末" (or nothing) → None, the
/// month's end.
fn read_part_of_month(cur: &mut Cursor) -> Option<u32> {
    if cur.eat_any(&["上旬", "初"]) {
        return Some(10);
    }
    if cur.eat("中旬") {
        return Some(20);
    }
    cur.eat_any(&["下旬", "底", "末"]);
    None
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    (28..=31).rev().find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

fn chinese_digit(c: char) -> Option<u32> {
    let value = match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(value)
}

fn is_chinese_numeral(c: char) -> bool {
    c == '十' || chinese_digit(c).is_some()
}

/// The value of a short Chinese numeral ("六", "十二", "三十一"), 0 to 99.
fn chinese_value(run: &[char]) -> Option<u32> {
    match *run {
        ['十'] => Some(10),
        ['十', unit] => Some(10 + chinese_digit(unit)?),
        [tens, '十'] => Some(10 * chinese_digit(tens)?),
        [tens, '十', unit] => Some(10 * chinese_digit(tens)? + chinese_digit(unit)?),
        [digit] => chinese_digit(digit),
        _ => None,
    }
}

/// A read position inside one clause.
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn prev(&self) -> Option<char> {
        self.pos.checked_sub(1).and_then(|i| self.chars.get(i)).copied()
    }

    fn rest(&self) -> &[char] {
        self.chars.get(self.pos..).unwrap_or(&[])
    }

    /// Runs `read`, moving the cursor back when it finds nothing.
    fn attempt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.pos;
        let found = read(self);
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    fn eat_char(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = starts_with_word(self.rest(), word);
        if found {
            self.pos += word.chars().count();
        }
        found
    }

    fn eat_any(&mut self, words: &[&str]) -> bool {
        words.iter().any(|word| self.eat(word))
    }

    /// A whole run of ASCII digits whose length is in `lens` (never more than 4).
    fn digits(&mut self, lens: RangeInclusive<usize>) -> Option<u32> {
        if self.prev().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let run: Vec<u32> = self.rest().iter().take(lens.end() + 1).map_while(|c| c.to_digit(10)).collect();
        if !lens.contains(&run.len()) {
            return None;
        }
        self.pos += run.len();
        Some(run.iter().fold(0, |value, digit| value * 10 + digit))
    }

    /// A whole run of Chinese numerals of at most three characters ("十二").
    fn chinese_number(&mut self) -> Option<u32> {
        if self.prev().is_some_and(is_chinese_numeral) {
            return None;
        }
        let run: Vec<char> = self.rest().iter().copied().take(4).take_while(|&c| is_chinese_numeral(c)).collect();
        let value = chinese_value(&run)?;
        self.pos += run.len();
        Some(value)
    }

    /// Four ASCII digits between 1900 and 2199.
    fn ascii_year(&mut self) -> Option<i32> {
        self.attempt(|c| {
            let year = c.digits(4..=4)?;
            (1900..=2199).contains(&year).then_some(year as i32)
        })
    }

    /// Four Chinese digits ("二〇二三").
    fn chinese_year(&mut self) -> Option<i32> {
        if self.prev().is_some_and(is_chinese_numeral) {
            return None;
        }
        let digits = self.rest().get(..4)?;
        let year = digits.iter().try_fold(0, |year, &c| Some(year * 10 + chinese_digit(c)?))?;
        if !(1900..=2199).contains(&year) {
            return None;
        }
        self.pos += 4;
        Some(year as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind as K;
    use Recurrence as R;

    /// Cell text, anchor year, kind, milestone dates, ongoing, recurrence.
    type Case = (&'static str, Option<i32>, DeadlineKind, &'static [&'static str], bool, Option<Recurrence>);

    const CASES: &[Case] = &[
        // Cells copied from the ledgers.
        ("长期坚持。", None, K::Ongoing, &[], true, None),
        ("持续推进", None, K::Ongoing, &[], true, None),
        ("2022年12月", None, K::Date, &["2022-12-31"], false, None),
        ("2023年底。", None, K::Date, &["2023-12-31"], false, None),
        ("2023年6月底前", None, K::Date, &["2023-06-30"], false, None),
        ("2023年6月底前开发“人才贷”等金融服务项目，长期坚持。", None, K::Date, &["2023-06-30"], true, None),
        (
            "4月末前形成工作方案；6月末前，完成小微企业和个体工商户无贷户名单推送",
            Some(2022),
            K::Milestones,
            &["2022-04-30", "2022-06-30"],
            false,
            None,
        ),
        ("4月末前形成工作方案；6月末前，完成小微企业和个体工商户无贷户名单推送", None, K::Unreadable, &[], false, None),
        (
            "4月末前形成工作方案；9月末前完成首贷中心建设；年底前首贷户数量较上年增加",
            Some(2022),
            K::Milestones,
            &["2022-04-30", "2022-09-30", "2022-12-31"],
            false,
            None,
        ),
        (
            "4月末前形成工作方案；8月前评估中期执行效果；次年2月前评估全年执行效果",
            Some(2022),
            K::Milestones,
            &["2022-04-30", "2022-08-31", "2023-02-28"],
            false,
            None,
        ),
        ("4月末前形成工作方案；2023年前完成。", Some(2022), K::Milestones, &["2022-04-30", "2023-12-31"], false, None),
        ("每年开展不少于2次的知识产权质押融资“入园惠企”活动", None, K::Recurring, &[], false, Some(R::Yearly)),
        ("按年度完成", None, K::Recurring, &[], false, Some(R::Yearly)),
        ("每季度", None, K::Recurring, &[], false, Some(R::Quarterly)),
        ("2023年3月底前建立科创企业“白名单”，定期向金融机构推送", None, K::Date, &["2023-03-31"], false, None),
        ("视情况而定", None, K::Unreadable, &[], false, None),
        ("", None, K::None, &[], false, None),
        ("2024年上半年", None, K::Date, &["2024-06-30"], false, None),
        ("2023年3月15日前", None, K::Date, &["2023-03-15"], false, None),
        // Empty and blank cells.
        ("   ", Some(2022), K::None, &[], false, None),
        ("\n\u{3000}", Some(2022), K::None, &[], false, None),
        // A year and a month.
        ("2023年6月末", None, K::Date, &["2023-06-30"], false, None),
        ("2023年6月前", None, K::Date, &["2023-06-30"], false, None),
        ("2023年6月", None, K::Date, &["2023-06-30"], false, None),
        ("2023年6月份完成", None, K::Date, &["2023-06-30"], false, None),
        ("2024年2月底前", None, K::Date, &["2024-02-29"], false, None),
        ("2023年2月底前", None, K::Date, &["2023-02-28"], false, None),
        ("2023年6月中旬", None, K::Date, &["2023-06-20"], false, None),
        ("2023年6月上旬", None, K::Date, &["2023-06-10"], false, None),
        ("2023年6月下旬", None, K::Date, &["2023-06-30"], false, None),
        // A year alone.
        ("2023年底前", None, K::Date, &["2023-12-31"], false, None),
        ("2023年末", None, K::Date, &["2023-12-31"], false, None),
        ("2023年年底", None, K::Date, &["2023-12-31"], false, None),
        ("2023年前", None, K::Date, &["2023-12-31"], false, None),
        ("2023年", None, K::Date, &["2023-12-31"], false, None),
        ("到2024年", None, K::Date, &["2024-12-31"], false, None),
        ("2024年内", None, K::Date, &["2024-12-31"], false, None),
        ("2023年度", None, K::Date, &["2023-12-31"], false, None),
        ("2023年完成全部任务", None, K::Date, &["2023-12-31"], false, None),
        // A full date.
        ("2023年3月15日", None, K::Date, &["2023-03-15"], false, None),
        ("2023年12月31日", None, K::Date, &["2023-12-31"], false, None),
        ("完成时限：2023年6月30号", None, K::Date, &["2023-06-30"], false, None),
        // Numeric forms.
        ("2023.6", None, K::Date, &["2023-06-30"], false, None),
        ("2023-06", None, K::Date, &["2023-06-30"], false, None),
        ("2023/6/30", None, K::Date, &["2023-06-30"], false, None),
        ("2023.12.31前", None, K::Date, &["2023-12-31"], false, None),
        ("2023-02-15", None, K::Date, &["2023-02-15"], false, None),
        // Half-years and quarters.
        ("2023年下半年", None, K::Date, &["2023-12-31"], false, None),
        ("2023年一季度", None, K::Date, &["2023-03-31"], false, None),
        ("2023年第二季度", None, K::Date, &["2023-06-30"], false, None),
        ("2023年3季度", None, K::Date, &["2023-09-30"], false, None),
        ("2023年第四季度末", None, K::Date, &["2023-12-31"], false, None),
        ("2023年前三季度", None, K::Date, &["2023-09-30"], false, None),
        ("一季度末", Some(2022), K::Date, &["2022-03-31"], false, None),
        ("上半年", Some(2022), K::Date, &["2022-06-30"], false, None),
        ("下半年完成", Some(2022), K::Date, &["2022-12-31"], false, None),
        // Full-width digits and Chinese numerals.
        ("２０２３年６月底前", None, K::Date, &["2023-06-30"], false, None),
        ("２０２３．６", None, K::Date, &["2023-06-30"], false, None),
        ("2023年十二月", None, K::Date, &["2023-12-31"], false, None),
        ("二〇二三年六月底前", None, K::Date, &["2023-06-30"], false, None),
        ("二〇二四年三月十五日", None, K::Date, &["2024-03-15"], false, None),
        ("十二月底前", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("力争六月底前完成", Some(2022), K::Date, &["2022-06-30"], false, None),
        ("统一月报口径", Some(2022), K::Unreadable, &[], false, None),
        // Months and year words without a year.
        ("9月底前", Some(2022), K::Date, &["2022-09-30"], false, None),
        ("9月底前", None, K::Unreadable, &[], false, None),
        ("6月30日前", Some(2022), K::Date, &["2022-06-30"], false, None),
        ("年底前", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("年底前", None, K::Unreadable, &[], false, None),
        ("年内完成", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("今年底", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("当年完成", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("本年度内完成", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("明年6月底前", Some(2022), K::Date, &["2023-06-30"], false, None),
        ("次年2月前", Some(2023), K::Date, &["2024-02-29"], false, None),
        ("次年2月前", None, K::Unreadable, &[], false, None),
        // Durations and past periods are not deadlines.
        ("3个月内完成", Some(2022), K::Unreadable, &[], false, None),
        // "N年内" counts the anchor year as the first of the N.
        ("三年内", Some(2022), K::Date, &["2024-12-31"], false, None),
        ("两年内完成", Some(2022), K::Date, &["2023-12-31"], false, None),
        ("3年内完成", Some(2023), K::Date, &["2025-12-31"], false, None),
        ("一年内", Some(2022), K::Date, &["2022-12-31"], false, None),
        ("三年内", None, K::Unreadable, &[], false, None),
        ("十三年内", Some(2022), K::Unreadable, &[], false, None),
        ("2024年；三年内", Some(2022), K::Milestones, &["2024-12-31", "2024-12-31"], false, None),
        ("三年内；每年", Some(2022), K::Date, &["2024-12-31"], false, Some(R::Yearly)),
        ("半年内完成", Some(2022), K::Unreadable, &[], false, None),
        ("上年底已完成", Some(2022), K::Unreadable, &[], false, None),
        ("较上年度有所提升", Some(2022), K::Unreadable, &[], false, None),
        // Ranges: the later end counts.
        ("2023年3月至6月", None, K::Date, &["2023-06-30"], false, None),
        ("2023年1-6月", None, K::Date, &["2023-06-30"], false, None),
        ("2023-2025年", None, K::Date, &["2025-12-31"], false, None),
        ("2022年—2024年", None, K::Date, &["2024-12-31"], false, None),
        // Invalid dates are skipped.
        ("2023年13月", None, K::Unreadable, &[], false, None),
        ("2023年2月30日", None, K::Unreadable, &[], false, None),
        ("2023年第5季度", None, K::Unreadable, &[], false, None),
        ("2023.13", None, K::Unreadable, &[], false, None),
        ("12345年", Some(2022), K::Unreadable, &[], false, None),
        // Several milestones; a year carries forward to later clauses.
        ("2023年6月底前完成初稿，12月底前定稿", None, K::Milestones, &["2023-06-30", "2023-12-31"], false, None),
        ("2023年4月底前形成方案；6月底前完成", None, K::Milestones, &["2023-04-30", "2023-06-30"], false, None),
        ("力争2023年底前完成，到2025年全面推开", None, K::Milestones, &["2023-12-31", "2025-12-31"], false, None),
        ("2023年6月前完成调研\n2023年9月前出台办法", None, K::Milestones, &["2023-06-30", "2023-09-30"], false, None),
        ("2023年6月底前，完成系统上线", None, K::Date, &["2023-06-30"], false, None),
        ("2023年6月底前；长期坚持", None, K::Date, &["2023-06-30"], true, None),
        // Ongoing and recurring words.
        ("常态化开展", None, K::Ongoing, &[], true, None),
        ("长期推进", None, K::Ongoing, &[], true, None),
        ("持续开展，每季度报送进展", None, K::Ongoing, &[], true, Some(R::Quarterly)),
        ("每半年报送一次", None, K::Recurring, &[], false, Some(R::HalfYearly)),
        ("每一年评估一次", None, K::Recurring, &[], false, Some(R::Yearly)),
        ("年度考核", None, K::Recurring, &[], false, Some(R::Yearly)),
        ("按季度报送", None, K::Recurring, &[], false, Some(R::Quarterly)),
        ("按季报送", None, K::Recurring, &[], false, Some(R::Quarterly)),
        ("季度末前报送", None, K::Recurring, &[], false, Some(R::Quarterly)),
        ("每月10日前报送", None, K::Recurring, &[], false, Some(R::Monthly)),
        ("按月调度", None, K::Recurring, &[], false, Some(R::Monthly)),
        ("月度通报", None, K::Recurring, &[], false, Some(R::Monthly)),
        ("每两周调度一次", None, K::Recurring, &[], false, Some(R::Biweekly)),
        ("双周例会", None, K::Recurring, &[], false, Some(R::Biweekly)),
        ("每周报送", None, K::Recurring, &[], false, Some(R::Weekly)),
        ("每年年底前报送", None, K::Recurring, &[], false, Some(R::Yearly)),
        ("每年年底前报送", Some(2022), K::Date, &["2022-12-31"], false, Some(R::Yearly)),
        // Start dates are not deadlines.
        ("2023年起每季度报送", None, K::Recurring, &[], false, Some(R::Quarterly)),
        ("自2023年6月起至2023年12月底", None, K::Date, &["2023-12-31"], false, None),
        ("2024年1月开始，长期坚持", None, K::Ongoing, &[], true, None),
        ("2023年底前中长期贷款余额增长10%", None, K::Date, &["2023-12-31"], false, None),
        ("长期坚持，每年年底前报送", Some(2022), K::Date, &["2022-12-31"], true, Some(R::Yearly)),
        ("截至2023年底", None, K::Date, &["2023-12-31"], false, None),
        ("2023年6月底以前", None, K::Date, &["2023-06-30"], false, None),
        ("12月中旬前", Some(2022), K::Date, &["2022-12-20"], false, None),
        ("6月初", Some(2022), K::Date, &["2022-06-10"], false, None),
        ("无", None, K::Unreadable, &[], false, None),
        ("今年以来已完成", Some(2022), K::Unreadable, &[], false, None),
        ("2023年Q1", None, K::Date, &["2023-03-31"], false, None),
        ("2023年q4前", None, K::Date, &["2023-12-31"], false, None),
        ("2022年6月-12月", None, K::Date, &["2022-12-31"], false, None),
        ("每年3月底前报送上年度情况", Some(2022), K::Date, &["2022-03-31"], false, Some(R::Yearly)),
        (
            "2023年6月底前完成调研，9月底前出台方案，年底前全面实施",
            None,
            K::Milestones,
            &["2023-06-30", "2023-09-30", "2023-12-31"],
            false,
            None,
        ),
        ("23年底", None, K::Unreadable, &[], false, None),
    ];

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn reads_real_phrasings() {
        for &(raw, anchor, kind, dates, ongoing, recurrence) in CASES {
            let deadline = Deadline::parse(raw, anchor);
            let expected: Vec<NaiveDate> = dates.iter().map(|d| date(d)).collect();
            let read: Vec<NaiveDate> = deadline.milestones.iter().map(|m| m.date).collect();
            assert_eq!(deadline.raw, raw);
            assert_eq!(deadline.kind, kind, "kind of {raw:?} ({anchor:?})");
            assert_eq!(read, expected, "milestones of {raw:?} ({anchor:?})");
            assert_eq!(deadline.due, expected.iter().max().copied(), "due of {raw:?}");
            assert_eq!(deadline.ongoing, ongoing, "ongoing of {raw:?}");
            assert_eq!(deadline.recurrence, recurrence, "recurrence of {raw:?}");
        }
    }

    #[test]
    fn milestone_text_is_the_clause_without_trailing_punctuation() {
        let texts = |raw: &str| -> Vec<String> {
            Deadline::parse(raw, Some(2022)).milestones.into_iter().map(|m| m.text).collect()
        };
        assert_eq!(
            texts("4月末前形成工作方案；6月末前，完成小微企业和个体工商户无贷户名单推送。"),
            ["4月末前形成工作方案", "6月末前，完成小微企业和个体工商户无贷户名单推送"]
        );
        assert_eq!(texts(" 2023年6月底前完成初稿， 12月底前定稿； "), ["2023年6月底前完成初稿", "12月底前定稿"]);
        assert_eq!(texts("２０２３年６月底前"), ["２０２３年６月底前"]);
        assert_eq!(
            texts("2023年6月底前开发“人才贷”等金融服务项目，长期坚持。"),
            ["2023年6月底前开发“人才贷”等金融服务项目，长期坚持"]
        );
    }

    #[test]
    fn from_date_is_a_single_date() {
        let day = date("2023-06-30");
        let deadline = Deadline::from_date("45107".to_string(), day);
        assert_eq!(deadline.kind, K::Date);
        assert_eq!(deadline.due, Some(day));
        assert!(deadline.milestones.is_empty());
    }

    #[test]
    fn serde_shape_is_snake_case() {
        let deadline = Deadline::parse("2023年6月底前，每季度报送", None);
        let json = serde_json::to_value(&deadline).unwrap();
        assert_eq!(json["kind"], "date");
        assert_eq!(json["due"], "2023-06-30");
        assert_eq!(json["recurrence"], "quarterly");
        assert_eq!(json["milestones"][0]["date"], "2023-06-30");
        let back: Deadline = serde_json::from_value(json).unwrap();
        assert_eq!(back, deadline);
        assert_eq!(serde_json::to_string(&R::HalfYearly).unwrap(), "\"half_yearly\"");
    }

    #[test]
    fn never_panics_on_nasty_input() {
        let long_digits = "9".repeat(20_000) + "年";
        let many_clauses = "4月末前；".repeat(5_000);
        let many_commas = "，".repeat(20_000) + "2023年";
        let nasty = [
            "\0",
            "年",
            "月",
            "年底前年底前年底前",
            "99999999999999999999年99999999999999999999月",
            "2147483647年12月",
            "２０２３年１３月３２日",
            "2023年2月29日",
            "2023.",
            "2023..",
            "2023-",
            "2023/13/45",
            "十十十月",
            "〇〇〇〇年",
            "二〇二三",
            "第季度",
            "前",
            "🙂2023年🙂6月🙂",
            "\u{202e}2023年6月\u{0301}",
            "\u{feff}，,；;。\n\r",
            "次年次年次年",
            long_digits.as_str(),
            many_clauses.as_str(),
            many_commas.as_str(),
        ];
        let anchors = [None, Some(2022), Some(i32::MAX), Some(i32::MIN), Some(0)];
        for raw in nasty {
            for anchor in anchors {
                let deadline = Deadline::parse(raw, anchor);
                assert_eq!(deadline.raw, raw);
            }
        }
        assert_eq!(Deadline::parse("2023年2月29日", None).kind, K::Unreadable);
        assert_eq!(Deadline::parse(&many_clauses, Some(2022)).milestones.len(), 5_000);
    }
}
