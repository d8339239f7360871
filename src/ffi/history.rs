//! `codex_page` and thread history and management: paged lists (threads, loaded threads, a
//! thread's turns and items), delete, unsubscribe, revert, metadata, injected items.

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::thread::codex_thread;
use super::{c_string, handle, json_arg, opt_str_arg, out_arg, str_arg};
use crate::{block_on, Page, Status};
use std::ffi::{c_char, CString};

/// One page of a paged list: its items as JSON and the cursor of the next page. Free with
/// codex_page_free.
pub struct codex_page {
    items: Vec<CString>,
    next_cursor: Option<CString>,
    json: CString,
}

impl super::handle::Boxed for codex_page {}

fn page_out(page: Page, out: *mut *mut codex_page) {
    let p = codex_page {
        items: page.items_json.iter().map(|i| c_string(i)).collect(),
        next_cursor: page.next_cursor.as_deref().map(c_string),
        json: c_string(&page.raw_json),
    };
    // SAFETY: checked non-NULL by the caller.
    unsafe { *out = into_boxed(p) };
}

/// How many items the page holds.
#[no_mangle]
pub unsafe extern "C" fn codex_page_count(page: *const codex_page) -> usize {
    ffi_boundary!(|| page.as_ref().map_or(0, |p| p.items.len()))
}

/// Item `index` of the page as JSON (borrowed), or NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_page_item_json(
    page: *const codex_page,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| page
        .as_ref()
        .and_then(|p| p.items.get(index))
        .map_or(std::ptr::null(), |c| c.as_ptr()))
}

/// The cursor of the next page (pass it to the same call), or NULL on the last page
/// (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_page_next_cursor(page: *const codex_page) -> *const c_char {
    ffi_boundary!(|| page
        .as_ref()
        .map_or(std::ptr::null(), |p| super::opt_ptr(&p.next_cursor)))
}

/// The whole response as JSON (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_page_json(page: *const codex_page) -> *const c_char {
    ffi_boundary!(|| page.as_ref().map_or(std::ptr::null(), |p| p.json.as_ptr()))
}

/// Frees a page. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_page_free(page: *mut codex_page) {
    ffi_boundary!(|| free_boxed(page))
}

/// One page of `thread/list`: `params_json` (ThreadListParams filters, NULL = all), `cursor`
/// (NULL = the first page), `limit` (0 = the server's default). Note: the server's cursor is a
/// timestamp of whole seconds; threads updated in the same second as a page's last thread may
/// not appear on the next page.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_list_page(
    client: *const codex_client,
    params_json: *const c_char,
    cursor: *const c_char,
    limit: u32,
    out: *mut *mut codex_page,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let params = json_arg(params_json, "params_json")?;
        let cursor = opt_str_arg(cursor, "cursor")?;
        out_arg(out, "out")?;
        page_out(block_on(c.thread_list_page(params, cursor, limit))?, out);
        Ok(())
    })
}

/// One page of the ids of the threads loaded in the server's memory (`thread/loaded/list`);
/// each item is a JSON string. `cursor` NULL = the first page, `limit` 0 = default.
#[no_mangle]
pub unsafe extern "C" fn codex_loaded_threads(
    client: *const codex_client,
    cursor: *const c_char,
    limit: u32,
    out: *mut *mut codex_page,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let cursor = opt_str_arg(cursor, "cursor")?;
        out_arg(out, "out")?;
        page_out(block_on(c.loaded_threads(cursor, limit))?, out);
        Ok(())
    })
}

/// One page of the thread's turns (`thread/turns/list`; each item a Turn as JSON).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_turns(
    thread: *const codex_thread,
    cursor: *const c_char,
    limit: u32,
    out: *mut *mut codex_page,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        let cursor = opt_str_arg(cursor, "cursor")?;
        out_arg(out, "out")?;
        page_out(block_on(t.thread.turns_page(cursor, limit))?, out);
        Ok(())
    })
}

/// One page of the thread's items (`thread/items/list`; each a ThreadItem as JSON), of the
/// turn `turn_id` or (NULL) of every turn.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_items(
    thread: *const codex_thread,
    turn_id: *const c_char,
    cursor: *const c_char,
    limit: u32,
    out: *mut *mut codex_page,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        let turn_id = opt_str_arg(turn_id, "turn_id")?;
        let cursor = opt_str_arg(cursor, "cursor")?;
        out_arg(out, "out")?;
        page_out(block_on(t.thread.items_page(turn_id, cursor, limit))?, out);
        Ok(())
    })
}

/// Deletes a stored thread by id (`thread/delete`).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_delete(
    client: *const codex_client,
    thread_id: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        block_on(c.thread_delete(str_arg(thread_id, "thread_id")?))
    })
}

/// Stops this connection receiving the thread's events (`thread/unsubscribe`). OK also when
/// the thread was not loaded or not subscribed.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_unsubscribe(
    thread: *const codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        block_on(t.thread.unsubscribe()).map(|_| ())
    })
}

/// Drops the turn `before_turn_id` and every later turn from the thread (`thread/revert`).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_revert(
    thread: *const codex_thread,
    before_turn_id: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        block_on(t.thread.revert(str_arg(before_turn_id, "before_turn_id")?))
    })
}

/// Updates the thread's metadata: `metadata_json` is ThreadMetadataUpdateParams without
/// `threadId`, e.g. `{"gitInfo":{"branch":"main"}}`.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_update_metadata(
    thread: *const codex_thread,
    metadata_json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        block_on(
            t.thread
                .update_metadata(str_arg(metadata_json, "metadata_json")?),
        )
    })
}

/// Adds items to the thread's history without running a turn (`thread/inject_items`):
/// `items_json` is a JSON array of response items.
#[no_mangle]
pub unsafe extern "C" fn codex_thread_inject_items(
    thread: *const codex_thread,
    items_json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        block_on(t.thread.inject_items(str_arg(items_json, "items_json")?))
    })
}
