//! `codex_mcp_servers`, `codex_mcp_tool_result`, `codex_mcp_resource`: MCP servers through the
//! app-server (status list, reload, tool call, resource read).

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::thread::codex_thread;
use super::{c_string, handle, json_arg, opt_ptr, opt_str_arg, out_arg, str_arg};
use crate::{block_on, Status};
use std::ffi::{c_char, CString};

/// One page of MCP server statuses. Free with codex_mcp_servers_free.
pub struct codex_mcp_servers {
    servers: Vec<Server>,
    next_cursor: Option<CString>,
    json: CString,
}

struct Server {
    name: CString,
    auth_status: CString,
    runtime_status: Option<CString>,
    tools: Vec<CString>,
    tools_error: Option<CString>,
}

impl super::handle::Boxed for codex_mcp_servers {}

/// One page of the configured MCP servers and their status (`mcpServerStatus/list`): of the
/// user's config, or (`thread_id` not NULL) of that thread's, with each server's connection
/// state. `cursor` NULL = the first page, `limit` 0 = the server's default.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_server_status(
    client: *const codex_client,
    thread_id: *const c_char,
    cursor: *const c_char,
    limit: u32,
    out: *mut *mut codex_mcp_servers,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let thread_id = opt_str_arg(thread_id, "thread_id")?;
        let cursor = opt_str_arg(cursor, "cursor")?;
        out_arg(out, "out")?;
        let r = block_on(c.mcp_server_status(thread_id, cursor, limit))?;
        let servers = r
            .value
            .data
            .iter()
            .map(|s| Server {
                name: c_string(&s.name),
                auth_status: c_string(&s.auth_status),
                runtime_status: s.runtime_status.as_deref().map(c_string),
                tools: s.tools.keys().map(|k| c_string(k)).collect(),
                tools_error: s.tools_error.as_deref().map(c_string),
            })
            .collect();
        *out = into_boxed(codex_mcp_servers {
            servers,
            next_cursor: r.value.next_cursor.as_deref().map(c_string),
            json: c_string(&r.raw_json),
        });
        Ok(())
    })
}

unsafe fn server<'a>(s: *const codex_mcp_servers, i: usize) -> Option<&'a Server> {
    s.as_ref().and_then(|s| s.servers.get(i))
}

/// How many servers the page holds.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_count(s: *const codex_mcp_servers) -> usize {
    ffi_boundary!(|| s.as_ref().map_or(0, |s| s.servers.len()))
}

/// Server `i`'s name (its `[mcp_servers.NAME]`), borrowed; NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_name(
    s: *const codex_mcp_servers,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| server(s, i).map_or(std::ptr::null(), |v| v.name.as_ptr()))
}

/// Server `i`'s auth status ("unsupported", "notLoggedIn", "bearerToken", "oAuth",
/// "unknown"), borrowed; NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_auth_status(
    s: *const codex_mcp_servers,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| server(s, i).map_or(std::ptr::null(), |v| v.auth_status.as_ptr()))
}

/// Server `i`'s connection state in the thread ("connected", "starting", "failed", ...), or
/// NULL when the list was not for a thread (or past the end). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_runtime_status(
    s: *const codex_mcp_servers,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| server(s, i).map_or(std::ptr::null(), |v| opt_ptr(&v.runtime_status)))
}

/// How many tools server `i` offers (0 past the end).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_tool_count(
    s: *const codex_mcp_servers,
    i: usize,
) -> usize {
    ffi_boundary!(|| server(s, i).map_or(0, |v| v.tools.len()))
}

/// The name of server `i`'s tool `j` (sorted by name), borrowed; NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_tool_name(
    s: *const codex_mcp_servers,
    i: usize,
    j: usize,
) -> *const c_char {
    ffi_boundary!(|| server(s, i)
        .and_then(|v| v.tools.get(j))
        .map_or(std::ptr::null(), |t| t.as_ptr()))
}

/// Why server `i`'s tools could not be listed, or NULL. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_tools_error(
    s: *const codex_mcp_servers,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| server(s, i).map_or(std::ptr::null(), |v| opt_ptr(&v.tools_error)))
}

/// The cursor of the next page, or NULL on the last page (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_next_cursor(
    s: *const codex_mcp_servers,
) -> *const c_char {
    ffi_boundary!(|| s
        .as_ref()
        .map_or(std::ptr::null(), |s| opt_ptr(&s.next_cursor)))
}

/// The whole response as JSON (tool schemas, resources, server info), borrowed.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_json(s: *const codex_mcp_servers) -> *const c_char {
    ffi_boundary!(|| s.as_ref().map_or(std::ptr::null(), |s| s.json.as_ptr()))
}

/// Frees the page. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_servers_free(s: *mut codex_mcp_servers) {
    ffi_boundary!(|| free_boxed(s))
}

/// Reloads the MCP servers from the config (`config/mcpServer/reload`), e.g. after a
/// codex_config_write to `mcp_servers`.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_reload(
    client: *const codex_client,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || block_on(client_arg(client)?.mcp_reload()))
}

/// What an MCP tool call returned. Free with codex_mcp_tool_result_free.
pub struct codex_mcp_tool_result {
    is_error: bool,
    text: CString,
    content: CString,
    structured: Option<CString>,
    json: CString,
}

impl super::handle::Boxed for codex_mcp_tool_result {}

/// Calls `tool` of the thread's MCP server `server` (`mcpServer/tool/call`) with
/// `arguments_json` (a JSON object, or NULL for none). A tool that fails is OK with
/// codex_mcp_tool_result_is_error true; an unknown server is RPC.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_call(
    thread: *const codex_thread,
    server: *const c_char,
    tool: *const c_char,
    arguments_json: *const c_char,
    out: *mut *mut codex_mcp_tool_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let t = handle(thread, "thread")?;
        let server = str_arg(server, "server")?;
        let tool = str_arg(tool, "tool")?;
        let arguments = json_arg(arguments_json, "arguments_json")?;
        out_arg(out, "out")?;
        let r = block_on(t.thread.mcp_tool_call(server, tool, arguments))?;
        let content: Vec<&str> = r.value.content.iter().map(|c| c.get()).collect();
        *out = into_boxed(codex_mcp_tool_result {
            is_error: r.value.is_error.unwrap_or(false),
            text: c_string(&r.value.text()),
            content: c_string(&format!("[{}]", content.join(","))),
            structured: r
                .value
                .structured_content
                .as_ref()
                .map(|s| c_string(s.get())),
            json: c_string(&r.raw_json),
        });
        Ok(())
    })
}

/// Whether the tool reported an error (`isError`).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_result_is_error(r: *const codex_mcp_tool_result) -> bool {
    ffi_boundary!(|| r.as_ref().is_some_and(|r| r.is_error))
}

/// The text of the result's text blocks, joined by newlines (borrowed; empty if none).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_result_text(
    r: *const codex_mcp_tool_result,
) -> *const c_char {
    ffi_boundary!(|| r.as_ref().map_or(std::ptr::null(), |r| r.text.as_ptr()))
}

/// The result's content blocks as a JSON array (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_result_content_json(
    r: *const codex_mcp_tool_result,
) -> *const c_char {
    ffi_boundary!(|| r.as_ref().map_or(std::ptr::null(), |r| r.content.as_ptr()))
}

/// The result's `structuredContent` as JSON, or NULL when the tool sent none (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_result_structured_json(
    r: *const codex_mcp_tool_result,
) -> *const c_char {
    ffi_boundary!(|| r
        .as_ref()
        .map_or(std::ptr::null(), |r| opt_ptr(&r.structured)))
}

/// The whole response as JSON (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_result_json(
    r: *const codex_mcp_tool_result,
) -> *const c_char {
    ffi_boundary!(|| r.as_ref().map_or(std::ptr::null(), |r| r.json.as_ptr()))
}

/// Frees a tool result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_tool_result_free(r: *mut codex_mcp_tool_result) {
    ffi_boundary!(|| free_boxed(r))
}

/// The contents of an MCP resource. Free with codex_mcp_resource_free.
pub struct codex_mcp_resource {
    contents: Vec<Content>,
    json: CString,
}

struct Content {
    uri: CString,
    mime_type: Option<CString>,
    text: Option<CString>,
    blob: Option<CString>,
}

impl super::handle::Boxed for codex_mcp_resource {}

/// Reads resource `uri` of MCP server `server` (`mcpServer/resource/read`), through the
/// thread `thread_id`'s connection to it if not NULL.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_read(
    client: *const codex_client,
    thread_id: *const c_char,
    server: *const c_char,
    uri: *const c_char,
    out: *mut *mut codex_mcp_resource,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let thread_id = opt_str_arg(thread_id, "thread_id")?;
        let server = str_arg(server, "server")?;
        let uri = str_arg(uri, "uri")?;
        out_arg(out, "out")?;
        let r = block_on(c.mcp_resource_read(thread_id, server, uri))?;
        let contents = r
            .value
            .contents
            .iter()
            .map(|c| Content {
                uri: c_string(&c.uri),
                mime_type: c.mime_type.as_deref().map(c_string),
                text: c.text.as_deref().map(c_string),
                blob: c.blob.as_deref().map(c_string),
            })
            .collect();
        *out = into_boxed(codex_mcp_resource {
            contents,
            json: c_string(&r.raw_json),
        });
        Ok(())
    })
}

unsafe fn content<'a>(r: *const codex_mcp_resource, i: usize) -> Option<&'a Content> {
    r.as_ref().and_then(|r| r.contents.get(i))
}

/// How many contents the resource has.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_count(r: *const codex_mcp_resource) -> usize {
    ffi_boundary!(|| r.as_ref().map_or(0, |r| r.contents.len()))
}

/// Content `i`'s URI (borrowed), or NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_uri(
    r: *const codex_mcp_resource,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| content(r, i).map_or(std::ptr::null(), |c| c.uri.as_ptr()))
}

/// Content `i`'s MIME type, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_mime_type(
    r: *const codex_mcp_resource,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| content(r, i).map_or(std::ptr::null(), |c| opt_ptr(&c.mime_type)))
}

/// Content `i`'s text, or NULL for a binary content (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_text(
    r: *const codex_mcp_resource,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| content(r, i).map_or(std::ptr::null(), |c| opt_ptr(&c.text)))
}

/// Content `i`'s bytes in base64, or NULL for a text content (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_blob(
    r: *const codex_mcp_resource,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| content(r, i).map_or(std::ptr::null(), |c| opt_ptr(&c.blob)))
}

/// The whole response as JSON (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_json(r: *const codex_mcp_resource) -> *const c_char {
    ffi_boundary!(|| r.as_ref().map_or(std::ptr::null(), |r| r.json.as_ptr()))
}

/// Frees a resource. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_mcp_resource_free(r: *mut codex_mcp_resource) {
    ffi_boundary!(|| free_boxed(r))
}
