/* Fault injection (issue 7) beyond test_faults.c: the app-server SIGKILLed with every kind of
 * waiter blocked, a server that closes stdout but lives on, one that stops reading stdin, garbage
 * and a 64 MiB line, a JSON array posing as a response, a flood of 3000 concurrent requests
 * through -32001 refusals, and turns that never complete (watchdog, or wait timeout + interrupt).
 * The fake is tests/fixtures/fake_faults.py. Each case ends with every blocked call returned and
 * every callback's drop run exactly once; ASan / valgrind runs of this binary prove "no leak".
 * SIGPIPE keeps its default action: a library write to a dead server that raised it would kill
 * this process. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "reliability_support.h"

/* ---- SIGKILL with every kind of waiter blocked ------------------------------------------ */

typedef struct {
  const codex_client *client;
  const codex_turn *turn;
  const codex_login *login;
  int kind; /* 0 turn_wait, 1 turn_next_event, 2 login_wait, 3 request, 4 next_notification */
  codex_status status;
  double at_ms;
  char tail[256];
} waiter;

static void *waiter_main(void *arg) {
  waiter *w = (waiter *)arg;
  codex_error *e = NULL;
  switch (w->kind) {
    case 0: {
      codex_turn_result *r = NULL;
      w->status = codex_turn_wait(w->turn, -1, &r, &e);
      codex_turn_result_free(r);
      break;
    }
    case 1: {
      /* Pull until the stream fails: the events already sent come first. */
      codex_event *ev = NULL;
      while ((w->status = codex_turn_next_event(w->turn, -1, &ev, &e)) == CODEX_STATUS_OK)
        codex_event_free(ev);
      break;
    }
    case 2: {
      codex_login_result *r = NULL;
      w->status = codex_login_wait(w->login, -1, &r, &e);
      codex_login_result_free(r);
      break;
    }
    case 3: {
      char *res = NULL;
      w->status = codex_request(w->client, "fake/hang", NULL, -1, &res, &e);
      codex_string_free(res);
      break;
    }
    case 4: {
      codex_event *ev = NULL;
      while ((w->status = codex_next_notification(w->client, -1, &ev, &e)) == CODEX_STATUS_OK)
        codex_event_free(ev);
      break;
    }
  }
  w->at_ms = ts_now_ms();
  const char *tail = e ? codex_error_stderr_tail(e) : NULL;
  snprintf(w->tail, sizeof w->tail, "%s", tail ? tail : "");
  codex_error_free(e);
  return NULL;
}

#define N_WAITERS 5

static void sigkill_releases_every_waiter(void) {
  char pid_file[128];
  rs_pid_path(pid_file, sizeof pid_file, "kill");
  codex_client *c = rs_fake_client("stall", NULL, pid_file);
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  codex_turn *t_wait = NULL, *t_pull = NULL, *t_push = NULL;
  CHECK_OK(codex_thread_turn(th, "wait for me", NULL, &t_wait, &err));
  CHECK_OK(codex_thread_turn(th, "pull me", NULL, &t_pull, &err));
  CHECK_OK(codex_thread_turn(th, "push me", NULL, &t_push, &err));
  codex_login *login = NULL;
  CHECK_OK(codex_login_chatgpt(c, &login, &err));

  /* Callback forms: events, turn completion, login completion, an async request. */
  rs_counter ev_k, done_k, login_k, req_k;
  memset(&ev_k, 0, sizeof ev_k);
  memset(&done_k, 0, sizeof done_k);
  memset(&login_k, 0, sizeof login_k);
  memset(&req_k, 0, sizeof req_k);
  CHECK_OK(codex_turn_set_event_callback(t_push, rs_on_event_count, &ev_k, rs_counter_drop, &err));
  CHECK_OK(codex_turn_on_complete(t_push, rs_on_turn_complete, &done_k, rs_counter_drop, &err));
  CHECK_OK(codex_login_on_complete(login, rs_on_login_complete, &login_k, rs_counter_drop, &err));
  CHECK_OK(codex_request_async(c, "fake/hang", NULL, -1, rs_on_request, &req_k, rs_counter_drop,
                               &err));

  waiter w[N_WAITERS];
  pthread_t tid[N_WAITERS];
  for (int i = 0; i < N_WAITERS; i++) {
    memset(&w[i], 0, sizeof w[i]);
    w[i].client = c;
    w[i].turn = i == 0 ? t_wait : t_pull;
    w[i].login = login;
    w[i].kind = i;
    CHECK(pthread_create(&tid[i], NULL, waiter_main, &w[i]) == 0);
  }
  ts_sleep_ms((int)(300 * rs_scale())); /* everyone is blocked now */
  for (int i = 0; i < N_WAITERS; i++) CHECK(w[i].at_ms == 0);

  pid_t pid = rs_read_pid(pid_file);
  double killed_at = ts_now_ms();
  CHECK(kill(pid, SIGKILL) == 0);
  for (int i = 0; i < N_WAITERS; i++) pthread_join(tid[i], NULL);
  CHECK(rs_wait_count(&done_k.calls, 1, 2000) && rs_wait_count(&login_k.calls, 1, 2000) &&
        rs_wait_count(&req_k.calls, 1, 2000));

  /* ABI: every waiter gets TRANSPORT within 100 ms of the death, with the stderr tail. */
  double limit = 100 * rs_scale();
  for (int i = 0; i < N_WAITERS; i++) {
    if (w[i].status != CODEX_STATUS_TRANSPORT)
      TS_FAIL("waiter %d returned %d, expected TRANSPORT", i, (int)w[i].status);
    if (w[i].at_ms - killed_at > limit)
      TS_FAIL("waiter %d returned %.0f ms after the kill (limit %.0f)", i,
              w[i].at_ms - killed_at, limit);
    CHECK_CONTAINS(w[i].tail, "fake_faults: started pid");
  }
  rs_counter *cbs[3] = {&done_k, &login_k, &req_k};
  for (int i = 0; i < 3; i++) {
    CHECK(RS_GET(&cbs[i]->calls) == 1);
    CHECK(cbs[i]->status == CODEX_STATUS_TRANSPORT);
    CHECK_CONTAINS(cbs[i]->tail, "fake_faults: started pid");
    if (cbs[i]->at_ms - killed_at > limit)
      TS_FAIL("callback %d ran %.0f ms after the kill", i, cbs[i]->at_ms - killed_at);
  }
  CHECK(RS_GET(&ev_k.calls) >= 2); /* turn/started + the delta reached the push callback */

  /* After the death: every call is TRANSPORT at once, and no write kills us with SIGPIPE. */
  for (int i = 0; i < 3; i++) {
    double t0 = ts_now_ms();
    char *res = NULL;
    codex_error *e = NULL;
    CHECK(codex_request(c, "fake/after", "{}", 5000, &res, &e) == CODEX_STATUS_TRANSPORT);
    CHECK(res == NULL && e && codex_error_status(e) == CODEX_STATUS_TRANSPORT);
    CHECK_CONTAINS(codex_error_stderr_tail(e), "fake_faults: started pid");
    codex_error_free(e);
    CHECK(ts_now_ms() - t0 < 100 * rs_scale());
  }
  codex_turn *late = NULL;
  CHECK_STATUS(CODEX_STATUS_TRANSPORT, codex_thread_turn(th, "late", NULL, &late, &ts_err_));
  CHECK(late == NULL);
  CHECK_STATUS(CODEX_STATUS_TRANSPORT, codex_turn_steer(t_wait, "late", &ts_err_));
  CHECK_STATUS(CODEX_STATUS_TRANSPORT, codex_turn_interrupt(t_wait, &ts_err_));
  /* The login already ended (with TRANSPORT): cancelling it is OK, as after any completion. */
  CHECK_STATUS(CODEX_STATUS_OK, codex_login_cancel(login, &ts_err_));

  codex_turn_free(t_wait);
  codex_turn_free(t_pull);
  codex_turn_free(t_push);
  codex_login_free(login);
  codex_thread_free(th);
  codex_free(c);
  /* Every registered callback's drop ran exactly once. */
  CHECK(RS_GET(&ev_k.drops) == 1 && RS_GET(&done_k.drops) == 1);
  CHECK(RS_GET(&login_k.drops) == 1 && RS_GET(&req_k.drops) == 1);
  unlink(pid_file);
}

/* ---- stdout closed, process alive ----------------------------------------------------- */

static void closed_stdout_is_transport_and_free_reaps(void) {
  char pid_file[128];
  rs_pid_path(pid_file, sizeof pid_file, "stdout");
  codex_client *c = rs_fake_client("close_stdout", NULL, pid_file);
  pid_t pid = rs_read_pid(pid_file);
  char *res = NULL;
  codex_error *e = NULL;
  double t0 = ts_now_ms();
  /* The process lives 30 s more; the client must not wait for it. */
  CHECK(codex_request(c, "fake/ping", "{}", -1, &res, &e) == CODEX_STATUS_TRANSPORT);
  CHECK(ts_now_ms() - t0 < 1000 * rs_scale());
  CHECK_CONTAINS(codex_error_message(e), "stdout");
  codex_error_free(e);
  CHECK(kill(pid, 0) == 0); /* still running */
  t0 = ts_now_ms();
  codex_free(c);
  CHECK(ts_now_ms() - t0 < 3000 * rs_scale());
  /* codex_free terminated the process group: the lingering server is gone. */
  CHECK(rs_gone_within(pid, (int)(3000 * rs_scale())));
  unlink(pid_file);
}

/* ---- stdin never read: writes back up ---------------------------------------------------- */

static void unread_stdin_backs_up_without_hanging(void) {
  char pid_file[128];
  rs_pid_path(pid_file, sizeof pid_file, "stdin");
  codex_client *c = rs_fake_client("stop_reading", NULL, pid_file);
  pid_t pid = rs_read_pid(pid_file);
  /* 1 MiB params each: far more than a pipe holds, so the writer is stuck mid-write. */
  size_t big = 1 << 20;
  char *params = (char *)malloc(big + 16);
  strcpy(params, "{\"pad\":\"");
  memset(params + 8, 'p', big);
  strcpy(params + 8 + big, "\"}");
  for (int i = 0; i < 6; i++) {
    char *res = NULL;
    codex_error *e = NULL;
    double t0 = ts_now_ms();
    codex_status st = codex_request(c, "fake/ping", params, 200, &res, &e);
    double took = ts_now_ms() - t0;
    if (st != CODEX_STATUS_TIMEOUT) TS_FAIL("request %d returned %d, expected TIMEOUT", i, (int)st);
    CHECK(e == NULL && res == NULL); /* TIMEOUT writes no error object */
    if (took > 200 + 500 * rs_scale()) TS_FAIL("a 200 ms request took %.0f ms", took);
  }
  free(params);
  rs_counter k;
  memset(&k, 0, sizeof k);
  CHECK_OK(codex_request_async(c, "fake/ping", NULL, 200, rs_on_request, &k, rs_counter_drop, &err));
  CHECK(rs_wait_count(&k.calls, 1, 2000));
  CHECK(k.status == CODEX_STATUS_TIMEOUT);
  double t0 = ts_now_ms();
  codex_free(c); /* must not wait on the stuck write */
  CHECK(ts_now_ms() - t0 < 3000 * rs_scale());
  CHECK(RS_GET(&k.drops) == 1);
  CHECK(rs_gone_within(pid, (int)(3000 * rs_scale())));
  unlink(pid_file);
}

/* ---- garbage, a JSON array posing as a response, a 64 MiB line ------------------------- */

typedef struct {
  pthread_mutex_t mu;
  char text[8192];
} log_sink;

static void collect_log(void *ud, codex_log_level level, const char *msg) {
  log_sink *s = (log_sink *)ud;
  (void)level;
  pthread_mutex_lock(&s->mu);
  size_t n = strlen(s->text);
  snprintf(s->text + n, sizeof s->text - n, "%s\n", msg);
  pthread_mutex_unlock(&s->mu);
}

static int log_has(log_sink *s, const char *needle) {
  pthread_mutex_lock(&s->mu);
  int found = strstr(s->text, needle) != NULL;
  pthread_mutex_unlock(&s->mu);
  return found;
}

/* The huge line's size in MiB: 64, unless a slow run (valgrind) asks for less. */
static int huge_mib(void) {
  const char *s = getenv("CODEX_TEST_HUGE_MIB");
  return s && atoi(s) > 0 ? atoi(s) : 64;
}

static void garbage_is_skipped_and_unknowns_pass_through(void) {
  static log_sink sink;
  memset(&sink, 0, sizeof sink);
  pthread_mutex_init(&sink.mu, NULL);
  char mib[16];
  snprintf(mib, sizeof mib, "%d", huge_mib());
  codex_options *o = rs_fake_options("garbage_big", mib, NULL);
  CHECK_OK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, collect_log, &sink, NULL, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);

  /* The fake sends `[<this request's id>]` before the real answer: a JSON array is not a
   * response, so the result must be the echo, not `null`. */
  char *res = NULL;
  CHECK_OK(codex_request(c, "fake/ping", "{\"n\":1}", (int64_t)(60000 * rs_scale()), &res, &err));
  CHECK_CONTAINS(res, "fake/ping");
  codex_string_free(res);

  /* Unknown notifications reach the queue as raw OTHER events, intact. */
  const char *want[] = {"fake/huge", "fake/unknownNotification", "fake/bigNotification",
                        "fake/splitNotification"};
  for (int i = 0; i < 4; i++) {
    codex_event *ev = NULL;
    CHECK_OK(codex_next_notification(c, (int64_t)(5000 * rs_scale()), &ev, &err));
    CHECK_STREQ(codex_event_method(ev), want[i]);
    CHECK(codex_event_kind(ev) == CODEX_EVENT_OTHER);
    size_t len = 0;
    const char *params = codex_event_params(ev, &len);
    CHECK(params != NULL);
    if (i == 0) CHECK(len == ((size_t)huge_mib() << 20) + strlen("{\"data\":\"\"}"));
    if (i == 3) CHECK(len > 0 && memmem(params, len, "written in small pieces", 23) != NULL);
    codex_event_free(ev);
  }

  /* A turn with an item type nobody knows, and a broken line in the middle: it completes, and
   * the unknown item passes through as an ordinary item event. */
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  codex_turn *t = NULL;
  CHECK_OK(codex_thread_turn(th, "odd items", NULL, &t, &err));
  int saw_unknown_item = 0, saw_future_delta = 0;
  codex_event *ev = NULL;
  codex_status st;
  while ((st = codex_turn_next_event(t, (int64_t)(60000 * rs_scale()), &ev, NULL)) ==
         CODEX_STATUS_OK) {
    size_t len = 0;
    const char *p = codex_event_params(ev, &len);
    if (codex_event_kind(ev) == CODEX_EVENT_ITEM_STARTED && memmem(p, len, "futureItemType", 14))
      saw_unknown_item = 1;
    if (codex_event_kind(ev) == CODEX_EVENT_OTHER &&
        strcmp(codex_event_method(ev), "item/futureDelta") == 0)
      saw_future_delta = 1;
    codex_event_free(ev);
  }
  CHECK(st == CODEX_STATUS_END);
  CHECK(saw_unknown_item && saw_future_delta);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(t, 0, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_items_json(r), "futureItemType");
  codex_turn_result_free(r);
  codex_turn_free(t);
  codex_thread_free(th);

  /* The client logged what it skipped (log delivery is asynchronous: give it a moment). */
  const char *logged[] = {"not UTF-8", "not a JSON-RPC object", "unknown id"};
  for (int i = 0; i < 3; i++) {
    double t0 = ts_now_ms();
    while (!log_has(&sink, logged[i]) && ts_now_ms() - t0 < 2000 * rs_scale()) ts_sleep_ms(5);
    if (!log_has(&sink, logged[i])) TS_FAIL("nothing logged about \"%s\": %s", logged[i], sink.text);
  }
  codex_free(c);
  pthread_mutex_destroy(&sink.mu);
}

/* ---- 3000 concurrent requests through -32001 refusals --------------------------------- */

#define FLOOD 3000

typedef struct {
  int index;
  int ok;
  int calls;
  int drops;
} flood_slot;

static void flood_done(void *ud, codex_status st, const char *result, const codex_error *e) {
  flood_slot *s = (flood_slot *)ud;
  (void)e;
  char want[32];
  snprintf(want, sizeof want, "\"i\": %d}", s->index);
  s->ok = st == CODEX_STATUS_OK && result && strstr(result, want) != NULL;
  RS_INC(&s->calls);
}

static void flood_drop(void *ud) { RS_INC(&((flood_slot *)ud)->drops); }

static void flood_of_requests_through_overload(void) {
  /* The first 300 requests are refused with -32001: retried with backoff, then answered. */
  codex_client *c = rs_fake_client("overload", "300", NULL);
  flood_slot *slots = (flood_slot *)calloc(FLOOD, sizeof *slots);
  double t0 = ts_now_ms();
  for (int i = 0; i < FLOOD; i++) {
    char params[32];
    slots[i].index = i;
    snprintf(params, sizeof params, "{\"i\":%d}", i);
    CHECK_OK(codex_request_async(c, "fake/flood", params, -1, flood_done, &slots[i], flood_drop,
                                 &err));
  }
  int done = 0;
  while (ts_now_ms() - t0 < 60000 * rs_scale()) {
    done = 0;
    for (int i = 0; i < FLOOD; i++) done += RS_GET(&slots[i].calls);
    if (done == FLOOD) break;
    ts_sleep_ms(10);
  }
  if (done != FLOOD) TS_FAIL("%d of %d requests completed", done, FLOOD);
  for (int i = 0; i < FLOOD; i++) {
    if (slots[i].calls != 1 || !slots[i].ok) TS_FAIL("request %d: calls %d ok %d", i, slots[i].calls, slots[i].ok);
    if (RS_GET(&slots[i].drops) != 1) TS_FAIL("request %d: drop ran %d times", i, slots[i].drops);
  }
  printf("# %d requests (300 refused first) in %.0f ms\n", FLOOD, ts_now_ms() - t0);
  codex_free(c);
  free(slots);
}

/* ---- turns that never complete ---------------------------------------------------------- */

static void watchdog_fails_a_turn_the_server_abandons(void) {
  /* stall: interrupt is acknowledged but the turn still never completes. */
  codex_options *o = rs_fake_options("stall", NULL, NULL);
  CHECK_OK(codex_options_set_idle_timeout_ms(o, 300, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  codex_turn *t = NULL;
  rs_counter k;
  memset(&k, 0, sizeof k);
  double t0 = ts_now_ms();
  CHECK_OK(codex_thread_turn(th, "never ends", NULL, &t, &err));
  CHECK_OK(codex_turn_on_complete(t, rs_on_turn_complete, &k, rs_counter_drop, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(t, (int64_t)(10000 * rs_scale()), &r, &err));
  double took = ts_now_ms() - t0;
  CHECK(codex_turn_result_status(r) == CODEX_TURN_FAILED);
  CHECK(codex_turn_result_watchdog_fired(r));
  CHECK_CONTAINS(codex_turn_result_error(r), "watchdog");
  /* 300 ms idle + a 200 ms interrupt grace + a 200 ms completion grace. */
  if (took < 290 || took > 700 + 1500 * rs_scale()) TS_FAIL("the watchdog took %.0f ms", took);
  codex_turn_result_free(r);
  CHECK(rs_wait_count(&k.calls, 1, 2000) && k.status == CODEX_STATUS_OK);
  codex_turn_free(t);
  CHECK(RS_GET(&k.drops) == 1);
  codex_thread_free(th);
  codex_free(c);
}

static void without_watchdog_wait_times_out_and_interrupt_ends_it(void) {
  codex_options *o = rs_fake_options("no_turn_completed", NULL, NULL);
  CHECK_OK(codex_options_set_idle_timeout_ms(o, 0, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  codex_turn *t = NULL;
  CHECK_OK(codex_thread_turn(th, "never ends", NULL, &t, &err));
  codex_turn_result *r = NULL;
  codex_error *e = NULL;
  double t0 = ts_now_ms();
  CHECK(codex_turn_wait(t, 300, &r, &e) == CODEX_STATUS_TIMEOUT);
  CHECK(r == NULL && e == NULL);
  double took = ts_now_ms() - t0;
  CHECK(took >= 290 && took < 300 + 1000 * rs_scale());
  /* Nothing ends it by itself (no watchdog); the host can still interrupt it. */
  CHECK(codex_turn_wait(t, 200, &r, &e) == CODEX_STATUS_TIMEOUT);
  CHECK_OK(codex_turn_interrupt(t, &err));
  CHECK_OK(codex_turn_wait(t, (int64_t)(5000 * rs_scale()), &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  CHECK(!codex_turn_result_watchdog_fired(r));
  codex_turn_result_free(r);
  codex_turn_free(t);
  codex_thread_free(th);
  codex_free(c);
}

int main(void) {
  RUN_TEST(sigkill_releases_every_waiter);
  RUN_TEST(closed_stdout_is_transport_and_free_reaps);
  RUN_TEST(unread_stdin_backs_up_without_hanging);
  RUN_TEST(garbage_is_skipped_and_unknowns_pass_through);
  RUN_TEST(flood_of_requests_through_overload);
  RUN_TEST(watchdog_fails_a_turn_the_server_abandons);
  RUN_TEST(without_watchdog_wait_times_out_and_interrupt_ends_it);
  return ts_finish();
}
