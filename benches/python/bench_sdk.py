"""The official Python SDK (openai-codex 0.163.0) on the same work as the C benchmarks.

    bench_sdk.py events FAKE N   one turn of N deltas from the Rust fake, via TurnHandle.stream()
    bench_sdk.py start K         Codex() until ready against the real app-server (median of K)
    bench_sdk.py turns K         K sequential short turns against the real app-server + mock

Run with the bench venv's python (.deps/bench-venv). `start` and `turns` need the offline
fixture's environment (CODEX_BIN, CODEX_HOME, CODEX_TEST_WORKDIR). Prints `RESULT row value unit`.
"""

import os
import statistics
import sys
import time

from openai_codex import Codex
from openai_codex.client import CodexConfig


def result(row, value, unit):
    print(f"RESULT {row} {value:.6g} {unit}", flush=True)


def events(fake, n):
    # The same clock window as the C bench: from turn start to turn/completed.
    env = {"BENCH_N": str(n), "BENCH_MODE": "flood"}
    with Codex(CodexConfig(codex_bin=fake, env=env)) as codex:
        thread = codex.thread_start()
        t0 = time.perf_counter()
        turn = thread.turn("go")
        deltas = 0
        text_bytes = 0
        for ev in turn.stream():
            if ev.method == "item/agentMessage/delta":
                deltas += 1
                text_bytes += len(ev.payload.delta)  # read the text, as the C callback does
        secs = time.perf_counter() - t0
    if deltas != n:
        sys.exit(f"python sdk: expected {n} deltas, got {deltas}")
    result(f"py_stream_{n}", n / secs, "ev/s")


def start(k):
    config = CodexConfig(codex_bin=os.environ["CODEX_BIN"])
    Codex(config).close()  # warm-up, like the C bench
    times = []
    for _ in range(k):
        t0 = time.perf_counter()
        codex = Codex(config)
        times.append(time.perf_counter() - t0)
        codex.close()
    result("start_py", statistics.median(times) * 1000, "ms")


def turns(k):
    with Codex(CodexConfig(codex_bin=os.environ["CODEX_BIN"])) as codex:
        codex.login_api_key("sk-bench-fake-key")
        thread = codex.thread_start(cwd=os.environ["CODEX_TEST_WORKDIR"])
        t0 = time.perf_counter()
        for i in range(k):
            r = thread.turn(f"hello number {i}").run()
            text = r.final_response or ""
            if "You said" not in text:
                sys.exit(f"python sdk: turn {i}: unexpected response {text!r}")
        secs = time.perf_counter() - t0
    result(f"turns_py_{k}", secs * 1000 / k, "ms/turn")


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "events":
        events(sys.argv[2], int(sys.argv[3]))
    elif what == "start":
        start(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    elif what == "turns":
        turns(int(sys.argv[2]) if len(sys.argv) > 2 else 50)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
