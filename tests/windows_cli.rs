//! The Windows `taizhang.exe` (release, cross-built by scripts/build-windows.sh) run under Wine:
//! a whole round in folders with Chinese names and spaces, paths with `\` and `/`; unit names
//! Windows reserves; paths longer than 260 characters; files held open as by Excel; the default
//! data folder. Fails, never skips, when wine or the build is missing (see tests/windows/wine.rs).

mod common;
#[path = "windows/wine.rs"]
mod wine;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use wine::{json, stderr, taizhang, win_path, win_path_slashes, HeldOpen};

/// The message of a file held open by Excel or WPS (issue 12).
const IN_USE: &str = "文件正在 Excel 或 WPS 中打开，请关闭后重试";

/// The Linux path of a path the Windows program printed: on drive Z: (`Z:\tmp\…`, `Z:/tmp/…`) or
/// relative to `cwd`.
fn from_windows(cwd: &Path, windows: &str) -> PathBuf {
    match windows.strip_prefix("Z:").or_else(|| windows.strip_prefix("z:")) {
        Some(rest) => PathBuf::from(rest.replace('\\', "/")),
        None => cwd.join(windows.replace('\\', "/")),
    }
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, found);
            } else {
                found.push(path.strip_prefix(base).expect("inside").to_string_lossy().into_owned());
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// A fresh folder whose own name has Chinese characters and spaces.
fn chinese_folder(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::Builder::new().prefix("windows-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let dir = tmp.path().join(name);
    std::fs::create_dir_all(&dir).expect("create folder");
    (tmp, dir)
}

#[test]
fn a_whole_round_in_chinese_folders_with_both_kinds_of_slash() {
    let (_tmp, work) = chinese_folder("台账 工作/2024年 第3季度");
    let template = work.join("台账 原件/鄂尔多斯 重点任务.xlsx");
    std::fs::create_dir_all(template.parent().expect("parent")).expect("folder");
    std::fs::copy(common::template("鄂尔多斯"), &template).expect("copy template");
    std::fs::create_dir_all(work.join("数据 库")).expect("db folder");
    // The database named with `\`, the ledger with `/`, both absolute.
    let db = win_path(&work.join("数据 库/台账.db"));
    let run = |args: &[&str]| taizhang(&work, &[&["--db", db.as_str(), "--json"], args].concat());

    let imported = json(&run(&["import", &win_path_slashes(&template)]));
    assert_eq!(imported["task_count"], 14, "{imported}");
    let ledger = imported["ledger_id"].as_i64().expect("ledger id").to_string();
    json(&run(&["schedule", &ledger, "每季度结束后5个工作日内"]));
    let round = json(&run(&["--today", "2024-09-15", "round", "new", &ledger]));
    assert_eq!((round["label"].as_str(), round["due"].as_str()), (Some("2024年第3季度"), Some("2024-10-12")));
    let round_id = round["round_id"].as_i64().expect("round id").to_string();

    // Unit files into a folder named relative to the working folder, with `\`.
    let exported = json(&run(&["export-units", &round_id, "--out", r"下发 文件\第3季度"]));
    let files = exported["files"].as_array().expect("files");
    assert_eq!(files.len(), 22, "{exported}");
    let on_disk: Vec<PathBuf> = files.iter().map(|f| from_windows(&work, f["path"].as_str().expect("path"))).collect();
    for (file, path) in files.iter().zip(&on_disk) {
        assert!(path.starts_with(work.join("下发 文件/第3季度")), "{}", path.display());
        let book = common::office::inspect(path);
        let unit = file["unit"].as_str().expect("unit");
        let title_rows = common::office::rows(&book["sheets"][0]);
        assert!(
            title_rows.iter().flatten().any(|c| c.contains(&format!("填报单位：{unit}"))),
            "{unit}: {title_rows:?}"
        );
    }

    // 市财政局 fills its file (openpyxl, as a department's Excel would) and sends it back.
    let tasks = json(&run(&["tasks", &ledger]));
    let finance = files.iter().position(|f| f["unit"] == "市财政局").expect("市财政局's file");
    let led: Vec<&Value> = tasks
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["lead_units"].as_array().is_some_and(|u| u.iter().any(|u| u == "市财政局")))
        .collect();
    let task_id = led[0]["task_id"].as_i64().expect("task id");
    let back = work.join("回收 文件");
    std::fs::create_dir_all(&back).expect("folder");
    let progress = "已设立 企业信用保证基金，规模2亿元。";
    common::office::fill_return(
        &on_disk[finance],
        &back.join("市财政局 已填.xlsx"),
        &json!({ "progress": { format!("T{task_id}"): progress }, "status": { format!("T{task_id}"): "已完成" } }),
    );
    let collected = json(&run(&["collect", &round_id, r"回收 文件\市财政局 已填.xlsx"]));
    assert_eq!(collected[0]["outcome"], "applied", "{collected}");
    assert_eq!(collected[0]["unit"], "市财政局");

    let status = json(&run(&["--today", "2024-10-08", "status", &round_id]));
    let states: Vec<(&str, &str)> = status["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| (u["unit"].as_str().unwrap_or(""), u["state"].as_str().unwrap_or("")))
        .collect();
    // Received today, after the 2024 due date: late, but in; every other unit has not reported.
    assert!(states.contains(&("市财政局", "late")), "{states:?}");
    assert_eq!(states.iter().filter(|(_, s)| *s != "pending").count(), 1, "{states:?}");

    // The consolidated ledger, named with `/`, holds the department's text.
    let summary = work.join("上报 材料/汇总 台账.xlsx");
    std::fs::create_dir_all(summary.parent().expect("parent")).expect("folder");
    let consolidated =
        json(&run(&["--today", "2024-10-08", "consolidate", &ledger, "--out", &win_path_slashes(&summary)]));
    assert_eq!(consolidated["task_count"], 14);
    let cells: Vec<String> = common::office::inspect(&summary)["sheets"][0]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| {
            r.as_array().expect("row").iter().map(|c| c.as_str().unwrap_or("").to_string()).collect::<Vec<_>>()
        })
        .collect();
    assert!(cells.iter().any(|c| c.contains(progress)), "the reported text is in the consolidated ledger");

    // A backup into a Chinese folder with `\`, then a restore from it with `/`.
    let backup = work.join("备份 文件/九月 备份.db");
    json(&run(&["backup", &win_path(&backup)]));
    assert!(backup.is_file());
    json(&run(&["undo"])); // takes the collect back out of the database …
    let restored = json(&run(&["restore", &win_path_slashes(&backup)]));
    assert_eq!(restored["ledgers"], 1, "{restored}");
    let status = json(&run(&["--today", "2024-10-08", "status", &round_id]));
    assert_eq!(status["late"], 1, "… and the restore brings it back: {status}");
    let listed = json(&run(&["backups"]));
    assert!(listed.as_array().expect("backups").iter().any(|b| b["reason"] == "restore"), "{listed}");
}

#[test]
fn unit_names_windows_reserves_give_distinct_files_inside_the_folder() {
    let (_tmp, work) = chinese_folder("保留 名称");
    let db = win_path(&work.join("t.db"));
    let run = |args: &[&str]| taizhang(&work, &[&["--db", db.as_str(), "--json"], args].concat());
    let imported = json(&run(&["import", &win_path(&common::template("济源"))]));
    let ledger = imported["ledger_id"].as_i64().expect("ledger").to_string();
    let tasks = json(&run(&["tasks", &ledger]));
    let first = tasks[0]["task_id"].as_i64().expect("task").to_string();
    let long = "长".repeat(150);
    let reserved = ["CON", "con", "_CON", "NUL", "COM1", "LPT9", "AUX.科", "PRN.txt", "市局.", "市局…", "..", &long];
    json(&run(&["assign", &ledger, "--task", &first, "--lead", &reserved.join("、")]));

    let round = json(&run(&["round", "new", &ledger, "--label", "第1期", "--due", "2024-10-12"]));
    let out = work.join("下发");
    let exported = json(&run(&["export-units", &round["round_id"].to_string(), "--out", &win_path(&out)]));
    let files = exported["files"].as_array().expect("files");
    let units: Vec<&str> = files.iter().map(|f| f["unit"].as_str().expect("unit")).collect();
    for name in ["CON", "NUL", "COM1", "LPT9", "AUX.科", "PRN.txt"] {
        assert!(units.iter().any(|u| u.eq_ignore_ascii_case(name)), "{name} is a unit: {units:?}");
    }
    let on_disk = files_under(&work);
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            let path = from_windows(&work, f["path"].as_str().expect("path"));
            assert!(path.starts_with(&out), "{} is inside the output folder", path.display());
            assert!(path.is_file(), "{} was written", path.display());
            path.file_name().expect("name").to_string_lossy().into_owned()
        })
        .collect();
    let reserved_stems = ["CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9"];
    for name in &names {
        let stem = name.strip_suffix(".xlsx").expect(".xlsx");
        let device = stem.split('.').next().unwrap_or(stem).trim_end();
        assert!(!reserved_stems.iter().any(|r| r.eq_ignore_ascii_case(device)), "{name} is a device name");
        assert!(!stem.ends_with('.') && !stem.ends_with(' '), "{name} ends in a dot or space");
        assert!(name.encode_utf16().count() <= 255 && name.len() <= 255, "{name} is too long for NTFS or ext4");
    }
    let distinct: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(distinct.len(), names.len(), "distinct regardless of case: {names:?}");
    // Nothing but the database, its backups and the unit files: no device swallowed a file, no
    // name climbed out of the folder.
    let outside: Vec<&String> = on_disk
        .iter()
        .filter(|f| !f.starts_with("下发/") && !f.starts_with("t.db") && !f.starts_with("backups/"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    assert_eq!(on_disk.iter().filter(|f| f.starts_with("下发/")).count(), names.len(), "{on_disk:?}");
    // Each file is the right unit's: its identity survives the name change.
    for file in files.iter().filter(|f| f["unit"] == "CON" || f["unit"] == "con") {
        let rows = common::office::rows(
            &common::office::inspect(&from_windows(&work, file["path"].as_str().expect("path")))["sheets"][0],
        );
        let unit = file["unit"].as_str().expect("unit");
        assert!(rows.iter().flatten().any(|c| c.contains(&format!("填报单位：{unit}"))), "{unit}: {rows:?}");
    }
}

#[test]
fn paths_longer_than_260_characters_work() {
    let (_tmp, base) = chinese_folder("长 路径");
    let segment = "财政金融协同联动实施方案重点任务台账第三季度报送材料汇总整理归档文件夹";
    let deep = (1..=7).fold(base.clone(), |p, i| p.join(format!("{i}{segment}")));
    std::fs::create_dir_all(&deep).expect("deep folders");
    let template = deep.join("济源 台账.xlsx");
    std::fs::copy(common::template("济源"), &template).expect("copy");
    assert!(
        win_path(&template).encode_utf16().count() > 300,
        "{} UTF-16 units",
        win_path(&template).encode_utf16().count()
    );
    let db = win_path(&deep.join("台账.db"));
    let run = |args: &[&str]| taizhang(&base, &[&["--db", db.as_str(), "--json"], args].concat());

    let ledger = json(&run(&["import", &win_path(&template)]))["ledger_id"].as_i64().expect("ledger").to_string();
    let round = json(&run(&["round", "new", &ledger, "--label", "第1期", "--due", "2024-10-12"]));
    let round_id = round["round_id"].as_i64().expect("round").to_string();
    let exported = json(&run(&["export-units", &round_id, "--out", &win_path(&deep.join("下发"))]));
    let first = from_windows(&base, exported["files"][0]["path"].as_str().expect("path"));
    assert!(first.is_file());
    let collected = json(&run(&["collect", &round_id, &win_path(&first)]));
    assert_eq!(collected[0]["outcome"], "applied", "{collected}");
    let summary = deep.join("汇总.xlsx");
    json(&run(&["consolidate", &ledger, "--out", &win_path_slashes(&summary)]));
    assert_eq!(common::office::sheet_names(&common::office::inspect(&summary))[0], "Sheet1");
    json(&run(&["backup"]));
    let backups = json(&run(&["backups"]));
    assert!(backups.as_array().expect("list").iter().any(|b| b["reason"] == "manual"), "{backups}");
}

#[test]
fn files_open_in_excel_are_reported_and_left_as_they_were() {
    let (_tmp, work) = chinese_folder("打开 的 文件");
    let db = win_path(&work.join("t.db"));
    let run = |args: &[&str]| taizhang(&work, &[&["--db", db.as_str(), "--json"], args].concat());
    let ledger = json(&run(&["import", &win_path(&common::template("济源"))]))["ledger_id"].to_string();
    let round =
        json(&run(&["round", "new", &ledger, "--label", "第1期", "--due", "2024-10-12"]))["round_id"].to_string();
    let out = work.join("下发");
    let exported = json(&run(&["export-units", &round, "--out", &win_path(&out)]));
    let summary = work.join("汇总.xlsx");
    json(&run(&["consolidate", &ledger, "--out", &win_path(&summary)]));
    let backup = work.join("备份.db");
    json(&run(&["backup", &win_path(&backup)]));
    let unit_file = from_windows(&work, exported["files"][0]["path"].as_str().expect("path"));

    // An export never writes into an existing file: with a unit file held open, the next export
    // goes into its own new folder and leaves the open file alone.
    {
        let content = std::fs::read(&unit_file).expect("read");
        let _excel = HeldOpen::new(&unit_file);
        let again = json(&run(&["export-units", &round, "--out", &win_path(&out)]));
        let folder = from_windows(&work, again["out_dir"].as_str().expect("out_dir"));
        assert_ne!(Some(folder.as_path()), unit_file.parent(), "a new folder");
        assert_eq!(std::fs::read(&unit_file).expect("read"), content);
    }
    let before = files_under(&work);
    // Replacing a file the clerk still has open (consolidate and backup with --force).
    for (what, file, args) in [
        ("consolidate", &summary, vec!["consolidate", &ledger, "--out", &win_path(&summary), "--force"]),
        ("backup", &backup, vec!["backup", &win_path(&backup), "--force"]),
    ] {
        let content = std::fs::read(file).expect("read");
        {
            let _excel = HeldOpen::new(file);
            let refused = taizhang(&work, &[&["--db", db.as_str()], &args[..]].concat());
            assert_eq!(refused.status.code(), Some(1), "{what}: {}", stderr(&refused));
            let message = stderr(&refused);
            assert!(message.contains(IN_USE), "{what}: {message}");
            let name = file.file_name().expect("name").to_string_lossy().into_owned();
            assert!(message.contains(&name), "{what} names the file: {message}");
            assert_eq!(std::fs::read(file).expect("read"), content, "{what} left the open file as it was");
            assert_eq!(files_under(&work), before, "{what} left no temporary or partial file");
        }
        // Closed in Excel: the same command now works.
        let done = taizhang(&work, &[&["--db", db.as_str()], &args[..]].concat());
        assert!(done.status.success(), "{what} after closing: {}", stderr(&done));
    }
}

#[test]
fn the_database_is_in_the_apps_data_folder_unless_told_otherwise() {
    let appdata = wine::windows_env("APPDATA");
    assert!(appdata.ends_with(r"AppData\Roaming"), "{appdata}");
    let app_dir = wine::unix_path(&format!(r"{appdata}\cn.taizhang.app"));
    let _ = std::fs::remove_dir_all(&app_dir);
    let (_tmp, work) = chinese_folder("任意 目录");
    let template = win_path(&common::template("鄂尔多斯"));

    // No --db: the app's database, %APPDATA%\cn.taizhang.app\taizhang.db.
    let imported = json(&taizhang(&work, &["--json", "import", &template]));
    assert_eq!(imported["created"], true);
    assert!(app_dir.join("taizhang.db").is_file(), "{}", app_dir.display());
    assert!(files_under(&work).is_empty(), "nothing in the working folder: {:?}", files_under(&work));
    let listed = taizhang(&work, &["backups"]);
    let text = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(text.contains(&format!(r"{appdata}\cn.taizhang.app\taizhang.db")), "{text}");

    // TAIZHANG_DATA_DIR moves it (as it moves the app's); TAIZHANG_DB and --db name the file.
    let elsewhere = work.join("别处 数据");
    let moved = wine::wine(&wine::shipped("taizhang.exe"))
        .env("TAIZHANG_DATA_DIR", win_path(&elsewhere))
        .args(["--json", "import", &template])
        .current_dir(&work)
        .output()
        .expect("run");
    assert_eq!(json(&moved)["created"], true, "a fresh database there");
    assert!(elsewhere.join("taizhang.db").is_file());
    let named = wine::wine(&wine::shipped("taizhang.exe"))
        .env("TAIZHANG_DATA_DIR", win_path(&elsewhere))
        .env("TAIZHANG_DB", win_path(&work.join("指定.db")))
        .args(["--json", "ledgers"])
        .current_dir(&work)
        .output()
        .expect("run");
    assert_eq!(json(&named).as_array().map(Vec::len), Some(0), "TAIZHANG_DB wins");
    assert!(work.join("指定.db").is_file());
    // The app's database still holds its one ledger.
    assert_eq!(json(&taizhang(&work, &["--json", "ledgers"])).as_array().map(Vec::len), Some(1));
    std::fs::remove_dir_all(&app_dir).expect("clean up the app's data folder");
}
