#!/usr/bin/env python3
"""Captures real app-server transcripts as the fuzz corpus (fuzz/corpus/router/).

Run inside the offline fixture, which provides the real codex binary and the mock model:

    python3 tests/fixtures/run_with_fixture.py --netns -- python3 fuzz/capture_corpus.py

It drives `$CODEX_BIN app-server` over stdio (initialize, account and model reads, threads and
turns that stream, reason, use phases, fail, ask for an approval, report usage, get interrupted)
and records every line the server writes. Each corpus file is one contiguous slice of that
transcript, prefixed by the fuzz target's read-size byte; ids in responses line up with the
fuzz harness's pending requests 1..3 where they can. Existing files are replaced.
"""

import hashlib
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "corpus" / "router"


class Server:
    def __init__(self):
        self.p = subprocess.Popen([os.environ["CODEX_BIN"], "app-server", "--listen", "stdio://"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.next_id = 1
        self.lines = []  # every line the server wrote, in order
        self.buf = b""

    def send(self, obj):
        self.p.stdin.write(json.dumps(obj).encode() + b"\n")
        self.p.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def read_until(self, pred, timeout=30):
        """Reads lines until pred(msg) holds; answers approvals with decline on the way."""
        end = time.time() + timeout
        while time.time() < end:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.lines.append(line)
                msg = json.loads(line)
                if "method" in msg and "id" in msg:  # a server request
                    self.send({"id": msg["id"], "result": {"decision": "decline"}})
                if os.environ.get("CORPUS_DEBUG"):
                    print(line[:200], file=sys.stderr)
                if pred(msg):
                    return msg
            r, _, _ = select.select([self.p.stdout], [], [], 0.5)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise RuntimeError("the app-server exited")
                self.buf += chunk
        raise RuntimeError("timed out waiting for the app-server")

    def call(self, method, params):
        rid = self.request(method, params)
        return self.read_until(lambda m: m.get("id") == rid and "method" not in m)

    def turn(self, thread_id, text, interrupt=False):
        start = len(self.lines)
        resp = self.call("turn/start", {"threadId": thread_id,
                                        "input": [{"type": "text", "text": text}]})
        turn_id = resp["result"]["turn"]["id"]
        if interrupt:  # once the held stream is under way
            self.read_until(lambda m: m.get("method") == "item/agentMessage/delta")
            self.call("turn/interrupt", {"threadId": thread_id, "turnId": turn_id})
        self.read_until(lambda m: m.get("method") == "turn/completed")
        return start


def main():
    s = Server()
    s.call("initialize", {"clientInfo": {"name": "corpus", "version": "0"},
                          "capabilities": {"experimentalApi": True}})
    s.send({"method": "initialized"})
    s.call("account/login/start", {"type": "apiKey", "apiKey": "sk-test-corpus-0000"})
    s.call("account/read", {"refreshToken": False})
    s.call("model/list", {})
    thread = s.call("thread/start", {"approvalPolicy": "on-request"})["result"]["thread"]["id"]
    turn_starts = [s.turn(thread, t) for t in
                   ["hello there", "stream 5", "reasoning", "phases", "fail", "usage",
                    "schema", "approve"]]
    turn_starts.append(s.turn(thread, "hold", interrupt=True))
    s.call("thread/read", {"threadId": thread, "includeTurns": True})
    s.p.stdin.close()
    s.p.wait(timeout=10)

    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.iterdir():
        f.unlink()
    slices = []
    bounds = turn_starts + [len(s.lines)]
    slices.append(s.lines[:turn_starts[0]])  # handshake, account, models, thread start
    for a, b in zip(bounds, bounds[1:]):
        slices.append(s.lines[a:b])  # one whole turn each
    slices.append(s.lines)  # the whole transcript
    for line in s.lines:  # and every distinct line on its own
        slices.append([line])
    written = set()
    for i, sl in enumerate(slices):
        body = b"\n".join(sl) + b"\n"
        # Read sizes: all at once, 1 byte, 7 bytes, 64 bytes, by turns.
        data = bytes([(0, 1, 7, 64)[i % 4]]) + body
        name = hashlib.sha1(data).hexdigest()[:16]
        if name not in written:
            (OUT / name).write_bytes(data)
            written.add(name)
    print(f"captured {len(s.lines)} lines into {len(written)} corpus files in {OUT}")


if __name__ == "__main__":
    sys.exit(main())
