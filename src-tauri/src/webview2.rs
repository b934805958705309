//! On Windows the window is drawn by the Microsoft Edge WebView2 Runtime. Without it Tauri cannot
//! open a window, and a program without a console would end without a word, so the app looks for
//! the runtime first and, when it is missing, says in Chinese what to do.

/// What the clerk reads when the runtime is missing (the installer says the same).
#[cfg(windows)]
pub const MISSING: &str = "台账通的窗口需要“Microsoft Edge WebView2 运行时”，本机没有找到它。\n\n\
Windows 10 和 11 一般已经自带。如果没有：请在能上网的电脑上打开微软官网的“WebView2 下载”页面，\
下载“常青版独立安装程序 (x64)”，拷到本机运行安装，或请单位信息技术人员协助安装。\
装好后再打开台账通即可，不必重新安装台账通，台账数据不受影响。\n\n\
命令行工具 taizhang.exe 不需要 WebView2，可以照常使用。";

/// Whether the WebView2 Runtime can be used. When it cannot, [`MISSING`] (with the loader's
/// reason) is written to stderr and shown in a message box, and the answer is false.
#[cfg(windows)]
pub fn available() -> bool {
    match tauri::webview_version() {
        Ok(_) => true,
        Err(e) => {
            let text = format!("{MISSING}\n\n技术信息：{e}");
            eprintln!("{text}");
            message_box(&text);
            false
        }
    }
}

/// Elsewhere the webview is the system's (WebKitGTK on Linux), linked at build time.
#[cfg(not(windows))]
pub fn available() -> bool {
    true
}

/// A modal warning box titled 台账通, without a parent window (none is open yet).
#[cfg(windows)]
fn message_box(text: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONWARNING, MB_OK};
    let wide = |s: &str| s.encode_utf16().chain(std::iter::once(0)).collect::<Vec<u16>>();
    let (text, title) = (wide(text), wide("台账通"));
    // SAFETY: both strings are NUL-terminated UTF-16 buffers that outlive the call.
    unsafe {
        MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_OK | MB_ICONWARNING);
    }
}
