#!/usr/bin/env python3
"""Runs a README sample and checks how it ended: its exit code and a regular expression its
output (stdout and stderr together) must match. Used by cmake/Docs.cmake inside the fixture.

    run_sample.py [--env NAME=VALUE]... --exit N --expect REGEX -- CMD ARGS...
"""

import os
import re
import subprocess
import sys


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit("usage: run_sample.py [--env NAME=VALUE]... --exit N --expect REGEX -- CMD ...")
    cut = args.index("--")
    opts, cmd = args[:cut], args[cut + 1:]
    env, want_exit, expect = dict(os.environ), 0, None
    for k in range(0, len(opts), 2):
        flag, value = opts[k], opts[k + 1]
        if flag == "--env":
            name, _, val = value.partition("=")
            env[name] = val
        elif flag == "--exit":
            want_exit = int(value)
        elif flag == "--expect":
            expect = value
        else:
            sys.exit(f"run_sample.py: unknown option {flag}")
    run = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=240)
    sys.stdout.write(run.stdout)
    ok = True
    if run.returncode != want_exit:
        print(f"run_sample.py: exit code {run.returncode}, expected {want_exit}")
        ok = False
    if expect and not re.search(expect, run.stdout):
        print(f"run_sample.py: output does not match {expect!r}")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
