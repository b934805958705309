#!/usr/bin/env bash
# Cross-builds the command-line tool for ARM64 Linux (aarch64-unknown-linux-gnu), the processor of
# many 信创 desktops (统信UOS, 麒麟), in release, and installs qemu-user to run it here:
#   target/aarch64-unknown-linux-gnu/release/taizhang
#   qemu-aarch64 -L /usr/aarch64-linux-gnu target/aarch64-unknown-linux-gnu/release/taizhang ledgers
# tests/arm64_cli.rs runs a whole round with it under qemu.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

TARGET=aarch64-unknown-linux-gnu
ensure_rust
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
fi
apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user

# The bundled SQLite is C: compiled and linked by Debian's cross gcc.
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
started=$SECONDS
cargo build --release --locked --target "$TARGET" -p taizhang --bin taizhang
echo "ARM64 命令行工具：${CARGO_TARGET_DIR:-target}/$TARGET/release/taizhang（编译用时 $((SECONDS - started)) 秒）"
