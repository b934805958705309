//! `taizhang`: the command-line front end of the ledger engine. Every command prints a readable
//! Chinese table, or JSON with the global `--json` flag; errors go to stderr with exit code 1.

mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use taizhang::service::{self, ImportOptions};
use taizhang::store::Store;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 导入台账表格（.xlsx / .xls）
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
    /// 查看修改记录（最新的在前）
    History,
    /// 撤销最近一次操作
    Undo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e, cli.json);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> taizhang::Result<()> {
    let mut store = Store::open(&cli.db)?;
    let out = output::Printer { json: cli.json };
    match &cli.command {
        Command::Import { path, map, year } => {
            let overrides = map.iter().map(|m| ImportOptions::parse_override(m)).collect::<Result<_, _>>()?;
            let options = ImportOptions { overrides, anchor_year: *year };
            out.import(&service::import_ledger(&mut store, path, &options)?)
        }
        Command::Ledgers => out.ledgers(&store.read().ledgers()?),
        Command::Tasks { ledger_id } => out.tasks(&store.read().tasks(*ledger_id)?),
        Command::History => out.history(&store.read().history()?),
        Command::Undo => out.undo(&service::undo_last(&mut store)?),
    }
    Ok(())
}
