//! `codex_turn` and `codex_turn_result`: a running turn (pull, push, steer, interrupt, wait)
//! and what it produced.

use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{free_boxed, into_boxed, into_shared, lend};
use super::{handle, out_arg, str_arg, UserData};
use crate::Error;
use crate::Status;
use crate::{block_on, Turn, TurnResult, TurnStatus};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;
use std::time::Duration;

/// A turn handle. Thread-safe. Free with codex_turn_free (also from inside its own callbacks).
pub struct codex_turn {
    turn: Turn,
    id: CString,
    thread_id: CString,
}

impl super::handle::Boxed for codex_turn {}

impl codex_turn {
    pub(crate) fn boxed(turn: Turn) -> *mut codex_turn {
        into_boxed(codex_turn {
            id: super::c_string(turn.id()),
            thread_id: super::c_string(turn.thread_id()),
            turn,
        })
    }
}

/// What a finished turn produced. Free with codex_turn_result_free (except the borrowed one
/// passed to a completion callback).
pub struct codex_turn_result {
    pub(super) result: Arc<TurnResult>,
    id: CString,
    thread_id: CString,
    error: Option<CString>,
    error_json: Option<CString>,
    final_response: Option<CString>,
    items_json: CString,
    usage_json: Option<CString>,
    /// The items, split out of `items_json` on first use (item.rs).
    items: std::sync::OnceLock<Vec<crate::Item>>,
}

impl super::handle::Boxed for codex_turn_result {}

impl codex_turn_result {
    pub(crate) fn new(result: Arc<TurnResult>) -> Self {
        let opt = |s: &Option<String>| s.as_deref().map(super::c_string);
        codex_turn_result {
            id: super::c_string(&result.id),
            thread_id: super::c_string(&result.thread_id),
            error: opt(&result.error),
            error_json: opt(&result.error_json),
            final_response: opt(&result.final_response),
            items_json: super::c_string(&result.items_json),
            usage_json: opt(&result.usage_json),
            items: std::sync::OnceLock::new(),
            result,
        }
    }
    pub(crate) fn boxed(result: Arc<TurnResult>) -> *mut codex_turn_result {
        into_boxed(Self::new(result))
    }
    /// The result behind the handle (for the typed getters in item.rs).
    pub(crate) fn result(&self) -> &TurnResult {
        &self.result
    }
    /// The turn's items, split (not decoded) on the first call.
    pub(crate) fn items(&self) -> &[crate::Item] {
        self.items.get_or_init(|| self.result.items())
    }
}

/// Called once when a turn ends: on OK `result` is set (borrowed: valid during the call), else
/// `error` (TRANSPORT, CLOSED, ...). Runs on the delivery thread after the turn's last event
/// callback.
pub type codex_turn_complete_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        status: Status,
        result: *const codex_turn_result,
        error: *const codex_error,
    ),
>;

pub(super) unsafe fn turn_arg<'a>(turn: *const codex_turn) -> crate::Result<&'a Turn> {
    Ok(&handle(turn, "turn")?.turn)
}

/// The turn id (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_id(turn: *const codex_turn) -> *const c_char {
    ffi_boundary!(|| { turn.as_ref().map_or(std::ptr::null(), |t| t.id.as_ptr()) })
}

/// The id of the turn's thread (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_thread_id(turn: *const codex_turn) -> *const c_char {
    ffi_boundary!(|| {
        turn.as_ref()
            .map_or(std::ptr::null(), |t| t.thread_id.as_ptr())
    })
}

/// Takes the turn's next event, waiting up to `timeout_ms` (< 0 = no limit). OK with `*out`
/// (free it with codex_event_free); END after turn/completed was taken; TIMEOUT if none came;
/// TRANSPORT / CLOSED if the turn ended without completing. INVALID_ARGUMENT once an event
/// callback is set (events then go there).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_next_event(
    turn: *const codex_turn,
    timeout_ms: i64,
    out: *mut *mut codex_event,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        out_arg(out, "out")?;
        let ev = t.next_event_blocking(super::timeout_ms(timeout_ms))?;
        *out = into_shared::<codex_event>(ev);
        Ok(())
    })
}

/// Delivers the turn's events (from the first one not yet pulled) to `fn` on the client's
/// delivery thread, in order. Pulling is then no longer possible. After codex_turn_free returns
/// `fn` never starts; `drop(user_data)` runs once after its last call.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_set_event_callback(
    turn: *const codex_turn,
    r#fn: codex_event_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let t = turn_arg(turn)?;
        let f = r#fn.ok_or_else(|| Error::invalid("fn is NULL"))?;
        t.set_event_callback(Arc::new(move |ev: &crate::Event| {
            f(data.get(), lend::<codex_event>(ev));
        }))
    })
}

/// Calls `fn` once when the turn ends (at once, on the delivery thread, if it already has);
/// then `drop(user_data)`.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_on_complete(
    turn: *const codex_turn,
    r#fn: codex_turn_complete_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let t = turn_arg(turn)?;
        let f = r#fn.ok_or_else(|| Error::invalid("fn is NULL"))?;
        t.set_complete_callback(Arc::new(move |outcome: &crate::Result<Arc<TurnResult>>| {
            super::call_with_outcome(
                outcome,
                |r| codex_turn_result::new(r.clone()),
                |status, result, error| f(data.get(), status, result, error),
            )
        }))
    })
}

/// Adds plain-text input to the running turn (`turn/steer`). RPC if the turn is no longer
/// active.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_steer(
    turn: *const codex_turn,
    text: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        block_on(t.steer(str_arg(text, "text")?))
    })
}

/// codex_turn_steer with structured input (a JSON array of UserInput).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_steer_input(
    turn: *const codex_turn,
    input_json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        block_on(t.steer_input(str_arg(input_json, "input_json")?))
    })
}

/// Interrupts the turn; it then ends with status INTERRUPTED (or COMPLETED if it finished
/// first). Works from the moment the turn-starting call returned: before the server has
/// activated the turn (its turn/started), the library holds the interrupt and sends it then.
/// On a turn that has already ended, or was already interrupted, this is OK and sends nothing.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_interrupt(
    turn: *const codex_turn,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        block_on(t.interrupt())
    })
}

/// Overrides the idle watchdog for this turn: `timeout_ms` > 0 sets it, 0 turns it off.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_set_idle_timeout_ms(
    turn: *const codex_turn,
    timeout_ms: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        if timeout_ms < 0 {
            return Err(Error::invalid("timeout_ms must be >= 0"));
        }
        t.set_idle_timeout((timeout_ms > 0).then(|| Duration::from_millis(timeout_ms as u64)));
        Ok(())
    })
}

/// Waits up to `timeout_ms` (< 0 = no limit) for the turn to end. TIMEOUT leaves it running.
/// A failed turn is OK with status FAILED. Free the result with codex_turn_result_free.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_wait(
    turn: *const codex_turn,
    timeout_ms: i64,
    out: *mut *mut codex_turn_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = turn_arg(turn)?;
        out_arg(out, "out")?;
        let result = t.wait_blocking(super::timeout_ms(timeout_ms))?;
        *out = codex_turn_result::boxed(result);
        Ok(())
    })
}

/// Frees the turn handle: its callbacks stop (none starts after this returns; from inside its own
/// callback the free takes effect when the callback returns). The turn itself goes on unless
/// interrupted. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_free(turn: *mut codex_turn) {
    ffi_boundary!(|| {
        if !turn.is_null() {
            free_boxed(turn);
        }
    })
}

unsafe fn res<'a>(r: *const codex_turn_result) -> Option<&'a codex_turn_result> {
    r.as_ref()
}

/// The turn id (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_id(result: *const codex_turn_result) -> *const c_char {
    ffi_boundary!(|| { res(result).map_or(std::ptr::null(), |r| r.id.as_ptr()) })
}

/// The thread id (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_thread_id(
    result: *const codex_turn_result,
) -> *const c_char {
    ffi_boundary!(|| { res(result).map_or(std::ptr::null(), |r| r.thread_id.as_ptr()) })
}

/// How the turn ended.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_status(
    result: *const codex_turn_result,
) -> crate::codex_turn_status {
    ffi_boundary!(|| { res(result).map_or(TurnStatus::Failed, |r| r.result.status) })
}

/// The error message of a failed turn, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_error(
    result: *const codex_turn_result,
) -> *const c_char {
    ffi_boundary!(|| { res(result).map_or(std::ptr::null(), |r| super::opt_ptr(&r.error)) })
}

/// The server's TurnError object as JSON, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_error_json(
    result: *const codex_turn_result,
) -> *const c_char {
    ffi_boundary!(|| { res(result).map_or(std::ptr::null(), |r| super::opt_ptr(&r.error_json)) })
}

/// The final response: the last final_answer-phase agent message, else the last phase-less one,
/// else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_final_response(
    result: *const codex_turn_result,
) -> *const c_char {
    ffi_boundary!(|| {
        res(result).map_or(std::ptr::null(), |r| super::opt_ptr(&r.final_response))
    })
}

/// Every item/completed item of the turn, in order (user message included), as a JSON array
/// (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_items_json(
    result: *const codex_turn_result,
) -> *const c_char {
    ffi_boundary!(|| { res(result).map_or(std::ptr::null(), |r| r.items_json.as_ptr()) })
}

/// The turn's last token usage (ThreadTokenUsage JSON: total, last, modelContextWindow), else
/// NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_usage_json(
    result: *const codex_turn_result,
) -> *const c_char {
    ffi_boundary!(|| { res(result).map_or(std::ptr::null(), |r| super::opt_ptr(&r.usage_json)) })
}

/// Server timestamps (Unix seconds) and duration (ms); -1 where the server sent none.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_started_at(result: *const codex_turn_result) -> i64 {
    ffi_boundary!(|| { res(result).and_then(|r| r.result.started_at).unwrap_or(-1) })
}

/// See codex_turn_result_started_at.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_completed_at(result: *const codex_turn_result) -> i64 {
    ffi_boundary!(|| {
        res(result)
            .and_then(|r| r.result.completed_at)
            .unwrap_or(-1)
    })
}

/// See codex_turn_result_started_at.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_duration_ms(result: *const codex_turn_result) -> i64 {
    ffi_boundary!(|| { res(result).and_then(|r| r.result.duration_ms).unwrap_or(-1) })
}

/// Milliseconds the library saw between the turn's first tracking and its end.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_elapsed_ms(result: *const codex_turn_result) -> i64 {
    ffi_boundary!(|| { res(result).map_or(-1, |r| r.result.elapsed.as_millis() as i64) })
}

/// Whether the idle watchdog ended the turn.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_watchdog_fired(
    result: *const codex_turn_result,
) -> bool {
    ffi_boundary!(|| { res(result).is_some_and(|r| r.result.watchdog) })
}

/// Frees a turn result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_free(result: *mut codex_turn_result) {
    ffi_boundary!(|| {
        if !result.is_null() {
            free_boxed(result);
        }
    })
}
