//! The Windows installer (target/windows/台账通_<version>_x64-setup.exe from
//! scripts/build-windows.sh) installed and uninstalled silently under Wine, as an IT department
//! would: `setup.exe /S`, then the uninstaller with `/S`, and once more with `/DELETEDATA`.
//! Fails, never skips, when wine or the installer is missing (see tests/windows/wine.rs).

#[path = "windows/wine.rs"]
mod wine;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use wine::{json, unix_path, win_path, windows_env};

const UNINSTALL_KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.taizhang.app";

/// The files the installer puts into its folder, besides the uninstaller.
fn staged_files() -> Vec<(String, PathBuf)> {
    let stage = wine::target_dir().join("windows/台账通");
    let mut files = Vec::new();
    for name in ["taizhang-app.exe", "taizhang.exe", "WebView2Loader.dll"] {
        files.push((name.to_string(), stage.join(name)));
    }
    for entry in std::fs::read_dir(stage.join("templates")).expect("staged templates") {
        let path = entry.expect("entry").path();
        files.push((format!("templates/{}", path.file_name().expect("name").to_string_lossy()), path));
    }
    assert!(files.len() >= 8, "{files:?}");
    files
}

/// The registry key as `reg export` writes it (UTF-16, so Chinese values survive, unlike the
/// console output of `reg query`), or None when the key does not exist.
fn registry(key: &str) -> Option<String> {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let file = dir.path().join("key.reg");
    let out = wine::wine(Path::new("reg")).args(["export", key, &win_path(&file), "/y"]).output().expect("wine reg");
    if !out.status.success() {
        return None;
    }
    let bytes = std::fs::read(&file).expect("exported key");
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
    Some(String::from_utf16_lossy(&units))
}

/// Runs an installer or uninstaller with `args` and waits for every process it started.
fn run_silently(exe: &Path, args: &[&str]) {
    let out = wine::wine(exe).args(args).output().expect("run under wine");
    assert!(out.status.success(), "{} {args:?}: exit {:?} {}", exe.display(), out.status.code(), wine::stderr(&out));
    wine::wait_for_wineserver(wine::prefix());
}

/// Waits (at most a minute) until `path` is gone: the NSIS uninstaller runs from a copy of itself.
fn wait_until_gone(path: &Path) -> bool {
    let start = Instant::now();
    while path.exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(200));
    }
    !path.exists()
}

#[test]
fn the_installer_installs_and_uninstalls_silently_keeping_the_data_unless_asked() {
    let setup = wine::package("_x64-setup.exe");
    let (local, roaming, profile) = (windows_env("LOCALAPPDATA"), windows_env("APPDATA"), windows_env("USERPROFILE"));
    let install_dir = unix_path(&format!(r"{local}\Programs\台账通"));
    let data_dir = unix_path(&format!(r"{roaming}\cn.taizhang.app"));
    let start_menu = unix_path(&format!(r"{roaming}\Microsoft\Windows\Start Menu\Programs\台账通.lnk"));
    let desktop = unix_path(&format!(r"{profile}\Desktop\台账通.lnk"));
    for leftover in [&install_dir, &data_dir] {
        let _ = std::fs::remove_dir_all(leftover);
    }

    run_silently(&setup, &["/S"]);
    for (name, staged) in staged_files() {
        let installed = install_dir.join(&name);
        assert!(installed.is_file(), "{name} installed into {}", install_dir.display());
        assert_eq!(std::fs::read(&installed).expect("read"), std::fs::read(&staged).expect("read"), "{name}");
    }
    let uninstaller = install_dir.join("uninstall.exe");
    assert!(uninstaller.is_file());
    assert!(start_menu.is_file() && desktop.is_file(), "shortcuts named 台账通");
    let key = registry(UNINSTALL_KEY).expect("listed in 应用和功能");
    assert!(key.contains(r#""DisplayName"="台账通""#), "{key}");
    assert!(key.contains(r#""UninstallString"="\"C:\\users\\"#) && key.contains(r"台账通\\uninstall.exe"), "{key}");
    assert!(key.contains(r#""EstimatedSize"=dword:"#), "{key}");

    // The installed command-line tool works, on the app's database.
    let template = std::fs::read_dir(install_dir.join("templates"))
        .expect("templates")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("济源")))
        .expect("济源 sample installed");
    let imported = wine::wine(&install_dir.join("taizhang.exe"))
        .args(["--json", "import", &win_path(&template)])
        .output()
        .expect("run");
    assert_eq!(json(&imported)["task_count"], 33);
    assert!(data_dir.join("taizhang.db").is_file());

    // Uninstalled: its files, shortcuts and entry gone; the clerk's data kept.
    run_silently(&uninstaller, &["/S"]);
    assert!(wait_until_gone(&install_dir), "{} removed", install_dir.display());
    assert!(!start_menu.exists() && !desktop.exists(), "shortcuts removed");
    assert!(registry(UNINSTALL_KEY).is_none(), "no longer in 应用和功能");
    assert!(data_dir.join("taizhang.db").is_file(), "the data folder is kept");

    // Installed again, it finds the same ledgers; uninstalled with /DELETEDATA, the data goes too.
    run_silently(&setup, &["/S"]);
    let ledgers = wine::wine(&install_dir.join("taizhang.exe")).args(["--json", "ledgers"]).output().expect("run");
    assert_eq!(json(&ledgers).as_array().map(Vec::len), Some(1));
    run_silently(&install_dir.join("uninstall.exe"), &["/S", "/DELETEDATA"]);
    assert!(wait_until_gone(&install_dir));
    assert!(wait_until_gone(&data_dir), "the data folder is removed when asked");
}
