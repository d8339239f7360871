//! `codex_server_request`: a request from the server (approvals and friends) and its answer.

use super::client::client_arg;
use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::{handle, str_arg, UserData};
use crate::ServerRequest;
use crate::Status;
use std::ffi::{c_char, c_void};
use std::sync::Arc;

/// A server request handed to the handler; owned by the host: answer it (now or later, from any
/// thread) and free it. Freeing it unanswered sends the safe default answer.
pub struct codex_server_request {
    req: ServerRequest,
    /// The typed view and its strings, made on first use (approval.rs).
    pub(crate) typed: std::sync::OnceLock<super::request_view::Typed>,
    /// A user-input request's answers set so far, by question index (approval.rs).
    pub(crate) answers: std::sync::Mutex<Vec<Option<String>>>,
    /// A dynamic tool call's answer content added so far (tools.rs).
    pub(crate) tool_content: std::sync::Mutex<Vec<crate::ToolContent>>,
}

impl super::handle::Boxed for codex_server_request {}

/// Receives an owned server request, on the client's delivery thread.
pub type codex_server_request_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, request: *mut codex_server_request)>;

/// Routes server requests (command / file-change / permission approvals, user input,
/// elicitations, ...) to `fn`. `fn` NULL removes the handler. Without a handler, or when the
/// handler does not answer within the server-request timeout, the library answers safely:
/// decline approvals, grant no permissions, empty user input, decline elicitations, and a
/// JSON-RPC error for methods it does not know.
#[no_mangle]
pub unsafe extern "C" fn codex_set_server_request_handler(
    client: *const super::client::codex_client,
    r#fn: codex_server_request_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let c = client_arg(client)?;
        let handler: Option<crate::ServerRequestHandler> = match r#fn {
            Some(f) => Some(Arc::new(move |req: ServerRequest| {
                let boxed = into_boxed(codex_server_request {
                    req,
                    typed: Default::default(),
                    answers: Default::default(),
                    tool_content: Default::default(),
                });
                f(data.get(), boxed);
            })),
            None => None,
        };
        c.set_server_request_handler(handler)
    })
}

unsafe fn req<'a>(r: *const codex_server_request) -> Option<&'a ServerRequest> {
    r.as_ref().map(|r| &r.req)
}

impl codex_server_request {
    /// The request behind the handle (for approval.rs).
    pub(crate) fn request(&self) -> &ServerRequest {
        &self.req
    }
}

/// The method, e.g. "item/commandExecution/requestApproval" (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_method(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { req(request).map_or(std::ptr::null(), |r| r.method_cstr().as_ptr()) })
}

/// The request id as JSON text (a number or a quoted string) (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_id(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { req(request).map_or(std::ptr::null(), |r| r.id_cstr().as_ptr()) })
}

/// The params as JSON text (borrowed, NUL-terminated).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_params(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { req(request).map_or(std::ptr::null(), |r| r.params_cstr().as_ptr()) })
}

/// The thread id, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_thread_id(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| {
        req(request).map_or(std::ptr::null(), |r| {
            r.thread_id_cstr().map_or(std::ptr::null(), |c| c.as_ptr())
        })
    })
}

/// The turn id, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_turn_id(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| {
        req(request).map_or(std::ptr::null(), |r| {
            r.turn_id_cstr().map_or(std::ptr::null(), |c| c.as_ptr())
        })
    })
}

/// Answers with a result (JSON text), e.g. `{"decision":"accept"}`. EXPIRED if it was already
/// answered (by the handler timeout or an earlier answer): nothing is sent then.
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_respond(
    request: *const codex_server_request,
    result_json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let r = handle(request, "request")?;
        let result = str_arg(result_json, "result_json")?;
        r.req.respond(result)
    })
}

/// Answers with a JSON-RPC error (the server treats it as a failed approval).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_respond_error(
    request: *const codex_server_request,
    code: i64,
    message: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let r = handle(request, "request")?;
        let message = str_arg(message, "message")?;
        r.req.respond_error(code, message)
    })
}

/// Frees the request; if it was never answered the safe default answer is sent. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_free(request: *mut codex_server_request) {
    ffi_boundary!(|| {
        if !request.is_null() {
            free_boxed(request);
        }
    })
}
