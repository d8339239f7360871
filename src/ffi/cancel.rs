//! `codex_cancel`: a token another thread triggers to end blocked waits with CANCELLED, and the
//! `_cancellable` forms of the blocking waits that take one (the waits' own bodies, run inside
//! the token's scope).

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{free_boxed, into_boxed, into_shared};
use super::login::{codex_login, codex_login_result};
use super::thread::{codex_thread, Input};
use super::thread_stream::{codex_thread_stream, stream_arg};
use super::turn::{codex_turn, codex_turn_result, turn_arg};
use super::{handle, json_arg, out_arg, owned_c_string, str_arg};
use crate::{with_cancel, CancelToken, Status};
use std::ffi::{c_char, c_void};

/// A cancel token. Thread-safe: trigger it from any thread, while other threads wait with it.
/// Free it with codex_cancel_free once no call uses it.
pub struct codex_cancel {
    token: CancelToken,
}

impl super::handle::Boxed for codex_cancel {}

/// The token of an optional `cancel` parameter.
pub(super) unsafe fn token_arg<'a>(cancel: *const codex_cancel) -> Option<&'a CancelToken> {
    cancel_arg(cancel)
}

unsafe fn cancel_arg<'a>(cancel: *const codex_cancel) -> Option<&'a CancelToken> {
    cancel.as_ref().map(|c| &c.token)
}

/// A new, untriggered cancel token (never NULL).
#[no_mangle]
pub extern "C" fn codex_cancel_new() -> *mut codex_cancel {
    ffi_boundary!(|| into_boxed(codex_cancel {
        token: CancelToken::new(),
    }))
}

/// Triggers the token: every `_cancellable` wait using it returns CANCELLED at once (the
/// operation it waited for goes on), and so does every later one that would have to wait, until
/// codex_cancel_reset (a wait whose result is already there still returns it). Idempotent; NULL
/// is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_cancel_trigger(cancel: *const codex_cancel) {
    ffi_boundary!(|| {
        if let Some(t) = cancel_arg(cancel) {
            t.cancel();
        }
    })
}

/// Whether the token has been triggered (and not reset since). NULL: false.
#[no_mangle]
pub unsafe extern "C" fn codex_cancel_is_triggered(cancel: *const codex_cancel) -> bool {
    ffi_boundary!(|| cancel_arg(cancel).is_some_and(|t| t.is_cancelled()))
}

/// Makes a triggered token usable again. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_cancel_reset(cancel: *const codex_cancel) {
    ffi_boundary!(|| {
        if let Some(t) = cancel_arg(cancel) {
            t.reset();
        }
    })
}

/// Frees a token. No call may be using it any more. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_cancel_free(cancel: *mut codex_cancel) {
    ffi_boundary!(|| {
        if !cancel.is_null() {
            free_boxed(cancel);
        }
    })
}

/// codex_turn_wait that also returns CANCELLED as soon as `cancel` (may be NULL: no token) is
/// triggered, at once if it already is; the turn goes on (interrupt it to stop it).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_wait_cancellable(
    turn: *const codex_turn,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_turn_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        out_arg(out, "out")?;
        let result = with_cancel(cancel_arg(cancel), || {
            t.wait_blocking(super::timeout_ms(timeout_ms))
        })?;
        *out = codex_turn_result::boxed(result);
        Ok(())
    })
}

/// codex_turn_next_event that also returns CANCELLED as soon as `cancel` (may be NULL) is
/// triggered; no event is lost (the next call takes it).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_next_event_cancellable(
    turn: *const codex_turn,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_event,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        out_arg(out, "out")?;
        let ev = with_cancel(cancel_arg(cancel), || {
            t.next_event_blocking(super::timeout_ms(timeout_ms))
        })?;
        *out = into_shared::<codex_event>(ev);
        Ok(())
    })
}

/// codex_login_wait that also returns CANCELLED as soon as `cancel` (may be NULL) is triggered;
/// the login stays pending (codex_login_cancel ends it).
#[no_mangle]
pub unsafe extern "C" fn codex_login_wait_cancellable(
    login: *const codex_login,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_login_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let l = handle(login, "login")?;
        out_arg(out, "out")?;
        let r = with_cancel(cancel_arg(cancel), || {
            l.login.wait_blocking(super::timeout_ms(timeout_ms))
        })?;
        *out = into_boxed(codex_login_result::new(r));
        Ok(())
    })
}

/// codex_request that also returns CANCELLED as soon as `cancel` (may be NULL) is triggered;
/// the request stays sent (its late answer is dropped).
#[no_mangle]
pub unsafe extern "C" fn codex_request_cancellable(
    client: *const codex_client,
    method: *const c_char,
    params_json: *const c_char,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    result_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let method = str_arg(method, "method")?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(result_json, "result_json")?;
        let r = with_cancel(cancel_arg(cancel), || {
            c.request_blocking(method, params, super::timeout_ms(timeout_ms))
        })?;
        *result_json = owned_c_string(&r);
        Ok(())
    })
}

/// codex_next_notification that also returns CANCELLED as soon as `cancel` (may be NULL) is
/// triggered; no notification is lost.
#[no_mangle]
pub unsafe extern "C" fn codex_next_notification_cancellable(
    client: *const codex_client,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_event,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out, "out")?;
        let ev = with_cancel(cancel_arg(cancel), || {
            c.next_notification_blocking(super::timeout_ms(timeout_ms))
        })?;
        *out = into_shared::<codex_event>(ev);
        Ok(())
    })
}

/// codex_thread_run that returns CANCELLED as soon as `cancel` (may be NULL) is triggered
/// (at once, starting no turn, if it already is). The run's turn has no other handle, so a
/// cancel also interrupts it (in the background; the thread's next turn runs normally).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_run_cancellable(
    thread: *const codex_thread,
    text: *const c_char,
    turn_params_json: *const c_char,
    cancel: *const codex_cancel,
    on_event: codex_event_fn,
    user_data: *mut c_void,
    out: *mut *mut codex_turn_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let text = str_arg(text, "text")?;
        with_cancel(cancel_arg(cancel), || {
            super::thread::run(
                thread,
                Input::Text(text),
                turn_params_json,
                on_event,
                user_data,
                out,
            )
        })
    })
}

/// codex_thread_stream_next_event that also returns CANCELLED as soon as `cancel` (may be NULL)
/// is triggered; no event is lost.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_stream_next_event_cancellable(
    stream: *const codex_thread_stream,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_event,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let s = stream_arg(stream)?;
        out_arg(out, "out")?;
        let ev = with_cancel(cancel_arg(cancel), || {
            s.next_event_blocking(super::timeout_ms(timeout_ms))
        })?;
        *out = into_shared::<codex_event>(ev);
        Ok(())
    })
}
