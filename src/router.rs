//! The router: one per client. It owns the connection's shared state and sorts every incoming
//! line: responses to their pending request (by id), login completions to their login (by
//! `loginId`, buffered until claimed), turn events to their turn log (by turn id), server
//! requests to the handler (or the safe default), and everything else to the global queue.

use crate::callback::Slot;
use crate::delivery::Delivery;
use crate::error::{Error, Result, Status};
use crate::event::Event;
use crate::login::{LoginResult, LoginState};
use crate::options::{LogLevel, Options};
use crate::rpc::{self, IncomingRouted, ParamsOnly, Reply, RoutingFields};
use crate::secrets::Secrets;
use crate::server_request::ServerRequest;
use crate::transport::{LineSink, StderrTail};
use crate::turn_log::TurnLog;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Bound of the global queue of unrouted notifications (oldest dropped first, counted as lag).
pub(crate) const GLOBAL_QUEUE_CAP: usize = 1024;
/// Turn logs nobody subscribed to that are kept (e.g. usage replayed after resume or fork).
const MAX_ORPHAN_TURNS: usize = 64;
/// Login completions nobody claimed that are kept.
const MAX_UNCLAIMED_LOGINS: usize = 64;

pub(crate) type NotificationFn = dyn Fn(&Event) + Send + Sync;
pub(crate) type RequestHandlerFn = dyn Fn(ServerRequest) + Send + Sync;

pub(crate) struct Router {
    pub(crate) opts: Options,
    writer: Mutex<Option<mpsc::UnboundedSender<Vec<u8>>>>,
    next_id: AtomicU64,
    state: Mutex<State>,
    pub(crate) delivery: Delivery,
    pub(crate) secrets: Arc<Secrets>,
    dead: Mutex<Option<Error>>,
    closed: AtomicBool,
    pub(crate) stderr: OnceLock<Arc<StderrTail>>,
    pub(crate) pid: AtomicU64,
    pub(crate) exited: OnceLock<tokio::sync::watch::Receiver<bool>>,
    turn_start_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    pub(crate) notification_cb: Slot<NotificationFn>,
    pub(crate) request_handler: Slot<RequestHandlerFn>,
    global_notify: tokio::sync::Notify,
    /// The host's log callback, taken out of `opts` so that shutdown can release it: its
    /// `drop` must have run when `codex_free` returns, whatever task still holds the router.
    log_fn: Mutex<Option<crate::options::LogFn>>,
}

#[derive(Default)]
struct State {
    pending: HashMap<u64, oneshot::Sender<Reply>>,
    logins: HashMap<String, Arc<LoginState>>,
    turns: HashMap<String, Arc<TurnLog>>,
    pending_starts: HashMap<String, usize>,
    global: VecDeque<Arc<Event>>,
    lagged: u64,
}

/// The reader's view of the router: weak, so the I/O tasks never keep a closed client alive.
pub(crate) struct Sink(pub(crate) Weak<Router>);

impl LineSink for Sink {
    fn on_line(&self, line: &[u8]) {
        if let Some(r) = self.0.upgrade() {
            r.handle_line(line);
        }
    }
    fn on_closed(&self, reason: String) {
        if let Some(r) = self.0.upgrade() {
            crate::runtime::handle().spawn(async move {
                // Give the stderr drain a moment so the error carries the child's last words.
                if let Some(tail) = r.stderr.get() {
                    tail.settle(Duration::from_millis(40)).await;
                }
                let tail = r.stderr_tail();
                r.fail_all(Error::new(Status::Transport, reason).with_stderr(tail));
            });
        }
    }
    fn backlog(&self) -> Option<Arc<crate::delivery::Backlog>> {
        self.0.upgrade().map(|r| r.delivery.backlog().clone())
    }
    fn on_stderr(&self, line: &str) {
        if let Some(r) = self.0.upgrade() {
            r.log(LogLevel::Debug, &format!("app-server: {line}"));
        }
    }
}

impl Router {
    pub(crate) fn new(mut opts: Options, delivery: Delivery, secrets: Arc<Secrets>) -> Arc<Router> {
        let log_fn = opts.log.take();
        Arc::new(Router {
            opts,
            writer: Mutex::new(None),
            next_id: AtomicU64::new(1),
            state: Mutex::new(State::default()),
            delivery,
            secrets,
            dead: Mutex::new(None),
            closed: AtomicBool::new(false),
            stderr: OnceLock::new(),
            pid: AtomicU64::new(0),
            exited: OnceLock::new(),
            turn_start_locks: Mutex::new(HashMap::new()),
            notification_cb: Slot::default(),
            request_handler: Slot::default(),
            global_notify: tokio::sync::Notify::new(),
            log_fn: Mutex::new(log_fn),
        })
    }

    pub(crate) fn attach_writer(&self, writer: mpsc::UnboundedSender<Vec<u8>>) {
        *self.writer.lock().unwrap() = Some(writer);
    }

    pub(crate) fn stderr_tail(&self) -> Option<String> {
        self.stderr.get().and_then(|t| t.text())
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// The error every call gets once the connection is gone, if it is.
    pub(crate) fn dead_error(&self) -> Option<Error> {
        self.dead.lock().unwrap().clone()
    }

    pub(crate) fn check_alive(&self) -> Result<()> {
        match self.dead_error() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Logs a (redacted) diagnostic to the host's log callback, on the delivery thread.
    pub(crate) fn log(&self, level: LogLevel, message: &str) {
        if level > self.opts.log_level {
            return;
        }
        let log = self.log_fn.lock().unwrap().clone();
        if let Some(log) = log {
            {
                let message = self.secrets.redact(message);
                self.delivery.post(Box::new(move || {
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        log(level, &message)
                    }));
                }));
            }
        }
    }

    /// Writes one line to the server's stdin.
    pub(crate) fn write(&self, line: Vec<u8>) -> Result<()> {
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
        self.write(rpc::notification_line(method))
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
        self.state.lock().unwrap().pending.insert(id, tx);
        // The dead check and the insert race with fail_all: check again after inserting.
        if let Err(e) = self
            .check_alive()
            .and_then(|_| self.write(rpc::request_line(id, method, params)))
        {
            self.state.lock().unwrap().pending.remove(&id);
            return Err(e);
        }
        let reply = match deadline {
            None => rx.await.ok(),
            Some(deadline) => match tokio::time::timeout_at(deadline.into(), rx).await {
                Ok(r) => r.ok(),
                Err(_) => {
                    self.state.lock().unwrap().pending.remove(&id);
                    return Err(Error::timeout(&format!("request {method}")));
                }
            },
        };
        reply.ok_or_else(|| self.dead_error().unwrap_or_else(Error::closed))
    }

    /// Sends a request; retries `-32001` (overloaded) with exponential backoff and jitter.
    /// `params` is JSON text (validated by the caller); `timeout` bounds the whole call.
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
                Err(body)
                    if body.code == rpc::OVERLOADED_CODE && attempt < self.opts.retry_limit =>
                {
                    let delay = backoff(attempt);
                    if let Some(d) = deadline {
                        if Instant::now() + delay >= d {
                            return Err(Error::timeout(&format!(
                                "request {method} (server overloaded)"
                            )));
                        }
                    }
                    self.log(
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

    /// A request bounded by the client's request timeout.
    pub(crate) async fn call(&self, method: &str, params: &str) -> Result<String> {
        self.request(method, params, Some(self.opts.request_timeout))
            .await
    }

    // ---- incoming lines -------------------------------------------------------------------

    pub(crate) fn handle_line(self: &Arc<Self>, line: &[u8]) {
        let text = match std::str::from_utf8(line) {
            Ok(t) => t,
            Err(_) => {
                self.log(
                    LogLevel::Warn,
                    &format!("dropped a line of {} bytes that is not UTF-8", line.len()),
                );
                return;
            }
        };
        // serde's derived struct decoding also accepts a JSON array (fields by position), so
        // `[5]` would resolve request 5 with `null`: only objects are messages.
        if !text.trim_start().starts_with('{') {
            self.log(
                LogLevel::Warn,
                "dropped a line that is not a JSON-RPC object (not a JSON object)",
            );
            return;
        }
        let msg: IncomingRouted = match serde_json::from_str(text) {
            Ok(m) => m,
            Err(e) => {
                self.log(
                    LogLevel::Warn,
                    &format!("dropped a line that is not a JSON-RPC object ({e})"),
                );
                return;
            }
        };
        let id = msg.id.filter(|raw| raw.get() != "null");
        match (msg.method.as_deref(), id) {
            (Some(method), Some(id)) => {
                // Rare: look at the line again for the raw params the handler receives.
                let params = serde_json::from_str::<ParamsOnly>(text)
                    .ok()
                    .and_then(|m| m.params)
                    .map(|p| p.get());
                self.on_server_request(id.get(), method, params)
            }
            (Some(method), None) => {
                let fields = msg.params.map(|p| p.0).unwrap_or_default();
                self.on_notification(text, method, &fields)
            }
            (None, Some(id)) => {
                let reply = match msg.error {
                    Some(err) => Err(err),
                    None => Ok(msg
                        .result
                        .map(|r| r.get().to_owned())
                        .unwrap_or_else(|| "null".into())),
                };
                self.on_response(id.get(), reply);
            }
            (None, None) => self.log(
                LogLevel::Warn,
                "dropped a message with neither method nor id",
            ),
        }
    }

    fn on_response(&self, id: &str, reply: Reply) {
        let sender = id
            .parse::<u64>()
            .ok()
            .and_then(|id| self.state.lock().unwrap().pending.remove(&id));
        match sender {
            Some(tx) => {
                let _ = tx.send(reply);
            }
            None => self.log(
                LogLevel::Warn,
                &format!("dropped a response with unknown id {id}"),
            ),
        }
    }

    fn on_notification(self: &Arc<Self>, line: &str, method: &str, fields: &RoutingFields) {
        let event = Arc::new(Event::routed(line, method, fields));
        if method == "account/login/completed" {
            if let Some(login_id) = event.login_id() {
                let result = LoginResult::from_params(login_id, event.params_json());
                self.complete_login(login_id, Ok(result));
                return;
            }
        }
        if let Some(turn_id) = event.turn_id() {
            let (log, keep_all) = self.turn_log_for_event(turn_id, event.thread_id());
            log.append(event, &self.delivery, keep_all);
            return;
        }
        self.push_global(event);
    }

    fn push_global(self: &Arc<Self>, event: Arc<Event>) {
        if self.notification_cb.is_set() {
            let router = Arc::downgrade(self);
            self.delivery.post(Box::new(move || {
                if let Some(r) = router.upgrade() {
                    r.notification_cb.call(|f| f(&event));
                }
            }));
            return;
        }
        let mut st = self.state.lock().unwrap();
        if st.global.len() >= GLOBAL_QUEUE_CAP {
            st.global.pop_front();
            st.lagged += 1;
        }
        st.global.push_back(event);
        drop(st);
        self.global_notify.notify_waiters();
    }

    /// The next unrouted notification, waiting up to `timeout`.
    pub(crate) async fn next_notification(&self) -> Result<Arc<Event>> {
        loop {
            let notified = self.global_notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(ev) = self.state.lock().unwrap().global.pop_front() {
                return Ok(ev);
            }
            self.check_alive()?;
            notified.await;
        }
    }

    /// How many unrouted notifications were dropped because the queue was full.
    pub(crate) fn lagged(&self) -> u64 {
        self.state.lock().unwrap().lagged
    }

    // ---- turns ----------------------------------------------------------------------------

    fn turn_log_for_event(&self, turn_id: &str, thread_id: Option<&str>) -> (Arc<TurnLog>, bool) {
        let mut st = self.state.lock().unwrap();
        let keep_all = match thread_id {
            Some(t) => st.pending_starts.contains_key(t),
            None => !st.pending_starts.is_empty(),
        };
        if let Some(log) = st.turns.get(turn_id) {
            return (log.clone(), keep_all);
        }
        let log = TurnLog::new(turn_id, thread_id);
        st.turns.insert(turn_id.to_owned(), log.clone());
        st.evict_orphans();
        (log, keep_all)
    }

    /// Marks a `turn/start` (or steer-join) as in flight on a thread: pruning stops for its
    /// turns, and the returned cursors tell a joined turn where its own events begin.
    pub(crate) fn begin_turn_start(&self, thread_id: &str) -> HashMap<String, u64> {
        let mut st = self.state.lock().unwrap();
        *st.pending_starts.entry(thread_id.to_owned()).or_insert(0) += 1;
        st.turns
            .iter()
            .filter(|(_, log)| log.thread_id().as_deref() == Some(thread_id))
            .map(|(id, log)| (id.clone(), log.end_index()))
            .collect()
    }

    pub(crate) fn end_turn_start(&self, thread_id: &str) {
        let mut st = self.state.lock().unwrap();
        if let Some(n) = st.pending_starts.get_mut(thread_id) {
            *n -= 1;
            if *n == 0 {
                st.pending_starts.remove(thread_id);
            }
        }
    }

    /// The log of a turn a handle is taking, created if no event has arrived yet.
    pub(crate) fn claim_turn(&self, turn_id: &str, thread_id: &str) -> Result<Arc<TurnLog>> {
        let mut st = self.state.lock().unwrap();
        if let Some(e) = self.dead_error() {
            return Err(e);
        }
        let log = st
            .turns
            .entry(turn_id.to_owned())
            .or_insert_with(|| TurnLog::new(turn_id, Some(thread_id)))
            .clone();
        if log.thread_id().is_none() {
            log.inner.lock().unwrap().thread_id = Some(thread_id.to_owned());
        }
        Ok(log)
    }

    /// Called when a handle lets go of a turn: a finished log nobody follows is dropped.
    pub(crate) fn release_turn(&self, log: &Arc<TurnLog>) {
        if log.is_done() && !log.has_subscribers() {
            let mut st = self.state.lock().unwrap();
            if st
                .turns
                .get(&log.turn_id)
                .is_some_and(|l| Arc::ptr_eq(l, log))
            {
                st.turns.remove(&log.turn_id);
            }
        }
    }

    pub(crate) fn turn_start_lock(&self, thread_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.turn_start_locks
            .lock()
            .unwrap()
            .entry(thread_id.to_owned())
            .or_default()
            .clone()
    }

    /// How many turn logs and events the router holds (for tests of bounded retention).
    pub(crate) fn retained(&self) -> (usize, usize) {
        let st = self.state.lock().unwrap();
        let events = st.turns.values().map(|l| l.len()).sum();
        (st.turns.len(), events)
    }

    pub(crate) fn find_turn(&self, turn_id: &str) -> Option<Arc<TurnLog>> {
        self.state.lock().unwrap().turns.get(turn_id).cloned()
    }

    // ---- logins ---------------------------------------------------------------------------

    /// The state of a login, created (to buffer an early completion) if unknown.
    pub(crate) fn login_state(&self, login_id: &str) -> Arc<LoginState> {
        let mut st = self.state.lock().unwrap();
        if let Some(s) = st.logins.get(login_id) {
            return s.clone();
        }
        let s = LoginState::new();
        if let Some(e) = self.dead_error() {
            s.complete(Err(e), &self.delivery);
        }
        st.logins.insert(login_id.to_owned(), s.clone());
        s
    }

    pub(crate) fn forget_login(&self, login_id: &str) {
        self.state.lock().unwrap().logins.remove(login_id);
    }

    fn complete_login(&self, login_id: &str, result: Result<LoginResult>) {
        let state = {
            let mut st = self.state.lock().unwrap();
            let s = st
                .logins
                .entry(login_id.to_owned())
                .or_insert_with(LoginState::new)
                .clone();
            if st.logins.len() > MAX_UNCLAIMED_LOGINS {
                // Drop the oldest completed logins nobody holds.
                let stale: Vec<String> = st
                    .logins
                    .iter()
                    .filter(|(id, s)| {
                        id.as_str() != login_id && s.is_done() && Arc::strong_count(s) == 1
                    })
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in stale {
                    st.logins.remove(&id);
                }
            }
            s
        };
        state.complete(result, &self.delivery);
    }

    // ---- server requests ------------------------------------------------------------------

    fn on_server_request(self: &Arc<Self>, id: &str, method: &str, params: Option<&str>) {
        let fields: RoutingFields = params
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default();
        let turn_id = fields
            .turn_id
            .as_deref()
            .or_else(|| fields.turn.as_ref().and_then(|t| t.id.as_deref()));
        let log = turn_id.and_then(|t| self.find_turn(t));
        let req = ServerRequest::new(
            Arc::downgrade(self),
            id,
            method,
            params.unwrap_or("{}"),
            fields.thread_id.as_deref(),
            turn_id,
            log,
        );
        if !self.request_handler.is_set() {
            req.answer_default("no server-request handler is set");
            return;
        }
        // The handler timeout: past it the safe answer goes out and a late answer is EXPIRED.
        let weak = req.downgrade();
        let timeout = self.opts.server_request_timeout;
        crate::runtime::handle().spawn(async move {
            tokio::time::sleep(timeout).await;
            if let Some(req) = weak.upgrade() {
                req.answer_default("the server-request handler timed out");
            }
        });
        let router = Arc::downgrade(self);
        self.delivery.post(Box::new(move || {
            let Some(r) = router.upgrade() else { return };
            let mut req = Some(req);
            r.request_handler.call(|f| {
                if let Some(req) = req.take() {
                    f(req)
                }
            });
            // No handler ran it (cleared meanwhile, or it panicked before taking it): dropping it
            // unanswered sends the safe answer.
            drop(req);
        }));
    }

    // ---- death and shutdown ---------------------------------------------------------------

    /// Fails every waiter at once: pending requests, logins, turns and the global queue.
    pub(crate) fn fail_all(&self, error: Error) {
        {
            let mut dead = self.dead.lock().unwrap();
            if dead.is_some() {
                return;
            }
            *dead = Some(error.clone());
        }
        self.log(LogLevel::Error, &error.message);
        let (pending, logins, turns) = {
            let mut st = self.state.lock().unwrap();
            let pending: Vec<_> = st.pending.drain().collect();
            let logins: Vec<_> = st.logins.values().cloned().collect();
            let turns: Vec<_> = st.turns.values().cloned().collect();
            (pending, logins, turns)
        };
        drop(pending); // each waiter sees its channel close and reads `dead`
        for login in logins {
            login.complete(Err(error.clone()), &self.delivery);
        }
        for log in turns {
            log.fail(Err(error.clone()), &self.delivery);
        }
        self.global_notify.notify_waiters();
    }

    /// Shuts the client down: fails every waiter with `CLOSED`, releases callbacks, closes the
    /// server's stdin, and terminates its process group if it does not exit by itself.
    pub(crate) fn shutdown(&self, wait: bool) {
        if self.closed.swap(true, Ordering::SeqCst) {
            return;
        }
        self.fail_all(Error::closed());
        self.notification_cb.clear();
        self.request_handler.clear();
        self.writer.lock().unwrap().take(); // stdin EOF: the server exits on its own
        let pid = self.pid.load(Ordering::SeqCst) as u32;
        let exited = self.exited.get().cloned();
        let reap = async move {
            if let Some(mut exited) = exited {
                let gone = |rx: &mut tokio::sync::watch::Receiver<bool>| *rx.borrow();
                if !gone(&mut exited) {
                    let _ =
                        tokio::time::timeout(Duration::from_millis(300), exited.wait_for(|v| *v))
                            .await;
                }
                if !gone(&mut exited) {
                    crate::transport::terminate_group(pid, false);
                    let _ =
                        tokio::time::timeout(Duration::from_millis(500), exited.wait_for(|v| *v))
                            .await;
                }
                if !gone(&mut exited) {
                    crate::transport::terminate_group(pid, true);
                }
            }
        };
        if wait {
            crate::runtime::block_on(reap);
        } else {
            crate::runtime::handle().spawn(reap);
        }
        self.delivery.stop();
        // Queued log jobs ran (or were dropped) with the delivery thread: release the callback.
        self.log_fn.lock().unwrap().take();
    }
}

impl State {
    fn evict_orphans(&mut self) {
        let orphans = self.turns.values().filter(|l| !l.has_subscribers()).count();
        if orphans <= MAX_ORPHAN_TURNS {
            return;
        }
        let pending = &self.pending_starts;
        let victims: Vec<String> = self
            .turns
            .iter()
            .filter(|(_, l)| !l.has_subscribers())
            .filter(|(_, l)| l.thread_id().is_none_or(|t| !pending.contains_key(&t)))
            .map(|(id, _)| id.clone())
            .take(orphans - MAX_ORPHAN_TURNS / 2)
            .collect();
        for id in victims {
            self.turns.remove(&id);
        }
    }
}

/// Exponential backoff with jitter: 20 ms, 40 ms, ... capped at 1 s, each ±25 %.
fn backoff(attempt: u32) -> Duration {
    let base_ms = (20u64 << attempt.min(6)).min(1000);
    let jitter = jitter_fraction(); // in [-0.25, 0.25)
    Duration::from_micros(((base_ms as f64) * 1000.0 * (1.0 + jitter)) as u64)
}

fn jitter_fraction() -> f64 {
    use std::cell::Cell;
    thread_local!(static SEED: Cell<u64> = const { Cell::new(0) });
    SEED.with(|seed| {
        let mut x = seed.get();
        if x == 0 {
            x = (std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1))
                | 1;
        }
        // xorshift64: plenty for spreading retries apart.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        seed.set(x);
        ((x >> 11) as f64 / (1u64 << 53) as f64) * 0.5 - 0.25
    })
}
