/* Typed items and events (issue 16) on the real app-server: a command execution's command,
 * cwd, status, exit code, output and duration; agent message, reasoning and user message text;
 * token usage from the TOKEN_USAGE event and from the turn result; thread status changes. No
 * JSON is parsed here: every value comes from a typed getter. Offline mock. */
#include "turns_support.h"

#include <sys/stat.h>

static void accept_all(void *user_data, codex_server_request *req) {
  (void)user_data;
  CHECK_OK(codex_server_request_respond(req, "{\"decision\":\"accept\"}", &err));
  codex_server_request_free(req);
}

/* Collected on the calling thread by codex_thread_run's on_event. */
typedef struct {
  int items_completed;
  int command_items;
  int token_events;
  long long last_cached; /* CODEX_TOKENS_LAST_CACHED_INPUT of the last usage event */
  char command[512];
  char command_status[32];
} seen;

static void on_event(void *user_data, const codex_event *ev) {
  seen *s = (seen *)user_data;
  if (codex_event_kind(ev) == CODEX_EVENT_ITEM_COMPLETED) {
    codex_item *it = NULL;
    CHECK_OK(codex_event_item(ev, &it, &err));
    s->items_completed++;
    if (codex_item_type(it) == CODEX_ITEM_COMMAND_EXECUTION) {
      s->command_items++;
      snprintf(s->command, sizeof s->command, "%s", codex_item_command(it));
      snprintf(s->command_status, sizeof s->command_status, "%s", codex_item_status(it));
    }
    codex_item_free(it);
  } else if (codex_event_kind(ev) == CODEX_EVENT_TOKEN_USAGE) {
    s->token_events++;
    s->last_cached = (long long)codex_event_token_usage(ev, CODEX_TOKENS_LAST_CACHED_INPUT);
  } else if (codex_event_kind(ev) != CODEX_EVENT_ITEM_STARTED) {
    /* Not an item event: no item, and the typed getters say "none". */
    codex_item *it = NULL;
    codex_error *e = NULL;
    CHECK(codex_event_item(ev, &it, &e) == CODEX_STATUS_INVALID_ARGUMENT && it == NULL);
    codex_error_free(e);
    CHECK(codex_event_token_usage(ev, CODEX_TOKENS_TOTAL) == -1);
  }
}

static void command_execution_is_typed(void) {
  codex_client *c = tt_client(NULL);
  CHECK_OK(codex_set_server_request_handler(c, accept_all, NULL, NULL, &err));
  char *cwd = tt_temp_dir("typed-cwd");
  char params[1024];
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"on-request\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"read-only\",\"cwd\":\"%s\"}", cwd);
  codex_thread *t = tt_thread(c, params);
  seen s;
  memset(&s, 0, sizeof s);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "please approve this command", NULL, on_event, &s, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);

  /* From the streamed item/completed events. */
  CHECK(s.command_items == 1);
  CHECK_CONTAINS(s.command, "echo approved > approved.txt");
  CHECK_STREQ(s.command_status, "completed");

  /* From the turn result: the same items, in order. */
  size_t n = codex_turn_result_item_count(r);
  printf("  turn items: %zu (streamed item/completed: %d)\n", n, s.items_completed);
  CHECK((int)n == s.items_completed);
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    CHECK(codex_item_id(it) != NULL && *codex_item_id(it));
    CHECK(codex_item_json(it) != NULL && strstr(codex_item_json(it), codex_item_id(it)) != NULL);
    if (i == 0) {
      CHECK(codex_item_type(it) == CODEX_ITEM_USER_MESSAGE);
      CHECK_STREQ(codex_item_text(it), "please approve this command");
    }
    if (codex_item_type(it) == CODEX_ITEM_COMMAND_EXECUTION) {
      found++;
      CHECK_CONTAINS(codex_item_command(it), "echo approved > approved.txt");
      CHECK_STREQ(codex_item_cwd(it), cwd);
      CHECK_STREQ(codex_item_status(it), "completed");
      CHECK(codex_item_exit_code(it) == 0);
      /* echo into a file prints nothing: no aggregated output (NULL or empty). */
      CHECK(codex_item_aggregated_output(it) == NULL || !*codex_item_aggregated_output(it));
      CHECK(codex_item_duration_ms(it) >= 0);
      printf("  command %s in %s: %s, exit %lld, %lld ms\n", codex_item_command(it),
             codex_item_cwd(it), codex_item_status(it), (long long)codex_item_exit_code(it),
             (long long)codex_item_duration_ms(it));
      /* Getters of other types say "none". */
      CHECK(codex_item_text(it) == NULL);
      CHECK(codex_item_change_count(it) == 0 && codex_item_change_path(it, 0) == NULL);
      CHECK(codex_item_mcp_server(it) == NULL && codex_item_web_query(it) == NULL);
    }
    if (codex_item_type(it) == CODEX_ITEM_AGENT_MESSAGE) {
      CHECK(codex_item_text(it) != NULL);
      CHECK(codex_item_status(it) == NULL && codex_item_exit_code(it) == -1);
    }
    codex_item_free(it);
  }
  CHECK(found == 1);
  codex_item *none = NULL;
  codex_error *e = NULL;
  CHECK(codex_turn_result_item(r, n, &none, &e) == CODEX_STATUS_INVALID_ARGUMENT && !none);
  CHECK(e && strstr(codex_error_message(e), "out of range"));
  codex_error_free(e);

  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
}

static void text_items_and_token_usage(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  /* A first turn: the mock's `reasoning` reply (a reasoning item, then the answer). */
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "show your reasoning", NULL, NULL, NULL, &r, &err));
  long long first_total = (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_TOTAL);
  CHECK(first_total > 0);
  int reasoning = 0, agent = 0;
  for (size_t i = 0; i < codex_turn_result_item_count(r); i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_REASONING) {
      reasoning++;
      CHECK_CONTAINS(codex_item_text(it), "Thinking hard");
    }
    if (codex_item_type(it) == CODEX_ITEM_AGENT_MESSAGE) {
      agent++;
      CHECK_STREQ(codex_item_text(it), codex_turn_result_final_response(r));
    }
    codex_item_free(it);
  }
  CHECK(reasoning == 1);
  CHECK(agent == 1);
  codex_turn_result_free(r);

  /* A second turn on the same thread: the mock's `usage` reply, input 100 (40 cached), output
   * 20 (7 reasoning), total 120 for this call; the thread's totals include the first turn. */
  seen s;
  memset(&s, 0, sizeof s);
  CHECK_OK(codex_thread_run(t, "usage please", NULL, on_event, &s, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK(s.token_events >= 1);
  CHECK(s.last_cached == 40);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_LAST_INPUT) == 100);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_LAST_CACHED_INPUT) == 40);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_LAST_OUTPUT) == 20);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_LAST_REASONING_OUTPUT) == 7);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_LAST_TOTAL) == 120);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_TOTAL) == 120 + first_total);
  CHECK(codex_turn_result_token_usage(r, CODEX_TOKENS_CACHED_INPUT) >= 40);
  CHECK(codex_turn_result_token_usage(r, 999) == -1);
  printf("  tokens: input %lld (cached %lld), output %lld (reasoning %lld), total %lld, "
         "context window %lld\n",
         (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_INPUT),
         (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_CACHED_INPUT),
         (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_OUTPUT),
         (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_REASONING_OUTPUT),
         (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_TOTAL),
         (long long)codex_turn_result_token_usage(r, CODEX_TOKENS_CONTEXT_WINDOW));
  codex_turn_result_free(r);

  /* thread/status/changed is no turn's event: it waits in the notification queue. */
  int active = 0, idle = 0;
  codex_event *ev = NULL;
  while (codex_next_notification(c, 500, &ev, NULL) == CODEX_STATUS_OK) {
    if (strcmp(codex_event_method(ev), "thread/status/changed") == 0) {
      codex_thread_status_t st = codex_event_thread_status(ev);
      active += st == CODEX_THREAD_STATUS_ACTIVE;
      idle += st == CODEX_THREAD_STATUS_IDLE;
    } else {
      CHECK(codex_event_thread_status(ev) == CODEX_THREAD_STATUS_OTHER);
    }
    CHECK(codex_event_rate_limit(ev, CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT) == -1 ||
          strcmp(codex_event_method(ev), "account/rateLimits/updated") == 0);
    codex_event_free(ev);
    ev = NULL;
  }
  printf("  thread/status/changed: %d active, %d idle\n", active, idle);
  CHECK(active >= 1);
  CHECK(idle >= 1);
  codex_thread_free(t);
  codex_free(c);
}

/* The mock's `websearch` reply: a web_search_call, which the server reports as a webSearch item. */
static void web_search_item_is_typed(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = tt_run(t, "do a websearch please", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  int found = 0;
  for (size_t i = 0; i < codex_turn_result_item_count(r); i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_WEB_SEARCH) {
      found++;
      CHECK_STREQ(codex_item_web_query(it), "codex ffi typed items");
      CHECK(codex_item_command(it) == NULL && codex_item_status(it) == NULL);
    } else {
      CHECK(codex_item_web_query(it) == NULL);
    }
    codex_item_free(it);
  }
  CHECK(found == 1);
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(web_search_item_is_typed);
  RUN_TEST(command_execution_is_typed);
  RUN_TEST(text_items_and_token_usage);
  return ts_finish();
}
