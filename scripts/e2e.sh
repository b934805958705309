#!/usr/bin/env bash
# End-to-end tests of the 台账通 desktop app on a fresh Debian/Ubuntu machine: installs the GUI
# packages, builds the UI and the app (debug), installs tauri-driver and selenium-webdriver,
# starts Xvfb + tauri-driver in their own process group, runs tests/e2e/*.test.mjs with node's
# test runner against a fresh data folder, and stops everything it started. Screenshots and
# measurements go to tests/out/e2e/. Exits non-zero when a test fails.
#
# Environment: CARGO_TARGET_DIR (default ./target), E2E_PORT (tauri-driver, default 4444),
# E2E_NATIVE_PORT (WebKitWebDriver, default 4445).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source scripts/lib.sh

ensure_rust
bash scripts/setup-gui.sh
# The tests write returns the way departments do: openpyxl for .xlsx, python-docx for .docx.
apt_install python3
ensure_openpyxl
ensure_python_docx

echo "== 构建界面 (ui/dist)"
(cd ui && npm ci --no-fund --no-audit && npm run build)

echo "== 构建程序 (debug)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build -p taizhang-app -p taizhang --bins --locked
export TAIZHANG_APP="$CARGO_TARGET_DIR/debug/taizhang-app"
# The CLI prepares data on the app's database between app sessions (tests/e2e/reports.test.mjs).
export TAIZHANG_CLI="$CARGO_TARGET_DIR/debug/taizhang"

if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "== 安装 tauri-driver"
    cargo install tauri-driver --version '^2' --locked
fi
(cd tests/e2e && npm ci --no-fund --no-audit)

PORT="${E2E_PORT:-4444}"
NATIVE_PORT="${E2E_NATIVE_PORT:-4445}"
export TAURI_DRIVER_URL="http://127.0.0.1:$PORT/"

# A fresh, empty data folder for this run (the app reads TAIZHANG_DATA_DIR, see src-tauri/src/state.rs).
export TAIZHANG_DATA_DIR
TAIZHANG_DATA_DIR="$(mktemp -d -t taizhang-e2e-XXXXXX)"
rm -rf tests/out/e2e
mkdir -p tests/out/e2e

# Xvfb and tauri-driver (which starts WebKitWebDriver, which starts the app) in one new session,
# so that one kill of the process group ends all of them. Xvfb picks a free display itself
# (-displayfd), so runs side by side never share or kill each other's display.
setsid bash -c '
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$1/display" >"$1/xvfb.log" 2>&1 &
    for _ in $(seq 100); do [ -s "$1/display" ] && break; sleep 0.1; done
    export DISPLAY=":$(head -n 1 "$1/display")"
    exec tauri-driver --port "$2" --native-port "$3" >"$1/tauri-driver.log" 2>&1
' e2e "$ROOT/tests/out/e2e" "$PORT" "$NATIVE_PORT" &
GROUP=$!

cleanup() {
    kill -TERM -- "-$GROUP" 2>/dev/null || true
    sleep 0.5
    kill -KILL -- "-$GROUP" 2>/dev/null || true
    rm -rf "$TAIZHANG_DATA_DIR"
}
trap cleanup EXIT

for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

echo "== 端到端测试 (DISPLAY=:$(head -n 1 tests/out/e2e/display 2>/dev/null), 数据目录 $TAIZHANG_DATA_DIR)"
cd tests/e2e
node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
