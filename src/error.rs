//! The error type shared by the Rust API and the C ABI: a status plus what the caller needs to act.

use std::fmt;

/// Why a call did not succeed: the C ABI's `codex_status` (values explicit, never
/// renumbered; new ones only appended).
/// cbindgen:rename-all=QualifiedScreamingSnakeCase
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Success: outputs are written.
    Ok = 0,
    /// NULL where a value is needed, invalid UTF-8, bad JSON, misuse.
    InvalidArgument = 1,
    /// A wait's time ran out; the operation goes on. No error object is written.
    Timeout = 2,
    /// A stream has no more events. No error object is written.
    End = 3,
    /// The operation was cancelled.
    Cancelled = 4,
    /// The client was freed or shut down.
    Closed = 5,
    /// The app-server died or its pipes broke; the error carries the stderr tail.
    Transport = 6,
    /// The server answered a JSON-RPC error (code and data in the error object).
    Rpc = 7,
    /// The server stayed overloaded (-32001) past the retry limit.
    Overloaded = 8,
    /// The codex binary, or an id the library itself does not know.
    NotFound = 9,
    /// An answer to a server request that was already answered by timeout or default.
    Expired = 10,
    /// The server's version is outside the supported range.
    Version = 11,
    /// A blocking call from a callback that could only finish after that callback returns.
    WouldDeadlock = 12,
    /// A bug caught at the C boundary.
    Panic = 13,
    /// Anything else.
    Internal = 14,
    /// A remote app-server refused the connection's credentials (missing, invalid or expired).
    Auth = 15,
}

/// An error: status, message, and, where they apply, the JSON-RPC code and data and the tail of
/// the app-server's stderr (with secrets redacted).
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub status: Status,
    pub message: String,
    pub rpc_code: i64,
    pub rpc_data: Option<String>,
    pub stderr_tail: Option<String>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(status: Status, message: impl Into<String>) -> Self {
        Error {
            status,
            message: message.into(),
            rpc_code: 0,
            rpc_data: None,
            stderr_tail: None,
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Status::InvalidArgument, message)
    }
    pub fn closed() -> Self {
        Self::new(Status::Closed, "the client was closed")
    }
    pub fn timeout(what: &str) -> Self {
        Self::new(Status::Timeout, format!("{what} timed out"))
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Status::Internal, message)
    }
    pub(crate) fn with_stderr(mut self, tail: Option<String>) -> Self {
        self.stderr_tail = tail.filter(|t| !t.is_empty());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.status, self.message)?;
        if self.rpc_code != 0 {
            write!(f, " (rpc code {})", self.rpc_code)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
