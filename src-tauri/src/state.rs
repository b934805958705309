//! The app's state: the one open [`Store`], shared by every command behind a mutex, and the
//! folders the app reads from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use taizhang::store::Store;
use tauri::{AppHandle, Manager};

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "taizhang.db";

/// Set this to keep the database somewhere other than the platform's app-data folder
/// (the end-to-end tests give each run a fresh folder this way).
pub const DATA_DIR_ENV: &str = "TAIZHANG_DATA_DIR";

/// What every command can reach.
pub struct AppState {
    store: Result<Arc<Mutex<Store>>, String>,
    /// The database file.
    pub db_path: PathBuf,
    /// The bundled sample ledgers.
    pub templates_dir: PathBuf,
}

impl AppState {
    /// Opens (creating on first start) `<data dir>/taizhang.db`. A failure is kept and returned
    /// by every command, so the window still opens and shows the reason in Chinese.
    pub fn open(app: &AppHandle) -> AppState {
        let data_dir = match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
            Some(dir) => Ok(PathBuf::from(dir)),
            None => app.path().app_data_dir().map_err(|e| format!("找不到本机的应用数据文件夹（{e}）。")),
        };
        let (store, db_path) = match data_dir {
            Ok(dir) => {
                let db_path = dir.join(DB_FILE);
                let store = Store::open(&db_path).map(|s| Arc::new(Mutex::new(s))).map_err(|e| e.to_string());
                (store, db_path)
            }
            Err(e) => (Err(e), PathBuf::new()),
        };
        AppState { store, db_path, templates_dir: templates_dir(app) }
    }

    /// The store, or the reason it could not be opened.
    pub fn store(&self) -> Result<Arc<Mutex<Store>>, String> {
        self.store.clone()
    }

    /// Why the store could not be opened at startup, if it could not.
    pub fn open_error(&self) -> Option<String> {
        self.store.as_ref().err().cloned()
    }
}

/// Where the sample ledgers are: the bundle's resource folder (`templates/`, see
/// `bundle.resources` in tauri.conf.json), else `templates/` beside the executable, where
/// tauri-build copies the resources for `cargo build` (Tauri only recognises a `target/`
/// folder as a cargo output folder, not a custom CARGO_TARGET_DIR).
fn templates_dir(app: &AppHandle) -> PathBuf {
    let bundled = app.path().resource_dir().map(|d| d.join("templates")).ok();
    let beside_exe = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join("templates")));
    bundled
        .iter()
        .chain(beside_exe.iter())
        .find(|dir| dir.is_dir())
        .or(bundled.as_ref())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("templates"))
}

/// Runs `f` with the store on a blocking worker thread, so the window never waits on SQLite or
/// on reading a workbook. Errors come back as the core's Chinese message.
pub async fn with_store<T, F>(state: &AppState, f: F) -> Result<T, String>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> taizhang::Result<T> + Send + 'static,
{
    let store = state.store()?;
    tauri::async_runtime::spawn_blocking(move || {
        // A panic inside a write leaves no half-done transaction (it rolls back on drop), so a
        // poisoned lock is safe to take over.
        let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("内部错误：后台任务异常结束（{e}）。请重试；如果问题持续，请重启台账通。"))?
}
