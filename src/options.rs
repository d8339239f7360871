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

/// A secret given as a value or as a file to read at `Client::start` (trailing newline
/// dropped). Its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    Value(String),
    File(String),
}

impl SecretSource {
    /// The secret's text (a file is read now).
    pub fn read(&self) -> crate::Result<String> {
        match self {
            SecretSource::Value(v) => Ok(v.clone()),
            SecretSource::File(path) => std::fs::read_to_string(path)
                .map(|t| t.trim_end_matches(['\n', '\r']).to_owned())
                .map_err(|e| {
                    crate::Error::invalid(format!(
                        "cannot read the secret file {path}: {}",
                        e.kind()
                    ))
                }),
        }
    }
}

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Value(_) => f.write_str("Value([redacted])"),
            SecretSource::File(path) => f.debug_tuple("File").field(path).finish(),
        }
    }
}

/// How a remote app-server is told who is connecting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RemoteAuth {
    /// No `Authorization` header (a loopback listener without `--ws-auth`, or a Unix socket).
    #[default]
    None,
    /// A ready bearer token: the capability token of `--ws-auth capability-token`, or a JWT
    /// made elsewhere.
    Token(SecretSource),
    /// An HS256 JWT the library makes from the shared secret of `--ws-auth
    /// signed-bearer-token`, with these claims, valid for `ttl` from `Client::start`.
    Jwt {
        secret: SecretSource,
        issuer: Option<String>,
        audience: Option<String>,
        ttl: Duration,
    },
}

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
    /// Connect to a running app-server instead of spawning one: `unix://PATH`,
    /// `ws://HOST:PORT` or `wss://HOST:PORT`. With it the spawn-only options (`codex_bin`,
    /// `codex_home`, `cwd`, `env`, `config_overrides`) must stay unset.
    pub remote_url: Option<String>,
    pub remote_auth: RemoteAuth,
    /// PEM file of the CAs a `wss://` server's certificate must chain to (else the system's).
    pub remote_ca_file: Option<String>,
    /// A remote link on which nothing arrives for this long (pings are sent every third of it)
    /// is declared dead: every waiter gets `TRANSPORT` (`None` = never).
    pub remote_ping_timeout: Option<Duration>,
    /// Bound on connecting and the WebSocket upgrade.
    pub remote_connect_timeout: Duration,
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
            remote_url: None,
            remote_auth: RemoteAuth::None,
            remote_ca_file: None,
            remote_ping_timeout: Some(Duration::from_secs(30)),
            remote_connect_timeout: Duration::from_secs(10),
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
        self.validate_remote()
    }

    /// A remote URL excludes the options that only mean something for a spawned child; remote
    /// credentials need a remote URL.
    fn validate_remote(&self) -> crate::Result<()> {
        let Some(url) = &self.remote_url else {
            if self.remote_auth != RemoteAuth::None || self.remote_ca_file.is_some() {
                return Err(crate::Error::invalid(
                    "remote credentials or a CA file are set without a remote URL",
                ));
            }
            return Ok(());
        };
        check_remote_url(url)?;
        let spawn_only = [
            ("codex_bin", self.codex_bin.is_some()),
            ("codex_home", self.codex_home.is_some()),
            ("cwd", self.cwd.is_some()),
            ("env", !self.env.is_empty()),
            ("config", !self.config_overrides.is_empty()),
        ];
        if let Some((name, _)) = spawn_only.iter().find(|(_, set)| *set) {
            return Err(crate::Error::invalid(format!(
                "option {name} only applies to a spawned app-server, not to the remote {url}"
            )));
        }
        if self.remote_connect_timeout.is_zero()
            || self.remote_ping_timeout.is_some_and(|t| t.is_zero())
        {
            return Err(crate::Error::invalid("remote timeouts must be > 0"));
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

/// The three supported URL forms (anything else is INVALID_ARGUMENT).
pub(crate) fn check_remote_url(url: &str) -> crate::Result<()> {
    let ok = ["unix://", "ws://", "wss://"]
        .iter()
        .any(|s| url.len() > s.len() && url.starts_with(s));
    if ok {
        Ok(())
    } else {
        Err(crate::Error::invalid(format!(
            "remote URL {url:?} must be unix://PATH, ws://HOST:PORT or wss://HOST:PORT"
        )))
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
            .field("remote_url", &self.remote_url)
            .field("remote_auth", &self.remote_auth)
            .finish()
    }
}
