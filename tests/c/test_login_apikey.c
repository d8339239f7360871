/* API-key login against the real app-server (issue 3): login -> account shows apiKey ->
 * logout -> account shows none, on a fresh CODEX_HOME. The key must reach the model (the mock
 * sees an authorized request) yet never show up in the mock's request log (it redacts
 * authorization), in the library's diagnostics, or in any error. */
#include "test_support.h"

#include <pthread.h>

#define TEST_KEY "sk-test-0123456789abcdef"

/* Everything the library logged, to search for the key. */
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char *log_text = NULL;
static size_t log_len = 0;
static int log_drops = 0;

static void on_log(void *user_data, codex_log_level level, const char *message) {
  (void)user_data;
  (void)level;
  pthread_mutex_lock(&log_mu);
  size_t n = strlen(message);
  char *grown = (char *)realloc(log_text, log_len + n + 2);
  if (grown) {
    log_text = grown;
    memcpy(log_text + log_len, message, n);
    log_len += n;
    log_text[log_len++] = '\n';
    log_text[log_len] = '\0';
  }
  pthread_mutex_unlock(&log_mu);
}

static void on_log_drop(void *user_data) {
  (void)user_data;
  pthread_mutex_lock(&log_mu);
  log_drops++;
  pthread_mutex_unlock(&log_mu);
}

/* The account JSON with whitespace removed, so needles need not guess the server's spacing. */
static char *account_json(codex_client *c) {
  char *json = NULL;
  CHECK_OK(codex_account(c, false, &json, &err));
  CHECK(json != NULL);
  char *w = json;
  for (const char *r = json; *r; r++)
    if (*r != ' ' && *r != '\n' && *r != '\t' && *r != '\r') *w++ = *r;
  *w = '\0';
  return json;
}

static int file_exists(const char *path) { return access(path, F_OK) == 0; }

static void api_key_login_account_logout(void) {
  char *home = ts_fresh_home();
  char auth_path[600];
  snprintf(auth_path, sizeof auth_path, "%s/auth.json", home);
  codex_options *o = ts_options(home);
  CHECK_OK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, on_log, NULL, on_log_drop, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);

  char *acc = account_json(c);
  CHECK_CONTAINS(acc, "\"account\":null");
  CHECK_CONTAINS(acc, "\"requiresOpenaiAuth\":true");
  codex_string_free(acc);

  CHECK_OK(codex_login_api_key(c, TEST_KEY, &err));
  acc = account_json(c);
  CHECK_CONTAINS(acc, "\"type\":\"apiKey\"");
  CHECK(strstr(acc, TEST_KEY) == NULL);
  codex_string_free(acc);
  CHECK(file_exists(auth_path)); /* the server really stored it */

  /* A turn makes the server send the key to the mock as a bearer token. */
  char params[700];
  snprintf(params, sizeof params, "{\"cwd\":\"%s\"}", ts_env("CODEX_TEST_WORKDIR"));
  codex_thread *t = NULL;
  CHECK_OK(codex_thread_start(c, params, &t, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "apikey marker", NULL, NULL, NULL, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_final_response(r), "You said: apikey marker");
  codex_turn_result_free(r);
  codex_thread_free(t);

  char *log = ts_request_log();
  CHECK_CONTAINS(log, "apikey marker");
  CHECK_CONTAINS(log, "[redacted]");
  if (strstr(log, TEST_KEY) || strstr(log, "0123456789abcdef"))
    TS_FAIL("the API key is in the mock's request log");
  free(log);

  CHECK_OK(codex_logout(c, &err));
  acc = account_json(c);
  CHECK_CONTAINS(acc, "\"account\":null");
  codex_string_free(acc);
  CHECK(!file_exists(auth_path));
  /* Logging out twice is fine. */
  CHECK_OK(codex_logout(c, &err));
  codex_free(c);

  /* The options and the client are gone: the log callback was released exactly once. */
  pthread_mutex_lock(&log_mu);
  CHECK(log_drops == 1);
  if (log_text && strstr(log_text, "0123456789abcdef")) TS_FAIL("the API key is in the library's log");
  pthread_mutex_unlock(&log_mu);
  free(home);
}

static void api_key_errors_carry_no_key(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_error *e = NULL;
  /* An empty key is refused by the library; the message is about the argument. */
  CHECK(codex_login_api_key(c, "", &e) == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(e != NULL && codex_error_status(e) == CODEX_STATUS_INVALID_ARGUMENT);
  codex_error_free(e);
  e = NULL;
  /* The login outlives its client (auth.json), and a later server error does not carry the key
   * (the fake-server test covers a server that leaks it into its own errors and stderr). */
  CHECK_OK(codex_login_api_key(c, TEST_KEY, &err));
  codex_free(c);
  c = ts_client(home); /* a new server on the same home still sees the stored login */
  char *acc = account_json(c);
  CHECK_CONTAINS(acc, "\"type\":\"apiKey\"");
  codex_string_free(acc);
  char *result = NULL;
  CHECK(codex_request(c, "account/login/start", "{\"type\":\"bogus\"}", 10000, &result, &e) ==
        CODEX_STATUS_RPC);
  CHECK(codex_error_rpc_code(e) == -32600);
  const char *tail = codex_error_stderr_tail(e);
  CHECK(strstr(codex_error_message(e), "0123456789abcdef") == NULL);
  CHECK(tail == NULL || strstr(tail, "0123456789abcdef") == NULL);
  codex_error_free(e);
  CHECK_OK(codex_logout(c, &err));
  codex_free(c);
  free(home);
}

int main(void) {
  RUN_TEST(api_key_login_account_logout);
  RUN_TEST(api_key_errors_carry_no_key);
  return ts_finish();
}
