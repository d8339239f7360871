//! `codex_params`: typed builders for the JSON params of thread start/resume/fork, turn start and
//! thread list. Setters take a `codex_param_t` field, so a key cannot be misspelled; the field's
//! kind, value type and enumerated values are checked (INVALID_ARGUMENT names the problem).
//! `codex_params_json` hands the result to the existing `params_json` arguments.

use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::{c_string, handle, str_arg};
use crate::{codex_param_t, codex_params_kind_t, Error, Params, Result, Status};
use std::ffi::{c_char, CString};
use std::sync::Mutex;

/// A params builder. Create with codex_params_new, free with codex_params_free. Thread-safe
/// (locked), but codex_params_json's string is only valid until the next change.
pub struct codex_params {
    inner: Mutex<State>,
}

struct State {
    params: Params,
    json: CString,
}

impl super::handle::Boxed for codex_params {}

fn param_arg(param: u32) -> Result<codex_param_t> {
    codex_param_t::from_u32(param)
        .ok_or_else(|| Error::invalid(format!("unknown codex_param_t value {param}")))
}

unsafe fn with_params(
    params: *mut codex_params,
    err: *mut *mut codex_error,
    f: impl FnOnce(&mut Params) -> Result<()>,
) -> Status {
    ffi_boundary!(err, || {
        let p = handle(params as *const codex_params, "params")?;
        let mut st = p
            .inner
            .lock()
            .map_err(|_| Error::internal("params lock poisoned"))?;
        f(&mut st.params)?;
        st.json = c_string(&st.params.to_json());
        Ok(())
    })
}

/// A new, empty builder for `kind` (a codex_params_kind_t: CODEX_PARAMS_THREAD for
/// codex_thread_start/_resume/_fork, CODEX_PARAMS_TURN for the turn functions,
/// CODEX_PARAMS_THREAD_LIST for codex_thread_list). NULL for an unknown kind.
#[no_mangle]
pub extern "C" fn codex_params_new(kind: u32) -> *mut codex_params {
    ffi_boundary!(|| match codex_params_kind_t::from_u32(kind) {
        Some(kind) => into_boxed(codex_params {
            inner: Mutex::new(State {
                params: Params::new(kind),
                json: c_string("{}"),
            }),
        }),
        None => std::ptr::null_mut(),
    })
}

/// Frees a builder. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_params_free(params: *mut codex_params) {
    ffi_boundary!(|| {
        if !params.is_null() {
            free_boxed(params);
        }
    })
}

/// Sets a string field (`param`: a codex_param_t whose comment says "string"). INVALID_ARGUMENT
/// for a field of another kind or type, an empty value, or a value an enumerated field does not
/// list (send those with codex_params_set_raw).
#[no_mangle]
pub unsafe extern "C" fn codex_params_set_string(
    params: *mut codex_params,
    param: u32,
    value: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_params(params, err, |p| {
            let value = str_arg(value, "value")?;
            p.set_str(param_arg(param)?, value)
        })
    })
}

/// Sets an integer field (CODEX_PARAM_LIMIT, at least 1).
#[no_mangle]
pub unsafe extern "C" fn codex_params_set_int(
    params: *mut codex_params,
    param: u32,
    value: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| with_params(params, err, |p| p.set_int(param_arg(param)?, value)))
}

/// Sets a bool field (CODEX_PARAM_EPHEMERAL, CODEX_PARAM_ARCHIVED).
#[no_mangle]
pub unsafe extern "C" fn codex_params_set_bool(
    params: *mut codex_params,
    param: u32,
    value: bool,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| with_params(params, err, |p| p.set_bool(param_arg(param)?, value)))
}

/// Sets a JSON-valued field (CODEX_PARAM_CONFIG, CODEX_PARAM_OUTPUT_SCHEMA,
/// CODEX_PARAM_COLLABORATION_MODE): `json` is the value as JSON text (config and
/// collaborationMode must be objects).
#[no_mangle]
pub unsafe extern "C" fn codex_params_set_json(
    params: *mut codex_params,
    param: u32,
    json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_params(params, err, |p| {
            let json = str_arg(json, "json")?;
            p.set_json(param_arg(param)?, json)
        })
    })
}

/// The escape hatch, for fields newer than this library: sets `key` (the camelCase wire name,
/// unchecked) to `json` (a JSON value, checked to be JSON). Replaces a typed field of that name.
#[no_mangle]
pub unsafe extern "C" fn codex_params_set_raw(
    params: *mut codex_params,
    key: *const c_char,
    json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_params(params, err, |p| {
            let key = str_arg(key, "key")?;
            let json = str_arg(json, "json")?;
            p.set_raw(key, json)
        })
    })
}

/// Removes a typed field set before (no-op when it is not set).
#[no_mangle]
pub unsafe extern "C" fn codex_params_unset(
    params: *mut codex_params,
    param: u32,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_params(params, err, |p| {
            p.unset(param_arg(param)?);
            Ok(())
        })
    })
}

/// The params as JSON object text (`{}` when nothing is set), for the `params_json` /
/// `turn_params_json` arguments. Borrowed: valid until the next change to the builder or its
/// free. NULL for a NULL builder (which those arguments read as "no params").
#[no_mangle]
pub unsafe extern "C" fn codex_params_json(params: *const codex_params) -> *const c_char {
    ffi_boundary!(|| {
        let Some(p) = params.as_ref() else {
            return std::ptr::null();
        };
        match p.inner.lock() {
            Ok(st) => st.json.as_ptr(),
            Err(_) => std::ptr::null(),
        }
    })
}
