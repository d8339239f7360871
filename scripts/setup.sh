#!/usr/bin/env bash
# Installs what a fresh machine lacks, into the git-ignored .deps/ folder. Safe to re-run:
# every step checks for its result first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$root/.deps"
mkdir -p "$deps"

CODEX_VERSION=0.163.0
CBINDGEN_VERSION=0.29.4

log() { printf '[setup] %s\n' "$*"; }

# 1. The pinned Codex CLI (the real app-server), from its PyPI wheel (it ships the native binary).
codex_bin="$deps/codex-cli/codex_cli_bin/bin/codex"
if [ -x "$codex_bin" ] && "$codex_bin" --version 2>/dev/null | grep -q "$CODEX_VERSION"; then
  log "codex $CODEX_VERSION present"
else
  log "installing openai-codex-cli-bin==$CODEX_VERSION"
  rm -rf "$deps/codex-cli"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps \
    --target "$deps/codex-cli" "openai-codex-cli-bin==$CODEX_VERSION"
fi
"$codex_bin" --version

# 2. The pinned cbindgen (header generation and the header-drift test).
cbindgen="$deps/cbindgen/bin/cbindgen"
if [ -x "$cbindgen" ] && "$cbindgen" --version | grep -q "$CBINDGEN_VERSION"; then
  log "cbindgen $CBINDGEN_VERSION present"
else
  log "installing cbindgen $CBINDGEN_VERSION"
  cargo install --quiet cbindgen --version "$CBINDGEN_VERSION" --locked --root "$deps/cbindgen"
fi

# 3. Debian packages the build and tests use (only what is missing).
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v ninja >/dev/null || need+=(ninja-build)
command -v valgrind >/dev/null || need+=(valgrind)
command -v ip >/dev/null || need+=(iproute2)
[ -f /usr/include/gtest/gtest.h ] || need+=(libgtest-dev)
[ -f /usr/include/gmock/gmock.h ] || need+=(libgmock-dev)
if [ ${#need[@]} -gt 0 ]; then
  log "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi

# 4. cargo-fuzz (the fuzz target's runner; it works on stable with --sanitizer none).
if cargo fuzz --version >/dev/null 2>&1; then
  log "cargo-fuzz present"
else
  log "installing cargo-fuzz"
  cargo install --quiet cargo-fuzz --version 0.13.2 --locked
fi

# 5. Rust components the checks use.
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy
log "done"

# ==== Bench suite (issue 8) - begin ==========================================================
# The official Python SDK (openai-codex 0.163.0) in .deps/bench-venv, for benches/run.sh.
# Idempotent. Not fatal: without it the bench smoke skips only its Python rows, with a notice.
bash "$root/benches/setup.sh" || log "WARNING: .deps/bench-venv not created; Python bench rows will be skipped"
# ==== Bench suite (issue 8) - end ============================================================

# ==== Version matrix (issue 13) - begin ======================================================
# The newest app-server (pinned in scripts/setup-matrix.sh), cached outside the clone and linked
# as .deps/codex-next for the v2 ctest entries (cmake/VersionMatrix.cmake). Fails clearly when the
# registry cannot be reached; CODEX_SKIP_MATRIX=1 skips it.
bash "$root/scripts/setup-matrix.sh"
# ==== Version matrix (issue 13) - end ========================================================
