//! The app's state: the one open [`Store`], shared by every command behind a mutex, and the
//! folders the app reads from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;
use taizhang::service::backup;
use taizhang::store::Store;
use taizhang::Error;
use tauri::{AppHandle, Manager};

// The data folder and the database file's name in it, shared with the CLI: the platform's
// app-data folder, or $TAIZHANG_DATA_DIR (the end-to-end tests give each run a fresh one).
use taizhang::data_dir::{self, DB_FILE};

/// The shared handle on the open database.
type SharedStore = Arc<Mutex<Store>>;

/// What the startup check found wrong with the database, for the UI's recovery dialog.
#[derive(Debug, Clone, Serialize)]
pub struct Damaged {
    /// The Chinese explanation, naming the file and the newest good backup.
    pub message: String,
    /// The newest backup that passed its check, if any.
    pub latest_backup: Option<String>,
    /// When that backup was made (`YYYY-MM-DD HH:MM`).
    pub latest_backup_time: Option<String>,
}

/// What every command can reach.
pub struct AppState {
    /// The open store, or why it could not be opened; replaced after a restore.
    store: RwLock<Result<SharedStore, String>>,
    /// Set when the startup check found the database damaged (cleared by a restore).
    damaged: RwLock<Option<Damaged>>,
    /// A problem that does not stop work, e.g. the daily backup could not be written.
    pub startup_warning: Option<String>,
    /// The database file.
    pub db_path: PathBuf,
    /// The bundled sample ledgers.
    pub templates_dir: PathBuf,
}

impl AppState {
    /// Opens (creating on first start) `<data dir>/taizhang.db` after the startup check, then
    /// makes the day's backup. A failure is kept and returned by every command, so the window
    /// still opens and shows the reason in Chinese (and, for a damaged file, offers a backup).
    pub fn open(app: &AppHandle) -> AppState {
        let data_dir = data_dir::app_data_dir().ok_or_else(|| "找不到本机的应用数据文件夹。".to_string());
        let templates_dir = templates_dir(app);
        let db_path = match data_dir {
            Ok(dir) => dir.join(DB_FILE),
            Err(e) => {
                return AppState {
                    store: RwLock::new(Err(e)),
                    damaged: RwLock::new(None),
                    startup_warning: None,
                    db_path: PathBuf::new(),
                    templates_dir,
                }
            }
        };
        let mut damaged = None;
        let mut startup_warning = None;
        let store = match backup::open_checked(&db_path, chrono::Local::now().date_naive()) {
            Ok(store) => {
                if let Err(e) = backup::daily_backup(&store, chrono::Local::now().naive_local()) {
                    startup_warning = Some(format!("今天的自动备份没有完成：{e}"));
                }
                Ok(Arc::new(Mutex::new(store)))
            }
            Err(e) => {
                if let Error::DatabaseDamaged { latest_backup, .. } = &e {
                    damaged = Some(Damaged {
                        message: e.to_string(),
                        latest_backup: latest_backup.as_ref().map(|(path, _)| path.display().to_string()),
                        latest_backup_time: latest_backup
                            .as_ref()
                            .map(|(_, at)| at.format("%Y-%m-%d %H:%M").to_string()),
                    });
                }
                Err(e.to_string())
            }
        };
        AppState { store: RwLock::new(store), damaged: RwLock::new(damaged), startup_warning, db_path, templates_dir }
    }

    /// The store, or the reason it could not be opened.
    pub fn store(&self) -> Result<SharedStore, String> {
        self.store.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Why the store could not be opened at startup, if it could not (and has not been restored
    /// since).
    pub fn open_error(&self) -> Option<String> {
        self.store().err()
    }

    /// The startup check's finding, while the database is still damaged.
    pub fn damaged(&self) -> Option<Damaged> {
        self.damaged.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// After a restore of a file that could not be opened: opens it again and forgets the damage.
    pub fn reopen(&self) -> Result<(), String> {
        let store =
            backup::open_checked(&self.db_path, chrono::Local::now().date_naive()).map_err(|e| e.to_string())?;
        *self.store.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Ok(Arc::new(Mutex::new(store)));
        *self.damaged.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        Ok(())
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
    blocking(move || {
        // A panic inside a write leaves no half-done transaction (it rolls back on drop), so a
        // poisoned lock is safe to take over.
        let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // SQLite meeting a damaged page gives the same message as the startup check.
        f(&mut guard).map_err(|e| backup::explain_damage(guard.path(), e).to_string())
    })
    .await
}

/// Runs `f` on a blocking worker thread (file copies, integrity checks, SQLite), so the window
/// never waits on it; what it freed goes back to the system soon after.
pub async fn blocking<T, F>(f: F) -> Result<T, String>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, String> + Send + 'static,
{
    let result = tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| format!("内部错误：后台任务异常结束（{e}）。请重试；如果问题持续，请重启台账通。"))?;
    crate::memory::trim_soon();
    result
}
