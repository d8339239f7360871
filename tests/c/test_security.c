/* Security (issue 7). Keys never come back out: not in diagnostics (every log message at DEBUG
 * is printed to stdout here, so tests/check_secrets.py, which greps this program's output, the
 * mock's request log and the CODEX_HOMEs, sees them too), error messages, JSON-RPC data or stderr
 * tails. The child is spawned without a shell, with argv and env exactly as given. Approvals
 * default to decline, also when the handler never answers (then a late answer is EXPIRED). */
#include "reliability_support.h"

#define KEY_REAL "sk-test-secscan-REAL-7f3a9c1e5b"
#define KEY_LEAK "sk-test-secscan-LEAK-2d8e4f6a0c"
#define KEY_ENV "sk-test-secscan-ENV-9b1c3e5d7f"

static void print_log(void *ud, codex_log_level level, const char *msg) {
  (void)ud;
  printf("[log %d] %s\n", (int)level, msg);
  fflush(stdout);
}

/* Prints everything an error carries (the scan greps it) and checks it holds no key. */
static void show_error(const char *what, const codex_error *e) {
  const char *parts[3] = {codex_error_message(e), codex_error_rpc_data(e), codex_error_stderr_tail(e)};
  for (int i = 0; i < 3; i++) {
    printf("[%s %d] %s\n", what, i, parts[i] ? parts[i] : "(null)");
    if (parts[i] && (strstr(parts[i], KEY_REAL) || strstr(parts[i], KEY_LEAK) ||
                     strstr(parts[i], KEY_ENV)))
      TS_FAIL("%s part %d leaks a key: %s", what, i, parts[i]);
  }
}

static void real_server_never_echoes_the_key(void) {
  codex_options *o = ts_options(NULL);
  CHECK_OK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, print_log, NULL, NULL, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_login_api_key(c, KEY_REAL, &err));
  char *acct = NULL;
  CHECK_OK(codex_account(c, false, &acct, &err));
  printf("[account] %s\n", acct);
  CHECK(strstr(acct, KEY_REAL) == NULL);
  codex_string_free(acct);
  codex_thread *th = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &th, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(th, "hello secrets", NULL, NULL, NULL, &r, &err));
  printf("[turn] %s\n", codex_turn_result_items_json(r));
  codex_turn_result_free(r);
  codex_thread_free(th);
  codex_free(c);
  /* What the model was sent carries no key (the mock also redacts authorization headers). */
  char *log = ts_request_log();
  CHECK(strstr(log, KEY_REAL) == NULL);
  free(log);
}

static void careless_server_output_is_redacted(void) {
  /* leak_api_key: the server puts the key in its stderr, its error message and its data. */
  codex_options *o = rs_fake_options("leak_api_key", NULL, NULL);
  CHECK_OK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, print_log, NULL, NULL, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  codex_error *e = NULL;
  CHECK(codex_login_api_key(c, KEY_LEAK, &e) == CODEX_STATUS_RPC);
  show_error("login error", e);
  CHECK_CONTAINS(codex_error_message(e), "invalid api key");
  codex_error_free(e);
  e = NULL;
  char *res = NULL;
  CHECK(codex_request(c, "fake/next", NULL, 5000, &res, &e) == CODEX_STATUS_TRANSPORT);
  show_error("death", e);
  CHECK_CONTAINS(codex_error_stderr_tail(e), "rejected api key");
  codex_error_free(e);
  codex_free(c);

  /* A key handed to the child in its environment is redacted from its stderr too. */
  o = rs_fake_options("introspect", NULL, NULL);
  CHECK_OK(codex_options_set_env(o, "OPENAI_API_KEY", KEY_ENV, &err));
  c = ts_client_with(o);
  codex_options_free(o);
  e = NULL;
  CHECK(codex_request(c, "fake/leakEnv", "{\"names\":[\"OPENAI_API_KEY\"]}", 5000, &res, &e) ==
        CODEX_STATUS_TRANSPORT);
  show_error("env death", e);
  CHECK_CONTAINS(codex_error_stderr_tail(e), "env OPENAI_API_KEY=");
  codex_error_free(e);
  codex_free(c);
}

static void child_gets_exact_argv_and_env_without_a_shell(void) {
  char marker[64];
  snprintf(marker, sizeof marker, "/tmp/codex-shell-ran-%d", (int)getpid());
  unlink(marker);
  char kv[512], val[512];
  /* Shell syntax everywhere: a shell in the path would run `touch`. */
  snprintf(kv, sizeof kv, "x.y=\"$(touch %s)\"; touch %s", marker, marker);
  snprintf(val, sizeof val, "`touch %s` $HOME '\"; |&<>*", marker);
  codex_options *o = rs_fake_options("introspect", NULL, NULL);
  CHECK_OK(codex_options_add_config(o, kv, &err));
  CHECK_OK(codex_options_set_env(o, "CODEX_FFI_ODD", val, &err));
  CHECK_OK(codex_options_set_env(o, "HOME_REMOVED_TEST", "x", &err));
  CHECK_OK(codex_options_set_env(o, "HOME_REMOVED_TEST", NULL, &err)); /* set then removed */
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  char *res = NULL;
  CHECK_OK(codex_request(c, "fake/introspect", NULL, 5000, &res, &err));
  codex_free(c);
  /* argv: [bin, --config, kv, app-server, --listen, stdio://], each element verbatim (JSON). */
  char want[1024];
  snprintf(want, sizeof want, "\"argv\": [\"%s\", \"--config\", ", rs_fake_faults());
  CHECK_CONTAINS(res, want);
  CHECK_CONTAINS(res, "\"app-server\", \"--listen\", \"stdio://\"]");
  CHECK_CONTAINS(res, "x.y=\\\"$(touch ");
  CHECK_CONTAINS(res, "\"CODEX_FFI_ODD\": \"`touch ");
  CHECK_CONTAINS(res, "$HOME '\\\"; |&<>*\"");
  CHECK(strstr(res, "HOME_REMOVED_TEST") == NULL);
  codex_string_free(res);
  CHECK(access(marker, F_OK) != 0); /* no shell ever ran the command substitutions */
}

/* A handler that keeps the request and never answers. */
static void hoard(void *ud, codex_server_request *req) {
  *(codex_server_request **)ud = req;
}

static void unanswered_approval_is_declined_then_expired(void) {
  codex_options *o = rs_fake_options("stall", NULL, NULL);
  CHECK_OK(codex_options_set_server_request_timeout_ms(o, 200, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  static codex_server_request *kept;
  kept = NULL;
  CHECK_OK(codex_set_server_request_handler(c, hoard, &kept, NULL, &err));
  char *res = NULL;
  CHECK_OK(codex_request(c, "fake/serverRequest", NULL, 5000, &res, &err));
  codex_string_free(res);
  ts_sleep_ms((int)(600 * rs_scale())); /* past the 200 ms handler timeout */
  CHECK(kept != NULL);
  /* The server got the safe answer, decline, without the handler. */
  CHECK_OK(codex_request(c, "fake/answers", NULL, 5000, &res, &err));
  CHECK_CONTAINS(res, "\"id\": \"srv-1\"");
  CHECK_CONTAINS(res, "\"decision\": \"decline\"");
  CHECK(strstr(res, "accept") == NULL);
  codex_string_free(res);
  /* A late answer is refused and not sent. */
  CHECK_STATUS(CODEX_STATUS_EXPIRED,
               codex_server_request_respond(kept, "{\"decision\":\"accept\"}", &ts_err_));
  CHECK_STATUS(CODEX_STATUS_EXPIRED, codex_server_request_respond_error(kept, -1, "late", &ts_err_));
  codex_server_request_free(kept);
  CHECK_OK(codex_request(c, "fake/answers", NULL, 5000, &res, &err));
  CHECK(ts_count(res, "srv-1") == 1 && strstr(res, "accept") == NULL);
  codex_string_free(res);

  /* No handler at all: declined at once. */
  CHECK_OK(codex_set_server_request_handler(c, NULL, NULL, NULL, &err));
  CHECK_OK(codex_request(c, "fake/serverRequest", NULL, 5000, &res, &err));
  codex_string_free(res);
  ts_sleep_ms(50);
  CHECK_OK(codex_request(c, "fake/answers", NULL, 5000, &res, &err));
  CHECK_CONTAINS(res, "\"id\": \"srv-2\"");
  CHECK(ts_count(res, "\"decision\": \"decline\"") == 2);
  codex_string_free(res);
  codex_free(c);
}

int main(void) {
  RUN_TEST(real_server_never_echoes_the_key);
  RUN_TEST(careless_server_output_is_redacted);
  RUN_TEST(child_gets_exact_argv_and_env_without_a_shell);
  RUN_TEST(unanswered_approval_is_declined_then_expired);
  return ts_finish();
}
