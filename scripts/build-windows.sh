#!/usr/bin/env bash
# Builds 台账通 for Windows (x64) on a Debian/Ubuntu machine, offline: installs what it needs
# (the Rust target x86_64-pc-windows-gnu, Debian's mingw-w64 and nsis), cross-builds the command-
# line tool and the desktop app in release, and writes into target/windows/:
#   台账通_<version>_x64-setup.exe     the installer (src-tauri/windows/taizhang.nsi, makensis)
#   台账通_<version>_x64-portable.zip  the same files in a folder 台账通/, to unpack and run
#   台账通/                            the staged files themselves
# Tauri's own NSIS bundling is not used: it downloads a helper DLL at build time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source scripts/lib.sh

TARGET=x86_64-pc-windows-gnu
export LANG=C.UTF-8 LC_ALL=C.UTF-8 # makensis and zip read the Chinese file names as UTF-8

ensure_rust
if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
fi
apt_install gcc-mingw-w64-x86-64 nsis python3
ensure_node

echo "== 构建界面 (ui/dist)"
(cd ui && npm ci --no-fund --no-audit && npm run build)

echo "== 交叉编译 Windows 版命令行工具和桌面程序 (release, $TARGET)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
started=$SECONDS
cargo build --release --locked --target "$TARGET" -p taizhang -p taizhang-app --bin taizhang --bin taizhang-app
echo "编译用时 $((SECONDS - started)) 秒"
built="$CARGO_TARGET_DIR/$TARGET/release"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
out="$CARGO_TARGET_DIR/windows"
stage="$out/台账通"
rm -rf "$stage"
mkdir -p "$stage/templates"
# WebView2Loader.dll is written by the build beside the app, which loads it at start.
cp "$built/taizhang-app.exe" "$built/WebView2Loader.dll" "$built/taizhang.exe" "$stage/"
# The symbol tables are a quarter of the size and no use to a clerk.
x86_64-w64-mingw32-strip "$stage/taizhang-app.exe" "$stage/taizhang.exe"
cp assets/templates/*.xlsx assets/templates/*.docx "$stage/templates/"

echo "== 生成安装程序 (makensis)"
setup="$out/台账通_${version}_x64-setup.exe"
rm -f "$setup"
makensis -V2 -INPUTCHARSET UTF8 \
    "-DVERSION=$version" "-DSTAGE=$stage" "-DOUTFILE=$setup" "-DICON=$ROOT/assets/icons/icon.ico" \
    src-tauri/windows/taizhang.nsi

echo "== 生成免安装压缩包"
portable="$out/台账通_${version}_x64-portable.zip"
rm -f "$portable"
python3 - "$stage" "$portable" <<'EOF'
import os, sys, zipfile
stage, target = sys.argv[1], sys.argv[2]
base = os.path.dirname(stage)
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, _, files in sorted(os.walk(stage)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            z.write(path, os.path.relpath(path, base))
EOF

size() { du -k --apparent-size "$1" | awk '{printf "%.1f MB", $1 / 1024}'; }
echo "安装程序：$setup（$(size "$setup")）"
echo "免安装包：$portable（$(size "$portable")）"
echo "安装后占用：$(du -sk --apparent-size "$stage" | awk '{printf "%.1f MB", $1 / 1024}')（另加卸载程序）"
