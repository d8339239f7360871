// Standalone commands, file search and MCP servers through the C++ binding on the real
// app-server, offline (sandboxed commands; the project's own stdio MCP server).
#include "support.hpp"

#include <fstream>

TEST(Exec, OneShotProcessTerminateAndSearch) {
  ts::Home home;
  codex::Client c(ts::options(home));
  codex::ExecResult r = c.command_exec({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.stdout_text, "out\n");
  EXPECT_EQ(r.stderr_text, "err\n");
  EXPECT_THROW(c.command_exec({}), codex::InvalidArgumentError);

  codex::Process cat = c.spawn_process("cpp-cat", {"cat"});
  EXPECT_EQ(cat.id(), "cpp-cat");
  EXPECT_THROW(c.spawn_process("cpp-cat", {"cat"}), codex::InvalidArgumentError);  // id in use
  cat.write("hello cpp\n");
  std::optional<codex::OutputChunk> chunk = cat.next_output(std::chrono::seconds(20));
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->stream, codex::OutputStream::Stdout);
  EXPECT_EQ(chunk->data, "hello cpp\n");
  EXPECT_THROW(cat.wait(std::chrono::milliseconds(100)), codex::TimeoutError);
  cat.close_stdin();
  EXPECT_EQ(cat.wait(std::chrono::seconds(20)).exit_code, 0);
  EXPECT_FALSE(cat.next_output(std::chrono::seconds(1)));

  codex::Process sleeper = c.spawn_process("cpp-sleep", {"sleep", "30"});
  codex::Cancel cancel;
  cancel.trigger();
  EXPECT_THROW(sleeper.wait(std::chrono::seconds(10), cancel), codex::CancelledError);
  auto t0 = ts::Clock::now();
  sleeper.terminate();
  EXPECT_EQ(sleeper.wait(std::chrono::seconds(10)).exit_code, 137);
  std::printf("# terminate -> 137 in %lld ms\n", ts::ms_since(t0));
  EXPECT_THROW(sleeper.terminate(), codex::RpcError);

  std::string fixtures = ts::env("CODEX_TEST_FIXTURES");
  std::vector<codex::FileMatch> found = c.fuzzy_file_search("mcpserver", {fixtures});
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].path, "mcp_server.py");
  EXPECT_EQ(found[0].file_name, "mcp_server.py");
  EXPECT_EQ(found[0].root, fixtures);
  EXPECT_GT(found[0].score, 0u);
  EXPECT_FALSE(found[0].directory);
}

// The model calls an MCP tool during a turn: the real app-server reports an mcpToolCall item,
// read through the typed Item (server, tool, status, result). The mock's `calltool NS/NAME`
// calls tool NAME in namespace NS; the fixture's approval policy is "never", so the tool is
// pre-approved in its config.
TEST(Exec, McpToolCallItemIsTyped) {
  ts::Home home;
  std::string server = ts::env("CODEX_TEST_FIXTURES") + "/mcp_server.py";
  {
    std::ofstream f(home.path / "config.toml", std::ios::app);
    f << "\n[mcp_servers.testmcp]\ncommand = \"python3\"\nargs = [\"" << server << "\"]\n"
      << "\n[mcp_servers.testmcp.tools.echo]\napproval_mode = \"approve\"\n";
  }
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::TurnResult r = thread.run("calltool mcp__testmcp/echo");
  int found = 0;
  for (const codex::Item &it : r.items) {
    if (it.type != codex::ItemType::McpToolCall) continue;
    found++;
    EXPECT_EQ(it.mcp_server, "testmcp");
    EXPECT_EQ(it.tool, "echo");
    EXPECT_EQ(it.status, "completed");
    EXPECT_NE(it.mcp_result_json.find("echo: hi from the model"), std::string::npos) << it.mcp_result_json;
  }
  EXPECT_EQ(found, 1);
}

TEST(Exec, McpServers) {
  ts::Home home;
  std::string server = ts::env("CODEX_TEST_FIXTURES") + "/mcp_server.py";
  {
    std::ofstream f(home.path / "config.toml", std::ios::app);
    f << "\n[mcp_servers.testmcp]\ncommand = \"python3\"\nargs = [\"" << server << "\"]\n";
  }
  codex::Client c = ts::logged_in_client(home);
  codex::McpServerPage page = c.mcp_server_status();
  ASSERT_EQ(page.servers.size(), 1u);
  EXPECT_EQ(page.servers[0].name, "testmcp");
  EXPECT_EQ(page.servers[0].auth_status, "unsupported");
  EXPECT_EQ(page.servers[0].tools, (std::vector<std::string>{"echo", "fail"}));
  EXPECT_TRUE(page.last());
  c.mcp_reload();

  codex::Thread t = c.thread_start(
      "{\"config\":{\"mcp_servers.other\":{\"command\":\"python3\",\"args\":[\"" + server + "\"]}}}");
  codex::McpToolResult r = t.mcp_tool_call("testmcp", "echo", "{\"text\":\"hi from cpp\"}");
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text, "echo: hi from cpp");
  EXPECT_TRUE(ts::contains(r.content_json, "\"type\":\"text\""));
  r = t.mcp_tool_call("testmcp", "fail");
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(t.mcp_tool_call("other", "echo", "{\"text\":\"per thread\"}").text, "echo: per thread");
  EXPECT_THROW(t.mcp_tool_call("nosuch", "echo"), codex::RpcError);
  codex::McpServerPage tp = c.mcp_server_status(t.id());
  ASSERT_EQ(tp.servers.size(), 2u);
  EXPECT_EQ(tp.servers[0].runtime_status, "connected");
  std::vector<codex::McpResourceContent> res = c.mcp_resource_read("testmcp", "test://greeting", t.id());
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].text, "hello from mcp");
  EXPECT_EQ(res[0].mime_type, "text/plain");
}
