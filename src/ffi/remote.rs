//! `codex_options_set_remote_*`: connect codex_new to a running app-server (unix://, ws://,
//! wss://) instead of spawning one, with its credentials. See docs/remote.md.

use super::error::codex_error;
use super::options::{codex_options, with_opts};
use super::{opt_str_arg, str_arg};
use crate::{Error, RemoteAuth, SecretSource, Status};
use std::ffi::c_char;
use std::time::Duration;

/// Connect to a running app-server instead of spawning one: "unix://PATH", "ws://HOST:PORT" or
/// "wss://HOST:PORT" (NULL = spawn, the default). With a URL, codex_new returns
/// CODEX_STATUS_INVALID_ARGUMENT if a spawn-only option is set (codex_options_set_codex_bin,
/// codex_options_set_codex_home, codex_options_set_cwd, codex_options_set_env,
/// codex_options_add_config); it returns CODEX_STATUS_AUTH, with the server's reason, when the
/// server refuses the credentials. codex_free closes the connection; the server keeps running.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_url(
    opts: *mut codex_options,
    url: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            let url = opt_str_arg(url, "url")?;
            if let Some(u) = url {
                crate::ffi::remote::check_url(u)?;
            }
            o.remote_url = url.map(str::to_owned);
            Ok(())
        })
    })
}

/// The bearer token sent to a remote app-server: the capability token of `--ws-auth
/// capability-token`, or a ready JWT (NULL = none). Never logged, never in an error.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_token(
    opts: *mut codex_options,
    token: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.remote_auth = match opt_str_arg(token, "token")? {
                Some("") => return Err(Error::invalid("token is empty")),
                Some(t) => RemoteAuth::Token(SecretSource::Value(t.to_owned())),
                None => RemoteAuth::None,
            };
            Ok(())
        })
    })
}

/// Like codex_options_set_remote_token, the token read from a file at codex_new (a trailing
/// newline dropped).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_token_file(
    opts: *mut codex_options,
    path: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.remote_auth =
                RemoteAuth::Token(SecretSource::File(str_arg(path, "path")?.to_owned()));
            Ok(())
        })
    })
}

/// A signed bearer token for `--ws-auth signed-bearer-token`: codex_new makes an HS256 JWT
/// from the shared `secret` with the claims `iss` = issuer and `aud` = audience (each NULL =
/// left out), `iat` = now and `exp` = now + ttl_seconds (>= 0).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_jwt(
    opts: *mut codex_options,
    secret: *const c_char,
    issuer: *const c_char,
    audience: *const c_char,
    ttl_seconds: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            let secret = str_arg(secret, "secret")?;
            if secret.is_empty() {
                return Err(Error::invalid("secret is empty"));
            }
            o.remote_auth = jwt(
                SecretSource::Value(secret.to_owned()),
                opt_str_arg(issuer, "issuer")?,
                opt_str_arg(audience, "audience")?,
                ttl_seconds,
            )?;
            Ok(())
        })
    })
}

/// Like codex_options_set_remote_jwt, the shared secret read from a file at codex_new (the
/// file the server's `--ws-shared-secret-file` names; a trailing newline dropped).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_jwt_file(
    opts: *mut codex_options,
    secret_path: *const c_char,
    issuer: *const c_char,
    audience: *const c_char,
    ttl_seconds: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.remote_auth = jwt(
                SecretSource::File(str_arg(secret_path, "secret_path")?.to_owned()),
                opt_str_arg(issuer, "issuer")?,
                opt_str_arg(audience, "audience")?,
                ttl_seconds,
            )?;
            Ok(())
        })
    })
}

/// PEM file of the certificate authorities a wss:// server must chain to (NULL = the system's
/// store).
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_ca_file(
    opts: *mut codex_options,
    path: *const c_char,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            o.remote_ca_file = opt_str_arg(path, "path")?.map(str::to_owned);
            Ok(())
        })
    })
}

/// A remote link on which nothing arrives for timeout_ms is declared dead: every waiter gets
/// CODEX_STATUS_TRANSPORT. Pings go out every third of it. 0 = never; default 30000.
#[no_mangle]
pub unsafe extern "C" fn codex_options_set_remote_ping_timeout_ms(
    opts: *mut codex_options,
    timeout_ms: i64,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(|| {
        with_opts(opts, err, |o| {
            if timeout_ms < 0 {
                return Err(Error::invalid("timeout_ms must be >= 0"));
            }
            o.remote_ping_timeout =
                (timeout_ms > 0).then(|| Duration::from_millis(timeout_ms as u64));
            Ok(())
        })
    })
}

fn jwt(
    secret: SecretSource,
    issuer: Option<&str>,
    audience: Option<&str>,
    ttl_seconds: i64,
) -> crate::Result<RemoteAuth> {
    if ttl_seconds < 0 {
        return Err(Error::invalid("ttl_seconds must be >= 0"));
    }
    Ok(RemoteAuth::Jwt {
        secret,
        issuer: issuer.map(str::to_owned),
        audience: audience.map(str::to_owned),
        ttl: Duration::from_secs(ttl_seconds as u64),
    })
}

fn check_url(url: &str) -> crate::Result<()> {
    crate::Options {
        remote_url: Some(url.to_owned()),
        ..Default::default()
    }
    .validate()
}
