//! `codex_item`: one thread item, typed; and the typed getters of events and turn results
//! (token usage, thread status, rate limits, plan updates, the turn diff).
//!
//! Nothing is decoded on the reader thread: a `codex_item` keeps the item's JSON and decodes it
//! on the first getter call, on the caller's thread; the event getters decode the params when
//! called.

use super::error::codex_error;
use super::event::codex_event;
use super::handle::{borrow_shared, free_boxed, into_boxed};
use super::turn::codex_turn_result;
use super::{c_string, handle, out_arg, owned_c_string};
use crate::{
    codex_item_type_t, codex_rate_limit_field_t, codex_thread_status_t, codex_token_field_t, Error,
    Event, Item, Result, Status, ThreadItem,
};
use std::ffi::{c_char, CStr, CString};
use std::sync::OnceLock;

/// One thread item (a command execution, a file change, an agent message, ...). Owned: free it
/// with codex_item_free. Its string getters are borrowed: valid until the item is freed.
pub struct codex_item {
    item: Item,
    strings: OnceLock<ItemStrings>,
}

impl super::handle::Boxed for codex_item {}

/// The item's strings, made on the first getter call.
#[derive(Default)]
struct ItemStrings {
    json: Option<CString>,
    id: Option<CString>,
    text: Option<CString>,
    command: Option<CString>,
    cwd: Option<CString>,
    output: Option<CString>,
    server: Option<CString>,
    tool: Option<CString>,
    result_json: Option<CString>,
    query: Option<CString>,
    changes: Vec<(CString, &'static CStr, CString)>,
}

fn static_c(s: &'static str) -> &'static CStr {
    match s {
        "inProgress" => c"inProgress",
        "completed" => c"completed",
        "failed" => c"failed",
        "declined" => c"declined",
        "pending" => c"pending",
        "add" => c"add",
        "delete" => c"delete",
        "update" => c"update",
        _ => c"other",
    }
}

impl codex_item {
    fn boxed(item: Item) -> *mut codex_item {
        into_boxed(codex_item {
            item,
            strings: OnceLock::new(),
        })
    }

    fn strings(&self) -> &ItemStrings {
        self.strings.get_or_init(|| {
            let opt = |s: Option<&str>| s.map(c_string);
            let mut st = ItemStrings {
                json: Some(c_string(self.item.json())),
                id: opt(self.item.id().as_deref()),
                text: opt(self.item.get().text().as_deref()),
                ..Default::default()
            };
            match self.item.get() {
                ThreadItem::CommandExecution(c) => {
                    st.command = Some(c_string(&c.command));
                    st.cwd = opt(c.cwd.as_deref());
                    st.output = opt(c.aggregated_output.as_deref());
                }
                ThreadItem::FileChange(f) => {
                    st.changes = f
                        .changes
                        .iter()
                        .map(|ch| {
                            let kind = ch.kind.as_ref().map_or("other", |k| k.as_str());
                            (c_string(&ch.path), static_c(kind), c_string(&ch.diff))
                        })
                        .collect();
                }
                ThreadItem::McpToolCall(m) => {
                    st.server = Some(c_string(&m.server));
                    st.tool = Some(c_string(&m.tool));
                    st.result_json = m.result.as_ref().map(|r| c_string(&r.to_string()));
                }
                ThreadItem::DynamicToolCall(d) => st.tool = Some(c_string(&d.tool)),
                ThreadItem::WebSearch(w) => st.query = Some(c_string(&w.query)),
                _ => {}
            }
            st
        })
    }
}

fn ptr(s: &Option<CString>) -> *const c_char {
    super::opt_ptr(s)
}

unsafe fn it<'a>(item: *const codex_item) -> Option<&'a codex_item> {
    item.as_ref()
}

unsafe fn event_arg<'a>(event: *const codex_event) -> Result<&'a Event> {
    borrow_shared::<codex_event>(event).ok_or_else(|| Error::invalid("event is NULL"))
}

// ---- getting items -----------------------------------------------------------------------------

/// The item of an item/started or item/completed event (CODEX_EVENT_ITEM_STARTED /
/// CODEX_EVENT_ITEM_COMPLETED), as an owned `*out` (free it with codex_item_free; it outlives
/// the event). INVALID_ARGUMENT if the event carries no item. Decoding happens later, on the
/// first getter call, on the calling thread.
#[no_mangle]
pub unsafe extern "C" fn codex_event_item(
    event: *const codex_event,
    out: *mut *mut codex_item,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let e = event_arg(event)?;
        out_arg(out, "out")?;
        let item = e
            .item()
            .ok_or_else(|| Error::invalid("the event carries no item"))?;
        *out = codex_item::boxed(item);
        Ok(())
    })
}

/// How many items the turn completed (codex_turn_result_items_json's array length).
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_item_count(result: *const codex_turn_result) -> usize {
    ffi_boundary!(|| { result.as_ref().map_or(0, |r| r.items().len()) })
}

/// The turn's item number `index` (0-based, in completion order, the user message included) as
/// an owned `*out` (free it with codex_item_free). INVALID_ARGUMENT if `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_item(
    result: *const codex_turn_result,
    index: usize,
    out: *mut *mut codex_item,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let r = handle(result, "result")?;
        out_arg(out, "out")?;
        let item = r
            .items()
            .get(index)
            .cloned()
            .ok_or_else(|| Error::invalid(format!("index {index} is out of range")))?;
        *out = codex_item::boxed(item);
        Ok(())
    })
}

/// Frees an item. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_item_free(item: *mut codex_item) {
    ffi_boundary!(|| {
        if !item.is_null() {
            free_boxed(item);
        }
    })
}

// ---- item getters ------------------------------------------------------------------------------

/// The item's type; CODEX_ITEM_OTHER for a type this library does not know (read its JSON).
#[no_mangle]
pub unsafe extern "C" fn codex_item_type(item: *const codex_item) -> codex_item_type_t {
    ffi_boundary!(|| {
        it(item).map_or(codex_item_type_t::CODEX_ITEM_OTHER, |i| i.item.item_type())
    })
}

/// The item id, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_id(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().id)) })
}

/// The item as the server sent it (ThreadItem JSON, borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_json(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().json)) })
}

/// The item's text: an agent message's text, a plan's text, a reasoning item's summary parts
/// joined by newlines, a user message's text inputs joined by newlines; else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_text(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().text)) })
}

/// The status of a command execution, file change or MCP tool call: "inProgress",
/// "completed", "failed", "declined" (commands, file changes) or "other" (a value this library
/// does not know); NULL for other items (static).
#[no_mangle]
pub unsafe extern "C" fn codex_item_status(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| {
        it(item)
            .and_then(|i| i.item.get().status())
            .map_or(std::ptr::null(), |s| static_c(s).as_ptr())
    })
}

/// A command execution's command line, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_command(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().command)) })
}

/// A command execution's working directory, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_cwd(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().cwd)) })
}

/// A command execution's output (stdout and stderr, aggregated), else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_aggregated_output(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().output)) })
}

/// A command execution's exit code; -1 when there is none (still running, declined, or not a
/// command).
#[no_mangle]
pub unsafe extern "C" fn codex_item_exit_code(item: *const codex_item) -> i64 {
    ffi_boundary!(|| {
        match it(item).map(|i| i.item.get()) {
            Some(ThreadItem::CommandExecution(c)) => c.exit_code.unwrap_or(-1),
            _ => -1,
        }
    })
}

/// The duration in milliseconds of a command execution, MCP or dynamic tool call; -1 if none.
#[no_mangle]
pub unsafe extern "C" fn codex_item_duration_ms(item: *const codex_item) -> i64 {
    ffi_boundary!(|| {
        match it(item).map(|i| i.item.get()) {
            Some(ThreadItem::CommandExecution(c)) => c.duration_ms.unwrap_or(-1),
            Some(ThreadItem::McpToolCall(m)) => m.duration_ms.unwrap_or(-1),
            Some(ThreadItem::DynamicToolCall(d)) => d.duration_ms.unwrap_or(-1),
            _ => -1,
        }
    })
}

/// How many paths a file change touches (0 for other items).
#[no_mangle]
pub unsafe extern "C" fn codex_item_change_count(item: *const codex_item) -> usize {
    ffi_boundary!(|| { it(item).map_or(0, |i| i.strings().changes.len()) })
}

/// The path of a file change's change number `index`, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_change_path(
    item: *const codex_item,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        it(item)
            .and_then(|i| i.strings().changes.get(index))
            .map_or(std::ptr::null(), |c| c.0.as_ptr())
    })
}

/// The kind of a file change's change number `index`: "add", "delete", "update" or "other",
/// else NULL (static).
#[no_mangle]
pub unsafe extern "C" fn codex_item_change_kind(
    item: *const codex_item,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        it(item)
            .and_then(|i| i.strings().changes.get(index))
            .map_or(std::ptr::null(), |c| c.1.as_ptr())
    })
}

/// The unified diff of a file change's change number `index`, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_change_diff(
    item: *const codex_item,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        it(item)
            .and_then(|i| i.strings().changes.get(index))
            .map_or(std::ptr::null(), |c| c.2.as_ptr())
    })
}

/// An MCP tool call's server name, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_mcp_server(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().server)) })
}

/// An MCP or dynamic tool call's tool name, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_tool(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().tool)) })
}

/// An MCP tool call's result (McpToolCallResult JSON), else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_mcp_result_json(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().result_json)) })
}

/// A web search's query, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_item_web_query(item: *const codex_item) -> *const c_char {
    ffi_boundary!(|| { it(item).map_or(std::ptr::null(), |i| ptr(&i.strings().query)) })
}

// ---- typed event and result getters ----------------------------------------------------------

/// One token count (`field`: a codex_token_field_t) of a CODEX_EVENT_TOKEN_USAGE event; -1 for
/// any other event, a field the server did not send, or a `field` this library does not know.
#[no_mangle]
pub unsafe extern "C" fn codex_event_token_usage(event: *const codex_event, field: u32) -> i64 {
    ffi_boundary!(|| {
        let f = codex_token_field_t::from_u32(field);
        borrow_shared::<codex_event>(event)
            .and_then(|e| e.token_usage())
            .zip(f)
            .and_then(|(u, f)| u.field(f))
            .unwrap_or(-1)
    })
}

/// One token count (`field`: a codex_token_field_t) of the turn's last usage; -1 if the turn
/// reported none or `field` is unknown. Same figures as codex_turn_result_usage_json, no JSON.
#[no_mangle]
pub unsafe extern "C" fn codex_turn_result_token_usage(
    result: *const codex_turn_result,
    field: u32,
) -> i64 {
    ffi_boundary!(|| {
        let f = codex_token_field_t::from_u32(field);
        result
            .as_ref()
            .and_then(|r| r.result().token_usage())
            .zip(f)
            .and_then(|(u, f)| u.field(f))
            .unwrap_or(-1)
    })
}

/// The new status of a `thread/status/changed` event; CODEX_THREAD_STATUS_OTHER for any other
/// event or a status this library does not know.
#[no_mangle]
pub unsafe extern "C" fn codex_event_thread_status(
    event: *const codex_event,
) -> codex_thread_status_t {
    ffi_boundary!(|| {
        borrow_shared::<codex_event>(event)
            .map_or(codex_thread_status_t::CODEX_THREAD_STATUS_OTHER, |e| {
                e.thread_status()
            })
    })
}

/// One figure (`field`: a codex_rate_limit_field_t) of an `account/rateLimits/updated` event;
/// -1 for any other event, a figure the server did not send, or an unknown `field`.
#[no_mangle]
pub unsafe extern "C" fn codex_event_rate_limit(event: *const codex_event, field: u32) -> i64 {
    ffi_boundary!(|| {
        let f = codex_rate_limit_field_t::from_u32(field);
        borrow_shared::<codex_event>(event)
            .and_then(|e| e.rate_limits())
            .zip(f)
            .and_then(|(r, f)| r.field(f))
            .unwrap_or(-1)
    })
}

/// How many steps the plan of a `turn/plan/updated` event has (0 for any other event).
#[no_mangle]
pub unsafe extern "C" fn codex_event_plan_step_count(event: *const codex_event) -> usize {
    ffi_boundary!(|| {
        borrow_shared::<codex_event>(event)
            .and_then(|e| e.plan())
            .map_or(0, |p| p.plan.len())
    })
}

fn plan_status(s: &str) -> &'static CStr {
    static_c(match s {
        "pending" => "pending",
        "inProgress" => "inProgress",
        "completed" => "completed",
        _ => "other",
    })
}

/// The text of step number `index` of a `turn/plan/updated` event's plan, as an owned `*out`
/// (free it with codex_string_free). INVALID_ARGUMENT for another event or an index out of
/// range.
#[no_mangle]
pub unsafe extern "C" fn codex_event_plan_step(
    event: *const codex_event,
    index: usize,
    out: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let e = event_arg(event)?;
        out_arg(out, "out")?;
        let plan = e
            .plan()
            .ok_or_else(|| Error::invalid("the event is not a plan update"))?;
        let s = plan
            .plan
            .get(index)
            .ok_or_else(|| Error::invalid(format!("index {index} is out of range")))?;
        *out = owned_c_string(&s.step);
        Ok(())
    })
}

/// The status of step number `index` of a `turn/plan/updated` event's plan: "pending",
/// "inProgress", "completed" or "other"; NULL for another event or an index out of range
/// (static).
#[no_mangle]
pub unsafe extern "C" fn codex_event_plan_step_status(
    event: *const codex_event,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        borrow_shared::<codex_event>(event)
            .and_then(|e| e.plan())
            .and_then(|p| p.plan.get(index).map(|s| plan_status(&s.status).as_ptr()))
            .unwrap_or(std::ptr::null())
    })
}

/// The turn's aggregated unified diff of a `turn/diff/updated` event, as an owned `*out` (free
/// it with codex_string_free). INVALID_ARGUMENT for any other event.
#[no_mangle]
pub unsafe extern "C" fn codex_event_turn_diff(
    event: *const codex_event,
    out: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let e = event_arg(event)?;
        out_arg(out, "out")?;
        let diff = e
            .turn_diff()
            .ok_or_else(|| Error::invalid("the event is not a turn diff update"))?;
        *out = owned_c_string(&diff);
        Ok(())
    })
}
