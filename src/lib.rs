//! codex-ffi: the native SDK for the Codex app-server.
//!
//! The crate has two faces:
//! - an async Rust API ([`Client`], [`Thread`], [`Turn`], [`Login`], [`Event`]) that drives a real
//!   `codex app-server` child over stdio JSON-RPC, and
//! - a C ABI (`src/ffi`, exported as `include/codex.h`) that wraps it for C, C++, Go and Swift.
//!
//! Layers, bottom up: `transport` (child process and pipes) → `rpc` (message shapes, errors) →
//! `router` (requests by id, events by login / turn / global queue, server requests) → the Rust
//! API → `ffi`.

mod callback;
mod client;
mod delivery;
mod error;
mod event;
pub mod ffi;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzz;
mod login;
mod options;
mod router;
mod rpc;
mod runtime;
mod secrets;
mod server_request;
mod thread;
mod transport;
mod turn;
mod turn_log;
mod version;

pub use client::{Client, InitializeInfo, NotificationHandler, ServerRequestHandler};
pub use error::{Error, Result, Status};
pub use event::{Event, EventKind};
pub use login::{Login, LoginKind, LoginResult};
pub use options::{LogLevel, Options};
pub use server_request::ServerRequest;
pub use thread::Thread;
pub use turn::{Turn, TurnResult, TurnStatus};
