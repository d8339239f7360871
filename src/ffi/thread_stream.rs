//! `codex_thread_stream`, and `codex_turn_attach`: following a thread, and taking a handle on a
//! turn the host did not start (review, compaction, goal continuation) by its ids.

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{free_boxed, into_boxed, into_shared, lend};
use super::turn::codex_turn;
use super::{handle, out_arg, str_arg, UserData};
use crate::{Error, Status, ThreadStream};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// A thread stream: every event scoped to one thread from the moment it was opened. Thread-safe.
/// Free with codex_thread_stream_free (also from inside its own callback).
pub struct codex_thread_stream {
    stream: ThreadStream,
    thread_id: CString,
}

impl super::handle::Boxed for codex_thread_stream {}

pub(super) unsafe fn stream_arg<'a>(
    stream: *const codex_thread_stream,
) -> crate::Result<&'a ThreadStream> {
    Ok(&handle(stream, "stream")?.stream)
}

/// A handle on an existing turn of a thread, by ids: a turn the library did not start
/// (`review/start` through codex_request, whose response has `turn.id`; the compaction turn
/// after codex_thread_compact, announced by its turn/started on a thread stream; a goal
/// continuation) or one another handle has. It has the same pull, callback, wait and interrupt
/// as a started turn and replays the turn from its first event, within the retention caps
/// (docs/abi.md): what they dropped arrives first as one CODEX_EVENT_GAP event; the result is
/// exact either way. A turn none of whose events has arrived yet is waited for. NOT_FOUND if
/// the turn is no longer kept (ended with its handles freed, or past the caps);
/// INVALID_ARGUMENT if it belongs to another thread. Free with codex_turn_free.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_attach(
    client: *const codex_client,
    thread_id: *const c_char,
    turn_id: *const c_char,
    out: *mut *mut codex_turn,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let thread_id = str_arg(thread_id, "thread_id")?;
        let turn_id = str_arg(turn_id, "turn_id")?;
        out_arg(out, "out")?;
        *out = codex_turn::boxed(c.attach_turn(thread_id, turn_id)?);
        Ok(())
    })
}

/// Opens a stream of everything scoped to `thread_id` from now on: the events of every turn
/// on it (also turns the library did not start: their turn/started announces them, to
/// codex_turn_attach) and the thread's own notifications (thread/status/changed,
/// thread/name/updated, ...), in server order. Those still reach turn handles and the
/// notification queue as well. Pull with codex_thread_stream_next_event or set a callback.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_stream_open(
    client: *const codex_client,
    thread_id: *const c_char,
    out: *mut *mut codex_thread_stream,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let thread_id = str_arg(thread_id, "thread_id")?;
        out_arg(out, "out")?;
        let stream = c.thread_stream(thread_id)?;
        *out = into_boxed(codex_thread_stream {
            thread_id: super::c_string(stream.thread_id()),
            stream,
        });
        Ok(())
    })
}

/// The stream's thread id (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_stream_thread_id(
    stream: *const codex_thread_stream,
) -> *const c_char {
    ffi_boundary!(|| {
        stream
            .as_ref()
            .map_or(std::ptr::null(), |s| s.thread_id.as_ptr())
    })
}

/// Takes the stream's next event, waiting up to `timeout_ms` (< 0 = no limit). OK with `*out`
/// (free it with codex_event_free); a CODEX_EVENT_GAP event if the stream lagged past its cap
/// (docs/abi.md); TIMEOUT if none came; TRANSPORT / CLOSED once the client is gone and nothing
/// is queued. INVALID_ARGUMENT once an event callback is set.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_stream_next_event(
    stream: *const codex_thread_stream,
    timeout_ms: i64,
    out: *mut *mut codex_event,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let s = stream_arg(stream)?;
        out_arg(out, "out")?;
        let ev = s.next_event_blocking(super::timeout_ms(timeout_ms))?;
        *out = into_shared::<codex_event>(ev);
        Ok(())
    })
}

/// Delivers the stream's events (what is queued, then each new one) to `fn` on the client's
/// delivery thread, in order. Pulling is then no longer possible. After
/// codex_thread_stream_free returns `fn` never starts; `drop(user_data)` runs once after its
/// last call.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_stream_set_event_callback(
    stream: *const codex_thread_stream,
    r#fn: codex_event_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let s = stream_arg(stream)?;
        let f = r#fn.ok_or_else(|| Error::invalid("fn is NULL"))?;
        s.set_event_callback(Arc::new(move |ev: &crate::Event| {
            f(data.get(), lend::<codex_event>(ev));
        }))
    })
}

/// Closes the stream: no event reaches it, and its callback never starts, after this returns
/// (from inside its own callback: when the callback returns). NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_stream_free(stream: *mut codex_thread_stream) {
    ffi_boundary!(|| {
        if !stream.is_null() {
            free_boxed(stream);
        }
    })
}
