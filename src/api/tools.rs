//! Dynamic tools: functions a thread offers the model, run by the host. Declared at
//! `thread/start` (the experimental `dynamicTools` field); each call arrives as an
//! `item/tool/call` server request (`ServerRequestView::DynamicToolCall`), answered with
//! `tool_answer_json` (or `ServerRequestView::answer_json_with`).

use super::client::Client;
use super::thread::Thread;
use crate::error::{Error, Result};
use crate::protocol::json::{self, Embedding};
use crate::protocol::params::{self, DynamicTool, DynamicToolSpec};

impl Client {
    /// `thread/start` with `tools` declared on the thread (plus `params`, ThreadStartParams
    /// JSON, `None` = defaults). Needs the experimental API (on by default).
    pub async fn thread_start_with_tools(
        &self,
        params: Option<&str>,
        tools: &[DynamicTool],
    ) -> Result<Thread> {
        if tools.is_empty() {
            return Err(Error::invalid("no tools given"));
        }
        let mut seen = std::collections::HashSet::new();
        let mut specs = Vec::with_capacity(tools.len());
        for t in tools {
            if t.name.is_empty()
                || !t
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(Error::invalid(format!(
                    "tool name {:?} must be non-empty ASCII letters, digits, '_' or '-'",
                    t.name
                )));
            }
            if !seen.insert(t.name.as_str()) {
                return Err(Error::invalid(format!(
                    "tool {:?} is declared twice",
                    t.name
                )));
            }
            json::validate(&t.input_schema_json, "input_schema", Embedding::ParamsField)?;
            if !t.input_schema_json.trim_start().starts_with('{') {
                return Err(Error::invalid("input_schema must be a JSON object"));
            }
            specs.push(DynamicToolSpec {
                kind: "function",
                name: &t.name,
                description: &t.description,
                input_schema: params::raw(&t.input_schema_json)?,
            });
        }
        let value = serde_json::to_value(&specs)
            .map_err(|e| Error::internal(format!("tools do not serialize: {e}")))?;
        if let Some(p) = params {
            json::validate(p, "params", Embedding::MessageField)?;
        }
        let merged = params::merge(params, &[("dynamicTools", value)])?;
        self.thread_start(Some(&merged)).await
    }
}
