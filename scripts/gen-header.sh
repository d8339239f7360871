#!/usr/bin/env bash
# Regenerates include/codex.h from src/ffi with the pinned cbindgen (scripts/setup.sh installs it).
# With --check, fails if the committed header differs from a fresh generation.
#
# Two steps, both run by --check too:
#   1. cbindgen (cbindgen.toml: the preamble with the ABI rules, the version and CODEX_API
#      macros, CODEX_API before every function);
#   2. scripts/arrange_header.py: cbindgen emits every type before every function; this step
#      moves whole declarations (text unchanged) so the functions are grouped by handle under
#      section banners, each callback typedef beside the only group that takes it. It fails on a
#      function it cannot place: add a rule to its SECTIONS table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cbindgen="$root/.deps/cbindgen/bin/cbindgen"
[ -x "$cbindgen" ] || cbindgen="$(command -v cbindgen)"
python="$(command -v python3)"
cd "$root"
raw="$(mktemp)"
out="$(mktemp)"
trap 'rm -f "$raw" "$out"' EXIT
"$cbindgen" --quiet --config cbindgen.toml --output "$raw" .
"$python" scripts/arrange_header.py "$raw" >"$out"
if [ "${1:-}" = "--check" ]; then
  if ! diff -u include/codex.h "$out"; then
    echo "include/codex.h is stale: run scripts/gen-header.sh and commit it" >&2
    exit 1
  fi
  echo "include/codex.h is current"
else
  cp "$out" include/codex.h
fi
