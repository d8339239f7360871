//! Typed server requests: what an approval asks (command, cwd, reason, proposed amendments, the
//! decisions offered), a file change's reason and root, a permission request, user-input
//! questions; and typed answers (`codex_server_request_answer`). Decoded on the first getter
//! call, on the calling thread.

use super::error::codex_error;
use super::request_view::Typed;
use super::server_request::codex_server_request;
use super::{handle, str_arg};
use crate::{codex_decision_t, codex_server_request_kind_t, Error, Status};
use std::ffi::{c_char, CString};

pub(super) unsafe fn typed<'a>(r: *const codex_server_request) -> Option<&'a Typed> {
    r.as_ref().map(|r| {
        r.typed.get_or_init(|| {
            let q = r.request();
            Typed::new(q.method(), q.params_json())
        })
    })
}

fn ptr(s: &Option<CString>) -> *const c_char {
    super::opt_ptr(s)
}

pub(super) unsafe fn field(
    r: *const codex_server_request,
    f: impl FnOnce(&Typed) -> &Option<CString>,
) -> *const c_char {
    typed(r).map_or(std::ptr::null(), |t| ptr(f(t)))
}

/// What the request asks for: a command or file-change approval, a permission request, user
/// input, an MCP elicitation, or CODEX_REQUEST_OTHER (read its method and params).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_kind(
    request: *const codex_server_request,
) -> codex_server_request_kind_t {
    ffi_boundary!(|| {
        typed(request).map_or(codex_server_request_kind_t::CODEX_REQUEST_OTHER, |t| {
            t.view.kind()
        })
    })
}

/// The id of the item the request is about (the command execution, file change, ...), or NULL
/// (borrowed). A file change's paths and diffs are on that item (its item/started event).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_item_id(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.item_id) })
}

/// The command a command approval asks to run, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_command(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.command) })
}

/// The working directory of a command approval or permission request, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_cwd(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.cwd) })
}

/// Why the agent asks (approvals and permission requests), or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_reason(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.reason) })
}

/// The root a file-change approval asks to write under for the session, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_grant_root(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.grant_root) })
}

/// The permissions a permission request asks for (RequestPermissionProfile JSON), or NULL
/// (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_permissions_json(
    request: *const codex_server_request,
) -> *const c_char {
    ffi_boundary!(|| { field(request, |t| &t.permissions_json) })
}

/// How many words the command prefix a command approval proposes to allow from now on has
/// (its proposed execpolicy amendment; 0 if none).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_amendment_count(
    request: *const codex_server_request,
) -> usize {
    ffi_boundary!(|| { typed(request).map_or(0, |t| t.amendments.len()) })
}

/// Word `index` of the proposed amendment, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_amendment(
    request: *const codex_server_request,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.amendments.get(index))
            .map_or(std::ptr::null(), |c| c.as_ptr())
    })
}

/// How many decisions a command approval offers (0 if the server did not say).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_decision_count(
    request: *const codex_server_request,
) -> usize {
    ffi_boundary!(|| { typed(request).map_or(0, |t| t.decisions.len()) })
}

/// Offered decision `index` as the server names it ("accept", "acceptForSession", "decline",
/// "cancel", "acceptWithExecpolicyAmendment", ...), or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_decision(
    request: *const codex_server_request,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.decisions.get(index))
            .map_or(std::ptr::null(), |c| c.as_ptr())
    })
}

/// How many questions a user-input request asks (0 for other requests).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_question_count(
    request: *const codex_server_request,
) -> usize {
    ffi_boundary!(|| { typed(request).map_or(0, |t| t.questions.len()) })
}

/// Question `index`'s id, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_question_id(
    request: *const codex_server_request,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.questions.get(index))
            .map_or(std::ptr::null(), |q| q.0.as_ptr())
    })
}

/// Question `index`'s short header, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_question_header(
    request: *const codex_server_request,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.questions.get(index))
            .map_or(std::ptr::null(), |q| q.1.as_ptr())
    })
}

/// Question `index`'s text, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_question_text(
    request: *const codex_server_request,
    index: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.questions.get(index))
            .map_or(std::ptr::null(), |q| q.2.as_ptr())
    })
}

/// How many options question `index` offers (0 = free text).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_question_option_count(
    request: *const codex_server_request,
    index: usize,
) -> usize {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.questions.get(index))
            .map_or(0, |q| q.3.len())
    })
}

/// The label of option `option` of question `index`, or NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_question_option(
    request: *const codex_server_request,
    index: usize,
    option: usize,
) -> *const c_char {
    ffi_boundary!(|| {
        typed(request)
            .and_then(|t| t.questions.get(index))
            .and_then(|q| q.3.get(option))
            .map_or(std::ptr::null(), |o| o.as_ptr())
    })
}

/// Sets the answer to question `index` of a user-input request (an option's label, or free
/// text); sent by codex_server_request_answer with CODEX_DECISION_ACCEPT. INVALID_ARGUMENT for
/// another request or an index out of range.
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_set_answer(
    request: *const codex_server_request,
    index: usize,
    answer: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let r = handle(request, "request")?;
        let answer = str_arg(answer, "answer")?;
        let n = typed(request).map_or(0, |t| t.questions.len());
        if index >= n {
            return Err(Error::invalid(format!(
                "question {index} is out of range (the request has {n})"
            )));
        }
        let mut answers = r.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.resize(n, None);
        answers[index] = Some(answer.to_owned());
        Ok(())
    })
}

/// Answers with a typed decision (`decision`: a codex_decision_t): for command and file-change
/// approvals `{"decision": ...}`; for a permission request ACCEPT grants the requested
/// permissions for the turn, ACCEPT_FOR_SESSION for the session, DECLINE and CANCEL grant
/// none; for a user-input request ACCEPT sends the answers set with
/// codex_server_request_set_answer, DECLINE and CANCEL send none; for a dynamic tool call
/// ACCEPT answers success and any other decision failure, each with the content added by
/// codex_server_request_add_tool_content. DECLINE is the safe default.
/// INVALID_ARGUMENT for an unknown `decision` or a request with no typed answer (elicitations,
/// other methods: use codex_server_request_respond); EXPIRED if it was already answered.
#[no_mangle]
pub unsafe extern "C" fn codex_server_request_answer(
    request: *const codex_server_request,
    decision: u32,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let r = handle(request, "request")?;
        let d = codex_decision_t::from_u32(decision)
            .ok_or_else(|| Error::invalid(format!("unknown decision {decision}")))?;
        let t = typed(request).expect("non-NULL");
        let answers = r.answers.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let content = r
            .tool_content
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let json = t.view.answer_json_with(d, &answers, &content)?;
        r.request().respond(&json)
    })
}
