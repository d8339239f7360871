//! Typed results of the requests the library makes, named as the app-server's schema names them
//! (checked by the `protocol_types` test against each tested version's snapshot). Tolerant: a
//! field the library does not need is optional or absent, unknown fields are ignored, and an
//! unknown enum value decodes to `Other`, so a newer server still decodes.

use serde::Deserialize;

/// A typed result together with the JSON it was decoded from (fields the types do not model
/// are still there). Dereferences to the typed value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    pub value: T,
    pub raw_json: String,
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeResponse {
    #[serde(default)]
    pub user_agent: String,
    #[serde(default)]
    pub codex_home: String,
    #[serde(default)]
    pub platform_family: String,
    #[serde(default)]
    pub platform_os: String,
}

/// `account/read`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccountResponse {
    #[serde(default)]
    pub account: Option<Account>,
    #[serde(default)]
    pub requires_openai_auth: bool,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Account {
    ApiKey,
    #[serde(rename_all = "camelCase")]
    Chatgpt {
        #[serde(default)]
        email: Option<String>,
        #[serde(default)]
        plan_type: Option<String>,
    },
    /// An account kind this library does not know yet.
    #[serde(other)]
    Other,
}

/// `account/login/start`: a flat view of the schema's `LoginAccountResponse` union (one
/// variant per login type; the fields of all of them, each optional).
// schema: none
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoginStartView {
    #[serde(default)]
    pub login_id: Option<String>,
    #[serde(default)]
    pub auth_url: Option<String>,
    #[serde(default)]
    pub verification_url: Option<String>,
    #[serde(default)]
    pub user_code: Option<String>,
}

/// `model/list`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelListResponse {
    #[serde(default)]
    pub data: Vec<Model>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    pub id: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub default_reasoning_effort: Option<String>,
}

/// A thread as the server describes it (`Thread` in the schema; the handle is [`crate::Thread`]).
// schema: Thread
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadInfo {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub preview: String,
    #[serde(default)]
    pub cwd: String,
    #[serde(default)]
    pub model_provider: String,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub updated_at: i64,
    #[serde(default)]
    pub ephemeral: bool,
    #[serde(default)]
    pub forked_from_id: Option<String>,
    /// The turns, when the call included them, as raw JSON items of `Turn`.
    #[serde(default)]
    pub turns: Vec<serde_json::Value>,
}

/// `thread/start`, `thread/resume`, `thread/fork` (the same shape for all three).
// schema: ThreadStartResponse
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadStartResponse {
    pub thread: ThreadInfo,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub cwd: String,
    #[serde(default)]
    pub model_provider: String,
}

/// `thread/unarchive`.
#[derive(Debug, Clone, Deserialize)]
pub struct ThreadUnarchiveResponse {
    pub thread: ThreadInfo,
}

/// `thread/list`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadListResponse {
    #[serde(default)]
    pub data: Vec<ThreadInfo>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// `thread/read`.
#[derive(Debug, Clone, Deserialize)]
pub struct ThreadReadResponse {
    pub thread: ThreadInfo,
}

/// `turn/start`: only the id matters here; events carry the rest.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TurnStartResponse {
    pub turn: TurnId,
}

// schema: Turn
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TurnId {
    pub id: String,
}

/// `thread/unsubscribe`.
#[derive(Debug, Clone, Deserialize)]
pub struct ThreadUnsubscribeResponse {
    pub status: ThreadUnsubscribeStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThreadUnsubscribeStatus {
    NotLoaded,
    NotSubscribed,
    Unsubscribed,
    #[serde(other)]
    Other,
}

/// `config/value/write` and `config/batchWrite`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigWriteResponse {
    pub file_path: String,
    #[serde(default)]
    pub version: String,
}

/// One page of a paged list (`data` + `nextCursor`): thread/loaded/list, thread/turns/list,
/// thread/items/list, thread/list.
// schema: none
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageView {
    #[serde(default)]
    pub data: Vec<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// `review/start`: the review's turn and the thread it runs on (the thread itself for an
/// inline review).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReviewStartResponse {
    pub turn: TurnId,
    pub review_thread_id: String,
}

/// A thread's goal (`thread/goal/*`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadGoal {
    pub thread_id: String,
    pub objective: String,
    pub status: ThreadGoalStatus,
    #[serde(default)]
    pub token_budget: Option<i64>,
    pub tokens_used: i64,
    pub time_used_seconds: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Where a goal stands (`ThreadGoalStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThreadGoalStatus {
    /// The server drives turns toward it.
    Active,
    Paused,
    Blocked,
    /// Stopped by the account's usage limits.
    UsageLimited,
    /// Stopped: its token budget is spent.
    BudgetLimited,
    Complete,
    /// A status this library does not know (as a goal-set argument: leave the status as it is).
    #[serde(other)]
    Other,
}

/// Where a goal stands, for C (`codex_goal_status`, `codex_thread_goal_set`). The numbering
/// never changes; new values are appended.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_goal_status_t {
    /// A status this library does not know; as a codex_thread_goal_set argument: leave the
    /// status as it is.
    CODEX_GOAL_STATUS_OTHER = 0,
    /// The server drives turns toward it.
    CODEX_GOAL_STATUS_ACTIVE = 1,
    CODEX_GOAL_STATUS_PAUSED = 2,
    CODEX_GOAL_STATUS_BLOCKED = 3,
    /// Stopped by the account's usage limits.
    CODEX_GOAL_STATUS_USAGE_LIMITED = 4,
    /// Stopped: its token budget is spent.
    CODEX_GOAL_STATUS_BUDGET_LIMITED = 5,
    CODEX_GOAL_STATUS_COMPLETE = 6,
}

impl ThreadGoalStatus {
    /// The status of a C `uint32_t` (an unknown value is `None`).
    pub fn from_u32(v: u32) -> Option<ThreadGoalStatus> {
        use ThreadGoalStatus::*;
        Some(match v {
            0 => Other,
            1 => Active,
            2 => Paused,
            3 => Blocked,
            4 => UsageLimited,
            5 => BudgetLimited,
            6 => Complete,
            _ => return None,
        })
    }
    /// The C value.
    pub fn to_c(self) -> codex_goal_status_t {
        use codex_goal_status_t::*;
        use ThreadGoalStatus::*;
        match self {
            Other => CODEX_GOAL_STATUS_OTHER,
            Active => CODEX_GOAL_STATUS_ACTIVE,
            Paused => CODEX_GOAL_STATUS_PAUSED,
            Blocked => CODEX_GOAL_STATUS_BLOCKED,
            UsageLimited => CODEX_GOAL_STATUS_USAGE_LIMITED,
            BudgetLimited => CODEX_GOAL_STATUS_BUDGET_LIMITED,
            Complete => CODEX_GOAL_STATUS_COMPLETE,
        }
    }
    /// The wire name (`None` for `Other`).
    pub fn wire(self) -> Option<&'static str> {
        use ThreadGoalStatus::*;
        Some(match self {
            Other => return None,
            Active => "active",
            Paused => "paused",
            Blocked => "blocked",
            UsageLimited => "usageLimited",
            BudgetLimited => "budgetLimited",
            Complete => "complete",
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ThreadGoalSetResponse {
    pub goal: ThreadGoal,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ThreadGoalGetResponse {
    #[serde(default)]
    pub goal: Option<ThreadGoal>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ThreadGoalClearResponse {
    pub cleared: bool,
}

/// `account/rateLimits/read` (the single-bucket view; the rest stays in the JSON).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccountRateLimitsResponse {
    pub rate_limits: RateLimitSnapshot,
}

/// One rate-limit window: how much of it is used, how long it is, when it resets.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitWindow {
    pub used_percent: Option<i64>,
    pub window_duration_mins: Option<i64>,
    pub resets_at: Option<i64>,
}

/// A rate-limit snapshot (`account/rateLimits/read`, `account/rateLimits/updated`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitSnapshot {
    pub limit_id: Option<String>,
    pub plan_type: Option<String>,
    pub primary: Option<RateLimitWindow>,
    pub secondary: Option<RateLimitWindow>,
}

/// `account/usage/read`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccountTokenUsageResponse {
    pub summary: AccountTokenUsageSummary,
    #[serde(default)]
    pub daily_usage_buckets: Option<Vec<AccountTokenUsageDailyBucket>>,
}

/// Account-wide token figures (each `None` when the backend did not say).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTokenUsageSummary {
    pub lifetime_tokens: Option<i64>,
    pub peak_daily_tokens: Option<i64>,
    pub longest_running_turn_sec: Option<i64>,
    pub current_streak_days: Option<i64>,
    pub longest_streak_days: Option<i64>,
}

/// Which account-wide token figure to read (`codex_account_usage_get`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_usage_field_t {
    CODEX_USAGE_LIFETIME_TOKENS = 0,
    CODEX_USAGE_PEAK_DAILY_TOKENS = 1,
    CODEX_USAGE_LONGEST_RUNNING_TURN_SEC = 2,
    CODEX_USAGE_CURRENT_STREAK_DAYS = 3,
    CODEX_USAGE_LONGEST_STREAK_DAYS = 4,
}

impl codex_usage_field_t {
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_usage_field_t::*;
        Some(match v {
            0 => CODEX_USAGE_LIFETIME_TOKENS,
            1 => CODEX_USAGE_PEAK_DAILY_TOKENS,
            2 => CODEX_USAGE_LONGEST_RUNNING_TURN_SEC,
            3 => CODEX_USAGE_CURRENT_STREAK_DAYS,
            4 => CODEX_USAGE_LONGEST_STREAK_DAYS,
            _ => return None,
        })
    }
}

impl AccountTokenUsageSummary {
    /// One figure, `None` when the backend did not send it.
    pub fn field(&self, f: codex_usage_field_t) -> Option<i64> {
        use codex_usage_field_t::*;
        match f {
            CODEX_USAGE_LIFETIME_TOKENS => self.lifetime_tokens,
            CODEX_USAGE_PEAK_DAILY_TOKENS => self.peak_daily_tokens,
            CODEX_USAGE_LONGEST_RUNNING_TURN_SEC => self.longest_running_turn_sec,
            CODEX_USAGE_CURRENT_STREAK_DAYS => self.current_streak_days,
            CODEX_USAGE_LONGEST_STREAK_DAYS => self.longest_streak_days,
        }
    }
}

/// Tokens used on one day.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTokenUsageDailyBucket {
    pub start_date: String,
    pub tokens: i64,
}

/// Any response the library does not read (`{}` or fields it ignores).
// schema: none
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Ignored {}

/// Decodes a result, keeping its JSON.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    method: &str,
    raw_json: String,
) -> crate::Result<Response<T>> {
    match serde_json::from_str(&raw_json) {
        Ok(value) => Ok(Response { value, raw_json }),
        Err(e) => Err(crate::Error::internal(format!(
            "unexpected {method} result: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_and_fields_still_decode() {
        let r: GetAccountResponse = serde_json::from_str(
            r#"{"account":{"type":"enterpriseSso","tenant":"x"},"requiresOpenaiAuth":true,"new":1}"#,
        )
        .unwrap();
        assert_eq!(r.account, Some(Account::Other));
        let r: GetAccountResponse = serde_json::from_str(
            r#"{"account":{"type":"chatgpt","email":"a@b","planType":"plus"},"requiresOpenaiAuth":false}"#,
        )
        .unwrap();
        assert!(matches!(
            r.account,
            Some(Account::Chatgpt { email: Some(_), .. })
        ));
        let r: ModelListResponse =
            serde_json::from_str(r#"{"data":[{"id":"m","futureField":[1]}]}"#).unwrap();
        assert_eq!(r.data[0].id, "m");
    }
}
