/* Foundation: handshake and metadata, raw requests, error mapping. Real app-server. */
#include "test_support.h"

static void handshake_and_metadata(void) {
  codex_client *c = ts_client(NULL);
  /* The version of the binary this run drives (the fixture asks `$CODEX_BIN --version`): the
   * suite runs against each tested app-server (cmake/VersionMatrix.cmake). */
  const char *want = ts_env("CODEX_TEST_SERVER_VERSION");
  char agent[128];
  snprintf(agent, sizeof agent, "codex_ffi_tests/%s", want);
  CHECK_STREQ(codex_client_server_version(c), want);
  CHECK_CONTAINS(codex_client_user_agent(c), agent);
  CHECK_STREQ(codex_client_codex_home(c), ts_env("CODEX_HOME"));
  CHECK_STREQ(codex_client_platform_family(c), "unix");
  CHECK_STREQ(codex_client_platform_os(c), "linux");
  codex_free(c);
}

static void request_model_list(void) {
  codex_client *c = ts_client(NULL);
  char *result = NULL;
  CHECK_OK(codex_request(c, "model/list", "{}", 30000, &result, &err));
  CHECK_CONTAINS(result, "\"data\"");
  codex_string_free(result);
  /* NULL params are sent as {} (model/list rejects a missing params). */
  result = NULL;
  CHECK_OK(codex_request(c, "model/list", NULL, 30000, &result, &err));
  CHECK_CONTAINS(result, "\"data\"");
  codex_string_free(result);
  codex_free(c);
}

static void unknown_method_is_rpc_error(void) {
  codex_client *c = ts_client(NULL);
  char *result = NULL;
  codex_error *err = NULL;
  CHECK(codex_request(c, "no/such/method", "{}", 30000, &result, &err) == CODEX_STATUS_RPC);
  CHECK(result == NULL);
  CHECK(err != NULL);
  CHECK(codex_error_status(err) == CODEX_STATUS_RPC);
  CHECK(codex_error_rpc_code(err) == -32600);
  CHECK_CONTAINS(codex_error_message(err), "unknown variant");
  codex_error_free(err);
  codex_free(c);
}

static void bad_arguments(void) {
  codex_client *c = ts_client(NULL);
  char *result = NULL;
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_request(NULL, "model/list", "{}", 1000, &result, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_request(c, NULL, "{}", 1000, &result, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_request(c, "model/list", "{not json", 1000, &result, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_request(c, "model/list", "{}", 1000, NULL, &ts_err_));
  const char bad_utf8[] = {'m', (char)0xff, (char)0xfe, 0};
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_request(c, bad_utf8, "{}", 1000, &result, &ts_err_));
  /* err may be NULL */
  CHECK(codex_request(c, NULL, NULL, 1000, &result, NULL) == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(result == NULL);
  codex_free(c);
  codex_free(NULL);
  codex_string_free(NULL);
  codex_error_free(NULL);
}

/* codex_close stops the client but keeps the handle valid: calls then return CLOSED. */
static void close_then_free(void) {
  codex_client *c = ts_client(NULL);
  codex_close(c);
  codex_close(c); /* idempotent */
  char *result = NULL;
  CHECK_STATUS(CODEX_STATUS_CLOSED, codex_request(c, "model/list", "{}", 5000, &result, &ts_err_));
  CHECK(result == NULL);
  codex_free(c);
  codex_close(NULL);
}

int main(void) {
  RUN_TEST(handshake_and_metadata);
  RUN_TEST(request_model_list);
  RUN_TEST(unknown_method_is_rpc_error);
  RUN_TEST(bad_arguments);
  RUN_TEST(close_then_free);
  return ts_finish();
}
