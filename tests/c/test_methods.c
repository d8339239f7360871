/* Review, goals, account limits and dynamic tools through the C ABI on the real app-server
 * (issue 17 items 1, 3, 7, 8): a review's turn handle (custom instructions; uncommitted changes
 * in a git work tree; detached refused by 0.163), a goal set / read / stopped by its token
 * budget / cleared, rate limits and token usage after a ChatGPT device-code login (refused
 * before it), and a dynamic tool the mock model calls, answered by the server-request handler. */
#include "turns_support.h"

#include <sys/stat.h>

/* Runs a shell command; it must succeed. */
static void sh(const char *cmd) {
  int rc = system(cmd);
  if (rc != 0) TS_FAIL("`%s` failed (%d)", cmd, rc);
}

static int result_has_item(const codex_turn_result *r, const char *needle) {
  const char *items = codex_turn_result_items_json(r);
  return items && strstr(items, needle) != NULL;
}

static void review_custom_and_uncommitted(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  /* A git work tree with one committed file and an uncommitted change. */
  char repo[600], cmd[1400];
  snprintf(repo, sizeof repo, "%s/repo", home);
  snprintf(cmd, sizeof cmd,
           "mkdir -p %s && cd %s && git init -q && git config user.email t@e && "
           "git config user.name t && echo one > a.txt && git add a.txt && "
           "git commit -qm first && echo two >> a.txt",
           repo, repo);
  sh(cmd);
  char params[800];
  snprintf(params, sizeof params, "{\"cwd\":\"%s\"}", repo);
  codex_thread *t = tt_thread(c, params);

  /* Custom instructions: the review is the thread's turn, on this very handle type. */
  codex_turn *turn = NULL;
  double t0 = ts_now_ms();
  CHECK_OK(codex_thread_review(t, CODEX_REVIEW_TARGET_CUSTOM, "review the haiku module", CODEX_REVIEW_DELIVERY_INLINE, &turn, &err));
  CHECK(turn != NULL);
  CHECK_STREQ(codex_turn_thread_id(turn), codex_thread_id(t));
  CHECK(strlen(codex_turn_id(turn)) > 0);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 30000, &r, &err));
  printf("  custom review: %.0f ms, final response \"%s\"\n", ts_now_ms() - t0,
         codex_turn_result_final_response(r) ? codex_turn_result_final_response(r) : "(null)");
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_id(r), codex_turn_id(turn));
  char review_id[128];
  snprintf(review_id, sizeof review_id, "%s", codex_turn_id(turn));
  CHECK_CONTAINS(codex_turn_result_final_response(r), "review the haiku module");
  CHECK(result_has_item(r, "exitedReviewMode"));
  codex_turn_result_free(r);
  codex_turn_free(turn);

  /* Uncommitted changes in the git work tree. */
  CHECK_OK(codex_thread_review(t, CODEX_REVIEW_TARGET_UNCOMMITTED_CHANGES, NULL, CODEX_REVIEW_DELIVERY_INLINE, &turn, &err));
  CHECK_OK(codex_turn_wait(turn, 30000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK(result_has_item(r, "enteredReviewMode"));
  /* The server's review prompt for the work tree reached the model. */
  CHECK_CONTAINS(codex_turn_result_final_response(r), "Review the current code changes");
  codex_turn_result_free(r);
  codex_turn_free(turn);

  /* In the thread's history each review is two turns: the review's own and the one that ran
   * it (its rootTurnId is the review's). */
  codex_page *page = NULL;
  CHECK_OK(codex_thread_turns(t, NULL, 0, &page, &err));
  CHECK(codex_page_count(page) == 4);
  int mentions = 0;
  for (size_t i = 0; i < codex_page_count(page); i++) mentions += ts_count(codex_page_item_json(page, i), review_id);
  CHECK(mentions == 3); /* id and rootTurnId of the review's turn, rootTurnId of its inner turn */
  codex_page_free(page);

  /* Detached delivery: refused by 0.163 on its own (paginated) threads. */
  codex_error *e = NULL;
  codex_status st = codex_thread_review(t, CODEX_REVIEW_TARGET_UNCOMMITTED_CHANGES, NULL, CODEX_REVIEW_DELIVERY_DETACHED, &turn, &e);
  CHECK(st == CODEX_STATUS_RPC);
  CHECK(codex_error_rpc_code(e) == -32600);
  /* 0.171 removed it: "unknown variant `detached`". */
  const char *version = getenv("CODEX_TEST_SERVER_VERSION");
  CHECK_CONTAINS(codex_error_message(e), version && strncmp(version, "0.163", 5) == 0
                                             ? "paginated threads do not support detached review"
                                             : "detached");
  codex_error_free(e);

  /* Targets that need a value, unknown enums. */
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_review(t, CODEX_REVIEW_TARGET_BASE_BRANCH, NULL, 0, &turn, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_review(t, CODEX_REVIEW_TARGET_COMMIT, "  ", 0, &turn, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_review(t, 9, "x", 0, &turn, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_review(t, CODEX_REVIEW_TARGET_CUSTOM, "x", 7, &turn, &ts_err_));
  codex_thread_free(t);
  codex_free(c);
  snprintf(cmd, sizeof cmd, "rm -rf %s", repo);
  sh(cmd);
  free(home);
}

static void goal_budget_stops_it(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);

  codex_goal *g = NULL;
  CHECK_OK(codex_thread_goal_get(t, &g, &err));
  CHECK(g == NULL); /* no goal yet */

  /* The mock never completes a goal: the budget stops it. */
  double t0 = ts_now_ms();
  CHECK_OK(codex_thread_goal_set(t, "write a haiku about ffi", 30, CODEX_GOAL_STATUS_OTHER, &g, &err));
  CHECK_STREQ(codex_goal_objective(g), "write a haiku about ffi");
  CHECK_STREQ(codex_goal_thread_id(g), codex_thread_id(t));
  CHECK(codex_goal_status(g) == CODEX_GOAL_STATUS_ACTIVE);
  CHECK(codex_goal_token_budget(g) == 30);
  CHECK(codex_goal_tokens_used(g) == 0);
  codex_goal_free(g);

  codex_goal_status_t status = CODEX_GOAL_STATUS_ACTIVE;
  int64_t used = 0;
  while (ts_now_ms() - t0 < 30000) {
    g = NULL;
    CHECK_OK(codex_thread_goal_get(t, &g, &err));
    CHECK(g != NULL);
    status = codex_goal_status(g);
    used = codex_goal_tokens_used(g);
    codex_goal_free(g);
    if (status != CODEX_GOAL_STATUS_ACTIVE) break;
    ts_sleep_ms(50);
  }
  double took = ts_now_ms() - t0;
  CHECK(status == CODEX_GOAL_STATUS_BUDGET_LIMITED);
  CHECK(used >= 30);
  /* The turns the goal drove are in the thread's history (wait for the last to be stored). */
  size_t turns = 0;
  for (int i = 0; i < 100; i++) {
    codex_page *page = NULL;
    CHECK_OK(codex_thread_turns(t, NULL, 0, &page, &err));
    turns = codex_page_count(page);
    int running = 0;
    for (size_t k = 0; k < turns; k++) running |= strstr(codex_page_item_json(page, k), "\"inProgress\"") != NULL;
    codex_page_free(page);
    if (!running) break;
    ts_sleep_ms(50);
  }
  printf("  goal: budgetLimited after %.0f ms, %lld tokens, %zu turns\n", took, (long long)used, turns);
  CHECK(turns >= 1 && turns <= 10);

  /* Invalid values are refused before anything is sent. */
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_goal_set(t, NULL, -1, 42, &g, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_goal_set(t, " ", -1, 0, &g, &ts_err_));

  bool cleared = false;
  CHECK_OK(codex_thread_goal_clear(t, &cleared, &err));
  CHECK(cleared);
  g = NULL;
  CHECK_OK(codex_thread_goal_get(t, &g, &err));
  CHECK(g == NULL);
  CHECK_OK(codex_thread_goal_clear(t, &cleared, &err));
  CHECK(!cleared);

  /* A goal set paused runs no turn; no budget means -1. */
  CHECK_OK(codex_thread_goal_set(t, "a paused goal", -1, CODEX_GOAL_STATUS_PAUSED, &g, &err));
  CHECK(codex_goal_status(g) == CODEX_GOAL_STATUS_PAUSED);
  CHECK(codex_goal_token_budget(g) == -1);
  CHECK_CONTAINS(codex_goal_json(g), "\"paused\"");
  codex_goal_free(g);
  ts_sleep_ms(300);
  CHECK_OK(codex_thread_goal_get(t, &g, &err));
  CHECK(codex_goal_status(g) == CODEX_GOAL_STATUS_PAUSED);
  CHECK(codex_goal_tokens_used(g) == 0);
  CHECK_STREQ(codex_goal_objective(g), "a paused goal");
  codex_goal_free(g);
  CHECK_OK(codex_thread_goal_clear(t, NULL, &err));
  codex_thread_free(t);
  codex_free(c);
  free(home);
}

static void limits_need_chatgpt_login(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home); /* an API-key login */
  codex_rate_limits *rl = NULL;
  codex_error *e = NULL;
  CHECK(codex_account_rate_limits(c, &rl, &e) == CODEX_STATUS_RPC);
  CHECK(rl == NULL);
  CHECK(codex_error_rpc_code(e) == -32600);
  CHECK_CONTAINS(codex_error_message(e), "chatgpt authentication required");
  codex_error_free(e);
  e = NULL;
  codex_account_usage *u = NULL;
  CHECK(codex_account_usage_read(c, NULL, &u, &e) == CODEX_STATUS_RPC);
  CHECK(codex_error_rpc_code(e) == -32600);
  codex_error_free(e);

  /* Log in with ChatGPT through the mock issuer (device code: no callback port). */
  codex_login *l = NULL;
  CHECK_OK(codex_login_chatgpt_device_code(c, &l, &err));
  codex_login_result *lr = NULL;
  CHECK_OK(codex_login_wait(l, 30000, &lr, &err));
  CHECK(codex_login_result_success(lr));
  codex_login_result_free(lr);
  codex_login_free(l);

  CHECK_OK(codex_account_rate_limits(c, &rl, &err));
  /* The mock backend's wham/usage: 42 % of 300 min, 7 % of a week. */
  CHECK(codex_rate_limits_get(rl, CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT) == 42);
  CHECK(codex_rate_limits_get(rl, CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS) == 300);
  CHECK(codex_rate_limits_get(rl, CODEX_RATE_LIMIT_PRIMARY_RESETS_AT) == 1800000000);
  CHECK(codex_rate_limits_get(rl, CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT) == 7);
  CHECK(codex_rate_limits_get(rl, CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS) == 10080);
  CHECK(codex_rate_limits_get(rl, 99) == -1);
  CHECK_STREQ(codex_rate_limits_plan_type(rl), "plus");
  CHECK_CONTAINS(codex_rate_limits_json(rl), "rateLimitsByLimitId");
  codex_rate_limits_free(rl);

  CHECK_OK(codex_account_usage_read(c, NULL, &u, &err));
  CHECK(codex_account_usage_get(u, CODEX_USAGE_LIFETIME_TOKENS) == 123456);
  CHECK(codex_account_usage_get(u, CODEX_USAGE_PEAK_DAILY_TOKENS) == 9000);
  CHECK(codex_account_usage_get(u, CODEX_USAGE_LONGEST_RUNNING_TURN_SEC) == 75);
  CHECK(codex_account_usage_get(u, CODEX_USAGE_CURRENT_STREAK_DAYS) == 3);
  CHECK(codex_account_usage_get(u, CODEX_USAGE_LONGEST_STREAK_DAYS) == 12);
  CHECK(codex_account_usage_get(u, 77) == -1);
  CHECK(codex_account_usage_day_count(u) == 2);
  CHECK_STREQ(codex_account_usage_day_date(u, 1), "2026-12-01");
  CHECK(codex_account_usage_day_tokens(u, 1) == 2345);
  CHECK(codex_account_usage_day_date(u, 2) == NULL);
  CHECK(codex_account_usage_day_tokens(u, 2) == -1);
  codex_account_usage_free(u);
  CHECK_OK(codex_logout(c, &err));
  codex_free(c);
  free(home);
}

/* What the tool handler saw (it runs on the delivery thread). */
typedef struct {
  pthread_mutex_t mu;
  int calls, others;
  char tool[64], args[256], call_id[64], thread_id[128];
} tool_seen;

static void on_tool_call(void *user_data, codex_server_request *req) {
  tool_seen *s = (tool_seen *)user_data;
  pthread_mutex_lock(&s->mu);
  if (codex_server_request_kind(req) != CODEX_REQUEST_DYNAMIC_TOOL_CALL) {
    s->others++;
    pthread_mutex_unlock(&s->mu);
    codex_server_request_free(req); /* the safe default */
    return;
  }
  s->calls++;
  snprintf(s->tool, sizeof s->tool, "%s", codex_server_request_tool_name(req));
  snprintf(s->args, sizeof s->args, "%s", codex_server_request_tool_arguments(req));
  snprintf(s->call_id, sizeof s->call_id, "%s", codex_server_request_call_id(req));
  snprintf(s->thread_id, sizeof s->thread_id, "%s", codex_server_request_thread_id(req));
  pthread_mutex_unlock(&s->mu);
  codex_error *e = NULL;
  if (codex_server_request_add_tool_content(req, CODEX_TOOL_CONTENT_TEXT, "sunny, 21 C in Paris", &e) != CODEX_STATUS_OK ||
      codex_server_request_add_tool_content(req, 9, "x", &e) != CODEX_STATUS_INVALID_ARGUMENT)
    s->others += 100;
  codex_error_free(e);
  e = NULL;
  if (codex_server_request_answer(req, CODEX_DECISION_ACCEPT, &e) != CODEX_STATUS_OK) s->others += 1000;
  codex_error_free(e);
  codex_server_request_free(req);
}

static void dynamic_tool_called_and_answered(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  tool_seen s;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mu, NULL);
  CHECK_OK(codex_set_server_request_handler(c, on_tool_call, &s, NULL, &err));

  codex_dynamic_tool tools[2] = {
      {"lookup_weather", "The weather in a city",
       "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"},
      {"roll_dice", "Rolls a die", "{\"type\":\"object\",\"properties\":{}}"},
  };
  codex_thread *t = NULL;
  CHECK_OK(codex_thread_start_with_tools(c, NULL, tools, 2, &t, &err));
  codex_turn_result *r = tt_run(t, "calltool lookup_weather please", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  pthread_mutex_lock(&s.mu);
  printf("  tool call: %s(%s) id %s\n", s.tool, s.args, s.call_id);
  CHECK(s.calls == 1 && s.others == 0);
  CHECK_STREQ(s.tool, "lookup_weather");
  CHECK_CONTAINS(s.args, "\"city\":\"Paris\"");
  CHECK(strlen(s.call_id) > 0);
  CHECK_STREQ(s.thread_id, codex_thread_id(t));
  pthread_mutex_unlock(&s.mu);
  /* The model saw the answer; the item records it. */
  CHECK_STREQ(codex_turn_result_final_response(r), "tool said: sunny, 21 C in Paris");
  int found = 0;
  for (size_t i = 0; i < codex_turn_result_item_count(r); i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_DYNAMIC_TOOL_CALL) {
      found = 1;
      CHECK_CONTAINS(codex_item_json(it), "\"success\":true");
    }
    codex_item_free(it);
  }
  CHECK(found);
  codex_turn_result_free(r);
  codex_thread_free(t);

  /* Without a handler the safe default fails the call and the turn goes on. */
  CHECK_OK(codex_set_server_request_handler(c, NULL, NULL, NULL, &err));
  CHECK_OK(codex_thread_start_with_tools(c, "{}", tools, 1, &t, &err));
  r = tt_run(t, "calltool lookup_weather again", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_items_json(r), "\"success\":false");
  codex_turn_result_free(r);
  codex_thread_free(t);

  /* Misuse: no tools, a bad name, a duplicate, a schema that is not an object. */
  codex_dynamic_tool bad_name = {"has space", "d", "{}"};
  codex_dynamic_tool bad_schema = {"ok", "d", "[1]"};
  codex_dynamic_tool dup[2] = {{"a", "d", "{}"}, {"a", "d", "{}"}};
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_start_with_tools(c, NULL, tools, 0, &t, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_start_with_tools(c, NULL, NULL, 1, &t, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_start_with_tools(c, NULL, &bad_name, 1, &t, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_start_with_tools(c, NULL, &bad_schema, 1, &t, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_start_with_tools(c, NULL, dup, 2, &t, &ts_err_));
  codex_free(c);
  pthread_mutex_destroy(&s.mu);
  free(home);
}

/* The turns a goal drives arrive on the thread's stream (the library did not start them), and a
 * host can attach to one: its events replay and its completion arrives. */
static void goal_turns_arrive_on_the_thread_stream(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);
  codex_thread_stream *s = NULL;
  CHECK_OK(codex_thread_stream_open(c, codex_thread_id(t), &s, &err));
  codex_goal *g = NULL;
  CHECK_OK(codex_thread_goal_set(t, "write a haiku about streams", 30, CODEX_GOAL_STATUS_OTHER, &g, &err));
  codex_goal_free(g);

  char first[128] = "", open_turn[128] = "";
  int started = 0, completed = 0, in_order = 1;
  double t0 = ts_now_ms();
  while (completed < 2 && ts_now_ms() - t0 < 20000) {
    codex_event *ev = NULL;
    codex_error *e = NULL;
    codex_status st = codex_thread_stream_next_event(s, 2000, &ev, &e);
    codex_error_free(e);
    if (st == CODEX_STATUS_TIMEOUT) break;
    CHECK(st == CODEX_STATUS_OK);
    const char *turn_id = codex_event_turn_id(ev);
    if (codex_event_kind(ev) == CODEX_EVENT_TURN_STARTED && turn_id) {
      if (open_turn[0]) in_order = 0; /* a turn started before the previous one completed */
      snprintf(open_turn, sizeof open_turn, "%s", turn_id);
      if (!first[0]) snprintf(first, sizeof first, "%s", turn_id);
      started++;
    } else if (codex_event_kind(ev) == CODEX_EVENT_TURN_COMPLETED && turn_id) {
      if (strcmp(turn_id, open_turn) != 0) in_order = 0;
      open_turn[0] = '\0';
      completed++;
    }
    codex_event_free(ev);
  }
  printf("  goal turns on the stream: %d started, %d completed in %.0f ms\n", started, completed,
         ts_now_ms() - t0);
  CHECK(started >= 2 && completed >= 2);
  CHECK(in_order);

  /* Attach to the first goal turn after it ended: the whole turn replays, and its result. */
  codex_turn *turn = NULL;
  CHECK_OK(codex_turn_attach(c, codex_thread_id(t), first, &turn, &err));
  CHECK_STREQ(codex_turn_id(turn), first);
  codex_event *ev = NULL;
  CHECK_OK(codex_turn_next_event(turn, 5000, &ev, &err));
  CHECK(codex_event_kind(ev) == CODEX_EVENT_TURN_STARTED);
  codex_event_free(ev);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 5000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED || codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  codex_turn_result_free(r);
  codex_turn_free(turn);
  codex_thread_stream_free(s);
  CHECK_OK(codex_thread_goal_clear(t, NULL, &err));
  codex_thread_free(t);
  codex_free(c);
  free(home);
}

int main(void) {
  RUN_TEST(review_custom_and_uncommitted);
  RUN_TEST(goal_budget_stops_it);
  RUN_TEST(goal_turns_arrive_on_the_thread_stream);
  RUN_TEST(limits_need_chatgpt_login);
  RUN_TEST(dynamic_tool_called_and_answered);
  return ts_finish();
}
