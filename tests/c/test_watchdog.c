/* The idle watchdog: a turn whose server goes quiet ("silent": the mock sends response.created,
 * then nothing) is ended by the library within the configured time; with the watchdog off the
 * host's own timeouts and interrupt still work; it does not fire while an approval is pending.
 * Real app-server, offline mock. */
#include "turns_support.h"

#include <sys/stat.h>

static codex_client *client_with_idle(int64_t idle_ms) {
  codex_options *o = tt_options(NULL);
  CHECK_OK(codex_options_set_idle_timeout_ms(o, idle_ms, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  return c;
}

static void watchdog_ends_a_silent_turn(void) {
  codex_client *c = client_with_idle(1500);
  codex_thread *t = tt_thread(c, NULL);
  double t0 = ts_now_ms();
  codex_turn_result *r = tt_run(t, "stay silent please", NULL);
  double took = ts_now_ms() - t0;
  printf("# silent turn ended after %.0f ms (status %d)\n", took, (int)codex_turn_result_status(r));
  CHECK(codex_turn_result_watchdog_fired(r));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED ||
        codex_turn_result_status(r) == CODEX_TURN_FAILED);
  if (took < 1400) TS_FAIL("the watchdog fired early: %.0f ms", took);
  if (took >= 8000) TS_FAIL("the watchdog took %.0f ms", took);
  codex_turn_result_free(r);

  /* The thread takes new turns afterwards; an active turn is not ended by the watchdog. */
  r = tt_run(t, "after the silence", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK(!codex_turn_result_watchdog_fired(r));
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

/* A per-turn override turns the watchdog on for one turn of a client that has it off. */
static void per_turn_override(void) {
  codex_client *c = client_with_idle(0);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "silent with an override", NULL, &turn, &err));
  double t0 = ts_now_ms();
  CHECK_OK(codex_turn_set_idle_timeout_ms(turn, 1000, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 8000, &r, &err));
  double took = ts_now_ms() - t0;
  CHECK(codex_turn_result_watchdog_fired(r));
  if (took >= 8000) TS_FAIL("the watchdog took %.0f ms", took);
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_turn_set_idle_timeout_ms(turn, -1, &ts_err_));
  codex_turn_result_free(r);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
}

/* Watchdog off: waits time out (TIMEOUT, no error object, the turn goes on) and an interrupt
 * still ends the turn. */
static void without_watchdog_wait_times_out_and_interrupt_ends(void) {
  codex_client *c = client_with_idle(0);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "silent without a watchdog", NULL, &turn, &err));

  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  double t0 = ts_now_ms();
  CHECK(codex_turn_wait(turn, 500, &r, &err) == CODEX_STATUS_TIMEOUT);
  double waited = ts_now_ms() - t0;
  CHECK(r == NULL && err == NULL);
  if (waited < 450 || waited > 3000) TS_FAIL("a 500 ms wait took %.0f ms", waited);
  /* Still running after well over the watchdog's would-be time. */
  ts_sleep_ms(1000);
  CHECK(codex_turn_wait(turn, 0, &r, &err) == CODEX_STATUS_TIMEOUT);

  CHECK_OK(codex_turn_interrupt(turn, &err));
  CHECK_OK(codex_turn_wait(turn, 10000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  CHECK(!codex_turn_result_watchdog_fired(r));
  codex_turn_result_free(r);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
}

/* An approval the host takes longer than the idle time to answer does not trip the watchdog. */
typedef struct {
  pthread_mutex_t mu;
  codex_server_request *kept;
} keeper;

static void keep_request(void *user_data, codex_server_request *req) {
  keeper *k = (keeper *)user_data;
  pthread_mutex_lock(&k->mu);
  k->kept = req;
  pthread_mutex_unlock(&k->mu);
}

static void *slow_accept(void *arg) {
  keeper *k = (keeper *)arg;
  codex_server_request *req = NULL;
  double deadline = ts_now_ms() + 30000;
  while (!req && ts_now_ms() < deadline) {
    pthread_mutex_lock(&k->mu);
    req = k->kept;
    pthread_mutex_unlock(&k->mu);
    if (!req) ts_sleep_ms(10);
  }
  if (!req) return NULL;
  ts_sleep_ms(2500); /* longer than the 1000 ms idle timeout */
  codex_server_request_respond(req, "{\"decision\":\"accept\"}", NULL);
  codex_server_request_free(req);
  return NULL;
}

static void watchdog_pauses_while_approval_pending(void) {
  codex_client *c = client_with_idle(1000);
  keeper k;
  memset(&k, 0, sizeof k);
  pthread_mutex_init(&k.mu, NULL);
  CHECK_OK(codex_set_server_request_handler(c, keep_request, &k, NULL, &err));
  char *cwd = tt_temp_dir("watchdog-cwd");
  char params[1024];
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"on-request\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"read-only\",\"cwd\":\"%s\"}",
           cwd);
  codex_thread *t = tt_thread(c, params);
  pthread_t answerer;
  CHECK(pthread_create(&answerer, NULL, slow_accept, &k) == 0);
  codex_turn_result *r = tt_run(t, "approve slowly", NULL);
  CHECK(pthread_join(answerer, NULL) == 0);
  CHECK(!codex_turn_result_watchdog_fired(r));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_items_json(r), "\"status\":\"completed\"");
  char path[512];
  struct stat st;
  snprintf(path, sizeof path, "%s/approved.txt", cwd);
  CHECK(stat(path, &st) == 0);
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  pthread_mutex_destroy(&k.mu);
  tt_remove_dir(cwd);
  free(cwd);
}

int main(void) {
  RUN_TEST(watchdog_ends_a_silent_turn);
  RUN_TEST(per_turn_override);
  RUN_TEST(without_watchdog_wait_times_out_and_interrupt_ends);
  RUN_TEST(watchdog_pauses_while_approval_pending);
  return ts_finish();
}
