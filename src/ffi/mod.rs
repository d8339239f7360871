//! The C ABI, a thin layer over the public Rust API (it imports nothing below `api`): each
//! export checks its pointers and UTF-8, calls the Rust API, and converts the outcome. Every
//! export runs under the one panic boundary, [`ffi_boundary!`]; status + `codex_error **` come
//! last; `char **` outputs are owned, getters borrowed. The rules users read are in
//! `docs/abi.md` and the header's preamble.
//!
//! One file per handle; the shared helpers live here.
#![allow(non_camel_case_types, clippy::missing_safety_doc)]

/// The one panic boundary every export runs under:
/// - `ffi_boundary!(err, || -> Result<()> { ... })` for status-returning functions: the
///   outcome becomes the status and, on failure, `*err` (a panic is `CODEX_STATUS_PANIC`);
/// - `ffi_boundary!(|| { ... })` for getters and frees: a panic returns the type's
///   [`boundary::PanicDefault`] (NULL, false, -1 or 0).
macro_rules! ffi_boundary {
    ($err:expr, $body:expr) => {
        $crate::ffi::boundary::status($err, $body)
    };
    ($body:expr) => {
        $crate::ffi::boundary::value($body)
    };
}

pub(crate) mod boundary;
pub(crate) mod handle;
pub(crate) mod request_view;

pub mod approval;
pub mod bounded;
pub mod cancel;
pub mod client;
pub mod config;
pub mod error;
pub mod event;
pub mod exec;
pub mod goal;
pub mod history;
pub mod item;
pub mod limits;
pub mod login;
pub mod mcp;
pub mod options;
pub mod params;
pub mod remote;
pub mod review;
pub mod server_request;
pub mod thread;
pub mod thread_stream;
pub mod tools;
pub mod turn;

use crate::{Error, Result, Status};
use error::codex_error;
use std::ffi::{c_char, c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

/// Frees `user_data` when a registered callback is released.
pub type codex_drop_fn = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// The host's `user_data` plus its `drop`, run exactly once when the last owner lets go.
pub(crate) struct UserData {
    ptr: *mut c_void,
    drop: codex_drop_fn,
}

// SAFETY: the ABI makes the host responsible for user_data being usable from the delivery thread.
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

impl UserData {
    pub(crate) fn new(ptr: *mut c_void, drop: codex_drop_fn) -> Self {
        UserData { ptr, drop }
    }
    /// The pointer (a method, so closures capture the whole `UserData`, and with it `drop`).
    pub(crate) fn get(&self) -> *mut c_void {
        self.ptr
    }
}

impl Drop for UserData {
    fn drop(&mut self) {
        if let Some(d) = self.drop {
            // SAFETY: the host gave us this function for this pointer.
            let _ = catch_unwind(AssertUnwindSafe(|| unsafe { d(self.ptr) }));
        }
    }
}

/// Hands an outcome to a C completion callback: `(OK, result, NULL)` or `(status, NULL, error)`,
/// both borrowed for the duration of the call.
pub(crate) fn call_with_outcome<T, R>(
    outcome: &Result<T>,
    wrap: impl FnOnce(&T) -> R,
    call: impl FnOnce(Status, *const R, *const codex_error),
) {
    match outcome {
        Ok(value) => {
            let r = wrap(value);
            call(Status::Ok, &r, std::ptr::null());
        }
        Err(e) => {
            let ce = codex_error::from_error(e);
            call(e.status, std::ptr::null(), &ce);
        }
    }
}

/// The C timeout convention (`< 0` = no limit) as an optional duration.
pub(crate) fn timeout_ms(ms: i64) -> Option<Duration> {
    u64::try_from(ms).ok().map(Duration::from_millis)
}

/// A required string argument.
pub(crate) unsafe fn str_arg<'a>(p: *const c_char, name: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(Error::invalid(format!("{name} is NULL")));
    }
    CStr::from_ptr(p)
        .to_str()
        .map_err(|_| Error::invalid(format!("{name} is not valid UTF-8")))
}

/// An optional string argument (NULL = `None`).
pub(crate) unsafe fn opt_str_arg<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        str_arg(p, name).map(Some)
    }
}

/// Optional JSON params: NULL = `None` (the Rust API checks the JSON itself).
pub(crate) unsafe fn json_arg<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>> {
    opt_str_arg(p, name)
}

/// A required handle argument (see [`handle::borrow`]).
pub(crate) use handle::borrow as handle;

/// Checks an output pointer before any work is done.
pub(crate) fn out_arg<T>(p: *mut T, name: &str) -> Result<()> {
    if p.is_null() {
        Err(Error::invalid(format!("{name} (output) is NULL")))
    } else {
        Ok(())
    }
}

/// A C copy of a Rust string; interior NULs (impossible in JSON text and ids) are cut.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let n = e.nul_position();
        CString::new(&s[..n]).expect("cut at the first NUL")
    })
}

/// An owned string for a `char **` output.
pub(crate) fn owned_c_string(s: &str) -> *mut c_char {
    c_string(s).into_raw()
}

pub(crate) fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
}

/// Frees a string the library returned through a `char **` output. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_string_free(s: *mut c_char) {
    ffi_boundary!(|| {
        if !s.is_null() {
            drop(CString::from_raw(s));
        }
    })
}

/// The library's version ("MAJOR.MINOR.PATCH"), static.
#[no_mangle]
pub extern "C" fn codex_version() -> *const c_char {
    ffi_boundary!(|| concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr() as *const c_char)
}

/// The library's version as one number, MAJOR * 10000 + MINOR * 100 + PATCH (e.g. 100 for
/// 0.1.0), to compare with CODEX_VERSION_NUMBER (the header's) at run time.
#[no_mangle]
pub extern "C" fn codex_version_number() -> u32 {
    ffi_boundary!(|| VERSION_NUMBER)
}

const VERSION_NUMBER: u32 = {
    const fn num(s: &str) -> u32 {
        let b = s.as_bytes();
        let mut i = 0;
        let mut n = 0;
        while i < b.len() {
            n = n * 10 + (b[i] - b'0') as u32;
            i += 1;
        }
        n
    }
    num(env!("CARGO_PKG_VERSION_MAJOR")) * 10000
        + num(env!("CARGO_PKG_VERSION_MINOR")) * 100
        + num(env!("CARGO_PKG_VERSION_PATCH"))
};
