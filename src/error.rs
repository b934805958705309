//! The one error type of the core. Every message is written for the clerk: in Chinese, naming
//! the file (and sheet and row where known) and saying what to do.

use std::path::PathBuf;

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the engine, with a message a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read from disk.
    #[error("无法读取文件“{}”：{}。请确认文件存在、未被其他程序占用后重试。", .path.display(), io_reason(.source))]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The file is empty (0 bytes).
    #[error("文件“{file}”是空文件（0 字节）。请确认选择了正确的文件，或重新从邮件/U盘中保存一份。")]
    EmptyFile {
        /// The file's name.
        file: String,
    },
    /// The file is not a spreadsheet the importer understands.
    #[error("文件“{file}”不是可识别的 Excel 表格（.xlsx / .xls）：{detail}。请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿 (.xlsx)”后再导入。")]
    NotASpreadsheet {
        /// The file's name.
        file: String,
        /// What the reader reported.
        detail: String,
    },
    /// The file is too large once unpacked, or claims to be (a zip bomb, a lying zip header, a
    /// sheet whose used area spans millions of cells).
    #[error("文件“{file}”{detail}，可能已损坏或不是台账，读取已停止。请在 Excel 或 WPS 中打开该文件，删除表格下方和右侧多余的行列后另存为“Excel 工作簿 (.xlsx)”，再导入。")]
    TooLarge {
        /// The file's name.
        file: String,
        /// Which limit it exceeds.
        detail: String,
    },
    /// The workbook is password-protected.
    #[error("文件“{file}”设置了打开密码，无法读取。请在 Excel 或 WPS 中输入密码打开，取消密码（文件 → 信息 → 保护工作簿）后另存，再导入。")]
    Encrypted {
        /// The file's name.
        file: String,
    },
    /// No worksheet holds a recognisable task table.
    #[error("文件“{file}”中没有找到任务表：{detail}。台账表头应包含“序号”和“工作措施/主要任务”等列；如果表头名称特殊，请用 --map 指定列的含义。")]
    NoTaskTable {
        /// The file's name.
        file: String,
        /// Which sheets were examined and why each was passed over.
        detail: String,
    },
    /// A worksheet could not be read.
    #[error("文件“{file}”的工作表“{sheet}”无法读取：{detail}。请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试。")]
    BadSheet {
        /// The file's name.
        file: String,
        /// The worksheet's name.
        sheet: String,
        /// What the reader reported.
        detail: String,
    },
    /// A column-mapping override could not be understood.
    #[error("列映射“{spec}”无法识别：{detail}。格式为“表头=字段”，例如 主要措施=measure；字段可选：{fields}。")]
    BadMapping {
        /// The override as given.
        spec: String,
        /// What is wrong with it.
        detail: String,
        /// The field names that are accepted.
        fields: String,
    },
    /// A ledger id that does not exist.
    #[error("找不到编号为 {0} 的台账。请先用 ledgers 命令查看已有台账的编号。")]
    LedgerNotFound(i64),
    /// A round id that does not exist.
    #[error("找不到编号为 {0} 的报送期次。请先用 rounds 命令查看台账的期次。")]
    RoundNotFound(i64),
    /// A round label used twice in one ledger.
    #[error("本台账已经有名为“{label}”的期次（编号 {round_id}）。请换一个期次名称，或直接使用已有期次。")]
    RoundExists {
        /// The label.
        label: String,
        /// The existing round.
        round_id: i64,
    },
    /// A round with no due date and no schedule to compute one.
    #[error("无法确定“{label}”的截止日期：台账还没有设置报送周期。请用 --due 指定截止日期（如 --due 2024-10-12），或先用 schedule 命令设置报送周期。")]
    NoDueDate {
        /// The round's label.
        label: String,
    },
    /// A reporting schedule that could not be understood.
    #[error("无法识别报送周期“{0}”。可以写成：每月10日和25日、每月5日前、每季度结束后5个工作日内、每季度末月28日前。")]
    BadSchedule(String),
    /// A task id that does not exist.
    #[error("找不到编号为 {0} 的任务，它可能已随台账一起被删除或撤销。请刷新后重试。")]
    TaskNotFound(i64),
    /// An edit that the task cannot take.
    #[error("无法修改任务：{0}")]
    BadEdit(String),
    /// Nothing left to undo.
    #[error("没有可以撤销的操作。")]
    NothingToUndo,
    /// The database file could not be used.
    #[error("数据库“{path}”无法使用：{detail}。请确认文件所在文件夹可写；如果文件已损坏，请从备份恢复。")]
    Database {
        /// The database file.
        path: String,
        /// The SQLite error.
        detail: String,
    },
    /// An SQL statement failed.
    #[error("数据库操作失败：{0}。本次操作未保存任何内容，请重试；如果问题持续，请从备份恢复。")]
    Sql(#[from] rusqlite::Error),
    /// A spreadsheet could not be written.
    #[error("无法写入文件“{}”：{detail}。该文件可能正在 Excel 或 WPS 中打开，请关闭后重试；也请确认所在文件夹存在且可写。", .path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
}

/// The reason of an I/O error in Chinese, for the kinds a clerk meets.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有权限（文件可能正被 Excel/WPS 打开，或位于只读位置）".into(),
        StorageFull => "磁盘空间已满".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        _ => format!("系统错误（{e}）"),
    }
}
