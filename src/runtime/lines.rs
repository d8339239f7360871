//! The app-server's stdout as lines: no line-length limit, a trailing `\r` dropped, and a
//! pause while the delivery queue is long (backpressure).

use std::sync::Arc;
use tokio::io::AsyncReadExt;

/// What the reader reports to its owner.
pub(crate) trait LineSink: Send + Sync + 'static {
    fn on_line(&self, line: &[u8]);
    /// stdout reached EOF or the child exited: the connection is dead.
    fn on_closed(&self, reason: String);
    fn on_stderr(&self, line: &str);
    /// The delivery backlog the reader must not outrun (none: never pause).
    fn backlog(&self) -> Option<Arc<super::delivery::Backlog>> {
        None
    }
}

/// Splits stdout into lines with no length limit and hands each to the sink.
pub(crate) async fn read_lines<R: tokio::io::AsyncRead + Unpin>(
    mut stdout: R,
    sink: &dyn LineSink,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(256 * 1024);
    let mut start = 0usize;
    let backlog = sink.backlog();
    loop {
        if buf.len() == buf.capacity() {
            if start > 0 {
                buf.drain(..start);
                start = 0;
            }
            if buf.len() == buf.capacity() {
                buf.reserve(buf.capacity());
            }
        }
        let old_len = buf.len();
        // read_buf appends into spare capacity without zeroing it first.
        match stdout.read_buf(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let mut scan = old_len;
        while let Some(pos) = memchr::memchr(b'\n', &buf[scan..]) {
            let end = scan + pos;
            let mut line = &buf[start..end];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            if !line.is_empty() {
                sink.on_line(line);
            }
            start = end + 1;
            scan = start;
        }
        if start == buf.len() {
            buf.clear();
            start = 0;
        }
        // Do not outrun the callbacks: pause while the delivery queue is long.
        if let Some(b) = &backlog {
            if b.over_high() {
                b.throttle().await;
            }
        }
    }
    if start < buf.len() {
        sink.on_line(&buf[start..]);
    }
}
