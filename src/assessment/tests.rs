use super::*;
use crate::round_facts::sample;

#[test]
fn a_round_scored_by_hand() {
    let facts = sample();
    let board = score_board("第2期", std::slice::from_ref(&facts), &ScoreRules::default());
    let total = |unit: &str| board.units.iter().find(|u| u.unit == unit).expect("unit").total;
    // 甲局: on time +2, task 1 completed 4-20 by 6-30 +1, indicator met +1.
    assert_eq!(total("甲局"), 4.0);
    // 乙局: late -1, task 2 overdue (3-31 < 4-25, 推进中) -1.
    assert_eq!(total("乙局"), -2.0);
    // 丙局: missing -3; its 长期坚持 task has no date, so never overdue.
    assert_eq!(total("丙局"), -3.0);
    let ranks: Vec<(usize, &str)> = board.units.iter().map(|u| (u.rank, u.unit.as_str())).collect();
    assert_eq!(ranks, [(1, "甲局"), (2, "乙局"), (3, "丙局")]);
    assert_eq!(board.praise, ["甲局"]);
    assert_eq!(board.remind, ["丙局", "乙局"]);
    let jia = &board.units[0];
    let kinds: Vec<(EventKind, f64)> = jia.events.iter().map(|e| (e.kind, e.points)).collect();
    assert_eq!(kinds, [(EventKind::OnTime, 2.0), (EventKind::Completed, 1.0), (EventKind::TargetMet, 1.0)]);
    assert!(jia.events[1].reason.contains("序号1") && jia.events[1].reason.contains("2022年6月30日"));
    assert_eq!(jia.events[1].task_id, Some(1));
}

#[test]
fn completion_after_the_deadline_earns_nothing_and_ties_share_a_rank() {
    let mut facts = sample();
    facts.tasks[0].due = NaiveDate::from_ymd_opt(2022, 4, 15);
    facts.indicators.clear();
    let rules = ScoreRules { on_time: 1.0, late: 1.0, ..ScoreRules::default() };
    let board = score_board("第2期", &[facts], &rules);
    let jia = board.units.iter().find(|u| u.unit == "甲局").expect("甲局");
    assert_eq!(jia.total, 1.0, "{:?}", jia.events);
    let yi = board.units.iter().find(|u| u.unit == "乙局").expect("乙局");
    assert_eq!(yi.total, 0.0);
    assert_eq!(jia.rank, 1);
    assert_eq!(yi.rank, 2);
}

#[test]
fn a_year_adds_rounds_and_averages_for_the_lists() {
    let first = sample();
    let mut second = sample();
    second.round.round_id = 3;
    second.round.label = "第3期".into();
    for t in &mut second.tasks {
        t.previous_status = t.status.clone();
    }
    let board = score_board("2022年度", &[first, second], &ScoreRules::default());
    let jia = board.units.iter().find(|u| u.unit == "甲局").expect("甲局");
    // Round 2: 4; round 3: on time +2, indicator +1 (task 1 already done) = 3.
    assert_eq!((jia.total, jia.rounds, jia.average), (7.0, 2, 3.5));
    assert_eq!(jia.standing, Standing::Praise);
    assert_eq!(board.round_ids, [2, 3]);
}

use chrono::NaiveDate;

#[test]
fn a_unit_with_nothing_scored_is_on_neither_list() {
    let mut facts = sample();
    facts.returns[2].state = crate::round_facts::ReturnState::Pending;
    let board = score_board("第2期", &[facts], &ScoreRules::default());
    let bing = board.units.iter().find(|u| u.unit == "丙局").expect("丙局");
    assert_eq!((bing.total, bing.standing), (0.0, Standing::Neutral));
    assert_eq!(board.remind, ["乙局"]);
}
