#!/usr/bin/env python3
"""What the library declares in `initialize`, checked on the wire against the real app-server.

    check_initialize.py PROGRAM [ARGS...]      (inside run_with_fixture.py; CODEX_BIN = the real one)

Runs PROGRAM (examples/approvals.c --offline: a client, an API-key login and a turn whose command
asks for approval) with CODEX_BIN pointing at this file, which then acts as a transparent stdio
proxy in front of the real binary and records every line both ways. Then it checks:

  - the library sent `initialize` with `capabilities.experimentalApi: true` and did NOT declare
    `requiredHumanApproval` (0.171 sends approval kind `humanCommand` -- "a fresh human decision",
    valid answers accept/decline/cancel only -- to clients that declare it; the library's safe
    default answers cannot promise that), nor any capability it does not know;
  - the server's approval requests were ordinary ones (no `approvalKind: "humanCommand"`);
  - PROGRAM succeeded.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading

PROXY_LOG = "CODEX_TEST_PROXY_LOG"
REAL_BIN = "CODEX_TEST_PROXY_REAL_BIN"
# Capabilities the library may declare; anything else is a change to review here first.
KNOWN_CAPABILITIES = {"experimentalApi", "optOutNotificationMethods"}


def proxy():
    """Act as the app-server: forward stdin/stdout to the real binary, log each line."""
    real = os.environ[REAL_BIN]
    log = open(os.environ[PROXY_LOG], "ab", buffering=0)
    lock = threading.Lock()
    child = subprocess.Popen([real] + sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def record(direction, line):
        with lock:
            log.write(direction + b" " + line.rstrip(b"\n") + b"\n")

    def pump_out():
        for line in child.stdout:
            record(b"S>C", line)
            sys.stdout.buffer.write(line)
            sys.stdout.buffer.flush()
        sys.stdout.close()

    t = threading.Thread(target=pump_out, daemon=True)
    t.start()
    try:
        for line in sys.stdin.buffer:
            record(b"C>S", line)
            child.stdin.write(line)
            child.stdin.flush()
    except (BrokenPipeError, OSError):
        pass
    try:
        child.stdin.close()
    except OSError:
        pass
    rc = child.wait()
    t.join(timeout=5)
    return rc


def messages(path):
    out = []
    with open(path, "rb") as f:
        for raw in f:
            direction, _, body = raw.partition(b" ")
            try:
                out.append((direction.decode(), json.loads(body)))
            except ValueError:
                pass
    return out


def check(argv):
    real = os.environ.get("CODEX_BIN")
    if not real:
        raise SystemExit("CODEX_BIN is not set: run under tests/fixtures/run_with_fixture.py")
    with tempfile.TemporaryDirectory(prefix="codex-init-") as tmp:
        log = os.path.join(tmp, "wire.log")
        env = dict(os.environ, CODEX_BIN=os.path.abspath(__file__), **{PROXY_LOG: log, REAL_BIN: real})
        rc = subprocess.run(argv, env=env).returncode
        msgs = messages(log) if os.path.exists(log) else []
    failures = []
    if rc != 0:
        failures.append(f"{argv[0]} exited with {rc}")
    inits = [m for d, m in msgs if d == "C>S" and m.get("method") == "initialize"]
    if not inits:
        failures.append("no initialize request was recorded")
    for m in inits:
        caps = (m.get("params") or {}).get("capabilities") or {}
        print(f"initialize capabilities sent: {json.dumps(caps, sort_keys=True)}")
        if caps.get("experimentalApi") is not True:
            failures.append("experimentalApi is not declared")
        if "requiredHumanApproval" in caps:
            failures.append(f"requiredHumanApproval declared: {caps['requiredHumanApproval']!r}")
        unknown = set(caps) - KNOWN_CAPABILITIES
        if unknown:
            failures.append(f"capabilities the library does not handle: {sorted(unknown)}")
    approvals = [m for d, m in msgs if d == "S>C" and "id" in m and
                 str(m.get("method", "")).endswith("requestApproval")]
    for m in approvals:
        kind = (m.get("params") or {}).get("approvalKind")
        print(f"server request {m['method']} approvalKind={kind!r}")
        if kind == "humanCommand":
            failures.append("the server sent a humanCommand approval")
    if not approvals:
        failures.append("the server sent no approval request (the check needs one)")
    versions = {r.get("result", {}).get("userAgent", "").split(" ")[0]
                for d, r in msgs if d == "S>C" and isinstance(r.get("result"), dict)
                and "userAgent" in r["result"]}
    print(f"server: {', '.join(sorted(versions)) or '?'}; {len(msgs)} messages recorded")
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    if os.environ.get(PROXY_LOG) and os.environ.get(REAL_BIN):
        sys.exit(proxy())
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    sys.exit(check(sys.argv[1:]))
