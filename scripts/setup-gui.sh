#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the desktop app needs to build, run and be tested:
# WebKitGTK + GTK for Tauri 2, Xvfb + WebKitWebDriver for the end-to-end tests, CJK fonts so
# Chinese renders, imagemagick for window screenshots. Needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

apt_install \
    build-essential pkg-config libssl-dev \
    libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev \
    xvfb xauth webkit2gtk-driver \
    fonts-noto-cjk \
    imagemagick

# Node.js 20.19+ builds the UI (Vite 7). Debian 12's own nodejs is 18: use it only when nothing
# newer is there, and say what to do when it is too old.
node_ok() {
    command -v node >/dev/null 2>&1 || return 1
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
if ! node_ok; then
    command -v node >/dev/null 2>&1 || apt_install nodejs npm
    if ! node_ok; then
        echo "构建界面需要 Node.js 20.19 或更新版本，本机为 $(node --version 2>/dev/null || echo 未安装)。" >&2
        echo "请安装 Node.js 20 或 22（例如 https://nodejs.org 或发行版的 NodeSource 软件源）后重试。" >&2
        exit 1
    fi
fi
