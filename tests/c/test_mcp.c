/* MCP servers through the C ABI on the real app-server, offline: the project's own stdio MCP
 * server (tests/fixtures/mcp_server.py) set in [mcp_servers.testmcp] of a fresh CODEX_HOME, and
 * a second one set for one thread only through thread/start's config override. Status list
 * (typed name, auth and runtime status, tool names; paged), reload, tool call (text, content
 * JSON, isError), resource read, and the errors of an unknown server. */
#include "turns_support.h"

static char g_server[512];

static char *home_with_mcp(void) {
  char *home = ts_fresh_home();
  char path[600];
  snprintf(path, sizeof path, "%s/config.toml", home);
  FILE *f = fopen(path, "ab");
  if (!f) TS_FAIL("cannot append to %s", path);
  fprintf(f, "\n[mcp_servers.testmcp]\ncommand = \"python3\"\nargs = [\"%s\"]\n", g_server);
  fclose(f);
  return home;
}

static void status_reload_call_read(void) {
  char *home = home_with_mcp();
  codex_client *c = tt_client(home);

  codex_mcp_servers *s = NULL;
  CHECK_OK(codex_mcp_server_status(c, NULL, NULL, 0, &s, &err));
  CHECK(codex_mcp_servers_count(s) == 1);
  CHECK(strcmp(codex_mcp_servers_name(s, 0), "testmcp") == 0);
  CHECK(strcmp(codex_mcp_servers_auth_status(s, 0), "unsupported") == 0);
  CHECK(codex_mcp_servers_runtime_status(s, 0) == NULL); /* not a thread's list */
  CHECK(codex_mcp_servers_tool_count(s, 0) == 2);
  CHECK(strcmp(codex_mcp_servers_tool_name(s, 0, 0), "echo") == 0);
  CHECK(strcmp(codex_mcp_servers_tool_name(s, 0, 1), "fail") == 0);
  CHECK(codex_mcp_servers_tool_name(s, 0, 2) == NULL);
  CHECK(codex_mcp_servers_tools_error(s, 0) == NULL);
  CHECK(codex_mcp_servers_next_cursor(s) == NULL);
  CHECK_CONTAINS(codex_mcp_servers_json(s), "codex-ffi-test-mcp");
  codex_mcp_servers_free(s);

  CHECK_OK(codex_mcp_reload(c, &err));

  codex_thread *t = tt_thread(c, NULL);
  codex_mcp_tool_result *r = NULL;
  CHECK_OK(codex_mcp_tool_call(t, "testmcp", "echo", "{\"text\":\"hi from c\"}", &r, &err));
  CHECK(!codex_mcp_tool_result_is_error(r));
  CHECK(strcmp(codex_mcp_tool_result_text(r), "echo: hi from c") == 0);
  CHECK_CONTAINS(codex_mcp_tool_result_content_json(r), "\"type\":\"text\"");
  CHECK(codex_mcp_tool_result_structured_json(r) == NULL);
  codex_mcp_tool_result_free(r);
  CHECK_OK(codex_mcp_tool_call(t, "testmcp", "fail", NULL, &r, &err));
  CHECK(codex_mcp_tool_result_is_error(r));
  CHECK(strcmp(codex_mcp_tool_result_text(r), "tool failed") == 0);
  codex_mcp_tool_result_free(r);
  CHECK_STATUS(CODEX_STATUS_RPC, codex_mcp_tool_call(t, "nosuch", "echo", NULL, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_mcp_tool_call(t, "testmcp", "echo", "[1]", &r, &ts_err_));

  codex_mcp_resource *res = NULL;
  CHECK_OK(codex_mcp_resource_read(c, codex_thread_id(t), "testmcp", "test://greeting", &res, &err));
  CHECK(codex_mcp_resource_count(res) == 1);
  CHECK(strcmp(codex_mcp_resource_uri(res, 0), "test://greeting") == 0);
  CHECK(strcmp(codex_mcp_resource_mime_type(res, 0), "text/plain") == 0);
  CHECK(strcmp(codex_mcp_resource_text(res, 0), "hello from mcp") == 0);
  CHECK(codex_mcp_resource_blob(res, 0) == NULL);
  codex_mcp_resource_free(res);
  CHECK_OK(codex_mcp_resource_read(c, NULL, "testmcp", "test://greeting", &res, &err));
  CHECK(strcmp(codex_mcp_resource_text(res, 0), "hello from mcp") == 0);
  codex_mcp_resource_free(res);

  codex_thread_free(t);
  codex_free(c);
  free(home);
}

static void per_thread_servers(void) {
  char *home = home_with_mcp();
  codex_client *c = tt_client(home);
  char params[1024];
  snprintf(params, sizeof params,
           "{\"config\":{\"mcp_servers.other\":{\"command\":\"python3\",\"args\":[\"%s\"]}}}",
           g_server);
  codex_thread *mine = tt_thread(c, params);
  codex_thread *plain = tt_thread(c, NULL);

  /* The thread's list has both servers, connected; one per page with limit 1. */
  codex_mcp_servers *p1 = NULL, *p2 = NULL;
  CHECK_OK(codex_mcp_server_status(c, codex_thread_id(mine), NULL, 1, &p1, &err));
  CHECK(codex_mcp_servers_count(p1) == 1);
  CHECK(codex_mcp_servers_next_cursor(p1) != NULL);
  CHECK_OK(codex_mcp_server_status(c, codex_thread_id(mine), codex_mcp_servers_next_cursor(p1), 1,
                                   &p2, &err));
  CHECK(codex_mcp_servers_count(p2) == 1);
  CHECK(codex_mcp_servers_next_cursor(p2) == NULL);
  const char *a = codex_mcp_servers_name(p1, 0), *b = codex_mcp_servers_name(p2, 0);
  CHECK((strcmp(a, "other") == 0 && strcmp(b, "testmcp") == 0) ||
        (strcmp(a, "testmcp") == 0 && strcmp(b, "other") == 0));
  CHECK(strcmp(codex_mcp_servers_runtime_status(p1, 0), "connected") == 0);
  codex_mcp_servers_free(p1);
  codex_mcp_servers_free(p2);

  codex_mcp_tool_result *r = NULL;
  CHECK_OK(codex_mcp_tool_call(mine, "other", "echo", "{\"text\":\"per thread\"}", &r, &err));
  CHECK(strcmp(codex_mcp_tool_result_text(r), "echo: per thread") == 0);
  codex_mcp_tool_result_free(r);
  /* Another thread does not have it. */
  CHECK_STATUS(CODEX_STATUS_RPC, codex_mcp_tool_call(plain, "other", "echo", NULL, &r, &ts_err_));
  codex_thread_free(mine);
  codex_thread_free(plain);
  codex_free(c);
  free(home);
}

/* The model calls an MCP tool during a turn: the real app-server reports an mcpToolCall item,
 * read through the typed getters (server, tool, status, result). The mock's `calltool NAME`
 * NS/NAME reply calls tool NAME in namespace NS (Codex offers MCP tools as namespace
 * mcp__<server>) with {"text":"hi from the model"}. */
static void mcp_tool_call_item_is_typed(void) {
  char *home = home_with_mcp();
  /* The fixture's approval policy is "never", under which every MCP tool call fails ("MCP tool
   * call requires approval, but approval policy is never"): pre-approve this server's tools. */
  char path[600];
  snprintf(path, sizeof path, "%s/config.toml", home);
  FILE *f = fopen(path, "ab");
  if (!f) TS_FAIL("cannot append to %s", path);
  fprintf(f, "\n[mcp_servers.testmcp.tools.echo]\napproval_mode = \"approve\"\n");
  fclose(f);
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "calltool mcp__testmcp/echo", NULL, NULL, NULL, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  size_t n = codex_turn_result_item_count(r);
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_MCP_TOOL_CALL) {
      found++;
      CHECK_STREQ(codex_item_mcp_server(it), "testmcp");
      CHECK_STREQ(codex_item_tool(it), "echo");
      CHECK_STREQ(codex_item_status(it), "completed");
      /* echo answers "echo: " + arguments.text. */
      CHECK_CONTAINS(codex_item_mcp_result_json(it), "echo: hi from the model");
      CHECK(codex_item_command(it) == NULL && codex_item_web_query(it) == NULL);
      printf("  mcp tool call %s/%s: %s, result %s\n", codex_item_mcp_server(it), codex_item_tool(it),
             codex_item_status(it), codex_item_mcp_result_json(it));
    }
    codex_item_free(it);
  }
  CHECK(found == 1);
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  free(home);
}

int main(void) {
  snprintf(g_server, sizeof g_server, "%s/mcp_server.py", ts_env("CODEX_TEST_FIXTURES"));
  RUN_TEST(status_reload_call_read);
  RUN_TEST(per_thread_servers);
  RUN_TEST(mcp_tool_call_item_is_typed);
  return ts_finish();
}
