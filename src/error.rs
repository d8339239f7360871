//! The error type shared by the Rust API and the C ABI: a status plus what the caller needs to act.

use std::fmt;

/// Why a call did not succeed. The numbering is the C ABI's and never changes.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Ok = 0,
    InvalidArgument = 1,
    Timeout = 2,
    End = 3,
    Cancelled = 4,
    Closed = 5,
    Transport = 6,
    Rpc = 7,
    Overloaded = 8,
    NotFound = 9,
    Expired = 10,
    Version = 11,
    WouldDeadlock = 12,
    Panic = 13,
    Internal = 14,
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
