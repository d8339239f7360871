//! A fake `codex app-server` for the benchmarks: it answers initialize, thread/start and
//! turn/start like the real one, then streams one turn of `item/agentMessage/delta` lines
//! (~200 bytes, the real shape) written from a PRE-BUILT buffer, so it is never the bottleneck.
//!
//!     fake-app-server [--config KV]... app-server --listen stdio://   (as clients launch it)
//!     fake-app-server --dump N        (no protocol: the N delta lines to stdout, the ceiling)
//!
//! Settings come from the environment (the library and the Python SDK both pass it through):
//!   BENCH_N      deltas per turn (default 1000)
//!   BENCH_MODE   flood (default): as fast as the pipe takes them;
//!                paced: one write per delta at BENCH_RATE/s, each delta text carrying the
//!                CLOCK_MONOTONIC time of its write as `ts=<20 digits>` (for latency)
//!   BENCH_RATE   paced rate in deltas/s (default 20000)
//! Several turns may stream at once (concurrent turns on one client): one writer thread
//! round-robins between them a chunk at a time, so lines never interleave mid-line.

use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::os::unix::io::FromRawFd;
use std::sync::mpsc;
use std::time::Duration;

/// Lines per pre-built chunk: big enough that a write is one large syscall, small enough that
/// 64 concurrent turns keep their buffers modest (~0.8 MB each).
const CHUNK_LINES: usize = 4096;
/// A fixed, realistic `emittedAtMs` (the real server stamps each notification).
const EMITTED_AT_MS: u64 = 1_795_619_112_832;
/// Where the 20-digit monotonic stamp goes inside a paced delta's text.
const STAMP_TAG: &str = "ts=";

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into a valid timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn thread_id(k: u64) -> String {
    format!("019a1b2c-3d4e-7f00-8000-{k:012}")
}
fn turn_id(k: u64) -> String {
    format!("019a1b2c-9f8e-7d00-9000-{k:012}")
}
fn item_id(k: u64) -> String {
    format!("msg_{k:08x}")
}

/// One delta line: about 210 bytes with UUID thread/turn ids and a short token, like a real
/// token flood. In paced mode the text is `ts=` and 20 zero digits, patched at write time.
fn delta_line(thread: &str, turn: &str, item: &str, seq: u64, paced: bool) -> String {
    let text = if paced {
        format!("{STAMP_TAG}{:020}", 0)
    } else {
        format!(" tok{:03}", seq % 1000)
    };
    // Field order as the real server writes it (serde_json's json! would sort the keys).
    format!(
        "{{\"method\":\"item/agentMessage/delta\",\"params\":{{\"threadId\":\"{thread}\",\"turnId\":\"{turn}\",\"itemId\":\"{item}\",\"delta\":\"{text}\"}},\"emittedAtMs\":{EMITTED_AT_MS}}}\n"
    )
}

/// A notification line, `method` first like the real server.
fn notification(method: &str, params: Value) -> Vec<u8> {
    format!("{{\"method\":\"{method}\",\"params\":{params},\"emittedAtMs\":{EMITTED_AT_MS}}}\n")
        .into_bytes()
}

fn turn_obj(id: &str, status: &str) -> Value {
    json!({"id": id, "items": [], "status": status, "error": null,
           "startedAt": 1_795_619_112, "completedAt": null, "durationMs": null})
}

/// A turn being streamed.
struct Stream {
    thread: String,
    turn: String,
    item: String,
    remaining: u64,
    /// CHUNK_LINES pre-built lines (flood) or one template line (paced).
    chunk: Vec<u8>,
    line_len: usize,
    /// Byte offset of the stamp digits inside a paced line.
    stamp_at: usize,
}

impl Stream {
    fn new(thread: String, turn: String, item: String, n: u64, paced: bool) -> Stream {
        let lines = if paced {
            1
        } else {
            (n as usize).clamp(1, CHUNK_LINES)
        };
        let mut chunk = Vec::new();
        let mut line_len = 0;
        for seq in 0..lines {
            let line = delta_line(&thread, &turn, &item, seq as u64, paced);
            line_len = line.len();
            chunk.extend_from_slice(line.as_bytes());
        }
        let stamp_at = if paced {
            let s = std::str::from_utf8(&chunk).unwrap();
            s.find(STAMP_TAG).unwrap() + STAMP_TAG.len()
        } else {
            0
        };
        Stream {
            thread,
            turn,
            item,
            remaining: n,
            chunk,
            line_len,
            stamp_at,
        }
    }

    fn head(&self) -> Vec<u8> {
        let mut out = notification(
            "turn/started",
            json!({"threadId": self.thread, "turn": turn_obj(&self.turn, "inProgress")}),
        );
        out.extend(notification(
            "item/started",
            json!({"threadId": self.thread, "turnId": self.turn, "startedAtMs": EMITTED_AT_MS,
                   "item": {"type": "agentMessage", "id": self.item, "text": "", "phase": null}}),
        ));
        out
    }

    fn tail(&self) -> Vec<u8> {
        let mut out = notification(
            "item/completed",
            json!({"threadId": self.thread, "turnId": self.turn, "startedAtMs": EMITTED_AT_MS,
                   "item": {"type": "agentMessage", "id": self.item,
                            "text": "the streamed answer", "phase": "final_answer"}}),
        );
        let mut done = turn_obj(&self.turn, "completed");
        done["completedAt"] = json!(1_795_619_113);
        done["durationMs"] = json!(1000);
        out.extend(notification(
            "turn/completed",
            json!({"threadId": self.thread, "turn": done}),
        ));
        out
    }

    /// Writes the next chunk (flood); returns false when the stream has ended.
    fn write_chunk(&mut self, out: &mut impl Write) -> bool {
        let lines = (self.remaining as usize).min(self.chunk.len() / self.line_len);
        if out.write_all(&self.chunk[..lines * self.line_len]).is_err() {
            std::process::exit(0); // the client is gone
        }
        self.remaining -= lines as u64;
        self.remaining > 0
    }

    /// Writes every delta at `rate`/s, one write each, stamping the write time into the text.
    fn write_paced(&mut self, out: &mut impl Write, rate: u64) {
        let interval = 1_000_000_000 / rate.max(1);
        let start = monotonic_ns();
        let mut sent = 0u64;
        while sent < self.remaining {
            let due = start + sent * interval;
            let now = monotonic_ns();
            if now < due {
                std::thread::sleep(Duration::from_nanos(due - now));
            }
            let stamp = format!("{:020}", monotonic_ns());
            self.chunk[self.stamp_at..self.stamp_at + 20].copy_from_slice(stamp.as_bytes());
            if out.write_all(&self.chunk).is_err() {
                std::process::exit(0);
            }
            sent += 1;
        }
        self.remaining = 0;
    }
}

enum Msg {
    Line(Vec<u8>),
    Start(Box<Stream>),
}

/// The only writer of stdout: answers first, then one chunk per active turn, round robin.
fn writer(rx: mpsc::Receiver<Msg>, paced: bool, rate: u64) {
    // SAFETY: fd 1 is our stdout; nothing else writes to it. Unbuffered: chunks are large.
    let mut out = unsafe { std::fs::File::from_raw_fd(1) };
    let mut streams: Vec<Box<Stream>> = Vec::new();
    loop {
        let first = if streams.is_empty() {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            }
        } else {
            None
        };
        for msg in first.into_iter().chain(rx.try_iter()) {
            match msg {
                Msg::Line(l) => {
                    if out.write_all(&l).is_err() {
                        std::process::exit(0);
                    }
                }
                Msg::Start(mut s) => {
                    out.write_all(&s.head()).ok();
                    if paced {
                        s.write_paced(&mut out, rate);
                        out.write_all(&s.tail()).ok();
                    } else {
                        streams.push(s);
                    }
                }
            }
        }
        let mut i = 0;
        while i < streams.len() {
            if streams[i].write_chunk(&mut out) {
                i += 1;
            } else {
                let s = streams.swap_remove(i);
                if out.write_all(&s.tail()).is_err() {
                    std::process::exit(0);
                }
            }
        }
    }
}

fn reply(tx: &mpsc::Sender<Msg>, id: &Value, result: Value) {
    let mut s = json!({"id": id, "result": result}).to_string();
    s.push('\n');
    let _ = tx.send(Msg::Line(s.into_bytes()));
}

fn thread_obj(id: &str) -> Value {
    json!({"id": id, "sessionId": id, "preview": "", "ephemeral": true,
           "modelProvider": "fake", "createdAt": 0, "updatedAt": 0,
           "status": {"type": "idle"}, "cwd": "/tmp", "cliVersion": "0.163.0",
           "source": "appServer", "turns": []})
}

fn serve() {
    let n = env_u64("BENCH_N", 1000);
    let paced = std::env::var("BENCH_MODE").as_deref() == Ok("paced");
    let rate = env_u64("BENCH_RATE", 20_000);
    let (tx, rx) = mpsc::channel();
    let w = std::thread::spawn(move || writer(rx, paced, rate));
    let mut threads = 0u64;
    let mut turns = 0u64;
    let stdin = std::io::stdin().lock();
    for line in stdin.lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let (Some(id), Some(method)) = (msg.get("id"), msg.get("method").and_then(Value::as_str))
        else {
            continue; // notifications (initialized) and responses need no answer
        };
        match method {
            "initialize" => reply(
                &tx,
                id,
                json!({"userAgent": "codex_bench_fake/0.163.0 (Linux; x86_64) bench",
                       "codexHome": std::env::var("CODEX_HOME").unwrap_or("/tmp".into()),
                       "platformFamily": "unix", "platformOs": "linux"}),
            ),
            "thread/start" => {
                threads += 1;
                let tid = thread_id(threads);
                reply(
                    &tx,
                    id,
                    json!({"thread": thread_obj(&tid), "model": "mock-model",
                           "modelProvider": "fake", "cwd": "/tmp", "approvalPolicy": "never",
                           "approvalsReviewer": "user",
                           "sandbox": {"type": "readOnly"}}),
                );
            }
            "turn/start" => {
                turns += 1;
                let thread = msg["params"]["threadId"].as_str().unwrap_or("").to_owned();
                let tid = turn_id(turns);
                let stream = Stream::new(thread, tid.clone(), item_id(turns), n, paced);
                reply(&tx, id, json!({"turn": turn_obj(&tid, "inProgress")}));
                let _ = tx.send(Msg::Start(Box::new(stream)));
            }
            _ => reply(&tx, id, json!({})),
        }
    }
    // stdin EOF: the client is gone. Exit at once, even mid-stream.
    drop(tx);
    drop(w);
    std::process::exit(0);
}

fn dump(n: u64) {
    let mut s = Stream::new(thread_id(1), turn_id(1), item_id(1), n, false);
    // SAFETY: fd 1 is our stdout.
    let mut out = unsafe { std::fs::File::from_raw_fd(1) };
    while s.write_chunk(&mut out) {}
    out.flush().ok();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--dump") {
        dump(args.get(2).and_then(|v| v.parse().ok()).unwrap_or(1000));
        return;
    }
    if !args.iter().any(|a| a == "app-server") {
        eprintln!(
            "usage: fake-app-server [--config KV]... app-server --listen stdio:// | --dump N"
        );
        std::process::exit(2);
    }
    serve();
}
