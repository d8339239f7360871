/* Issue 12 regression: JSON nested too deep. The app-server (0.163.0) silently drops any line
 * whose nesting reaches 128 levels; 127 is answered. A request line spends two levels on the
 * message and params objects, so user params of 126 levels are answered and 127 are dropped:
 * codex_request then waits for its whole timeout (forever with -1). Every JSON the library
 * forwards must be checked: anything that would be dropped is INVALID_ARGUMENT at once.
 * Counting: the outermost object or array of the user's JSON is level 1.
 *   - request params (codex_request, codex_request_async, codex_thread_start):  126 ok, 127 not;
 *   - server-request answers (codex_server_request_respond, "result" at level 2): 126 ok, 127 not;
 *   - structured input (codex_thread_turn_input, codex_turn_steer_input): the input array sits
 *     INSIDE params (level 3), so an input array of 126 levels already makes a 128-level line:
 *     it must not be forwarded either (rejected, or else answered; never a TIMEOUT); 127 must be
 *     rejected.
 * Real app-server, offline mock. */
#include "regress_support.h"

#include <sys/stat.h>

#define WAIT_MS 5000    /* the timeout a dropped line runs into */
#define AT_ONCE_MS 1000 /* a rejection is local: far below WAIT_MS */

/* A client whose calls (turn/start, thread/start) give up after WAIT_MS. */
static codex_client *short_timeout_client(void) {
  codex_options *o = tt_options(NULL);
  CHECK_OK(codex_options_set_request_timeout_ms(o, WAIT_MS, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  return c;
}

static void request_params_126_levels_are_answered(void) {
  rg_deadline(60, "timed out");
  codex_client *c = short_timeout_client();
  char *params = rg_nested_object(126);
  char *out = NULL;
  codex_error *err = NULL;
  double t0 = ts_now_ms();
  codex_status st = codex_request(c, "model/list", params, WAIT_MS, &out, &err);
  double took = ts_now_ms() - t0;
  printf("# codex_request(model/list, 126 levels): %s in %.0f ms %s\n",
         codex_status_str((uint32_t)st), took, err ? rg_msg(err) : "");
  RG_EXPECT(st != CODEX_STATUS_TIMEOUT && st != CODEX_STATUS_INVALID_ARGUMENT,
            "126 levels must reach the server and be answered: got %s (%s)",
            codex_status_str((uint32_t)st), rg_msg(err));
  codex_string_free(out);
  codex_error_free(err);
  free(params);
  codex_free(c);
}

static void request_async_done(void *user_data, codex_status status, const char *result_json,
                               const codex_error *error) {
  (void)result_json, (void)error;
  int *done = (int *)user_data;
  __atomic_store_n(done, 1000 + (int)status, __ATOMIC_SEQ_CST);
}

static void request_params_127_levels_are_rejected_at_once(void) {
  rg_deadline(60, "timed out");
  codex_client *c = short_timeout_client();
  char *params = rg_nested_object(127);
  char *out = NULL;
  codex_error *err = NULL;
  double t0 = ts_now_ms();
  codex_status st = codex_request(c, "model/list", params, WAIT_MS, &out, &err);
  double took = ts_now_ms() - t0;
  printf("# codex_request(model/list, 127 levels): %s in %.0f ms %s\n",
         codex_status_str((uint32_t)st), took, err ? rg_msg(err) : "");
  RG_EXPECT(st == CODEX_STATUS_INVALID_ARGUMENT,
            "127 levels (a 128-level line the server drops): got %s after %.0f ms, expected "
            "INVALID_ARGUMENT",
            codex_status_str((uint32_t)st), took);
  RG_EXPECT(took < AT_ONCE_MS, "the rejection took %.0f ms", took);
  if (st == CODEX_STATUS_INVALID_ARGUMENT) CHECK(out == NULL);
  codex_string_free(out);
  codex_error_free(err);
  err = NULL;

  /* The callback form forwards the same params: rejected before anything is sent. */
  static int async_done = 0;
  st = codex_request_async(c, "model/list", params, WAIT_MS, request_async_done, &async_done, NULL,
                           &err);
  RG_EXPECT(st == CODEX_STATUS_INVALID_ARGUMENT,
            "codex_request_async with 127 levels returned %s, expected INVALID_ARGUMENT",
            codex_status_str((uint32_t)st));
  codex_error_free(err);
  err = NULL;
  if (st == CODEX_STATUS_OK) {
    double deadline = ts_now_ms() + WAIT_MS + 5000;
    while (!__atomic_load_n(&async_done, __ATOMIC_SEQ_CST) && ts_now_ms() < deadline)
      ts_sleep_ms(10);
    int got = __atomic_load_n(&async_done, __ATOMIC_SEQ_CST);
    printf("# codex_request_async(127 levels) accepted; its callback got %s\n",
           got ? codex_status_str((uint32_t)(got - 1000)) : "(nothing yet)");
  }

  /* thread/start params go out the same way (merged with nothing). */
  codex_thread *t = NULL;
  t0 = ts_now_ms();
  st = codex_thread_start(c, params, &t, &err);
  took = ts_now_ms() - t0;
  printf("# codex_thread_start(127 levels): %s in %.0f ms %s\n", codex_status_str((uint32_t)st),
         took, err ? rg_msg(err) : "");
  RG_EXPECT(st == CODEX_STATUS_INVALID_ARGUMENT && took < AT_ONCE_MS,
            "codex_thread_start with 127-level params: got %s after %.0f ms, expected "
            "INVALID_ARGUMENT at once",
            codex_status_str((uint32_t)st), took);
  codex_thread_free(t);
  codex_error_free(err);
  free(params);
  codex_free(c);
}

/* ---- server-request answers ------------------------------------------------------------------ */

typedef struct {
  pthread_mutex_t mu;
  int depth; /* levels of the first answer tried */
  int calls;
  codex_status deep_answer;  /* the too-deep / boundary answer */
  codex_status plain_answer; /* then a plain decline */
  char deep_message[512];
} answerer;

/* Answers first with `{"decision":"accept","x":<depth-1 levels>}` (depth levels in all), then
 * with a plain decline: a rejected deep answer leaves the request open for the decline. */
static void answer_deep(void *user_data, codex_server_request *req) {
  answerer *a = (answerer *)user_data;
  char *inner = rg_nested_object(a->depth - 1);
  size_t n = strlen(inner) + 64;
  char *answer = (char *)malloc(n);
  snprintf(answer, n, "{\"decision\":\"accept\",\"x\":%s}", inner);
  codex_error *err = NULL;
  codex_status deep = codex_server_request_respond(req, answer, &err);
  codex_status plain = codex_server_request_respond(req, "{\"decision\":\"decline\"}", NULL);
  pthread_mutex_lock(&a->mu);
  a->calls++;
  a->deep_answer = deep;
  a->plain_answer = plain;
  snprintf(a->deep_message, sizeof a->deep_message, "%s", err ? rg_msg(err) : "");
  pthread_mutex_unlock(&a->mu);
  codex_error_free(err);
  free(answer);
  free(inner);
  codex_server_request_free(req);
}

static int file_exists_in(const char *dir, const char *name) {
  char path[512];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0;
}

/* One approval turn answered by answer_deep with `depth` levels. */
static void approval_answered_with_depth(int depth) {
  answerer a;
  memset(&a, 0, sizeof a);
  pthread_mutex_init(&a.mu, NULL);
  a.depth = depth;
  codex_client *c = short_timeout_client();
  CHECK_OK(codex_set_server_request_handler(c, answer_deep, &a, NULL, &err));
  char *cwd = tt_temp_dir("regress-depth-cwd");
  char params[1024];
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"on-request\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"read-only\",\"cwd\":\"%s\"}",
           cwd);
  codex_thread *t = tt_thread(c, params);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "please approve this command", NULL, &turn, &err));

  double deadline = ts_now_ms() + 30000;
  int calls = 0;
  while (calls == 0 && ts_now_ms() < deadline) {
    ts_sleep_ms(10);
    pthread_mutex_lock(&a.mu);
    calls = a.calls;
    pthread_mutex_unlock(&a.mu);
  }
  CHECK(calls == 1);
  printf("# respond with %d levels: %s %s; then a plain decline: %s\n", depth,
         codex_status_str((uint32_t)a.deep_answer), a.deep_message,
         codex_status_str((uint32_t)a.plain_answer));

  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  codex_status st = codex_turn_wait(turn, 15000, &r, &err);
  const char *items = r ? codex_turn_result_items_json(r) : "";
  int ran = file_exists_in(cwd, "approved.txt");
  if (depth <= 126) {
    RG_EXPECT(a.deep_answer == CODEX_STATUS_OK, "a %d-level answer was refused: %s (%s)", depth,
              codex_status_str((uint32_t)a.deep_answer), a.deep_message);
    RG_EXPECT(a.plain_answer == CODEX_STATUS_EXPIRED, "the second answer got %s",
              codex_status_str((uint32_t)a.plain_answer));
    RG_EXPECT(st == CODEX_STATUS_OK, "the turn did not end after a %d-level answer: %s", depth,
              codex_status_str((uint32_t)st));
    RG_EXPECT(ran, "the accepted command did not run: the server did not get the answer");
  } else {
    RG_EXPECT(a.deep_answer == CODEX_STATUS_INVALID_ARGUMENT,
              "codex_server_request_respond with a %d-level answer (a 128-level line the server "
              "drops) returned %s, expected INVALID_ARGUMENT",
              depth, codex_status_str((uint32_t)a.deep_answer));
    RG_EXPECT(a.plain_answer == CODEX_STATUS_OK,
              "the plain decline after the rejected answer returned %s, expected OK",
              codex_status_str((uint32_t)a.plain_answer));
    RG_EXPECT(st == CODEX_STATUS_OK,
              "the turn did not end within 15 s (%s): the server never got an answer it could "
              "read",
              codex_status_str((uint32_t)st));
    RG_EXPECT(!ran, "the command ran although the answer was a decline");
    if (st == CODEX_STATUS_OK) CHECK_CONTAINS(items, "\"status\":\"declined\"");
  }
  codex_turn_result_free(r);
  codex_error_free(err);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
  pthread_mutex_destroy(&a.mu);
}

static void server_request_answer_126_levels_is_delivered(void) {
  rg_deadline(90, "timed out");
  approval_answered_with_depth(126);
}

static void server_request_answer_127_levels_is_rejected(void) {
  rg_deadline(90, "timed out");
  approval_answered_with_depth(127);
}

/* ---- structured input ------------------------------------------------------------------------ */

static void turn_input_too_deep_is_never_forwarded(void) {
  rg_deadline(90, "timed out");
  codex_client *c = short_timeout_client();
  codex_thread *t = tt_thread(c, NULL);

  /* 125 levels: a 127-level line, answered by the server (an RPC error for this odd input). */
  /* 126 levels: a 128-level line, dropped by the server: must not be forwarded. */
  /* 127 levels: must be rejected. */
  for (int depth = 125; depth <= 127; depth++) {
    char *input = rg_nested_array(depth);
    codex_turn *turn = NULL;
    codex_error *err = NULL;
    double t0 = ts_now_ms();
    codex_status st = codex_thread_turn_input(t, input, NULL, &turn, &err);
    double took = ts_now_ms() - t0;
    printf("# codex_thread_turn_input(input array of %d levels): %s in %.0f ms %s\n", depth,
           codex_status_str((uint32_t)st), took, err ? rg_msg(err) : "");
    if (depth == 127)
      RG_EXPECT(st == CODEX_STATUS_INVALID_ARGUMENT && took < AT_ONCE_MS,
                "an input array of 127 levels: got %s after %.0f ms, expected "
                "INVALID_ARGUMENT at once",
                codex_status_str((uint32_t)st), took);
    else
      RG_EXPECT(st != CODEX_STATUS_TIMEOUT,
                "an input array of %d levels (a %d-level turn/start line) was forwarded and "
                "never answered: TIMEOUT after %.0f ms; expected an answer or INVALID_ARGUMENT",
                depth, depth + 2, took);
    codex_turn_free(turn);
    codex_error_free(err);
    free(input);
  }

  /* Turn params (TurnStartParams overrides) are merged into the same params object. */
  char *params = rg_nested_object(127);
  codex_turn *turn = NULL;
  codex_error *err = NULL;
  double t0 = ts_now_ms();
  codex_status st = codex_thread_turn(t, "deep params", params, &turn, &err);
  double took = ts_now_ms() - t0;
  printf("# codex_thread_turn(turn params of 127 levels): %s in %.0f ms %s\n",
         codex_status_str((uint32_t)st), took, err ? rg_msg(err) : "");
  RG_EXPECT(st == CODEX_STATUS_INVALID_ARGUMENT && took < AT_ONCE_MS,
            "turn params of 127 levels: got %s after %.0f ms, expected INVALID_ARGUMENT at once",
            codex_status_str((uint32_t)st), took);
  codex_turn_free(turn);
  codex_error_free(err);
  free(params);

  /* Steering input goes to the same place (turn/steer params.input): the same limits. */
  codex_turn *held = NULL;
  CHECK_OK(codex_thread_turn(t, "hold the line", NULL, &held, &err));
  for (int got_delta = 0; !got_delta;) {
    codex_event *ev = NULL;
    CHECK_OK(codex_turn_next_event(held, 20000, &ev, &err));
    got_delta = codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
    codex_event_free(ev);
  }
  for (int depth = 126; depth <= 127; depth++) {
    char *input = rg_nested_array(depth);
    codex_error *serr = NULL;
    double s0 = ts_now_ms();
    codex_status sst = codex_turn_steer_input(held, input, &serr);
    double stook = ts_now_ms() - s0;
    printf("# codex_turn_steer_input(input array of %d levels): %s in %.0f ms %s\n", depth,
           codex_status_str((uint32_t)sst), stook, serr ? rg_msg(serr) : "");
    if (depth == 127)
      RG_EXPECT(sst == CODEX_STATUS_INVALID_ARGUMENT && stook < AT_ONCE_MS,
                "steering with an input array of 127 levels: got %s after %.0f ms, expected "
                "INVALID_ARGUMENT at once",
                codex_status_str((uint32_t)sst), stook);
    else
      RG_EXPECT(sst != CODEX_STATUS_TIMEOUT,
                "steering with an input array of %d levels (a %d-level turn/steer line) was "
                "forwarded and never answered: TIMEOUT after %.0f ms",
                depth, depth + 2, stook);
    codex_error_free(serr);
    free(input);
  }
  CHECK_OK(codex_turn_interrupt(held, &err));
  codex_turn_result *hr = NULL;
  CHECK_OK(codex_turn_wait(held, 30000, &hr, &err));
  codex_turn_result_free(hr);
  codex_turn_free(held);

  /* The client still works. */
  codex_turn_result *r = tt_run(t, "still fine", NULL);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: still fine");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RG_RUN(request_params_126_levels_are_answered);
  RG_RUN(request_params_127_levels_are_rejected_at_once);
  RG_RUN(server_request_answer_126_levels_is_delivered);
  RG_RUN(server_request_answer_127_levels_is_rejected);
  RG_RUN(turn_input_too_deep_is_never_forwarded);
  return ts_finish();
}
