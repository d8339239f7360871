/* Foundation fault cases (issue 2), driven by the scripted fake app-server
 * (tests/fixtures/fake_app_server.py, launched as the codex binary; its scenario comes from
 * FAKE_SCENARIO / FAKE_ARG set through codex_options_set_env): overload retries, a missing
 * binary, servers that exit, die mid-request, close their stdin, speak an unsupported version
 * or never answer, and NULL / invalid UTF-8 arguments. Every status is the exact one ABI.md
 * names. SIGPIPE keeps its default action here on purpose: a library write to a dead server
 * that raised it would kill this test. */
#include "test_support.h"

/* Runs `call` (whose last argument must be `&e`) and requires status `want`; for statuses that
 * write an error, the error must exist and carry the same status. Leaves `e` set (or NULL). */
#define EXPECT(want, call)                                                        \
  do {                                                                            \
    codex_error_free(e);                                                          \
    e = NULL;                                                                     \
    codex_status st_ = (call);                                                    \
    if (st_ != (want))                                                            \
      TS_FAIL("%s returned %d, expected %d: %s", #call, (int)st_, (int)(want),    \
              e ? codex_error_message(e) : "(no error object)");                  \
    if ((want) == CODEX_STATUS_OK || (want) == CODEX_STATUS_TIMEOUT) {            \
      if (e) TS_FAIL("%s wrote an error object with status %d", #call, (int)st_); \
    } else {                                                                      \
      if (!e) TS_FAIL("%s wrote no error object", #call);                         \
      if (codex_error_status(e) != (want))                                        \
        TS_FAIL("%s: error status %d", #call, (int)codex_error_status(e));        \
      if (!codex_error_message(e) || !*codex_error_message(e))                    \
        TS_FAIL("%s: empty error message", #call);                                \
    }                                                                             \
  } while (0)

/* The secret-looking token the fake prints before dying (die_on_request). */
#define FAKE_SECRET "SECRET123"

/* Options that launch the fake in `scenario` (arg NULL = none). */
static codex_options *fake_options(const char *scenario, const char *arg, int64_t request_timeout_ms) {
  codex_options *o = codex_options_new();
  CHECK(o != NULL);
  CHECK_OK(codex_options_set_codex_bin(o, ts_fake_server(), &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_SCENARIO", scenario, &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_ARG", arg, &err));
  CHECK_OK(codex_options_set_request_timeout_ms(o, request_timeout_ms, &err));
  return o;
}

static codex_client *fake_client(codex_options *o) {
  codex_client *c = NULL;
  CHECK_OK(codex_new(o, &c, &err));
  CHECK(c != NULL);
  return c;
}

static void overload_is_retried_then_succeeds(void) {
  codex_options *o = fake_options("overload", "3", 10000);
  CHECK_OK(codex_options_set_retry_limit(o, 5, &err));
  codex_client *c = fake_client(o);
  codex_options_free(o);
  char *result = NULL;
  double t0 = ts_now_ms();
  CHECK_OK(codex_request(c, "fake/ping", "{\"n\":7}", 10000, &result, &err));
  double took = ts_now_ms() - t0;
  /* The fake echoes method and params once it stops refusing. */
  CHECK_CONTAINS(result, "fake/ping");
  CHECK_CONTAINS(result, "7");
  codex_string_free(result);
  /* Three refusals mean three backoffs (20, 40, 80 ms, each -25 % at worst): it really waited. */
  if (took < 100) TS_FAIL("3 retries took only %.0f ms: no backoff?", took);
  codex_free(c);
}

static void overload_past_the_limit_is_overloaded(void) {
  codex_options *o = fake_options("overload", "100", 10000);
  CHECK_OK(codex_options_set_retry_limit(o, 2, &err));
  codex_client *c = fake_client(o);
  codex_options_free(o);
  codex_error *e = NULL;
  char *result = NULL;
  EXPECT(CODEX_STATUS_OVERLOADED, codex_request(c, "fake/ping", NULL, 10000, &result, &e));
  CHECK(result == NULL);
  CHECK(codex_error_rpc_code(e) == -32001);
  CHECK_CONTAINS(codex_error_message(e), "overloaded");
  /* Retry limit 0: the first refusal is final. */
  codex_error_free(e);
  e = NULL;
  codex_free(c);
  o = fake_options("overload", "100", 10000);
  CHECK_OK(codex_options_set_retry_limit(o, 0, &err));
  c = fake_client(o);
  codex_options_free(o);
  double t0 = ts_now_ms();
  EXPECT(CODEX_STATUS_OVERLOADED, codex_request(c, "fake/ping", NULL, 10000, &result, &e));
  CHECK(ts_now_ms() - t0 < 1000);
  CHECK(codex_error_rpc_code(e) == -32001);
  codex_error_free(e);
  codex_free(c);
}

static void missing_binary_is_not_found(void) {
  codex_error *e = NULL;
  codex_client *c = NULL;
  /* An explicit path that does not exist. */
  codex_options *o = codex_options_new();
  CHECK_OK(codex_options_set_codex_bin(o, "/nonexistent/dir/codex-missing", &err));
  EXPECT(CODEX_STATUS_NOT_FOUND, codex_new(o, &c, &e));
  CHECK(c == NULL);
  CHECK_CONTAINS(codex_error_message(e), "/nonexistent/dir/codex-missing");
  codex_options_free(o);

  /* No option: CODEX_BIN, then PATH; the message lists both. The environment is restored
   * before anything else runs. */
  char *saved_bin = strdup(ts_env("CODEX_BIN"));
  const char *p = getenv("PATH");
  char *saved_path = strdup(p ? p : "");
  setenv("CODEX_BIN", "/nonexistent/env/codex-from-env", 1);
  setenv("PATH", "/nonexistent/path-dir", 1);
  o = codex_options_new();
  codex_error_free(e);
  e = NULL;
  codex_status st = codex_new(o, &c, &e);
  setenv("CODEX_BIN", saved_bin, 1);
  setenv("PATH", saved_path, 1);
  free(saved_bin);
  free(saved_path);
  codex_options_free(o);
  if (st != CODEX_STATUS_NOT_FOUND) TS_FAIL("codex_new returned %d, expected NOT_FOUND", (int)st);
  CHECK(c == NULL);
  CHECK(e != NULL && codex_error_status(e) == CODEX_STATUS_NOT_FOUND);
  CHECK_CONTAINS(codex_error_message(e), "/nonexistent/env/codex-from-env");
  CHECK_CONTAINS(codex_error_message(e), "PATH");
  codex_error_free(e);
}

static void server_exiting_at_start_is_transport(void) {
  codex_error *e = NULL;
  codex_client *c = NULL;
  codex_options *o = fake_options("exit_at_start", NULL, 10000);
  double t0 = ts_now_ms();
  EXPECT(CODEX_STATUS_TRANSPORT, codex_new(o, &c, &e));
  CHECK(ts_now_ms() - t0 < 5000);
  CHECK(c == NULL);
  CHECK_CONTAINS(codex_error_stderr_tail(e), "exiting at start");
  codex_options_free(o);

  /* Same when it dies while answering initialize. */
  o = fake_options("exit_during_initialize", NULL, 10000);
  EXPECT(CODEX_STATUS_TRANSPORT, codex_new(o, &c, &e));
  CHECK(c == NULL);
  CHECK_CONTAINS(codex_error_stderr_tail(e), "exiting during initialize");
  codex_error_free(e);
  codex_options_free(o);
}

static void server_dying_mid_request_fails_it_fast(void) {
  const int die_after_ms = 300;
  codex_options *o = fake_options("die_on_request", "300", 10000);
  codex_client *c = fake_client(o);
  codex_options_free(o);
  codex_error *e = NULL;
  char *result = NULL;
  double t0 = ts_now_ms();
  EXPECT(CODEX_STATUS_TRANSPORT, codex_request(c, "fake/ping", NULL, 10000, &result, &e));
  double took = ts_now_ms() - t0;
  CHECK(result == NULL);
  /* It waited for the death (not failed early), then was released well under 1 s after it. */
  if (took < die_after_ms - 20) TS_FAIL("failed after %.0f ms, before the server died", took);
  if (took > die_after_ms + 500) TS_FAIL("released %.0f ms after the death", took - die_after_ms);
  CHECK(codex_error_rpc_code(e) == 0);
  const char *tail = codex_error_stderr_tail(e);
  CHECK_CONTAINS(tail, "fatal: boom");
  CHECK_CONTAINS(tail, "[redacted]");
  CHECK(strstr(tail, FAKE_SECRET) == NULL);
  CHECK(strstr(codex_error_message(e), FAKE_SECRET) == NULL);

  /* Later calls fail at once with the same TRANSPORT (and the host survives any write). */
  for (int i = 0; i < 3; i++) {
    t0 = ts_now_ms();
    EXPECT(CODEX_STATUS_TRANSPORT, codex_request(c, "fake/again", "{}", 10000, &result, &e));
    CHECK(ts_now_ms() - t0 < 200);
    CHECK(result == NULL);
    CHECK_CONTAINS(codex_error_stderr_tail(e), "fatal: boom");
    CHECK(strstr(codex_error_stderr_tail(e), FAKE_SECRET) == NULL);
  }
  codex_error_free(e);
  codex_free(c);
}

static void broken_stdin_pipe_is_transport_not_sigpipe(void) {
  /* The fake closes its stdin but stays alive: the library's write hits EPIPE. With SIGPIPE
   * unblocked on the writing thread this process would die here. */
  codex_options *o = fake_options("close_stdin", NULL, 10000);
  codex_client *c = fake_client(o);
  codex_options_free(o);
  codex_error *e = NULL;
  char *result = NULL;
  ts_sleep_ms(100); /* let the fake close its end */
  double t0 = ts_now_ms();
  EXPECT(CODEX_STATUS_TRANSPORT, codex_request(c, "fake/ping", "{}", 3000, &result, &e));
  CHECK(ts_now_ms() - t0 < 1000);
  EXPECT(CODEX_STATUS_TRANSPORT, codex_request(c, "fake/again", "{}", 3000, &result, &e));
  codex_error_free(e);
  codex_free(c);
}

static void unsupported_version_is_version(void) {
  codex_error *e = NULL;
  codex_client *c = NULL;
  codex_options *o = fake_options("echo", NULL, 10000);
  CHECK_OK(codex_options_set_env(o, "FAKE_SERVER_VERSION", "0.1.0", &err));
  EXPECT(CODEX_STATUS_VERSION, codex_new(o, &c, &e));
  CHECK(c == NULL);
  CHECK_CONTAINS(codex_error_message(e), "0.1.0");
  codex_error_free(e);

  /* The same server is accepted on request. */
  CHECK_OK(codex_options_set_accept_any_version(o, true, &err));
  c = fake_client(o);
  CHECK_STREQ(codex_client_server_version(c), "0.1.0");
  char *result = NULL;
  CHECK_OK(codex_request(c, "fake/ping", NULL, 5000, &result, &err));
  CHECK_CONTAINS(result, "fake/ping");
  codex_string_free(result);
  codex_free(c);
  codex_options_free(o);
}

static void never_initializing_times_out(void) {
  const int timeout_ms = 700;
  codex_options *o = fake_options("never_initialize", NULL, timeout_ms);
  codex_error *e = NULL;
  codex_client *c = NULL;
  double t0 = ts_now_ms();
  EXPECT(CODEX_STATUS_TIMEOUT, codex_new(o, &c, &e));
  double took = ts_now_ms() - t0;
  CHECK(c == NULL);
  if (took < timeout_ms - 20 || took > timeout_ms + 1000)
    TS_FAIL("codex_new took %.0f ms with a %d ms request timeout", took, timeout_ms);
  codex_options_free(o);
}

static void null_and_bad_utf8_arguments(void) {
  const char bad[] = {'a', (char)0xff, (char)0xfe, 'z', 0};
  codex_error *e = NULL;
  codex_options *o = codex_options_new();
  CHECK(o != NULL);

  /* Options setters: NULL options, NULL required strings, invalid UTF-8. */
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_codex_bin(NULL, "/bin/true", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_codex_bin(o, bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_codex_home(NULL, "/tmp", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_codex_home(o, bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_cwd(NULL, "/tmp", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_cwd(o, bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_env(NULL, "A", "b", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_env(o, NULL, "b", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_env(o, bad, "b", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_env(o, "A", bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_add_config(NULL, "a=b", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_add_config(o, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_add_config(o, bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_client_info(NULL, "n", NULL, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_client_info(o, NULL, NULL, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_client_info(o, bad, NULL, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_client_info(o, "n", bad, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_client_info(o, "n", NULL, bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_experimental_api(NULL, true, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_request_timeout_ms(NULL, 1000, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_request_timeout_ms(o, 0, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_retry_limit(NULL, 1, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_accept_any_version(NULL, true, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT,
         codex_options_set_log_callback(NULL, CODEX_LOG_LEVEL_DEBUG, NULL, NULL, NULL, &e));
  /* err may be NULL. */
  CHECK(codex_options_set_cwd(o, bad, NULL) == CODEX_STATUS_INVALID_ARGUMENT);

  /* codex_new: NULL out; the rejected setters above changed nothing, so a valid launch works. */
  codex_options *fo = fake_options("echo", NULL, 10000);
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_new(fo, NULL, &e));
  codex_client *c = fake_client(fo);
  codex_options_free(fo);

  /* Client calls and login calls. */
  char *result = NULL;
  codex_login *login = NULL;
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_request(c, bad, "{}", 1000, &result, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_request(c, "fake/ping", bad, 1000, &result, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_api_key(NULL, "sk-test-0123456789abcdef", &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_api_key(c, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_api_key(c, bad, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_chatgpt(NULL, &login, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_chatgpt(c, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_chatgpt_device_code(NULL, &login, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_chatgpt_device_code(c, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_wait(NULL, 10, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_cancel(NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_account(NULL, false, &result, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_account(c, false, NULL, &e));
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_logout(NULL, &e));
  CHECK(login == NULL && result == NULL);
  /* Borrowed getters and frees tolerate NULL. */
  CHECK(codex_login_id(NULL) == NULL);
  CHECK(codex_login_auth_url(NULL) == NULL);
  CHECK(codex_login_result_error(NULL) == NULL);
  CHECK(!codex_login_result_success(NULL));
  codex_login_free(NULL);
  codex_login_result_free(NULL);
  codex_options_free(NULL);
  codex_error_free(e);

  /* The client still works after all that. */
  CHECK_OK(codex_request(c, "fake/ping", NULL, 5000, &result, &err));
  codex_string_free(result);
  codex_free(c);
  codex_options_free(o);
}

int main(void) {
  RUN_TEST(overload_is_retried_then_succeeds);
  RUN_TEST(overload_past_the_limit_is_overloaded);
  RUN_TEST(missing_binary_is_not_found);
  RUN_TEST(server_exiting_at_start_is_transport);
  RUN_TEST(server_dying_mid_request_fails_it_fast);
  RUN_TEST(broken_stdin_pipe_is_transport_not_sigpipe);
  RUN_TEST(unsupported_version_is_version);
  RUN_TEST(never_initializing_times_out);
  RUN_TEST(null_and_bad_utf8_arguments);
  return ts_finish();
}
