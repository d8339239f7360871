/* Helpers shared by the C benchmarks: clocks, RSS from /proc, result lines, checked calls. */
#ifndef CODEX_BENCH_UTIL_H
#define CODEX_BENCH_UTIL_H

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codex.h"

/* CLOCK_MONOTONIC in ns: the same clock the fake server stamps its paced deltas with. */
static inline uint64_t bu_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline double bu_secs_since(uint64_t t0) { return (double)(bu_now_ns() - t0) / 1e9; }

/* This process's resident set in KiB (children are separate processes and never counted). */
static inline long bu_rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kib = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmRSS:", 6) == 0) {
      kib = strtol(line + 6, NULL, 10);
      break;
    }
  }
  fclose(f);
  return kib;
}

/* One machine-readable result line; benches/report.py builds the table from these. */
static inline void bu_result(const char *row, double value, const char *unit) {
  printf("RESULT %s %.6g %s\n", row, value, unit);
  fflush(stdout);
}

static inline void bu_die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "bench: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

/* Fails the bench with the library's message if a call did not return OK. */
static inline void bu_check(codex_status st, codex_error *err, const char *what) {
  if (st != CODEX_STATUS_OK) {
    bu_die("%s failed: status %d: %s", what, (int)st, err ? codex_error_message(err) : "(no error)");
  }
}
#define BU_OK(call)                                                                           \
  do {                                                                                        \
    codex_error *bu_err_ = NULL;                                                              \
    codex_status bu_st_ = (call);                                                             \
    bu_check(bu_st_, bu_err_, #call);                                                         \
  } while (0)
/* `call` must take `&bu_err_` as its error argument. */

static inline const char *bu_env(const char *name) {
  const char *v = getenv(name);
  if (!v || !*v) bu_die("%s is not set (run under tests/fixtures/run_with_fixture.py)", name);
  return v;
}

static int bu_cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n samples; sorts them in place. */
static inline uint64_t bu_quantile(uint64_t *v, size_t n, double q) {
  if (n == 0) return 0;
  qsort(v, n, sizeof *v, bu_cmp_u64);
  size_t i = (size_t)(q * (double)(n - 1) + 0.5);
  return v[i < n ? i : n - 1];
}

static int bu_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static inline double bu_median(double *v, size_t n) {
  qsort(v, n, sizeof *v, bu_cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
