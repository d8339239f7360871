//! The app-server's wire protocol, and nothing else: method names, message shapes (JSON-RPC 2.0
//! without the `"jsonrpc"` field), typed params, the decoded event, the safe default answers to
//! server requests, the folding of a turn's events into its result, and the supported versions.
//!
//! Layer rule: this folder imports only the base modules (`error`); it knows nothing of
//! processes, threads or sessions.

pub mod approvals;
pub(crate) mod defaults;
pub mod error_event;
pub mod event;
pub mod exec;
pub mod items;
pub(crate) mod json;
pub mod mcp;
pub(crate) mod messages;
pub mod methods;
pub mod param_builder;
pub mod params;
pub mod responses;
pub mod results;
pub(crate) mod version;
