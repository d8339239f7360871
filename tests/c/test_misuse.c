/* Misuse of the C API (issue 7): NULL for every pointer parameter of every function and invalid
 * UTF-8 / JSON in every string parameter (misuse_calls.inc, generated from include/codex.h by
 * tests/gen_misuse_calls.py), turn methods after completion, cancelling a login twice, freeing
 * handles from inside their own callbacks, freeing the client while other threads wait on it,
 * and many threads calling at once. None may crash, deadlock or leak (the ASan and valgrind
 * entries run this binary too). The server is the scripted fake (tests/fixtures/fake_faults.py). */
#include "reliability_support.h"

/* ---- the generated NULL / bad-string calls --------------------------------------------- */

static const char M_BAD_UTF8[] = {'b', 'a', 'd', (char)0xc3, (char)0x28, (char)0xff, 0};
#define M_BAD_JSON "{not json"

/* Valid handles for the arguments that are not under test. */
static codex_client *V_codex_client;
static codex_options *V_codex_options;
static codex_thread *V_codex_thread;
static codex_turn *V_codex_turn;
static codex_login *V_codex_login;
static codex_server_request *V_codex_server_request;
/* No real event or turn result here (the fake's turn never ends): NULL stands in, so the calls
 * that pass one while another argument is NULL are rejected for either reason. */
static const codex_event *V_codex_event;
static const codex_turn_result *V_codex_turn_result;
static codex_cancel *V_codex_cancel;
static codex_thread_stream *V_codex_thread_stream;
static codex_params *V_codex_params;
/* No process either (the fake runs no command): NULL stands in. */
static codex_process *V_codex_process;
static const uint8_t V_uint8_t[1] = {0};
static const char *const M_ARGV[] = {"true"};
static const codex_dynamic_tool V_tool = {"misuse_tool", "d", "{}"};
static const codex_dynamic_tool *V_codex_dynamic_tool = &V_tool;
static bool m_flag;
static bool *V_bool = &m_flag;

/* Outputs: must stay NULL when a call is rejected. */
static codex_error *m_err;
static char *m_str_out;
static size_t m_len;
static codex_client *m_out_codex_client;
static codex_event *m_out_codex_event;
static codex_login *m_out_codex_login;
static codex_login_result *m_out_codex_login_result;
static codex_page *m_out_codex_page;
static codex_exec_result *m_out_codex_exec_result;
static codex_process *m_out_codex_process;
static codex_process_output *m_out_codex_process_output;
static codex_file_matches *m_out_codex_file_matches;
static codex_mcp_servers *m_out_codex_mcp_servers;
static codex_mcp_tool_result *m_out_codex_mcp_tool_result;
static codex_mcp_resource *m_out_codex_mcp_resource;
static codex_thread *m_out_codex_thread;
static codex_turn *m_out_codex_turn;
static codex_thread_stream *m_out_codex_thread_stream;
static codex_turn_result *m_out_codex_turn_result;
static codex_item *m_out_codex_item;
static codex_goal *m_out_codex_goal;
static codex_rate_limits *m_out_codex_rate_limits;
static codex_account_usage *m_out_codex_account_usage;
static int m_checked;

static void m_event_fn(void *ud, const codex_event *ev) { (void)ud, (void)ev; }
static void m_output_fn(void *ud, codex_output_stream_t s, const uint8_t *d, size_t n) {
  (void)ud, (void)s, (void)d, (void)n;
}
static void m_request_fn(void *ud, codex_status st, const char *r, const codex_error *e) {
  (void)ud, (void)st, (void)r, (void)e;
}
static void m_login_fn(void *ud, codex_status st, const codex_login_result *r,
                       const codex_error *e) {
  (void)ud, (void)st, (void)r, (void)e;
}
static void m_turn_fn(void *ud, codex_status st, const codex_turn_result *r, const codex_error *e) {
  (void)ud, (void)st, (void)r, (void)e;
}
static void m_log_fn(void *ud, codex_log_level l, const char *m) { (void)ud, (void)l, (void)m; }
static void m_server_request_fn(void *ud, codex_server_request *r) {
  (void)ud;
  codex_server_request_free(r);
}

/* A rejected call: INVALID_ARGUMENT, an error saying so (and, for NULL, saying NULL). */
static void m_check_rejected(const char *label, codex_status st, int untouched, int says_null) {
  if (st != CODEX_STATUS_INVALID_ARGUMENT)
    TS_FAIL("%s returned %d, expected INVALID_ARGUMENT", label, (int)st);
  if (!m_err) TS_FAIL("%s wrote no error", label);
  if (codex_error_status(m_err) != CODEX_STATUS_INVALID_ARGUMENT)
    TS_FAIL("%s: error status %d", label, (int)codex_error_status(m_err));
  const char *msg = codex_error_message(m_err);
  if (!msg || !*msg) TS_FAIL("%s: empty error message", label);
  if (says_null && !strstr(msg, "NULL")) TS_FAIL("%s: message \"%s\" does not say NULL", label, msg);
  if (!untouched) TS_FAIL("%s wrote an output although it failed", label);
  codex_error_free(m_err);
  m_err = NULL;
  m_checked++;
}

#define M_EXPECT_INVALID(label, call, untouched) m_check_rejected(label, (call), (untouched), 1)
#define M_EXPECT_INVALID_ARG(label, call, untouched) m_check_rejected(label, (call), (untouched), 0)
#define M_EXPECT_INVALID_NO_ERR(label, call)                                          \
  do {                                                                                \
    codex_status st_ = (call);                                                        \
    if (st_ != CODEX_STATUS_INVALID_ARGUMENT)                                         \
      TS_FAIL("%s with err NULL returned %d", label, (int)st_);                       \
  } while (0)
#define M_EXPECT_NULL(label, call)                                                    \
  do {                                                                                \
    if ((call) != NULL) TS_FAIL("%s did not return NULL", label);                     \
    m_checked++;                                                                      \
  } while (0)
#define M_EXPECT_FALSE(label, call)                                                   \
  do {                                                                                \
    if (call) TS_FAIL("%s did not return false", label);                              \
    m_checked++;                                                                      \
  } while (0)
#define M_EXPECT_ZERO_OR_MINUS1(label, call)                                          \
  do {                                                                                \
    int64_t v_ = (call);                                                              \
    if (v_ != 0 && v_ != -1) TS_FAIL("%s returned %lld", label, (long long)v_);       \
    m_checked++;                                                                      \
  } while (0)
#define M_DONE(label) m_checked++
#define M_TOTAL(n)                                                                    \
  do {                                                                                \
    if (m_checked != (n)) TS_FAIL("checked %d calls, generated %d", m_checked, (n));  \
    printf("# %d generated misuse calls checked\n", (n));                             \
  } while (0)

#include "misuse_calls.inc"

static void keep_request(void *ud, codex_server_request *r) {
  V_codex_server_request = r; /* owned: freed at the end (unanswered -> safe default) */
  RS_INC((int *)ud);
}

static void null_and_bad_strings_for_every_function(void) {
  V_codex_client = rs_fake_client("stall", NULL, NULL);
  V_codex_options = codex_options_new();
  V_codex_cancel = codex_cancel_new();
  V_codex_params = codex_params_new(CODEX_PARAMS_THREAD);
  CHECK_OK(codex_thread_start(V_codex_client, NULL, &V_codex_thread, &err));
  CHECK_OK(codex_thread_turn(V_codex_thread, "stay", NULL, &V_codex_turn, &err));
  CHECK_OK(codex_thread_stream_open(V_codex_client, codex_thread_id(V_codex_thread), &V_codex_thread_stream, &err));
  CHECK_OK(codex_login_chatgpt(V_codex_client, &V_codex_login, &err));
  static int got;
  CHECK_OK(codex_set_server_request_handler(V_codex_client, keep_request, &got, NULL, &err));
  char *res = NULL;
  CHECK_OK(codex_request(V_codex_client, "fake/serverRequest", NULL, 5000, &res, &err));
  codex_string_free(res);
  CHECK(rs_wait_count(&got, 1, 5000));

  misuse_null_calls();

  /* Nothing above reached the server as a side effect: the handles still work. */
  res = NULL;
  CHECK_OK(codex_request(V_codex_client, "fake/ping", NULL, 5000, &res, &err));
  CHECK_CONTAINS(res, "fake/ping");
  codex_string_free(res);
  CHECK_OK(codex_server_request_respond(V_codex_server_request, "{\"decision\":\"decline\"}", &err));
  codex_server_request_free(V_codex_server_request);
  codex_login_free(V_codex_login);
  codex_turn_free(V_codex_turn);
  codex_thread_stream_free(V_codex_thread_stream);
  codex_thread_free(V_codex_thread);
  codex_options_free(V_codex_options);
  codex_cancel_free(V_codex_cancel);
  codex_params_free(V_codex_params);
  codex_free(V_codex_client);
}

/* ---- a completed turn ------------------------------------------------------------------- */

static void turn_methods_after_completion(void) {
  codex_client *c = rs_fake_client("turns", "2", NULL);
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  codex_turn *t = NULL;
  CHECK_OK(codex_thread_turn(th, "quick", NULL, &t, &err));
  codex_turn_result *r1 = NULL, *r2 = NULL;
  CHECK_OK(codex_turn_wait(t, 5000, &r1, &err));
  CHECK(codex_turn_result_status(r1) == CODEX_TURN_COMPLETED);
  /* Waiting again gives the same result at once. */
  CHECK_OK(codex_turn_wait(t, 0, &r2, &err));
  CHECK_STREQ(codex_turn_result_id(r1), codex_turn_result_id(r2));
  CHECK_STREQ(codex_turn_result_final_response(r1), codex_turn_result_final_response(r2));
  codex_turn_result_free(r1);
  codex_turn_result_free(r2);
  /* Steering an ended turn is the server's RPC error; interrupting it is a no-op (OK) or that
   * error. Neither hangs, and both leave the handle usable. */
  CHECK_STATUS(CODEX_STATUS_RPC, codex_turn_steer(t, "too late", &ts_err_));
  {
    codex_error *e = NULL;
    codex_status st = codex_turn_interrupt(t, &e);
    CHECK((st == CODEX_STATUS_OK && e == NULL) || (st == CODEX_STATUS_RPC && e != NULL));
    codex_error_free(e);
  }
  CHECK_OK(codex_turn_set_idle_timeout_ms(t, 100, &err));
  /* Registering callbacks now: the completion runs at once, once. */
  rs_counter done, evs;
  memset(&done, 0, sizeof done);
  memset(&evs, 0, sizeof evs);
  CHECK_OK(codex_turn_on_complete(t, rs_on_turn_complete, &done, rs_counter_drop, &err));
  CHECK(rs_wait_count(&done.calls, 1, 2000) && done.status == CODEX_STATUS_OK);
  /* Another completion callback after the end also runs at once, exactly once. */
  rs_counter second;
  memset(&second, 0, sizeof second);
  CHECK_OK(codex_turn_on_complete(t, rs_on_turn_complete, &second, rs_counter_drop, &err));
  CHECK(rs_wait_count(&second.calls, 1, 2000));
  /* The events are still there to pull, then END, and END again. */
  codex_event *ev = NULL;
  int n = 0;
  while (codex_turn_next_event(t, 0, &ev, NULL) == CODEX_STATUS_OK) {
    codex_event_free(ev);
    n++;
  }
  CHECK(n >= 4); /* started, 2 deltas, item, completed */
  codex_error *e = NULL;
  CHECK(codex_turn_next_event(t, 0, &ev, &e) == CODEX_STATUS_END && e == NULL);
  CHECK(codex_turn_next_event(t, 100, &ev, &e) == CODEX_STATUS_END && e == NULL);
  /* Switching to push after the end delivers nothing more, and is harmless. */
  CHECK_OK(codex_turn_set_event_callback(t, rs_on_event_count, &evs, rs_counter_drop, &err));
  ts_sleep_ms(50);
  CHECK(RS_GET(&evs.calls) == 0);
  codex_turn_free(t);
  CHECK(RS_GET(&done.drops) == 1 && RS_GET(&evs.drops) == 1 && RS_GET(&done.calls) == 1);
  CHECK(RS_GET(&second.drops) == 1 && RS_GET(&second.calls) == 1);
  codex_thread_free(th);
  codex_free(c);
}

/* ---- logins ------------------------------------------------------------------------------ */

static void cancel_login_twice(void) {
  codex_client *c = rs_fake_client("stall", NULL, NULL);
  codex_login *l = NULL;
  CHECK_OK(codex_login_chatgpt(c, &l, &err));
  CHECK_OK(codex_login_cancel(l, &err));
  CHECK_OK(codex_login_cancel(l, &err));
  codex_login_result *r = NULL;
  CHECK_OK(codex_login_wait(l, 5000, &r, &err));
  CHECK(!codex_login_result_success(r));
  codex_login_result_free(r);
  CHECK_OK(codex_login_cancel(l, &err)); /* after completion: still OK */
  codex_login_free(l);
  codex_free(c);
}

/* ---- frees from inside callbacks --------------------------------------------------------- */

typedef struct {
  codex_login *login;
  codex_client *client;
  codex_thread *thread;
  int calls, drops;
} self_free;

static void self_free_drop(void *ud) { RS_INC(&((self_free *)ud)->drops); }

static void login_frees_itself(void *ud, codex_status st, const codex_login_result *r,
                               const codex_error *e) {
  self_free *s = (self_free *)ud;
  (void)st, (void)e;
  CHECK(r && codex_login_result_login_id(r)); /* borrowed; still valid during the call */
  codex_login_free(s->login); /* takes effect when this returns */
  RS_INC(&s->calls);
}

static void turn_done_frees_thread(void *ud, codex_status st, const codex_turn_result *r,
                                   const codex_error *e) {
  self_free *s = (self_free *)ud;
  (void)st, (void)r, (void)e;
  codex_thread_free(s->thread);
  RS_INC(&s->calls);
}

static void note_frees_client(void *ud, const codex_event *ev) {
  self_free *s = (self_free *)ud;
  (void)ev;
  if (RS_INC(&s->calls) == 1) codex_free(s->client); /* the client whose callback is running */
}

static void free_handles_inside_their_callbacks(void) {
  codex_client *c = rs_fake_client("stall", NULL, NULL);
  self_free ls, ts, cs;
  memset(&ls, 0, sizeof ls);
  memset(&ts, 0, sizeof ts);
  memset(&cs, 0, sizeof cs);

  CHECK_OK(codex_login_chatgpt(c, &ls.login, &err));
  CHECK_OK(codex_login_on_complete(ls.login, login_frees_itself, &ls, self_free_drop, &err));
  CHECK_OK(codex_login_cancel(ls.login, &err));
  CHECK(rs_wait_count(&ls.drops, 1, 5000));
  CHECK(ls.calls == 1);

  CHECK_OK(codex_thread_start(c, NULL, &ts.thread, &err));
  codex_turn *t = NULL;
  CHECK_OK(codex_thread_turn(ts.thread, "finish now", NULL, &t, &err));
  CHECK_OK(codex_turn_on_complete(t, turn_done_frees_thread, &ts, self_free_drop, &err));
  CHECK(rs_wait_count(&ts.calls, 1, 5000));
  codex_turn_free(t);
  CHECK(ts.drops == 1);

  cs.client = c;
  CHECK_OK(codex_set_notification_callback(c, note_frees_client, &cs, self_free_drop, &err));
  char *res = NULL;
  codex_request(c, "fake/notify", NULL, 5000, &res, NULL); /* may race with the free: any status */
  codex_string_free(res);
  CHECK(rs_wait_count(&cs.drops, 1, 5000)); /* the client freed itself; its callback released */
  CHECK(cs.calls == 1);
}

/* ---- registering on an already-ended handle, with a callback that frees it ------------------ */
/* The callback runs at once on the delivery thread and may free the handle while the
 * registering call is still returning: regression test for a use-after-free (ASan / valgrind
 * runs of this binary catch it; before the fix the drop was also lost now and then). */

typedef struct {
  codex_turn *turn;
  codex_login *login;
  int calls, drops;
} reg_ctx;

static void reg_drop(void *ud) { RS_INC(&((reg_ctx *)ud)->drops); }

static void reg_turn_done(void *ud, codex_status st, const codex_turn_result *r,
                          const codex_error *e) {
  reg_ctx *c = (reg_ctx *)ud;
  (void)st, (void)r, (void)e;
  codex_turn_free(c->turn);
  RS_INC(&c->calls);
}

static void reg_login_done(void *ud, codex_status st, const codex_login_result *r,
                           const codex_error *e) {
  reg_ctx *c = (reg_ctx *)ud;
  (void)st, (void)r, (void)e;
  codex_login_free(c->login);
  RS_INC(&c->calls);
}

static void register_on_ended_handle_that_frees_itself(void) {
  codex_client *c = rs_fake_client("turns", "1", NULL);
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  for (int i = 0; i < 100; i++) {
    reg_ctx k;
    memset(&k, 0, sizeof k);
    CHECK_OK(codex_thread_turn(th, "quick", NULL, &k.turn, &err));
    codex_turn_result *r = NULL;
    CHECK_OK(codex_turn_wait(k.turn, 5000, &r, &err));
    codex_turn_result_free(r);
    CHECK_OK(codex_turn_on_complete(k.turn, reg_turn_done, &k, reg_drop, &err));
    if (!rs_wait_count(&k.drops, 1, 5000) || k.calls != 1)
      TS_FAIL("turn %d: %d calls, %d drops", i, k.calls, k.drops);
  }
  codex_thread_free(th);
  codex_free(c);
  c = rs_fake_client("stall", NULL, NULL);
  for (int i = 0; i < 50; i++) {
    reg_ctx k;
    memset(&k, 0, sizeof k);
    CHECK_OK(codex_login_chatgpt(c, &k.login, &err));
    CHECK_OK(codex_login_cancel(k.login, &err));
    codex_login_result *r = NULL;
    CHECK_OK(codex_login_wait(k.login, 5000, &r, &err));
    codex_login_result_free(r);
    CHECK_OK(codex_login_on_complete(k.login, reg_login_done, &k, reg_drop, &err));
    if (!rs_wait_count(&k.drops, 1, 5000) || k.calls != 1)
      TS_FAIL("login %d: %d calls, %d drops", i, k.calls, k.drops);
  }
  codex_free(c);
}

/* ---- free the client while others wait ------------------------------------------------ */

typedef struct {
  codex_client *client;
  codex_turn *turn;
  codex_login *login;
  int kind;
  codex_status status;
} blocked;

static void *blocked_main(void *arg) {
  blocked *b = (blocked *)arg;
  codex_error *e = NULL;
  switch (b->kind) {
    case 0: {
      codex_turn_result *r = NULL;
      b->status = codex_turn_wait(b->turn, -1, &r, &e);
      codex_turn_result_free(r);
      break;
    }
    case 1: {
      codex_event *ev = NULL;
      while ((b->status = codex_turn_next_event(b->turn, -1, &ev, &e)) == CODEX_STATUS_OK)
        codex_event_free(ev);
      break;
    }
    case 2: {
      codex_login_result *r = NULL;
      b->status = codex_login_wait(b->login, -1, &r, &e);
      codex_login_result_free(r);
      break;
    }
    case 3: {
      char *res = NULL;
      b->status = codex_request(b->client, "fake/hang", NULL, -1, &res, &e);
      codex_string_free(res);
      break;
    }
    default: {
      codex_event *ev = NULL;
      while ((b->status = codex_next_notification(b->client, -1, &ev, &e)) == CODEX_STATUS_OK)
        codex_event_free(ev);
    }
  }
  if (e && codex_error_status(e) != b->status) b->status = CODEX_STATUS_INTERNAL;
  codex_error_free(e);
  return NULL;
}

static void free_client_while_others_wait(void) {
  codex_client *c = rs_fake_client("stall", NULL, NULL);
  codex_thread *th = NULL;
  codex_turn *t1 = NULL, *t2 = NULL;
  codex_login *l = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  CHECK_OK(codex_thread_turn(th, "one", NULL, &t1, &err));
  CHECK_OK(codex_thread_turn(th, "two", NULL, &t2, &err));
  CHECK_OK(codex_login_chatgpt(c, &l, &err));
  rs_counter req;
  memset(&req, 0, sizeof req);
  CHECK_OK(codex_request_async(c, "fake/hang", NULL, -1, rs_on_request, &req, rs_counter_drop, &err));
  blocked b[5];
  pthread_t tid[5];
  for (int i = 0; i < 5; i++) {
    b[i].client = c;
    b[i].turn = i == 0 ? t1 : t2;
    b[i].login = l;
    b[i].kind = i;
    b[i].status = CODEX_STATUS_OK;
    CHECK(pthread_create(&tid[i], NULL, blocked_main, &b[i]) == 0);
  }
  ts_sleep_ms((int)(200 * rs_scale()));
  double t0 = ts_now_ms();
  codex_free(c);
  for (int i = 0; i < 5; i++) pthread_join(tid[i], NULL);
  CHECK(ts_now_ms() - t0 < 2000 * rs_scale());
  for (int i = 0; i < 5; i++)
    if (b[i].status != CODEX_STATUS_CLOSED) TS_FAIL("waiter %d returned %d, expected CLOSED", i, (int)b[i].status);
  /* The async request was released: drop ran once (fn may or may not have run, with CLOSED). */
  CHECK(rs_wait_count(&req.drops, 1, 2000));
  CHECK(RS_GET(&req.calls) == 0 || req.status == CODEX_STATUS_CLOSED);
  /* The children still work as handles: their calls say CLOSED. */
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_turn_steer(t1, "x", &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_turn_interrupt(t1, &ts_err_));
  codex_turn *t3 = NULL;
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_thread_turn(th, "three", NULL, &t3, &ts_err_));
  CHECK(t3 == NULL);
  CHECK(codex_turn_id(t1) != NULL && codex_thread_id(th) != NULL && codex_login_id(l) != NULL);
  codex_turn_free(t1);
  codex_turn_free(t2);
  codex_login_free(l);
  codex_thread_free(th);
}

/* ---- many threads at once ------------------------------------------------------------------- */

#define HAMMER_THREADS 12
#define HAMMER_ROUNDS 60

typedef struct {
  codex_client *client;
  int index;
  int failures;
  int async_calls, async_drops;
} hammer;

static void hammer_done(void *ud, codex_status st, const char *r, const codex_error *e) {
  hammer *h = (hammer *)ud;
  (void)r, (void)e;
  if (st != CODEX_STATUS_OK) RS_INC(&h->failures);
  RS_INC(&h->async_calls);
}
static void hammer_drop(void *ud) { RS_INC(&((hammer *)ud)->async_drops); }

static void *hammer_main(void *arg) {
  hammer *h = (hammer *)arg;
  for (int i = 0; i < HAMMER_ROUNDS; i++) {
    char params[64], *res = NULL;
    snprintf(params, sizeof params, "{\"t\":%d,\"i\":%d}", h->index, i);
    if (codex_request(h->client, "fake/ping", params, 10000, &res, NULL) != CODEX_STATUS_OK ||
        !strstr(res, "fake/ping"))
      RS_INC(&h->failures);
    codex_string_free(res);
    if (codex_request_async(h->client, "fake/ping", params, 10000, hammer_done, h, hammer_drop,
                            NULL) != CODEX_STATUS_OK)
      RS_INC(&h->failures);
    (void)codex_client_user_agent(h->client);
    (void)codex_notifications_lagged(h->client);
    switch (i % 4) {
      case 0: {
        codex_thread *th = NULL;
        if (codex_thread_start(h->client, NULL, &th, NULL) != CODEX_STATUS_OK) RS_INC(&h->failures);
        codex_thread_free(th);
        break;
      }
      case 1:
        codex_set_notification_callback(h->client, i % 8 == 1 ? m_event_fn : NULL, NULL, NULL, NULL);
        break;
      case 2:
        codex_set_server_request_handler(h->client, i % 8 == 2 ? m_server_request_fn : NULL, NULL,
                                         NULL, NULL);
        break;
      default: {
        codex_event *ev = NULL;
        if (codex_next_notification(h->client, 0, &ev, NULL) == CODEX_STATUS_OK) codex_event_free(ev);
      }
    }
  }
  return NULL;
}

static void many_threads_at_once(void) {
  codex_client *c = rs_fake_client("stall", NULL, NULL);
  hammer h[HAMMER_THREADS];
  pthread_t tid[HAMMER_THREADS];
  double t0 = ts_now_ms();
  for (int i = 0; i < HAMMER_THREADS; i++) {
    memset(&h[i], 0, sizeof h[i]);
    h[i].client = c;
    h[i].index = i;
    CHECK(pthread_create(&tid[i], NULL, hammer_main, &h[i]) == 0);
  }
  for (int i = 0; i < HAMMER_THREADS; i++) pthread_join(tid[i], NULL);
  for (int i = 0; i < HAMMER_THREADS; i++) {
    CHECK(rs_wait_count(&h[i].async_drops, HAMMER_ROUNDS, 10000));
    if (h[i].failures || h[i].async_calls != HAMMER_ROUNDS)
      TS_FAIL("thread %d: %d failures, %d async calls", i, h[i].failures, h[i].async_calls);
  }
  printf("# %d threads x %d rounds in %.0f ms\n", HAMMER_THREADS, HAMMER_ROUNDS, ts_now_ms() - t0);
  codex_free(c);
}

int main(void) {
  RUN_TEST(null_and_bad_strings_for_every_function);
  RUN_TEST(turn_methods_after_completion);
  RUN_TEST(cancel_login_twice);
  RUN_TEST(free_handles_inside_their_callbacks);
  RUN_TEST(register_on_ended_handle_that_frees_itself);
  RUN_TEST(free_client_while_others_wait);
  RUN_TEST(many_threads_at_once);
  return ts_finish();
}
