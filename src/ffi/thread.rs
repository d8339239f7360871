//! `codex_thread`: threads, and the client-level thread calls (list, archive, models).

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{free_boxed, into_boxed, lend};
use super::turn::{codex_turn, codex_turn_result};
use super::{handle, json_arg, out_arg, owned_c_string, str_arg};
use crate::Result;
use crate::Status;
use crate::{block_on, Thread};
use std::ffi::{c_char, c_void, CString};

/// A thread handle. Thread-safe. Free with codex_thread_free.
pub struct codex_thread {
    pub(crate) thread: Thread,
    id: CString,
}

impl super::handle::Boxed for codex_thread {}

pub(super) fn wrap(thread: Thread, out: *mut *mut codex_thread) {
    let t = codex_thread {
        id: super::c_string(thread.id()),
        thread,
    };
    // SAFETY: checked non-NULL by the caller.
    unsafe { *out = into_boxed(t) };
}

/// Starts a thread. `params_json`: ThreadStartParams (camelCase), NULL = `{}` (server defaults),
/// e.g. `{"model":"gpt-5.4","sandbox":"read-only","approvalPolicy":"on-request","cwd":"/tmp/x"}`.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_start(
    client: *const codex_client,
    params_json: *const c_char,
    out: *mut *mut codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(out, "out")?;
        wrap(block_on(c.thread_start(params))?, out);
        Ok(())
    })
}

/// Resumes a stored thread by id (ThreadResumeParams overrides in `params_json`, NULL = none).
/// A thread another client (another app-server on the same CODEX_HOME) has loaded is RPC
/// "thread <id> already has an active writer" until that client is closed.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_resume(
    client: *const codex_client,
    thread_id: *const c_char,
    params_json: *const c_char,
    out: *mut *mut codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let id = str_arg(thread_id, "thread_id")?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(out, "out")?;
        wrap(block_on(c.thread_resume(id, params))?, out);
        Ok(())
    })
}

/// Forks a thread by id into a new thread (ThreadForkParams in `params_json`, NULL = none).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_fork(
    client: *const codex_client,
    thread_id: *const c_char,
    params_json: *const c_char,
    out: *mut *mut codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let id = str_arg(thread_id, "thread_id")?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(out, "out")?;
        wrap(block_on(c.thread_fork(id, params))?, out);
        Ok(())
    })
}

/// The thread id (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_id(thread: *const codex_thread) -> *const c_char {
    ffi_boundary!(|| { thread.as_ref().map_or(std::ptr::null(), |t| t.id.as_ptr()) })
}

/// `thread/read`: writes `{"thread":...}` JSON; `include_turns` fills `thread.turns`.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_read(
    thread: *const codex_thread,
    include_turns: bool,
    out_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        out_arg(out_json, "out_json")?;
        let r = block_on(t.thread.read(include_turns))?;
        *out_json = owned_c_string(&r.raw_json);
        Ok(())
    })
}

/// Names the thread.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_set_name(
    thread: *const codex_thread,
    name: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        block_on(t.thread.set_name(str_arg(name, "name")?))
    })
}

/// Starts compaction of the thread's context (progress arrives as turn events).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_compact(
    thread: *const codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        block_on(t.thread.compact())
    })
}

/// Frees a thread handle (the thread itself stays on the server). NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_free(thread: *mut codex_thread) {
    ffi_boundary!(|| {
        if !thread.is_null() {
            free_boxed(thread);
        }
    })
}

/// `thread/list` (ThreadListParams in `params_json`, NULL = `{}`): writes the result JSON.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_list(
    client: *const codex_client,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(out_json, "out_json")?;
        let r = block_on(c.thread_list(params))?;
        *out_json = owned_c_string(&r.raw_json);
        Ok(())
    })
}

/// Archives a thread (the server unloads it).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_archive(
    client: *const codex_client,
    thread_id: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        block_on(c.thread_archive(str_arg(thread_id, "thread_id")?))
    })
}

/// Unarchives a thread and returns a handle to it (resume it before running turns).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_unarchive(
    client: *const codex_client,
    thread_id: *const c_char,
    out: *mut *mut codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let id = str_arg(thread_id, "thread_id")?;
        out_arg(out, "out")?;
        wrap(block_on(c.thread_unarchive(id))?, out);
        Ok(())
    })
}

/// `model/list`: writes the result JSON (`{"data":[...]}`).
#[no_mangle]
pub unsafe extern "C" fn codex_models(
    client: *const codex_client,
    include_hidden: bool,
    out_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out_json, "out_json")?;
        let r = block_on(c.models(include_hidden))?;
        *out_json = owned_c_string(&r.raw_json);
        Ok(())
    })
}

unsafe fn start_turn(
    thread: *const codex_thread,
    input: &str,
    params: *const c_char,
) -> Result<crate::Turn> {
    let t = handle(thread, "thread")?;
    let params = json_arg(params, "turn_params_json")?;
    block_on(t.thread.turn_input(input, params))
}

/// Starts a turn with one plain-text input (`text` is never parsed as JSON) and returns its
/// handle. `turn_params_json`: TurnStartParams overrides (camelCase, e.g. `{"effort":"high",
/// "outputSchema":{...}}`), NULL = none. On a busy thread the server joins the active turn: the
/// handle then has that turn's id and sees its events from this call on.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_turn(
    thread: *const codex_thread,
    text: *const c_char,
    turn_params_json: *const c_char,
    out: *mut *mut codex_turn,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let text = str_arg(text, "text")?;
        out_arg(out, "out")?;
        let t = handle(thread, "thread")?;
        let params = json_arg(turn_params_json, "turn_params_json")?;
        let turn = block_on(t.thread.turn(text, params))?;
        *out = codex_turn::boxed(turn);
        Ok(())
    })
}

/// codex_thread_turn with structured input: `input_json` is a JSON array of UserInput
/// (`{"type":"text","text":...}`, `{"type":"image","url":"data:..."}`,
/// `{"type":"localImage","path":...}`, `{"type":"skill","name":...,"path":...}`,
/// `{"type":"mention","name":...,"path":...}`).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_turn_input(
    thread: *const codex_thread,
    input_json: *const c_char,
    turn_params_json: *const c_char,
    out: *mut *mut codex_turn,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let input = str_arg(input_json, "input_json")?;
        out_arg(out, "out")?;
        let turn = start_turn(thread, input, turn_params_json)?;
        *out = codex_turn::boxed(turn);
        Ok(())
    })
}

/// A turn's input as the C caller gave it.
pub(super) enum Input<'a> {
    Text(&'a str),
    Json(&'a str),
}

/// How `codex_thread_run` hands events to its call-scoped callback (on the calling thread).
pub(super) unsafe fn run(
    thread: *const codex_thread,
    input: Input,
    params: *const c_char,
    on_event: codex_event_fn,
    user_data: *mut c_void,
    out: *mut *mut codex_turn_result,
) -> Result<()> {
    out_arg(out, "out")?;
    let t = handle(thread, "thread")?;
    let params = json_arg(params, "turn_params_json")?;
    let on_event = |ev: &crate::Event| {
        if let Some(f) = on_event {
            f(user_data, lend::<codex_event>(ev));
        }
    };
    let result = match input {
        Input::Text(text) => t.thread.run_blocking(text, params, on_event)?,
        Input::Json(json) => t.thread.run_input_blocking(json, params, on_event)?,
    };
    *out = codex_turn_result::boxed(result);
    Ok(())
}

/// Runs a turn with one plain-text input to completion: blocks until that turn's
/// `turn/completed` (bounded by the idle watchdog). `on_event` (may be NULL) sees every event
/// of the turn, in order, on this thread, before the call returns. A failed turn is OK with
/// result status FAILED. Free the result with codex_turn_result_free.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_run(
    thread: *const codex_thread,
    text: *const c_char,
    turn_params_json: *const c_char,
    on_event: codex_event_fn,
    user_data: *mut c_void,
    out: *mut *mut codex_turn_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let text = str_arg(text, "text")?;
        run(
            thread,
            Input::Text(text),
            turn_params_json,
            on_event,
            user_data,
            out,
        )
    })
}

/// codex_thread_run with structured input (a JSON array of UserInput; see
/// codex_thread_turn_input).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_run_input(
    thread: *const codex_thread,
    input_json: *const c_char,
    turn_params_json: *const c_char,
    on_event: codex_event_fn,
    user_data: *mut c_void,
    out: *mut *mut codex_turn_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let input = str_arg(input_json, "input_json")?;
        run(
            thread,
            Input::Json(input),
            turn_params_json,
            on_event,
            user_data,
            out,
        )
    })
}
