//! The app-server's configuration: read, write one value, batch write, requirements.

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::{opt_str_arg, out_arg, owned_c_string, str_arg};
use crate::{block_on, Error, MergeStrategy, Status};
use std::ffi::c_char;

/// `config/read`: writes the effective config as JSON (`{"config":...,"origins":...}`, and
/// `layers` when `include_layers`), for `cwd`'s project if `cwd` is not NULL. Free it with
/// codex_string_free.
#[no_mangle]
pub unsafe extern "C" fn codex_config_read(
    client: *const codex_client,
    cwd: *const c_char,
    include_layers: bool,
    out_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let cwd = opt_str_arg(cwd, "cwd")?;
        out_arg(out_json, "out_json")?;
        let r = block_on(c.config_read(cwd, include_layers))?;
        *out_json = owned_c_string(&r.raw_json);
        Ok(())
    })
}

/// `config/value/write`: sets `key_path` (dotted, e.g. "model") to `value_json` in the user's
/// config.toml. `merge` is a codex_merge_strategy (REPLACE or UPSERT; another value is
/// INVALID_ARGUMENT).
#[no_mangle]
pub unsafe extern "C" fn codex_config_write(
    client: *const codex_client,
    key_path: *const c_char,
    value_json: *const c_char,
    merge: u32,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let key = str_arg(key_path, "key_path")?;
        let value = str_arg(value_json, "value_json")?;
        let merge = MergeStrategy::from_u32(merge).ok_or_else(|| {
            Error::invalid(format!("merge {merge} is not a codex_merge_strategy"))
        })?;
        block_on(c.config_write(key, value, merge)).map(|_| ())
    })
}

/// `config/batchWrite`: `edits_json` is a JSON array of
/// `{"keyPath":...,"value":...,"mergeStrategy":"upsert"|"replace"}`.
#[no_mangle]
pub unsafe extern "C" fn codex_config_batch_write(
    client: *const codex_client,
    edits_json: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        block_on(c.config_batch_write(str_arg(edits_json, "edits_json")?)).map(|_| ())
    })
}

/// `configRequirements/read`: writes what an administrator requires, as JSON. Free it with
/// codex_string_free.
#[no_mangle]
pub unsafe extern "C" fn codex_config_requirements(
    client: *const codex_client,
    out_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out_json, "out_json")?;
        let r = block_on(c.config_requirements())?;
        *out_json = owned_c_string(&r.raw_json);
        Ok(())
    })
}
