//! `taizhang`: the command-line front end of the ledger engine. Every command prints a readable
//! Chinese table, or JSON with the global `--json` flag; errors go to stderr with exit code 1.

mod actions;
mod backups;
mod output;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use taizhang::data_dir;
use taizhang::service::{self, ImportOptions, IndicatorEdit, Overwrite, TaskSelector};

/// 台账通命令行：导入台账、查看任务。
#[derive(Debug, Parser)]
#[command(name = "taizhang", version, about, long_about = None)]
struct Cli {
    /// 数据库文件（默认读取环境变量 TAIZHANG_DB；否则在 Windows 上与桌面程序共用
    /// %APPDATA%\cn.taizhang.app\taizhang.db，在其他系统上为当前目录下的 taizhang.db）
    #[arg(long, global = true, env = "TAIZHANG_DB")]
    db: Option<PathBuf>,
    /// 以 JSON 输出结果（供脚本使用）
    #[arg(long, global = true)]
    json: bool,
    /// 以哪一天为“今天”计算逾期和截止日期（默认今天，格式 YYYY-MM-DD；不影响备份的时间和名称）
    #[arg(long, global = true, value_name = "日期")]
    today: Option<NaiveDate>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 导入台账表格（.xlsx / .xls）或没有表格的方案文件（.docx / .txt）
    Import {
        /// 台账文件
        path: PathBuf,
        /// 指定某列的含义，格式“表头=字段”，可重复，例如 --map 主要措施=measure
        #[arg(long = "map", value_name = "表头=字段")]
        map: Vec<String>,
        /// 只写月份的完成时限（如“4月末前”）所属的年份；默认取台账标题中的年份
        #[arg(long)]
        year: Option<i32>,
        /// 对已导入过的文件：按本次的 --year / --map 重新读取，替换该台账的读取结果（可撤销）
        #[arg(long)]
        reimport: bool,
    },
    /// 列出所有台账
    Ledgers,
    /// 列出台账中的全部任务
    Tasks {
        /// 台账编号（见 ledgers）
        ledger_id: i64,
    },
    /// 修改任务的状态、填报内容，或更正工作措施、完成时限（必须指明要改什么）
    Edit(EditArgs),
    /// 为任务指定牵头单位、配合单位（适用于表中没有单位列的台账）
    Assign(AssignArgs),
    /// 设置台账的报送周期，例如“每月10日和25日”“每季度结束后5个工作日内”
    Schedule {
        /// 台账编号
        ledger_id: i64,
        /// 报送周期
        rule: String,
    },
    /// 报送期次
    #[command(subcommand)]
    Round(RoundCommand),
    /// 列出台账的报送期次
    Rounds {
        /// 台账编号
        ledger_id: i64,
    },
    /// 为某一期导出各单位的报送表（每个单位一个 .xlsx）
    ExportUnits {
        /// 期次编号
        round_id: i64,
        /// 输出文件夹
        #[arg(long)]
        out: PathBuf,
    },
    /// 收取各单位报回的文件：Excel 表格（.xlsx/.xls）或 Word 文档（.docx），可给多个文件、文件夹或附件压缩包（.zip）
    Collect {
        /// 期次编号
        round_id: i64,
        /// 报回的文件、存放报回文件的文件夹或压缩包
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 这些文件是哪个单位报送的（单位名称或别名）；不写则按文件中的标识、“填报单位”一行、文件名或内容判断
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
    },
    /// 把报送单位加为它报送了、但未分配给它的任务的责任单位（报送编号见 collect 的结果）
    AssignReported {
        /// 报送编号（collect --json 的 return_id）
        return_id: i64,
    },
    /// 查看某一期的报送情况和催报文字
    Status {
        /// 期次编号
        round_id: i64,
    },
    /// 导出汇总台账（上报用）
    Consolidate {
        /// 台账编号
        ledger_id: i64,
        /// 只汇总这一期的报送（默认汇总各单位最新一次报送，“本期是否报送”按最近一期）
        #[arg(long)]
        round: Option<i64>,
        /// 输出文件（.xlsx）
        #[arg(long)]
        out: PathBuf,
        /// 输出文件已存在时覆盖它（默认不覆盖）
        #[arg(long)]
        force: bool,
    },
    /// 生成某一期的工作进展情况报告（.docx 草稿）
    Report {
        /// 期次编号
        round_id: i64,
        /// 输出文件（.docx）
        #[arg(long)]
        out: PathBuf,
        /// 文件已存在时替换它
        #[arg(long)]
        force: bool,
    },
    /// 考核：各单位得分、排名和每一分的来由；可同时生成考核通报（.docx）
    Scores(ScoresArgs),
    /// 查看或修改考核计分规则（不带参数时列出规则和默认值）
    Rules(RulesArgs),
    /// 查看或修改报告、通报的文字模板（占位符如 {已完成} 会换成数字）
    Wording(WordingArgs),
    /// 列出台账的量化指标：目标、实际完成值、是否达标
    Indicators {
        /// 台账编号
        ledger_id: i64,
        /// 只看这一期报送的实际完成值（默认各单位最新一次报送）
        #[arg(long)]
        round: Option<i64>,
    },
    /// 更正量化指标
    #[command(subcommand)]
    Indicator(IndicatorCommand),
    /// 查看修改记录（最新的在前）
    History,
    /// 撤销最近一次操作
    Undo,
    /// 备份数据库：指定文件则备份到该文件，否则备份到数据库旁的 backups 文件夹
    Backup {
        /// 备份文件（.db）
        file: Option<PathBuf>,
        /// 备份文件已存在时替换它（默认不替换）
        #[arg(long, requires = "file")]
        force: bool,
    },
    /// 列出数据库的备份（最新的在前）
    Backups,
    /// 从备份恢复数据库（恢复前会先备份当前数据库）
    Restore {
        /// 备份文件（.db）
        #[arg(required_unless_present = "latest", conflicts_with = "latest")]
        file: Option<PathBuf>,
        /// 恢复最近一次完好的备份
        #[arg(long)]
        latest: bool,
    },
}

#[derive(Debug, Args)]
struct AssignArgs {
    /// 台账编号
    ledger_id: i64,
    /// 按类别选择任务（该类别下的全部任务），例如“提高信用贷款占比”
    #[arg(long, conflicts_with = "task", required_unless_present = "task")]
    category: Option<String>,
    /// 只选这个工作表中的任务
    #[arg(long, requires = "category")]
    sheet: Option<String>,
    /// 按任务编号选择（可重复）
    #[arg(long)]
    task: Vec<i64>,
    /// 牵头单位（多个用“、”分隔）
    #[arg(long, default_value = "")]
    lead: String,
    /// 配合单位（多个用“、”分隔）
    #[arg(long, default_value = "")]
    co: String,
}

#[derive(Debug, Args)]
struct EditArgs {
    /// 任务编号（见 tasks --json 的 task_id）
    task_id: i64,
    /// 新状态：已完成、推进中、未启动、长期坚持
    #[arg(long, conflicts_with_all = ["column", "value", "measure", "deadline", "clear_status"])]
    status: Option<String>,
    /// 清除任务的状态
    #[arg(long, conflicts_with_all = ["column", "value", "measure", "deadline", "lead", "co"])]
    clear_status: bool,
    /// 更正工作措施的文字
    #[arg(long, conflicts_with_all = ["column", "value", "deadline"])]
    measure: Option<String>,
    /// 更正完成时限，如“2024年底前”“三年内”（按台账年份重新识别）
    #[arg(long, conflicts_with_all = ["column", "value"])]
    deadline: Option<String>,
    /// 更正牵头单位（替换原有牵头单位，多个用“、”分隔）
    #[arg(long, conflicts_with_all = ["status", "measure", "deadline", "column", "value"])]
    lead: Option<String>,
    /// 更正配合单位（替换原有配合单位，多个用“、”分隔）
    #[arg(long, conflicts_with_all = ["status", "measure", "deadline", "column", "value"])]
    co: Option<String>,
    /// 要修改的列（从 0 开始的列号）
    #[arg(long, requires = "value")]
    column: Option<u32>,
    /// 新内容
    #[arg(long)]
    value: Option<String>,
}

#[derive(Debug, Args)]
struct ScoresArgs {
    /// 台账编号
    ledger_id: i64,
    /// 只考核这一期（默认最近一期）
    #[arg(long, conflicts_with = "year")]
    round: Option<i64>,
    /// 考核这一年截止的各期
    #[arg(long)]
    year: Option<i32>,
    /// 同时生成考核通报（.docx）
    #[arg(long, value_name = "文件")]
    notice: Option<PathBuf>,
    /// 通报文件已存在时替换它
    #[arg(long, requires = "notice")]
    force: bool,
}

#[derive(Debug, Args)]
struct WordingArgs {
    /// 台账编号
    ledger_id: i64,
    /// 要修改的段落（见列表中的“键”，如 report.title）
    #[arg(long, requires = "text", conflicts_with = "reset")]
    set: Option<String>,
    /// 新的文字
    #[arg(long, requires = "set")]
    text: Option<String>,
    /// 恢复某段的默认文字
    #[arg(long)]
    reset: Option<String>,
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// 台账编号
    ledger_id: i64,
    /// 按时报送（每期）
    #[arg(long, allow_negative_numbers = true)]
    on_time: Option<f64>,
    /// 迟报（每期）
    #[arg(long, allow_negative_numbers = true)]
    late: Option<f64>,
    /// 逾期未报送（每期）
    #[arg(long, allow_negative_numbers = true)]
    missing: Option<f64>,
    /// 按期完成任务（每项）
    #[arg(long, allow_negative_numbers = true)]
    completed: Option<f64>,
    /// 逾期未完成任务（每期每项）
    #[arg(long, allow_negative_numbers = true)]
    overdue: Option<f64>,
    /// 量化指标达标（每项）
    #[arg(long, allow_negative_numbers = true)]
    target_met: Option<f64>,
    /// 量化指标未达标（每项）
    #[arg(long, allow_negative_numbers = true)]
    target_missed: Option<f64>,
    /// 表扬线：平均每期得分不低于
    #[arg(long, allow_negative_numbers = true)]
    praise_at: Option<f64>,
    /// 提醒线：平均每期得分不高于
    #[arg(long, allow_negative_numbers = true)]
    remind_at: Option<f64>,
    /// 恢复某条规则的默认值（规则的键，如 late；可重复）
    #[arg(long)]
    reset: Vec<String>,
}

impl RulesArgs {
    /// The changes asked for: (rule key, points; None = default).
    fn changes(&self) -> Vec<(String, Option<f64>)> {
        let set = [
            ("on_time", self.on_time),
            ("late", self.late),
            ("missing", self.missing),
            ("completed", self.completed),
            ("overdue", self.overdue),
            ("target_met", self.target_met),
            ("target_missed", self.target_missed),
            ("praise_at", self.praise_at),
            ("remind_at", self.remind_at),
        ];
        let mut out: Vec<(String, Option<f64>)> =
            set.into_iter().filter_map(|(k, v)| Some((k.to_string(), Some(v?)))).collect();
        out.extend(self.reset.iter().map(|k| (k.clone(), None)));
        out
    }
}

#[derive(Debug, Subcommand)]
enum IndicatorCommand {
    /// 更正识别出的指标（只改给出的项；可用 undo 撤销）
    Edit(IndicatorEditArgs),
    /// 删除误识别的指标（如补助上限，不是工作目标；可用 undo 撤销）
    Delete {
        /// 指标编号（见 indicators）
        indicator_id: i64,
    },
}

#[derive(Debug, Args)]
struct IndicatorEditArgs {
    /// 指标编号（见 indicators）
    indicator_id: i64,
    /// 指标名称
    #[arg(long)]
    metric: Option<String>,
    /// 比较方式：≥、≤ 或 =
    #[arg(long)]
    comparator: Option<String>,
    /// 目标值
    #[arg(long)]
    target: Option<f64>,
    /// 单位：亿元、万元、户、家、%、个百分点、倍 等
    #[arg(long)]
    unit: Option<String>,
    /// 基期值
    #[arg(long)]
    baseline: Option<f64>,
    /// 基期时间，如“2021年底”
    #[arg(long)]
    baseline_date: Option<String>,
    /// 期限，如“全年”“到2024年”
    #[arg(long)]
    period: Option<String>,
    /// 归到这项任务（任务编号，见 tasks --json 的 task_id）
    #[arg(long)]
    task: Option<i64>,
    /// 清空某项：baseline、baseline_date、period、task_id（可重复）
    #[arg(long)]
    clear: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum RoundCommand {
    /// 新建一期报送
    New {
        /// 台账编号
        ledger_id: i64,
        /// 期次名称，例如“第6期”“2024年第3季度”（默认按报送周期生成）
        #[arg(long)]
        label: Option<String>,
        /// 截止日期 YYYY-MM-DD（默认按报送周期和法定工作日计算）
        #[arg(long)]
        due: Option<NaiveDate>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // SQLite meeting a damaged page gives the same message as the startup check.
    let result = database(&cli).and_then(|db| run(&cli, &db).map_err(|e| service::backup::explain_damage(&db, e)));
    match result {
        Ok(code) => code,
        Err(e) => {
            output::error(&e, cli.json);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, db: &Path) -> taizhang::Result<ExitCode> {
    let out = output::Printer { json: cli.json };
    // `--today` moves due dates and lateness only; backups are named and dated by the clock.
    let now = chrono::Local::now().naive_local();
    let today = cli.today.unwrap_or(now.date());
    match &cli.command {
        Command::Backups => return backups::list(db, &out),
        Command::Restore { file, latest } => return backups::restore(db, file.as_deref(), *latest, now, &out),
        _ => {}
    }
    let mut store = service::backup::open_checked(db, now.date())?;
    if !matches!(cli.command, Command::Backup { .. }) {
        backups::daily(&store, now);
    }
    match &cli.command {
        Command::Import { path, map, year, reimport } => {
            let overrides = map.iter().map(|m| ImportOptions::parse_override(m)).collect::<Result<_, _>>()?;
            let options = ImportOptions { overrides, anchor_year: *year, reimport: *reimport };
            out.import(&service::import_ledger(&mut store, path, &options)?)
        }
        Command::Ledgers => out.ledgers(&store.read().ledgers()?),
        Command::Tasks { ledger_id } => out.tasks(&store.read().tasks(*ledger_id)?),
        Command::Edit(a) => actions::edit(&mut store, a, &out)?,
        Command::Assign(a) => {
            let selector = match &a.category {
                Some(category) => TaskSelector::Category { category: category.clone(), sheet: a.sheet.clone() },
                None => TaskSelector::Ids(a.task.clone()),
            };
            out.assigned(&service::assign_units(&mut store, a.ledger_id, &selector, &a.lead, &a.co)?)
        }
        Command::Schedule { ledger_id, rule } => out.schedule(&service::set_schedule(&mut store, *ledger_id, rule)?),
        Command::Round(RoundCommand::New { ledger_id, label, due }) => {
            out.round(&service::new_round(&mut store, *ledger_id, label.as_deref(), *due, today)?)
        }
        Command::Rounds { ledger_id } => {
            store.read().require_ledger(*ledger_id)?;
            out.rounds(&store.read().rounds(*ledger_id)?)
        }
        Command::ExportUnits { round_id, out: dir } => {
            out.exported(&service::export_unit_files(&mut store, *round_id, dir, |_, _| {})?)
        }
        Command::Collect { round_id, files, unit } => {
            return actions::collect(&mut store, *round_id, files, unit.as_deref(), &out)
        }
        Command::AssignReported { return_id } => out.adopted(&service::assign_reported_tasks(&mut store, *return_id)?),
        Command::Status { round_id } => out.status(&service::round_status(&store, *round_id, today)?),
        Command::Consolidate { ledger_id, round, out: file, force } => {
            let overwrite = Overwrite::from_force(*force);
            out.consolidated(&service::consolidate(&store, *ledger_id, *round, file, today, overwrite)?)
        }
        Command::Report { round_id, out: file, force } => {
            out.report_written(&service::write_report(&store, *round_id, file, today, Overwrite::from_force(*force))?)
        }
        Command::Scores(a) => actions::scores(&store, a, today, &out)?,
        Command::Rules(a) => actions::rules(&mut store, a, &out)?,
        Command::Wording(a) => actions::wording(&mut store, a, &out)?,
        Command::Indicators { ledger_id, round } => {
            out.indicators(&service::indicator_statuses(&store, *ledger_id, *round)?)
        }
        Command::Indicator(IndicatorCommand::Edit(a)) => {
            out.indicator_edited(service::edit_indicator(&mut store, a.indicator_id, &a.edit(), actions::SOURCE)?)
        }
        Command::Indicator(IndicatorCommand::Delete { indicator_id }) => {
            let edit = IndicatorEdit { removed: Some(true), ..Default::default() };
            out.indicator_edited(service::edit_indicator(&mut store, *indicator_id, &edit, actions::SOURCE)?)
        }
        Command::History => out.history(&store.read().history()?),
        Command::Undo => out.undo(&service::undo_last(&mut store)?),
        Command::Backup { file, force } => backups::backup(&store, file.as_deref(), *force, now, &out)?,
        Command::Backups | Command::Restore { .. } => {} // handled before the database is opened
    }
    Ok(ExitCode::SUCCESS)
}

/// The database named by `--db` or `TAIZHANG_DB`, else [`data_dir::cli_default_database`], whose
/// folder is created on first use (on Windows it is the app's data folder).
fn database(cli: &Cli) -> taizhang::Result<PathBuf> {
    if let Some(db) = &cli.db {
        return Ok(db.clone());
    }
    let db = data_dir::cli_default_database();
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| taizhang::Error::io(dir, e))?;
    }
    Ok(db)
}
