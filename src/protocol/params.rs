//! Typed params of the requests the library builds itself (camelCase on the wire). Params a
//! caller passes as JSON text are merged with these fields by [`merge`].

use crate::error::Error;
use serde::Serialize;
use serde_json::value::RawValue;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClientInfo<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub version: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InitializeCapabilities {
    pub experimental_api: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InitializeParams<'a> {
    pub client_info: ClientInfo<'a>,
    pub capabilities: Option<InitializeCapabilities>,
}

/// `account/login/start`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub(crate) enum LoginAccountParams<'a> {
    #[serde(rename_all = "camelCase")]
    ApiKey {
        api_key: &'a str,
    },
    Chatgpt,
    ChatgptDeviceCode,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CancelLoginAccountParams<'a> {
    pub login_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GetAccountParams {
    pub refresh_token: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ModelListParams {
    pub include_hidden: Option<bool>,
}

/// Any request whose only param is the thread id: archive, and the same shape for
/// `ThreadUnarchiveParams` and `ThreadCompactStartParams`.
// schema: ThreadArchiveParams
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ThreadArchiveParams<'a> {
    pub thread_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ThreadReadParams<'a> {
    pub thread_id: &'a str,
    pub include_turns: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ThreadSetNameParams<'a> {
    pub thread_id: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TurnInterruptParams<'a> {
    pub thread_id: &'a str,
    pub turn_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TurnSteerParams<'a> {
    pub thread_id: &'a str,
    pub expected_turn_id: &'a str,
    pub input: &'a RawValue,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ThreadRevertParams<'a> {
    pub thread_id: &'a str,
    pub before_turn_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ThreadInjectItemsParams<'a> {
    pub thread_id: &'a str,
    pub items: &'a RawValue,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConfigReadParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cwd: Option<&'a str>,
    pub include_layers: Option<bool>,
}

/// How a config write combines with what is there (the C ABI's `codex_merge_strategy`).
/// cbindgen:rename-all=QualifiedScreamingSnakeCase
#[repr(C)]
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum MergeStrategy {
    /// Replace the value at the key path.
    Replace = 0,
    /// Merge into the table at the key path (insert or update).
    Upsert = 1,
}

impl MergeStrategy {
    /// The strategy of a C `uint32_t` (an unknown value is `None`).
    pub fn from_u32(v: u32) -> Option<MergeStrategy> {
        match v {
            0 => Some(MergeStrategy::Replace),
            1 => Some(MergeStrategy::Upsert),
            _ => None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConfigValueWriteParams<'a> {
    pub key_path: &'a str,
    pub merge_strategy: MergeStrategy,
    pub value: &'a RawValue,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConfigBatchWriteParams<'a> {
    pub edits: &'a RawValue,
}

/// What a review looks at (`ReviewTarget`; the C ABI's `codex_review_target`).
/// cbindgen:rename-all=QualifiedScreamingSnakeCase
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewTargetKind {
    /// The working tree: staged, unstaged and untracked changes (no value).
    UncommittedChanges = 0,
    /// The changes between the current branch and a base branch (value: the branch).
    BaseBranch = 1,
    /// The changes one commit introduced (value: its sha).
    Commit = 2,
    /// Free-form review instructions (value: the instructions).
    Custom = 3,
}

impl ReviewTargetKind {
    /// The kind of a C `uint32_t` (an unknown value is `None`).
    pub fn from_u32(v: u32) -> Option<ReviewTargetKind> {
        Some(match v {
            0 => ReviewTargetKind::UncommittedChanges,
            1 => ReviewTargetKind::BaseBranch,
            2 => ReviewTargetKind::Commit,
            3 => ReviewTargetKind::Custom,
            _ => return None,
        })
    }
}

/// `ReviewTarget` on the wire.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub(crate) enum ReviewTarget<'a> {
    UncommittedChanges,
    BaseBranch { branch: &'a str },
    Commit { sha: &'a str },
    Custom { instructions: &'a str },
}

/// Where a review runs (`ReviewDelivery`; the C ABI's `codex_review_delivery`).
/// cbindgen:rename-all=QualifiedScreamingSnakeCase
#[repr(C)]
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ReviewDelivery {
    /// On the thread itself, as its next turn (the default).
    Inline = 0,
    /// Deprecated: on a new thread. app-server 0.163 refuses it on its own (paginated) threads
    /// (-32600 "paginated threads do not support detached review"); 0.171 removes it.
    Detached = 1,
}

impl ReviewDelivery {
    /// The delivery of a C `uint32_t` (an unknown value is `None`).
    pub fn from_u32(v: u32) -> Option<ReviewDelivery> {
        match v {
            0 => Some(ReviewDelivery::Inline),
            1 => Some(ReviewDelivery::Detached),
            _ => None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReviewStartParams<'a> {
    pub thread_id: &'a str,
    pub target: ReviewTarget<'a>,
    /// Sent only for a detached review (inline is the server's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<ReviewDelivery>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ThreadGoalSetParams<'a> {
    pub thread_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_budget: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GetAccountTokenUsageParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<&'a str>,
}

/// A function the model may call on a thread, answered by the host (`FunctionDynamicToolSpec`
/// in `thread/start`'s experimental `dynamicTools`; calls arrive as `item/tool/call` requests).
#[derive(Debug, Clone)]
pub struct DynamicTool {
    pub name: String,
    pub description: String,
    /// The JSON Schema of the arguments (JSON text).
    pub input_schema_json: String,
}

/// `DynamicToolSpec` (function variant) on the wire.
// schema: none
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DynamicToolSpec<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'a str,
    pub description: &'a str,
    pub input_schema: &'a RawValue,
}

/// Params without fields (`{}`).
// schema: none
#[derive(Serialize)]
pub(crate) struct Empty {}

/// Caller params (JSON object text) merged with the fields the library sets (see [`merge`]).
pub(crate) struct Merged(pub String);

impl Serialize for Merged {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// One `UserInput` of type text.
// schema: UserInput
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum UserInput<'a> {
    Text { text: &'a str },
}

/// `[{"type":"text","text":...}]` for a plain-text input (never parsed as JSON).
pub(crate) fn text_input(text: &str) -> String {
    to_json(&[UserInput::Text { text }])
}

/// Serializes typed params to JSON text.
pub(crate) fn to_json(params: &impl Serialize) -> String {
    serde_json::to_string(params).expect("typed params always serialize")
}

/// JSON text the caller already validated, as a raw value.
pub(crate) fn raw(json: &str) -> crate::Result<&RawValue> {
    serde_json::from_str(json).map_err(|e| Error::invalid(format!("not valid JSON: {e}")))
}

/// Adds fields to a JSON object given as text (`None`/empty/`null` = `{}`), replacing
/// same-named ones: the caller's optional params plus the ids the library sets.
pub(crate) fn merge(
    params: Option<&str>,
    fields: &[(&str, serde_json::Value)],
) -> crate::Result<String> {
    let mut map = match params.map(str::trim).filter(|p| !p.is_empty()) {
        None => serde_json::Map::new(),
        Some(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(serde_json::Value::Null) => serde_json::Map::new(),
            Ok(_) => return Err(Error::invalid("params must be a JSON object")),
            Err(e) => return Err(Error::invalid(format!("params is not valid JSON: {e}"))),
        },
    };
    for (k, v) in fields {
        map.insert((*k).to_owned(), v.clone());
    }
    Ok(serde_json::Value::Object(map).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_params_have_the_wire_names() {
        assert_eq!(
            to_json(&LoginAccountParams::ApiKey { api_key: "k" }),
            r#"{"type":"apiKey","apiKey":"k"}"#
        );
        assert_eq!(
            to_json(&LoginAccountParams::ChatgptDeviceCode),
            r#"{"type":"chatgptDeviceCode"}"#
        );
        assert_eq!(text_input("a\"b"), r#"[{"type":"text","text":"a\"b"}]"#);
        let merged = merge(
            Some(r#"{"model":"m","threadId":"x"}"#),
            &[("threadId", "t".into())],
        )
        .unwrap();
        assert_eq!(merged, r#"{"model":"m","threadId":"t"}"#);
    }
}
