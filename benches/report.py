"""Builds the benchmark table from `RESULT row value unit` lines (median of repeated rows).

    python3 benches/report.py RESULTS_FILE
"""

import re
import statistics
import sys
from collections import defaultdict


def load(path):
    rows = defaultdict(list)
    units = {}
    notes = []
    for line in open(path):
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "RESULT":
            rows[parts[1]].append(float(parts[2]))
            units[parts[1]] = " ".join(parts[3:])
        elif line.startswith("=="):
            notes.append(line.strip("= \n"))
    return {k: statistics.median(v) for k, v in rows.items()}, units, rows, notes


def fmt(v, unit):
    if unit == "ev/s":
        return f"{v / 1000:,.0f} k/s" if v < 1e6 else f"{v / 1e6:.2f} M/s"
    return f"{v:,.1f} {unit}" if v < 100 else f"{v:,.0f} {unit}"


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "n/a"


def main():
    med, units, raw, notes = load(sys.argv[1])
    out = []

    def row(label, key, extra=""):
        if key in med:
            n = len(raw[key])
            reps = f" (median of {n})" if n > 1 else ""
            out.append(f"| {label} | {fmt(med[key], units[key])}{reps} | {extra} |")

    sizes = sorted({int(m.group(1)) for k in med if (m := re.match(r"lib_callback_(\d+)$", k))})
    for n in sizes:
        out.append(f"\n### Event throughput, one turn of {n:,} deltas\n")
        out.append("| path | events/s | ratio |")
        out.append("|---|---|---|")
        d, c = med.get(f"bare_parse_{n}"), med.get(f"py_stream_{n}")
        split = med.get(f"bare_split_{n}")
        row("fake server ceiling (dump, read and discard)", f"fake_ceiling_{n}")
        row("line splitter only (bare Rust)", f"bare_split_{n}")
        row("(d) bare Rust: split + serde_json::Value", f"bare_parse_{n}")
        for key, label in [(f"lib_callback_{n}", "(a) libcodex -> C callback"),
                           (f"lib_pull_{n}", "(b) libcodex pull (codex_turn_next_event)"),
                           (f"lib_run_{n}", "libcodex codex_thread_run on_event")]:
            v = med.get(key)
            row(label, key, f"{ratio(v, d)} of (d); {ratio(v, c)} of (c); {ratio(v, split)} of splitter")
        row("(c) Python SDK TurnHandle.stream()", f"py_stream_{n}", "" if c else "")

    if any(k.startswith("lat_") for k in med):
        out.append("\n### Latency: fake's CLOCK_MONOTONIC stamp -> host, 20k deltas/s\n")
        out.append("| path | p50 | p99 | max |")
        out.append("|---|---|---|---|")
        for how, label in [("cb", "C callback"), ("pull", "pull API")]:
            if f"lat_{how}_p50" in med:
                out.append(f"| {label} | {med[f'lat_{how}_p50']:.0f} us | "
                           f"{med[f'lat_{how}_p99']:.0f} us | {med[f'lat_{how}_max']:.0f} us |")

    if "start_bare" in med:
        out.append("\n### Client start against the real app-server 0.163.0 (spawn + initialize)\n")
        out.append("| path | median | ratio to bare |")
        out.append("|---|---|---|")
        b = med["start_bare"]
        row("bare spawn + initialize (C, no library)", "start_bare")
        row("libcodex codex_new", "start_lib", ratio(med.get("start_lib"), b))
        row("Python SDK Codex()", "start_py", ratio(med.get("start_py"), b))

    turns = [k for k in med if k.startswith("turns_lib_")]
    if turns:
        k = turns[0].rsplit("_", 1)[1]
        out.append(f"\n### {k} sequential short turns, real app-server + loopback mock\n")
        out.append("| path | per turn | ratio to Python |")
        out.append("|---|---|---|")
        py = med.get(f"turns_py_{k}")
        row("libcodex codex_thread_run", f"turns_lib_{k}", ratio(med.get(f"turns_lib_{k}"), py))
        row("Python SDK thread.turn().run()", f"turns_py_{k}")

    scale = [k for k in med if k.startswith(("scale_", "rss_", "mem_"))]
    if scale:
        out.append("\n### Scale and memory (host RSS; the app-servers are other processes)\n")
        out.append("| measure | value |")
        out.append("|---|---|")
        for k in sorted(scale):
            out.append(f"| {k} | {fmt(med[k], units[k])} |")

    for n in notes:
        out.append(f"\n{n}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
