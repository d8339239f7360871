/* Concurrency stress (issue 7): many turns on several threads of one client at once, with
 * callbacks that call back into the library: steer and interrupt from an event callback, free
 * the turn from its own event or completion callback, start nothing twice. The server is the
 * scripted fake in its `turns` scenario (fast, deterministic; "hold" turns stay active until
 * steered or interrupted). Every turn must end, every callback's drop must run exactly once,
 * and nothing may deadlock (the ctest timeout would say so). */
#include "reliability_support.h"

#define STRESS_THREADS 4
#define TURNS_PER_THREAD 40

enum { PLAIN, STEER, INTERRUPT, FREE_IN_EVENT };

typedef struct {
  codex_turn *turn;
  int mode;
  int events, acted, done_calls, drops, status, turn_status;
  int steer_status;
} tctx;

static void ctx_drop(void *ud) { RS_INC(&((tctx *)ud)->drops); }

static void on_event(void *ud, const codex_event *ev) {
  tctx *c = (tctx *)ud;
  RS_INC(&c->events);
  if (codex_event_kind(ev) != CODEX_EVENT_AGENT_MESSAGE_DELTA || RS_GET(&c->acted)) return;
  RS_SET(&c->acted, 1);
  switch (c->mode) {
    case STEER: /* a blocking request from the delivery thread: its answer comes from the reader */
      c->steer_status = (int)codex_turn_steer(c->turn, "go on", NULL);
      break;
    case INTERRUPT:
      c->steer_status = (int)codex_turn_interrupt(c->turn, NULL);
      break;
    case FREE_IN_EVENT:
      codex_turn_free(c->turn); /* its own callback: takes effect when this returns */
      RS_SET(&c->done_calls, 1);
      break;
  }
}

static void on_done(void *ud, codex_status st, const codex_turn_result *r, const codex_error *e) {
  tctx *c = (tctx *)ud;
  (void)e;
  c->status = (int)st;
  c->turn_status = r ? (int)codex_turn_result_status(r) : -1;
  codex_turn_free(c->turn); /* free the handle from inside its own completion callback */
  RS_INC(&c->done_calls);
}

typedef struct {
  codex_client *client;
  tctx turns[TURNS_PER_THREAD];
  int failures;
} worker;

static void *worker_main(void *arg) {
  worker *w = (worker *)arg;
  codex_thread *th = NULL;
  if (codex_thread_start(w->client, NULL, &th, NULL) != CODEX_STATUS_OK) {
    w->failures++;
    return NULL;
  }
  for (int i = 0; i < TURNS_PER_THREAD; i++) {
    tctx *c = &w->turns[i];
    c->mode = i % 4;
    const char *text = (c->mode == STEER || c->mode == INTERRUPT) ? "hold on" : "quick one";
    if (codex_thread_turn(th, text, NULL, &c->turn, NULL) != CODEX_STATUS_OK) {
      w->failures++;
      continue;
    }
    if (codex_turn_set_event_callback(c->turn, on_event, c, ctx_drop, NULL) != CODEX_STATUS_OK)
      w->failures++;
    if (c->mode != FREE_IN_EVENT &&
        codex_turn_on_complete(c->turn, on_done, c, ctx_drop, NULL) != CODEX_STATUS_OK)
      w->failures++;
    /* A steered / interrupted turn must end before the next turn on this thread starts, or the
     * server would join it; wait for its completion callback. */
    if (c->mode == STEER || c->mode == INTERRUPT)
      if (!rs_wait_count(&c->done_calls, 1, 10000)) w->failures++;
  }
  codex_thread_free(th);
  return NULL;
}

static void many_turns_with_reentrant_callbacks(void) {
  codex_client *c = rs_fake_client("turns", "3", NULL);
  worker *w = (worker *)calloc(STRESS_THREADS, sizeof *w);
  pthread_t tid[STRESS_THREADS];
  double t0 = ts_now_ms();
  for (int i = 0; i < STRESS_THREADS; i++) {
    w[i].client = c;
    CHECK(pthread_create(&tid[i], NULL, worker_main, &w[i]) == 0);
  }
  for (int i = 0; i < STRESS_THREADS; i++) pthread_join(tid[i], NULL);
  for (int i = 0; i < STRESS_THREADS; i++) {
    if (w[i].failures) TS_FAIL("worker %d: %d failed calls", i, w[i].failures);
    for (int j = 0; j < TURNS_PER_THREAD; j++) {
      tctx *t = &w[i].turns[j];
      int drops_wanted = t->mode == FREE_IN_EVENT ? 1 : 2;
      if (!rs_wait_count(&t->drops, drops_wanted, 10000))
        TS_FAIL("turn %d/%d (mode %d): %d drops, %d done, %d events", i, j, t->mode, t->drops,
                t->done_calls, t->events);
      CHECK(RS_GET(&t->done_calls) == 1);
      if (t->mode == FREE_IN_EVENT) continue;
      CHECK(t->status == CODEX_STATUS_OK);
      if (t->mode == INTERRUPT) {
        CHECK(t->steer_status == CODEX_STATUS_OK && t->turn_status == CODEX_TURN_INTERRUPTED);
      } else {
        CHECK(t->turn_status == CODEX_TURN_COMPLETED);
        if (t->mode == STEER) CHECK(t->steer_status == CODEX_STATUS_OK);
      }
    }
  }
  ts_sleep_ms(50);
  /* No drop ran twice. */
  for (int i = 0; i < STRESS_THREADS; i++)
    for (int j = 0; j < TURNS_PER_THREAD; j++)
      CHECK(RS_GET(&w[i].turns[j].drops) == (w[i].turns[j].mode == FREE_IN_EVENT ? 1 : 2));
  printf("# %d turns on %d threads in %.0f ms\n", STRESS_THREADS * TURNS_PER_THREAD,
         STRESS_THREADS, ts_now_ms() - t0);
  codex_free(c);
  free(w);
}

/* Clients created and freed concurrently, each with callbacks in flight at the free. */
static void *client_churn(void *arg) {
  int *failures = (int *)arg;
  for (int i = 0; i < 5; i++) {
    codex_options *o = rs_fake_options("turns", "50", NULL);
    codex_client *c = NULL;
    codex_error *err = NULL;
    if (codex_new(o, &c, &err) != CODEX_STATUS_OK) {
      fprintf(stderr, "codex_new failed: %s\nstderr tail: %s\n", codex_error_message(err),
              codex_error_stderr_tail(err) ? codex_error_stderr_tail(err) : "(none)");
      codex_error_free(err);
      RS_INC(failures);
      codex_options_free(o);
      continue;
    }
    codex_options_free(o);
    codex_thread *th = NULL;
    codex_turn *t = NULL;
    static tctx sink; /* shared: only counts, never checked exactly */
    if (codex_thread_start(c, NULL, &th, NULL) == CODEX_STATUS_OK &&
        codex_thread_turn(th, "quick", NULL, &t, NULL) == CODEX_STATUS_OK)
      codex_turn_set_event_callback(t, rs_on_event_count, &sink, NULL, NULL);
    codex_free(c); /* mid-stream: the turn's callback stops, its handle says CLOSED */
    codex_turn_free(t);
    codex_thread_free(th);
  }
  return NULL;
}

static void clients_churn_concurrently(void) {
  int failures = 0;
  pthread_t tid[3];
  for (int i = 0; i < 3; i++) CHECK(pthread_create(&tid[i], NULL, client_churn, &failures) == 0);
  for (int i = 0; i < 3; i++) pthread_join(tid[i], NULL);
  CHECK(failures == 0);
}

int main(void) {
  RUN_TEST(many_turns_with_reentrant_callbacks);
  RUN_TEST(clients_churn_concurrently);
  return ts_finish();
}
