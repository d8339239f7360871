//! `codex_event`: a streamed server notification. Borrowed inside callbacks; owned (free it)
//! when pulled.

use crate::event::{Event, EventKind};
use std::ffi::{c_char, c_void};
use std::sync::Arc;

/// An event (a server notification). Opaque.
pub struct codex_event {
    _private: [u8; 0],
}

/// What kind of event it is. Values are explicit and never renumbered.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum codex_event_kind_t {
    CODEX_EVENT_TURN_STARTED = 0,
    CODEX_EVENT_TURN_COMPLETED = 1,
    CODEX_EVENT_ITEM_STARTED = 2,
    CODEX_EVENT_ITEM_COMPLETED = 3,
    CODEX_EVENT_AGENT_MESSAGE_DELTA = 4,
    CODEX_EVENT_REASONING_DELTA = 5,
    CODEX_EVENT_COMMAND_OUTPUT_DELTA = 6,
    CODEX_EVENT_TOKEN_USAGE = 7,
    CODEX_EVENT_ERROR = 8,
    /// Any other method: read codex_event_method and codex_event_params.
    CODEX_EVENT_OTHER = 9,
}

impl From<EventKind> for codex_event_kind_t {
    fn from(k: EventKind) -> Self {
        use codex_event_kind_t::*;
        match k {
            EventKind::TurnStarted => CODEX_EVENT_TURN_STARTED,
            EventKind::TurnCompleted => CODEX_EVENT_TURN_COMPLETED,
            EventKind::ItemStarted => CODEX_EVENT_ITEM_STARTED,
            EventKind::ItemCompleted => CODEX_EVENT_ITEM_COMPLETED,
            EventKind::AgentMessageDelta => CODEX_EVENT_AGENT_MESSAGE_DELTA,
            EventKind::ReasoningDelta => CODEX_EVENT_REASONING_DELTA,
            EventKind::CommandOutputDelta => CODEX_EVENT_COMMAND_OUTPUT_DELTA,
            EventKind::TokenUsage => CODEX_EVENT_TOKEN_USAGE,
            EventKind::Error => CODEX_EVENT_ERROR,
            EventKind::Other => CODEX_EVENT_OTHER,
        }
    }
}

/// Receives one event (borrowed: valid only during the call). Runs on the client's delivery
/// thread for registered callbacks, on the calling thread for codex_thread_run.
pub type codex_event_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event: *const codex_event)>;

unsafe fn ev<'a>(e: *const codex_event) -> Option<&'a Event> {
    (e as *const Event).as_ref()
}

unsafe fn view(
    e: *const codex_event,
    len: *mut usize,
    part: impl FnOnce(&Event) -> Option<&str>,
) -> *const c_char {
    let s = ev(e).and_then(part);
    if !len.is_null() {
        *len = s.map_or(0, str::len);
    }
    s.map_or(std::ptr::null(), |s| s.as_ptr() as *const c_char)
}

/// The event's kind.
#[no_mangle]
pub unsafe extern "C" fn codex_event_kind(event: *const codex_event) -> codex_event_kind_t {
    ev(event).map_or(codex_event_kind_t::CODEX_EVENT_OTHER, |e| e.kind().into())
}

/// The notification method, e.g. "item/agentMessage/delta" (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_method(event: *const codex_event) -> *const c_char {
    ev(event).map_or(std::ptr::null(), |e| e.method_ptr())
}

/// The thread id, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_thread_id(event: *const codex_event) -> *const c_char {
    ev(event).map_or(std::ptr::null(), |e| e.thread_id_ptr())
}

/// The turn id (`turnId` or `turn.id`), or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_turn_id(event: *const codex_event) -> *const c_char {
    ev(event).map_or(std::ptr::null(), |e| e.turn_id_ptr())
}

/// The item id of a delta, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_item_id(event: *const codex_event) -> *const c_char {
    ev(event).map_or(std::ptr::null(), |e| e.item_id_ptr())
}

/// The text of a delta event (agent message, reasoning, command output), or NULL. `len` (may
/// be NULL) receives its length in bytes; the text is also NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn codex_event_delta(
    event: *const codex_event,
    len: *mut usize,
) -> *const c_char {
    view(event, len, |e| e.delta())
}

/// The notification's params as JSON (`{}` if it had none): `len` bytes, NOT NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn codex_event_params(
    event: *const codex_event,
    len: *mut usize,
) -> *const c_char {
    view(event, len, |e| Some(e.params_json()))
}

/// The whole line as the server sent it: `len` bytes, NOT NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn codex_event_json(
    event: *const codex_event,
    len: *mut usize,
) -> *const c_char {
    view(event, len, |e| Some(e.raw_json()))
}

/// Frees a pulled event. Never free an event passed to a callback. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_event_free(event: *mut codex_event) {
    if !event.is_null() {
        drop(Arc::from_raw(event as *const Event));
    }
}
