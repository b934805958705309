#!/usr/bin/env bash
# Fuzzing with cargo-fuzz (libFuzzer): builds the seed corpora from the bundled templates, the
# test fixtures and unit files exported by the CLI, then runs each target in turn.
#
#   bash scripts/fuzz.sh                 # every target, 600 s each
#   bash scripts/fuzz.sh import 60       # one target, 60 s
#   bash scripts/fuzz.sh seeds           # only (re)build the seed corpora
#
# Needs a nightly toolchain and cargo-fuzz (installed here when missing). Corpora and crash
# artifacts live under fuzz/corpus and fuzz/artifacts, which git ignores; a crash found becomes a
# fixture under tests/fixtures/fuzz and a test in tests/fuzz_regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust

ROOT=$PWD
SEEDS=$ROOT/fuzz/corpus
TARGET_DIR=${FUZZ_TARGET_DIR:-$ROOT/fuzz/target}
TARGETS=(import collect deadline)

ensure_fuzz_tools() {
    rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
    command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
}

# Seeds: every template and fixture workbook for both readers (also as .xls), unit files exported
# from the 鄂尔多斯 ledger (what departments send back), and deadline texts.
build_seeds() {
    mkdir -p "$SEEDS"/{import,collect,deadline}
    for f in assets/templates/*.xlsx assets/templates/*.docx tests/fixtures/*.xls tests/fixtures/*.xlsx; do
        cp "$f" "$SEEDS/import/$(basename "$f" | sha256sum | cut -c1-16)"
    done
    for f in assets/templates/*.xlsx tests/fixtures/*.xls; do
        cp "$f" "$SEEDS/collect/$(basename "$f" | sha256sum | cut -c1-16)"
    done
    # The templates as .xls, as LibreOffice saves them (when it is installed).
    if command -v soffice >/dev/null 2>&1; then
        local lo
        lo=$(mktemp -d)
        soffice -env:UserInstallation=file://"$lo"/profile --headless --convert-to xls --outdir "$lo" \
            assets/templates/*.xlsx >/dev/null 2>&1 || true
        for f in "$lo"/*.xls; do
            [ -f "$f" ] || continue
            cp "$f" "$SEEDS/import/lo-$(basename "$f" | sha256sum | cut -c1-16)"
            cp "$f" "$SEEDS/collect/lo-$(basename "$f" | sha256sum | cut -c1-16)"
        done
        rm -rf "$lo"
    fi
    cargo build --quiet --bin taizhang
    local bin work
    bin=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/taizhang
    work=$(mktemp -d)
    "$bin" --db "$work/t.db" import assets/templates/鄂尔多斯-*.xlsx >/dev/null
    "$bin" --db "$work/t.db" round new 1 --label 第1期 --due 2024-10-12 >/dev/null
    "$bin" --db "$work/t.db" export-units 1 --out "$work/out" >/dev/null
    local n=0
    for f in "$work"/out/*/*.xlsx; do
        n=$((n + 1))
        [ $n -le 4 ] || break
        cp "$f" "$SEEDS/collect/unit$n"
        cp "$f" "$SEEDS/import/unit$n"
    done
    # Deadline seeds: a byte choosing "no ledger year" (even) or a year (odd, then two bytes),
    # then the text. The texts are the deadline cells of the templates plus typical phrasings.
    "$bin" --db "$work/t.db" --json tasks 1 | python3 -c '
import json, sys
texts = {t["deadline"]["raw"] for t in json.load(sys.stdin) if t.get("deadline")}
texts |= {"2024年6月底前", "4月末前", "长期坚持", "每季度末", "2024年9月底前完成，持续推进",
          "2023年12月31日", "每月10日和25日前报送", "2025年上半年", "年底前", "2024.10.12"}
for i, t in enumerate(sorted(texts)):
    with open(sys.argv[1] + "/d%03d" % i, "wb") as f:
        f.write((b"\x00" if i % 2 else b"\x01\xe8\x07") + t.encode())
' "$SEEDS/deadline"
    rm -rf "$work"
    echo "种子语料：import $(ls "$SEEDS/import" | wc -l) 个，collect $(ls "$SEEDS/collect" | wc -l) 个，deadline $(ls "$SEEDS/deadline" | wc -l) 个"
}

# Runs one target for $2 seconds on one core; libFuzzer's last lines give executions and coverage.
run_target() {
    local target=$1 seconds=$2
    mkdir -p fuzz/artifacts/"$target" fuzz/logs
    (cd fuzz && cargo +nightly fuzz run --release --debug-assertions --sanitizer none --target-dir "$TARGET_DIR" \
        "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/") 2>&1 | tee "fuzz/logs/$target.log" | grep -E '^(#[0-9]+ *(DONE|INITED)|stat::|==|SUMMARY)' || true
}

ensure_fuzz_tools
case "${1:-all}" in
    seeds) build_seeds ;;
    all)
        build_seeds
        for t in "${TARGETS[@]}"; do run_target "$t" "${2:-600}"; done
        ;;
    *)
        [ -d "$SEEDS/$1" ] || build_seeds
        run_target "$1" "${2:-600}"
        ;;
esac
