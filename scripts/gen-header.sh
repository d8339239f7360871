#!/usr/bin/env bash
# Regenerates include/codex.h from src/ffi with the pinned cbindgen (scripts/setup.sh installs it).
# With --check, fails if the committed header differs from a fresh generation.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cbindgen="$root/.deps/cbindgen/bin/cbindgen"
[ -x "$cbindgen" ] || cbindgen="$(command -v cbindgen)"
cd "$root"
if [ "${1:-}" = "--check" ]; then
  tmp="$(mktemp)"
  trap 'rm -f "$tmp"' EXIT
  "$cbindgen" --quiet --config cbindgen.toml --output "$tmp" .
  if ! diff -u include/codex.h "$tmp"; then
    echo "include/codex.h is stale: run scripts/gen-header.sh and commit it" >&2
    exit 1
  fi
  echo "include/codex.h is current"
else
  "$cbindgen" --quiet --config cbindgen.toml --output include/codex.h .
fi
