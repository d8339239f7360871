//! MCP servers through the app-server: the status of each configured server (paged), reload
//! after a config change, a tool call and a resource read. A thread's own MCP servers come
//! from its config (`thread/start` params `{"config":{"mcp_servers.NAME":{...}}}`).

use super::client::Client;
use super::thread::Thread;
use crate::error::{Error, Result};
use crate::protocol::json::{self, Embedding};
use crate::protocol::mcp::{
    ListMcpServerStatusParams, ListMcpServerStatusResponse, McpResourceReadParams,
    McpResourceReadResponse, McpServerToolCallParams, McpServerToolCallResponse,
};
use crate::protocol::responses::Response;
use crate::protocol::{methods, params};

fn non_empty<'a>(value: &'a str, name: &str) -> Result<&'a str> {
    if value.is_empty() {
        return Err(Error::invalid(format!("{name} is empty")));
    }
    Ok(value)
}

impl Client {
    /// One page of the configured MCP servers and their status (`mcpServerStatus/list`):
    /// of the user's config, or (`thread_id`) of that thread's, with its connection state.
    /// `cursor` `None` = the first page, `limit` 0 = the server's default.
    pub async fn mcp_server_status(
        &self,
        thread_id: Option<&str>,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Response<ListMcpServerStatusResponse>> {
        let p = ListMcpServerStatusParams {
            cursor,
            limit: (limit > 0).then_some(limit),
            thread_id,
        };
        self.session
            .conn
            .call_method::<methods::McpServerStatusList>(&p)
            .await
    }

    /// Reloads the MCP servers from the config (`config/mcpServer/reload`).
    pub async fn mcp_reload(&self) -> Result<()> {
        self.session
            .conn
            .call_method::<methods::McpServerReload>(&params::Empty {})
            .await
            .map(|_| ())
    }

    /// Reads a resource of an MCP server (`mcpServer/resource/read`), through `thread_id`'s
    /// connection to it if given.
    pub async fn mcp_resource_read(
        &self,
        thread_id: Option<&str>,
        server: &str,
        uri: &str,
    ) -> Result<Response<McpResourceReadResponse>> {
        let p = McpResourceReadParams {
            thread_id,
            server: non_empty(server, "server")?,
            uri: non_empty(uri, "uri")?,
        };
        self.session
            .conn
            .call_method::<methods::McpServerResourceRead>(&p)
            .await
    }
}

impl Thread {
    /// Calls a tool of one of the thread's MCP servers (`mcpServer/tool/call`); `arguments` is
    /// a JSON object (`None` = no arguments). A tool that fails reports `is_error`, not an `Err`.
    pub async fn mcp_tool_call(
        &self,
        server: &str,
        tool: &str,
        arguments: Option<&str>,
    ) -> Result<Response<McpServerToolCallResponse>> {
        if let Some(a) = arguments {
            json::validate(a, "arguments", Embedding::ParamsField)?;
            if !a.trim_start().starts_with('{') {
                return Err(Error::invalid("arguments must be a JSON object"));
            }
        }
        let p = McpServerToolCallParams {
            thread_id: self.id(),
            server: non_empty(server, "server")?,
            tool: non_empty(tool, "tool")?,
            arguments: arguments.map(params::raw).transpose()?,
        };
        self.session
            .conn
            .call_method::<methods::McpServerToolCall>(&p)
            .await
    }
}
