package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
)

// McpServerStatus is one configured MCP server.
type McpServerStatus struct {
	Name          string
	AuthStatus    string   // "unsupported", "notLoggedIn", "bearerToken", "oAuth", "unknown"
	RuntimeStatus string   // in a thread's list: "connected", "starting", "failed", ...; else ""
	Tools         []string // tool names, sorted
	ToolsError    string   // why the tools could not be listed, or ""
}

// McpServerPage is one page of MCP server statuses.
type McpServerPage struct {
	Servers    []McpServerStatus
	NextCursor string // "" on the last page
	JSON       json.RawMessage
}

// McpServerStatus returns one page of the configured MCP servers (`mcpServerStatus/list`): of
// the user's config, or (threadID not "") of that thread's, with their connection state.
func (c *Client) McpServerStatus(ctx context.Context, threadID, cursor string, limit uint32) (*McpServerPage, error) {
	var cs cstrings
	defer cs.free()
	tid, err := cs.opt("threadID", threadID)
	if err != nil {
		return nil, err
	}
	cur, err := cs.opt("cursor", cursor)
	if err != nil {
		return nil, err
	}
	var page *McpServerPage
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_mcp_servers
		var e *C.codex_error
		if err := check(C.codex_mcp_server_status(p, tid, cur, C.uint32_t(limit), &out, &e), e); err != nil {
			return err
		}
		defer C.codex_mcp_servers_free(out)
		n := int(C.codex_mcp_servers_count(out))
		page = &McpServerPage{
			NextCursor: goString(C.codex_mcp_servers_next_cursor(out)),
			JSON:       goJSON(C.codex_mcp_servers_json(out)),
		}
		for i := 0; i < n; i++ {
			j := C.size_t(i)
			s := McpServerStatus{
				Name:          goString(C.codex_mcp_servers_name(out, j)),
				AuthStatus:    goString(C.codex_mcp_servers_auth_status(out, j)),
				RuntimeStatus: goString(C.codex_mcp_servers_runtime_status(out, j)),
				ToolsError:    goString(C.codex_mcp_servers_tools_error(out, j)),
			}
			for k := 0; k < int(C.codex_mcp_servers_tool_count(out, j)); k++ {
				s.Tools = append(s.Tools, goString(C.codex_mcp_servers_tool_name(out, j, C.size_t(k))))
			}
			page.Servers = append(page.Servers, s)
		}
		return nil
	})
	return page, err
}

// McpReload reloads the MCP servers from the config (`config/mcpServer/reload`).
func (c *Client) McpReload(ctx context.Context) error {
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_mcp_reload(p, &e), e)
	})
}

// McpToolResult is what an MCP tool returned.
type McpToolResult struct {
	IsError    bool
	Text       string          // the text blocks, joined by newlines
	Content    json.RawMessage // the content blocks (a JSON array)
	Structured json.RawMessage // structuredContent, or nil
	JSON       json.RawMessage
}

// McpToolCall calls tool of the thread's MCP server (`mcpServer/tool/call`) with args (a
// JSON object, nil = none). A failing tool is a result with IsError, not an error.
func (t *Thread) McpToolCall(ctx context.Context, server, tool string, args json.RawMessage) (*McpToolResult, error) {
	var cs cstrings
	defer cs.free()
	s, err := cs.add("server", server)
	if err != nil {
		return nil, err
	}
	tl, err := cs.add("tool", tool)
	if err != nil {
		return nil, err
	}
	a, err := cs.json("args", args)
	if err != nil {
		return nil, err
	}
	var res *McpToolResult
	err = t.do(ctx, func(p *C.codex_thread) error {
		var out *C.codex_mcp_tool_result
		var e *C.codex_error
		if err := check(C.codex_mcp_tool_call(p, s, tl, a, &out, &e), e); err != nil {
			return err
		}
		defer C.codex_mcp_tool_result_free(out)
		res = &McpToolResult{
			IsError:    bool(C.codex_mcp_tool_result_is_error(out)),
			Text:       goString(C.codex_mcp_tool_result_text(out)),
			Content:    goJSON(C.codex_mcp_tool_result_content_json(out)),
			Structured: goJSON(C.codex_mcp_tool_result_structured_json(out)),
			JSON:       goJSON(C.codex_mcp_tool_result_json(out)),
		}
		return nil
	})
	return res, err
}

// McpResourceContent is one content of an MCP resource: Text, or Blob (base64).
type McpResourceContent struct {
	URI, MimeType, Text, Blob string
}

// McpResourceRead reads resource uri of MCP server server (`mcpServer/resource/read`),
// through the thread threadID's connection to it if not "".
func (c *Client) McpResourceRead(ctx context.Context, threadID, server, uri string) ([]McpResourceContent, error) {
	var cs cstrings
	defer cs.free()
	tid, err := cs.opt("threadID", threadID)
	if err != nil {
		return nil, err
	}
	s, err := cs.add("server", server)
	if err != nil {
		return nil, err
	}
	u, err := cs.add("uri", uri)
	if err != nil {
		return nil, err
	}
	var contents []McpResourceContent
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_mcp_resource
		var e *C.codex_error
		if err := check(C.codex_mcp_resource_read(p, tid, s, u, &out, &e), e); err != nil {
			return err
		}
		defer C.codex_mcp_resource_free(out)
		for i := 0; i < int(C.codex_mcp_resource_count(out)); i++ {
			j := C.size_t(i)
			contents = append(contents, McpResourceContent{
				URI:      goString(C.codex_mcp_resource_uri(out, j)),
				MimeType: goString(C.codex_mcp_resource_mime_type(out, j)),
				Text:     goString(C.codex_mcp_resource_text(out, j)),
				Blob:     goString(C.codex_mcp_resource_blob(out, j)),
			})
		}
		return nil
	})
	return contents, err
}
