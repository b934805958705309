//! Where the database lives when no file is named: the desktop app's data folder, shared with
//! the command-line tool that the Windows installer puts beside the app.

use std::path::PathBuf;

/// The app's identifier (`identifier` in src-tauri/tauri.conf.json): the name of its data folder,
/// `%APPDATA%\cn.taizhang.app` on Windows and `~/.local/share/cn.taizhang.app` on Linux.
pub const APP_IDENTIFIER: &str = "cn.taizhang.app";

/// Set this to keep the database in another folder than the app-data one (the app everywhere,
/// the command-line tool on Windows).
pub const DATA_DIR_ENV: &str = "TAIZHANG_DATA_DIR";

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "taizhang.db";

/// The command-line tool's database when neither `--db` nor `TAIZHANG_DB` names one. On Windows
/// it is the app's: `%TAIZHANG_DATA_DIR%\taizhang.db`, else `%APPDATA%\cn.taizhang.app\taizhang.db`,
/// so a clerk running the installed `taizhang.exe` sees the ledgers of the app. Elsewhere, where
/// the command-line tool is a developer's and script's tool, it is `./taizhang.db`.
pub fn cli_default_database() -> PathBuf {
    #[cfg(windows)]
    if let Some(dir) = app_data_dir() {
        return dir.join(DB_FILE);
    }
    PathBuf::from(DB_FILE)
}

/// The app's data folder: `TAIZHANG_DATA_DIR` when set, else the platform's roaming app-data
/// folder joined with [`APP_IDENTIFIER`] (the folder Tauri's `app_data_dir` gives).
pub fn app_data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifier_is_the_apps() {
        let conf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/tauri.conf.json"))
            .expect("tauri.conf.json");
        let conf: serde_json::Value = serde_json::from_str(&conf).expect("JSON");
        assert_eq!(conf["identifier"], APP_IDENTIFIER);
    }

    #[cfg(not(windows))]
    #[test]
    fn elsewhere_the_cli_keeps_its_database_in_the_current_folder() {
        assert_eq!(cli_default_database(), PathBuf::from("taizhang.db"));
    }
}
