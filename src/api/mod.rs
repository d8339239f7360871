//! The public Rust API: [`Client`](client::Client), [`Thread`](thread::Thread),
//! [`Turn`](turn::Turn), [`Login`](login::Login). Async first; each blocking wait also has a
//! `*_blocking` form for callers outside async code (the C ABI is built on those). Every
//! validation of caller input lives here or below, so Rust users get it too.
//!
//! Layer rule: imports the base modules, `protocol`, `runtime` and `session`; never `ffi`.

pub mod client;
pub mod config;
pub mod exec;
pub mod goal;
pub mod history;
pub mod limits;
pub mod login;
pub mod mcp;
pub mod review;
pub mod thread;
pub mod thread_stream;
pub mod tools;
pub mod turn;
