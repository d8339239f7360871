/* Login behaviour the real app-server cannot be made to show on demand, with the scripted fake
 * (tests/fixtures/fake_app_server.py): a completion that arrives before the start response is
 * replayed to codex_login_wait and to the callback form (early_login_completion); a server that
 * leaks the API key into its error, error data and stderr has it redacted everywhere
 * (leak_api_key); NULL arguments on a login handle. */
#include "test_support.h"

#include <pthread.h>

/* Requires `want`; for statuses that write an error it must exist with the same status. */
#define EXPECT(want, call)                                                        \
  do {                                                                            \
    codex_error_free(e);                                                          \
    e = NULL;                                                                     \
    codex_status st_ = (call);                                                    \
    if (st_ != (want))                                                            \
      TS_FAIL("%s returned %d, expected %d: %s", #call, (int)st_, (int)(want),    \
              e ? codex_error_message(e) : "(no error object)");                  \
    if ((want) == CODEX_STATUS_OK || (want) == CODEX_STATUS_TIMEOUT) {            \
      if (e) TS_FAIL("%s wrote an error object", #call);                          \
    } else if (!e || codex_error_status(e) != (want)) {                           \
      TS_FAIL("%s: missing or mismatched error object", #call);                   \
    }                                                                             \
  } while (0)

static codex_options *fake_options(const char *scenario) {
  codex_options *o = codex_options_new();
  CHECK_OK(codex_options_set_codex_bin(o, ts_fake_server(), &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_SCENARIO", scenario, &err));
  CHECK_OK(codex_options_set_request_timeout_ms(o, 10000, &err));
  return o;
}

static codex_client *fake_client(const char *scenario) {
  codex_options *o = fake_options(scenario);
  codex_client *c = NULL;
  CHECK_OK(codex_new(o, &c, &err));
  codex_options_free(o);
  return c;
}

static void early_completion_reaches_wait(void) {
  codex_client *c = fake_client("early_login_completion");
  codex_error *e = NULL;
  codex_login *l = NULL;
  EXPECT(CODEX_STATUS_OK, codex_login_chatgpt(c, &l, &e));
  CHECK_STREQ(codex_login_id(l), "login-early");
  CHECK_STREQ(codex_login_auth_url(l), "http://127.0.0.1:9/x");
  /* The completion came before the start response: it was buffered, so even a zero wait sees it. */
  codex_login_result *r = NULL;
  EXPECT(CODEX_STATUS_OK, codex_login_wait(l, 0, &r, &e));
  CHECK(codex_login_result_success(r));
  CHECK(codex_login_result_error(r) == NULL);
  CHECK_STREQ(codex_login_result_login_id(r), "login-early");
  codex_login_result_free(r);
  /* And again: the outcome stays with the handle. */
  r = NULL;
  EXPECT(CODEX_STATUS_OK, codex_login_wait(l, -1, &r, &e));
  CHECK(codex_login_result_success(r));
  codex_login_result_free(r);
  /* Cancelling after completion is OK (and sends nothing that could fail). */
  EXPECT(CODEX_STATUS_OK, codex_login_cancel(l, &e));
  codex_login_free(l);
  codex_free(c);
}

typedef struct {
  pthread_mutex_t mu;
  int calls, drops;
  bool success;
  codex_status status;
} counter;

static void on_complete(void *user_data, codex_status status, const codex_login_result *result,
                        const codex_error *error) {
  counter *k = (counter *)user_data;
  (void)error;
  pthread_mutex_lock(&k->mu);
  k->calls++;
  k->status = status;
  k->success = result && codex_login_result_success(result);
  pthread_mutex_unlock(&k->mu);
}

static void on_drop(void *user_data) {
  counter *k = (counter *)user_data;
  pthread_mutex_lock(&k->mu);
  k->drops++;
  pthread_mutex_unlock(&k->mu);
}

static void counter_init(counter *k) {
  memset(k, 0, sizeof *k);
  pthread_mutex_init(&k->mu, NULL);
}

/* Polls until the counts are reached (or `ms` pass); returns with the mutex held. */
static void counter_await_locked(counter *k, int calls, int drops, int ms) {
  double deadline = ts_now_ms() + ms;
  pthread_mutex_lock(&k->mu);
  while ((k->calls < calls || k->drops < drops) && ts_now_ms() < deadline) {
    pthread_mutex_unlock(&k->mu);
    ts_sleep_ms(5);
    pthread_mutex_lock(&k->mu);
  }
}

static void early_completion_reaches_callback(void) {
  codex_client *c = fake_client("early_login_completion");
  codex_error *e = NULL;
  codex_login *l = NULL;
  EXPECT(CODEX_STATUS_OK, codex_login_chatgpt(c, &l, &e));
  counter k;
  counter_init(&k);
  EXPECT(CODEX_STATUS_OK, codex_login_on_complete(l, on_complete, &k, on_drop, &e));
  counter_await_locked(&k, 1, 1, 5000);
  pthread_mutex_unlock(&k.mu);
  ts_sleep_ms(100); /* room for a (wrong) second call */
  pthread_mutex_lock(&k.mu);
  CHECK(k.calls == 1);
  CHECK(k.drops == 1);
  CHECK(k.status == CODEX_STATUS_OK);
  CHECK(k.success);
  pthread_mutex_unlock(&k.mu);
  codex_login_free(l);
  codex_free(c);
}

static void login_handle_null_arguments(void) {
  codex_client *c = fake_client("early_login_completion");
  codex_error *e = NULL;
  codex_login *l = NULL;
  EXPECT(CODEX_STATUS_OK, codex_login_chatgpt(c, &l, &e));
  codex_login_result *r = NULL;
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_wait(NULL, 0, &r, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_wait(l, 0, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_cancel(NULL, &e));
  CHECK(r == NULL);
  /* A refused registration still releases user_data exactly once, and never calls fn. */
  counter k;
  counter_init(&k);
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_on_complete(NULL, on_complete, &k, on_drop, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_on_complete(l, NULL, &k, on_drop, &e));
  ts_sleep_ms(50);
  pthread_mutex_lock(&k.mu);
  CHECK(k.drops == 2);
  CHECK(k.calls == 0);
  pthread_mutex_unlock(&k.mu);
  /* NULL user_data and NULL drop are allowed. */
  EXPECT(CODEX_STATUS_OK, codex_login_on_complete(l, on_complete, &k, NULL, &e));
  counter_await_locked(&k, 1, 0, 5000);
  CHECK(k.calls == 1 && k.drops == 2);
  pthread_mutex_unlock(&k.mu);
  codex_error_free(e);
  codex_login_free(l);
  codex_free(c);
}

/* Everything the library logged (stderr lines included, at DEBUG). */
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char log_text[1 << 16];

static void on_log(void *user_data, codex_log_level level, const char *message) {
  (void)user_data;
  (void)level;
  pthread_mutex_lock(&log_mu);
  size_t used = strlen(log_text);
  snprintf(log_text + used, sizeof log_text - used, "%s\n", message);
  pthread_mutex_unlock(&log_mu);
}

static void leaked_api_key_is_redacted_everywhere(void) {
  /* One key shaped like an OpenAI key, one that matches no pattern: the library must redact the
   * second because it was handed it, not because of its shape. */
  const char *keys[] = {"sk-test-0123456789abcdef", "plainsecret-4242-abcd"};
  for (int i = 0; i < 2; i++) {
    const char *key = keys[i];
    log_text[0] = '\0';
    codex_options *o = fake_options("leak_api_key");
    CHECK_OK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, on_log, NULL, NULL, &err));
    codex_client *c = NULL;
    CHECK_OK(codex_new(o, &c, &err));
    codex_options_free(o);
    codex_error *e = NULL;

    /* The server's error repeats the key in its message and data. */
    EXPECT(CODEX_STATUS_RPC, codex_login_api_key(c, key, &e));
    CHECK(codex_error_rpc_code(e) == -32603);
    CHECK_CONTAINS(codex_error_message(e), "invalid api key");
    CHECK(strstr(codex_error_message(e), key) == NULL);
    CHECK_CONTAINS(codex_error_rpc_data(e), "apiKey");
    CHECK(strstr(codex_error_rpc_data(e), key) == NULL);

    /* Its stderr has the key too; the next request kills it, and the TRANSPORT error's tail
     * shows the line without the key. */
    char *result = NULL;
    EXPECT(CODEX_STATUS_TRANSPORT, codex_request(c, "fake/ping", NULL, 10000, &result, &e));
    const char *tail = codex_error_stderr_tail(e);
    CHECK_CONTAINS(tail, "rejected api key");
    CHECK_CONTAINS(tail, "[redacted]");
    CHECK(strstr(tail, key) == NULL);
    CHECK(strstr(codex_error_message(e), key) == NULL);
    codex_error_free(e);
    codex_free(c); /* after this no log call starts */

    pthread_mutex_lock(&log_mu);
    CHECK_CONTAINS(log_text, "rejected api key"); /* the stderr line was logged... */
    if (strstr(log_text, key)) TS_FAIL("the key is in the library's log");  /* ...redacted */
    pthread_mutex_unlock(&log_mu);
  }
}

int main(void) {
  RUN_TEST(early_completion_reaches_wait);
  RUN_TEST(early_completion_reaches_callback);
  RUN_TEST(login_handle_null_arguments);
  RUN_TEST(leaked_api_key_is_redacted_everywhere);
  return ts_finish();
}
