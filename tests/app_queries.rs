//! The queries behind the desktop app's pages, on a real round of the 大同 ledger: the latest
//! reports per task (最新报送), the task status counts of the home page's chart, the unit
//! directory and the schedule read back.

mod common;

use chrono::NaiveDate;
use common::office::fill_return;
use common::{assign_datong_units, fresh_store, task, template};
use serde_json::json;
use taizhang::service::{
    assign_units, collect_returns, edit_task, export_unit_files, import_ledger, ledger_schedule, merge_units,
    new_round, reports_of_tasks, set_schedule, set_unit_contact, status_overview, task_reports, undo_last,
    ImportOptions, Outcome, TaskEdit, TaskSelector,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

#[test]
fn reports_counts_directory_and_schedule_after_a_datong_round() {
    let (dir, mut store) = fresh_store();
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(&mut store, &template("大同"), &options).expect("import").ledger_id;
    assert_eq!(assign_datong_units(&mut store, ledger), 22);
    let tasks = store.read().tasks(ledger).expect("tasks");

    // The schedule: none yet, then read back as set.
    assert!(ledger_schedule(&store, ledger).expect("schedule").is_none());
    set_schedule(&mut store, ledger, "每月10日和25日").expect("set schedule");
    let schedule = ledger_schedule(&store, ledger).expect("schedule").expect("set");
    assert_eq!(schedule.description, "每月10日和25日（遇节假日顺延）");

    // One status by hand, one round, 市财政局's file filled by openpyxl and collected.
    let by_hand = task(&tasks, "重点清单", "1");
    assert!(!by_hand.lead_units.iter().any(|u| u == "市财政局"), "{by_hand:?}");
    edit_task(&mut store, by_hand.task_id, &TaskEdit::Status { status: Some("推进中".into()) }, "手工修改")
        .expect("edit");
    let round = new_round(&mut store, ledger, Some("第1期"), Some(day(2022, 4, 25)), day(2022, 4, 11)).expect("round");
    let exported = export_unit_files(&mut store, round.round_id, &dir.path().join("下发"), |_, _| {}).expect("export");
    let finance_file = exported.files.iter().find(|f| f.unit == "市财政局").expect("市财政局's file").path.clone();
    let finance: Vec<_> = tasks.iter().filter(|t| t.lead_units.iter().any(|u| u == "市财政局")).collect();
    let (first, second) = (finance[0], finance[1]);
    let spec = json!({
        "progress": { format!("T{}", first.task_id): "已设立企业信用保证基金，规模2亿元。",
                      format!("T{}", second.task_id): "正在对接省级财政资金。" },
        "status": { format!("T{}", first.task_id): "已完成" }
    });
    let filled = dir.path().join("市财政局-已填.xlsx");
    fill_return(&finance_file, &filled, &spec);
    assert!(!store.read().has_reports(ledger).expect("has reports"), "nothing collected yet");
    let collected = collect_returns(&mut store, round.round_id, &[filled], |_, _| {}).expect("collect");
    assert_eq!(collected[0].outcome, Outcome::Applied, "{}", collected[0].message);
    assert!(store.read().has_reports(ledger).expect("has reports"), "the grid shows 最新报送");

    // 最新报送: the right tasks, with unit, round and text; nothing for tasks it did not fill.
    let reports = task_reports(&store, ledger).expect("reports");
    let of = |id: i64| reports.iter().filter(move |r| r.task_id == id).collect::<Vec<_>>();
    let r1 = of(first.task_id);
    assert_eq!(r1.len(), 1, "{r1:?}");
    assert_eq!((r1[0].unit.as_str(), r1[0].round_label.as_str()), ("市财政局", "第1期"));
    assert_eq!(r1[0].progress.as_deref(), Some("已设立企业信用保证基金，规模2亿元。"));
    assert_eq!(r1[0].status.as_deref(), Some("已完成"));
    assert_eq!(r1[0].values[0].header, "完成状态");
    assert_eq!(of(second.task_id)[0].progress.as_deref(), Some("正在对接省级财政资金。"));
    assert_eq!(of(second.task_id)[0].status, None);
    let untouched =
        tasks.iter().find(|t| !t.lead_units.iter().chain(&t.co_units).any(|u| u == "市财政局")).expect("task");
    assert!(of(untouched.task_id).is_empty());
    assert!(reports.iter().all(|r| r.unit == "市财政局"));
    // A page of the grid gets the same reports, of its own tasks only.
    let page = reports_of_tasks(&store, ledger, &[second.task_id, untouched.task_id]).expect("page reports");
    assert_eq!(page, of(second.task_id).into_iter().cloned().collect::<Vec<_>>());

    // The chart's counts: 58 tasks, 1 推进中 by hand, 1 已完成 by the lead unit's return.
    let overview = status_overview(&store, day(2022, 4, 11)).expect("overview");
    assert_eq!(overview.ledgers.len(), 1);
    let l = &overview.ledgers[0];
    assert_eq!(l.total, 58);
    assert_eq!(
        l.counts,
        vec![("已完成".to_string(), 1), ("推进中".to_string(), 1), ("未填写".to_string(), 56)],
        "{l:?}"
    );
    let finance_counts = overview.units.iter().find(|u| u.name == "市财政局").expect("unit");
    let finance_total =
        tasks.iter().filter(|t| t.lead_units.iter().chain(&t.co_units).any(|u| u == "市财政局")).count();
    assert_eq!(finance_counts.total, finance_total as i64);
    assert!(finance_counts.counts.contains(&("已完成".to_string(), 1)), "{finance_counts:?}");
    assert!(overview.units.windows(2).all(|w| w[0].total >= w[1].total));

    // The directory: every linked unit with its task count; 市金融办 is an alias of 市政府金融办.
    let directory = store.read().unit_directory().expect("directory");
    let entry = directory.iter().find(|u| u.name == "市财政局").expect("市财政局");
    assert_eq!(entry.task_count, finance_total as i64);
    let jinrong = directory.iter().find(|u| u.name == "市政府金融办").expect("市政府金融办");
    assert!(jinrong.aliases.iter().any(|a| a == "市金融办"), "{jinrong:?}");
    assert!(jinrong.confirmed);
}

#[test]
fn a_duplicate_unit_is_merged_with_its_tasks_rounds_and_returns_and_the_merge_undone() {
    let (dir, mut store) = fresh_store();
    let ledger = import_ledger(&mut store, &template("大同"), &ImportOptions::default()).expect("import").ledger_id;
    let group = |c: &str| TaskSelector::Category { category: c.into(), sheet: Some("全面清单".into()) };
    assign_units(&mut store, ledger, &group("提高信用贷款占比"), "市财政局", "").expect("assign");
    // A clerk typed a name the directory does not know: a new, unconfirmed unit.
    let typo = assign_units(&mut store, ledger, &group("提升续贷转贷比重"), "大同市财政局办公室", "").expect("assign");
    assert_eq!(typo.unknown_units.len(), 1, "{:?}", typo.unknown_units);
    let round = new_round(&mut store, ledger, Some("第1期"), Some(day(2022, 4, 25)), day(2022, 4, 11)).expect("round");
    let exported = export_unit_files(&mut store, round.round_id, &dir.path().join("下发"), |_, _| {}).expect("export");
    // Both return their files: the same body under two names has two current returns.
    let tasks = store.read().tasks(ledger).expect("tasks");
    for unit in ["市财政局", "大同市财政局办公室"] {
        let file = exported.files.iter().find(|f| f.unit == unit).expect("file").path.clone();
        let task = tasks.iter().find(|t| t.lead_units.iter().any(|u| u == unit)).expect("task");
        let spec = json!({ "progress": { format!("T{}", task.task_id): format!("{unit}已落实。") } });
        let filled = dir.path().join(format!("{unit}-已填.xlsx"));
        fill_return(&file, &filled, &spec);
        let r = collect_returns(&mut store, round.round_id, &[filled], |_, _| {}).expect("collect");
        assert_eq!(r[0].outcome, Outcome::Applied, "{}", r[0].message);
    }
    // What counts: each unit's progress text per task.
    let current = |store: &taizhang::store::Store| -> Vec<(String, i64, String)> {
        let values = store.read().reported_values(ledger, Some(round.round_id)).expect("values");
        let mut rows: Vec<(String, i64, String)> = values
            .into_iter()
            .filter(|v| v.field.starts_with("cell:") && !v.value.is_empty())
            .map(|v| (v.unit_name, v.task_id, v.value))
            .collect();
        rows.sort();
        rows
    };
    let before = current(&store);
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before.iter().filter(|v| v.0 == "市财政局").count(), 1, "{before:?}");

    let find = |store: &taizhang::store::Store, name: &str| {
        store.read().unit_directory().expect("directory").into_iter().find(|u| u.name == name)
    };
    let finance = find(&store, "市财政局").expect("市财政局");
    let dup = find(&store, "大同市财政局办公室").expect("the new unit");
    assert!(!dup.confirmed);
    let (finance_tasks, dup_tasks) = (finance.task_count, dup.task_count);
    assert!(finance_tasks > 0 && dup_tasks > 0);
    let sent = |store: &taizhang::store::Store| -> Vec<String> {
        store.read().round_units(round.round_id).expect("round units").into_iter().map(|u| u.1).collect()
    };
    assert!(sent(&store).contains(&"大同市财政局办公室".to_string()));

    let report = merge_units(&mut store, dup.unit_id, finance.unit_id).expect("merge");
    assert_eq!((report.source.as_str(), report.target.as_str()), ("大同市财政局办公室", "市财政局"));
    assert_eq!(report.tasks_moved as i64, dup_tasks);
    assert!(find(&store, "大同市财政局办公室").is_none());
    let merged = find(&store, "市财政局").expect("市财政局");
    assert_eq!(merged.task_count, finance_tasks + dup_tasks);
    assert!(merged.aliases.contains(&"大同市财政局办公室".to_string()), "{:?}", merged.aliases);
    assert_eq!(sent(&store).iter().filter(|u| *u == "市财政局").count(), 1);
    assert!(!sent(&store).contains(&"大同市财政局办公室".to_string()));
    let tasks = store.read().tasks(ledger).expect("tasks");
    assert!(tasks
        .iter()
        .filter(|t| t.category.iter().any(|c| c == "提升续贷转贷比重"))
        .all(|t| t.lead_units == ["市财政局"]));
    // Both returns are 市财政局's now, and each still counts for the task it reported.
    let mut merged_values: Vec<(String, i64, String)> =
        before.iter().map(|(_, task, text)| ("市财政局".to_string(), *task, text.clone())).collect();
    merged_values.sort();
    assert_eq!(current(&store), merged_values);
    assert!(merge_units(&mut store, finance.unit_id, finance.unit_id).is_err());

    // Undo brings the unit back with its id, name, tasks and round.
    let undone = undo_last(&mut store).expect("undo");
    assert_eq!(undone.summary, "把单位“大同市财政局办公室”合并到“市财政局”");
    let back = find(&store, "大同市财政局办公室").expect("back");
    assert_eq!((back.unit_id, back.task_count, back.confirmed), (dup.unit_id, dup_tasks, false));
    assert_eq!(find(&store, "市财政局").expect("unit").task_count, finance_tasks);
    assert!(sent(&store).contains(&"大同市财政局办公室".to_string()));
    assert_eq!(current(&store), before);

    // A file sent to the duplicate before the merge and returned after it counts for 市财政局.
    merge_units(&mut store, dup.unit_id, finance.unit_id).expect("merge again");
    let file = exported.files.iter().find(|f| f.unit == "大同市财政局办公室").expect("file").path.clone();
    let task = tasks.iter().find(|t| t.category.iter().any(|c| c == "提升续贷转贷比重")).expect("task");
    let spec = json!({ "progress": { format!("T{}", task.task_id): "合并后报回。" } });
    let late = dir.path().join("合并后报回.xlsx");
    fill_return(&file, &late, &spec);
    let r = collect_returns(&mut store, round.round_id, &[late], |_, _| {}).expect("collect");
    assert_eq!(r[0].outcome, Outcome::Applied, "{}", r[0].message);
    assert_eq!((r[0].unit.as_deref(), r[0].identified_by.as_deref()), (Some("市财政局"), Some("identity")));
    undo_last(&mut store).expect("undo the collect");
    undo_last(&mut store).expect("undo the merge");

    // Contacts: set, shown in the directory, undone.
    set_unit_contact(&mut store, finance.unit_id, " 张三 ", "0352-1234567").expect("contact");
    let with = find(&store, "市财政局").expect("unit");
    assert_eq!((with.contact.as_deref(), with.phone.as_deref()), (Some("张三"), Some("0352-1234567")));
    undo_last(&mut store).expect("undo contact");
    let without = find(&store, "市财政局").expect("unit");
    assert_eq!((without.contact, without.phone), (None, None));
}

/// The grid's page query selects exactly what the grid's filters describe (the rules the app's
/// grid applied in the browser before it fetched pages), in ledger order, page by page.
#[test]
fn the_grid_pages_select_what_its_filters_say() {
    use taizhang::model::TaskView;
    use taizhang::store::TaskFilter;

    let (_dir, mut store) = fresh_store();
    let options = ImportOptions { anchor_year: Some(2022), ..Default::default() };
    let ledger = import_ledger(&mut store, &template("鄂尔多斯"), &options).expect("import").ledger_id;
    let tasks = store.read().tasks(ledger).expect("tasks");
    let done = &tasks[3];
    edit_task(&mut store, done.task_id, &TaskEdit::Status { status: Some("已完成".into()) }, "手工修改").expect("edit");
    let tasks = store.read().tasks(ledger).expect("tasks");
    let today = "2023-10-01";
    let overdue = |t: &TaskView| {
        t.status.as_deref() != Some("已完成")
            && t.deadline.due.is_some_and(|d| d.format("%Y-%m-%d").to_string().as_str() < today)
    };
    // The rules as the grid wrote them.
    let selects = |f: &TaskFilter, t: &TaskView| {
        f.unit.as_ref().is_none_or(|u| t.lead_units.contains(u) || t.co_units.contains(u))
            && f.status.as_ref().is_none_or(|s| t.status.as_deref().unwrap_or("未填写") == s)
            && f.category.iter().enumerate().all(|(i, c)| t.category.get(i) == Some(c))
            && (!f.overdue_only || overdue(t))
            && f.keyword.as_ref().is_none_or(|k| {
                t.measure.contains(k.as_str()) || t.seq == *k || t.category.iter().any(|c| c.contains(k.as_str()))
            })
    };
    let unit = tasks.iter().find_map(|t| t.co_units.first()).expect("a co unit").clone();
    let word: String = tasks[5].measure.chars().skip(4).take(4).collect();
    let filters = [
        TaskFilter::default(),
        TaskFilter { unit: Some(unit.clone()), ..Default::default() },
        TaskFilter { status: Some("已完成".into()), ..Default::default() },
        TaskFilter { status: Some("未填写".into()), ..Default::default() },
        TaskFilter { category: tasks[10].category[..1].to_vec(), ..Default::default() },
        TaskFilter { category: tasks[10].category.clone(), ..Default::default() },
        TaskFilter { overdue_only: true, ..Default::default() },
        TaskFilter { keyword: Some(word), ..Default::default() },
        TaskFilter { keyword: Some(tasks[7].seq.clone()), ..Default::default() },
        TaskFilter {
            keyword: Some(tasks[10].category[0].chars().take(3).collect()),
            unit: Some(unit),
            ..Default::default()
        },
        TaskFilter { keyword: Some("没有这段文字".into()), ..Default::default() },
    ];
    let read = store.read();
    for (i, f) in filters.iter().enumerate() {
        let expected: Vec<i64> = tasks.iter().filter(|t| selects(f, t)).map(|t| t.task_id).collect();
        // Every filter but the first and the last selects some tasks, not all.
        let some = !expected.is_empty() && expected.len() < tasks.len();
        assert!(i == 0 || i == filters.len() - 1 || some, "{f:?} selects {} of {}", expected.len(), tasks.len());
        assert_eq!(read.filtered_task_ids(ledger, f, today).expect("ids"), expected, "{f:?}");
        // Pages of 7: each says the total, and together they are the whole selection with every
        // task as the full ledger gives it.
        let mut paged = Vec::new();
        for offset in (0..expected.len().max(1)).step_by(7) {
            let page = read.task_page(ledger, f, today, offset, 7).expect("page");
            assert_eq!((page.total, page.offset), (expected.len(), offset), "{f:?}");
            paged.extend(page.tasks);
        }
        let past = read.task_page(ledger, f, today, expected.len(), 7).expect("page past the end");
        assert_eq!((past.total, past.tasks.len()), (expected.len(), 0), "{f:?}");
        let whole: Vec<&TaskView> = tasks.iter().filter(|t| selects(f, t)).collect();
        assert_eq!(paged.iter().collect::<Vec<_>>(), whole, "{f:?}");
    }
    assert_eq!(read.filtered_task_ids(ledger, &filters[2], today).expect("ids"), [done.task_id]);

    // The outline: totals, units, and every category path with its count.
    let outline = read.grid_outline(ledger, today).expect("outline");
    assert_eq!(outline.total, tasks.len());
    assert_eq!(outline.overdue, tasks.iter().filter(|t| overdue(t)).count());
    let mut units: Vec<String> = tasks.iter().flat_map(|t| t.lead_units.iter().chain(&t.co_units).cloned()).collect();
    units.sort();
    units.dedup();
    assert_eq!(outline.units, units);
    assert!(outline.has_lead && outline.has_co);
    assert_eq!(outline.categories.iter().map(|c| c.tasks).sum::<usize>(), tasks.len());
    for c in &outline.categories {
        let n = tasks.iter().filter(|t| t.sheet == c.sheet && t.category == c.path).count();
        assert_eq!(c.tasks, n, "{c:?}");
    }
    // A 工作要求 group's tasks and the units they already have.
    let group = &tasks[10].category[0];
    let in_group: Vec<i64> = tasks.iter().filter(|t| t.category.contains(group)).map(|t| t.task_id).collect();
    assert_eq!(read.group_task_ids(ledger, group, None).expect("group"), in_group);
    let (lead, _) = read.units_of_tasks(&in_group).expect("units");
    let mut expected_lead: Vec<String> = Vec::new();
    for t in tasks.iter().filter(|t| in_group.contains(&t.task_id)) {
        for u in &t.lead_units {
            if !expected_lead.contains(u) {
                expected_lead.push(u.clone());
            }
        }
    }
    assert_eq!(lead, expected_lead);
}
