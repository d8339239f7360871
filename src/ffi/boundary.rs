//! The panic boundary behind [`ffi_boundary!`]: no panic ever crosses into C.

use super::error::{self, codex_error};
use crate::{Error, Result, Status};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What an export returns when its body panicked.
pub(crate) trait PanicDefault {
    fn panic_default() -> Self;
}

impl PanicDefault for () {
    fn panic_default() -> Self {}
}
impl PanicDefault for bool {
    fn panic_default() -> Self {
        false
    }
}
impl PanicDefault for i64 {
    /// `-1` is every i64 getter's "none".
    fn panic_default() -> Self {
        -1
    }
}
impl PanicDefault for i32 {
    /// `-1` is every i32 getter's "none".
    fn panic_default() -> Self {
        -1
    }
}
impl PanicDefault for crate::codex_output_stream_t {
    fn panic_default() -> Self {
        crate::codex_output_stream_t::CODEX_OUTPUT_END
    }
}
impl PanicDefault for crate::codex_match_type_t {
    fn panic_default() -> Self {
        crate::codex_match_type_t::CODEX_MATCH_OTHER
    }
}
impl PanicDefault for u64 {
    fn panic_default() -> Self {
        0
    }
}
impl PanicDefault for usize {
    fn panic_default() -> Self {
        0
    }
}
impl PanicDefault for u32 {
    fn panic_default() -> Self {
        0
    }
}
impl PanicDefault for crate::codex_goal_status_t {
    fn panic_default() -> Self {
        crate::codex_goal_status_t::CODEX_GOAL_STATUS_OTHER
    }
}
impl PanicDefault for Status {
    fn panic_default() -> Self {
        Status::Panic
    }
}
impl PanicDefault for crate::codex_event_kind_t {
    fn panic_default() -> Self {
        crate::EventKind::Other
    }
}
impl PanicDefault for crate::codex_turn_status {
    fn panic_default() -> Self {
        crate::TurnStatus::Failed
    }
}
impl PanicDefault for crate::codex_item_type_t {
    fn panic_default() -> Self {
        crate::codex_item_type_t::CODEX_ITEM_OTHER
    }
}
impl PanicDefault for crate::codex_thread_status_t {
    fn panic_default() -> Self {
        crate::codex_thread_status_t::CODEX_THREAD_STATUS_OTHER
    }
}
impl PanicDefault for crate::codex_server_request_kind_t {
    fn panic_default() -> Self {
        crate::codex_server_request_kind_t::CODEX_REQUEST_OTHER
    }
}
impl<T> PanicDefault for *const T {
    fn panic_default() -> Self {
        std::ptr::null()
    }
}
impl<T> PanicDefault for *mut T {
    fn panic_default() -> Self {
        std::ptr::null_mut()
    }
}

/// A getter's or free's body; a panic gives the return type's default.
pub(crate) fn value<R: PanicDefault>(body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| R::panic_default())
}

/// A status-returning body: `Ok` is `OK`; an error becomes its status and, except for
/// `TIMEOUT` and `END`, an owned error in `*err` (see [`error::set`] for the `*err` rule).
pub(crate) fn status(err: *mut *mut codex_error, body: impl FnOnce() -> Result<()>) -> Status {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(Error::new(
            Status::Panic,
            "a bug in codex-ffi was caught at the C boundary",
        ))
    });
    match outcome {
        Ok(()) => Status::Ok,
        Err(e) => {
            let status = e.status;
            if !matches!(status, Status::Timeout | Status::End) {
                error::set(err, e);
            }
            status
        }
    }
}
