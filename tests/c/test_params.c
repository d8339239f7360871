/* Params without typos (issue 16): the codex_params builders for thread start, turn start and
 * thread list. Misuse is refused with a message that names the problem (a field of another kind,
 * the wrong value type, an enumerated value the schema does not list, an unknown field number);
 * what the builder sets reaches the real app-server and, through it, the mock model's request
 * (model, developer instructions, turn model and effort). Offline mock. */
#include "turns_support.h"

/* The refused call's status and error (a macro: the call must run before its error is read). */
#define EXPECT_INVALID(call, words)              \
  do {                                           \
    codex_error *e_ = NULL;                      \
    codex_status st_ = (call);                   \
    expect_invalid(st_, e_, words);              \
  } while (0)

static void expect_invalid(codex_status st, codex_error *e, const char *words) {
  CHECK(st == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(e != NULL);
  if (e) {
    printf("  refused: %s\n", codex_error_message(e));
    CHECK_CONTAINS(codex_error_message(e), words);
  }
  codex_error_free(e);
}

static void builder_refuses_misuse(void) {
  codex_params *p = codex_params_new(CODEX_PARAMS_THREAD);
  CHECK(p != NULL);
  CHECK_STREQ(codex_params_json(p), "{}");
  EXPECT_INVALID(codex_params_set_string(p, CODEX_PARAM_EFFORT, "high", &e_), "not a thread param");
  EXPECT_INVALID(codex_params_set_string(p, CODEX_PARAM_SANDBOX, "readonly", &e_), "read-only, workspace-write, danger-full-access");
  EXPECT_INVALID(codex_params_set_int(p, CODEX_PARAM_MODEL, 5, &e_), "takes a string");
  EXPECT_INVALID(codex_params_set_string(p, 999, "x", &e_), "unknown codex_param_t value 999");
  EXPECT_INVALID(codex_params_set_string(p, CODEX_PARAM_MODEL, "", &e_), "must not be empty");
  EXPECT_INVALID(codex_params_set_json(p, CODEX_PARAM_CONFIG, "[1]", &e_), "JSON object");
  EXPECT_INVALID(codex_params_set_raw(p, "someNewField", "{oops", &e_), "invalid JSON");
  EXPECT_INVALID(codex_params_set_string(p, CODEX_PARAM_MODEL, NULL, &e_), "value");
  EXPECT_INVALID(codex_params_set_string(NULL, CODEX_PARAM_MODEL, "m", &e_), "params");
  CHECK_STREQ(codex_params_json(p), "{}"); /* nothing above changed it */

  /* Strings are escaped by the library: quotes, backslashes, newlines, non-ASCII. */
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_DEVELOPER_INSTRUCTIONS,
                                   "say \"hi\"\\ \n\xc3\xa9", &err));
  CHECK_OK(codex_params_set_bool(p, CODEX_PARAM_EPHEMERAL, true, &err));
  CHECK_OK(codex_params_set_raw(p, "someNewField", "[1,2]", &err));
  printf("  thread params: %s\n", codex_params_json(p));
  CHECK_STREQ(codex_params_json(p),
              "{\"developerInstructions\":\"say \\\"hi\\\"\\\\ \\n\xc3\xa9\",\"ephemeral\":true,"
              "\"someNewField\":[1,2]}");
  CHECK_OK(codex_params_unset(p, CODEX_PARAM_EPHEMERAL, &err));
  CHECK(strstr(codex_params_json(p), "ephemeral") == NULL);
  codex_params_free(p);

  /* A turn's sandbox becomes the turn-level sandboxPolicy object. */
  codex_params *u = codex_params_new(CODEX_PARAMS_TURN);
  CHECK_OK(codex_params_set_string(u, CODEX_PARAM_SANDBOX, CODEX_SANDBOX_READ_ONLY, &err));
  CHECK_OK(codex_params_set_string(u, CODEX_PARAM_SUMMARY, "concise", &err));
  CHECK_STREQ(codex_params_json(u), "{\"sandboxPolicy\":{\"type\":\"readOnly\"},\"summary\":\"concise\"}");
  EXPECT_INVALID(codex_params_set_bool(u, CODEX_PARAM_EPHEMERAL, true, &e_), "not a turn param");
  codex_params_free(u);

  CHECK(codex_params_new(77) == NULL);
  CHECK(codex_params_json(NULL) == NULL);
  codex_params_free(NULL);
}

static void builder_params_reach_the_model(void) {
  codex_client *c = tt_client(NULL);
  char *cwd = tt_temp_dir("params");
  codex_params *p = codex_params_new(CODEX_PARAMS_THREAD);
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_MODEL, "builder-model-1", &err));
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_CWD, cwd, &err));
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_SANDBOX, CODEX_SANDBOX_READ_ONLY, &err));
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_APPROVAL_POLICY, CODEX_APPROVAL_NEVER, &err));
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_DEVELOPER_INSTRUCTIONS,
                                   "Builder instructions 7f3a: answer \"briefly\".", &err));
  codex_thread *t = tt_thread(c, codex_params_json(p));
  codex_params_free(p);

  codex_turn_result *r = tt_run(t, "hello from the params builder 7f3a", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  codex_turn_result_free(r);
  char *req = tt_last_model_request_with("hello from the params builder 7f3a");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "\"model\": \"builder-model-1\"");
  CHECK_CONTAINS(req, "Builder instructions 7f3a: answer \\\"briefly\\\".");
  CHECK_CONTAINS(req, cwd); /* the environment context names the builder's cwd */
  free(req);

  /* Turn overrides: another model and a reasoning effort. */
  codex_params *u = codex_params_new(CODEX_PARAMS_TURN);
  CHECK_OK(codex_params_set_string(u, CODEX_PARAM_MODEL, "builder-model-2", &err));
  CHECK_OK(codex_params_set_string(u, CODEX_PARAM_EFFORT, "high", &err));
  r = tt_run(t, "second turn from the builder 7f3a", codex_params_json(u));
  codex_params_free(u);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  codex_turn_result_free(r);
  req = tt_last_model_request_with("second turn from the builder 7f3a");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "\"model\": \"builder-model-2\"");
  CHECK_CONTAINS(req, "\"effort\": \"high\"");
  free(req);

  /* thread/list through its builder: one page of one thread. */
  codex_params *l = codex_params_new(CODEX_PARAMS_THREAD_LIST);
  CHECK_OK(codex_params_set_int(l, CODEX_PARAM_LIMIT, 1, &err));
  CHECK_OK(codex_params_set_string(l, CODEX_PARAM_SORT_KEY, "created_at", &err));
  char *list = NULL;
  CHECK_OK(codex_thread_list(c, codex_params_json(l), &list, &err));
  codex_params_free(l);
  printf("  thread/list limit 1: %.120s...\n", list);
  CHECK(ts_count(list, "\"preview\"") == 1);
  codex_string_free(list);

  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
}

int main(void) {
  RUN_TEST(builder_refuses_misuse);
  RUN_TEST(builder_params_reach_the_model);
  return ts_finish();
}
