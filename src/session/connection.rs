//! The connection to one app-server: the writer, pending requests by id (with the overload
//! retry), and whether the connection is alive, dead (with the error every caller gets) or
//! closed by the host. It knows nothing of turns, logins or events.

use super::diagnostics::Diagnostics;
use super::retry::backoff;
use crate::error::{Error, Result, Status};
use crate::options::LogLevel;
use crate::protocol::messages::{self, Reply, OVERLOADED_CODE};
use crate::protocol::methods::Method;
use crate::protocol::responses::{decode, Response};
use crate::runtime::fork::Owner;
use crate::runtime::process::{terminate_group, StderrTail, Transport};
use crate::runtime::remote::Link;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, watch};

/// The child process behind the connection, known once it is spawned.
struct Process {
    pid: u32,
    stderr: Arc<StderrTail>,
    exited: watch::Receiver<bool>,
}

pub(crate) struct Connection {
    writer: Mutex<Option<mpsc::UnboundedSender<Vec<u8>>>>,
    process: OnceLock<Process>,
    /// A remote link's "socket closed" flag (no process then).
    link_closed: OnceLock<watch::Receiver<bool>>,
    next_id: AtomicU64,
    pending: Mutex<HashMap<u64, oneshot::Sender<Reply>>>,
    dead: Mutex<Option<Error>>,
    closed: AtomicBool,
    owner: Owner,
    request_timeout: Duration,
    retry_limit: u32,
    pub(crate) diag: Arc<Diagnostics>,
}

impl Connection {
    pub(crate) fn new(request_timeout: Duration, retry_limit: u32, diag: Arc<Diagnostics>) -> Self {
        Connection {
            writer: Mutex::new(None),
            process: OnceLock::new(),
            link_closed: OnceLock::new(),
            next_id: AtomicU64::new(1),
            pending: Mutex::new(HashMap::new()),
            dead: Mutex::new(None),
            closed: AtomicBool::new(false),
            owner: Owner::current(),
            request_timeout,
            retry_limit,
            diag,
        }
    }

    /// Connects the spawned child (once).
    pub(crate) fn attach(&self, t: Transport) {
        *self.writer.lock().unwrap() = Some(t.writer);
        let _ = self.process.set(Process {
            pid: t.pid,
            stderr: t.stderr,
            exited: t.exited,
        });
    }

    /// Connects a remote app-server's link (once).
    pub(crate) fn attach_remote(&self, link: Link) {
        *self.writer.lock().unwrap() = Some(link.writer);
        let _ = self.link_closed.set(link.closed);
    }

    /// A writer with no process behind it (the fuzz target's: writes go nowhere).
    #[cfg(feature = "fuzzing")]
    pub(crate) fn attach_writer(&self, writer: mpsc::UnboundedSender<Vec<u8>>) {
        *self.writer.lock().unwrap() = Some(writer);
    }

    pub(crate) fn stderr_tail(&self) -> Option<String> {
        self.process.get().and_then(|p| p.stderr.text())
    }

    /// Waits a little for the stderr drain to reach EOF, so an error carries the last words.
    pub(crate) async fn settle_stderr(&self) {
        if let Some(p) = self.process.get() {
            p.stderr.settle(Duration::from_millis(40)).await;
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Marks the connection closed by the host; `false` if it already was.
    pub(crate) fn mark_closed(&self) -> bool {
        !self.closed.swap(true, Ordering::SeqCst)
    }

    /// Whether this is a forked child's copy of the connection (nothing of it runs here).
    pub(crate) fn is_foreign(&self) -> bool {
        self.owner.is_foreign()
    }

    /// The error every call gets once the connection is gone, if it is.
    pub(crate) fn dead_error(&self) -> Option<Error> {
        self.dead.lock().unwrap().clone()
    }

    /// `CLOSED` in a forked child; else `Ok`.
    pub(crate) fn owner_check(&self) -> Result<()> {
        self.owner.check()
    }

    /// `CLOSED` once the host closed the client (or in a forked child); else `Ok`, even if
    /// the connection died (for calls that are no-ops then).
    pub(crate) fn check_open(&self) -> Result<()> {
        self.owner.check()?;
        if self.is_closed() {
            return Err(Error::closed());
        }
        Ok(())
    }

    pub(crate) fn check_alive(&self) -> Result<()> {
        self.owner.check()?;
        match self.dead_error() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Records why the connection is dead and releases every pending request (each sees its
    /// channel close and reads the error). `false` if it was dead already.
    pub(crate) fn mark_dead(&self, error: Error) -> bool {
        {
            let mut dead = self.dead.lock().unwrap();
            if dead.is_some() {
                return false;
            }
            *dead = Some(error);
        }
        let pending: Vec<_> = self.pending.lock().unwrap().drain().collect();
        drop(pending);
        true
    }

    /// Writes one line to the server's stdin.
    pub(crate) fn write(&self, line: Vec<u8>) -> Result<()> {
        self.owner.check()?;
        let writer = self.writer.lock().unwrap();
        match writer.as_ref() {
            Some(w) if w.send(line).is_ok() => Ok(()),
            _ => Err(self.dead_error().unwrap_or_else(|| {
                Error::new(Status::Transport, "the app-server's stdin is closed")
                    .with_stderr(self.stderr_tail())
            })),
        }
    }

    pub(crate) fn notify(&self, method: &str) -> Result<()> {
        self.write(messages::notification_line(method))
    }

    /// Resolves a pending request with the server's reply; `false` if no request has that id.
    pub(crate) fn resolve(&self, id: &str, reply: Reply) -> bool {
        let sender = id
            .parse::<u64>()
            .ok()
            .and_then(|id| self.pending.lock().unwrap().remove(&id));
        match sender {
            Some(tx) => {
                let _ = tx.send(reply);
                true
            }
            None => false,
        }
    }

    /// Sends one request and waits for its reply (no retry).
    async fn request_once(
        &self,
        method: &str,
        params: &str,
        deadline: Option<Instant>,
    ) -> Result<Reply> {
        self.check_alive()?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        // The dead check and the insert race with mark_dead: check again after inserting.
        if let Err(e) = self
            .check_alive()
            .and_then(|_| self.write(messages::request_line(id, method, params)))
        {
            self.pending.lock().unwrap().remove(&id);
            return Err(e);
        }
        let reply = match deadline {
            None => rx.await.ok(),
            Some(deadline) => match tokio::time::timeout_at(deadline.into(), rx).await {
                Ok(r) => r.ok(),
                Err(_) => {
                    self.pending.lock().unwrap().remove(&id);
                    return Err(Error::timeout(&format!("request {method}")));
                }
            },
        };
        reply.ok_or_else(|| self.dead_error().unwrap_or_else(Error::closed))
    }

    /// Sends a request; retries `-32001` (overloaded) with backoff. `params` is JSON text the
    /// caller checked; `timeout` bounds the whole call (`None` = no limit).
    pub(crate) async fn request(
        &self,
        method: &str,
        params: &str,
        timeout: Option<Duration>,
    ) -> Result<String> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut attempt: u32 = 0;
        loop {
            match self.request_once(method, params, deadline).await? {
                Ok(result) => return Ok(result),
                Err(body) if body.code == OVERLOADED_CODE && attempt < self.retry_limit => {
                    let delay = backoff(attempt);
                    if deadline.is_some_and(|d| Instant::now() + delay >= d) {
                        return Err(Error::timeout(&format!(
                            "request {method} (server overloaded)"
                        )));
                    }
                    self.diag.log(
                        LogLevel::Debug,
                        &format!(
                            "{method}: server overloaded, retry {} in {delay:?}",
                            attempt + 1
                        ),
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Err(body) => return Err(body.into_error(method)),
            }
        }
    }

    /// A request of the method table, bounded by the client's request timeout: typed params in,
    /// the typed response (with its JSON) out.
    pub(crate) async fn call_method<M: Method>(
        &self,
        params: &M::Params<'_>,
    ) -> Result<Response<M::Response>> {
        let raw = self
            .call(M::NAME, &crate::protocol::params::to_json(params))
            .await?;
        decode(M::NAME, raw)
    }

    /// Sends a request of the method table now, on this thread, and returns the wait for its
    /// reply, with no time limit and no overload retry: for a request that must reach the
    /// server before the caller's next one (a `command/exec` before its `command/exec/write`)
    /// and whose reply may take as long as a process runs. The wait ends with the reply or
    /// with the connection.
    pub(crate) fn send_method<M: Method>(
        self: &Arc<Self>,
        params: &M::Params<'_>,
    ) -> Result<impl std::future::Future<Output = Result<Response<M::Response>>> + Send + 'static>
    {
        self.check_alive()?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        let line = messages::request_line(id, M::NAME, &crate::protocol::params::to_json(params));
        if let Err(e) = self.check_alive().and_then(|_| self.write(line)) {
            self.pending.lock().unwrap().remove(&id);
            return Err(e);
        }
        let conn = self.clone();
        Ok(async move {
            match rx.await {
                Ok(Ok(raw)) => decode(M::NAME, raw),
                Ok(Err(body)) => Err(body.into_error(M::NAME)),
                Err(_) => Err(conn.dead_error().unwrap_or_else(Error::closed)),
            }
        })
    }

    /// A request bounded by the client's request timeout.
    pub(crate) async fn call(&self, method: &str, params: &str) -> Result<String> {
        self.request(method, params, Some(self.request_timeout))
            .await
    }

    /// Closes the server's stdin: it exits on its own.
    pub(crate) fn close_writer(&self) {
        self.writer.lock().unwrap().take();
    }

    /// Waits briefly for the child to exit, then terminates its process group (SIGTERM, then
    /// SIGKILL). A remote link: waits briefly for the Close frame to go out and the socket to
    /// close (the server keeps running).
    pub(crate) fn reaper(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let process = self.process.get().map(|p| (p.pid, p.exited.clone()));
        let link = self.link_closed.get().cloned();
        async move {
            if let Some(mut closed) = link {
                let _ =
                    tokio::time::timeout(Duration::from_millis(500), closed.wait_for(|v| *v)).await;
                return;
            }
            let Some((pid, mut exited)) = process else {
                return;
            };
            let gone = |rx: &mut watch::Receiver<bool>| *rx.borrow();
            if !gone(&mut exited) {
                let _ =
                    tokio::time::timeout(Duration::from_millis(300), exited.wait_for(|v| *v)).await;
            }
            if !gone(&mut exited) {
                terminate_group(pid, false);
                let _ =
                    tokio::time::timeout(Duration::from_millis(500), exited.wait_for(|v| *v)).await;
            }
            if !gone(&mut exited) {
                terminate_group(pid, true);
            }
        }
    }
}
