/* Concurrency: two threads streaming at once (each turn handle sees only its own events), eight
 * host threads running turns on one client, and freeing the client while turns are in flight
 * and other host threads are blocked on them. Real app-server, offline mock. */
#include "turns_support.h"

#define STREAM_N 200

/* Which turn each delta belonged to, in global arrival order (to report interleaving). */
static pthread_mutex_t order_mu = PTHREAD_MUTEX_INITIALIZER;
static char order[2 * STREAM_N + 16];
static int order_len;

typedef struct {
  tt_rec rec;
  char tag;
} tagged;

static void tagged_event(void *user_data, const codex_event *ev) {
  tagged *t = (tagged *)user_data;
  tt_rec_event(&t->rec, ev);
  if (codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
    pthread_mutex_lock(&order_mu);
    if (order_len < (int)sizeof order - 1) order[order_len++] = t->tag;
    pthread_mutex_unlock(&order_mu);
  }
}

static void two_threads_stream_at_once(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *a = tt_thread(c, NULL);
  codex_thread *b = tt_thread(c, NULL);
  tagged ra, rb;
  memset(&ra, 0, sizeof ra);
  memset(&rb, 0, sizeof rb);
  tt_rec_init(&ra.rec);
  tt_rec_init(&rb.rec);
  ra.tag = 'a';
  rb.tag = 'b';

  codex_turn *ta = NULL, *tb = NULL;
  CHECK_OK(codex_thread_turn(a, "stream 200 on thread a", NULL, &ta, &err));
  CHECK_OK(codex_thread_turn(b, "stream 200 on thread b", NULL, &tb, &err));
  CHECK(strcmp(codex_turn_id(ta), codex_turn_id(tb)) != 0);
  snprintf(ra.rec.turn_id, sizeof ra.rec.turn_id, "%s", codex_turn_id(ta));
  snprintf(rb.rec.turn_id, sizeof rb.rec.turn_id, "%s", codex_turn_id(tb));
  CHECK_OK(codex_turn_set_event_callback(ta, tagged_event, &ra, tt_rec_drop, &err));
  CHECK_OK(codex_turn_set_event_callback(tb, tagged_event, &rb, tt_rec_drop, &err));

  codex_turn_result *r1 = NULL, *r2 = NULL;
  CHECK_OK(codex_turn_wait(ta, 60000, &r1, &err));
  CHECK_OK(codex_turn_wait(tb, 60000, &r2, &err));
  CHECK(tt_rec_wait(&ra.rec, &ra.rec.n_completed, 1, 10000));
  CHECK(tt_rec_wait(&rb.rec, &rb.rec.n_completed, 1, 10000));

  char *expected = tt_expected_stream(STREAM_N);
  tagged *both[2] = {&ra, &rb};
  for (int i = 0; i < 2; i++) {
    tt_rec *r = &both[i]->rec;
    pthread_mutex_lock(&r->mu);
    CHECK(r->n_foreign == 0);
    CHECK(r->n_deltas == STREAM_N);
    CHECK(r->n_completed == 1);
    CHECK_STREQ(tt_buf_str(&r->deltas), expected);
    pthread_mutex_unlock(&r->mu);
  }
  CHECK_STREQ(codex_turn_result_final_response(r1), expected);
  CHECK_STREQ(codex_turn_result_final_response(r2), expected);
  CHECK_STREQ(codex_turn_result_thread_id(r1), codex_thread_id(a));
  CHECK_STREQ(codex_turn_result_thread_id(r2), codex_thread_id(b));

  int switches = 0;
  pthread_mutex_lock(&order_mu);
  for (int i = 1; i < order_len; i++) switches += order[i] != order[i - 1];
  pthread_mutex_unlock(&order_mu);
  printf("# deltas switched between the two turns %d times\n", switches);

  codex_turn_result_free(r1);
  codex_turn_result_free(r2);
  codex_turn_free(ta);
  codex_turn_free(tb);
  CHECK(ra.rec.drops == 1 && rb.rec.drops == 1);
  free(expected);
  tt_rec_destroy(&ra.rec);
  tt_rec_destroy(&rb.rec);
  codex_thread_free(a);
  codex_thread_free(b);
  codex_free(c);
}

/* Eight host threads, one client, each running a turn on its own thread handle. */
#define WORKERS 8

typedef struct {
  codex_client *client;
  int index;
  char failure[512]; /* "" = passed */
  tt_rec rec;
} worker;

static void *worker_main(void *arg) {
  worker *w = (worker *)arg;
  codex_error *err = NULL;
  codex_thread *t = NULL;
  char text[64], want[96];
  snprintf(text, sizeof text, "worker %d checking in", w->index);
  snprintf(want, sizeof want, "You said: %s", text);
  if (codex_thread_start(w->client, NULL, &t, &err) != CODEX_STATUS_OK) {
    snprintf(w->failure, sizeof w->failure, "thread_start: %s", err ? codex_error_message(err) : "?");
    codex_error_free(err);
    return NULL;
  }
  codex_turn_result *r = NULL;
  if (codex_thread_run(t, text, NULL, tt_rec_event, &w->rec, &r, &err) != CODEX_STATUS_OK) {
    snprintf(w->failure, sizeof w->failure, "run: %s", err ? codex_error_message(err) : "?");
    codex_error_free(err);
  } else {
    const char *f = codex_turn_result_final_response(r);
    if (codex_turn_result_status(r) != CODEX_TURN_COMPLETED || !f || strcmp(f, want) != 0)
      snprintf(w->failure, sizeof w->failure, "status %d, final response \"%s\"",
               (int)codex_turn_result_status(r), f ? f : "(null)");
    else if (strcmp(codex_turn_result_thread_id(r), codex_thread_id(t)) != 0)
      snprintf(w->failure, sizeof w->failure, "result of another thread");
    else if (w->rec.n_completed != 1 || strcmp(tt_buf_str(&w->rec.deltas), want) != 0)
      snprintf(w->failure, sizeof w->failure, "events: %d completions, deltas \"%s\"",
               w->rec.n_completed, tt_buf_str(&w->rec.deltas));
    codex_turn_result_free(r);
  }
  codex_thread_free(t);
  return NULL;
}

static void eight_host_threads_run_turns(void) {
  codex_client *c = tt_client(NULL);
  worker w[WORKERS];
  pthread_t tid[WORKERS];
  double t0 = ts_now_ms();
  for (int i = 0; i < WORKERS; i++) {
    memset(&w[i], 0, sizeof w[i]);
    w[i].client = c;
    w[i].index = i;
    tt_rec_init(&w[i].rec);
    CHECK(pthread_create(&tid[i], NULL, worker_main, &w[i]) == 0);
  }
  for (int i = 0; i < WORKERS; i++) CHECK(pthread_join(tid[i], NULL) == 0);
  printf("# %d concurrent turns took %.0f ms\n", WORKERS, ts_now_ms() - t0);
  for (int i = 0; i < WORKERS; i++) {
    if (w[i].failure[0]) TS_FAIL("worker %d: %s", i, w[i].failure);
    tt_rec_destroy(&w[i].rec);
  }
  codex_free(c);
}

/* Freeing the client while turns are in flight: blocked waits and runs return CLOSED, callbacks
 * are released (drop once), and the child handles answer CLOSED afterwards. */
typedef struct {
  codex_turn *turn;
  codex_thread *thread;
  codex_status status;
  int done; /* guarded by blocked_mu */
} blocked_call;

static pthread_mutex_t blocked_mu = PTHREAD_MUTEX_INITIALIZER;

static void mark_done(blocked_call *b) {
  pthread_mutex_lock(&blocked_mu);
  b->done = 1;
  pthread_mutex_unlock(&blocked_mu);
}

static int is_done(blocked_call *b) {
  pthread_mutex_lock(&blocked_mu);
  int d = b->done;
  pthread_mutex_unlock(&blocked_mu);
  return d;
}

static void *wait_forever(void *arg) {
  blocked_call *b = (blocked_call *)arg;
  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  b->status = codex_turn_wait(b->turn, -1, &r, &err);
  if (b->status == CODEX_STATUS_OK) codex_turn_result_free(r);
  else if (err && codex_error_status(err) != b->status) b->status = CODEX_STATUS_INTERNAL;
  codex_error_free(err);
  mark_done(b);
  return NULL;
}

static void *run_forever(void *arg) {
  blocked_call *b = (blocked_call *)arg;
  codex_turn_result *r = NULL;
  codex_error *err = NULL;
  b->status = codex_thread_run(b->thread, "hold this run", NULL, NULL, NULL, &r, &err);
  if (b->status == CODEX_STATUS_OK) codex_turn_result_free(r);
  codex_error_free(err);
  mark_done(b);
  return NULL;
}

typedef struct {
  pthread_mutex_t mu;
  int calls, drops;
  codex_status status;
} complete_rec;

static void complete_fn(void *user_data, codex_status status, const codex_turn_result *result,
                        const codex_error *error) {
  complete_rec *c = (complete_rec *)user_data;
  (void)result;
  (void)error;
  pthread_mutex_lock(&c->mu);
  c->calls++;
  c->status = status;
  pthread_mutex_unlock(&c->mu);
}

static void complete_drop(void *user_data) {
  complete_rec *c = (complete_rec *)user_data;
  pthread_mutex_lock(&c->mu);
  c->drops++;
  pthread_mutex_unlock(&c->mu);
}

static void free_client_with_turns_in_flight(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t1 = tt_thread(c, NULL);
  codex_thread *t2 = tt_thread(c, NULL);

  /* Turn 1: held by the mock; one host thread blocks in codex_turn_wait on it, and it has push
   * and completion callbacks. */
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t1, "hold while the client closes", NULL, &turn, &err));
  tt_rec rec;
  tt_rec_init(&rec);
  complete_rec done;
  memset(&done, 0, sizeof done);
  pthread_mutex_init(&done.mu, NULL);
  CHECK_OK(codex_turn_set_event_callback(turn, tt_rec_event, &rec, tt_rec_drop, &err));
  CHECK_OK(codex_turn_on_complete(turn, complete_fn, &done, complete_drop, &err));
  CHECK(tt_rec_wait(&rec, &rec.n_deltas, 1, 30000)); /* the mock holds it now */

  blocked_call waiter = {turn, NULL, CODEX_STATUS_OK, 0};
  blocked_call runner = {NULL, t2, CODEX_STATUS_OK, 0};
  pthread_t wt, rt;
  CHECK(pthread_create(&wt, NULL, wait_forever, &waiter) == 0);
  CHECK(pthread_create(&rt, NULL, run_forever, &runner) == 0);
  ts_sleep_ms(500); /* both are blocked by now (the held turns cannot finish) */
  CHECK(!is_done(&waiter) && !is_done(&runner));

  double t0 = ts_now_ms();
  codex_free(c);
  CHECK(pthread_join(wt, NULL) == 0);
  CHECK(pthread_join(rt, NULL) == 0);
  printf("# free + blocked calls returned in %.0f ms\n", ts_now_ms() - t0);
  CHECK(waiter.status == CODEX_STATUS_CLOSED);
  CHECK(runner.status == CODEX_STATUS_CLOSED);

  /* Child handles outlive the client; their calls say CLOSED. */
  codex_turn_result *r = NULL;
  codex_turn *t = NULL;
  char *json = NULL;
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_turn_wait(turn, 1000, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_turn_steer(turn, "anyone there", &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_turn_interrupt(turn, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_turn_on_complete(turn, complete_fn, &done, NULL, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_thread_turn(t1, "new turn", NULL, &t, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_thread_run(t1, "new run", NULL, NULL, NULL, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_thread_read(t1, false, &json, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_thread_set_name(t2, "closed", &ts_err_));
  CHECK(r == NULL && t == NULL && json == NULL);
  /* Borrowed getters stay valid until the handle's own free. */
  CHECK(codex_turn_id(turn) != NULL && codex_thread_id(t1) != NULL);

  codex_turn_free(turn);
  ts_sleep_ms(50);
  pthread_mutex_lock(&rec.mu);
  CHECK(rec.drops == 1);
  CHECK(rec.n_completed == 0);
  pthread_mutex_unlock(&rec.mu);
  pthread_mutex_lock(&done.mu);
  CHECK(done.drops == 1);
  CHECK(done.calls <= 1);
  if (done.calls) CHECK(done.status == CODEX_STATUS_CLOSED);
  pthread_mutex_unlock(&done.mu);
  tt_rec_destroy(&rec);
  pthread_mutex_destroy(&done.mu);
  codex_thread_free(t1);
  codex_thread_free(t2);
}

int main(void) {
  RUN_TEST(two_threads_stream_at_once);
  RUN_TEST(eight_host_threads_run_turns);
  RUN_TEST(free_client_with_turns_in_flight);
  return ts_finish();
}
