//! Server→client requests (approvals and friends). Every one is answered exactly once: by the
//! host's handler, or with the safe default when there is no handler, the handler fails or
//! times out, or the request is dropped unanswered.

use crate::error::{Error, Result, Status};
use crate::event::NulString;
use crate::router::Router;
use crate::turn_log::TurnLog;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

/// A request from the server that needs an answer. Cloning shares it; when the last clone is
/// dropped unanswered, the safe default answer is sent.
#[derive(Clone)]
pub struct ServerRequest {
    inner: Arc<Inner>,
}

pub(crate) struct WeakServerRequest(Weak<Inner>);

struct Inner {
    router: Weak<Router>,
    id: NulString,
    method: NulString,
    params: NulString,
    thread_id: Option<NulString>,
    turn_id: Option<NulString>,
    turn: Option<Weak<TurnLog>>,
    answered: AtomicBool,
}

/// The safe answer for a method: decline approvals, grant nothing, answer nothing.
fn safe_default(method: &str) -> std::result::Result<&'static str, (i64, &'static str)> {
    match method {
        "item/commandExecution/requestApproval" | "item/fileChange/requestApproval" => {
            Ok(r#"{"decision":"decline"}"#)
        }
        "item/permissions/requestApproval" => Ok(r#"{"permissions":{}}"#),
        "item/tool/requestUserInput" => Ok(r#"{"answers":{}}"#),
        "mcpServer/elicitation/request" => Ok(r#"{"action":"decline"}"#),
        "execCommandApproval" | "applyPatchApproval" => Ok(r#"{"decision":"denied"}"#),
        _ => Err((-32601, "not supported by this client")),
    }
}

impl ServerRequest {
    pub(crate) fn new(
        router: Weak<Router>,
        id: &str,
        method: &str,
        params: &str,
        thread_id: Option<&str>,
        turn_id: Option<&str>,
        turn: Option<Arc<TurnLog>>,
    ) -> ServerRequest {
        if let Some(log) = &turn {
            log.inner.lock().unwrap().pending_server_requests += 1;
        }
        ServerRequest {
            inner: Arc::new(Inner {
                router,
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
    pub(crate) fn c_method(&self) -> *const std::ffi::c_char {
        self.inner.method.as_ptr()
    }
    pub(crate) fn c_id(&self) -> *const std::ffi::c_char {
        self.inner.id.as_ptr()
    }
    pub(crate) fn c_params(&self) -> *const std::ffi::c_char {
        self.inner.params.as_ptr()
    }
    pub(crate) fn c_thread_id(&self) -> *const std::ffi::c_char {
        self.inner
            .thread_id
            .as_ref()
            .map_or(std::ptr::null(), NulString::as_ptr)
    }
    pub(crate) fn c_turn_id(&self) -> *const std::ffi::c_char {
        self.inner
            .turn_id
            .as_ref()
            .map_or(std::ptr::null(), NulString::as_ptr)
    }

    /// Whether an answer (the host's or the default) was already sent.
    pub fn is_answered(&self) -> bool {
        self.inner.answered.load(Ordering::SeqCst)
    }

    /// Answers with a result (JSON text). `EXPIRED` if it was already answered.
    pub fn respond(&self, result_json: &str) -> Result<()> {
        crate::rpc::validate_json(result_json, "result")?;
        self.inner.send(Ok(result_json))
    }

    /// Answers with a JSON-RPC error.
    pub fn respond_error(&self, code: i64, message: &str) -> Result<()> {
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
            let mut inner = log.inner.lock().unwrap();
            inner.pending_server_requests = inner.pending_server_requests.saturating_sub(1);
            // The handler's think time is not idleness: restart the watchdog's clock.
            inner.last_activity = std::time::Instant::now();
        }
        let router = self.router.upgrade().ok_or_else(Error::closed)?;
        let line = match answer {
            Ok(result) => crate::rpc::result_line(self.id.as_str(), result),
            Err((code, message)) => crate::rpc::error_line(self.id.as_str(), code, message),
        };
        router.write(line)
    }

    fn answer_default(&self, why: &str) -> bool {
        if self.answered.load(Ordering::SeqCst) {
            return false;
        }
        let sent = self.send(safe_default(self.method.as_str())).is_ok();
        if let Some(router) = self.router.upgrade() {
            router.log(
                crate::options::LogLevel::Info,
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
