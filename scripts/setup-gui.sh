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

ensure_node
