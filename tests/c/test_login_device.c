/* ChatGPT device-code login against the real app-server and the fixture's mock issuer
 * (issue 3): the handle carries the verification URL and the user code, and completes on its own
 * while the server polls the issuer (pending once, then approved); the account is then chatgpt.
 * Also: cancelling a pending device-code login. */
#include "test_support.h"

/* The account JSON without whitespace. */
static char *account_json(codex_client *c) {
  char *json = NULL;
  CHECK_OK(codex_account(c, false, &json, &err));
  char *w = json;
  for (const char *r = json; *r; r++)
    if (*r != ' ' && *r != '\n' && *r != '\t' && *r != '\r') *w++ = *r;
  *w = '\0';
  return json;
}

static void device_code_completes_by_polling(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_login *l = NULL;
  CHECK_OK(codex_login_chatgpt_device_code(c, &l, &err));
  CHECK(l != NULL);
  CHECK(codex_login_id(l) != NULL && strlen(codex_login_id(l)) > 0);
  CHECK(codex_login_auth_url(l) == NULL);
  char expected_url[600];
  snprintf(expected_url, sizeof expected_url, "%s/codex/device", ts_env("CODEX_TEST_MOCK_URL"));
  CHECK_STREQ(codex_login_verification_url(l), expected_url);
  CHECK_STREQ(codex_login_user_code(l), "MOCK-1234"); /* what the mock issuer hands out */

  /* Nobody does anything: the server polls (403 pending once at a 1 s interval, then 200). */
  codex_login_result *r = NULL;
  double t0 = ts_now_ms();
  CHECK_OK(codex_login_wait(l, 30000, &r, &err));
  double took = ts_now_ms() - t0;
  CHECK(r != NULL);
  if (!codex_login_result_success(r))
    TS_FAIL("device login failed: %s", codex_login_result_error(r) ? codex_login_result_error(r) : "?");
  CHECK_STREQ(codex_login_result_login_id(r), codex_login_id(l));
  codex_login_result_free(r);
  if (took < 500) TS_FAIL("completed after %.0f ms: the pending poll was skipped?", took);

  char *acc = account_json(c);
  CHECK_CONTAINS(acc, "\"type\":\"chatgpt\"");
  codex_string_free(acc);
  codex_login_free(l);

  CHECK_OK(codex_logout(c, &err));
  acc = account_json(c);
  CHECK_CONTAINS(acc, "\"account\":null");
  codex_string_free(acc);
  codex_free(c);
  free(home);
}

static void device_code_cancel(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_login *l = NULL;
  CHECK_OK(codex_login_chatgpt_device_code(c, &l, &err));
  /* Cancel right away, before the first poll is approved. */
  CHECK_OK(codex_login_cancel(l, &err));
  codex_login_result *r = NULL;
  CHECK_OK(codex_login_wait(l, 20000, &r, &err));
  CHECK(!codex_login_result_success(r));
  CHECK(codex_login_result_error(r) != NULL);
  codex_login_result_free(r);
  CHECK_OK(codex_login_cancel(l, &err));
  codex_login_free(l);
  char *acc = account_json(c);
  CHECK_CONTAINS(acc, "\"account\":null");
  codex_string_free(acc);
  codex_free(c);
  free(home);
}

int main(void) {
  RUN_TEST(device_code_completes_by_polling);
  RUN_TEST(device_code_cancel);
  return ts_finish();
}
