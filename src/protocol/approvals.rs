//! Typed views of the server's requests (command and file-change approvals, permission
//! requests, user-input questions) and typed answers to them. Decoded when asked for, on the
//! caller's thread; tolerant like items.rs (optional fields, unknown values kept as text).

use super::methods as m;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// What a server request asks for. The numbering is the C ABI's
/// (`codex_server_request_kind_t`) and never changes.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_server_request_kind_t {
    /// A method this library has no typed view of: read the params JSON.
    CODEX_REQUEST_OTHER = 0,
    CODEX_REQUEST_COMMAND_APPROVAL = 1,
    CODEX_REQUEST_FILE_CHANGE_APPROVAL = 2,
    CODEX_REQUEST_PERMISSIONS = 3,
    CODEX_REQUEST_USER_INPUT = 4,
    CODEX_REQUEST_MCP_ELICITATION = 5,
    /// A call of a dynamic tool the thread declared (`item/tool/call`): read its tool name,
    /// arguments and call id; answer with content (codex_server_request_add_tool_content) and
    /// codex_server_request_answer (ACCEPT = success, DECLINE = failure).
    CODEX_REQUEST_DYNAMIC_TOOL_CALL = 6,
}

/// The kind of one content item of a dynamic tool's answer (`DynamicToolCallOutputContentItem`).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_tool_content_t {
    /// Text for the model.
    CODEX_TOOL_CONTENT_TEXT = 0,
    /// An image, by URL (a data: URL works).
    CODEX_TOOL_CONTENT_IMAGE_URL = 1,
    /// Audio, by URL.
    CODEX_TOOL_CONTENT_AUDIO_URL = 2,
}

impl codex_tool_content_t {
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_tool_content_t::*;
        Some(match v {
            0 => CODEX_TOOL_CONTENT_TEXT,
            1 => CODEX_TOOL_CONTENT_IMAGE_URL,
            2 => CODEX_TOOL_CONTENT_AUDIO_URL,
            _ => return None,
        })
    }
}

/// One content item of a dynamic tool's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolContent {
    pub kind: codex_tool_content_t,
    pub value: String,
}

impl ToolContent {
    pub fn text(t: impl Into<String>) -> ToolContent {
        ToolContent {
            kind: codex_tool_content_t::CODEX_TOOL_CONTENT_TEXT,
            value: t.into(),
        }
    }
}

/// `item/tool/call`: the host runs a dynamic tool the thread declared.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DynamicToolCallParams {
    pub thread_id: Option<String>,
    pub turn_id: Option<String>,
    pub call_id: Option<String>,
    pub namespace: Option<String>,
    pub tool: Option<String>,
    /// The arguments the model passed, as JSON.
    pub arguments: Option<Box<RawValue>>,
}

/// The answer to a dynamic tool call (`DynamicToolCallResponse`).
pub fn tool_answer_json(success: bool, content: &[ToolContent]) -> String {
    // schema: DynamicToolCallOutputContentItem
    #[allow(clippy::enum_variant_names)] // the wire names
    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "camelCase")]
    enum Item<'a> {
        InputText {
            text: &'a str,
        },
        #[serde(rename_all = "camelCase")]
        InputImage {
            image_url: &'a str,
        },
        #[serde(rename_all = "camelCase")]
        InputAudio {
            audio_url: &'a str,
        },
    }
    // schema: DynamicToolCallResponse
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer<'a> {
        content_items: Vec<Item<'a>>,
        success: bool,
    }
    use codex_tool_content_t::*;
    let items = content
        .iter()
        .map(|c| match c.kind {
            CODEX_TOOL_CONTENT_TEXT => Item::InputText { text: &c.value },
            CODEX_TOOL_CONTENT_IMAGE_URL => Item::InputImage {
                image_url: &c.value,
            },
            CODEX_TOOL_CONTENT_AUDIO_URL => Item::InputAudio {
                audio_url: &c.value,
            },
        })
        .collect();
    serde_json::to_string(&Answer {
        content_items: items,
        success,
    })
    .expect("answers always serialize")
}

/// A typed answer (`codex_server_request_answer`). Decline is 0: the safe default.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum codex_decision_t {
    /// Refuse; the turn goes on (the safe default).
    CODEX_DECISION_DECLINE = 0,
    /// Allow this once (user input: send the answers set so far).
    CODEX_DECISION_ACCEPT = 1,
    /// Allow this and the same again for the rest of the session.
    CODEX_DECISION_ACCEPT_FOR_SESSION = 2,
    /// Refuse and interrupt the turn.
    CODEX_DECISION_CANCEL = 3,
}

/// The Rust name of `codex_decision_t`.
/// cbindgen:ignore
pub type Decision = codex_decision_t;

impl codex_decision_t {
    pub fn from_u32(v: u32) -> Option<Self> {
        use codex_decision_t::*;
        Some(match v {
            0 => CODEX_DECISION_DECLINE,
            1 => CODEX_DECISION_ACCEPT,
            2 => CODEX_DECISION_ACCEPT_FOR_SESSION,
            3 => CODEX_DECISION_CANCEL,
            _ => return None,
        })
    }
    fn wire(self) -> &'static str {
        use codex_decision_t::*;
        match self {
            CODEX_DECISION_DECLINE => "decline",
            CODEX_DECISION_ACCEPT => "accept",
            CODEX_DECISION_ACCEPT_FOR_SESSION => "acceptForSession",
            CODEX_DECISION_CANCEL => "cancel",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandExecutionRequestApprovalParams {
    pub thread_id: Option<String>,
    pub turn_id: Option<String>,
    pub item_id: Option<String>,
    pub started_at_ms: Option<i64>,
    pub command: Option<String>,
    pub cwd: Option<String>,
    pub reason: Option<String>,
    /// A command prefix the user may allow from now on.
    pub proposed_execpolicy_amendment: Option<Vec<String>>,
    /// The decisions to offer, as the server names them (`accept`, `acceptForSession`,
    /// `decline`, `cancel`, or the key of an object decision such as
    /// `acceptWithExecpolicyAmendment`).
    pub available_decisions: Option<Vec<Box<RawValue>>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileChangeRequestApprovalParams {
    pub thread_id: Option<String>,
    pub turn_id: Option<String>,
    pub item_id: Option<String>,
    pub started_at_ms: Option<i64>,
    pub reason: Option<String>,
    /// A root the agent asks to write under for the rest of the session.
    pub grant_root: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsRequestApprovalParams {
    pub thread_id: Option<String>,
    pub turn_id: Option<String>,
    pub item_id: Option<String>,
    pub started_at_ms: Option<i64>,
    pub cwd: Option<String>,
    pub reason: Option<String>,
    /// The requested `RequestPermissionProfile`, as JSON.
    pub permissions: Option<Box<RawValue>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ToolRequestUserInputOption {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ToolRequestUserInputQuestion {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub header: String,
    #[serde(default)]
    pub question: String,
    pub options: Option<Vec<ToolRequestUserInputOption>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolRequestUserInputParams {
    pub thread_id: Option<String>,
    pub turn_id: Option<String>,
    pub item_id: Option<String>,
    pub is_blocking: Option<bool>,
    #[serde(default)]
    pub questions: Vec<ToolRequestUserInputQuestion>,
}

/// A server request, typed by its method.
#[derive(Debug, Clone)]
pub enum ServerRequestView {
    CommandApproval(CommandExecutionRequestApprovalParams),
    FileChangeApproval(FileChangeRequestApprovalParams),
    Permissions(PermissionsRequestApprovalParams),
    UserInput(ToolRequestUserInputParams),
    McpElicitation,
    DynamicToolCall(DynamicToolCallParams),
    Other,
}

impl ServerRequestView {
    /// The typed view of a request (params that do not decode give the default view).
    pub fn parse(method: &str, params: &str) -> ServerRequestView {
        fn de<T: for<'a> Deserialize<'a> + Default>(p: &str) -> T {
            serde_json::from_str(p).unwrap_or_default()
        }
        match method {
            m::COMMAND_APPROVAL => ServerRequestView::CommandApproval(de(params)),
            m::FILE_CHANGE_APPROVAL => ServerRequestView::FileChangeApproval(de(params)),
            m::PERMISSIONS_APPROVAL => ServerRequestView::Permissions(de(params)),
            m::TOOL_REQUEST_USER_INPUT => ServerRequestView::UserInput(de(params)),
            m::MCP_ELICITATION => ServerRequestView::McpElicitation,
            m::DYNAMIC_TOOL_CALL => ServerRequestView::DynamicToolCall(de(params)),
            _ => ServerRequestView::Other,
        }
    }

    pub fn kind(&self) -> codex_server_request_kind_t {
        use codex_server_request_kind_t::*;
        match self {
            ServerRequestView::CommandApproval(_) => CODEX_REQUEST_COMMAND_APPROVAL,
            ServerRequestView::FileChangeApproval(_) => CODEX_REQUEST_FILE_CHANGE_APPROVAL,
            ServerRequestView::Permissions(_) => CODEX_REQUEST_PERMISSIONS,
            ServerRequestView::UserInput(_) => CODEX_REQUEST_USER_INPUT,
            ServerRequestView::McpElicitation => CODEX_REQUEST_MCP_ELICITATION,
            ServerRequestView::DynamicToolCall(_) => CODEX_REQUEST_DYNAMIC_TOOL_CALL,
            ServerRequestView::Other => CODEX_REQUEST_OTHER,
        }
    }

    /// The decisions a command approval offers, by name (see
    /// [`CommandExecutionRequestApprovalParams::available_decisions`]).
    pub fn offered_decisions(&self) -> Vec<String> {
        let ServerRequestView::CommandApproval(p) = self else {
            return Vec::new();
        };
        p.available_decisions
            .iter()
            .flatten()
            .filter_map(
                |d| match serde_json::from_str::<serde_json::Value>(d.get()).ok()? {
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Object(o) => o.keys().next().cloned(),
                    _ => None,
                },
            )
            .collect()
    }

    /// The result JSON for a typed answer. `answers` are a user-input request's answers, by
    /// question index (`None` = unanswered). MCP elicitations and unknown methods have no typed
    /// answer (`INVALID_ARGUMENT`): answer them with JSON.
    pub fn answer_json(&self, decision: Decision, answers: &[Option<String>]) -> Result<String> {
        self.answer_json_with(decision, answers, &[])
    }

    /// [`Self::answer_json`] with a dynamic tool call's content items (`tool_content`): ACCEPT
    /// answers success, any other decision failure, both with the content.
    pub fn answer_json_with(
        &self,
        decision: Decision,
        answers: &[Option<String>],
        tool_content: &[ToolContent],
    ) -> Result<String> {
        // schema: CommandExecutionRequestApprovalResponse
        #[derive(Serialize)]
        struct DecisionAnswer<'a> {
            decision: &'a str,
        }
        // schema: PermissionsRequestApprovalResponse
        #[derive(Serialize)]
        struct PermissionsAnswer<'a> {
            permissions: &'a RawValue,
            scope: Option<&'a str>,
        }
        // schema: ToolRequestUserInputAnswer
        #[derive(Serialize)]
        struct ToolRequestUserInputAnswer<'a> {
            answers: Vec<&'a str>,
        }
        // schema: ToolRequestUserInputResponse
        #[derive(Serialize)]
        struct ToolRequestUserInputResponse<'a> {
            answers: BTreeMap<&'a str, ToolRequestUserInputAnswer<'a>>,
        }
        fn json(v: &impl Serialize) -> String {
            serde_json::to_string(v).expect("answers always serialize")
        }
        use codex_decision_t::*;
        Ok(match self {
            ServerRequestView::CommandApproval(_) | ServerRequestView::FileChangeApproval(_) => {
                json(&DecisionAnswer {
                    decision: decision.wire(),
                })
            }
            ServerRequestView::Permissions(p) => match decision {
                CODEX_DECISION_ACCEPT | CODEX_DECISION_ACCEPT_FOR_SESSION => {
                    let empty = RawValue::from_string("{}".into()).expect("valid JSON");
                    json(&PermissionsAnswer {
                        permissions: p.permissions.as_deref().unwrap_or(&empty),
                        scope: Some(if decision == CODEX_DECISION_ACCEPT {
                            "turn"
                        } else {
                            "session"
                        }),
                    })
                }
                _ => r#"{"permissions":{}}"#.to_owned(),
            },
            ServerRequestView::UserInput(p) => {
                let mut map = BTreeMap::new();
                if matches!(
                    decision,
                    CODEX_DECISION_ACCEPT | CODEX_DECISION_ACCEPT_FOR_SESSION
                ) {
                    for (q, a) in p.questions.iter().zip(answers) {
                        if let Some(a) = a {
                            map.insert(
                                q.id.as_str(),
                                ToolRequestUserInputAnswer {
                                    answers: vec![a.as_str()],
                                },
                            );
                        }
                    }
                }
                json(&ToolRequestUserInputResponse { answers: map })
            }
            ServerRequestView::DynamicToolCall(_) => {
                tool_answer_json(decision == CODEX_DECISION_ACCEPT, tool_content)
            }
            ServerRequestView::McpElicitation | ServerRequestView::Other => {
                return Err(Error::invalid(
                    "this request has no typed answer: answer it with codex_server_request_respond",
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codex_decision_t::*;

    #[test]
    fn approvals_decode_and_answer() {
        let v = ServerRequestView::parse(
            m::COMMAND_APPROVAL,
            r#"{"itemId":"i","command":"ls","cwd":"/w","reason":"why","proposedExecpolicyAmendment":["ls"],"availableDecisions":["accept",{"acceptWithExecpolicyAmendment":{"execpolicy_amendment":["ls"]}},"decline"]}"#,
        );
        assert_eq!(
            v.kind(),
            codex_server_request_kind_t::CODEX_REQUEST_COMMAND_APPROVAL
        );
        assert_eq!(
            v.offered_decisions(),
            ["accept", "acceptWithExecpolicyAmendment", "decline"]
        );
        assert_eq!(
            v.answer_json(CODEX_DECISION_ACCEPT_FOR_SESSION, &[])
                .unwrap(),
            r#"{"decision":"acceptForSession"}"#
        );
        let p = ServerRequestView::parse(
            m::PERMISSIONS_APPROVAL,
            r#"{"cwd":"/w","permissions":{"network":{"enabled":true}}}"#,
        );
        assert_eq!(
            p.answer_json(CODEX_DECISION_ACCEPT, &[]).unwrap(),
            r#"{"permissions":{"network":{"enabled":true}},"scope":"turn"}"#
        );
        assert_eq!(
            p.answer_json(CODEX_DECISION_DECLINE, &[]).unwrap(),
            r#"{"permissions":{}}"#
        );
        let u = ServerRequestView::parse(
            m::TOOL_REQUEST_USER_INPUT,
            r#"{"questions":[{"id":"q1","header":"H","question":"Q?","options":[{"label":"a","description":"d"}]},{"id":"q2","header":"","question":""}]}"#,
        );
        assert_eq!(
            u.answer_json(CODEX_DECISION_ACCEPT, &[Some("a".into()), None])
                .unwrap(),
            r#"{"answers":{"q1":{"answers":["a"]}}}"#
        );
        assert!(ServerRequestView::parse("x/y", "{}")
            .answer_json(CODEX_DECISION_ACCEPT, &[])
            .is_err());
    }
}
