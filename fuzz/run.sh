#!/usr/bin/env bash
# Builds and runs the router fuzz target for SECONDS (default 45) on the stable toolchain:
# cargo-fuzz with --sanitizer none (libFuzzer's coverage-guided mutation over sancov-instrumented
# Rust; no nightly -Zsanitizer). The committed corpus (fuzz/corpus/router, real app-server
# transcripts) seeds a scratch copy, so runs never rewrite it. A crash leaves its input in
# fuzz/artifacts/router/ and fails this script. Used by ctest (label "fuzz") with a short bound.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-45}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: run scripts/setup.sh" >&2
  exit 1
fi
cargo fuzz build --sanitizer none -O router
scratch="$(mktemp -d /tmp/codex-fuzz-corpus-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
# -max_len: the seeds include whole transcripts; longer inputs add little but slow each run.
# -timeout: one input taking 10 s is a hang (the harness blocks on the router's waits).
cargo fuzz run --sanitizer none -O router "$scratch" fuzz/corpus/router -- \
  -max_total_time="$seconds" -max_len=131072 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
