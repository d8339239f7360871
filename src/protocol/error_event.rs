//! The typed view of an `error` notification: CODEX_EVENT_ERROR (the turn fails) or
//! CODEX_EVENT_RETRY (`willRetry: true`: the server retries by itself, e.g. "Reconnecting...").

use crate::protocol::event::{Event, EventKind};
use serde::Deserialize;
use serde_json::value::RawValue;

/// What an `error` notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorNotice {
    /// The human-readable message (e.g. "Reconnecting... 2/5").
    pub message: String,
    /// `codexErrorInfo` as JSON text: a string such as `"serverOverloaded"` or an object such as
    /// `{"responseStreamDisconnected":{"httpStatusCode":null}}`; `None` if the server sent none.
    pub codex_error_info: Option<String>,
    /// `additionalDetails`, if any.
    pub additional_details: Option<String>,
    /// `willRetry`: the server retries by itself (a CODEX_EVENT_RETRY event).
    pub will_retry: bool,
}

// schema: ErrorNotification
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorNotification<'a> {
    #[serde(borrow)]
    error: NoticeBody<'a>,
    #[serde(default)]
    will_retry: bool,
}

// schema: TurnError
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NoticeBody<'a> {
    #[serde(default)]
    message: String,
    #[serde(borrow, default)]
    codex_error_info: Option<&'a RawValue>,
    #[serde(default)]
    additional_details: Option<String>,
}

impl ErrorNotice {
    /// Decodes an `error` notification's params; `None` if they are not one.
    pub fn from_params(params: &str) -> Option<ErrorNotice> {
        let n: ErrorNotification = serde_json::from_str(params).ok()?;
        Some(ErrorNotice {
            message: n.error.message,
            codex_error_info: n
                .error
                .codex_error_info
                .map(|raw| raw.get().to_owned())
                .filter(|s| s != "null"),
            additional_details: n.error.additional_details,
            will_retry: n.will_retry,
        })
    }
}

impl Event {
    /// What an error or retry event (CODEX_EVENT_ERROR, CODEX_EVENT_RETRY) says; `None` for
    /// any other event.
    pub fn error_notice(&self) -> Option<ErrorNotice> {
        matches!(self.kind(), EventKind::Error | EventKind::Retry)
            .then(|| ErrorNotice::from_params(self.params_json()))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_retry_notice() {
        let n = ErrorNotice::from_params(
            r#"{"error":{"message":"Reconnecting... 1/5","codexErrorInfo":{"responseStreamDisconnected":{"httpStatusCode":null}},"additionalDetails":null},"threadId":"t","turnId":"u","willRetry":true}"#,
        )
        .unwrap();
        assert_eq!(n.message, "Reconnecting... 1/5");
        assert_eq!(
            n.codex_error_info.as_deref(),
            Some(r#"{"responseStreamDisconnected":{"httpStatusCode":null}}"#)
        );
        assert!(n.will_retry);
        let n = ErrorNotice::from_params(
            r#"{"error":{"message":"boom","codexErrorInfo":null},"willRetry":false}"#,
        )
        .unwrap();
        assert_eq!(n.codex_error_info, None);
        assert!(!n.will_retry);
        assert_eq!(ErrorNotice::from_params("{}"), None);
    }
}
