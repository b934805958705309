//! `taizhang`: the command-line front end of the ledger engine. Every command prints a readable
//! Chinese table, or JSON with the global `--json` flag; errors go to stderr with exit code 1.

mod backups;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use taizhang::service::{self, ImportOptions, IndicatorEdit, Outcome, Overwrite, TaskEdit, TaskSelector};

/// 台账通命令行：导入台账、查看任务。
#[derive(Debug, Parser)]
#[command(name = "taizhang", version, about, long_about = None)]
struct Cli {
    /// 数据库文件（默认读取环境变量 TAIZHANG_DB，否则为当前目录下的 taizhang.db）
    #[arg(long, global = true, env = "TAIZHANG_DB", default_value = "taizhang.db")]
    db: PathBuf,
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
    },
    /// 列出所有台账
    Ledgers,
    /// 列出台账中的全部任务
    Tasks {
        /// 台账编号（见 ledgers）
        ledger_id: i64,
    },
    /// 修改任务的状态、填报内容，或更正工作措施、完成时限（必须指明要改什么）
    Edit {
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
    },
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
    /// 收取各单位报回的表格（可一次收取多个文件）
    Collect {
        /// 期次编号
        round_id: i64,
        /// 报回的文件
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
    match run(&cli).map_err(|e| service::backup::explain_damage(&cli.db, e)) {
        Ok(code) => code,
        Err(e) => {
            output::error(&e, cli.json);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> taizhang::Result<ExitCode> {
    let out = output::Printer { json: cli.json };
    // `--today` moves due dates and lateness only; backups are named and dated by the clock.
    let now = chrono::Local::now().naive_local();
    let today = cli.today.unwrap_or(now.date());
    match &cli.command {
        Command::Backups => return backups::list(&cli.db, &out),
        Command::Restore { file, latest } => return backups::restore(&cli.db, file.as_deref(), *latest, now, &out),
        _ => {}
    }
    let mut store = service::backup::open_checked(&cli.db, now.date())?;
    if !matches!(cli.command, Command::Backup { .. }) {
        backups::daily(&store, now);
    }
    match &cli.command {
        Command::Import { path, map, year } => {
            let overrides = map.iter().map(|m| ImportOptions::parse_override(m)).collect::<Result<_, _>>()?;
            let options = ImportOptions { overrides, anchor_year: *year };
            out.import(&service::import_ledger(&mut store, path, &options)?)
        }
        Command::Ledgers => out.ledgers(&store.read().ledgers()?),
        Command::Tasks { ledger_id } => out.tasks(&store.read().tasks(*ledger_id)?),
        Command::Edit { task_id, lead, co, .. } if lead.is_some() || co.is_some() => {
            let report =
                service::replace_task_units(&mut store, *task_id, lead.as_deref(), co.as_deref(), "命令行修改")?;
            out.assigned(&report)
        }
        Command::Edit { task_id, status, clear_status, measure, deadline, column, value, .. } => {
            let edit = match (column, value) {
                (Some(column), Some(value)) => TaskEdit::Cell { column: *column, value: value.clone() },
                _ if measure.is_some() => TaskEdit::Measure { text: measure.clone().unwrap_or_default() },
                _ if deadline.is_some() => TaskEdit::Deadline { text: deadline.clone().unwrap_or_default() },
                _ if status.is_some() || *clear_status => TaskEdit::Status { status: status.clone() },
                _ => return Err(taizhang::Error::BadEdit(
                    "没有指定要修改的内容，未做任何修改。请用 --status 状态、--clear-status、--measure 文字、--deadline 文字、--lead/--co 单位，或 --column 列号 --value 内容 指明要改什么。".into(),
                )),
            };
            out.edited(service::edit_task(&mut store, *task_id, &edit, "命令行修改")?)
        }
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
        Command::Collect { round_id, files } => {
            let reports = service::collect_returns(&mut store, *round_id, files, |_, _| {})?;
            out.collected(&reports);
            let failed = reports.iter().find(|r| r.outcome == Outcome::Failed);
            if let Some(failed) = failed {
                output::error_message(&format!("收取“{}”时出错：{}", failed.file, failed.message), cli.json);
            }
            if failed.is_some() || reports.iter().all(|r| r.outcome == Outcome::Unreadable) {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Status { round_id } => out.status(&service::round_status(&store, *round_id, today)?),
        Command::Consolidate { ledger_id, round, out: file, force } => {
            let overwrite = if *force { Overwrite::Confirmed } else { Overwrite::Refuse };
            out.consolidated(&service::consolidate(&store, *ledger_id, *round, file, today, overwrite)?)
        }
        Command::Indicators { ledger_id, round } => {
            out.indicators(&service::indicator_statuses(&store, *ledger_id, *round)?)
        }
        Command::Indicator(IndicatorCommand::Edit(a)) => {
            let edit = IndicatorEdit {
                metric: a.metric.clone(),
                comparator: a.comparator.clone(),
                target: a.target,
                unit: a.unit.clone(),
                baseline: a.baseline,
                baseline_date: a.baseline_date.clone(),
                period: a.period.clone(),
                task_id: a.task,
                clear: a.clear.clone(),
                removed: None,
            };
            out.indicator_edited(service::edit_indicator(&mut store, a.indicator_id, &edit, "命令行修改")?)
        }
        Command::Indicator(IndicatorCommand::Delete { indicator_id }) => {
            let edit = IndicatorEdit { removed: Some(true), ..Default::default() };
            out.indicator_edited(service::edit_indicator(&mut store, *indicator_id, &edit, "命令行修改")?)
        }
        Command::History => out.history(&store.read().history()?),
        Command::Undo => out.undo(&service::undo_last(&mut store)?),
        Command::Backup { file } => backups::backup(&store, file.as_deref(), now, &out)?,
        Command::Backups | Command::Restore { .. } => {} // handled before the database is opened
    }
    Ok(ExitCode::SUCCESS)
}
