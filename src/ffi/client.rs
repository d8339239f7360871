//! `codex_client`: one app-server child. Start, free, metadata, raw requests, notifications.

use super::error::codex_error;
use super::event::{codex_event, codex_event_fn};
use super::handle::{free_boxed, into_boxed, into_shared, lend};
use super::options::codex_options;
use super::{handle, json_arg, out_arg, owned_c_string, str_arg, UserData};
use crate::Status;
use crate::{Client, Error, Result};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// A client: one running `codex app-server`. Thread-safe. Free with codex_free.
pub struct codex_client {
    pub(crate) client: Client,
    user_agent: CString,
    server_version: CString,
    codex_home: CString,
    platform_family: CString,
    platform_os: CString,
}

impl super::handle::Boxed for codex_client {}

/// Called once with a request's outcome: the result JSON (borrowed) on OK, else the error
/// (borrowed). Runs on the client's delivery thread.
pub type codex_request_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        status: Status,
        result_json: *const c_char,
        error: *const codex_error,
    ),
>;

pub(crate) unsafe fn client_arg<'a>(client: *const codex_client) -> Result<&'a Client> {
    Ok(&handle(client, "client")?.client)
}

/// Starts an app-server and completes the initialize handshake. `opts` may be NULL (defaults).
/// Fails with NOT_FOUND (no binary; the message lists what was tried), TRANSPORT (it died; with
/// its stderr tail), TIMEOUT (no answer within the request timeout) or VERSION.
#[no_mangle]
pub unsafe extern "C" fn codex_new(
    opts: *const codex_options,
    out: *mut *mut codex_client,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        out_arg(out, "out")?;
        let options = match opts.as_ref() {
            Some(o) => o
                .inner
                .lock()
                .map_err(|_| Error::internal("options lock poisoned"))?
                .clone(),
            None => crate::Options::default(),
        };
        let client = Client::start_blocking(options)?;
        let info = client.info().clone();
        let c = codex_client {
            client,
            user_agent: super::c_string(&info.user_agent),
            server_version: super::c_string(&info.server_version),
            codex_home: super::c_string(&info.codex_home),
            platform_family: super::c_string(&info.platform_family),
            platform_os: super::c_string(&info.platform_os),
        };
        *out = into_boxed(c);
        Ok(())
    })
}

/// Shuts the client down: every blocked call on it returns CLOSED, registered client callbacks
/// are released (no callback of the client starts after this returns), the server's stdin is
/// closed and its process group terminated if it lingers. Child handles (logins, threads,
/// turns) still need their own free; their calls then return CLOSED. NULL is a no-op.
/// Safe to call from inside a callback (it then does not wait for the delivery thread).
#[no_mangle]
pub unsafe extern "C" fn codex_free(client: *mut codex_client) {
    ffi_boundary!(|| {
        if let Some(c) = client.as_ref() {
            c.client.shutdown();
        }
        free_boxed(client);
    })
}

/// Shuts the client down without freeing it: the same as codex_free (every blocked call returns
/// CLOSED, client callbacks are released, the app-server is stopped) except that the handle stays
/// valid, so threads still inside a call on it can return safely; free it afterwards with
/// codex_free. Idempotent; NULL is a no-op. Turn control afterwards: a blocked run (bounded or
/// not) or wait returns CLOSED at once; a pull hands out the events already received, then
/// CLOSED; interrupt and steer return CLOSED and send nothing; new turns and runs are CLOSED;
/// codex_cancel tokens are the caller's and keep working.
#[no_mangle]
pub unsafe extern "C" fn codex_close(client: *const codex_client) {
    ffi_boundary!(|| {
        if let Some(c) = client.as_ref() {
            c.client.shutdown()
        }
    })
}

/// The server's user agent from initialize (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_client_user_agent(client: *const codex_client) -> *const c_char {
    ffi_boundary!(|| {
        client
            .as_ref()
            .map_or(std::ptr::null(), |c| c.user_agent.as_ptr())
    })
}

/// The server's version, parsed from its user agent, e.g. "0.163.0" (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_client_server_version(client: *const codex_client) -> *const c_char {
    ffi_boundary!(|| {
        client
            .as_ref()
            .map_or(std::ptr::null(), |c| c.server_version.as_ptr())
    })
}

/// The CODEX_HOME the server resolved (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_client_codex_home(client: *const codex_client) -> *const c_char {
    ffi_boundary!(|| {
        client
            .as_ref()
            .map_or(std::ptr::null(), |c| c.codex_home.as_ptr())
    })
}

/// The server's platform family, e.g. "unix" (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_client_platform_family(
    client: *const codex_client,
) -> *const c_char {
    ffi_boundary!(|| {
        client
            .as_ref()
            .map_or(std::ptr::null(), |c| c.platform_family.as_ptr())
    })
}

/// The server's OS, e.g. "linux" (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_client_platform_os(client: *const codex_client) -> *const c_char {
    ffi_boundary!(|| {
        client
            .as_ref()
            .map_or(std::ptr::null(), |c| c.platform_os.as_ptr())
    })
}

/// Sends any app-server method and waits up to `timeout_ms` (< 0 = no limit) for its result.
/// `params_json` NULL means `{}`. On OK `*result_json` is the result as JSON (free it with
/// codex_string_free). A JSON-RPC error is RPC (code, message, data in the error); overload
/// (-32001) is retried, then OVERLOADED.
#[no_mangle]
pub unsafe extern "C" fn codex_request(
    client: *const codex_client,
    method: *const c_char,
    params_json: *const c_char,
    timeout_ms: i64,
    result_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let method = str_arg(method, "method")?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(result_json, "result_json")?;
        let r = c.request_blocking(method, params, super::timeout_ms(timeout_ms))?;
        *result_json = owned_c_string(&r);
        Ok(())
    })
}

/// The callback form of codex_request: returns at once; `fn` runs once on the delivery thread
/// with the outcome, then `drop(user_data)`. If the client is freed first, `fn` may not run;
/// `drop` always does.
#[no_mangle]
pub unsafe extern "C" fn codex_request_async(
    client: *const codex_client,
    method: *const c_char,
    params_json: *const c_char,
    timeout_ms: i64,
    r#fn: codex_request_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let c = client_arg(client)?;
        let method = str_arg(method, "method")?;
        let params = json_arg(params_json, "params_json")?;
        let f = r#fn.ok_or_else(|| Error::invalid("fn is NULL"))?;
        c.request_with_callback(
            method,
            params,
            super::timeout_ms(timeout_ms),
            move |outcome| {
                let data = data;
                super::call_with_outcome(
                    &outcome,
                    |result| super::c_string(result),
                    |status, result, error| {
                        let result = if result.is_null() {
                            std::ptr::null()
                        } else {
                            (*result).as_ptr()
                        };
                        f(data.get(), status, result, error)
                    },
                )
            },
        )?;
        Ok(())
    })
}

/// Delivers notifications that no login or turn claimed (thread/started, account/updated,
/// warnings, ...) to `fn` on the delivery thread, instead of the pull queue. `fn` NULL removes
/// the callback (no call starts after this returns; the old `drop` runs once).
#[no_mangle]
pub unsafe extern "C" fn codex_set_notification_callback(
    client: *const codex_client,
    r#fn: codex_event_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let c = client_arg(client)?;
        let cb: Option<crate::NotificationHandler> = match r#fn {
            Some(f) => Some(Arc::new(move |ev: &crate::Event| {
                f(data.get(), lend::<codex_event>(ev));
            })),
            None => None,
        };
        c.on_notification(cb)
    })
}

/// Takes the next unclaimed notification, waiting up to `timeout_ms` (< 0 = no limit; TIMEOUT
/// when none came). The queue keeps the newest 1024; older ones are dropped. Free the event with
/// codex_event_free.
#[no_mangle]
pub unsafe extern "C" fn codex_next_notification(
    client: *const codex_client,
    timeout_ms: i64,
    out: *mut *mut codex_event,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out, "out")?;
        let ev = c.next_notification_blocking(super::timeout_ms(timeout_ms))?;
        *out = into_shared::<codex_event>(ev);
        Ok(())
    })
}

/// How many unclaimed notifications were dropped because the queue was full.
#[no_mangle]
pub unsafe extern "C" fn codex_notifications_lagged(client: *const codex_client) -> u64 {
    ffi_boundary!(|| {
        client
            .as_ref()
            .map_or(0, |c| c.client.notifications_lagged())
    })
}
