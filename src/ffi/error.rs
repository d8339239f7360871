//! `codex_status` and the `codex_error` object.

use crate::error::{Error, Status};
use std::ffi::{c_char, CString};

/// The result of every fallible function. Values are explicit and never renumbered.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum codex_status {
    /// Success: outputs are written.
    CODEX_STATUS_OK = 0,
    /// NULL where a value is needed, invalid UTF-8, bad JSON, misuse.
    CODEX_STATUS_INVALID_ARGUMENT = 1,
    /// A wait's time ran out; the operation goes on. No error object is written.
    CODEX_STATUS_TIMEOUT = 2,
    /// A stream has no more events. No error object is written.
    CODEX_STATUS_END = 3,
    /// The operation was cancelled.
    CODEX_STATUS_CANCELLED = 4,
    /// The client was freed or shut down.
    CODEX_STATUS_CLOSED = 5,
    /// The app-server died or its pipes broke; the error carries the stderr tail.
    CODEX_STATUS_TRANSPORT = 6,
    /// The server answered a JSON-RPC error (code and data in the error object).
    CODEX_STATUS_RPC = 7,
    /// The server stayed overloaded (-32001) past the retry limit.
    CODEX_STATUS_OVERLOADED = 8,
    /// The codex binary, or an id the library itself does not know.
    CODEX_STATUS_NOT_FOUND = 9,
    /// An answer to a server request that was already answered by timeout or default.
    CODEX_STATUS_EXPIRED = 10,
    /// The server's version is outside the supported range.
    CODEX_STATUS_VERSION = 11,
    /// A blocking call from a callback that could only finish after that callback returns.
    CODEX_STATUS_WOULD_DEADLOCK = 12,
    /// A bug caught at the C boundary.
    CODEX_STATUS_PANIC = 13,
    /// Anything else.
    CODEX_STATUS_INTERNAL = 14,
    /// A remote app-server refused the connection's credentials (missing, invalid or expired).
    CODEX_STATUS_AUTH = 15,
}

impl From<Status> for codex_status {
    fn from(s: Status) -> Self {
        use codex_status::*;
        match s {
            Status::Ok => CODEX_STATUS_OK,
            Status::InvalidArgument => CODEX_STATUS_INVALID_ARGUMENT,
            Status::Timeout => CODEX_STATUS_TIMEOUT,
            Status::End => CODEX_STATUS_END,
            Status::Cancelled => CODEX_STATUS_CANCELLED,
            Status::Closed => CODEX_STATUS_CLOSED,
            Status::Transport => CODEX_STATUS_TRANSPORT,
            Status::Rpc => CODEX_STATUS_RPC,
            Status::Overloaded => CODEX_STATUS_OVERLOADED,
            Status::NotFound => CODEX_STATUS_NOT_FOUND,
            Status::Expired => CODEX_STATUS_EXPIRED,
            Status::Version => CODEX_STATUS_VERSION,
            Status::WouldDeadlock => CODEX_STATUS_WOULD_DEADLOCK,
            Status::Panic => CODEX_STATUS_PANIC,
            Status::Internal => CODEX_STATUS_INTERNAL,
            Status::Auth => CODEX_STATUS_AUTH,
        }
    }
}

/// An error: status, message, and where they apply the JSON-RPC code and data and the tail of
/// the app-server's stderr (secrets redacted). Free with codex_error_free.
pub struct codex_error {
    status: codex_status,
    message: CString,
    rpc_code: i64,
    rpc_data: Option<CString>,
    stderr_tail: Option<CString>,
}

impl codex_error {
    pub(crate) fn from_error(e: &Error) -> codex_error {
        codex_error {
            status: e.status.into(),
            message: super::c_string(&crate::secrets::redact_patterns(&e.message)),
            rpc_code: e.rpc_code,
            rpc_data: e.rpc_data.as_deref().map(super::c_string),
            stderr_tail: e.stderr_tail.as_deref().map(super::c_string),
        }
    }
}

/// Writes an owned error to `*err` if `err` is not NULL.
pub(crate) fn set(err: *mut *mut codex_error, e: Error) {
    if !err.is_null() {
        // SAFETY: the caller passed a writable pointer (checked non-NULL).
        unsafe { *err = Box::into_raw(Box::new(codex_error::from_error(&e))) };
    }
}

/// The status this error stands for.
#[no_mangle]
pub unsafe extern "C" fn codex_error_status(err: *const codex_error) -> codex_status {
    err.as_ref()
        .map_or(codex_status::CODEX_STATUS_INVALID_ARGUMENT, |e| e.status)
}

/// A human-readable message (borrowed; never NULL for a non-NULL error).
#[no_mangle]
pub unsafe extern "C" fn codex_error_message(err: *const codex_error) -> *const c_char {
    err.as_ref()
        .map_or(std::ptr::null(), |e| e.message.as_ptr())
}

/// The JSON-RPC error code, or 0 if the server sent none.
#[no_mangle]
pub unsafe extern "C" fn codex_error_rpc_code(err: *const codex_error) -> i64 {
    err.as_ref().map_or(0, |e| e.rpc_code)
}

/// The JSON-RPC error data as JSON text (borrowed), or NULL.
#[no_mangle]
pub unsafe extern "C" fn codex_error_rpc_data(err: *const codex_error) -> *const c_char {
    err.as_ref()
        .map_or(std::ptr::null(), |e| super::opt_ptr(&e.rpc_data))
}

/// The last lines of the app-server's stderr (borrowed, secrets redacted), or NULL.
#[no_mangle]
pub unsafe extern "C" fn codex_error_stderr_tail(err: *const codex_error) -> *const c_char {
    err.as_ref()
        .map_or(std::ptr::null(), |e| super::opt_ptr(&e.stderr_tail))
}

/// Frees an error. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_error_free(err: *mut codex_error) {
    if !err.is_null() {
        drop(Box::from_raw(err));
    }
}

/// The name of a status, e.g. "CODEX_STATUS_TIMEOUT" (static; never NULL). A value the library
/// does not know gives "CODEX_STATUS_UNKNOWN". The bindings print statuses through this.
#[no_mangle]
pub extern "C" fn codex_status_str(status: u32) -> *const c_char {
    let name: &'static str = match status {
        0 => "CODEX_STATUS_OK\0",
        1 => "CODEX_STATUS_INVALID_ARGUMENT\0",
        2 => "CODEX_STATUS_TIMEOUT\0",
        3 => "CODEX_STATUS_END\0",
        4 => "CODEX_STATUS_CANCELLED\0",
        5 => "CODEX_STATUS_CLOSED\0",
        6 => "CODEX_STATUS_TRANSPORT\0",
        7 => "CODEX_STATUS_RPC\0",
        8 => "CODEX_STATUS_OVERLOADED\0",
        9 => "CODEX_STATUS_NOT_FOUND\0",
        10 => "CODEX_STATUS_EXPIRED\0",
        11 => "CODEX_STATUS_VERSION\0",
        12 => "CODEX_STATUS_WOULD_DEADLOCK\0",
        13 => "CODEX_STATUS_PANIC\0",
        14 => "CODEX_STATUS_INTERNAL\0",
        15 => "CODEX_STATUS_AUTH\0",
        _ => "CODEX_STATUS_UNKNOWN\0",
    };
    name.as_ptr() as *const c_char
}
