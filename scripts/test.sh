#!/usr/bin/env bash
# Sets up and runs every test of 台账通 on a fresh Debian/Ubuntu machine: formatting, lints, unit
# and integration tests of the whole workspace (core and desktop app), then the end-to-end tests
# of the real app in a real window under Xvfb (scripts/e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
# LibreOffice re-saves and renders exported files as a department would; openpyxl reads them back
# independently (and, with python-docx, writes the returns departments send); the fonts make
# Chinese render and columns measure as in Excel.
apt_install build-essential pkg-config python3 libreoffice-calc fonts-noto-cjk fonts-crosextra-carlito poppler-utils
ensure_openpyxl
ensure_python_docx
# The desktop app's build needs WebKitGTK and a built UI (ui/dist is embedded at compile time).
bash scripts/setup-gui.sh
(cd ui && npm ci --no-fund --no-audit && npm run build)

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
bash scripts/e2e.sh
