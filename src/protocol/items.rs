//! Typed views of what hosts render: thread items (`item/started`, `item/completed`, a turn
//! result's items), token usage, thread status, rate limits and plan updates.
//!
//! Every type is tolerant: fields are optional, unknown fields are ignored and unknown enum
//! values decode to an `Other` variant, so a newer app-server never breaks decoding. Nothing
//! here is decoded on the reader thread: an [`Item`] keeps its raw JSON and decodes on first
//! access, on the caller's thread; the `from_params` helpers decode when called.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::OnceLock;

/// The type of a thread item. The numbering is the C ABI's (`codex_item_type_t`) and never
/// changes; new types are appended. Unknown types are `CODEX_ITEM_OTHER`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_item_type_t {
    /// A type this library does not know: read codex_item_json.
    CODEX_ITEM_OTHER = 0,
    CODEX_ITEM_USER_MESSAGE = 1,
    CODEX_ITEM_AGENT_MESSAGE = 2,
    CODEX_ITEM_REASONING = 3,
    CODEX_ITEM_COMMAND_EXECUTION = 4,
    CODEX_ITEM_FILE_CHANGE = 5,
    CODEX_ITEM_MCP_TOOL_CALL = 6,
    CODEX_ITEM_WEB_SEARCH = 7,
    CODEX_ITEM_PLAN = 8,
    CODEX_ITEM_DYNAMIC_TOOL_CALL = 9,
    CODEX_ITEM_IMAGE_VIEW = 10,
    CODEX_ITEM_CONTEXT_COMPACTION = 11,
}

/// The type of a thread item (the Rust name of `codex_item_type_t`).
/// cbindgen:ignore
pub type ItemType = codex_item_type_t;

/// A thread's status (`thread/status/changed`). The numbering is the C ABI's and never changes.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_thread_status_t {
    /// Not a status event, or a status this library does not know.
    CODEX_THREAD_STATUS_OTHER = 0,
    CODEX_THREAD_STATUS_NOT_LOADED = 1,
    CODEX_THREAD_STATUS_IDLE = 2,
    CODEX_THREAD_STATUS_ACTIVE = 3,
    CODEX_THREAD_STATUS_SYSTEM_ERROR = 4,
}

/// A thread's status (the Rust name of `codex_thread_status_t`).
/// cbindgen:ignore
pub type ThreadStatusKind = codex_thread_status_t;

/// Which token count to read (`codex_event_token_usage`, `codex_turn_result_token_usage`). The
/// plain names are the thread's running totals; `LAST_*` are the last model call's.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_token_field_t {
    CODEX_TOKENS_INPUT = 0,
    CODEX_TOKENS_CACHED_INPUT = 1,
    CODEX_TOKENS_OUTPUT = 2,
    CODEX_TOKENS_REASONING_OUTPUT = 3,
    CODEX_TOKENS_TOTAL = 4,
    /// The model's context window (tokens), if the server knows it.
    CODEX_TOKENS_CONTEXT_WINDOW = 5,
    CODEX_TOKENS_LAST_INPUT = 6,
    CODEX_TOKENS_LAST_CACHED_INPUT = 7,
    CODEX_TOKENS_LAST_OUTPUT = 8,
    CODEX_TOKENS_LAST_REASONING_OUTPUT = 9,
    CODEX_TOKENS_LAST_TOTAL = 10,
}

impl codex_token_field_t {
    /// The field for a C value, `None` for one this library does not know.
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_token_field_t::*;
        Some(match v {
            0 => CODEX_TOKENS_INPUT,
            1 => CODEX_TOKENS_CACHED_INPUT,
            2 => CODEX_TOKENS_OUTPUT,
            3 => CODEX_TOKENS_REASONING_OUTPUT,
            4 => CODEX_TOKENS_TOTAL,
            5 => CODEX_TOKENS_CONTEXT_WINDOW,
            6 => CODEX_TOKENS_LAST_INPUT,
            7 => CODEX_TOKENS_LAST_CACHED_INPUT,
            8 => CODEX_TOKENS_LAST_OUTPUT,
            9 => CODEX_TOKENS_LAST_REASONING_OUTPUT,
            10 => CODEX_TOKENS_LAST_TOTAL,
            _ => return None,
        })
    }
}

/// Which rate-limit figure to read (`codex_event_rate_limit`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_rate_limit_field_t {
    CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT = 0,
    CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS = 1,
    CODEX_RATE_LIMIT_PRIMARY_RESETS_AT = 2,
    CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT = 3,
    CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS = 4,
    CODEX_RATE_LIMIT_SECONDARY_RESETS_AT = 5,
}

// ---- thread items ------------------------------------------------------------------------------

/// One thread item, decoded. Unknown types are `Other` (keep the raw JSON for them).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ThreadItem {
    UserMessage(UserMessageThreadItem),
    AgentMessage(AgentMessageThreadItem),
    Reasoning(ReasoningThreadItem),
    CommandExecution(CommandExecutionThreadItem),
    FileChange(FileChangeThreadItem),
    McpToolCall(McpToolCallThreadItem),
    WebSearch(WebSearchThreadItem),
    Plan(PlanThreadItem),
    DynamicToolCall(DynamicToolCallThreadItem),
    ImageView(ImageViewThreadItem),
    ContextCompaction(ContextCompactionThreadItem),
    #[serde(other)]
    Other,
}

// schema: ThreadItem/UserMessageThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserMessageThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub content: Vec<UserInputView>,
}

/// One `UserInput`; only text is decoded.
// schema: none
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserInputView {
    #[serde(rename = "type", default)]
    pub kind: String,
    pub text: Option<String>,
}

// schema: ThreadItem/AgentMessageThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentMessageThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub text: String,
    /// `commentary` or `final_answer` (newer servers), else `None`.
    pub phase: Option<String>,
}

// schema: ThreadItem/ReasoningThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasoningThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    #[serde(default)]
    pub content: Vec<String>,
}

/// `inProgress`, `completed`, `failed`, `declined`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CommandExecutionStatus {
    InProgress,
    Completed,
    Failed,
    Declined,
    #[serde(other)]
    Other,
}

// schema: ThreadItem/CommandExecutionThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandExecutionThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub command: String,
    pub cwd: Option<String>,
    pub status: Option<CommandExecutionStatus>,
    pub exit_code: Option<i64>,
    pub aggregated_output: Option<String>,
    pub duration_ms: Option<i64>,
}

/// `inProgress`, `completed`, `failed`, `declined`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PatchApplyStatus {
    InProgress,
    Completed,
    Failed,
    Declined,
    #[serde(other)]
    Other,
}

// schema: ThreadItem/FileChangeThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileChangeThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub changes: Vec<FileUpdateChange>,
    pub status: Option<PatchApplyStatus>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileUpdateChange {
    #[serde(default)]
    pub path: String,
    pub kind: Option<PatchChangeKind>,
    #[serde(default)]
    pub diff: String,
}

/// `add`, `delete` or `update` (with the new path of a move).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PatchChangeKind {
    Add,
    Delete,
    Update {
        #[serde(default)]
        move_path: Option<String>,
    },
    #[serde(other)]
    Other,
}

/// `inProgress`, `completed`, `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum McpToolCallStatus {
    InProgress,
    Completed,
    Failed,
    #[serde(other)]
    Other,
}

// schema: ThreadItem/McpToolCallThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McpToolCallThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub server: String,
    #[serde(default)]
    pub tool: String,
    pub status: Option<McpToolCallStatus>,
    /// The `McpToolCallResult`. A `Value`, not a `RawValue`: inside the internally tagged
    /// `ThreadItem` serde buffers the fields, and a `RawValue` cannot come from that buffer (a
    /// completed call, whose result is not null, then failed to decode and read as OTHER).
    pub result: Option<serde_json::Value>,
    pub duration_ms: Option<i64>,
}

// schema: ThreadItem/WebSearchThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebSearchThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub query: String,
}

// schema: ThreadItem/PlanThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub text: String,
}

// schema: ThreadItem/DynamicToolCallThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DynamicToolCallThreadItem {
    pub id: Option<String>,
    #[serde(default)]
    pub tool: String,
    pub duration_ms: Option<i64>,
}

// schema: ThreadItem/ImageViewThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageViewThreadItem {
    pub id: Option<String>,
    pub path: Option<String>,
}

// schema: ThreadItem/ContextCompactionThreadItem
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextCompactionThreadItem {
    pub id: Option<String>,
}

impl ThreadItem {
    pub fn item_type(&self) -> ItemType {
        use codex_item_type_t::*;
        match self {
            ThreadItem::UserMessage(_) => CODEX_ITEM_USER_MESSAGE,
            ThreadItem::AgentMessage(_) => CODEX_ITEM_AGENT_MESSAGE,
            ThreadItem::Reasoning(_) => CODEX_ITEM_REASONING,
            ThreadItem::CommandExecution(_) => CODEX_ITEM_COMMAND_EXECUTION,
            ThreadItem::FileChange(_) => CODEX_ITEM_FILE_CHANGE,
            ThreadItem::McpToolCall(_) => CODEX_ITEM_MCP_TOOL_CALL,
            ThreadItem::WebSearch(_) => CODEX_ITEM_WEB_SEARCH,
            ThreadItem::Plan(_) => CODEX_ITEM_PLAN,
            ThreadItem::DynamicToolCall(_) => CODEX_ITEM_DYNAMIC_TOOL_CALL,
            ThreadItem::ImageView(_) => CODEX_ITEM_IMAGE_VIEW,
            ThreadItem::ContextCompaction(_) => CODEX_ITEM_CONTEXT_COMPACTION,
            ThreadItem::Other => CODEX_ITEM_OTHER,
        }
    }

    /// The item's text: an agent message's or a plan's text, a reasoning item's summary parts
    /// joined by newlines, a user message's text inputs joined by newlines; else `None`.
    pub fn text(&self) -> Option<String> {
        match self {
            ThreadItem::AgentMessage(m) => Some(m.text.clone()),
            ThreadItem::Plan(p) => Some(p.text.clone()),
            ThreadItem::Reasoning(r) => Some(r.summary.join("\n")),
            ThreadItem::UserMessage(u) => Some(
                u.content
                    .iter()
                    .filter_map(|c| c.text.as_deref())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        }
    }

    /// The status as the server spells it (`inProgress`, `completed`, `failed`, `declined`)
    /// for command executions, file changes and MCP tool calls.
    pub fn status(&self) -> Option<&'static str> {
        match self {
            ThreadItem::CommandExecution(c) => c.status.map(|s| match s {
                CommandExecutionStatus::InProgress => "inProgress",
                CommandExecutionStatus::Completed => "completed",
                CommandExecutionStatus::Failed => "failed",
                CommandExecutionStatus::Declined => "declined",
                CommandExecutionStatus::Other => "other",
            }),
            ThreadItem::FileChange(f) => f.status.map(|s| match s {
                PatchApplyStatus::InProgress => "inProgress",
                PatchApplyStatus::Completed => "completed",
                PatchApplyStatus::Failed => "failed",
                PatchApplyStatus::Declined => "declined",
                PatchApplyStatus::Other => "other",
            }),
            ThreadItem::McpToolCall(m) => m.status.map(|s| match s {
                McpToolCallStatus::InProgress => "inProgress",
                McpToolCallStatus::Completed => "completed",
                McpToolCallStatus::Failed => "failed",
                McpToolCallStatus::Other => "other",
            }),
            _ => None,
        }
    }
}

impl PatchChangeKind {
    /// `add`, `delete`, `update` or `other`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PatchChangeKind::Add => "add",
            PatchChangeKind::Delete => "delete",
            PatchChangeKind::Update { .. } => "update",
            PatchChangeKind::Other => "other",
        }
    }
}

/// A thread item as it arrived (raw JSON), decoded on first access on the caller's thread.
#[derive(Debug, Clone)]
pub struct Item {
    raw: Box<str>,
    decoded: OnceLock<ThreadItem>,
}

/// Just the `id` and `type`, for items whose body does not decode.
// schema: none
#[derive(Deserialize)]
struct ItemHead {
    id: Option<String>,
}

impl Item {
    /// An item from its JSON text (an `item/started` / `item/completed` item, or one of a turn
    /// result's items). Never fails: JSON that does not decode is an `Other` item.
    pub fn from_json(raw: &str) -> Item {
        Item {
            raw: raw.into(),
            decoded: OnceLock::new(),
        }
    }
    /// The item's JSON as received.
    pub fn json(&self) -> &str {
        &self.raw
    }
    /// The decoded item (decoded on the first call).
    pub fn get(&self) -> &ThreadItem {
        self.decoded
            .get_or_init(|| serde_json::from_str(&self.raw).unwrap_or(ThreadItem::Other))
    }
    pub fn item_type(&self) -> ItemType {
        self.get().item_type()
    }
    /// The item id (also for `Other` items).
    pub fn id(&self) -> Option<String> {
        serde_json::from_str::<ItemHead>(&self.raw)
            .ok()
            .and_then(|h| h.id)
    }
}

/// The items of a JSON array of items (a turn result's `items_json`), undecoded.
pub fn items_of(items_json: &str) -> Vec<Item> {
    serde_json::from_str::<Vec<&RawValue>>(items_json)
        .map(|v| v.into_iter().map(|r| Item::from_json(r.get())).collect())
        .unwrap_or_default()
}

// ---- token usage ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenUsageBreakdown {
    #[serde(default)]
    pub input_tokens: i64,
    #[serde(default)]
    pub cached_input_tokens: i64,
    #[serde(default)]
    pub output_tokens: i64,
    #[serde(default)]
    pub reasoning_output_tokens: i64,
    #[serde(default)]
    pub total_tokens: i64,
}

/// A thread's token usage: running totals, the last model call, the context window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadTokenUsage {
    #[serde(default)]
    pub total: TokenUsageBreakdown,
    #[serde(default)]
    pub last: TokenUsageBreakdown,
    pub model_context_window: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadTokenUsageUpdatedNotification {
    token_usage: Option<ThreadTokenUsage>,
}

impl ThreadTokenUsage {
    /// From `ThreadTokenUsage` JSON (a turn result's usage).
    pub fn from_json(json: &str) -> Option<ThreadTokenUsage> {
        serde_json::from_str(json).ok()
    }
    /// From `thread/tokenUsage/updated` params.
    pub fn from_params(params: &str) -> Option<ThreadTokenUsage> {
        serde_json::from_str::<ThreadTokenUsageUpdatedNotification>(params)
            .ok()
            .and_then(|n| n.token_usage)
    }
    /// One figure; `None` when the server did not send it.
    pub fn field(&self, f: codex_token_field_t) -> Option<i64> {
        use codex_token_field_t::*;
        Some(match f {
            CODEX_TOKENS_INPUT => self.total.input_tokens,
            CODEX_TOKENS_CACHED_INPUT => self.total.cached_input_tokens,
            CODEX_TOKENS_OUTPUT => self.total.output_tokens,
            CODEX_TOKENS_REASONING_OUTPUT => self.total.reasoning_output_tokens,
            CODEX_TOKENS_TOTAL => self.total.total_tokens,
            CODEX_TOKENS_CONTEXT_WINDOW => return self.model_context_window,
            CODEX_TOKENS_LAST_INPUT => self.last.input_tokens,
            CODEX_TOKENS_LAST_CACHED_INPUT => self.last.cached_input_tokens,
            CODEX_TOKENS_LAST_OUTPUT => self.last.output_tokens,
            CODEX_TOKENS_LAST_REASONING_OUTPUT => self.last.reasoning_output_tokens,
            CODEX_TOKENS_LAST_TOTAL => self.last.total_tokens,
        })
    }
}

// ---- thread status, rate limits, plan updates ------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ThreadStatus {
    NotLoaded,
    Idle,
    SystemError,
    Active,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct ThreadStatusChangedNotification {
    status: Option<ThreadStatus>,
}

impl ThreadStatus {
    /// From `thread/status/changed` params (`Other` for anything else).
    pub fn from_params(params: &str) -> ThreadStatusKind {
        use codex_thread_status_t::*;
        match serde_json::from_str::<ThreadStatusChangedNotification>(params)
            .ok()
            .and_then(|n| n.status)
        {
            Some(ThreadStatus::NotLoaded) => CODEX_THREAD_STATUS_NOT_LOADED,
            Some(ThreadStatus::Idle) => CODEX_THREAD_STATUS_IDLE,
            Some(ThreadStatus::Active) => CODEX_THREAD_STATUS_ACTIVE,
            Some(ThreadStatus::SystemError) => CODEX_THREAD_STATUS_SYSTEM_ERROR,
            _ => CODEX_THREAD_STATUS_OTHER,
        }
    }
}

pub use super::responses::{RateLimitSnapshot, RateLimitWindow};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountRateLimitsUpdatedNotification {
    rate_limits: Option<RateLimitSnapshot>,
}

impl RateLimitSnapshot {
    /// From `account/rateLimits/updated` params.
    pub fn from_params(params: &str) -> Option<RateLimitSnapshot> {
        serde_json::from_str::<AccountRateLimitsUpdatedNotification>(params)
            .ok()
            .and_then(|n| n.rate_limits)
    }
    pub fn field(&self, f: codex_rate_limit_field_t) -> Option<i64> {
        use codex_rate_limit_field_t::*;
        let (w, pick): (Option<RateLimitWindow>, u8) = match f {
            CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT => (self.primary, 0),
            CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS => (self.primary, 1),
            CODEX_RATE_LIMIT_PRIMARY_RESETS_AT => (self.primary, 2),
            CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT => (self.secondary, 0),
            CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS => (self.secondary, 1),
            CODEX_RATE_LIMIT_SECONDARY_RESETS_AT => (self.secondary, 2),
        };
        w.and_then(|w| match pick {
            0 => w.used_percent,
            1 => w.window_duration_mins,
            _ => w.resets_at,
        })
    }
}

impl codex_rate_limit_field_t {
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_rate_limit_field_t::*;
        Some(match v {
            0 => CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT,
            1 => CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS,
            2 => CODEX_RATE_LIMIT_PRIMARY_RESETS_AT,
            3 => CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT,
            4 => CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS,
            5 => CODEX_RATE_LIMIT_SECONDARY_RESETS_AT,
            _ => return None,
        })
    }
}

/// One step of a `turn/plan/updated` plan.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TurnPlanStep {
    #[serde(default)]
    pub step: String,
    /// `pending`, `inProgress` or `completed`.
    #[serde(default)]
    pub status: String,
}

/// `turn/plan/updated` params.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TurnPlanUpdatedNotification {
    pub explanation: Option<String>,
    #[serde(default)]
    pub plan: Vec<TurnPlanStep>,
}

impl TurnPlanUpdatedNotification {
    pub fn from_params(params: &str) -> Option<TurnPlanUpdatedNotification> {
        serde_json::from_str(params).ok()
    }
}

/// `turn/diff/updated` params.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TurnDiffUpdatedNotification {
    #[serde(default)]
    pub diff: String,
}

impl TurnDiffUpdatedNotification {
    pub fn from_params(params: &str) -> Option<String> {
        serde_json::from_str::<TurnDiffUpdatedNotification>(params)
            .ok()
            .map(|n| n.diff)
    }
}

// ---- typed views of events and turn results ---------------------------------------------------

use crate::protocol::event::{Event, EventKind};
use crate::protocol::methods;
use crate::protocol::results::TurnResult;

impl Event {
    /// The item of an `item/started` or `item/completed` event (decoded when first read).
    pub fn item(&self) -> Option<Item> {
        self.item_json().map(Item::from_json)
    }
    /// The usage of a `thread/tokenUsage/updated` event.
    pub fn token_usage(&self) -> Option<ThreadTokenUsage> {
        (self.kind() == EventKind::TokenUsage)
            .then(|| ThreadTokenUsage::from_params(self.params_json()))
            .flatten()
    }
    /// The status of a `thread/status/changed` event (`Other` for any other event).
    pub fn thread_status(&self) -> ThreadStatusKind {
        if self.method() == methods::THREAD_STATUS_CHANGED {
            ThreadStatus::from_params(self.params_json())
        } else {
            codex_thread_status_t::CODEX_THREAD_STATUS_OTHER
        }
    }
    /// The snapshot of an `account/rateLimits/updated` event.
    pub fn rate_limits(&self) -> Option<RateLimitSnapshot> {
        (self.method() == methods::ACCOUNT_RATE_LIMITS_UPDATED)
            .then(|| RateLimitSnapshot::from_params(self.params_json()))
            .flatten()
    }
    /// The plan of a `turn/plan/updated` event.
    pub fn plan(&self) -> Option<TurnPlanUpdatedNotification> {
        (self.method() == methods::TURN_PLAN_UPDATED)
            .then(|| TurnPlanUpdatedNotification::from_params(self.params_json()))
            .flatten()
    }
    /// The turn's aggregated diff of a `turn/diff/updated` event.
    pub fn turn_diff(&self) -> Option<String> {
        (self.method() == methods::TURN_DIFF_UPDATED)
            .then(|| TurnDiffUpdatedNotification::from_params(self.params_json()))
            .flatten()
    }
}

impl TurnResult {
    /// The turn's completed items, in order (each decoded when first read).
    pub fn items(&self) -> Vec<Item> {
        items_of(&self.items_json)
    }
    /// The turn's last token usage.
    pub fn token_usage(&self) -> Option<ThreadTokenUsage> {
        self.usage_json
            .as_deref()
            .and_then(ThreadTokenUsage::from_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_decode_tolerantly() {
        let cmd = Item::from_json(
            r#"{"type":"commandExecution","id":"c1","command":"echo hi","cwd":"/w","status":"completed","exitCode":0,"aggregatedOutput":"hi\n","durationMs":12,"newField":1}"#,
        );
        assert_eq!(cmd.item_type(), ItemType::CODEX_ITEM_COMMAND_EXECUTION);
        let ThreadItem::CommandExecution(c) = cmd.get() else {
            panic!()
        };
        assert_eq!(c.command, "echo hi");
        assert_eq!(c.exit_code, Some(0));
        assert_eq!(cmd.get().status(), Some("completed"));
        let odd = Item::from_json(r#"{"type":"somethingNew","id":"x9"}"#);
        assert_eq!(odd.item_type(), ItemType::CODEX_ITEM_OTHER);
        assert_eq!(odd.id().as_deref(), Some("x9"));
        let st = Item::from_json(r#"{"type":"commandExecution","status":"paused"}"#);
        assert_eq!(st.get().status(), Some("other"));
        let fc = Item::from_json(
            r#"{"type":"fileChange","id":"f","status":"completed","changes":[{"path":"a.txt","kind":{"type":"add"},"diff":"+x"},{"path":"b","kind":{"type":"update","move_path":null},"diff":"-y"}]}"#,
        );
        let ThreadItem::FileChange(f) = fc.get() else {
            panic!()
        };
        assert_eq!(f.changes[1].kind.as_ref().unwrap().as_str(), "update");
        assert_eq!(items_of(r#"[{"type":"plan","text":"p"},{}]"#).len(), 2);
    }

    #[test]
    fn a_completed_mcp_tool_call_keeps_its_type_and_result() {
        let m = Item::from_json(
            r#"{"type":"mcpToolCall","id":"call_2","server":"testmcp","tool":"echo","status":"completed","arguments":{"text":"hi"},"result":{"content":[{"type":"text","text":"echo: hi"}],"structuredContent":null,"_meta":null},"error":null,"durationMs":7}"#,
        );
        assert_eq!(m.item_type(), ItemType::CODEX_ITEM_MCP_TOOL_CALL);
        let ThreadItem::McpToolCall(c) = m.get() else {
            panic!()
        };
        assert_eq!((c.server.as_str(), c.tool.as_str()), ("testmcp", "echo"));
        assert!(c.result.as_ref().unwrap().to_string().contains("echo: hi"));
    }

    #[test]
    fn usage_status_limits_plan() {
        let u = ThreadTokenUsage::from_params(
            r#"{"threadId":"t","turnId":"u","tokenUsage":{"total":{"inputTokens":10,"cachedInputTokens":4,"outputTokens":3,"reasoningOutputTokens":1,"totalTokens":13},"last":{"inputTokens":5,"cachedInputTokens":0,"outputTokens":2,"reasoningOutputTokens":0,"totalTokens":7},"modelContextWindow":1000}}"#,
        )
        .unwrap();
        assert_eq!(
            u.field(codex_token_field_t::CODEX_TOKENS_CACHED_INPUT),
            Some(4)
        );
        assert_eq!(
            u.field(codex_token_field_t::CODEX_TOKENS_LAST_TOTAL),
            Some(7)
        );
        assert_eq!(
            u.field(codex_token_field_t::CODEX_TOKENS_CONTEXT_WINDOW),
            Some(1000)
        );
        assert_eq!(
            ThreadStatus::from_params(
                r#"{"threadId":"t","status":{"type":"active","activeFlags":[]}}"#
            ),
            ThreadStatusKind::CODEX_THREAD_STATUS_ACTIVE
        );
        let r = RateLimitSnapshot::from_params(
            r#"{"rateLimits":{"primary":{"usedPercent":42,"windowDurationMins":300}}}"#,
        )
        .unwrap();
        assert_eq!(
            r.field(codex_rate_limit_field_t::CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT),
            Some(42)
        );
        assert_eq!(
            r.field(codex_rate_limit_field_t::CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT),
            None
        );
        let p = TurnPlanUpdatedNotification::from_params(
            r#"{"plan":[{"step":"a","status":"completed"},{"step":"b","status":"pending"}]}"#,
        )
        .unwrap();
        assert_eq!(p.plan[1].step, "b");
    }
}
