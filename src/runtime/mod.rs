//! The machinery under a session, with no protocol knowledge: the tokio runtime, blocking
//! waits, the per-client delivery thread and its callback slots, the app-server child process
//! and its line reader, and fork detection.
//!
//! Layer rule: imports only the base modules (`error`, `options`, `secrets`).

pub(crate) mod blocking;
pub(crate) mod callback;
pub(crate) mod cancel;
pub(crate) mod delivery;
pub(crate) mod executor;
pub(crate) mod fork;
pub(crate) mod jwt;
pub(crate) mod lines;
pub(crate) mod process;
pub(crate) mod remote;
