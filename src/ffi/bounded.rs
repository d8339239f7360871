//! Bounded turns: a run with a deadline (and a cancel token), the result's deadline flag, and
//! the attempt number of retry events.

use super::cancel::codex_cancel;
use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{borrow_shared, lend};
use super::thread::codex_thread;
use super::turn::codex_turn_result;
use super::{handle, json_arg, out_arg, str_arg};
use crate::{with_cancel, Status};
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
