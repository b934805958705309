//! The Windows desktop app (`taizhang-app.exe`, release, cross-built by scripts/build-windows.sh)
//! started under Wine in a real X display (Xvfb). Wine has no WebView2 Runtime, so the app gets
//! as far as looking for it, which needs the exe, its resources and WebView2Loader.dll to load,
//! and shows its Chinese message box. The test waits for that window, takes a screenshot
//! (tests/out/windows/webview2-missing.png), checks that the installer refuses to run while it is
//! open, presses Enter, and checks the exit code and message.
//! Fails, never skips, when wine, Xvfb, xdotool or the build is missing.

#[path = "windows/wine.rs"]
mod wine;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The start of the message (src-tauri/src/webview2.rs).
const MISSING: &str = "台账通的窗口需要“Microsoft Edge WebView2 运行时”，本机没有找到它。";

/// An Xvfb server on the first free display, stopped when dropped.
struct Display {
    name: String,
    server: Child,
}

impl Display {
    fn start() -> Display {
        let number = (99..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .expect("a free display");
        let name = format!(":{number}");
        let server = Command::new("Xvfb")
            .args([name.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb: install xvfb");
        let socket = format!("/tmp/.X11-unix/X{number}");
        let start = Instant::now();
        while !Path::new(&socket).exists() {
            assert!(start.elapsed() < Duration::from_secs(10), "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Display { name, server }
    }

    /// `xdotool ARGS` on this display: its stdout, or None when it failed.
    fn xdotool(&self, args: &[&str]) -> Option<String> {
        let out =
            Command::new("xdotool").args(args).env("DISPLAY", &self.name).output().expect("xdotool: install xdotool");
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

#[test]
fn the_app_loads_under_wine_and_says_that_webview2_is_missing() {
    let app = wine::shipped("taizhang-app.exe");
    let display = Display::start();
    let mut child = wine::wine(&app)
        .env("DISPLAY", &display.name)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the app under wine");

    // The message box: a window titled 台账通 (the app has no other window without WebView2).
    let start = Instant::now();
    let window = loop {
        if let Some(id) = display.xdotool(&["search", "--onlyvisible", "--name", "^台账通$"]) {
            break id.lines().next().unwrap_or_default().to_string();
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no 台账通 window within a minute");
        assert!(child.try_wait().expect("poll").is_none(), "the app ended before showing its message");
        std::thread::sleep(Duration::from_millis(250));
    };
    std::thread::sleep(Duration::from_millis(500)); // let Wine paint the text
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/out/windows");
    std::fs::create_dir_all(&out_dir).expect("out dir");
    let shot = out_dir.join("webview2-missing.png");
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .env("DISPLAY", &display.name)
        .status()
        .expect("import: install imagemagick");
    assert!(status.success() && shot.is_file(), "screenshot");

    // While a window titled 台账通 is open, the installer does not replace the app's files: the
    // silent install stops with exit code 2 and installs nothing.
    let install_dir = wine::unix_path(&format!(r"{}\Programs\台账通", wine::windows_env("LOCALAPPDATA")));
    let _ = std::fs::remove_dir_all(&install_dir);
    let setup = wine::wine(&wine::package("_x64-setup.exe")).arg("/S").output().expect("run the installer");
    assert_eq!(setup.status.code(), Some(2), "the installer stops while the app runs");
    assert!(!install_dir.exists(), "nothing installed");

    // OK (Enter) closes it and the app ends with exit code 1, having said why on stderr too.
    display.xdotool(&["windowfocus", "--sync", &window]);
    display.xdotool(&["key", "Return"]).expect("press Enter");
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().expect("poll") {
            break status.code();
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the app did not end after OK");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut message = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut message).expect("read stderr");
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains(MISSING), "{message}");
    assert!(message.contains("taizhang.exe 不需要 WebView2"), "{message}");
}
