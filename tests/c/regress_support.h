/* Helpers for the regression tests of issue 12 (test_regress_*.c): a SIGALRM deadline so a
 * deadlock fails the test with a message instead of hanging ctest, soft checks that report every
 * broken expectation of a case before moving on, and nested-JSON builders. Header-only; compiles
 * as C11 and as C++ like test_support.h. */
#ifndef CODEX_REGRESS_SUPPORT_H
#define CODEX_REGRESS_SUPPORT_H

#include "turns_support.h"

#include <signal.h>

/* ---- deadline ------------------------------------------------------------------------------ */

static const char *volatile rg_alarm_what = "";

static inline void rg_write_stderr(const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(2, s, n);
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

static inline void rg_on_alarm(int sig) {
  (void)sig;
  /* Async-signal-safe only: write(2) and _exit. */
  rg_write_stderr("FAIL ");
  rg_write_stderr(ts_current);
  rg_write_stderr(" (deadline): ");
  rg_write_stderr(rg_alarm_what);
  rg_write_stderr("\n");
  _exit(1);
}

/* (Re)arms the process deadline: after `seconds` the process prints `what` and exits 1.
 * 0 disarms it. In a fork()ed child it applies to the child only. */
static inline void rg_deadline(unsigned seconds, const char *what) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = rg_on_alarm;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, NULL);
  rg_alarm_what = what;
  alarm(seconds);
}

/* ---- soft checks --------------------------------------------------------------------------- */

static int rg_case_failed = 0;

/* Reports a broken expectation and marks the running case failed, but goes on. */
#define RG_EXPECT(cond, ...)                                                \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fflush(stdout);                                                       \
      fprintf(stderr, "FAIL %s (%s:%d): ", ts_current, __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                                         \
      fprintf(stderr, "\n");                                                \
      fflush(stderr);                                                       \
      rg_case_failed = 1;                                                   \
    }                                                                       \
  } while (0)

/* RUN_TEST for cases written with RG_EXPECT: every case runs; the binary fails if any did. */
#define RG_RUN(fn)                                                          \
  do {                                                                      \
    ts_current = #fn;                                                       \
    rg_case_failed = 0;                                                     \
    fn();                                                                   \
    if (rg_case_failed) {                                                   \
      ts_failed++;                                                          \
      printf("not ok - %s\n", #fn);                                         \
    } else {                                                                \
      ts_passed++;                                                          \
      printf("ok - %s\n", #fn);                                             \
    }                                                                       \
    fflush(stdout);                                                         \
  } while (0)

/* The error's message, or a placeholder (for failure messages). */
static inline const char *rg_msg(const codex_error *err) {
  const char *m = err ? codex_error_message(err) : NULL;
  return m ? m : "(no error object)";
}

/* ---- nested JSON ---------------------------------------------------------------------------- */

/* `{"a":{"a":...{"a":1}...}}` with `depth` objects (the outer one is level 1). Free it. */
static inline char *rg_nested_object(int depth) {
  tt_buf b = {NULL, 0, 0};
  for (int i = 0; i < depth; i++) tt_buf_append(&b, "{\"a\":", 5);
  tt_buf_append(&b, "1", 1);
  for (int i = 0; i < depth; i++) tt_buf_append(&b, "}", 1);
  return b.data;
}

/* `[[...[1]...]]` with `depth` arrays (the outer one is level 1). Free it. */
static inline char *rg_nested_array(int depth) {
  tt_buf b = {NULL, 0, 0};
  for (int i = 0; i < depth; i++) tt_buf_append(&b, "[", 1);
  tt_buf_append(&b, "1", 1);
  for (int i = 0; i < depth; i++) tt_buf_append(&b, "]", 1);
  return b.data;
}

#endif
