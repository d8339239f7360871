//! MCP servers through the app-server: status list (`mcpServerStatus/list`), reload
//! (`config/mcpServer/reload`), tool call (`mcpServer/tool/call`) and resource read
//! (`mcpServer/resource/read`).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// `mcpServerStatus/list`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListMcpServerStatusParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<&'a str>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListMcpServerStatusResponse {
    #[serde(default)]
    pub data: Vec<McpServerStatus>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// One configured MCP server: its name, connection and auth status, and its tools by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McpServerStatus {
    pub name: String,
    /// `unknown`, `unsupported`, `notLoggedIn`, `bearerToken`, `oAuth`.
    #[serde(default)]
    pub auth_status: String,
    /// The thread runtime's connection state (`connected`, `failed`, ...), when known (a
    /// status list for a thread).
    #[serde(default)]
    pub runtime_status: Option<String>,
    /// Tool definitions by name (sorted).
    #[serde(default)]
    pub tools: BTreeMap<String, Box<RawValue>>,
    /// Set when tool discovery failed.
    #[serde(default)]
    pub tools_error: Option<String>,
}

/// `mcpServer/tool/call`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct McpServerToolCallParams<'a> {
    pub thread_id: &'a str,
    pub server: &'a str,
    pub tool: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<&'a RawValue>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McpServerToolCallResponse {
    /// MCP content blocks (`{"type":"text","text":...}`, images, ...).
    #[serde(default)]
    pub content: Vec<Box<RawValue>>,
    #[serde(default)]
    pub is_error: Option<bool>,
    #[serde(default)]
    pub structured_content: Option<Box<RawValue>>,
}

// schema: none
#[derive(Deserialize)]
struct TextBlock {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: String,
}

impl McpServerToolCallResponse {
    /// The text of the content's text blocks, joined by newlines.
    pub fn text(&self) -> String {
        let texts: Vec<String> = self
            .content
            .iter()
            .filter_map(|b| serde_json::from_str::<TextBlock>(b.get()).ok())
            .filter(|b| b.kind == "text")
            .map(|b| b.text)
            .collect();
        texts.join("\n")
    }
}

/// `mcpServer/resource/read`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct McpResourceReadParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<&'a str>,
    pub server: &'a str,
    pub uri: &'a str,
}

#[derive(Debug, Clone, Deserialize)]
pub struct McpResourceReadResponse {
    #[serde(default)]
    pub contents: Vec<ResourceContent>,
}

/// One content of a resource: text or a base64 blob (a flat view of the schema's
/// `ResourceContent` union: the fields of both variants, each optional).
// schema: none
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceContent {
    pub uri: String,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub blob: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_results_and_statuses_decode() {
        let r: McpServerToolCallResponse = serde_json::from_str(
            r#"{"content":[{"type":"text","text":"a"},{"type":"image","data":"x"},{"type":"text","text":"b"}],"isError":true}"#,
        )
        .unwrap();
        assert_eq!(r.text(), "a\nb");
        assert_eq!(r.is_error, Some(true));
        let s: ListMcpServerStatusResponse = serde_json::from_str(
            r#"{"data":[{"name":"m","authStatus":"unsupported","tools":{"z":{},"a":{}},"resources":[]}],"nextCursor":null}"#,
        )
        .unwrap();
        let names: Vec<&String> = s.data[0].tools.keys().collect();
        assert_eq!(names, ["a", "z"]);
        assert_eq!(s.data[0].runtime_status, None);
    }
}
