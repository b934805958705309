#!/usr/bin/env bash
# Sets up and runs 台账通 on a fresh Debian/Ubuntu machine: installs the system packages
# (scripts/setup-gui.sh), builds the UI (ui/dist) and the desktop app (release), and opens the
# window. The database lives in the platform's app-data folder
# (~/.local/share/cn.taizhang.app/taizhang.db; set TAIZHANG_DATA_DIR to use another folder).
# On first start the home page offers to import the bundled sample ledgers.
#
# With arguments, runs the command-line tool instead (e.g. `bash scripts/run.sh ledgers`), on
# ./taizhang-demo.db unless TAIZHANG_DB says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust

if [ $# -gt 0 ]; then
    apt_install build-essential pkg-config
    cargo build --release --locked --bin taizhang
    export TAIZHANG_DB="${TAIZHANG_DB:-$PWD/taizhang-demo.db}"
    exec "${CARGO_TARGET_DIR:-target}/release/taizhang" "$@"
fi

bash scripts/setup-gui.sh
(cd ui && npm ci --no-fund --no-audit && npm run build)
cargo build --release --locked -p taizhang-app
app="${CARGO_TARGET_DIR:-target}/release/taizhang-app"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "没有图形界面（DISPLAY 未设置）：在虚拟屏幕 (Xvfb) 中启动台账通，按 Ctrl+C 结束。"
    exec xvfb-run -a -s '-screen 0 1280x800x24' "$app"
fi
exec "$app"
