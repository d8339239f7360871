//! The limit rows: a bare Rust program with no library that drives the same fake app-server
//! and reads its stdout as fast as it can.
//!
//!     bare-reader parse N   handshake + turn/start, then parse every line into serde_json::Value
//!     bare-reader split N   same, but only split lines (no JSON parse)
//!     bare-reader raw N     the fake's own ceiling: `fake --dump N`, read and discard the bytes
//!
//! Prints `RESULT <row> <events/s>`. The clock starts when turn/start is written (like the C
//! bench, which starts it before codex_thread_turn) and stops at turn/completed.

use serde_json::Value;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

fn fake_path() -> std::path::PathBuf {
    let me = std::env::current_exe().expect("current_exe");
    me.with_file_name("fake-app-server")
}

/// Reads lines from `r` with a big buffer, calling `f` on each; stops when `f` returns false.
fn for_each_line(
    r: &mut impl Read,
    buf: &mut Vec<u8>,
    start: &mut usize,
    mut f: impl FnMut(&[u8]) -> bool,
) {
    loop {
        // Consume complete lines already buffered.
        while let Some(pos) = memchr(b'\n', &buf[*start..]) {
            let line = &buf[*start..*start + pos];
            *start += pos + 1;
            if !f(line) {
                return;
            }
        }
        buf.drain(..*start);
        *start = 0;
        let old = buf.len();
        buf.resize(old + 256 * 1024, 0);
        let n = r.read(&mut buf[old..]).expect("read stdout");
        buf.truncate(old + n);
        if n == 0 {
            panic!("the fake closed its stdout early");
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    // SAFETY: libc memchr over a valid slice (the same call the library's reader uses).
    let p = unsafe { libc::memchr(hay.as_ptr().cast(), needle as i32, hay.len()) };
    (!p.is_null()).then(|| p as usize - hay.as_ptr() as usize)
}

fn run_turn(n: u64, parse: bool) -> f64 {
    let mut child = Command::new(fake_path())
        .args(["app-server", "--listen", "stdio://"])
        .env("BENCH_N", n.to_string())
        .env("BENCH_MODE", "flood")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn fake-app-server");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = Vec::with_capacity(512 * 1024);
    let mut start = 0usize;
    let mut call = |stdin: &mut std::process::ChildStdin, line: &str, id: u64| -> Value {
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let mut answer = Value::Null;
        for_each_line(&mut stdout, &mut buf, &mut start, |l| {
            let v: Value = serde_json::from_slice(l).expect("json");
            if v.get("id").and_then(Value::as_u64) == Some(id) {
                answer = v;
                false
            } else {
                true
            }
        });
        answer
    };
    call(&mut stdin, "{\"id\":1,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"bare\",\"version\":\"0\"}}}\n", 1);
    stdin.write_all(b"{\"method\":\"initialized\"}\n").unwrap();
    let t = call(
        &mut stdin,
        "{\"id\":2,\"method\":\"thread/start\",\"params\":{}}\n",
        2,
    );
    let thread = t["result"]["thread"]["id"].as_str().unwrap().to_owned();
    let t0 = Instant::now();
    let req = format!(
        "{{\"id\":3,\"method\":\"turn/start\",\"params\":{{\"threadId\":\"{thread}\",\"input\":[{{\"type\":\"text\",\"text\":\"go\"}}]}}}}\n"
    );
    stdin.write_all(req.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut deltas = 0u64;
    for_each_line(&mut stdout, &mut buf, &mut start, |l| {
        if parse {
            let v: Value = serde_json::from_slice(l).expect("json");
            match v.get("method").and_then(Value::as_str) {
                Some("item/agentMessage/delta") => deltas += 1,
                Some("turn/completed") => return false,
                _ => {}
            }
        } else {
            // Split only: recognise the end by its prefix, count everything else.
            if l.starts_with(b"{\"method\":\"turn/completed\"") {
                return false;
            }
            if l.starts_with(b"{\"method\":\"item/agentMessage/delta\"") {
                deltas += 1;
            }
        }
        true
    });
    let secs = t0.elapsed().as_secs_f64();
    assert_eq!(deltas, n, "expected {n} deltas, saw {deltas}");
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    n as f64 / secs
}

fn raw(n: u64) -> f64 {
    let t0 = Instant::now();
    let mut child = Command::new(fake_path())
        .args(["--dump", &n.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn fake-app-server --dump");
    let mut out = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0usize;
    loop {
        let k = out.read(&mut buf).expect("read");
        if k == 0 {
            break;
        }
        bytes += k;
    }
    let secs = t0.elapsed().as_secs_f64();
    child.wait().unwrap();
    assert!(bytes > 0);
    eprintln!(
        "raw: {bytes} bytes, {:.0} bytes/line",
        bytes as f64 / n as f64
    );
    n as f64 / secs
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    let n: u64 = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let (row, rate) = match mode {
        "parse" => ("bare_parse", run_turn(n, true)),
        "split" => ("bare_split", run_turn(n, false)),
        "raw" => ("fake_ceiling", raw(n)),
        _ => {
            eprintln!("usage: bare-reader parse|split|raw N");
            std::process::exit(2);
        }
    };
    println!("RESULT {row}_{n} {rate:.0} ev/s");
}
