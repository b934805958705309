//! Rounds through the `taizhang` binary: due dates from a schedule and China's working-day
//! calendar. (A collect killed half-way is tested in tests/crash_safety.rs.)

mod common;

use common::cli::{json_of, taizhang};

#[test]
fn ordos_quarterly_rule_uses_the_holiday_calendar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let template = common::template("鄂尔多斯");
    json_of(&taizhang(&db, &["--json", "import", template.to_str().expect("utf-8")]));
    let set = json_of(&taizhang(&db, &["--json", "schedule", "1", "每季度结束后5个工作日内报送"]));
    assert_eq!(set["description"], "每季度结束后5个工作日内");
    // 2024 Q3: Oct 1–7 National Day, Oct 12 (Saturday) a make-up working day.
    let q3 = json_of(&taizhang(&db, &["--json", "--today", "2024-09-15", "round", "new", "1"]));
    assert_eq!((q3["label"].as_str(), q3["due"].as_str()), (Some("2024年第3季度"), Some("2024-10-12")));
    // 2024 Q4: Jan 1 2025 a holiday; Jan 2, 3, 6, 7, 8.
    let q4 = json_of(&taizhang(&db, &["--json", "--today", "2024-12-01", "round", "new", "1"]));
    assert_eq!((q4["label"].as_str(), q4["due"].as_str()), (Some("2024年第4季度"), Some("2025-01-08")));
    // The same label twice is refused with a Chinese message.
    let again = taizhang(&db, &["--today", "2024-12-01", "round", "new", "1"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经有名为“2024年第4季度”的期次"));
}

#[test]
fn datong_semi_monthly_rule_moves_to_the_next_working_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let template = common::template("大同");
    json_of(&taizhang(&db, &["--json", "import", "--year", "2022", template.to_str().expect("utf-8")]));
    json_of(&taizhang(&db, &["--json", "schedule", "1", "于每月10日和25日填写双周进展情况"]));
    // 2024-02-10 falls in the Spring Festival holiday: due the next working day, 2024-02-18.
    let feb = json_of(&taizhang(&db, &["--json", "--today", "2024-02-01", "round", "new", "1"]));
    assert_eq!(feb["due"], "2024-02-18");
    // 2024-03-10 is a Sunday: moved to Monday 03-11; 03-25 is a Monday and stays.
    let sunday = json_of(&taizhang(&db, &["--json", "--today", "2024-03-01", "round", "new", "1"]));
    assert_eq!(sunday["due"], "2024-03-11");
    let ordinary = json_of(&taizhang(&db, &["--json", "--today", "2024-03-12", "round", "new", "1"]));
    assert_eq!(ordinary["due"], "2024-03-25");
}
