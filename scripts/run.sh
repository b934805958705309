#!/usr/bin/env bash
# Sets up and runs 台账通 on a fresh Debian/Ubuntu machine. Until the desktop window lands, this
# builds the command-line tool, imports the bundled sample ledgers into ./taizhang-demo.db and
# lists them; extra arguments are passed to the CLI instead (e.g. `bash scripts/run.sh tasks 1`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
apt_install build-essential pkg-config
cargo build --release --locked --bin taizhang
export TAIZHANG_DB="${TAIZHANG_DB:-$PWD/taizhang-demo.db}"
if [ $# -gt 0 ]; then
    exec target/release/taizhang "$@"
fi
for f in assets/templates/*.xlsx; do
    target/release/taizhang import "$f"
done
target/release/taizhang ledgers
