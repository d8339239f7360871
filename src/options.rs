//! Client options: how to launch the app-server and how the client behaves.

use std::sync::Arc;
use std::time::Duration;

/// Severity of a diagnostic passed to the log callback (the C ABI's `codex_log_level`).
/// cbindgen:rename-all=QualifiedScreamingSnakeCase
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Error = 0,
    Warn = 1,
    Info = 2,
    Debug = 3,
}

impl LogLevel {
    /// The level of a C `uint32_t` (an unknown value is `None`).
    pub fn from_u32(v: u32) -> Option<LogLevel> {
        Some(match v {
            0 => LogLevel::Error,
            1 => LogLevel::Warn,
            2 => LogLevel::Info,
            3 => LogLevel::Debug,
            _ => return None,
        })
    }
}

pub type LogFn = Arc<dyn Fn(LogLevel, &str) + Send + Sync>;

/// Everything `Client::start` needs. `Default` gives the documented defaults.
#[derive(Clone)]
pub struct Options {
    /// Path of the `codex` binary; else `CODEX_BIN`; else `codex` on `PATH`.
    pub codex_bin: Option<String>,
    /// `CODEX_HOME` for the child (else inherited).
    pub codex_home: Option<String>,
    /// Working directory of the child (the default `cwd` of threads).
    pub cwd: Option<String>,
    /// Environment overlay: `(name, Some(value))` sets, `(name, None)` removes.
    pub env: Vec<(String, Option<String>)>,
    /// `--config key=value` overrides, passed before the `app-server` subcommand.
    pub config_overrides: Vec<String>,
    pub client_name: String,
    pub client_title: Option<String>,
    pub client_version: String,
    pub experimental_api: bool,
    /// Bound on every call that talks to the server and is not itself a wait.
    pub request_timeout: Duration,
    /// How many times a `-32001` (overloaded) answer is retried before `OVERLOADED`.
    pub retry_limit: u32,
    /// Accept a server whose version is outside the supported range.
    pub accept_any_version: bool,
    /// Idle watchdog for turns (`None` = off).
    pub idle_timeout: Option<Duration>,
    /// How long a server-request handler may take before the safe default answer is sent.
    pub server_request_timeout: Duration,
    /// Receives the library's diagnostics (on the client's delivery thread).
    pub log: Option<LogFn>,
    pub log_level: LogLevel,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            codex_bin: None,
            codex_home: None,
            cwd: None,
            env: Vec::new(),
            config_overrides: Vec::new(),
            client_name: "codex_ffi".into(),
            client_title: Some("Codex FFI".into()),
            client_version: env!("CARGO_PKG_VERSION").into(),
            experimental_api: true,
            request_timeout: Duration::from_secs(60),
            retry_limit: 6,
            accept_any_version: false,
            idle_timeout: Some(Duration::from_secs(600)),
            server_request_timeout: Duration::from_secs(600),
            log: None,
            log_level: LogLevel::Info,
        }
    }
}

impl Options {
    /// Checks what `Client::start` would otherwise fail on later, or pass to the app-server
    /// broken: env names, `--config` overrides, zero timeouts, names with NUL bytes.
    pub fn validate(&self) -> crate::Result<()> {
        let invalid = |m: String| Err(crate::Error::invalid(m));
        for (name, value) in &self.env {
            check_env(name, value.as_deref())?;
        }
        for kv in &self.config_overrides {
            check_config_override(kv)?;
        }
        if self.request_timeout.is_zero() || self.server_request_timeout.is_zero() {
            return invalid("request and server-request timeouts must be > 0".into());
        }
        if self.client_name.is_empty() {
            return invalid("client name must not be empty".into());
        }
        Ok(())
    }
}

impl Options {
    /// Sets (or, with `None`, removes) an environment variable of the app-server.
    pub fn set_env(&mut self, name: &str, value: Option<&str>) -> crate::Result<()> {
        check_env(name, value)?;
        self.env.retain(|(k, _)| k != name);
        self.env.push((name.to_owned(), value.map(str::to_owned)));
        Ok(())
    }

    /// Adds a `--config key=value` override (the value is TOML, parsed by the server).
    pub fn add_config(&mut self, key_value: &str) -> crate::Result<()> {
        check_config_override(key_value)?;
        self.config_overrides.push(key_value.to_owned());
        Ok(())
    }
}

fn check_env(name: &str, value: Option<&str>) -> crate::Result<()> {
    if name.is_empty() || name.contains('=') || name.contains('\0') {
        return Err(crate::Error::invalid(format!(
            "env name {name:?} must be non-empty, without '=' or NUL"
        )));
    }
    if value.is_some_and(|v| v.contains('\0')) {
        return Err(crate::Error::invalid(format!(
            "env {name} has a NUL byte in its value"
        )));
    }
    Ok(())
}

fn check_config_override(kv: &str) -> crate::Result<()> {
    match kv.split_once('=') {
        Some((key, _)) if !key.trim().is_empty() => Ok(()),
        _ => Err(crate::Error::invalid(format!(
            "config override {kv:?} must look like key=value"
        ))),
    }
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Env values may hold secrets: print names only.
        let env_names: Vec<&str> = self.env.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Options")
            .field("codex_bin", &self.codex_bin)
            .field("codex_home", &self.codex_home)
            .field("cwd", &self.cwd)
            .field("env", &env_names)
            .field("client_name", &self.client_name)
            .field("experimental_api", &self.experimental_api)
            .field("request_timeout", &self.request_timeout)
            .field("retry_limit", &self.retry_limit)
            .finish()
    }
}
