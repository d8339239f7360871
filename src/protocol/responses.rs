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
