/* Streaming a turn's events three ways: codex_thread_run's call-scoped callback, the pull API
 * (codex_turn_next_event) and the push API (codex_turn_set_event_callback + on_complete), plus
 * freeing a turn from inside its own callback. Real app-server, offline mock ("stream N"). */
#include "turns_support.h"

#define N_DELTAS 50

/* The kinds of a turn's events other than CODEX_EVENT_OTHER, as letters: their order is what
 * the three APIs must agree on. Informational notifications (rate limits, read state, status)
 * are OTHER and left out. */
typedef struct {
  tt_rec rec;
  char kinds[1024];
  int n_kinds;
  int bad_delta; /* a delta whose text does not match its reported length, or no item id */
} kind_rec;

static void kind_rec_event(void *user_data, const codex_event *ev) {
  kind_rec *k = (kind_rec *)user_data;
  tt_rec_event(&k->rec, ev);
  pthread_mutex_lock(&k->rec.mu);
  codex_event_kind_t kind = codex_event_kind(ev);
  if (kind != CODEX_EVENT_OTHER && k->n_kinds < (int)sizeof k->kinds - 1)
    k->kinds[k->n_kinds++] = (char)('A' + (int)kind);
  if (kind == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
    size_t n = 0;
    const char *d = codex_event_delta(ev, &n);
    if (!d || strlen(d) != n || !codex_event_item_id(ev)) k->bad_delta++;
  }
  pthread_mutex_unlock(&k->rec.mu);
}

static void kind_rec_init(kind_rec *k) {
  memset(k, 0, sizeof *k);
  tt_rec_init(&k->rec);
}

static void run_streams_deltas_in_order(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  kind_rec k;
  kind_rec_init(&k);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "please stream 50", NULL, kind_rec_event, &k, &r, &err));
  char *expected = tt_expected_stream(N_DELTAS);
  CHECK(k.rec.n_deltas == N_DELTAS);
  CHECK(k.bad_delta == 0);
  CHECK_STREQ(tt_buf_str(&k.rec.deltas), expected);
  CHECK_STREQ(codex_turn_result_final_response(r), expected);
  CHECK(k.rec.n_completed == 1);
  free(expected);
  codex_turn_result_free(r);
  tt_rec_destroy(&k.rec);
  codex_thread_free(t);
  codex_free(c);
}

/* Pull: codex_turn_next_event until END sees the same events as codex_thread_run's callback. */
static void pull_sees_the_same_events(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);

  kind_rec via_run;
  kind_rec_init(&via_run);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "stream 50 for run", NULL, kind_rec_event, &via_run, &r, &err));
  codex_turn_result_free(r);

  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "stream 50 for pull", NULL, &turn, &err));
  CHECK(turn != NULL);
  CHECK_STREQ(codex_turn_thread_id(turn), codex_thread_id(t));
  kind_rec via_pull;
  kind_rec_init(&via_pull);
  snprintf(via_pull.rec.turn_id, sizeof via_pull.rec.turn_id, "%s", codex_turn_id(turn));
  int ended = 0;
  for (int i = 0; i < 10000 && !ended; i++) {
    codex_event *ev = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_next_event(turn, 10000, &ev, &err);
    if (st == CODEX_STATUS_END) {
      CHECK(ev == NULL && err == NULL);
      ended = 1;
    } else {
      if (st != CODEX_STATUS_OK) TS_FAIL("next_event returned %d: %s", (int)st, err ? codex_error_message(err) : "");
      kind_rec_event(&via_pull, ev);
      codex_event_free(ev);
    }
  }
  CHECK(ended);
  /* END stays END. */
  codex_event *ev = NULL;
  CHECK(codex_turn_next_event(turn, 0, &ev, NULL) == CODEX_STATUS_END);
  CHECK(ev == NULL);

  char *expected = tt_expected_stream(N_DELTAS);
  CHECK(via_pull.rec.n_deltas == N_DELTAS);
  CHECK(via_pull.bad_delta == 0);
  CHECK(via_pull.rec.n_foreign == 0);
  CHECK(via_pull.rec.n_completed == 1);
  CHECK_STREQ(tt_buf_str(&via_pull.rec.deltas), expected);
  /* Same turn-level events, same order (A/B = turn started/completed, C/D = item
   * started/completed, E = agent-message delta, H = token usage). */
  CHECK_STREQ(via_pull.kinds, via_run.kinds);
  CHECK(via_pull.kinds[0] == 'A' + CODEX_EVENT_TURN_STARTED);
  CHECK(via_pull.kinds[via_pull.n_kinds - 1] == 'A' + CODEX_EVENT_TURN_COMPLETED);

  codex_turn_result *res = NULL;
  CHECK_OK(codex_turn_wait(turn, 5000, &res, &err));
  CHECK_STREQ(codex_turn_result_final_response(res), expected);
  CHECK_STREQ(codex_turn_result_id(res), codex_turn_id(turn));
  codex_turn_result_free(res);
  free(expected);
  codex_turn_free(turn);
  tt_rec_destroy(&via_run.rec);
  tt_rec_destroy(&via_pull.rec);
  codex_thread_free(t);
  codex_free(c);
}

/* Completion callback bookkeeping. */
typedef struct {
  pthread_mutex_t mu;
  int calls, drops;
  codex_status status;
  codex_turn_status turn_status;
  char final_response[1024];
  int deltas_seen_at_completion;
  tt_rec *events; /* the event recorder, to check ordering: completion comes after the events */
} done_rec;

static void done_fn(void *user_data, codex_status status, const codex_turn_result *result,
                    const codex_error *error) {
  done_rec *d = (done_rec *)user_data;
  (void)error;
  int deltas = 0;
  if (d->events) {
    pthread_mutex_lock(&d->events->mu);
    deltas = d->events->n_deltas;
    pthread_mutex_unlock(&d->events->mu);
  }
  pthread_mutex_lock(&d->mu);
  d->calls++;
  d->status = status;
  d->deltas_seen_at_completion = deltas;
  if (result) {
    d->turn_status = codex_turn_result_status(result);
    const char *f = codex_turn_result_final_response(result);
    snprintf(d->final_response, sizeof d->final_response, "%s", f ? f : "(null)");
  }
  pthread_mutex_unlock(&d->mu);
}

static void done_drop(void *user_data) {
  done_rec *d = (done_rec *)user_data;
  pthread_mutex_lock(&d->mu);
  d->drops++;
  pthread_mutex_unlock(&d->mu);
}

static int done_calls(done_rec *d) {
  pthread_mutex_lock(&d->mu);
  int n = d->calls;
  pthread_mutex_unlock(&d->mu);
  return n;
}

/* Push: the event callback sees every event, on_complete fires once after the last one, and each
 * drop runs once. */
static void push_callbacks_and_on_complete(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "stream 50 pushed", NULL, &turn, &err));

  tt_rec rec;
  tt_rec_init(&rec);
  snprintf(rec.turn_id, sizeof rec.turn_id, "%s", codex_turn_id(turn));
  done_rec done;
  memset(&done, 0, sizeof done);
  pthread_mutex_init(&done.mu, NULL);
  done.events = &rec;
  CHECK_OK(codex_turn_set_event_callback(turn, tt_rec_event, &rec, tt_rec_drop, &err));
  CHECK_OK(codex_turn_on_complete(turn, done_fn, &done, done_drop, &err));

  /* Pulling is no longer possible once events are pushed. */
  codex_event *ev = NULL;
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_turn_next_event(turn, 0, &ev, &ts_err_));

  double deadline = ts_now_ms() + 30000;
  while (done_calls(&done) == 0 && ts_now_ms() < deadline) ts_sleep_ms(5);
  CHECK(done_calls(&done) == 1);
  char *expected = tt_expected_stream(N_DELTAS);
  CHECK(done.status == CODEX_STATUS_OK);
  CHECK(done.turn_status == CODEX_TURN_COMPLETED);
  CHECK_STREQ(done.final_response, expected);
  /* The completion callback ran after the turn's last event callback. */
  CHECK(done.deltas_seen_at_completion == N_DELTAS);
  pthread_mutex_lock(&rec.mu);
  CHECK(rec.n_deltas == N_DELTAS);
  CHECK(rec.n_completed == 1);
  CHECK(rec.n_foreign == 0);
  CHECK_STREQ(tt_buf_str(&rec.deltas), expected);
  pthread_mutex_unlock(&rec.mu);

  /* The result is also there for a waiter. */
  codex_turn_result *res = NULL;
  CHECK_OK(codex_turn_wait(turn, 0, &res, &err));
  CHECK_STREQ(codex_turn_result_final_response(res), expected);
  codex_turn_result_free(res);

  /* on_complete on an ended turn fires at once (on the delivery thread). */
  done_rec late;
  memset(&late, 0, sizeof late);
  pthread_mutex_init(&late.mu, NULL);
  CHECK_OK(codex_turn_on_complete(turn, done_fn, &late, done_drop, &err));
  deadline = ts_now_ms() + 5000;
  while (done_calls(&late) == 0 && ts_now_ms() < deadline) ts_sleep_ms(5);
  CHECK(done_calls(&late) == 1);
  CHECK_STREQ(late.final_response, expected);

  codex_turn_free(turn);
  ts_sleep_ms(100);
  CHECK(done_calls(&done) == 1);
  pthread_mutex_lock(&done.mu);
  CHECK(done.drops == 1);
  pthread_mutex_unlock(&done.mu);
  pthread_mutex_lock(&late.mu);
  CHECK(late.drops == 1);
  pthread_mutex_unlock(&late.mu);
  pthread_mutex_lock(&rec.mu);
  CHECK(rec.drops == 1);
  pthread_mutex_unlock(&rec.mu);
  free(expected);
  tt_rec_destroy(&rec);
  pthread_mutex_destroy(&done.mu);
  pthread_mutex_destroy(&late.mu);
  codex_thread_free(t);
  codex_free(c);
}

/* Frees its own turn from inside the event callback on the first delta. */
typedef struct {
  tt_rec rec;
  codex_turn *turn;
  int calls_after_free;
  int freed;
} self_free;

static void self_free_event(void *user_data, const codex_event *ev) {
  self_free *s = (self_free *)user_data;
  tt_rec_event(&s->rec, ev);
  pthread_mutex_lock(&s->rec.mu);
  if (s->freed) s->calls_after_free++;
  int free_now = !s->freed && codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
  if (free_now) s->freed = 1;
  pthread_mutex_unlock(&s->rec.mu);
  /* The free takes effect when this callback returns; the event stays valid until then. */
  if (free_now) {
    codex_turn_free(s->turn);
    CHECK(codex_event_method(ev) != NULL);
  }
}

static void free_turn_inside_its_callback(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  self_free s;
  memset(&s, 0, sizeof s);
  tt_rec_init(&s.rec);
  CHECK_OK(codex_thread_turn(t, "stream 200 then free", NULL, &s.turn, &err));
  CHECK_OK(codex_turn_set_event_callback(s.turn, self_free_event, &s, tt_rec_drop, &err));
  CHECK(tt_rec_wait(&s.rec, &s.rec.drops, 1, 30000));
  /* The rest of the turn (199 deltas, turn/completed) still arrives at the server side: give it
   * time, then check that none of it reached the freed handle's callback. */
  ts_sleep_ms(500);
  pthread_mutex_lock(&s.rec.mu);
  CHECK(s.freed == 1);
  CHECK(s.calls_after_free == 0);
  CHECK(s.rec.n_deltas == 1);
  CHECK(s.rec.drops == 1);
  pthread_mutex_unlock(&s.rec.mu);

  /* The client and thread still work. */
  codex_turn_result *r = tt_run(t, "after the self free", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  codex_turn_result_free(r);
  tt_rec_destroy(&s.rec);
  codex_thread_free(t);
  codex_free(c);
}

/* Frees its own turn from inside the completion callback. */
typedef struct {
  pthread_mutex_t mu;
  codex_turn *turn;
  int calls, drops;
} complete_free;

static void complete_free_fn(void *user_data, codex_status status, const codex_turn_result *result,
                             const codex_error *error) {
  complete_free *s = (complete_free *)user_data;
  (void)status;
  (void)error;
  CHECK(result != NULL);
  codex_turn_free(s->turn);
  /* The borrowed result stays valid for the whole call. */
  CHECK(codex_turn_result_final_response(result) != NULL);
  pthread_mutex_lock(&s->mu);
  s->calls++;
  pthread_mutex_unlock(&s->mu);
}

static void complete_free_drop(void *user_data) {
  complete_free *s = (complete_free *)user_data;
  pthread_mutex_lock(&s->mu);
  s->drops++;
  pthread_mutex_unlock(&s->mu);
}

static void free_turn_inside_on_complete(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  complete_free s;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mu, NULL);
  CHECK_OK(codex_thread_turn(t, "free me when done", NULL, &s.turn, &err));
  CHECK_OK(codex_turn_on_complete(s.turn, complete_free_fn, &s, complete_free_drop, &err));
  double deadline = ts_now_ms() + 30000;
  int drops = 0;
  while (ts_now_ms() < deadline) {
    pthread_mutex_lock(&s.mu);
    drops = s.drops;
    pthread_mutex_unlock(&s.mu);
    if (drops) break;
    ts_sleep_ms(5);
  }
  ts_sleep_ms(50);
  pthread_mutex_lock(&s.mu);
  CHECK(s.calls == 1);
  CHECK(s.drops == 1);
  pthread_mutex_unlock(&s.mu);
  pthread_mutex_destroy(&s.mu);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(run_streams_deltas_in_order);
  RUN_TEST(pull_sees_the_same_events);
  RUN_TEST(push_callbacks_and_on_complete);
  RUN_TEST(free_turn_inside_its_callback);
  RUN_TEST(free_turn_inside_on_complete);
  return ts_finish();
}
