//! `codex_event`: a streamed server notification. Borrowed inside callbacks; owned (free it)
//! when pulled.

use super::handle::{borrow_shared, free_shared};
use crate::{codex_event_kind_t, Event};
use std::ffi::{c_char, c_void};

/// An event (a server notification). Opaque.
pub struct codex_event {
    _private: [u8; 0],
}

impl super::handle::Shared for codex_event {
    type Inner = Event;
}

/// Receives one event (borrowed: valid only during the call). Runs on the client's delivery
/// thread for registered callbacks, on the calling thread for codex_thread_run.
pub type codex_event_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event: *const codex_event)>;

unsafe fn ev<'a>(e: *const codex_event) -> Option<&'a Event> {
    borrow_shared::<codex_event>(e)
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
    ffi_boundary!(|| { ev(event).map_or(codex_event_kind_t::CODEX_EVENT_OTHER, |e| e.kind()) })
}

/// The notification method, e.g. "item/agentMessage/delta" (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_method(event: *const codex_event) -> *const c_char {
    ffi_boundary!(|| { ev(event).map_or(std::ptr::null(), |e| e.method_cstr().as_ptr()) })
}

/// The thread id, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_thread_id(event: *const codex_event) -> *const c_char {
    ffi_boundary!(|| { ev(event).map_or(std::ptr::null(), |e| opt_c(e.thread_id_cstr())) })
}

/// The turn id, or NULL (borrowed): `turnId`, else `turn.rootTurnId`, else `turn.id` (a
/// review's inner turn/started names the review turn here, as its items and turn/completed do).
#[no_mangle]
pub unsafe extern "C" fn codex_event_turn_id(event: *const codex_event) -> *const c_char {
    ffi_boundary!(|| { ev(event).map_or(std::ptr::null(), |e| opt_c(e.turn_id_cstr())) })
}

/// The item id of a delta, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_event_item_id(event: *const codex_event) -> *const c_char {
    ffi_boundary!(|| { ev(event).map_or(std::ptr::null(), |e| opt_c(e.item_id_cstr())) })
}

/// The text of a delta event (agent message, reasoning, command output), or NULL. `len` (may
/// be NULL) receives its length in bytes; the text is also NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn codex_event_delta(
    event: *const codex_event,
    len: *mut usize,
) -> *const c_char {
    ffi_boundary!(|| { view(event, len, |e| e.delta()) })
}

/// The notification's params as JSON (`{}` if it had none): `len` bytes, NOT NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn codex_event_params(
    event: *const codex_event,
    len: *mut usize,
) -> *const c_char {
    ffi_boundary!(|| { view(event, len, |e| Some(e.params_json())) })
}

/// The whole line as the server sent it: `len` bytes, NOT NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn codex_event_json(
    event: *const codex_event,
    len: *mut usize,
) -> *const c_char {
    ffi_boundary!(|| { view(event, len, |e| Some(e.raw_json())) })
}

/// For a CODEX_EVENT_GAP event, how many events were dropped before it; 0 for other kinds.
#[no_mangle]
pub unsafe extern "C" fn codex_event_gap_dropped(event: *const codex_event) -> u64 {
    ffi_boundary!(|| { ev(event).and_then(Event::gap_dropped).unwrap_or(0) })
}

/// Frees a pulled event. Never free an event passed to a callback. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_event_free(event: *mut codex_event) {
    ffi_boundary!(|| {
        if !event.is_null() {
            free_shared(event);
        }
    })
}

fn opt_c(s: Option<&std::ffi::CStr>) -> *const c_char {
    s.map_or(std::ptr::null(), std::ffi::CStr::as_ptr)
}
