//! Server→client requests (approvals and friends). Every one is answered exactly once: by the
//! host's handler, or with the safe default when there is no handler, the handler fails or
//! times out, or the request is dropped unanswered.

use super::connection::Connection;
use super::turns::log::TurnLog;
use crate::error::{Error, Result, Status};
use crate::options::LogLevel;
use crate::protocol::defaults::safe_default;
use crate::protocol::event::NulString;
use crate::protocol::json::{self, Embedding};
use crate::protocol::messages;
use crate::runtime::callback::Slot;
use crate::runtime::delivery::Delivery;
use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

pub(crate) type RequestHandlerFn = dyn Fn(ServerRequest) + Send + Sync;

/// A request from the server that needs an answer. Cloning shares it; when the last clone is
/// dropped unanswered, the safe default answer is sent.
#[derive(Clone)]
pub struct ServerRequest {
    inner: Arc<Inner>,
}

pub(crate) struct WeakServerRequest(Weak<Inner>);

struct Inner {
    conn: Weak<Connection>,
    id: NulString,
    method: NulString,
    params: NulString,
    thread_id: Option<NulString>,
    turn_id: Option<NulString>,
    turn: Option<Weak<TurnLog>>,
    answered: AtomicBool,
}

impl ServerRequest {
    pub(crate) fn new(
        conn: Weak<Connection>,
        id: &str,
        method: &str,
        params: &str,
        thread_id: Option<&str>,
        turn_id: Option<&str>,
        turn: Option<Arc<TurnLog>>,
    ) -> ServerRequest {
        if let Some(log) = &turn {
            log.server_request_opened();
        }
        ServerRequest {
            inner: Arc::new(Inner {
                conn,
                id: NulString::new(id),
                method: NulString::new(method),
                params: NulString::new(params),
                thread_id: thread_id.map(NulString::new),
                turn_id: turn_id.map(NulString::new),
                turn: turn.as_ref().map(Arc::downgrade),
                answered: AtomicBool::new(false),
            }),
        }
    }

    pub fn method(&self) -> &str {
        self.inner.method.as_str()
    }
    /// The request id as raw JSON (a number or a string).
    pub fn id_json(&self) -> &str {
        self.inner.id.as_str()
    }
    pub fn params_json(&self) -> &str {
        self.inner.params.as_str()
    }
    pub fn thread_id(&self) -> Option<&str> {
        self.inner.thread_id.as_ref().map(NulString::as_str)
    }
    pub fn turn_id(&self) -> Option<&str> {
        self.inner.turn_id.as_ref().map(NulString::as_str)
    }
    /// The method, NUL-terminated (for C callers: no copy).
    pub fn method_cstr(&self) -> &CStr {
        self.inner.method.as_cstr()
    }
    pub fn id_cstr(&self) -> &CStr {
        self.inner.id.as_cstr()
    }
    pub fn params_cstr(&self) -> &CStr {
        self.inner.params.as_cstr()
    }
    pub fn thread_id_cstr(&self) -> Option<&CStr> {
        self.inner.thread_id.as_ref().map(NulString::as_cstr)
    }
    pub fn turn_id_cstr(&self) -> Option<&CStr> {
        self.inner.turn_id.as_ref().map(NulString::as_cstr)
    }

    /// Whether an answer (the host's or the default) was already sent.
    pub fn is_answered(&self) -> bool {
        self.inner.answered.load(Ordering::SeqCst)
    }

    /// Answers with a result (JSON text). `EXPIRED` if it was already answered.
    pub fn respond(&self, result_json: &str) -> Result<()> {
        json::validate(result_json, "result", Embedding::MessageField)?;
        self.inner.send(Ok(result_json))
    }

    /// Answers with a JSON-RPC error.
    pub fn respond_error(&self, code: i64, message: &str) -> Result<()> {
        if code == 0 {
            return Err(Error::invalid("code must not be 0"));
        }
        self.inner.send(Err((code, message)))
    }

    /// Sends the safe default if nothing was sent yet. Returns whether it sent it.
    pub(crate) fn answer_default(&self, why: &str) -> bool {
        self.inner.answer_default(why)
    }

    pub(crate) fn downgrade(&self) -> WeakServerRequest {
        WeakServerRequest(Arc::downgrade(&self.inner))
    }
}

impl WeakServerRequest {
    pub(crate) fn upgrade(&self) -> Option<ServerRequest> {
        self.0.upgrade().map(|inner| ServerRequest { inner })
    }
}

impl Inner {
    fn send(&self, answer: std::result::Result<&str, (i64, &str)>) -> Result<()> {
        if self.answered.swap(true, Ordering::SeqCst) {
            return Err(Error::new(
                Status::Expired,
                format!(
                    "server request {} was already answered (by timeout or default)",
                    self.method.as_str()
                ),
            ));
        }
        if let Some(log) = self.turn.as_ref().and_then(Weak::upgrade) {
            log.server_request_answered();
        }
        let conn = self.conn.upgrade().ok_or_else(Error::closed)?;
        let line = match answer {
            Ok(result) => messages::result_line(self.id.as_str(), result),
            Err((code, message)) => messages::error_line(self.id.as_str(), code, message),
        };
        conn.write(line)
    }

    fn answer_default(&self, why: &str) -> bool {
        if self.answered.load(Ordering::SeqCst) {
            return false;
        }
        let sent = self.send(safe_default(self.method.as_str())).is_ok();
        if let Some(conn) = self.conn.upgrade() {
            conn.diag.log(
                LogLevel::Info,
                &format!(
                    "answered {} with the safe default: {why}",
                    self.method.as_str()
                ),
            );
        }
        sent
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.answer_default("the request was released unanswered");
    }
}

/// Where server requests go: the host's handler on the delivery thread, bounded by the handler
/// timeout, or the safe default at once when no handler is set.
pub(crate) struct ServerRequests {
    pub(crate) handler: Arc<Slot<RequestHandlerFn>>,
    timeout: Duration,
}

impl ServerRequests {
    pub(crate) fn new(timeout: Duration) -> Self {
        ServerRequests {
            handler: Arc::default(),
            timeout,
        }
    }

    /// Hands a request to the handler (or answers it safely).
    pub(crate) fn dispatch(&self, req: ServerRequest, delivery: &Delivery) {
        if !self.handler.is_set() {
            req.answer_default("no server-request handler is set");
            return;
        }
        // The handler timeout: past it the safe answer goes out and a late answer is EXPIRED.
        let weak = req.downgrade();
        let timeout = self.timeout;
        crate::runtime::executor::handle().spawn(async move {
            tokio::time::sleep(timeout).await;
            if let Some(req) = weak.upgrade() {
                req.answer_default("the server-request handler timed out");
            }
        });
        let handler = self.handler.clone();
        delivery.post_request(Box::new(move || {
            let mut req = Some(req);
            handler.call(|f| {
                if let Some(req) = req.take() {
                    f(req)
                }
            });
            // No handler ran it (cleared meanwhile, or it panicked before taking it): dropping
            // it unanswered sends the safe answer.
            drop(req);
        }));
    }
}
