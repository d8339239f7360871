#!/usr/bin/env bash
# The version matrix's second app-server: the newest Codex CLI the registries offer, next to the
# pinned 0.163.0 (scripts/setup.sh). Newer releases are published only as npm packages
# (`@openai/codex@<version>-linux-<arch>`, whose vendor/ folder holds bin/codex, codex-path/rg and
# codex-resources/bwrap); PyPI stops at 0.163.0.
#
# The unpacked package (~420 MB) is cached OUTSIDE the clone, in
#   ${CODEX_FFI_CACHE:-${XDG_CACHE_HOME:-~/.cache}/codex-ffi}/codex-<version>/
# and linked as .deps/codex-next, so a fresh clone on the same machine does not download it again.
# The binary the tests use: .deps/codex-next/vendor/<triple>/bin/codex (cmake/VersionMatrix.cmake).
#
# Idempotent: checks `codex --version` of the cached copy first. Fails with a clear message when
# the registry cannot be reached. CODEX_SKIP_MATRIX=1 skips it (then the v2 ctest entries fail
# with "not installed" rather than passing silently).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$root/.deps"

# ---- THE pin: the newest app-server version the matrix tests (the only place it is written). ----
CODEX_NEXT_VERSION=0.171.0

log() { printf '[setup-matrix] %s\n' "$*"; }

if [ "${CODEX_SKIP_MATRIX:-0}" = 1 ]; then
  log "CODEX_SKIP_MATRIX=1: codex $CODEX_NEXT_VERSION not installed"
  exit 0
fi

case "$(uname -m)" in
  x86_64 | amd64) npm_arch=x64 triple=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) npm_arch=arm64 triple=aarch64-unknown-linux-musl ;;
  *) echo "[setup-matrix] ERROR: no @openai/codex package for $(uname -m)" >&2; exit 1 ;;
esac

cache_root="${CODEX_FFI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/codex-ffi}"
cache="$cache_root/codex-$CODEX_NEXT_VERSION"
bin="$cache/vendor/$triple/bin/codex"
link="$deps/codex-next"

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -qx "codex-cli $CODEX_NEXT_VERSION"; then
  log "codex $CODEX_NEXT_VERSION cached in $cache"
else
  command -v npm >/dev/null || {
    echo "[setup-matrix] ERROR: npm is needed to fetch @openai/codex@$CODEX_NEXT_VERSION (apt-get install npm)" >&2
    exit 1
  }
  pkg="@openai/codex@$CODEX_NEXT_VERSION-linux-$npm_arch"
  mkdir -p "$cache_root"
  tmp="$(mktemp -d "$cache_root/.download.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  log "downloading $pkg (about 170 MB) into $cache"
  start=$(date +%s)
  if ! (cd "$tmp" && npm pack --loglevel error "$pkg" >npm-pack.out 2>npm-pack.err); then
    echo "[setup-matrix] ERROR: could not download $pkg from the npm registry." >&2
    echo "[setup-matrix] npm said:" >&2
    grep -m 4 'npm error' "$tmp/npm-pack.err" >&2 || tail -n 5 "$tmp/npm-pack.err" >&2
    echo "[setup-matrix] The v2 (codex $CODEX_NEXT_VERSION) tests need it; CODEX_SKIP_MATRIX=1 skips this step." >&2
    exit 1
  fi
  tarball="$tmp/$(tail -n 1 "$tmp/npm-pack.out")"
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tarball" -C "$tmp/unpacked"
  [ -x "$tmp/unpacked/package/vendor/$triple/bin/codex" ] || {
    echo "[setup-matrix] ERROR: $pkg has no vendor/$triple/bin/codex" >&2
    exit 1
  }
  # Replace the cache entry atomically enough: unpack beside it, then rename.
  rm -rf "$cache"
  mv "$tmp/unpacked/package" "$cache"
  log "downloaded and unpacked in $(($(date +%s) - start)) s ($(du -sh "$cache" | cut -f1))"
  "$bin" --version | grep -qx "codex-cli $CODEX_NEXT_VERSION" || {
    echo "[setup-matrix] ERROR: $bin does not report codex-cli $CODEX_NEXT_VERSION" >&2
    exit 1
  }
fi

mkdir -p "$deps"
if [ "$(readlink "$link" 2>/dev/null)" != "$cache" ]; then
  rm -rf "$link"
  ln -s "$cache" "$link"
fi
"$link/vendor/$triple/bin/codex" --version
