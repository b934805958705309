#!/usr/bin/env bash
# Sets up and runs every test of 台账通 on a fresh Debian/Ubuntu machine: formatting, lints, unit
# and integration tests of the whole workspace (core and desktop app), the Windows build and its
# tests under Wine (tests/windows_*.rs), the ARM64 CLI under qemu (tests/arm64_cli.rs), then the
# end-to-end tests of the real app in a real window under Xvfb (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# A fresh clone builds everything once: incremental caches would only take disk.
export CARGO_INCREMENTAL=0

# The cross builds' programs are staged (target/windows) or run in place (the ARM64 taizhang);
# their intermediate files, about 1 GB, would only crowd the disk the workspace tests need.
free_cross_build_files() {
    local target
    for target in target/x86_64-pc-windows-gnu/release target/aarch64-unknown-linux-gnu/release; do
        rm -rf "$target/deps" "$target/build" "$target/incremental" "$target/.fingerprint"
    done
}

disk_left() { echo "== 磁盘剩余 $(df -h --output=avail . | tail -n 1 | tr -d ' ')（$1）"; }

disk_left 开始
ensure_rust
# LibreOffice re-saves and renders exported files as a department would (Calc for workbooks,
# Writer for the .docx reports); openpyxl and python-docx read them back independently (and write
# the returns departments send); the fonts make Chinese render and columns measure as in Excel.
apt_install build-essential pkg-config python3 libreoffice-calc libreoffice-writer fonts-noto-cjk \
    fonts-crosextra-carlito poppler-utils
ensure_openpyxl
ensure_python_docx
# The desktop app's build needs WebKitGTK and a built UI (ui/dist is embedded at compile time).
bash scripts/setup-gui.sh
# Windows: the installer, the portable zip and the release programs, which tests/windows_*.rs run
# under Wine (xdotool presses OK in the app's message box). It builds ui/dist first, which the
# Linux app below embeds too.
bash scripts/build-windows.sh
apt_install wine wine64 xdotool
# ARM64 Linux (信创 desktops): the CLI, which tests/arm64_cli.rs runs under qemu-user.
bash scripts/build-arm64.sh
free_cross_build_files

cargo fmt --all -- --check
# Lints make check-only files the test build cannot use (about 1 GB): they get their own folder,
# removed once the lints pass.
CARGO_TARGET_DIR=target/lint cargo clippy --workspace --all-targets --locked -- -D warnings
# The core's Windows-only code (file-in-use errors, long paths, the default data folder).
CARGO_TARGET_DIR=target/lint cargo clippy -p taizhang --lib --bins --locked \
    --target x86_64-pc-windows-gnu -- -D warnings
rm -rf target/lint
disk_left 编译测试前
cargo test --workspace --locked
disk_left 端到端测试前
bash scripts/e2e.sh
