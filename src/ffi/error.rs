//! `codex_status` and the `codex_error` object.

use super::handle::{free_boxed, into_boxed};
use crate::{Error, Status};
use std::ffi::{c_char, CString};

/// An error: status, message, and where they apply the JSON-RPC code and data and the tail of
/// the app-server's stderr (secrets redacted). Free with codex_error_free.
pub struct codex_error {
    status: Status,
    message: CString,
    rpc_code: i64,
    rpc_data: Option<CString>,
    stderr_tail: Option<CString>,
}

impl super::handle::Boxed for codex_error {}

impl codex_error {
    pub(crate) fn from_error(e: &Error) -> codex_error {
        codex_error {
            status: e.status,
            message: super::c_string(&crate::redact(&e.message)),
            rpc_code: e.rpc_code,
            rpc_data: e.rpc_data.as_deref().map(super::c_string),
            stderr_tail: e.stderr_tail.as_deref().map(super::c_string),
        }
    }
}

/// Writes an owned error to `*err`. The `*err` rule: `err` may be NULL (no error is written),
/// and `*err` must be NULL on entry; if it is not, the library neither reads nor frees what is
/// there, leaves it as it is, and drops the new error.
pub(crate) fn set(err: *mut *mut codex_error, e: Error) {
    if err.is_null() {
        return;
    }
    // SAFETY: the caller passed a writable pointer (checked non-NULL).
    unsafe {
        if (*err).is_null() {
            *err = into_boxed(codex_error::from_error(&e));
        }
    }
}

/// The status this error stands for.
#[no_mangle]
pub unsafe extern "C" fn codex_error_status(err: *const codex_error) -> Status {
    ffi_boundary!(|| err.as_ref().map_or(Status::InvalidArgument, |e| e.status))
}

/// A human-readable message (borrowed; never NULL for a non-NULL error).
#[no_mangle]
pub unsafe extern "C" fn codex_error_message(err: *const codex_error) -> *const c_char {
    ffi_boundary!(|| err
        .as_ref()
        .map_or(std::ptr::null(), |e| e.message.as_ptr()))
}

/// The JSON-RPC error code, or 0 if the server sent none.
#[no_mangle]
pub unsafe extern "C" fn codex_error_rpc_code(err: *const codex_error) -> i64 {
    ffi_boundary!(|| err.as_ref().map_or(0, |e| e.rpc_code))
}

/// The JSON-RPC error data as JSON text (borrowed), or NULL.
#[no_mangle]
pub unsafe extern "C" fn codex_error_rpc_data(err: *const codex_error) -> *const c_char {
    ffi_boundary!(|| err
        .as_ref()
        .map_or(std::ptr::null(), |e| super::opt_ptr(&e.rpc_data)))
}

/// The last lines of the app-server's stderr (borrowed, secrets redacted), or NULL.
#[no_mangle]
pub unsafe extern "C" fn codex_error_stderr_tail(err: *const codex_error) -> *const c_char {
    ffi_boundary!(|| err
        .as_ref()
        .map_or(std::ptr::null(), |e| super::opt_ptr(&e.stderr_tail)))
}

/// Frees an error. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_error_free(err: *mut codex_error) {
    ffi_boundary!(|| {
        if !err.is_null() {
            free_boxed(err);
        }
    })
}

/// The name of a status, e.g. "CODEX_STATUS_TIMEOUT" (static; never NULL). A value the library
/// does not know gives "CODEX_STATUS_UNKNOWN". The bindings print statuses through this.
#[no_mangle]
pub extern "C" fn codex_status_str(status: u32) -> *const c_char {
    ffi_boundary!(|| status_name(status).as_ptr() as *const c_char)
}

fn status_name(status: u32) -> &'static str {
    match status {
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
    }
}
