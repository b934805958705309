//! The one error type of the core. Every message is written for the clerk: in Chinese, naming
//! the file (and sheet and row where known) and saying what to do.

use std::path::{Path, PathBuf};

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
    /// A report wording or scoring rule that cannot be saved.
    #[error("无法保存设置：{0}")]
    BadSetting(String),
    /// A ledger without rounds asked for a report or scores.
    #[error("台账“{0}”还没有报送期次，无法生成报告或考核。请先在“报送”中新建期次并收取各单位报送。")]
    NoRounds(String),
    /// Nothing left to undo.
    #[error("没有可以撤销的操作。")]
    NothingToUndo,
    /// The operation the clerk confirmed undoing is no longer the newest one.
    #[error("您确认撤销的操作已不是最近一次操作（最近一次是“{newest}”），未撤销任何内容。请重新点击“撤销”，确认要撤销的是哪一项。")]
    UndoStale {
        /// The summary of the operation that is now the newest.
        newest: String,
    },
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
    Sql(#[source] rusqlite::Error),
    /// The disk is full (SQLITE_FULL / ENOSPC): the operation was rolled back whole.
    #[error("磁盘空间不足，无法写入{target}。未写完的内容已全部撤回，已有数据完好无损。请清理磁盘后重试。")]
    DiskFull {
        /// The file being written, quoted (“…”), or “数据库” when SQLite did not say which.
        target: String,
    },
    /// Another program holds the database's write lock (SQLITE_BUSY after the busy timeout).
    #[error("数据库正被另一个程序（另一个台账通窗口或命令）占用，本次操作未保存任何内容。请关闭其他台账通窗口或等其命令结束后重试。")]
    DatabaseBusy,
    /// The database file is damaged: found at startup, before anything was written to it.
    #[error("数据库文件“{}”已损坏，无法安全打开：{detail}。{}", .path.display(), backup_offer(.latest_backup))]
    DatabaseDamaged {
        /// The database file.
        path: PathBuf,
        /// What the check found.
        detail: String,
        /// Whether it can still be opened read-only (to look at, not to change).
        readable: bool,
        /// The newest backup that passed its own check, and when it was made.
        latest_backup: Option<(PathBuf, chrono::NaiveDateTime)>,
    },
    /// A file offered for restoring is not a sound 台账通 database.
    #[error("文件“{}”不是可用的台账通数据库备份：{detail}。未做任何修改。请选择台账通生成的备份文件（备份文件夹中的 .db 文件）。", .path.display())]
    NotABackup {
        /// The file.
        path: PathBuf,
        /// Why it was refused.
        detail: String,
    },
    /// `restore --latest` found no sound backup.
    #[error("备份文件夹“{}”中没有完好的备份，无法恢复，未做任何修改。如有其他位置保存的备份文件，请用 taizhang restore 备份文件 指定。", .dir.display())]
    NoBackup {
        /// The backups folder.
        dir: PathBuf,
    },
    /// A spreadsheet could not be written.
    #[error("无法写入文件“{}”：{detail}。该文件可能正在 Excel 或 WPS 中打开，请关闭后重试；也请确认所在文件夹存在且可写。", .path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// A re-read (`--reimport`) found other task rows than the ledger has.
    #[error("按新的读取方式，任务行与已导入的台账不一致（已导入的任务中有 {missing} 项不再是任务，另有 {extra} 行成为新任务），为免丢失已分配和已报送的内容，未做任何修改。请调整 --map 后重试；如确需按新方式读取，请先撤销原来的导入（其期次和报送会一并删除）再重新导入。")]
    ReimportMismatch {
        /// Stored tasks the new reading does not find.
        missing: usize,
        /// Rows the new reading takes as tasks that are not stored.
        extra: usize,
    },
    /// The target file exists and overwriting it was not confirmed.
    #[error("文件“{}”已存在，未覆盖，未做任何修改。如需替换它，请确认覆盖（命令行加 --force），或换一个文件名。", .path.display())]
    FileExists {
        /// The file.
        path: PathBuf,
    },
    /// The file is open in another program (Excel, WPS) that does not let it be changed: seen
    /// on Windows, see [`crate::file_in_use`]. Nothing was written to it.
    #[error("文件正在 Excel 或 WPS 中打开，请关闭后重试：“{}”。台账通没有改动这个文件。", .path.display())]
    FileInUse {
        /// The file.
        path: PathBuf,
    },
    /// No indicator with this id.
    #[error("找不到编号为 {0} 的指标，它可能已随台账一起被删除或撤销。请用 indicators 命令查看台账的指标编号。")]
    IndicatorNotFound(i64),
    /// An indicator correction that cannot be applied.
    #[error("无法修改指标：{0}")]
    BadIndicatorEdit(String),
    /// A unit name the directory does not know, where a known unit is required (`collect --unit`).
    #[error("单位名录中没有“{name}”{hint}。请写单位名录中的名称或别名（见“单位”页）。")]
    UnknownUnit {
        /// The name as given.
        name: String,
        /// The closest known name, as "（是不是“市财政局”？）", or "".
        hint: String,
    },
    /// A returned file in a format that holds no readable table (WPS's own .et/.wps, an old .doc,
    /// a PDF, a photo).
    #[error("文件“{file}”是{kind}，台账通无法从中读取填报内容。{advice}")]
    UnreadableFormat {
        /// The file's name.
        file: String,
        /// What it is ("WPS 表格文件（.et）").
        kind: String,
        /// How to get a file that can be read.
        advice: String,
    },
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        // SQLITE_IOERR_SHMSIZE: the shared-memory (-shm) file of a WAL database could not be
        // extended, which is what a full disk gives when the database is opened.
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::DiskFull
                    || f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE =>
            {
                Error::DiskFull { target: "数据库".into() }
            }
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) =>
            {
                Error::DatabaseBusy
            }
            _ => Error::Sql(e),
        }
    }
}

impl Error {
    /// An I/O error on `path`, as [`Error::DiskFull`] when the disk is full and as
    /// [`Error::FileInUse`] when another program holds the file open.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        if crate::file_in_use::held_open(&source, path) {
            Error::FileInUse { path: path.to_path_buf() }
        } else if source.kind() == std::io::ErrorKind::StorageFull {
            Error::DiskFull { target: format!("“{}”", path.display()) }
        } else {
            Error::Io { path: path.to_path_buf(), source }
        }
    }

    /// The same error, naming `path` when it is a full disk that did not say which file.
    pub fn on_file(self, path: &Path) -> Error {
        match self {
            Error::DiskFull { .. } => Error::DiskFull { target: format!("“{}”", path.display()) },
            other => other,
        }
    }
}

/// The sentence offering the newest good backup to a clerk whose database is damaged.
fn backup_offer(latest: &Option<(PathBuf, chrono::NaiveDateTime)>) -> String {
    match latest {
        Some((path, at)) => format!(
            "最近一次完好的备份是“{}”（{}）。请在“备份与恢复”中恢复该备份，或运行 taizhang restore --latest。损坏的文件会先另存一份，不会被删除。",
            path.display(),
            at.format("%Y-%m-%d %H:%M")
        ),
        None => "没有找到完好的备份。请不要删除或覆盖该文件，并联系技术人员协助修复；如在其他位置保存过备份文件，可运行 taizhang restore 备份文件 恢复。".into(),
    }
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
