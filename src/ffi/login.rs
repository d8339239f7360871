//! Logins: API key, ChatGPT browser and device-code handles, account, logout.

use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::{handle, out_arg, owned_c_string, str_arg, UserData};
use crate::Error;
use crate::Status;
use crate::{block_on, Login, LoginResult};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// A pending interactive login. Free with codex_login_free.
pub struct codex_login {
    pub(super) login: Login,
    id: CString,
    auth_url: Option<CString>,
    verification_url: Option<CString>,
    user_code: Option<CString>,
}

impl super::handle::Boxed for codex_login {}

/// How a login ended. Free with codex_login_result_free (except the borrowed one passed to a
/// completion callback).
pub struct codex_login_result {
    result: LoginResult,
    error: Option<CString>,
    login_id: CString,
}

impl super::handle::Boxed for codex_login_result {}

impl codex_login_result {
    pub(super) fn new(result: LoginResult) -> Self {
        codex_login_result {
            error: result.error.as_deref().map(super::c_string),
            login_id: super::c_string(&result.login_id),
            result,
        }
    }
}

/// Called once when a login completes: on OK `result` is set (borrowed), else `error`.
pub type codex_login_complete_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        status: Status,
        result: *const codex_login_result,
        error: *const codex_error,
    ),
>;

/// Logs in with an API key; completes at once. The key never appears in logs or errors.
#[no_mangle]
pub unsafe extern "C" fn codex_login_api_key(
    client: *const codex_client,
    api_key: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let key = str_arg(api_key, "api_key")?;
        block_on(c.login_api_key(key))
    })
}

fn wrap(login: Login) -> codex_login {
    codex_login {
        id: super::c_string(login.id()),
        auth_url: login.auth_url().map(super::c_string),
        verification_url: login.verification_url().map(super::c_string),
        user_code: login.user_code().map(super::c_string),
        login,
    }
}

/// Starts a ChatGPT browser login. Show codex_login_auth_url to the user, then wait.
/// Starting another browser login makes the server fail this one.
#[no_mangle]
pub unsafe extern "C" fn codex_login_chatgpt(
    client: *const codex_client,
    out: *mut *mut codex_login,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out, "out")?;
        let login = block_on(c.login_chatgpt())?;
        *out = into_boxed(wrap(login));
        Ok(())
    })
}

/// Starts a ChatGPT device-code login. Show codex_login_verification_url and
/// codex_login_user_code, then wait.
#[no_mangle]
pub unsafe extern "C" fn codex_login_chatgpt_device_code(
    client: *const codex_client,
    out: *mut *mut codex_login,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(out, "out")?;
        let login = block_on(c.login_chatgpt_device_code())?;
        *out = into_boxed(wrap(login));
        Ok(())
    })
}

/// The login id (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_login_id(login: *const codex_login) -> *const c_char {
    ffi_boundary!(|| { login.as_ref().map_or(std::ptr::null(), |l| l.id.as_ptr()) })
}

/// The URL to open for a browser login, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_login_auth_url(login: *const codex_login) -> *const c_char {
    ffi_boundary!(|| {
        login
            .as_ref()
            .map_or(std::ptr::null(), |l| super::opt_ptr(&l.auth_url))
    })
}

/// The page to visit for a device-code login, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_login_verification_url(login: *const codex_login) -> *const c_char {
    ffi_boundary!(|| {
        login
            .as_ref()
            .map_or(std::ptr::null(), |l| super::opt_ptr(&l.verification_url))
    })
}

/// The code to enter for a device-code login, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_login_user_code(login: *const codex_login) -> *const c_char {
    ffi_boundary!(|| {
        login
            .as_ref()
            .map_or(std::ptr::null(), |l| super::opt_ptr(&l.user_code))
    })
}

/// Waits up to `timeout_ms` (< 0 = no limit) for the login to complete. TIMEOUT leaves it
/// pending. A failed or cancelled login is OK with success == false. CLOSED if the client was
/// freed, TRANSPORT if the server died.
#[no_mangle]
pub unsafe extern "C" fn codex_login_wait(
    login: *const codex_login,
    timeout_ms: i64,
    out: *mut *mut codex_login_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let l = handle(login, "login")?;
        out_arg(out, "out")?;
        let r = l.login.wait_blocking(super::timeout_ms(timeout_ms))?;
        *out = into_boxed(codex_login_result::new(r));
        Ok(())
    })
}

/// Calls `fn` once, on the delivery thread, when the login completes (at once, there, if it
/// already has); then `drop(user_data)`. After codex_login_free returns, `fn` never starts.
#[no_mangle]
pub unsafe extern "C" fn codex_login_on_complete(
    login: *const codex_login,
    r#fn: codex_login_complete_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let l = handle(login, "login")?;
        let f = r#fn.ok_or_else(|| Error::invalid("fn is NULL"))?;
        let cb = Arc::new(move |outcome: &crate::Result<LoginResult>| {
            super::call_with_outcome(
                outcome,
                |r| codex_login_result::new(r.clone()),
                |status, result, error| f(data.get(), status, result, error),
            )
        });
        l.login.set_on_complete(cb)
    })
}

/// Cancels the login; the handle then completes with success == false. Cancelling twice, or
/// after completion, is OK.
#[no_mangle]
pub unsafe extern "C" fn codex_login_cancel(
    login: *const codex_login,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let l = handle(login, "login")?;
        block_on(l.login.cancel())
    })
}

/// Frees the handle (the login itself goes on unless cancelled). NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_login_free(login: *mut codex_login) {
    ffi_boundary!(|| {
        if !login.is_null() {
            free_boxed(login);
        }
    })
}

/// Whether the login succeeded.
#[no_mangle]
pub unsafe extern "C" fn codex_login_result_success(result: *const codex_login_result) -> bool {
    ffi_boundary!(|| { result.as_ref().is_some_and(|r| r.result.success) })
}

/// The server's error message for a failed login, else NULL (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_login_result_error(
    result: *const codex_login_result,
) -> *const c_char {
    ffi_boundary!(|| {
        result
            .as_ref()
            .map_or(std::ptr::null(), |r| super::opt_ptr(&r.error))
    })
}

/// The id of the login this result belongs to (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_login_result_login_id(
    result: *const codex_login_result,
) -> *const c_char {
    ffi_boundary!(|| {
        result
            .as_ref()
            .map_or(std::ptr::null(), |r| r.login_id.as_ptr())
    })
}

/// Frees a login result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_login_result_free(result: *mut codex_login_result) {
    ffi_boundary!(|| {
        if !result.is_null() {
            free_boxed(result);
        }
    })
}

/// `account/read`: writes the account JSON (`{"account":...,"requiresOpenaiAuth":...}`).
#[no_mangle]
pub unsafe extern "C" fn codex_account(
    client: *const codex_client,
    refresh_token: bool,
    account_json: *mut *mut c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        out_arg(account_json, "account_json")?;
        let r = block_on(c.account(refresh_token))?;
        *account_json = owned_c_string(&r.raw_json);
        Ok(())
    })
}

/// Logs out (succeeds when nobody is logged in too).
#[no_mangle]
pub unsafe extern "C" fn codex_logout(
    client: *const codex_client,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        block_on(c.logout())
    })
}
