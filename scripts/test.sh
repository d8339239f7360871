#!/usr/bin/env bash
# Runs every test: setup, build, lints (rustfmt, clippy, header drift), then ctest (C, C++, Go,
# Swift checks, Rust, examples). Each test runs inside the offline fixture, in a loopback-only
# network namespace where one can be made. Extra arguments go to ctest (e.g. -L c, -R login).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/build.sh
echo "== lints"
cargo fmt --all -- --check
cargo clippy --release --all-targets --quiet -- -D warnings
# Build the Rust test binaries now, while registries are reachable; ctest runs them offline.
cargo test --profile rust-tests --no-run --quiet
echo "== ctest"
cd build
ctest --output-on-failure -j2 "$@"
