/* One turn with codex_thread_run: final response, items, usage, phases, failed turns, output
 * schemas, and multi-turn context. Real app-server against the offline mock model. */
#include "turns_support.h"

static void run_one_turn(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);

  codex_turn_result *r = tt_run(t, "hello from the turns test", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: hello from the turns test");
  CHECK(codex_turn_result_error(r) == NULL);
  CHECK_STREQ(codex_turn_result_thread_id(r), codex_thread_id(t));
  CHECK(codex_turn_result_id(r) != NULL && strlen(codex_turn_result_id(r)) > 0);

  /* Items: every item/completed of the turn, the user's message included. */
  const char *items = codex_turn_result_items_json(r);
  CHECK(items != NULL && items[0] == '[');
  CHECK_CONTAINS(items, "\"type\":\"userMessage\"");
  CHECK_CONTAINS(items, "hello from the turns test");
  CHECK_CONTAINS(items, "\"type\":\"agentMessage\"");
  CHECK_CONTAINS(items, "You said: hello from the turns test");
  CHECK(strstr(items, "userMessage") < strstr(items, "agentMessage"));

  /* Usage: the last thread/tokenUsage/updated of the turn (mock: 10 in, 3 out). */
  const char *usage = codex_turn_result_usage_json(r);
  CHECK(usage != NULL);
  CHECK_CONTAINS(usage, "\"total\"");
  CHECK_CONTAINS(usage, "\"last\"");
  CHECK_CONTAINS(usage, "\"outputTokens\":3");

  CHECK(codex_turn_result_started_at(r) > 0);
  CHECK(codex_turn_result_completed_at(r) >= codex_turn_result_started_at(r));
  CHECK(codex_turn_result_elapsed_ms(r) >= 0);
  CHECK(!codex_turn_result_watchdog_fired(r));
  codex_turn_result_free(r);

  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(home);
  free(home);
}

/* Events reach the call-scoped callback on the caller's thread, and all of them before the
 * call returns (turn/completed included). */
static void run_with_event_callback(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  tt_rec rec;
  tt_rec_init(&rec);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "callback check", NULL, tt_rec_event, &rec, &r, &err));
  CHECK(rec.n_completed == 1);
  CHECK_CONTAINS(tt_buf_str(&rec.methods), "turn/started\n");
  CHECK_CONTAINS(tt_buf_str(&rec.methods), "item/completed\n");
  CHECK_STREQ(tt_buf_str(&rec.deltas), codex_turn_result_final_response(r));
  /* turn/completed is the last event of the turn. */
  const char *m = tt_buf_str(&rec.methods);
  size_t n = strlen(m);
  CHECK(n > 15 && strcmp(m + n - 15, "turn/completed\n") == 0);
  codex_turn_result_free(r);
  tt_rec_destroy(&rec);
  codex_thread_free(t);
  codex_free(c);
}

/* "phases": a commentary message, then the final_answer one. The final response is the latter. */
static void final_answer_phase_wins(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = tt_run(t, "show phases please", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "FINAL ANSWER");
  /* Both messages are items; the commentary just is not the final response. */
  CHECK_CONTAINS(codex_turn_result_items_json(r), "Working on it.");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

/* A failed model response is not an error of the call: OK, status FAILED, the server's message. */
static void failed_turn_is_ok_with_status_failed(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  CHECK(codex_thread_run(t, "please fail now", NULL, NULL, NULL, &r, &err) == CODEX_STATUS_OK);
  CHECK(err == NULL);
  CHECK(r != NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_FAILED);
  CHECK_CONTAINS(codex_turn_result_error(r), "boom upstream");
  CHECK_CONTAINS(codex_turn_result_error_json(r), "boom upstream");
  CHECK(codex_turn_result_final_response(r) == NULL);
  codex_turn_result_free(r);

  /* The thread is still usable after a failed turn. */
  r = tt_run(t, "after the failure", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: after the failure");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

/* outputSchema in the turn params reaches the model request body. */
static void output_schema_reaches_the_model(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  const char *params =
      "{\"outputSchema\":{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\","
      "\"description\":\"marker-schema-7f3a\"}},\"required\":[\"answer\"],"
      "\"additionalProperties\":false}}";
  codex_turn_result *r = tt_run(t, "answer with the schema", params);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "{\"answer\":\"42\"}");
  codex_turn_result_free(r);

  char *req = tt_last_model_request_with("answer with the schema");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "marker-schema-7f3a");
  CHECK_CONTAINS(req, "\"json_schema\"");
  free(req);
  codex_thread_free(t);
  codex_free(c);
}

/* The second turn's model request carries the first exchange: the thread keeps its context. */
static void multi_turn_keeps_context(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *first = tt_run(t, "first message kiwi-31", NULL);
  CHECK_STREQ(codex_turn_result_final_response(first), "You said: first message kiwi-31");
  codex_turn_result *second = tt_run(t, "second message mango-77", NULL);
  CHECK_STREQ(codex_turn_result_final_response(second), "You said: second message mango-77");
  CHECK(strcmp(codex_turn_result_id(first), codex_turn_result_id(second)) != 0);

  CHECK(tt_model_requests_with("second message mango-77") == 1);
  char *req = tt_last_model_request_with("second message mango-77");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "first message kiwi-31");
  CHECK_CONTAINS(req, "You said: first message kiwi-31");
  /* The first exchange comes before the second question. */
  CHECK(strstr(req, "first message kiwi-31") < strstr(req, "second message mango-77"));
  free(req);
  codex_turn_result_free(first);
  codex_turn_result_free(second);
  codex_thread_free(t);
  codex_free(c);
}

/* Plain text is never parsed as JSON; misuse is INVALID_ARGUMENT. */
static void text_is_plain_and_arguments_checked(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = tt_run(t, "[{\"type\":\"text\",\"text\":\"x\"}]", NULL);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: [{\"type\":\"text\",\"text\":\"x\"}]");
  codex_turn_result_free(r);
  r = NULL;
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT,
               codex_thread_run(t, NULL, NULL, NULL, NULL, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT,
               codex_thread_run(t, "x", "{not json", NULL, NULL, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT,
               codex_thread_run(NULL, "x", NULL, NULL, NULL, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT,
               codex_thread_run(t, "x", NULL, NULL, NULL, NULL, &ts_err_));
  CHECK(r == NULL);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(run_one_turn);
  RUN_TEST(run_with_event_callback);
  RUN_TEST(final_answer_phase_wins);
  RUN_TEST(failed_turn_is_ok_with_status_failed);
  RUN_TEST(output_schema_reaches_the_model);
  RUN_TEST(multi_turn_keeps_context);
  RUN_TEST(text_is_plain_and_arguments_checked);
  return ts_finish();
}
