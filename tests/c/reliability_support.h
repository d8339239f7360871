/* Helpers shared by the reliability tests (issue 7: test_fault_injection, test_misuse,
 * test_stress): clients on the scripted fake (tests/fixtures/fake_faults.py, which extends
 * fake_app_server.py), callback counters whose drop counts are checked, and a time scale for
 * slow runs (valgrind / sanitizers set CODEX_TEST_TIME_SCALE). Compiles as C11 and as C++. */
#ifndef CODEX_RELIABILITY_SUPPORT_H
#define CODEX_RELIABILITY_SUPPORT_H

#include "test_support.h"

#include <pthread.h>
#include <signal.h>

/* Deadlines are multiplied by this (1 normally; the valgrind / asan ctest entries raise it). */
static inline double rs_scale(void) {
  const char *s = getenv("CODEX_TEST_TIME_SCALE");
  double v = s ? atof(s) : 1.0;
  return v >= 1.0 ? v : 1.0;
}

/* Atomic int helpers that work in C and C++ alike. */
#define RS_INC(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define RS_GET(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define RS_SET(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

static inline const char *rs_fake_faults(void) {
  /* One buffer per thread: tests call this from several threads at once, and a shared buffer
   * being rewritten by one could hand another a partial (even empty) path. */
  static TS_THREAD_LOCAL char path[512];
  snprintf(path, sizeof path, "%s/fake_faults.py", ts_env("CODEX_TEST_FIXTURES"));
  return path;
}

/* Options launching fake_faults.py in `scenario`. `pid_file` (may be NULL) receives its pid. */
static inline codex_options *rs_fake_options(const char *scenario, const char *arg,
                                             const char *pid_file) {
  codex_options *o = codex_options_new();
  CHECK(o != NULL);
  CHECK_OK(codex_options_set_codex_bin(o, rs_fake_faults(), &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_SCENARIO", scenario, &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_ARG", arg, &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_PID_FILE", pid_file, &err));
  CHECK_OK(codex_options_set_request_timeout_ms(o, (int64_t)(10000 * rs_scale()), &err));
  return o;
}

static inline codex_client *rs_fake_client(const char *scenario, const char *arg,
                                           const char *pid_file) {
  codex_options *o = rs_fake_options(scenario, arg, pid_file);
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  return c;
}

/* A unique pid-file path for one fake. */
static inline void rs_pid_path(char *buf, size_t n, const char *tag) {
  snprintf(buf, n, "/tmp/codex-fake-%d-%s.pid", (int)getpid(), tag);
  unlink(buf);
}

/* The fake's pid, waiting up to 5 s for it to write the file. */
static inline pid_t rs_read_pid(const char *path) {
  for (int i = 0; i < 500; i++) {
    char *s = ts_read_file(path);
    if (s) {
      pid_t pid = (pid_t)atoi(s);
      free(s);
      if (pid > 0) return pid;
    }
    ts_sleep_ms(10);
  }
  TS_FAIL("the fake never wrote its pid to %s", path);
  return -1;
}

/* Whether `pid` is gone (exited and reaped), waiting up to `ms`. */
static inline int rs_gone_within(pid_t pid, int ms) {
  double t0 = ts_now_ms();
  while (ts_now_ms() - t0 < ms) {
    if (kill(pid, 0) != 0) return 1;
    ts_sleep_ms(10);
  }
  return 0;
}

/* What one registered callback saw: how often it ran, with which status, when, and how often
 * its drop ran. Checked after the handles are freed: `drops` must be exactly 1. */
typedef struct {
  int calls;
  int drops;
  int status;
  double at_ms;
  char tail[256]; /* the error's stderr tail (start), if any */
} rs_counter;

static inline void rs_counter_drop(void *ud) { RS_INC(&((rs_counter *)ud)->drops); }

static inline void rs_counter_record(rs_counter *k, codex_status st, const codex_error *e) {
  k->status = (int)st;
  k->at_ms = ts_now_ms();
  const char *tail = e ? codex_error_stderr_tail(e) : NULL;
  snprintf(k->tail, sizeof k->tail, "%s", tail ? tail : "");
  RS_INC(&k->calls);
}

static inline void rs_on_request(void *ud, codex_status st, const char *result,
                                 const codex_error *e) {
  (void)result;
  rs_counter_record((rs_counter *)ud, st, e);
}

static inline void rs_on_turn_complete(void *ud, codex_status st, const codex_turn_result *r,
                                       const codex_error *e) {
  (void)r;
  rs_counter_record((rs_counter *)ud, st, e);
}

static inline void rs_on_login_complete(void *ud, codex_status st, const codex_login_result *r,
                                        const codex_error *e) {
  (void)r;
  rs_counter_record((rs_counter *)ud, st, e);
}

static inline void rs_on_event_count(void *ud, const codex_event *ev) {
  (void)ev;
  RS_INC(&((rs_counter *)ud)->calls);
}

/* Waits until `*p >= want`, up to `ms` (scaled); returns whether it got there. */
static inline int rs_wait_count(int *p, int want, int ms) {
  double t0 = ts_now_ms(), limit = ms * rs_scale();
  while (RS_GET(p) < want) {
    if (ts_now_ms() - t0 > limit) return 0;
    ts_sleep_ms(2);
  }
  return 1;
}

#endif
