//! What a finished turn or login produced, and the folding of a turn's events into its result
//! (items, usage, final response) as they stream, so pruning the event log never loses it.

use crate::protocol::event::{Event, EventKind};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::Arc;
use std::time::Duration;

/// How a turn ended. The numbering is the C ABI's (`codex_turn_status`) and never changes.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum codex_turn_status {
    CODEX_TURN_COMPLETED = 0,
    CODEX_TURN_INTERRUPTED = 1,
    CODEX_TURN_FAILED = 2,
}

/// How a turn ended (the Rust name of `codex_turn_status`).
/// cbindgen:ignore
pub type TurnStatus = codex_turn_status;

/// cbindgen:ignore
#[allow(non_upper_case_globals)]
impl codex_turn_status {
    pub const Completed: TurnStatus = codex_turn_status::CODEX_TURN_COMPLETED;
    pub const Interrupted: TurnStatus = codex_turn_status::CODEX_TURN_INTERRUPTED;
    pub const Failed: TurnStatus = codex_turn_status::CODEX_TURN_FAILED;
}

/// What a finished turn produced.
#[derive(Debug, Clone)]
pub struct TurnResult {
    pub id: String,
    pub thread_id: String,
    pub status: TurnStatus,
    /// The error message of a failed turn.
    pub error: Option<String>,
    /// The `TurnError` object as raw JSON.
    pub error_json: Option<String>,
    /// Last `final_answer` agent message, else the last phase-less one, else `None`.
    pub final_response: Option<String>,
    /// Every `item/completed` item of the turn, in order, as a JSON array.
    pub items_json: String,
    /// The last `thread/tokenUsage/updated` usage of the turn.
    pub usage_json: Option<String>,
    pub started_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub duration_ms: Option<i64>,
    /// Time from the handle's creation (or the log's first event) to the end, as seen here.
    pub elapsed: Duration,
    /// Whether the idle watchdog ended the turn.
    pub watchdog: bool,
    /// Whether the run's deadline passed and the library interrupted the turn.
    pub deadline: bool,
}

/// How a login ended (a failed login is a result, not an error).
#[derive(Debug, Clone, PartialEq)]
pub struct LoginResult {
    pub login_id: String,
    pub success: bool,
    pub error: Option<String>,
    /// The `account/login/completed` params as raw JSON.
    pub raw_json: String,
}

// schema: AccountLoginCompletedNotification
#[derive(Deserialize)]
struct LoginCompletedParams {
    #[serde(default)]
    success: bool,
    #[serde(default)]
    error: Option<String>,
}

impl LoginResult {
    /// The result of `account/login/completed` params.
    pub(crate) fn from_params(login_id: &str, params: &str) -> LoginResult {
        let p: Option<LoginCompletedParams> = serde_json::from_str(params).ok();
        LoginResult {
            login_id: login_id.to_owned(),
            success: p.as_ref().is_some_and(|p| p.success),
            error: p.and_then(|p| p.error),
            raw_json: params.to_owned(),
        }
    }
}

/// What `TurnResult` is built from.
#[derive(Default)]
pub(crate) struct ResultFold {
    items: Vec<Box<str>>,
    usage: Option<String>,
    last_final_answer: Option<String>,
    last_phaseless: Option<String>,
    last_error: Option<String>,
}

// schema: none
#[derive(Deserialize)]
struct ItemSummary {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    phase: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

// schema: ThreadTokenUsageUpdatedNotification
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsageParams<'a> {
    #[serde(borrow)]
    token_usage: Option<&'a RawValue>,
}

// schema: ErrorNotification
#[derive(Deserialize)]
struct ErrorParams {
    error: Option<TurnErrorBody>,
}

// schema: TurnError
#[derive(Deserialize)]
struct TurnErrorBody {
    #[serde(default)]
    message: String,
}

// schema: TurnCompletedNotification
#[derive(Deserialize)]
struct CompletedParams<'a> {
    #[serde(borrow)]
    turn: CompletedTurn<'a>,
}

// schema: Turn
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompletedTurn<'a> {
    #[serde(default)]
    status: String,
    #[serde(borrow, default)]
    error: Option<&'a RawValue>,
    #[serde(default)]
    started_at: Option<i64>,
    #[serde(default)]
    completed_at: Option<i64>,
    #[serde(default)]
    duration_ms: Option<i64>,
}

impl ResultFold {
    /// Folds one event of the turn in.
    pub(crate) fn fold_event(&mut self, event: &Event) {
        match event.kind() {
            EventKind::ItemCompleted => {
                if let Some(item) = event.item_json() {
                    self.items.push(item.into());
                    if let Ok(summary) = serde_json::from_str::<ItemSummary>(item) {
                        if summary.kind == "agentMessage" {
                            match summary.phase.as_deref() {
                                Some("final_answer") => self.last_final_answer = summary.text,
                                None => self.last_phaseless = summary.text,
                                Some(_) => {}
                            }
                        }
                    }
                }
            }
            EventKind::TokenUsage => {
                if let Ok(p) = serde_json::from_str::<UsageParams>(event.params_json()) {
                    self.usage = p.token_usage.map(|u| u.get().to_owned());
                }
            }
            EventKind::Error => {
                if let Ok(ErrorParams { error: Some(e) }) =
                    serde_json::from_str(event.params_json())
                {
                    self.last_error = Some(e.message);
                }
            }
            _ => {}
        }
    }

    /// The result, from the `turn/completed` event (or a local stand-in for it).
    pub(crate) fn build_result(
        &self,
        turn_id: &str,
        thread_id: Option<&str>,
        completed: &Event,
        elapsed: Duration,
        watchdog: bool,
    ) -> Arc<TurnResult> {
        let parsed: Option<CompletedParams> = serde_json::from_str(completed.params_json()).ok();
        let turn = parsed.map(|p| p.turn);
        let status = match turn.as_ref().map(|t| t.status.as_str()) {
            Some("completed") => TurnStatus::Completed,
            Some("interrupted") => TurnStatus::Interrupted,
            _ => TurnStatus::Failed,
        };
        let error_json = turn
            .as_ref()
            .and_then(|t| t.error)
            .map(|e| e.get().to_owned())
            .filter(|e| e != "null");
        let error_message = error_json
            .as_deref()
            .and_then(|e| serde_json::from_str::<TurnErrorBody>(e).ok())
            .map(|e| e.message)
            .or_else(|| {
                (status == TurnStatus::Failed)
                    .then(|| self.last_error.clone())
                    .flatten()
            });
        let mut items = String::from("[");
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                items.push(',');
            }
            items.push_str(item);
        }
        items.push(']');
        Arc::new(TurnResult {
            id: turn_id.to_owned(),
            thread_id: thread_id.unwrap_or_default().to_owned(),
            status,
            error: error_message,
            error_json,
            final_response: self
                .last_final_answer
                .clone()
                .or_else(|| self.last_phaseless.clone()),
            items_json: items,
            usage_json: self.usage.clone(),
            started_at: turn.as_ref().and_then(|t| t.started_at),
            completed_at: turn.as_ref().and_then(|t| t.completed_at),
            duration_ms: turn.as_ref().and_then(|t| t.duration_ms),
            elapsed,
            watchdog,
            deadline: false,
        })
    }
}
