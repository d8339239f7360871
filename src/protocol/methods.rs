//! Every app-server method name the library uses, declared once. Client requests first, then
//! what the library sends as notifications, then what it receives. The method table at the end
//! ties each request the library builds to its params and response types.

use super::exec as x;
use super::mcp;
use super::params as p;
use super::responses as r;

// ---- client → server requests ----------------------------------------------------------------
pub const INITIALIZE: &str = "initialize";
pub const ACCOUNT_READ: &str = "account/read";
pub const ACCOUNT_LOGIN_START: &str = "account/login/start";
pub const ACCOUNT_LOGIN_CANCEL: &str = "account/login/cancel";
pub const ACCOUNT_LOGOUT: &str = "account/logout";
pub const THREAD_START: &str = "thread/start";
pub const THREAD_RESUME: &str = "thread/resume";
pub const THREAD_FORK: &str = "thread/fork";
pub const THREAD_LIST: &str = "thread/list";
pub const THREAD_READ: &str = "thread/read";
pub const THREAD_ARCHIVE: &str = "thread/archive";
pub const THREAD_UNARCHIVE: &str = "thread/unarchive";
pub const THREAD_NAME_SET: &str = "thread/name/set";
pub const THREAD_COMPACT_START: &str = "thread/compact/start";
pub const TURN_START: &str = "turn/start";
pub const TURN_STEER: &str = "turn/steer";
pub const TURN_INTERRUPT: &str = "turn/interrupt";
pub const MODEL_LIST: &str = "model/list";
pub const THREAD_DELETE: &str = "thread/delete";
pub const THREAD_UNSUBSCRIBE: &str = "thread/unsubscribe";
pub const THREAD_LOADED_LIST: &str = "thread/loaded/list";
pub const THREAD_TURNS_LIST: &str = "thread/turns/list";
pub const THREAD_ITEMS_LIST: &str = "thread/items/list";
pub const THREAD_METADATA_UPDATE: &str = "thread/metadata/update";
pub const THREAD_REVERT: &str = "thread/revert";
pub const THREAD_INJECT_ITEMS: &str = "thread/inject_items";
pub const CONFIG_READ: &str = "config/read";
pub const CONFIG_VALUE_WRITE: &str = "config/value/write";
pub const CONFIG_BATCH_WRITE: &str = "config/batchWrite";
pub const CONFIG_REQUIREMENTS_READ: &str = "configRequirements/read";
pub const COMMAND_EXEC: &str = "command/exec";
pub const COMMAND_EXEC_WRITE: &str = "command/exec/write";
pub const COMMAND_EXEC_TERMINATE: &str = "command/exec/terminate";
pub const COMMAND_EXEC_RESIZE: &str = "command/exec/resize";
pub const FUZZY_FILE_SEARCH: &str = "fuzzyFileSearch";
pub const MCP_SERVER_STATUS_LIST: &str = "mcpServerStatus/list";
pub const MCP_SERVER_RELOAD: &str = "config/mcpServer/reload";
pub const MCP_SERVER_TOOL_CALL: &str = "mcpServer/tool/call";
pub const MCP_SERVER_RESOURCE_READ: &str = "mcpServer/resource/read";
pub const REVIEW_START: &str = "review/start";
pub const THREAD_GOAL_SET: &str = "thread/goal/set";
pub const THREAD_GOAL_GET: &str = "thread/goal/get";
pub const THREAD_GOAL_CLEAR: &str = "thread/goal/clear";
pub const ACCOUNT_RATE_LIMITS_READ: &str = "account/rateLimits/read";
pub const ACCOUNT_USAGE_READ: &str = "account/usage/read";

// ---- client → server notifications -----------------------------------------------------------
pub const INITIALIZED: &str = "initialized";

// ---- server → client notifications the library routes or decodes -----------------------------
pub const ACCOUNT_LOGIN_COMPLETED: &str = "account/login/completed";
pub const TURN_STARTED: &str = "turn/started";
pub const TURN_COMPLETED: &str = "turn/completed";
pub const ITEM_STARTED: &str = "item/started";
pub const ITEM_COMPLETED: &str = "item/completed";
pub const ITEM_AGENT_MESSAGE_DELTA: &str = "item/agentMessage/delta";
pub const ITEM_REASONING_SUMMARY_TEXT_DELTA: &str = "item/reasoning/summaryTextDelta";
pub const ITEM_REASONING_TEXT_DELTA: &str = "item/reasoning/textDelta";
pub const ITEM_COMMAND_OUTPUT_DELTA: &str = "item/commandExecution/outputDelta";
pub const THREAD_TOKEN_USAGE_UPDATED: &str = "thread/tokenUsage/updated";
pub const ERROR: &str = "error";
pub const THREAD_STATUS_CHANGED: &str = "thread/status/changed";
pub const ACCOUNT_RATE_LIMITS_UPDATED: &str = "account/rateLimits/updated";
pub const TURN_PLAN_UPDATED: &str = "turn/plan/updated";
pub const TURN_DIFF_UPDATED: &str = "turn/diff/updated";
pub const COMMAND_EXEC_OUTPUT_DELTA: &str = "command/exec/outputDelta";
pub const THREAD_GOAL_UPDATED: &str = "thread/goal/updated";
pub const THREAD_GOAL_CLEARED: &str = "thread/goal/cleared";

// ---- server → client requests with a safe default answer -------------------------------------
pub const COMMAND_APPROVAL: &str = "item/commandExecution/requestApproval";
pub const FILE_CHANGE_APPROVAL: &str = "item/fileChange/requestApproval";
pub const PERMISSIONS_APPROVAL: &str = "item/permissions/requestApproval";
pub const TOOL_REQUEST_USER_INPUT: &str = "item/tool/requestUserInput";
pub const MCP_ELICITATION: &str = "mcpServer/elicitation/request";
pub const DYNAMIC_TOOL_CALL: &str = "item/tool/call";
pub const LEGACY_EXEC_COMMAND_APPROVAL: &str = "execCommandApproval";
pub const LEGACY_APPLY_PATCH_APPROVAL: &str = "applyPatchApproval";

/// A request the library makes: its name, params and response types.
pub(crate) trait Method {
    const NAME: &'static str;
    type Params<'a>: serde::Serialize;
    type Response: serde::de::DeserializeOwned;
}

/// Declares each request once: `Type => NAME { params, response }`, as openai/codex's
/// `app-server-protocol` does (`ThreadStart => "thread/start" { params, response }`).
macro_rules! method_table {
    ($($ty:ident => $name:ident { params: $params:ty, response: $response:ty })*) => {
        $(
            pub(crate) enum $ty {}
            impl Method for $ty {
                const NAME: &'static str = $name;
                type Params<'a> = $params;
                type Response = $response;
            }
        )*
        /// Every request the library builds itself (`codex_request` reaches any other).
        pub const REQUESTS: &[&str] = &[$($name),*];
    };
}

method_table! {
    Initialize => INITIALIZE { params: p::InitializeParams<'a>, response: r::InitializeResponse }
    AccountRead => ACCOUNT_READ { params: p::GetAccountParams, response: r::GetAccountResponse }
    AccountLoginStart => ACCOUNT_LOGIN_START { params: p::LoginAccountParams<'a>, response: r::LoginStartView }
    AccountLoginCancel => ACCOUNT_LOGIN_CANCEL { params: p::CancelLoginAccountParams<'a>, response: r::Ignored }
    AccountLogout => ACCOUNT_LOGOUT { params: p::Empty, response: r::Ignored }
    ThreadStart => THREAD_START { params: p::Merged, response: r::ThreadStartResponse }
    ThreadResume => THREAD_RESUME { params: p::Merged, response: r::ThreadStartResponse }
    ThreadFork => THREAD_FORK { params: p::Merged, response: r::ThreadStartResponse }
    ThreadList => THREAD_LIST { params: p::Merged, response: r::ThreadListResponse }
    ThreadRead => THREAD_READ { params: p::ThreadReadParams<'a>, response: r::ThreadReadResponse }
    ThreadArchive => THREAD_ARCHIVE { params: p::ThreadArchiveParams<'a>, response: r::Ignored }
    ThreadUnarchive => THREAD_UNARCHIVE { params: p::ThreadArchiveParams<'a>, response: r::ThreadUnarchiveResponse }
    ThreadNameSet => THREAD_NAME_SET { params: p::ThreadSetNameParams<'a>, response: r::Ignored }
    ThreadCompactStart => THREAD_COMPACT_START { params: p::ThreadArchiveParams<'a>, response: r::Ignored }
    TurnStart => TURN_START { params: p::Merged, response: r::TurnStartResponse }
    TurnSteer => TURN_STEER { params: p::TurnSteerParams<'a>, response: r::Ignored }
    TurnInterrupt => TURN_INTERRUPT { params: p::TurnInterruptParams<'a>, response: r::Ignored }
    ModelList => MODEL_LIST { params: p::ModelListParams, response: r::ModelListResponse }
    ThreadDelete => THREAD_DELETE { params: p::ThreadArchiveParams<'a>, response: r::Ignored }
    ThreadUnsubscribe => THREAD_UNSUBSCRIBE { params: p::ThreadArchiveParams<'a>, response: r::ThreadUnsubscribeResponse }
    ThreadLoadedList => THREAD_LOADED_LIST { params: p::Merged, response: r::PageView }
    ThreadTurnsList => THREAD_TURNS_LIST { params: p::Merged, response: r::PageView }
    ThreadItemsList => THREAD_ITEMS_LIST { params: p::Merged, response: r::PageView }
    ThreadMetadataUpdate => THREAD_METADATA_UPDATE { params: p::Merged, response: r::Ignored }
    ThreadRevert => THREAD_REVERT { params: p::ThreadRevertParams<'a>, response: r::Ignored }
    ThreadInjectItems => THREAD_INJECT_ITEMS { params: p::ThreadInjectItemsParams<'a>, response: r::Ignored }
    ConfigRead => CONFIG_READ { params: p::ConfigReadParams<'a>, response: r::Ignored }
    ConfigValueWrite => CONFIG_VALUE_WRITE { params: p::ConfigValueWriteParams<'a>, response: r::ConfigWriteResponse }
    ConfigBatchWrite => CONFIG_BATCH_WRITE { params: p::ConfigBatchWriteParams<'a>, response: r::ConfigWriteResponse }
    ConfigRequirementsRead => CONFIG_REQUIREMENTS_READ { params: p::Empty, response: r::Ignored }
    CommandExec => COMMAND_EXEC { params: p::Merged, response: x::CommandExecResponse }
    CommandExecWrite => COMMAND_EXEC_WRITE { params: x::CommandExecWriteParams<'a>, response: r::Ignored }
    CommandExecTerminate => COMMAND_EXEC_TERMINATE { params: x::CommandExecTerminateParams<'a>, response: r::Ignored }
    CommandExecResize => COMMAND_EXEC_RESIZE { params: x::CommandExecResizeParams<'a>, response: r::Ignored }
    FuzzyFileSearch => FUZZY_FILE_SEARCH { params: x::FuzzyFileSearchParams<'a>, response: x::FuzzyFileSearchResponse }
    McpServerStatusList => MCP_SERVER_STATUS_LIST { params: mcp::ListMcpServerStatusParams<'a>, response: mcp::ListMcpServerStatusResponse }
    McpServerReload => MCP_SERVER_RELOAD { params: p::Empty, response: r::Ignored }
    McpServerToolCall => MCP_SERVER_TOOL_CALL { params: mcp::McpServerToolCallParams<'a>, response: mcp::McpServerToolCallResponse }
    McpServerResourceRead => MCP_SERVER_RESOURCE_READ { params: mcp::McpResourceReadParams<'a>, response: mcp::McpResourceReadResponse }
    ReviewStart => REVIEW_START { params: p::ReviewStartParams<'a>, response: r::ReviewStartResponse }
    ThreadGoalSet => THREAD_GOAL_SET { params: p::ThreadGoalSetParams<'a>, response: r::ThreadGoalSetResponse }
    ThreadGoalGet => THREAD_GOAL_GET { params: p::ThreadArchiveParams<'a>, response: r::ThreadGoalGetResponse }
    ThreadGoalClear => THREAD_GOAL_CLEAR { params: p::ThreadArchiveParams<'a>, response: r::ThreadGoalClearResponse }
    AccountRateLimitsRead => ACCOUNT_RATE_LIMITS_READ { params: p::Empty, response: r::GetAccountRateLimitsResponse }
    AccountUsageRead => ACCOUNT_USAGE_READ { params: p::GetAccountTokenUsageParams<'a>, response: r::GetAccountTokenUsageResponse }
}
