#!/usr/bin/env bash
# Creates the bench's project-local Python venv with the official SDK (needs PyPI; idempotent).
# The SDK depends on openai-codex-cli-bin, which pip installs into the venv too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.deps/bench-venv"
SDK_VERSION=0.163.0
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c \
  "import importlib.metadata as m, sys; sys.exit(m.version('openai-codex') != '$SDK_VERSION')" 2>/dev/null; then
  echo "[bench-setup] openai-codex $SDK_VERSION present in .deps/bench-venv"
  exit 0
fi
echo "[bench-setup] creating .deps/bench-venv with openai-codex==$SDK_VERSION"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "openai-codex==$SDK_VERSION"
