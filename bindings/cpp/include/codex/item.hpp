// codex-ffi C++ binding: typed thread items and token usage (no JSON parser needed). An Item is a
// plain value copied out of a C codex_item; the C library decodes the item on the copying thread
// (the caller's, or the client's delivery thread inside a callback), never on its reader thread.
#ifndef CODEX_CPP_ITEM_HPP
#define CODEX_CPP_ITEM_HPP

#include "codex/error.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace codex {

/// Mirrors codex_item_type_t (same values). Unknown types are Other: read Item::json.
enum class ItemType : int {
  Other = CODEX_ITEM_OTHER,
  UserMessage = CODEX_ITEM_USER_MESSAGE,
  AgentMessage = CODEX_ITEM_AGENT_MESSAGE,
  Reasoning = CODEX_ITEM_REASONING,
  CommandExecution = CODEX_ITEM_COMMAND_EXECUTION,
  FileChange = CODEX_ITEM_FILE_CHANGE,
  McpToolCall = CODEX_ITEM_MCP_TOOL_CALL,
  WebSearch = CODEX_ITEM_WEB_SEARCH,
  Plan = CODEX_ITEM_PLAN,
  DynamicToolCall = CODEX_ITEM_DYNAMIC_TOOL_CALL,
  ImageView = CODEX_ITEM_IMAGE_VIEW,
  ContextCompaction = CODEX_ITEM_CONTEXT_COMPACTION,
};

/// Mirrors codex_thread_status_t (thread/status/changed).
enum class ThreadStatus : int {
  Other = CODEX_THREAD_STATUS_OTHER,
  NotLoaded = CODEX_THREAD_STATUS_NOT_LOADED,
  Idle = CODEX_THREAD_STATUS_IDLE,
  Active = CODEX_THREAD_STATUS_ACTIVE,
  SystemError = CODEX_THREAD_STATUS_SYSTEM_ERROR,
};

/// One path of a file change.
struct FileChange {
  std::string path;
  std::string kind;  // "add", "delete", "update" or "other"
  std::string diff;  // unified diff
};

/// One thread item. Fields that do not apply to its type are empty (strings) or -1 (numbers).
struct Item {
  ItemType type = ItemType::Other;
  std::string id;
  std::string json;               // the item as the server sent it
  std::string text;               // agent message, plan, reasoning summary, user message text
  std::string status;             // command / file change / MCP: "inProgress", "completed", ...
  std::string command;            // command execution
  std::string cwd;
  std::string aggregated_output;
  std::int64_t exit_code = -1;
  std::int64_t duration_ms = -1;  // command, MCP or dynamic tool call
  std::vector<FileChange> changes;
  std::string mcp_server;         // MCP tool call
  std::string tool;               // MCP or dynamic tool call
  std::string mcp_result_json;
  std::string web_query;          // web search

  /// Copies a C item (decoding it, on this thread).
  static Item from(const codex_item *it) {
    Item i;
    i.type = static_cast<ItemType>(codex_item_type(it));
    i.id = detail::copy_or_empty(codex_item_id(it));
    i.json = detail::copy_or_empty(codex_item_json(it));
    i.text = detail::copy_or_empty(codex_item_text(it));
    i.status = detail::copy_or_empty(codex_item_status(it));
    i.command = detail::copy_or_empty(codex_item_command(it));
    i.cwd = detail::copy_or_empty(codex_item_cwd(it));
    i.aggregated_output = detail::copy_or_empty(codex_item_aggregated_output(it));
    i.exit_code = codex_item_exit_code(it);
    i.duration_ms = codex_item_duration_ms(it);
    for (size_t k = 0, n = codex_item_change_count(it); k < n; k++) {
      i.changes.push_back({detail::copy_or_empty(codex_item_change_path(it, k)),
                           detail::copy_or_empty(codex_item_change_kind(it, k)),
                           detail::copy_or_empty(codex_item_change_diff(it, k))});
    }
    i.mcp_server = detail::copy_or_empty(codex_item_mcp_server(it));
    i.tool = detail::copy_or_empty(codex_item_tool(it));
    i.mcp_result_json = detail::copy_or_empty(codex_item_mcp_result_json(it));
    i.web_query = detail::copy_or_empty(codex_item_web_query(it));
    return i;
  }
  /// Copies, then frees, an owned C item.
  static Item adopt(codex_item *it) {
    std::unique_ptr<codex_item, void (*)(codex_item *)> guard(it, codex_item_free);
    return from(it);
  }
};

/// Token counts (-1 where the server sent none). The plain fields are the thread's running
/// totals; `last_*` are the last model call's.
struct TokenUsage {
  std::int64_t input = -1, cached_input = -1, output = -1, reasoning_output = -1, total = -1;
  std::int64_t context_window = -1;
  std::int64_t last_input = -1, last_cached_input = -1, last_output = -1,
               last_reasoning_output = -1, last_total = -1;

  /// From a getter `get(codex_token_field_t)`.
  template <class Get>
  static TokenUsage read(Get &&get) {
    TokenUsage u;
    u.input = get(CODEX_TOKENS_INPUT);
    u.cached_input = get(CODEX_TOKENS_CACHED_INPUT);
    u.output = get(CODEX_TOKENS_OUTPUT);
    u.reasoning_output = get(CODEX_TOKENS_REASONING_OUTPUT);
    u.total = get(CODEX_TOKENS_TOTAL);
    u.context_window = get(CODEX_TOKENS_CONTEXT_WINDOW);
    u.last_input = get(CODEX_TOKENS_LAST_INPUT);
    u.last_cached_input = get(CODEX_TOKENS_LAST_CACHED_INPUT);
    u.last_output = get(CODEX_TOKENS_LAST_OUTPUT);
    u.last_reasoning_output = get(CODEX_TOKENS_LAST_REASONING_OUTPUT);
    u.last_total = get(CODEX_TOKENS_LAST_TOTAL);
    return u;
  }
};

}  // namespace codex

#endif
