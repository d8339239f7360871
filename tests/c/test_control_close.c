/* Issue 15 item 7, measured on the real app-server: what a second client (a second app-server
 * on the same CODEX_HOME) gets on a thread the first one has loaded, and what each turn-control
 * feature (interrupt, steer, waits and pulls with or without a cancel token, bounded runs) does
 * after codex_close. Documented in docs/turn-control.md. Prints what it sees; runs serially
 * (it asserts that blocked calls return promptly). */
#include "turns_support.h"

#include <pthread.h>

static const char *msg(const codex_error *e) { return e ? codex_error_message(e) : "(no error)"; }

static void second_client_on_the_same_thread(void) {
  char *home = ts_fresh_home();
  codex_client *a = tt_client(home);
  codex_thread *ta = tt_thread(a, NULL);
  codex_turn_result *r = tt_run(ta, "first client's turn", NULL);
  codex_turn_result_free(r);
  char *id = strdup(codex_thread_id(ta));

  /* A second app-server on the same CODEX_HOME: resuming the loaded thread fails. */
  codex_client *b = tt_client(home);
  codex_thread *tb = NULL;
  codex_error *e = NULL;
  codex_status st = codex_thread_resume(b, id, NULL, &tb, &e);
  printf("# second client, thread/resume of a thread the first has loaded: %s: %s\n", codex_status_str(st), msg(e));
  CHECK(st == CODEX_STATUS_RPC);
  CHECK(tb == NULL);
  CHECK_CONTAINS(codex_error_message(e), "already has an active writer");
  codex_error_free(e);
  e = NULL;

  /* The first client goes on undisturbed. */
  r = tt_run(ta, "first client again", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  codex_turn_result_free(r);

  /* Once the first client is closed (its app-server gone) the second can resume and run. */
  codex_thread_free(ta);
  codex_close(a);
  codex_free(a);
  CHECK_OK(codex_thread_resume(b, id, NULL, &tb, &err));
  r = tt_run(tb, "second client after the first closed", NULL);
  printf("# after the first client closed: resume OK, turn status %d\n", (int)codex_turn_result_status(r));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: second client after the first closed");
  codex_turn_result_free(r);
  codex_thread_free(tb);
  codex_free(b);
  free(id);
  tt_remove_dir(home);
  free(home);
}

typedef struct {
  const codex_client *client;
  int delay_ms;
  double closed_at;
} closer;

static void *close_later(void *arg) {
  closer *c = (closer *)arg;
  ts_sleep_ms(c->delay_ms);
  c->closed_at = ts_now_ms();
  codex_close(c->client);
  return NULL;
}

static void turn_control_after_close(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_thread *t2 = tt_thread(c, NULL);
  codex_turn *held = NULL;
  CHECK_OK(codex_thread_turn(t, "hold until the client closes", NULL, &held, &err));
  codex_cancel *cancel = codex_cancel_new();

  /* A bounded run blocked when codex_close is called (from another thread): CLOSED at once. */
  closer cl = {c, 700, 0};
  pthread_t th;
  CHECK(pthread_create(&th, NULL, close_later, &cl) == 0);
  codex_turn_result *r = NULL;
  codex_error *e = NULL;
  codex_status st = codex_thread_run_bounded(t2, "hold in a bounded run", NULL, 60000, cancel, NULL, NULL, &r, &e);
  double lag = ts_now_ms() - cl.closed_at;
  CHECK(pthread_join(th, NULL) == 0);
  printf("# blocked codex_thread_run_bounded at codex_close: %s %.1f ms after the close: %s\n", codex_status_str(st),
         lag, msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  CHECK(r == NULL);
  CHECK(lag < 2000);
  codex_error_free(e);

  /* After codex_close, on handles made before it. */
  e = NULL;
  st = codex_turn_interrupt(held, &e);
  printf("# codex_turn_interrupt after close: %s: %s\n", codex_status_str(st), msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  codex_error_free(e);

  e = NULL;
  st = codex_turn_steer(held, "too late", &e);
  printf("# codex_turn_steer after close: %s: %s\n", codex_status_str(st), msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  codex_error_free(e);

  /* Waits with no limit return at once instead of blocking, token or not. */
  double t0 = ts_now_ms();
  e = NULL;
  st = codex_turn_wait(held, -1, &r, &e);
  printf("# codex_turn_wait(no limit) after close: %s after %.1f ms: %s\n", codex_status_str(st), ts_now_ms() - t0,
         msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  codex_error_free(e);
  e = NULL;
  st = codex_turn_wait_cancellable(held, -1, cancel, &r, &e);
  printf("# codex_turn_wait_cancellable(no limit) after close: %s: %s\n", codex_status_str(st), msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  codex_error_free(e);

  /* Pulls: the events that arrived before the close are still there, then CLOSED. */
  int pulled = 0;
  codex_event *ev = NULL;
  t0 = ts_now_ms();
  for (;;) {
    e = NULL;
    st = codex_turn_next_event_cancellable(held, -1, cancel, &ev, &e);
    if (st != CODEX_STATUS_OK) break;
    pulled++;
    codex_event_free(ev);
  }
  printf("# codex_turn_next_event after close: %d events pulled, then %s after %.1f ms: %s\n", pulled,
         codex_status_str(st), ts_now_ms() - t0, msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  CHECK(ts_now_ms() - t0 < 2000);
  codex_error_free(e);

  /* A cancel token is the caller's: it still triggers and resets. */
  codex_cancel_trigger(cancel);
  CHECK(codex_cancel_is_triggered(cancel));
  codex_cancel_reset(cancel);
  CHECK(!codex_cancel_is_triggered(cancel));

  /* New runs and turns on the closed client: CLOSED, nothing started. */
  e = NULL;
  st = codex_thread_run_bounded(t, "after close", NULL, 1000, cancel, NULL, NULL, &r, &e);
  printf("# codex_thread_run_bounded after close: %s: %s\n", codex_status_str(st), msg(e));
  CHECK(st == CODEX_STATUS_CLOSED);
  CHECK(r == NULL);
  codex_error_free(e);
  codex_turn *late = NULL;
  e = NULL;
  st = codex_thread_turn(t, "after close", NULL, &late, &e);
  CHECK(st == CODEX_STATUS_CLOSED);
  CHECK(late == NULL);
  codex_error_free(e);

  codex_cancel_free(cancel);
  codex_turn_free(held);
  codex_thread_free(t2);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(second_client_on_the_same_thread);
  RUN_TEST(turn_control_after_close);
  return ts_finish();
}
