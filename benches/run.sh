#!/usr/bin/env bash
# Runs the whole benchmark suite and prints one table with ratios (docs/performance.md).
#
#   bash benches/run.sh            full run (about 5 minutes on 2 cores)
#   bash benches/run.sh --smoke    tiny N, under a minute: proves the suite still works (ctest)
#
# Outside the offline fixture it first builds what it needs (the Rust fake and bare reader, the
# C benches, the Python venv: network allowed there), then re-runs itself inside
# tests/fixtures/run_with_fixture.py --netns (loopback only). Inside the fixture it builds
# nothing: it uses $BENCH_BUILD_DIR (default benches/.build) and benches/fake/target/release.
# Every comparison runs side by side in the same run, interleaved, because the machine is noisy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

smoke=0
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    *) echo "usage: benches/run.sh [--smoke]" >&2; exit 2 ;;
  esac
done

build_dir="${BENCH_BUILD_DIR:-$root/benches/.build}"
fake_dir="$root/benches/fake/target/release"
venv_py="$root/.deps/bench-venv/bin/python"

if [ -z "${CODEX_TEST_MOCK_URL:-}" ]; then
  echo "== building the bench programs"
  [ -f target/release/libcodex.so ] || cargo build --release --lib --quiet
  cargo build --release --quiet --manifest-path benches/fake/Cargo.toml
  mkdir -p "$build_dir"
  for b in bench_events bench_real; do
    cc -O2 -Wall -Wextra -Werror -Iinclude -o "$build_dir/$b" "benches/c/$b.c" \
      -L target/release -lcodex -Wl,-rpath,"$root/target/release" -lpthread
  done
  bash benches/setup.sh
  exec python3 tests/fixtures/run_with_fixture.py --netns -- bash "$0" "$@"
fi

for f in "$build_dir/bench_events" "$build_dir/bench_real" "$fake_dir/fake-app-server" "$fake_dir/bare-reader"; do
  [ -x "$f" ] || { echo "bench: $f is missing; build first (cmake --build build, or run benches/run.sh outside the fixture)" >&2; exit 1; }
done
fake="$fake_dir/fake-app-server"
bare="$fake_dir/bare-reader"
ev="$build_dir/bench_events"
real="$build_dir/bench_real"
have_py=1
if [ ! -x "$venv_py" ] || ! "$venv_py" -c "import openai_codex" 2>/dev/null; then
  have_py=0
  echo "NOTICE: .deps/bench-venv (openai-codex 0.163.0) is absent: the Python SDK rows are skipped." \
    "Create it with: bash benches/setup.sh"
fi

out="${BENCH_RESULTS:-$(mktemp /tmp/codex-bench-XXXXXX.txt)}"
: >"$out"
# Every program's RESULT lines go to $out; its other output to stderr (the real server is chatty).
step() {
  echo "-- $*" >&2
  if ! "$@" 2>>"$out.log" | tee -a "$out" >&2; then
    echo "bench: FAILED: $*; the end of its stderr:" >&2
    tail -n 20 "$out.log" >&2
    exit 1
  fi
}
py() { if [ "$have_py" = 1 ]; then step "$venv_py" benches/python/bench_sdk.py "$@"; fi; }

if [ "$smoke" = 1 ]; then
  sizes="2000"; reps=1; lat_n=1000; start_k=2; turns_k=3
  scale_turns="64 100"; scale_clients="16 100"; mem_n=20000
else
  sizes="100000 1000000"; reps=3; lat_n=100000; start_k=10; turns_k=50
  scale_turns="64 20000"; scale_clients="16 50000"; mem_n=10000000
fi

echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
for n in $sizes; do
  r=$reps
  [ "$n" -ge 1000000 ] && r=2
  for _ in $(seq "$r"); do # interleaved: drift hits every row alike
    step "$bare" raw "$n"
    step "$bare" split "$n"
    step "$bare" parse "$n"
    step "$ev" "$fake" callback "$n"
    step "$ev" "$fake" pull "$n"
    step "$ev" "$fake" run "$n"
  done
  py events "$fake" "$n"
done
step "$ev" "$fake" latency "$lat_n" 20000 cb
step "$ev" "$fake" latency "$lat_n" 20000 pull
step "$real" start "$start_k"
py start "$start_k"
step "$real" turns "$turns_k"
py turns "$turns_k"
# shellcheck disable=SC2086
step "$ev" "$fake" turns $scale_turns
# shellcheck disable=SC2086
step "$ev" "$fake" clients $scale_clients
step "$ev" "$fake" memory "$mem_n"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"

python3 benches/report.py "$out"
echo "(raw results: $out; program stderr: $out.log)"
