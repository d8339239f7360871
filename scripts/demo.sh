#!/usr/bin/env bash
# The main job: sets up what is missing, builds, and runs one real turn through the C library.
# Offline (the default here) the app-server talks to the project's loopback demo model, inside a
# loopback-only network namespace where one can be made. Extra arguments go to examples/demo.c.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The demo runs on the pinned app-server: the version matrix's second one is not needed here.
CODEX_SKIP_MATRIX=1 bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null
exec python3 tests/fixtures/run_with_fixture.py --netns -- build/example_demo --offline "$@"
