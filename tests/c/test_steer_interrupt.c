/* Steering and interrupting a running turn. The mock holds a "hold" reply open after its first
 * deltas until the client steers, interrupts or disconnects. Real app-server, offline mock. */
#include "turns_support.h"

/* Pulls events until the first agent-message delta (the mock is then holding the stream). */
static void pull_until_first_delta(codex_turn *turn) {
  double deadline = ts_now_ms() + 30000;
  while (ts_now_ms() < deadline) {
    codex_event *ev = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_next_event(turn, 1000, &ev, &err);
    if (st == CODEX_STATUS_TIMEOUT) continue;
    if (st != CODEX_STATUS_OK) TS_FAIL("next_event returned %d: %s", (int)st, err ? codex_error_message(err) : "");
    int delta = codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
    CHECK(codex_event_kind(ev) != CODEX_EVENT_TURN_COMPLETED);
    codex_event_free(ev);
    if (delta) return;
  }
  TS_FAIL("no delta within 30 s");
}

/* Pulls the rest of the turn's events until END; returns how many there were. */
static int drain(codex_turn *turn) {
  int n = 0;
  for (;;) {
    codex_event *ev = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_next_event(turn, 30000, &ev, &err);
    if (st == CODEX_STATUS_END) return n;
    if (st != CODEX_STATUS_OK) TS_FAIL("next_event returned %d: %s", (int)st, err ? codex_error_message(err) : "");
    codex_event_free(ev);
    n++;
  }
}

static void steer_mid_turn(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "please hold on olive-5", NULL, &turn, &err));
  pull_until_first_delta(turn);

  CHECK_OK(codex_turn_steer(turn, "steer: now answer", &err));
  CHECK(drain(turn) > 0);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 10000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_final_response(r), "steer: now answer");
  /* Both inputs are user-message items of the same turn. */
  CHECK(ts_count(codex_turn_result_items_json(r), "\"type\":\"userMessage\"") == 2);
  CHECK_STREQ(codex_turn_result_id(r), codex_turn_id(turn));
  codex_turn_result_free(r);

  /* The model's follow-up request carries the steered text after the original one. */
  char *req = tt_last_model_request_with("steer: now answer");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "please hold on olive-5");
  CHECK(strstr(req, "please hold on olive-5") < strstr(req, "steer: now answer"));
  free(req);

  /* Steering a finished turn is the server's error. */
  CHECK_STATUS(CODEX_STATUS_RPC, codex_turn_steer(turn, "too late", &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_turn_steer(turn, NULL, &ts_err_));
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
}

static void interrupt_mid_turn_is_prompt(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "hold until interrupted", NULL, &turn, &err));
  pull_until_first_delta(turn);

  double t0 = ts_now_ms();
  CHECK_OK(codex_turn_interrupt(turn, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 10000, &r, &err));
  double took = ts_now_ms() - t0;
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  CHECK(!codex_turn_result_watchdog_fired(r));
  if (took >= 5000) TS_FAIL("interrupt took %.0f ms", took);
  printf("# interrupt to completion: %.0f ms\n", took);
  codex_turn_result_free(r);
  /* The pull side ends too. */
  drain(turn);
  codex_turn_free(turn);

  /* The thread takes new turns after an interrupt. */
  r = tt_run(t, "after the interrupt", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: after the interrupt");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

/* Interrupt called from inside the turn's own event callback (on the delivery thread). */
typedef struct {
  tt_rec rec;
  codex_turn *turn;
  int interrupted;
  codex_status interrupt_status;
} interrupter;

static void interrupt_on_first_delta(void *user_data, const codex_event *ev) {
  interrupter *s = (interrupter *)user_data;
  tt_rec_event(&s->rec, ev);
  if (codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA && !s->interrupted) {
    s->interrupted = 1; /* only this (delivery) thread touches it */
    codex_status st = codex_turn_interrupt(s->turn, NULL);
    pthread_mutex_lock(&s->rec.mu);
    s->interrupt_status = st;
    pthread_mutex_unlock(&s->rec.mu);
  }
}

static void interrupt_from_callback(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  interrupter s;
  memset(&s, 0, sizeof s);
  tt_rec_init(&s.rec);
  s.interrupt_status = CODEX_STATUS_INTERNAL;
  CHECK_OK(codex_thread_turn(t, "hold for the callback", NULL, &s.turn, &err));
  CHECK_OK(codex_turn_set_event_callback(s.turn, interrupt_on_first_delta, &s, NULL, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(s.turn, 10000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  codex_turn_result_free(r);
  CHECK(tt_rec_wait(&s.rec, &s.rec.n_completed, 1, 5000));
  pthread_mutex_lock(&s.rec.mu);
  CHECK(s.interrupt_status == CODEX_STATUS_OK);
  pthread_mutex_unlock(&s.rec.mu);
  codex_turn_free(s.turn);
  tt_rec_destroy(&s.rec);
  codex_thread_free(t);
  codex_free(c);
}

/* turn/start on a busy thread joins the active turn: same id, and the joined handle sees only
 * the events after its request (no turn/started), through turn/completed. */
static void start_on_busy_thread_joins(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *first = NULL;
  CHECK_OK(codex_thread_turn(t, "hold for a joiner", NULL, &first, &err));
  pull_until_first_delta(first);

  codex_turn *joined = NULL;
  CHECK_OK(codex_thread_turn(t, "joining in lime-3", NULL, &joined, &err));
  CHECK_STREQ(codex_turn_id(joined), codex_turn_id(first));

  int started = 0, completed = 0;
  for (;;) {
    codex_event *ev = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_next_event(joined, 30000, &ev, &err);
    if (st == CODEX_STATUS_END) break;
    if (st != CODEX_STATUS_OK) TS_FAIL("next_event returned %d: %s", (int)st, err ? codex_error_message(err) : "");
    started += codex_event_kind(ev) == CODEX_EVENT_TURN_STARTED;
    completed += codex_event_kind(ev) == CODEX_EVENT_TURN_COMPLETED;
    const char *tid = codex_event_turn_id(ev);
    if (tid) CHECK_STREQ(tid, codex_turn_id(first));
    codex_event_free(ev);
  }
  CHECK(started == 0);
  CHECK(completed == 1);
  drain(first);

  codex_turn_result *a = NULL, *b = NULL;
  CHECK_OK(codex_turn_wait(first, 5000, &a, &err));
  CHECK_OK(codex_turn_wait(joined, 5000, &b, &err));
  CHECK(codex_turn_result_status(a) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(a), "You said: joining in lime-3");
  CHECK_STREQ(codex_turn_result_final_response(b), codex_turn_result_final_response(a));
  codex_turn_result_free(a);
  codex_turn_result_free(b);
  codex_turn_free(joined);
  codex_turn_free(first);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(steer_mid_turn);
  RUN_TEST(start_on_busy_thread_joins);
  RUN_TEST(interrupt_mid_turn_is_prompt);
  RUN_TEST(interrupt_from_callback);
  return ts_finish();
}
