//! Bounded turns: a run with a deadline (and a cancel token), the result's deadline flag, and
//! the typed view of retry and error events (attempt number, message, codexErrorInfo,
//! willRetry).

use super::cancel::codex_cancel;
use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{borrow_shared, lend};
use super::thread::codex_thread;
use super::turn::codex_turn_result;
use super::{handle, json_arg, out_arg, owned_c_string, str_arg};
use crate::{with_cancel, Error, ErrorNotice, Event, Result, Status};
use std::ffi::{c_char, c_void};

/// codex_thread_run with a deadline and a cancel token. `deadline_ms` (< 0 = none) counts from
/// the call: when it passes the library interrupts the turn and the call returns OK with the
/// result (normally INTERRUPTED) and codex_turn_result_deadline_reached true; if the server has
/// not ended the turn 5 s after that interrupt, it is ended here as FAILED. `cancel` (may be
/// NULL) works as in codex_thread_run_cancellable. Retries of an unreachable provider do not
/// extend the deadline (they reach `on_event` as CODEX_EVENT_RETRY).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_run_bounded(
    thread: *const codex_thread,
    text: *const c_char,
    turn_params_json: *const c_char,
    deadline_ms: i64,
    cancel: *const codex_cancel,
    on_event: codex_event_fn,
    user_data: *mut c_void,
    out: *mut *mut codex_turn_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let text = str_arg(text, "text")?;
        out_arg(out, "out")?;
        let t = handle(thread, "thread")?;
        let params = json_arg(turn_params_json, "turn_params_json")?;
        let on_event = |ev: &crate::Event| {
            if let Some(f) = on_event {
                f(user_data, lend::<codex_event>(ev));
            }
        };
        let token = super::cancel::token_arg(cancel);
        let result = with_cancel(token, || {
            t.thread
                .run_blocking_bounded(text, params, super::timeout_ms(deadline_ms), on_event)
        })?;
        *out = codex_turn_result::boxed(result);
        Ok(())
    })
}

/// Whether the run's deadline passed and the library interrupted the turn
/// (codex_thread_run_bounded).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_deadline_reached(
    result: *const codex_turn_result,
) -> bool {
    ffi_boundary!(|| { result.as_ref().is_some_and(|r| r.result.deadline) })
}

/// The attempt number of a CODEX_EVENT_RETRY event within its turn (1, 2, ...); 0 for any
/// other event (or NULL).
#[no_mangle]
pub unsafe extern "C" fn codex_event_retry_attempt(event: *const codex_event) -> i64 {
    ffi_boundary!(|| {
        borrow_shared::<codex_event>(event)
            .and_then(|e| e.retry_attempt())
            .map_or(0, i64::from)
    })
}

unsafe fn notice_arg(event: *const codex_event) -> Result<ErrorNotice> {
    let e: &Event =
        borrow_shared::<codex_event>(event).ok_or_else(|| Error::invalid("event is NULL"))?;
    e.error_notice()
        .ok_or_else(|| Error::invalid("the event is not an error or retry event"))
}

/// The message of a CODEX_EVENT_RETRY or CODEX_EVENT_ERROR event (e.g. "Reconnecting... 2/5"),
/// as an owned `*out` (free it with codex_string_free). INVALID_ARGUMENT for any other event.
#[no_mangle]
pub unsafe extern "C" fn codex_event_error_message(
    event: *const codex_event,
    out: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        out_arg(out, "out")?;
        let notice = notice_arg(event)?;
        *out = owned_c_string(&notice.message);
        Ok(())
    })
}

/// The `codexErrorInfo` of a CODEX_EVENT_RETRY or CODEX_EVENT_ERROR event as JSON text (a
/// string such as `"serverOverloaded"` or an object such as
/// `{"responseStreamDisconnected":{"httpStatusCode":null}}`), as an owned `*out` (free it with
/// codex_string_free); `*out` is NULL when the server sent none. INVALID_ARGUMENT for any
/// other event.
#[no_mangle]
pub unsafe extern "C" fn codex_event_error_info_json(
    event: *const codex_event,
    out: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        out_arg(out, "out")?;
        let notice = notice_arg(event)?;
        *out = match &notice.codex_error_info {
            Some(info) => owned_c_string(info),
            None => std::ptr::null_mut(),
        };
        Ok(())
    })
}

/// The `willRetry` flag of an `error` notification: true for CODEX_EVENT_RETRY (the server
/// retries by itself), false for CODEX_EVENT_ERROR and any other event (or NULL).
#[no_mangle]
pub unsafe extern "C" fn codex_event_will_retry(event: *const codex_event) -> bool {
    ffi_boundary!(|| {
        borrow_shared::<codex_event>(event)
            .and_then(|e| e.error_notice())
            .is_some_and(|n| n.will_retry)
    })
}
