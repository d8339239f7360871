//! Fuzzing entry (cargo feature `fuzzing`; not part of the API): feeds bytes, as if the
//! app-server wrote them to its stdout, through the same line splitter (`runtime::lines::read_lines`)
//! and `Session::dispatch` a live client uses, with no child process. A client's worth of
//! state is set up first (pending requests, a login, a turn with a pull and a push subscriber,
//! a server-request handler), so responses, completions, turn events and server requests in the
//! input all reach real code. See fuzz/README.md.
//!
//! Oracles besides "no panic, no hang": the splitter yields exactly the lines a reference split
//! gives, and no diagnostic ever contains the remembered secret, even if the input does.

use crate::error::Error;
use crate::options::{LogLevel, Options};
use crate::runtime::callback::Slot;
use crate::runtime::lines::{read_lines, LineSink};
use crate::secrets::Secrets;
use crate::session::hub::Session;
use crate::session::turns::log::EventFn;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, ReadBuf};

/// A secret the client knows: it must never come back out in a diagnostic.
pub const FUZZ_SECRET: &str = "sk-fuzz-0123456789SECRET";

/// Hands out the input a few bytes per read, so lines arrive split across reads.
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl AsyncRead for Chunked<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = self.chunk.min(self.data.len()).min(buf.remaining());
        buf.put_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Poll::Ready(Ok(()))
    }
}

struct Recorder {
    session: Arc<Session>,
    lines: Mutex<Vec<Vec<u8>>>,
}

impl LineSink for Recorder {
    fn on_line(&self, line: &[u8]) {
        self.lines.lock().unwrap().push(line.to_vec());
        self.session.dispatch(line);
    }
    fn on_closed(&self, _reason: String) {}
    fn on_stderr(&self, _line: &str) {}
}

/// The lines the splitter must produce: split on `\n`, a trailing `\r` dropped, empty lines
/// skipped; a last piece with no newline is delivered as it is (the stream ended).
pub fn reference_lines(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut pieces: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
    let last = pieces.pop().unwrap_or(&[]);
    for mut p in pieces {
        if p.last() == Some(&b'\r') {
            p = &p[..p.len() - 1];
        }
        if !p.is_empty() {
            out.push(p.to_vec());
        }
    }
    if !last.is_empty() {
        out.push(last.to_vec());
    }
    out
}

/// One fuzz iteration. The first byte picks the read size (1..=255 bytes, 0 = all at once).
pub fn feed_server_bytes(input: &[u8]) {
    let (chunk, data) = match input.split_first() {
        Some((c, rest)) => (if *c == 0 { usize::MAX } else { *c as usize }, rest),
        None => (usize::MAX, input),
    };
    let leaked = Arc::new(AtomicBool::new(false));
    let opts = Options {
        server_request_timeout: Duration::from_millis(1),
        log_level: LogLevel::Debug,
        log: Some({
            let leaked = leaked.clone();
            Arc::new(move |_level, msg: &str| {
                if msg.contains(FUZZ_SECRET) {
                    leaked.store(true, Ordering::SeqCst);
                }
            })
        }),
        ..Options::default()
    };
    let secrets = Arc::new(Secrets::default());
    secrets.remember(FUZZ_SECRET);
    let session = Session::new(opts, secrets).expect("delivery thread");
    // Writes (default answers to server requests) go nowhere, as to a live child.
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    session.conn.attach_writer(tx);
    session
        .requests
        .handler
        .set(Some(Arc::new(|req: crate::ServerRequest| {
            if req.method().len() % 2 == 0 {
                let _ = req.respond("{\"decision\":\"decline\"}");
            } // else dropped unanswered: the safe default goes out
        })));

    let turn = session.turns.claim("turn-1", "thr-1");
    let pull = turn.subscribe(None);
    let push = turn.subscribe(None);
    let push_slot = Arc::new(Slot::new(Arc::new(|ev: &crate::Event| {
        let _ = (ev.kind(), ev.delta(), ev.item_id(), ev.params_json().len());
    }) as Arc<EventFn>));
    turn.set_push(push, push_slot, &session.delivery)
        .expect("fresh subscriber");
    let login = session.logins.state("login-1", None, &session.delivery);

    let sink = Recorder {
        session: session.clone(),
        lines: Mutex::new(Vec::new()),
    };
    crate::runtime::blocking::block_on(async {
        // Requests 1..=3 are pending while the bytes arrive; the end of input releases them.
        let requests = async {
            tokio::join!(
                session.conn.request("fuzz/a", "{}", None),
                session.conn.request("fuzz/b", "{}", None),
                session.conn.request("fuzz/c", "{}", None),
            )
        };
        let feed = async {
            tokio::task::yield_now().await;
            read_lines(Chunked { data, chunk }, &sink).await;
            session.fail_all(Error::closed());
        };
        let _ = tokio::join!(requests, feed);
    });

    // Whatever was routed can be taken back out.
    while let Ok(Some(ev)) = turn.try_next(pull) {
        let _ = (ev.kind(), ev.turn_id(), ev.thread_id(), ev.delta());
    }
    let _ = login.is_done();
    while let Ok(ev) = crate::runtime::blocking::block_on(session.notifications.next(&session.conn))
    {
        let _ = (
            ev.kind(),
            ev.method(),
            ev.login_id(),
            ev.params_json().len(),
        );
    }
    session.shutdown(true);

    let got = sink.lines.into_inner().unwrap();
    assert!(
        got == reference_lines(data),
        "the line splitter disagrees with the reference split (read size {chunk})"
    );
    assert!(
        !leaked.load(Ordering::SeqCst),
        "a diagnostic contained the secret"
    );
}
