/* Issue 12 regression: a blocking wait started inside a callback while no server-request handler
 * was set stalls a server request that arrives later for the whole server-request timeout.
 *
 * The delivery thread enters codex_turn_wait (from a codex_request_async callback) on a turn that
 * is held by the mock ("hold"), with no handler set: allowed. Then another thread sets a
 * server-request handler and steers the turn into an approval ("approve"). The approval must go
 * to the handler on the delivery thread, which is blocked in the wait. Today WOULD_DEADLOCK is
 * only checked when the wait starts, so the approval sits in the queue until the server-request
 * timeout (40 s here) answers it with the safe default. Expected: the wait returns
 * CODEX_STATUS_WOULD_DEADLOCK within a few seconds of the request, the handler then runs and the
 * turn completes. Real app-server, offline mock. */
#include "regress_support.h"

#define SERVER_REQUEST_TIMEOUT_MS 40000
#define PROMPT_MS 10000 /* "promptly": well under the server-request timeout */

typedef struct {
  pthread_mutex_t mu;
  const codex_turn *turn;
  int wait_started;
  int wait_done;
  codex_status wait_status;
  double wait_done_ms;
  char wait_message[512];
  int handler_calls;
  char handler_method[128];
  double handler_ms;
} state;

static int st_get(state *s, const int *field) {
  pthread_mutex_lock(&s->mu);
  int v = *field;
  pthread_mutex_unlock(&s->mu);
  return v;
}

/* On the delivery thread: a blocking wait on the held turn (no handler is set yet). */
static void wait_in_callback(void *user_data, codex_status status, const char *result_json,
                             const codex_error *error) {
  (void)status, (void)result_json, (void)error;
  state *s = (state *)user_data;
  pthread_mutex_lock(&s->mu);
  s->wait_started = 1;
  pthread_mutex_unlock(&s->mu);
  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  codex_status st = codex_turn_wait(s->turn, 60000, &r, &err);
  pthread_mutex_lock(&s->mu);
  s->wait_done = 1;
  s->wait_status = st;
  s->wait_done_ms = ts_now_ms();
  snprintf(s->wait_message, sizeof s->wait_message, "%s", err ? rg_msg(err) : "");
  pthread_mutex_unlock(&s->mu);
  codex_error_free(err);
  codex_turn_result_free(r);
}

static void on_request(void *user_data, codex_server_request *req) {
  state *s = (state *)user_data;
  pthread_mutex_lock(&s->mu);
  s->handler_calls++;
  s->handler_ms = ts_now_ms();
  snprintf(s->handler_method, sizeof s->handler_method, "%s", codex_server_request_method(req));
  pthread_mutex_unlock(&s->mu);
  codex_server_request_respond(req, "{\"decision\":\"decline\"}", NULL);
  codex_server_request_free(req);
}

static void wait_in_callback_yields_to_a_later_server_request(void) {
  rg_deadline(150, "the test did not finish within 150 s");
  state s;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mu, NULL);

  codex_options *o = tt_options(NULL);
  CHECK_OK(codex_options_set_server_request_timeout_ms(o, SERVER_REQUEST_TIMEOUT_MS, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  char *cwd = tt_temp_dir("regress-wait-cwd");
  char params[1024];
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"on-request\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"read-only\",\"cwd\":\"%s\"}",
           cwd);
  codex_thread *t = tt_thread(c, params);

  /* A turn the mock holds open: wait for its first delta so it is really streaming. */
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "hold on please", NULL, &turn, &err));
  for (int got_delta = 0; !got_delta;) {
    codex_event *ev = NULL;
    CHECK_OK(codex_turn_next_event(turn, 20000, &ev, &err));
    got_delta = codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
    codex_event_free(ev);
  }

  /* The delivery thread blocks in codex_turn_wait (no handler yet, so the call is allowed). */
  s.turn = turn;
  CHECK_OK(codex_request_async(c, "model/list", NULL, 30000, wait_in_callback, &s, NULL, &err));
  double deadline = ts_now_ms() + 10000;
  while (!st_get(&s, &s.wait_started) && ts_now_ms() < deadline) ts_sleep_ms(5);
  CHECK(st_get(&s, &s.wait_started));
  ts_sleep_ms(300); /* let it get inside the wait */
  RG_EXPECT(!st_get(&s, &s.wait_done), "the wait returned before any server request (status %d)",
            (int)s.wait_status);

  /* Now a handler, then an approval request for that turn (steering "hold" into "approve"). */
  CHECK_OK(codex_set_server_request_handler(c, on_request, &s, NULL, &err));
  double steered = ts_now_ms();
  CHECK_OK(codex_turn_steer(turn, "please approve this command", &err));

  while (!st_get(&s, &s.wait_done)) ts_sleep_ms(10); /* bounded by the callback's 60 s wait */
  double waited = s.wait_done_ms - steered;
  printf("# the wait in the callback returned status %d (%s) %.0f ms after the approval was "
         "triggered: %s\n",
         (int)s.wait_status, codex_status_str((uint32_t)s.wait_status), waited, s.wait_message);
  RG_EXPECT(s.wait_status == CODEX_STATUS_WOULD_DEADLOCK,
            "the blocked codex_turn_wait returned %s, expected WOULD_DEADLOCK",
            codex_status_str((uint32_t)s.wait_status));
  RG_EXPECT(waited < PROMPT_MS,
            "the blocked codex_turn_wait returned %.0f ms after the server request was "
            "triggered (server-request timeout %d ms), expected < %d ms",
            waited, SERVER_REQUEST_TIMEOUT_MS, PROMPT_MS);

  /* Then the handler answers on the freed delivery thread and the turn ends normally. */
  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  codex_status st = codex_turn_wait(turn, 60000, &r, &err);
  RG_EXPECT(st == CODEX_STATUS_OK, "turn wait: %s %s", codex_status_str((uint32_t)st), rg_msg(err));
  codex_error_free(err);
  if (r) {
    RG_EXPECT(codex_turn_result_status(r) == CODEX_TURN_COMPLETED, "turn status %d",
              (int)codex_turn_result_status(r));
    codex_turn_result_free(r);
  }
  pthread_mutex_lock(&s.mu);
  RG_EXPECT(s.handler_calls == 1, "the handler ran %d times, expected once", s.handler_calls);
  if (s.handler_calls == 1) {
    CHECK_STREQ(s.handler_method, "item/commandExecution/requestApproval");
    printf("# the handler ran %.0f ms after the approval was triggered\n",
           s.handler_ms - steered);
    RG_EXPECT(s.handler_ms - steered < PROMPT_MS,
              "the handler ran %.0f ms after the approval was triggered, expected < %d ms",
              s.handler_ms - steered, PROMPT_MS);
  }
  pthread_mutex_unlock(&s.mu);

  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
  pthread_mutex_destroy(&s.mu);
  rg_deadline(0, "");
}

int main(void) {
  RG_RUN(wait_in_callback_yields_to_a_later_server_request);
  return ts_finish();
}
