/* Shared helpers for the C tests: checks that fail loudly, fresh offline CODEX_HOMEs, clients
 * wired to the fixture (tests/fixtures/run_with_fixture.py exports the environment), and the
 * mock model's request log. Header-only so every test is one translation unit; compiles as
 * C11 and as C++. */
#ifndef CODEX_TEST_SUPPORT_H
#define CODEX_TEST_SUPPORT_H

#include "codex.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int ts_passed = 0;
static int ts_failed = 0;
static const char *ts_current = "";

#define TS_FAIL(...)                                                        \
  do {                                                                      \
    fprintf(stderr, "FAIL %s (%s:%d): ", ts_current, __FILE__, __LINE__);   \
    fprintf(stderr, __VA_ARGS__);                                           \
    fprintf(stderr, "\n");                                                  \
    exit(1);                                                                \
  } while (0)

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (!(cond)) TS_FAIL("check failed: %s", #cond);                        \
  } while (0)

#define CHECK_STATUS(expected, call)                                        \
  do {                                                                      \
    codex_error *ts_err_ = NULL;                                            \
    codex_status ts_st_ = (call);                                           \
    if (ts_st_ != (expected))                                               \
      TS_FAIL("%s returned %d, expected %d: %s", #call, (int)ts_st_,        \
              (int)(expected),                                              \
              ts_err_ ? codex_error_message(ts_err_) : "(no error object)"); \
    codex_error_free(ts_err_);                                              \
  } while (0)

/* Runs `call` (which must take `&err` as its last argument) and requires CODEX_STATUS_OK. */
#define CHECK_OK(call)                                                      \
  do {                                                                      \
    codex_error *err = NULL;                                                \
    codex_status ts_st_ = (call);                                           \
    if (ts_st_ != CODEX_STATUS_OK)                                          \
      TS_FAIL("%s returned %d: %s", #call, (int)ts_st_,                     \
              err ? codex_error_message(err) : "(no error object)");         \
    codex_error_free(err);                                                  \
  } while (0)

#define CHECK_STREQ(a, b)                                                   \
  do {                                                                      \
    const char *ts_a_ = (a), *ts_b_ = (b);                                  \
    if (!ts_a_ || !ts_b_ || strcmp(ts_a_, ts_b_) != 0)                      \
      TS_FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b, ts_a_ ? ts_a_ : "(null)", \
              ts_b_ ? ts_b_ : "(null)");                                    \
  } while (0)

#define CHECK_CONTAINS(hay, needle)                                         \
  do {                                                                      \
    const char *ts_h_ = (hay), *ts_n_ = (needle);                           \
    if (!ts_h_ || !strstr(ts_h_, ts_n_))                                    \
      TS_FAIL("%s should contain \"%s\" but is \"%s\"", #hay, ts_n_,        \
              ts_h_ ? ts_h_ : "(null)");                                    \
  } while (0)

#define RUN_TEST(fn)                                                        \
  do {                                                                      \
    ts_current = #fn;                                                       \
    fn();                                                                   \
    ts_passed++;                                                            \
    printf("ok - %s\n", #fn);                                               \
    fflush(stdout);                                                         \
  } while (0)

/* The closing line ctest output readers and the CI look for. */
static inline int ts_finish(void) {
  printf("%d passed, %d failed\n", ts_passed, ts_failed);
  return ts_failed ? 1 : 0;
}

static inline const char *ts_env(const char *name) {
  const char *v = getenv(name);
  if (!v || !*v) TS_FAIL("environment variable %s is not set: run under tests/fixtures/run_with_fixture.py", name);
  return v;
}

static inline double ts_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Reads a whole file into a malloc'd string (NULL if missing). */
static inline char *ts_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = (char *)malloc((size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  buf[got] = '\0';
  fclose(f);
  return buf;
}

/* A fresh CODEX_HOME (a temp dir holding a copy of the fixture's config.toml). Free it. */
static inline char *ts_fresh_home(void) {
  char tmpl[] = "/tmp/codex-test-home-XXXXXX";
  char *dir = mkdtemp(tmpl);
  if (!dir) TS_FAIL("mkdtemp failed");
  char *config = ts_read_file(ts_env("CODEX_TEST_HOME_TEMPLATE"));
  if (!config) TS_FAIL("cannot read the config template");
  char path[512];
  snprintf(path, sizeof path, "%s/config.toml", dir);
  FILE *f = fopen(path, "wb");
  if (!f) TS_FAIL("cannot write %s", path);
  fputs(config, f);
  fclose(f);
  free(config);
  return strdup(dir);
}

/* Options for a client on `home` (NULL = the fixture's shared CODEX_HOME). */
static inline codex_options *ts_options(const char *home) {
  codex_options *o = codex_options_new();
  CHECK(o != NULL);
  CHECK_OK(codex_options_set_codex_bin(o, ts_env("CODEX_BIN"), &err));
  if (home) CHECK_OK(codex_options_set_codex_home(o, home, &err));
  CHECK_OK(codex_options_set_client_info(o, "codex_ffi_tests", "codex-ffi tests", NULL, &err));
  CHECK_OK(codex_options_set_request_timeout_ms(o, 30000, &err));
  return o;
}

static inline codex_client *ts_client_with(codex_options *o) {
  codex_client *c = NULL;
  CHECK_OK(codex_new(o, &c, &err));
  CHECK(c != NULL);
  return c;
}

/* A client on `home` with the test defaults. */
static inline codex_client *ts_client(const char *home) {
  codex_options *o = ts_options(home);
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  return c;
}

/* The mock model's request log (JSONL); free it. */
static inline char *ts_request_log(void) {
  char *log = ts_read_file(ts_env("CODEX_TEST_REQUEST_LOG"));
  return log ? log : strdup("");
}

/* How many times `needle` occurs in `hay`. */
static inline int ts_count(const char *hay, const char *needle) {
  int n = 0;
  size_t len = strlen(needle);
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += len) n++;
  return n;
}

static inline void ts_sleep_ms(int ms) { usleep((useconds_t)ms * 1000); }

/* Thread-local storage in C11 and C++ (these headers are compiled as both). */
#ifdef __cplusplus
#define TS_THREAD_LOCAL thread_local
#else
#define TS_THREAD_LOCAL _Thread_local
#endif

/* Path of the scripted fake app-server. */
static inline const char *ts_fake_server(void) {
  /* One buffer per thread: tests call this from several threads at once, and a shared buffer
   * being rewritten by one could hand another a partial (even empty) path. */
  static TS_THREAD_LOCAL char path[512];
  snprintf(path, sizeof path, "%s/fake_app_server.py", ts_env("CODEX_TEST_FIXTURES"));
  return path;
}

#endif
