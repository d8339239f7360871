/* The *err rule (docs/abi.md): `err` may be NULL, and `*err` must be NULL on entry; a non-NULL
 * `*err` is neither read nor freed and stays as it was, and the new error is dropped. Also: an
 * unknown enumeration value passed in as uint32_t is INVALID_ARGUMENT, and codex_status_str
 * names every status. No app-server needed. */
#include "test_support.h"

static void a_set_err_is_left_alone(void) {
  /* A pointer the library must never dereference: if it read or freed it, ASan/valgrind and
   * (most likely) a crash would say so. */
  codex_error *sentinel = (codex_error *)(uintptr_t)0x10;
  codex_error *err = sentinel;
  codex_thread *t = NULL;
  codex_status st = codex_thread_start(NULL, NULL, &t, &err);
  CHECK(st == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(err == sentinel);
  CHECK(t == NULL);
}

static void a_null_err_is_allowed(void) {
  codex_thread *t = NULL;
  CHECK(codex_thread_start(NULL, NULL, &t, NULL) == CODEX_STATUS_INVALID_ARGUMENT);
}

static void an_empty_err_gets_the_error(void) {
  codex_error *err = NULL;
  codex_thread *t = NULL;
  CHECK(codex_thread_start(NULL, NULL, &t, &err) == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(err != NULL);
  CHECK(codex_error_status(err) == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(strstr(codex_error_message(err), "NULL") != NULL);
  codex_error_free(err);
}

static void unknown_log_level_is_invalid(void) {
  codex_options *o = codex_options_new();
  codex_error *err = NULL;
  CHECK(codex_options_set_log_callback(o, 4, NULL, NULL, NULL, &err) ==
        CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(err != NULL && strstr(codex_error_message(err), "max_level") != NULL);
  codex_error_free(err);
  CHECK(codex_options_set_log_callback(o, 0xFFFFFFFFu, NULL, NULL, NULL, NULL) ==
        CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, NULL, NULL, NULL, NULL) ==
        CODEX_STATUS_OK);
  codex_options_free(o);
}

static void every_status_has_a_name(void) {
  CHECK_STREQ(codex_status_str(CODEX_STATUS_OK), "CODEX_STATUS_OK");
  CHECK_STREQ(codex_status_str(CODEX_STATUS_WOULD_DEADLOCK), "CODEX_STATUS_WOULD_DEADLOCK");
  CHECK_STREQ(codex_status_str(CODEX_STATUS_AUTH), "CODEX_STATUS_AUTH");
  CHECK_STREQ(codex_status_str(999), "CODEX_STATUS_UNKNOWN");
  CHECK(codex_version_number() == CODEX_VERSION_NUMBER);
}

int main(void) {
  RUN_TEST(a_set_err_is_left_alone);
  RUN_TEST(a_null_err_is_allowed);
  RUN_TEST(an_empty_err_gets_the_error);
  RUN_TEST(unknown_log_level_is_invalid);
  RUN_TEST(every_status_has_a_name);
  return ts_finish();
}
