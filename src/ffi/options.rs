//! `codex_options`: how `codex_new` launches and configures a client.

use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::{handle, opt_str_arg, str_arg, UserData};
use crate::Error;
use crate::Status;
use crate::{LogLevel, Options};
use std::ffi::{c_char, c_void};
use std::sync::Arc;
use std::time::Duration;

/// Options for codex_new. Create with codex_options_new, free with codex_options_free.
pub struct codex_options {
    pub(crate) inner: std::sync::Mutex<Options>,
}

impl super::handle::Boxed for codex_options {}

/// Receives the library's diagnostics (never secrets), on the client's delivery thread.
pub type codex_log_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, level: LogLevel, message: *const c_char)>;

pub(super) unsafe fn with_opts(
    opts: *mut codex_options,
    err: *mut *mut codex_error,
    f: impl FnOnce(&mut Options) -> crate::Result<()>,
) -> Status {
    ffi_boundary!(err, || {
        let o = handle(opts as *const codex_options, "opts")?;
        let mut inner = o
            .inner
            .lock()
            .map_err(|_| Error::internal("options lock poisoned"))?;
        f(&mut inner)
    })
}

/// New options with the defaults: binary from CODEX_BIN or PATH, inherited CODEX_HOME and cwd,
/// client name "codex_ffi", experimental API on, 60 s request timeout, 6 overload retries,
/// 10 min idle watchdog, 10 min server-request handler timeout, no log callback.
#[no_mangle]
pub extern "C" fn codex_options_new() -> *mut codex_options {
    ffi_boundary!(|| {
        into_boxed(codex_options {
            inner: std::sync::Mutex::new(Options::default()),
        })
    })
}

/// Frees options (clients made from them keep their own copy). NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_options_free(opts: *mut codex_options) {
    ffi_boundary!(|| {
        if !opts.is_null() {
            free_boxed(opts);
        }
    })
}

/// Path of the codex binary (NULL = look up CODEX_BIN, then `codex` on PATH).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_codex_bin(
    opts: *mut codex_options,
    path: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.codex_bin = opt_str_arg(path, "path")?.map(str::to_owned);
            Ok(())
        })
    })
}

/// CODEX_HOME of the app-server (NULL = inherited).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_codex_home(
    opts: *mut codex_options,
    path: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.codex_home = opt_str_arg(path, "path")?.map(str::to_owned);
            Ok(())
        })
    })
}

/// Working directory of the app-server, the default cwd of threads (NULL = inherited).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_cwd(
    opts: *mut codex_options,
    path: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.cwd = opt_str_arg(path, "path")?.map(str::to_owned);
            Ok(())
        })
    })
}

/// Sets (or, with value NULL, removes) an environment variable of the app-server.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_env(
    opts: *mut codex_options,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            let name = str_arg(name, "name")?;
            o.set_env(name, opt_str_arg(value, "value")?)
        })
    })
}

/// Adds a `--config key=value` override (value parsed as TOML by the server), e.g.
/// "features.plugins=false".
#[no_mangle]
pub unsafe extern "C" fn codex_options_add_config(
    opts: *mut codex_options,
    key_value: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.add_config(str_arg(key_value, "key_value")?)
        })
    })
}

/// clientInfo sent at initialize (name is required; title may be NULL; version NULL = library's).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_client_info(
    opts: *mut codex_options,
    name: *const c_char,
    title: *const c_char,
    version: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            let name = str_arg(name, "name")?;
            if name.is_empty() {
                return Err(Error::invalid("name must not be empty"));
            }
            o.client_name = name.to_owned();
            o.client_title = opt_str_arg(title, "title")?.map(str::to_owned);
            if let Some(v) = opt_str_arg(version, "version")? {
                o.client_version = v.to_owned();
            }
            Ok(())
        })
    })
}

/// Opt in to the experimental API (default true, like the official Python SDK).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_experimental_api(
    opts: *mut codex_options,
    enabled: bool,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.experimental_api = enabled;
            Ok(())
        })
    })
}

/// Bound (ms, > 0) on every call that talks to the server and is not itself a wait.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_request_timeout_ms(
    opts: *mut codex_options,
    timeout_ms: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            if timeout_ms <= 0 {
                return Err(Error::invalid("timeout_ms must be > 0"));
            }
            o.request_timeout = Duration::from_millis(timeout_ms as u64);
            Ok(())
        })
    })
}

/// How many times an overloaded (-32001) answer is retried before CODEX_STATUS_OVERLOADED.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_retry_limit(
    opts: *mut codex_options,
    retries: u32,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.retry_limit = retries;
            Ok(())
        })
    })
}

/// Accept a server outside the supported version range (otherwise codex_new fails with VERSION).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_accept_any_version(
    opts: *mut codex_options,
    accept: bool,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.accept_any_version = accept;
            Ok(())
        })
    })
}

/// Idle watchdog for turns in ms (0 = off; default 600000): a turn with no event for that long,
/// while no server request awaits an answer, is interrupted, then failed if it still does not end.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_idle_timeout_ms(
    opts: *mut codex_options,
    timeout_ms: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            if timeout_ms < 0 {
                return Err(Error::invalid("timeout_ms must be >= 0"));
            }
            o.idle_timeout = (timeout_ms > 0).then(|| Duration::from_millis(timeout_ms as u64));
            Ok(())
        })
    })
}

/// How long (ms, > 0) a server-request handler may take before the safe default answer is sent
/// (default 600000). A later answer gets CODEX_STATUS_EXPIRED.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_server_request_timeout_ms(
    opts: *mut codex_options,
    timeout_ms: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            if timeout_ms <= 0 {
                return Err(Error::invalid("timeout_ms must be > 0"));
            }
            o.server_request_timeout = Duration::from_millis(timeout_ms as u64);
            Ok(())
        })
    })
}

/// Sets the log callback and the most verbose level it receives. `fn` NULL removes it.
/// `drop(user_data)` runs once, when neither these options nor any client made from them use it.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_log_callback(
    opts: *mut codex_options,
    max_level: u32,
    r#fn: codex_log_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        let data = UserData::new(user_data, drop);
        with_opts(opts, err, move |o| {
            o.log_level = LogLevel::from_u32(max_level).ok_or_else(|| {
                Error::invalid(format!(
                    "max_level {max_level} is not a codex_log_level (0 ERROR .. 3 DEBUG)"
                ))
            })?;
            o.log = r#fn.map(|f| {
                let log: crate::LogFn = Arc::new(move |level: LogLevel, message: &str| {
                    let msg = super::c_string(message);
                    // SAFETY: host callback with its own user_data and a NUL-terminated message.
                    unsafe { f(data.get(), level, msg.as_ptr()) };
                });
                log
            });
            Ok(())
        })
    })
}
