//! codex-ffi: the native SDK for the Codex app-server.
//!
//! The crate has two faces:
//! - an async Rust API ([`Client`], [`Thread`], [`Turn`], [`Login`], [`Event`]) that drives a real
//!   `codex app-server` child over stdio JSON-RPC, and
//! - a C ABI (`src/ffi`, exported as `include/codex.h`) built only on that Rust API.
//!
//! Layers, bottom up (a module imports only from its own layer's lower parts or lower layers;
//! `tests/architecture.rs` enforces it):
//!
//! ```text
//! ffi/        the C ABI: handles, status + error objects, strings, callbacks
//! api/        Client, Thread, Turn, Login: the public Rust API
//! session/    one connected app-server: connection, dispatch, turn/login/request registries
//! runtime/    tokio runtime, blocking waits, delivery thread, callback slots, child process
//! protocol/   method names, message shapes, typed params, events, results, safe defaults
//! error, options, secrets   base types every layer uses
//! ```
//!
//! See `docs/architecture.md` for the threads, tasks and lock order.

mod api;
mod error;
pub mod ffi;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzz;
mod options;
mod protocol;
mod runtime;
mod secrets;
mod session;

pub use api::client::{Client, InitializeInfo, NotificationHandler, ServerRequestHandler};
pub use api::exec::Process;
pub use api::history::Page;
pub use api::login::{Login, LoginKind};
pub use api::thread::Thread;
pub use api::thread_stream::ThreadStream;
pub use api::turn::Turn;
pub use error::{Error, Result, Status};
pub use options::{LogFn, LogLevel, Options, RemoteAuth, SecretSource};
pub use protocol::approvals::{
    codex_decision_t, codex_server_request_kind_t, codex_tool_content_t, tool_answer_json,
    CommandExecutionRequestApprovalParams, Decision, DynamicToolCallParams,
    FileChangeRequestApprovalParams, PermissionsRequestApprovalParams, ServerRequestView,
    ToolContent, ToolRequestUserInputOption, ToolRequestUserInputParams,
    ToolRequestUserInputQuestion,
};
pub use protocol::error_event::ErrorNotice;
pub use protocol::event::{codex_event_kind_t, Event, EventKind};
pub use protocol::exec::{
    codex_match_type_t, codex_output_stream_t, CommandExecResponse, FuzzyFileSearchResult,
    MatchType, OutputChunk, OutputStream,
};
pub use protocol::items::{
    codex_item_type_t, codex_rate_limit_field_t, codex_thread_status_t, codex_token_field_t,
    AgentMessageThreadItem, CommandExecutionStatus, CommandExecutionThreadItem,
    ContextCompactionThreadItem, DynamicToolCallThreadItem, FileChangeThreadItem, FileUpdateChange,
    ImageViewThreadItem, Item, ItemType, McpToolCallStatus, McpToolCallThreadItem,
    PatchApplyStatus, PatchChangeKind, PlanThreadItem, RateLimitSnapshot, RateLimitWindow,
    ReasoningThreadItem, ThreadItem, ThreadStatus, ThreadStatusKind, ThreadTokenUsage,
    TokenUsageBreakdown, TurnPlanStep, TurnPlanUpdatedNotification, UserInputView,
    UserMessageThreadItem, WebSearchThreadItem,
};
pub use protocol::mcp::{
    ListMcpServerStatusResponse, McpResourceReadResponse, McpServerStatus,
    McpServerToolCallResponse, ResourceContent,
};
pub use protocol::methods;
pub use protocol::param_builder::{codex_param_t, codex_params_kind_t, Params};
pub use protocol::params::{DynamicTool, MergeStrategy, ReviewDelivery, ReviewTargetKind};
pub use protocol::responses::{
    codex_goal_status_t, codex_usage_field_t, Account, AccountTokenUsageDailyBucket,
    AccountTokenUsageSummary, ConfigWriteResponse, GetAccountRateLimitsResponse,
    GetAccountResponse, GetAccountTokenUsageResponse, InitializeResponse, Model, ModelListResponse,
    Response, ThreadGoal, ThreadGoalStatus, ThreadInfo, ThreadListResponse, ThreadReadResponse,
    ThreadStartResponse, ThreadUnarchiveResponse, ThreadUnsubscribeStatus,
};
pub use protocol::results::{codex_turn_status, LoginResult, TurnResult, TurnStatus};
pub use runtime::cancel::{with_cancel, CancelToken};
pub use session::server_requests::ServerRequest;

/// Runs a future of this crate to completion from a thread that is not inside an async
/// runtime (inside one, it runs on a scoped helper thread).
pub fn block_on<F: std::future::Future + Send>(fut: F) -> F::Output
where
    F::Output: Send,
{
    runtime::blocking::block_on(fut)
}

/// Masks credential-shaped words (API keys, bearer tokens, JWTs) in a text.
pub fn redact(text: &str) -> String {
    secrets::redact_patterns(text)
}

/// Hooks for the library's own tests: counters of what it holds in memory.
#[doc(hidden)]
pub mod testing {
    /// Turn logs alive in the process (returns to its baseline when turns end and handles are
    /// freed).
    pub fn live_turn_logs() -> usize {
        crate::session::turns::log::live_logs()
    }
}
