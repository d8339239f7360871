#!/usr/bin/env python3
"""Secret scan (issue 7): runs the test programs that handle API keys and tokens, inside the
offline fixture, and greps everything they and the fixture printed or recorded for every test
key the test sources contain.

    run_with_fixture.py --netns -- python3 tests/check_secrets.py BUILD_DIR   (ctest: security)

Scanned: each program's stdout and stderr (test_security prints every DEBUG diagnostic, every
error message, JSON-RPC data and stderr tail it sees), the mock's request log
($CODEX_TEST_REQUEST_LOG), and every file under the CODEX_HOMEs the run used (the fixture's and
the fresh /tmp/codex-test-home-* ones), except auth.json: the server's own credential store,
where a key is supposed to be. A hit names the file and the key (shortened).
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ["test_security", "test_login_apikey", "test_faults", "test_turns", "test_remote"]
KEY_RE = re.compile(rb"sk-[A-Za-z0-9][A-Za-z0-9_-]{5,}")
# The remote tests' capability tokens and JWT shared secrets (tests/c/test_remote.c).
REMOTE_RE = re.compile(rb"(?:cap-token|shared-secret-for)[A-Za-z0-9_-]{8,}")


def test_keys():
    keys = set()
    for pattern in ["tests/c/*.c", "tests/c/*.h", "tests/*.rs", "tests/fixtures/*.py"]:
        for f in glob.glob(str(ROOT / pattern)):
            data = Path(f).read_bytes()
            keys.update(KEY_RE.findall(data))
            keys.update(REMOTE_RE.findall(data))
    return sorted(keys)


def homes():
    return set(glob.glob("/tmp/codex-test-home-*"))


def files_under(root):
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n != "auth.json":
                yield Path(dirpath) / n


def main():
    build = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build")
    keys = test_keys()
    if len(keys) < 3:
        sys.exit(f"found only {len(keys)} test keys in the sources: the scan would prove nothing")
    before = homes()
    out_dir = Path(tempfile.mkdtemp(prefix="codex-secret-scan-"))
    ran, failed_runs = [], []
    for name in PROGRAMS:
        exe = build / name
        if not exe.exists():
            failed_runs.append(f"{name}: not built")
            continue
        log = out_dir / f"{name}.out"
        with open(log, "wb") as f:
            rc = subprocess.run([str(exe)], stdout=f, stderr=subprocess.STDOUT,
                                timeout=600).returncode
        ran.append(log)
        if rc != 0:
            failed_runs.append(f"{name}: exit {rc} (see {log})")
    targets = list(ran)
    req_log = os.environ.get("CODEX_TEST_REQUEST_LOG")
    if req_log and os.path.exists(req_log):
        targets.append(Path(req_log))
    for home in [os.environ.get("CODEX_HOME", "")] + sorted(homes() - before):
        if home and os.path.isdir(home):
            targets.extend(files_under(home))
    hits = []
    for t in targets:
        try:
            data = t.read_bytes()
        except OSError:
            continue
        for k in keys:
            if k in data:
                hits.append(f"{t}: contains {k[:10].decode()}...")
    print(f"# scanned {len(targets)} files for {len(keys)} test keys "
          f"({len(ran)} program outputs, request log, CODEX_HOMEs)")
    for h in hits:
        print("LEAK", h)
    for f in failed_runs:
        print("RUN FAILED", f)
    ok = not hits and not failed_runs
    if ok:
        for t in ran:
            t.unlink()
        out_dir.rmdir()
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
