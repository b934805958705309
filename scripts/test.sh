#!/usr/bin/env bash
# Sets up and runs every test of 台账通 on a fresh Debian/Ubuntu machine:
# formatting, lints, unit and integration tests of the whole workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_rust
apt_install build-essential pkg-config

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
