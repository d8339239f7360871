//! Dynamic tools: `codex_thread_start_with_tools` declares them; an `item/tool/call` server
//! request (CODEX_REQUEST_DYNAMIC_TOOL_CALL) carries a call: its tool, arguments and call id,
//! and the content of the answer.

use super::approval::{field, typed};
use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::server_request::codex_server_request;
use super::thread::{codex_thread, wrap};
use super::{handle, json_arg, out_arg, str_arg};
use crate::{
    block_on, codex_server_request_kind_t, codex_tool_content_t, DynamicTool, Error, Status,
    ToolContent,
};
use std::ffi::c_char;

/// A function the model may call on a thread (codex_thread_start_with_tools). The strings are
/// read during the call only.
#[repr(C)]
pub struct codex_dynamic_tool {
    /// The name the model calls it by: ASCII letters, digits, '_' or '-'.
    pub name: *const c_char,
    /// What it does, for the model.
    pub description: *const c_char,
    /// The JSON Schema of its arguments (a JSON object), e.g.
    /// `{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`.
    pub input_schema_json: *const c_char,
}

/// codex_thread_start with `count` dynamic tools declared on the thread (`dynamicTools`, an
/// experimental field: needs the experimental API, on by default). When the model calls one,
/// the client's server-request handler receives a CODEX_REQUEST_DYNAMIC_TOOL_CALL request; with
/// no handler, or none answering in time, the call fails (`success: false`) and the turn goes
/// on. `params_json` as for codex_thread_start (NULL = `{}`).
#[no_mangle]
pub unsafe extern "C" fn codex_thread_start_with_tools(
    client: *const codex_client,
    params_json: *const c_char,
    tools: *const codex_dynamic_tool,
    count: usize,
    out: *mut *mut codex_thread,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let params = json_arg(params_json, "params_json")?;
        if tools.is_null() || count == 0 {
            return Err(Error::invalid("tools is NULL or count is 0"));
        }
        let mut list = Vec::with_capacity(count);
        for t in std::slice::from_raw_parts(tools, count) {
            list.push(DynamicTool {
                name: str_arg(t.name, "tools[].name")?.to_owned(),
                description: str_arg(t.description, "tools[].description")?.to_owned(),
                input_schema_json: str_arg(t.input_schema_json, "tools[].input_schema_json")?
                    .to_owned(),
            });
        }
        out_arg(out, "out")?;
        wrap(block_on(c.thread_start_with_tools(params, &list))?, out);
        Ok(())
    })
}

/// The tool a dynamic tool call asks for, or NULL for another request (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_tool_name(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.tool) })
}

/// The namespace of the called tool, or NULL (plain tools have none) (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_tool_namespace(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.tool_namespace) })
}

/// The arguments the model passed to a dynamic tool, as JSON, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_tool_arguments(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.tool_arguments) })
}

/// A dynamic tool call's id (the `dynamicToolCall` item's id), or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_call_id(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.call_id) })
}

/// Adds one content item to a dynamic tool call's answer (`kind`: a codex_tool_content_t; TEXT
/// takes the text, IMAGE_URL and AUDIO_URL a URL), sent by codex_server_request_answer
/// (ACCEPT = success, DECLINE = failure). INVALID_ARGUMENT for another request or an unknown
/// `kind`.
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_add_tool_content(
    request: *const codex_server_request,
    kind: u32,
    value: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let r = handle(request, "request")?;
        let kind = codex_tool_content_t::from_u32(kind)
            .ok_or_else(|| Error::invalid(format!("kind {kind} is not a codex_tool_content_t")))?;
        let value = str_arg(value, "value")?;
        let is_tool_call = typed(request).is_some_and(|t| {
            t.view.kind() == codex_server_request_kind_t::CODEX_REQUEST_DYNAMIC_TOOL_CALL
        });
        if !is_tool_call {
            return Err(Error::invalid("this request is not a dynamic tool call"));
        }
        r.tool_content
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(ToolContent {
                kind,
                value: value.to_owned(),
            });
        Ok(())
    })
}
