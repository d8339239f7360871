// codex-ffi C++ binding: standalone commands (codex::ExecResult, codex::Process), file search
// (codex::FileMatch) and MCP servers (codex::McpServerPage, McpToolResult, McpResourceContent).
// The calls that make them are members of codex::Client and codex::Thread.
#ifndef CODEX_CPP_EXEC_HPP
#define CODEX_CPP_EXEC_HPP

#include "codex/cancel.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codex {

/// How a command ended: its exit code (124: its timeoutMs ran out; 137: killed) and its
/// buffered output (empty for a Process, whose output streamed).
struct ExecResult {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

/// Which stream a chunk came from.
enum class OutputStream { Stdout = CODEX_OUTPUT_STDOUT, Stderr = CODEX_OUTPUT_STDERR };

/// One chunk of a process's output.
struct OutputChunk {
  OutputStream stream = OutputStream::Stdout;
  std::string data;  // bytes, not necessarily UTF-8
  bool cap_reached = false;
};

namespace detail {
inline ExecResult take_exec_result(codex_exec_result *r) {
  std::unique_ptr<codex_exec_result, void (*)(codex_exec_result *)> guard(r, codex_exec_result_free);
  return ExecResult{codex_exec_result_exit_code(r), copy_or_empty(codex_exec_result_stdout(r)),
                    copy_or_empty(codex_exec_result_stderr(r))};
}
}  // namespace detail

/// A running command whose output streams to it (Client::spawn_process). Move-only;
/// destroying it frees the handle and terminates the process if it still runs.
class Process {
 public:
  Process(Process &&) noexcept = default;
  Process &operator=(Process &&) noexcept = default;

  std::string id() const { return detail::copy_or_empty(codex_process_id(h())); }
  /// Writes bytes to the process's stdin.
  void write(std::string_view data) {
    detail::check([&](codex_error **e) {
      return codex_process_write(h(), reinterpret_cast<const std::uint8_t *>(data.data()), data.size(), e);
    });
  }
  /// Closes its stdin (it reads end of file).
  void close_stdin() { detail::check([&](codex_error **e) { return codex_process_close_stdin(h(), e); }); }
  /// Kills it; wait() then returns exit code 137. RpcError once it has exited.
  void terminate() { detail::check([&](codex_error **e) { return codex_process_terminate(h(), e); }); }
  /// Resizes the terminal of a process started with "tty": true.
  void resize(std::uint16_t rows, std::uint16_t cols) {
    detail::check([&](codex_error **e) { return codex_process_resize(h(), rows, cols, e); });
  }
  /// The next chunk, or nullopt once the process has exited and every chunk was read. Throws
  /// TimeoutError when none came in time (the process goes on).
  std::optional<OutputChunk> next_output(Timeout timeout = no_timeout) { return next_impl(timeout, nullptr); }
  /// next_output() that throws CancelledError as soon as `cancel` is triggered.
  std::optional<OutputChunk> next_output(Timeout timeout, const Cancel &cancel) {
    return next_impl(timeout, cancel.get());
  }
  /// Waits for the exit. Throws TimeoutError (the process goes on), RpcError if it could not
  /// start.
  ExecResult wait(Timeout timeout = no_timeout) { return wait_impl(timeout, nullptr); }
  /// wait() that throws CancelledError as soon as `cancel` is triggered.
  ExecResult wait(Timeout timeout, const Cancel &cancel) { return wait_impl(timeout, cancel.get()); }

 private:
  friend class Client;
  struct Free {
    void operator()(codex_process *p) const noexcept { codex_process_free(p); }
  };
  explicit Process(codex_process *p) noexcept : handle_(p) {}
  const codex_process *h() const {
    if (!handle_) throw InvalidArgumentError(Status::InvalidArgument, "use of a moved-from codex::Process");
    return handle_.get();
  }
  std::optional<OutputChunk> next_impl(Timeout timeout, const codex_cancel *cancel) {
    codex_process_output *o = nullptr;
    codex_error *err = nullptr;
    codex_status st = codex_process_next_output_cancellable(h(), detail::to_ms(timeout), cancel, &o, &err);
    if (st == CODEX_STATUS_END) return std::nullopt;
    if (st != CODEX_STATUS_OK) detail::raise(st, err);
    std::unique_ptr<codex_process_output, void (*)(codex_process_output *)> guard(o, codex_process_output_free);
    std::size_t n = 0;
    const std::uint8_t *d = codex_process_output_data(o, &n);
    OutputChunk c;
    c.stream = static_cast<OutputStream>(codex_process_output_stream(o));
    c.data.assign(reinterpret_cast<const char *>(d), n);
    c.cap_reached = codex_process_output_cap_reached(o);
    return c;
  }
  ExecResult wait_impl(Timeout timeout, const codex_cancel *cancel) {
    codex_exec_result *r = nullptr;
    detail::check([&](codex_error **e) { return codex_process_wait_cancellable(h(), detail::to_ms(timeout), cancel, &r, e); });
    return detail::take_exec_result(r);
  }
  std::unique_ptr<codex_process, Free> handle_;
};

/// One fuzzy file search match.
struct FileMatch {
  std::string path;  // relative to root
  std::string root;
  std::string file_name;
  std::uint32_t score = 0;  // higher is better
  bool directory = false;
};

/// One configured MCP server.
struct McpServerStatus {
  std::string name;
  std::string auth_status;     // "unsupported", "notLoggedIn", "bearerToken", "oAuth", "unknown"
  std::string runtime_status;  // in a thread's list: "connected", "starting", ...; else empty
  std::vector<std::string> tools;  // tool names, sorted
  std::string tools_error;
};

/// One page of MCP server statuses.
struct McpServerPage {
  std::vector<McpServerStatus> servers;
  std::string next_cursor;  // empty on the last page
  std::string json;
  bool last() const noexcept { return next_cursor.empty(); }
};

/// What an MCP tool returned (a failing tool is a result with is_error, not an exception).
struct McpToolResult {
  bool is_error = false;
  std::string text;          // the text blocks, joined by newlines
  std::string content_json;  // the content blocks, a JSON array
  std::string structured_json;  // structuredContent, or empty
  std::string json;
};

/// One content of an MCP resource: text, or blob (base64).
struct McpResourceContent {
  std::string uri, mime_type, text, blob;
};

namespace detail {
inline std::vector<FileMatch> take_file_matches(codex_file_matches *m) {
  std::unique_ptr<codex_file_matches, void (*)(codex_file_matches *)> guard(m, codex_file_matches_free);
  std::vector<FileMatch> out;
  for (std::size_t i = 0; i < codex_file_matches_count(m); i++) {
    out.push_back(FileMatch{copy_or_empty(codex_file_matches_path(m, i)), copy_or_empty(codex_file_matches_root(m, i)),
                            copy_or_empty(codex_file_matches_file_name(m, i)), codex_file_matches_score(m, i),
                            codex_file_matches_type(m, i) == CODEX_MATCH_DIRECTORY});
  }
  return out;
}

inline McpServerPage take_mcp_servers(codex_mcp_servers *s) {
  std::unique_ptr<codex_mcp_servers, void (*)(codex_mcp_servers *)> guard(s, codex_mcp_servers_free);
  McpServerPage page;
  for (std::size_t i = 0; i < codex_mcp_servers_count(s); i++) {
    McpServerStatus st;
    st.name = copy_or_empty(codex_mcp_servers_name(s, i));
    st.auth_status = copy_or_empty(codex_mcp_servers_auth_status(s, i));
    st.runtime_status = copy_or_empty(codex_mcp_servers_runtime_status(s, i));
    st.tools_error = copy_or_empty(codex_mcp_servers_tools_error(s, i));
    for (std::size_t j = 0; j < codex_mcp_servers_tool_count(s, i); j++)
      st.tools.push_back(copy_or_empty(codex_mcp_servers_tool_name(s, i, j)));
    page.servers.push_back(std::move(st));
  }
  page.next_cursor = copy_or_empty(codex_mcp_servers_next_cursor(s));
  page.json = copy_or_empty(codex_mcp_servers_json(s));
  return page;
}

inline McpToolResult take_mcp_tool_result(codex_mcp_tool_result *r) {
  std::unique_ptr<codex_mcp_tool_result, void (*)(codex_mcp_tool_result *)> guard(r, codex_mcp_tool_result_free);
  return McpToolResult{codex_mcp_tool_result_is_error(r), copy_or_empty(codex_mcp_tool_result_text(r)),
                       copy_or_empty(codex_mcp_tool_result_content_json(r)),
                       copy_or_empty(codex_mcp_tool_result_structured_json(r)),
                       copy_or_empty(codex_mcp_tool_result_json(r))};
}

inline std::vector<McpResourceContent> take_mcp_resource(codex_mcp_resource *r) {
  std::unique_ptr<codex_mcp_resource, void (*)(codex_mcp_resource *)> guard(r, codex_mcp_resource_free);
  std::vector<McpResourceContent> out;
  for (std::size_t i = 0; i < codex_mcp_resource_count(r); i++)
    out.push_back(McpResourceContent{copy_or_empty(codex_mcp_resource_uri(r, i)),
                                     copy_or_empty(codex_mcp_resource_mime_type(r, i)),
                                     copy_or_empty(codex_mcp_resource_text(r, i)),
                                     copy_or_empty(codex_mcp_resource_blob(r, i))});
  return out;
}

/// C strings of a list of strings, alive as long as this object.
struct CStrs {
  explicit CStrs(const std::vector<std::string> &v, const char *what) {
    for (const auto &s : v) {
      if (s.find('\0') != std::string::npos)
        throw InvalidArgumentError(Status::InvalidArgument, std::string(what) + " contains a NUL byte");
      ptrs.push_back(s.c_str());
    }
  }
  std::vector<const char *> ptrs;
};
}  // namespace detail

}  // namespace codex

#endif
