/* Cancellable waits (issue 15 item 5): a codex_cancel token triggered from another thread ends a
 * wait blocked with no limit with CANCELLED at once, and the operation goes on. Turn waits, event
 * pulls, notification pulls and codex_thread_run on the real app-server; requests and login
 * waits on the scripted fake ("stall": fake/hang is never answered, a login never completes by
 * itself). Timing figures are printed; the test runs serially. */
#include "reliability_support.h"
#include "turns_support.h"

#include <pthread.h>
#include <time.h>

typedef struct {
  codex_cancel *cancel;
  int delay_ms;
  double fired_at;
} trigger_arg;

static void *trigger_later(void *p) {
  trigger_arg *a = (trigger_arg *)p;
  struct timespec ts = {a->delay_ms / 1000, (long)(a->delay_ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  a->fired_at = ts_now_ms();
  codex_cancel_trigger(a->cancel);
  return NULL;
}

/* Starts a thread that triggers `a->cancel` after `a->delay_ms`. */
static pthread_t start_trigger(trigger_arg *a) {
  pthread_t th;
  CHECK(pthread_create(&th, NULL, trigger_later, a) == 0);
  return th;
}

/* Checks a wait returned CANCELLED promptly after the trigger; returns the delay in ms. */
static double check_cancelled(const char *what, codex_status st, codex_error *e, trigger_arg *a) {
  double lag = ts_now_ms() - a->fired_at;
  if (st != CODEX_STATUS_CANCELLED)
    TS_FAIL("%s returned %s, want CANCELLED: %s", what, codex_status_str((uint32_t)st), e ? codex_error_message(e) : "");
  CHECK(e != NULL && codex_error_status(e) == CODEX_STATUS_CANCELLED);
  if (lag >= 1000) TS_FAIL("%s: CANCELLED %.0f ms after the trigger", what, lag);
  printf("# %s: CANCELLED %.1f ms after the trigger\n", what, lag);
  return lag;
}

static void token_basics(void) {
  codex_cancel *c = codex_cancel_new();
  CHECK(c != NULL);
  CHECK(!codex_cancel_is_triggered(c));
  codex_cancel_trigger(c);
  codex_cancel_trigger(c); /* idempotent */
  CHECK(codex_cancel_is_triggered(c));
  codex_cancel_reset(c);
  CHECK(!codex_cancel_is_triggered(c));
  codex_cancel_trigger(NULL);
  codex_cancel_reset(NULL);
  CHECK(!codex_cancel_is_triggered(NULL));
  codex_cancel_free(c);
  codex_cancel_free(NULL);
}

static void turn_waits_cancel_and_the_turn_goes_on(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "hold while waits are cancelled", NULL, &turn, &err));
  codex_cancel *tok = codex_cancel_new();

  /* A pull blocked with no limit: first the events until the mock holds, then the blocked one. */
  int deltas = 0;
  while (!deltas) {
    codex_event *ev = NULL;
    CHECK_OK(codex_turn_next_event_cancellable(turn, 30000, tok, &ev, &err));
    deltas += codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
    codex_event_free(ev);
  }
  /* Drain what is queued (the mock's second delta), so the next pull blocks. */
  for (;;) {
    codex_event *ev = NULL;
    codex_status st = codex_turn_next_event(turn, 300, &ev, NULL);
    if (st != CODEX_STATUS_OK) {
      CHECK(st == CODEX_STATUS_TIMEOUT);
      break;
    }
    codex_event_free(ev);
  }
  trigger_arg a = {tok, 200, 0};
  pthread_t th = start_trigger(&a);
  codex_event *ev = NULL;
  codex_error *e = NULL;
  codex_status st = codex_turn_next_event_cancellable(turn, -1, tok, &ev, &e);
  check_cancelled("codex_turn_next_event_cancellable", st, e, &a);
  CHECK(ev == NULL);
  codex_error_free(e);
  pthread_join(th, NULL);

  /* A triggered token: CANCELLED at once, before any wait. */
  double t0 = ts_now_ms();
  codex_turn_result *r = NULL;
  CHECK_STATUS(CODEX_STATUS_CANCELLED, codex_turn_wait_cancellable(turn, -1, tok, &r, &ts_err_));
  CHECK(r == NULL);
  CHECK(ts_now_ms() - t0 < 100);

  /* A turn wait blocked with no limit. */
  codex_cancel_reset(tok);
  a.delay_ms = 200;
  th = start_trigger(&a);
  e = NULL;
  st = codex_turn_wait_cancellable(turn, -1, tok, &r, &e);
  check_cancelled("codex_turn_wait_cancellable", st, e, &a);
  codex_error_free(e);
  pthread_join(th, NULL);

  /* The turn went on: still running, and a NULL token is the plain wait. */
  CHECK_STATUS(CODEX_STATUS_TIMEOUT, codex_turn_wait_cancellable(turn, 100, NULL, &r, &ts_err_));
  CHECK_OK(codex_turn_interrupt(turn, &err));
  CHECK_OK(codex_turn_wait_cancellable(turn, 30000, NULL, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  codex_turn_result_free(r);
  /* No event was lost to the cancelled pull: the stream still ends with turn/completed. */
  int completed = 0;
  for (;;) {
    codex_event *ev2 = NULL;
    codex_status s2 = codex_turn_next_event(turn, 5000, &ev2, NULL);
    if (s2 == CODEX_STATUS_END) break;
    CHECK(s2 == CODEX_STATUS_OK);
    completed += codex_event_kind(ev2) == CODEX_EVENT_TURN_COMPLETED;
    codex_event_free(ev2);
  }
  CHECK(completed == 1);
  codex_cancel_free(tok);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
}

static void notification_wait_cancels(void) {
  codex_client *c = tt_client(NULL);
  codex_event *ev = NULL;
  /* Drain what the handshake and login left in the queue. */
  while (codex_next_notification(c, 200, &ev, NULL) == CODEX_STATUS_OK) codex_event_free(ev);
  codex_cancel *tok = codex_cancel_new();
  trigger_arg a = {tok, 200, 0};
  pthread_t th = start_trigger(&a);
  codex_error *e = NULL;
  codex_status st = codex_next_notification_cancellable(c, -1, tok, &ev, &e);
  check_cancelled("codex_next_notification_cancellable", st, e, &a);
  codex_error_free(e);
  pthread_join(th, NULL);
  codex_cancel_free(tok);
  codex_free(c);
}

typedef struct {
  codex_thread *thread;
  codex_cancel *cancel;
  codex_status st;
  codex_status err_status;
  double returned_at;
} run_arg;

static void *run_held(void *p) {
  run_arg *a = (run_arg *)p;
  codex_turn_result *r = NULL;
  codex_error *e = NULL;
  a->st = codex_thread_run_cancellable(a->thread, "hold in a cancellable run", NULL, a->cancel, NULL, NULL, &r, &e);
  a->returned_at = ts_now_ms();
  a->err_status = e ? codex_error_status(e) : CODEX_STATUS_OK;
  codex_error_free(e);
  codex_turn_result_free(r);
  return NULL;
}

static void run_cancels_and_interrupts_its_turn(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_cancel *tok = codex_cancel_new();
  run_arg ra = {t, tok, CODEX_STATUS_OK, CODEX_STATUS_OK, 0};
  pthread_t runner;
  CHECK(pthread_create(&runner, NULL, run_held, &ra) == 0);
  trigger_arg a = {tok, 1500, 0};
  pthread_t th = start_trigger(&a);
  pthread_join(th, NULL);
  pthread_join(runner, NULL);
  CHECK(ra.st == CODEX_STATUS_CANCELLED && ra.err_status == CODEX_STATUS_CANCELLED);
  double lag = ra.returned_at - a.fired_at;
  printf("# codex_thread_run_cancellable: CANCELLED %.1f ms after the trigger\n", lag);
  CHECK(lag < 1000);

  /* A triggered token starts no turn. */
  codex_turn_result *r = NULL;
  CHECK_STATUS(CODEX_STATUS_CANCELLED,
               codex_thread_run_cancellable(t, "never sent", NULL, tok, NULL, NULL, &r, &ts_err_));
  CHECK(tt_model_requests_with("never sent") == 0);

  /* The run's turn was interrupted: the thread's next turn runs normally. */
  codex_cancel_reset(tok);
  CHECK_OK(codex_thread_run_cancellable(t, "after the cancelled run", NULL, tok, NULL, NULL, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: after the cancelled run");
  codex_turn_result_free(r);
  char *read = NULL;
  CHECK_OK(codex_thread_read(t, true, &read, &err));
  CHECK_CONTAINS(read, "\"interrupted\"");
  codex_string_free(read);
  codex_cancel_free(tok);
  codex_thread_free(t);
  codex_free(c);
}

static void request_and_login_waits_cancel(void) {
  codex_client *c = rs_fake_client("stall", NULL, NULL);
  codex_cancel *tok = codex_cancel_new();
  trigger_arg a = {tok, 200, 0};
  pthread_t th = start_trigger(&a);
  char *res = NULL;
  codex_error *e = NULL;
  codex_status st = codex_request_cancellable(c, "fake/hang", NULL, -1, tok, &res, &e);
  check_cancelled("codex_request_cancellable", st, e, &a);
  CHECK(res == NULL);
  codex_error_free(e);
  pthread_join(th, NULL);

  codex_login *login = NULL;
  CHECK_OK(codex_login_chatgpt(c, &login, &err));
  codex_cancel_reset(tok);
  th = start_trigger(&a);
  codex_login_result *lr = NULL;
  e = NULL;
  st = codex_login_wait_cancellable(login, -1, tok, &lr, &e);
  check_cancelled("codex_login_wait_cancellable", st, e, &a);
  codex_error_free(e);
  pthread_join(th, NULL);
  /* The login is still pending: cancelling it completes it. */
  CHECK_OK(codex_login_cancel(login, &err));
  CHECK_OK(codex_login_wait_cancellable(login, 10000, NULL, &lr, &err));
  CHECK(!codex_login_result_success(lr));
  codex_login_result_free(lr);
  codex_login_free(login);
  /* The client still serves requests after cancelled waits. */
  codex_cancel_reset(tok);
  CHECK_OK(codex_request_cancellable(c, "fake/ping", NULL, 10000, tok, &res, &err));
  codex_string_free(res);
  codex_cancel_free(tok);
  codex_free(c);
}

int main(void) {
  RUN_TEST(token_basics);
  RUN_TEST(turn_waits_cancel_and_the_turn_goes_on);
  RUN_TEST(notification_wait_cancels);
  RUN_TEST(run_cancels_and_interrupts_its_turn);
  RUN_TEST(request_and_login_waits_cancel);
  return ts_finish();
}
