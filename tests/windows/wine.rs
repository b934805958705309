//! Running the Windows build of 台账通 under Wine, for the tests in tests/windows_*.rs.
//!
//! The programs come from `bash scripts/build-windows.sh`: the release `taizhang.exe` and app as
//! shipped (stripped, in `target/windows/台账通/`) and the installer; scripts/test.sh runs it and
//! installs wine before the tests.
//! Nothing here skips: a missing wine, mingw or build fails the test with what to run.
//!
//! One Wine prefix serves every test (`target/tmp/wine/prefix`, made on first use with
//! `wineboot -i`). Wine 8 lacks `bcryptprimitives.dll`, which Rust's std calls for randomness
//! (`ProcessPrng`, present on Windows 10 and later), so the prefix gets a stub built here from
//! tests/windows/bcryptprimitives.c; it is never shipped. tests/windows/hold_open.c becomes
//! `hold_open.exe`, which holds a file open the way Excel does.
#![allow(dead_code)] // each test binary uses a different subset

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::OnceLock;

/// The cargo target folder (the parent of `CARGO_TARGET_TMPDIR`).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("target dir").to_path_buf()
}

/// Where this module builds its helpers and keeps the prefix.
fn work_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine")
}

/// A file as shipped (`taizhang.exe`, `taizhang-app.exe`, `WebView2Loader.dll`): from the folder
/// that `build-windows.sh` packs into the installer and the portable zip.
pub fn shipped(name: &str) -> PathBuf {
    let path = target_dir().join("windows/台账通").join(name);
    assert!(path.is_file(), "{} is missing: run `bash scripts/build-windows.sh` first", path.display());
    path
}

/// The file `build-windows.sh` wrote into `target/windows/` whose name ends with `suffix`.
pub fn package(suffix: &str) -> PathBuf {
    let dir = target_dir().join("windows");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}: run `bash scripts/build-windows.sh` first", dir.display()))
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(suffix)))
        .unwrap_or_else(|| panic!("no *{suffix} in {}: run `bash scripts/build-windows.sh` first", dir.display()))
}

/// The Wine prefix, set up once per test binary: created if missing, the stub DLL in place.
pub fn prefix() -> &'static Path {
    static PREFIX: OnceLock<PathBuf> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let prefix = work_dir().join("prefix");
        let system32 = prefix.join("drive_c/windows/system32");
        if !system32.join("kernel32.dll").is_file() {
            std::fs::create_dir_all(&prefix).expect("create the prefix folder");
            let out = wine_command(&prefix, "wineboot")
                .arg("-i")
                .output()
                .expect("wineboot: install wine (apt-get install wine)");
            assert!(out.status.success(), "wineboot -i failed: {}", String::from_utf8_lossy(&out.stderr));
            chinese_fonts(&prefix);
            wait_for_wineserver(&prefix);
        }
        let stub = mingw("bcryptprimitives.dll", &["-shared"], &["-ladvapi32"]);
        std::fs::copy(stub, system32.join("bcryptprimitives.dll")).expect("install the stub DLL");
        prefix
    })
}

/// Makes Chinese text readable in screenshots: a fresh prefix has no Chinese fonts, so the
/// dialog fonts (Tahoma, MS Shell Dlg, 宋体 of NSIS's Chinese pages) fall back to Noto Sans CJK
/// (Debian's fonts-noto-cjk). Windows has its own Chinese fonts; this is for the tests only.
fn chinese_fonts(prefix: &Path) {
    let link = r"HKLM\Software\Microsoft\Windows NT\CurrentVersion\FontLink\SystemLink";
    let replace = r"HKCU\Software\Wine\Fonts\Replacements";
    for font in ["Tahoma", "Microsoft Sans Serif", "MS Shell Dlg", "MS Shell Dlg 2"] {
        let data = "NotoSansCJK-Regular.ttc,Noto Sans CJK SC";
        reg_add(prefix, &[link, "/v", font, "/t", "REG_MULTI_SZ", "/d", data]);
    }
    for font in ["宋体", "SimSun", "微软雅黑", "Microsoft YaHei"] {
        reg_add(prefix, &[replace, "/v", font, "/t", "REG_SZ", "/d", "Noto Sans CJK SC"]);
    }
}

fn reg_add(prefix: &Path, args: &[&str]) {
    let out = wine_command(prefix, "wine").args(["reg", "add"]).args(args).arg("/f").output().expect("wine reg");
    assert!(out.status.success(), "reg add {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `hold_open.exe`, built once.
pub fn hold_open_exe() -> &'static Path {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| mingw("hold_open.exe", &["-municode"], &[]))
}

/// Compiles tests/windows/<stem>.c into `out` with mingw-w64.
fn mingw(out: &str, flags: &[&str], libs: &[&str]) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/windows").join(Path::new(out).with_extension("c"));
    std::fs::create_dir_all(work_dir()).expect("work dir");
    let target = work_dir().join(out);
    let status = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-O2", "-s"])
        .args(flags)
        .arg("-o")
        .arg(&target)
        .arg(&source)
        .args(libs)
        .status()
        .expect("x86_64-w64-mingw32-gcc: install gcc-mingw-w64-x86-64");
    assert!(status.success(), "mingw could not build {}", source.display());
    target
}

/// `program` (wine, wineboot, wineserver) with the environment every test uses: the prefix, no
/// debug chatter, no menu entries or Mono/Gecko prompts, UTF-8 file names, no display.
fn wine_command(prefix: &Path, program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "winemenubuilder.exe=d;mscoree=d;mshtml=d")
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("TAIZHANG_DB")
        .env_remove("TAIZHANG_DATA_DIR");
    cmd
}

/// `wine <exe>` in the shared prefix.
pub fn wine(exe: &Path) -> Command {
    let mut cmd = wine_command(prefix(), "wine");
    cmd.arg(exe);
    cmd
}

/// Waits until every Wine process of the prefix has ended (`wineserver -w`).
pub fn wait_for_wineserver(prefix: &Path) {
    let _ = wine_command(prefix, "wineserver").arg("-w").status();
}

/// Runs the Windows `taizhang.exe` with `args`, in `cwd`.
pub fn taizhang(cwd: &Path, args: &[&str]) -> Output {
    wine(&shipped("taizhang.exe")).args(args).current_dir(cwd).output().expect("run wine")
}

/// Its stdout as JSON, after checking it succeeded.
pub fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "exit {:?}, stderr: {}", out.status.code(), stderr(out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Its stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A Linux path as Wine names it on drive Z: (`Z:\tmp\…`), with `\`.
pub fn win_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).expect("absolute path");
    format!("Z:{}", absolute.display()).replace('/', "\\")
}

/// The same on Z: with `/` (`Z:/tmp/…`), which Windows accepts too.
pub fn win_path_slashes(path: &Path) -> String {
    win_path(path).replace('\\', "/")
}

/// The Linux path of a Windows path inside the prefix (`C:\users\…` → `<prefix>/drive_c/users/…`).
pub fn unix_path(windows: &str) -> PathBuf {
    let rest = windows.strip_prefix("C:\\").or_else(|| windows.strip_prefix("c:\\")).expect("a path on C:");
    rest.split('\\').fold(prefix().join("drive_c"), |p, part| p.join(part))
}

/// A Windows environment variable as Wine's `cmd` sees it (`APPDATA`, `LOCALAPPDATA`, …).
pub fn windows_env(name: &str) -> String {
    let out =
        wine_command(prefix(), "wine").args(["cmd", "/c", &format!("echo %{name}%")]).output().expect("run wine cmd");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A Windows program holding a file open without sharing writes, as Excel or WPS does; the file
/// is released when this is dropped.
pub struct HeldOpen {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl HeldOpen {
    /// Opens `file` in `hold_open.exe` and waits until it holds it.
    pub fn new(file: &Path) -> HeldOpen {
        let mut child = wine(hold_open_exe())
            .arg(win_path(file))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start hold_open.exe");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read hold_open.exe");
        assert_eq!(line.trim(), "holding", "hold_open.exe could not open {}", file.display());
        let stdin = child.stdin.take();
        HeldOpen { child, stdin }
    }
}

impl Drop for HeldOpen {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.flush();
        }
        let _ = self.child.wait();
    }
}
