/* Event-path benchmarks of libcodex against the Rust fake app-server (benches/fake).
 *
 *   bench_events FAKE callback N           events/s to a C callback (set_event_callback)
 *   bench_events FAKE run N                events/s through codex_thread_run's on_event
 *   bench_events FAKE pull N               events/s through codex_turn_next_event
 *   bench_events FAKE latency N RATE cb|pull   stamp -> host p50/p99/max at RATE deltas/s
 *   bench_events FAKE turns T N            T concurrent turns (threads) on one client
 *   bench_events FAKE clients C N          C clients in one process, one turn each
 *   bench_events FAKE memory N             RSS sampled during one N-event turn (flatness)
 *
 * Each run prints `RESULT row value unit` lines. The clock of a throughput run starts before
 * codex_thread_turn and stops when the turn is complete, like the bare reader's. Every callback
 * reads the delta text (a real host would), and the counts are checked against N.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "bench_util.h"

static const char *g_fake;

/* One turn's completion state, shared by its callbacks and the waiting thread. */
typedef struct {
  atomic_ulong deltas;
  atomic_ulong bytes;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  codex_status status;
  /* latency samples (ns), when collecting */
  uint64_t *lat;
  size_t lat_cap, lat_n;
} turn_ctx;

static void ctx_init(turn_ctx *c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->cv, NULL);
}

static void ctx_wait(turn_ctx *c) {
  pthread_mutex_lock(&c->mu);
  while (!c->done) pthread_cond_wait(&c->cv, &c->mu);
  pthread_mutex_unlock(&c->mu);
}

/* Parses "ts=<20 digits>" (the fake's paced stamp) and records now - stamp. */
static void record_latency(turn_ctx *c, const char *text, size_t len) {
  uint64_t now = bu_now_ns();
  if (len < 23 || strncmp(text, "ts=", 3) != 0) return;
  uint64_t stamp = 0;
  for (int i = 3; i < 23; i++) stamp = stamp * 10 + (uint64_t)(text[i] - '0');
  if (c->lat_n < c->lat_cap && now >= stamp) c->lat[c->lat_n++] = now - stamp;
}

static void on_event(void *ud, const codex_event *ev) {
  turn_ctx *c = (turn_ctx *)ud;
  if (codex_event_kind(ev) != CODEX_EVENT_AGENT_MESSAGE_DELTA) return;
  size_t len = 0;
  const char *text = codex_event_delta(ev, &len);
  if (c->lat) record_latency(c, text, len);
  atomic_fetch_add_explicit(&c->deltas, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&c->bytes, len, memory_order_relaxed);
}

static void on_complete(void *ud, codex_status st, const codex_turn_result *r, const codex_error *e) {
  (void)r;
  (void)e;
  turn_ctx *c = (turn_ctx *)ud;
  pthread_mutex_lock(&c->mu);
  c->status = st;
  c->done = 1;
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static codex_client *fake_client(unsigned long n, const char *mode, unsigned long rate) {
  codex_options *o = codex_options_new();
  char buf[32];
  BU_OK(codex_options_set_codex_bin(o, g_fake, &bu_err_));
  snprintf(buf, sizeof buf, "%lu", n);
  BU_OK(codex_options_set_env(o, "BENCH_N", buf, &bu_err_));
  BU_OK(codex_options_set_env(o, "BENCH_MODE", mode, &bu_err_));
  snprintf(buf, sizeof buf, "%lu", rate);
  BU_OK(codex_options_set_env(o, "BENCH_RATE", buf, &bu_err_));
  BU_OK(codex_options_set_idle_timeout_ms(o, 0, &bu_err_));
  codex_client *client = NULL;
  BU_OK(codex_new(o, &client, &bu_err_));
  codex_options_free(o);
  return client;
}

static codex_thread *start_thread(codex_client *client) {
  codex_thread *t = NULL;
  BU_OK(codex_thread_start(client, NULL, &t, &bu_err_));
  return t;
}

/* Starts a turn delivering to callbacks on `c`; returns the handle (free after completion). */
static codex_turn *start_push_turn(codex_thread *t, turn_ctx *c) {
  codex_turn *turn = NULL;
  BU_OK(codex_thread_turn(t, "go", NULL, &turn, &bu_err_));
  BU_OK(codex_turn_set_event_callback(turn, on_event, c, NULL, &bu_err_));
  BU_OK(codex_turn_on_complete(turn, on_complete, c, NULL, &bu_err_));
  return turn;
}

static void expect_count(turn_ctx *c, unsigned long n) {
  unsigned long got = atomic_load(&c->deltas);
  if (c->status != CODEX_STATUS_OK) bu_die("turn ended with status %d", (int)c->status);
  if (got != n) bu_die("expected %lu deltas, got %lu", n, got);
}

static void bench_callback(unsigned long n) {
  codex_client *client = fake_client(n, "flood", 0);
  codex_thread *t = start_thread(client);
  turn_ctx c;
  ctx_init(&c);
  uint64_t t0 = bu_now_ns();
  codex_turn *turn = start_push_turn(t, &c);
  ctx_wait(&c);
  double secs = bu_secs_since(t0);
  expect_count(&c, n);
  char row[64];
  snprintf(row, sizeof row, "lib_callback_%lu", n);
  bu_result(row, (double)n / secs, "ev/s");
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(client);
}

static void bench_run(unsigned long n) {
  codex_client *client = fake_client(n, "flood", 0);
  codex_thread *t = start_thread(client);
  turn_ctx c;
  ctx_init(&c);
  codex_turn_result *r = NULL;
  uint64_t t0 = bu_now_ns();
  BU_OK(codex_thread_run(t, "go", NULL, on_event, &c, &r, &bu_err_));
  double secs = bu_secs_since(t0);
  expect_count(&c, n);
  char row[64];
  snprintf(row, sizeof row, "lib_run_%lu", n);
  bu_result(row, (double)n / secs, "ev/s");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(client);
}

/* Pulls every event of `turn` on this thread, feeding on_event; returns at END. */
static void pull_all(codex_turn *turn, turn_ctx *c) {
  for (;;) {
    codex_event *ev = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_next_event(turn, -1, &ev, &err);
    if (st == CODEX_STATUS_END) break;
    bu_check(st, err, "codex_turn_next_event");
    on_event(c, ev);
    codex_event_free(ev);
  }
}

static void bench_pull(unsigned long n) {
  codex_client *client = fake_client(n, "flood", 0);
  codex_thread *t = start_thread(client);
  turn_ctx c;
  ctx_init(&c);
  uint64_t t0 = bu_now_ns();
  codex_turn *turn = NULL;
  BU_OK(codex_thread_turn(t, "go", NULL, &turn, &bu_err_));
  pull_all(turn, &c);
  double secs = bu_secs_since(t0);
  expect_count(&c, n);
  char row[64];
  snprintf(row, sizeof row, "lib_pull_%lu", n);
  bu_result(row, (double)n / secs, "ev/s");
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(client);
}

static void bench_latency(unsigned long n, unsigned long rate, const char *how) {
  codex_client *client = fake_client(n, "paced", rate);
  codex_thread *t = start_thread(client);
  turn_ctx c;
  ctx_init(&c);
  c.lat_cap = n;
  c.lat = (uint64_t *)calloc(n, sizeof *c.lat);
  codex_turn *turn = NULL;
  if (strcmp(how, "pull") == 0) {
    BU_OK(codex_thread_turn(t, "go", NULL, &turn, &bu_err_));
    pull_all(turn, &c);
    c.done = 1;
  } else {
    turn = start_push_turn(t, &c);
    ctx_wait(&c);
  }
  expect_count(&c, n);
  char row[64];
  double p50 = (double)bu_quantile(c.lat, c.lat_n, 0.50) / 1000.0;
  double p99 = (double)bu_quantile(c.lat, c.lat_n, 0.99) / 1000.0;
  double mx = (double)bu_quantile(c.lat, c.lat_n, 1.0) / 1000.0;
  snprintf(row, sizeof row, "lat_%s_p50", how);
  bu_result(row, p50, "us");
  snprintf(row, sizeof row, "lat_%s_p99", how);
  bu_result(row, p99, "us");
  snprintf(row, sizeof row, "lat_%s_max", how);
  bu_result(row, mx, "us");
  free(c.lat);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(client);
}

/* T concurrent turns on one client (one thread each: the server runs one turn per thread). */
static void bench_turns(unsigned long nturns, unsigned long n) {
  long rss0 = bu_rss_kib();
  codex_client *client = fake_client(n, "flood", 0);
  codex_thread **threads = (codex_thread **)calloc(nturns, sizeof *threads);
  codex_turn **turns = (codex_turn **)calloc(nturns, sizeof *turns);
  turn_ctx *ctx = (turn_ctx *)calloc(nturns, sizeof *ctx);
  for (unsigned long i = 0; i < nturns; i++) threads[i] = start_thread(client);
  long rss_idle = bu_rss_kib();
  uint64_t t0 = bu_now_ns();
  for (unsigned long i = 0; i < nturns; i++) {
    ctx_init(&ctx[i]);
    turns[i] = start_push_turn(threads[i], &ctx[i]);
  }
  long rss_peak = bu_rss_kib();
  for (unsigned long i = 0; i < nturns; i++) {
    ctx_wait(&ctx[i]);
    long r = bu_rss_kib();
    if (r > rss_peak) rss_peak = r;
  }
  double secs = bu_secs_since(t0);
  for (unsigned long i = 0; i < nturns; i++) expect_count(&ctx[i], n);
  char row[64];
  snprintf(row, sizeof row, "scale_turns_%lu", nturns);
  bu_result(row, (double)(n * nturns) / secs, "ev/s");
  snprintf(row, sizeof row, "scale_turns_%lu_rss_idle", nturns);
  bu_result(row, (double)(rss_idle - rss0) / 1024.0, "MiB");
  snprintf(row, sizeof row, "scale_turns_%lu_rss_peak", nturns);
  bu_result(row, (double)(rss_peak - rss0) / 1024.0, "MiB");
  for (unsigned long i = 0; i < nturns; i++) {
    codex_turn_free(turns[i]);
    codex_thread_free(threads[i]);
  }
  codex_free(client);
  free(threads);
  free(turns);
  free(ctx);
}

/* C clients in one process, one turn each, all streaming at once. */
static void bench_clients(unsigned long nclients, unsigned long n) {
  /* The library's process-wide runtime starts with the first client: count it once, apart. */
  long rss_before_any = bu_rss_kib();
  codex_client *warm = fake_client(1, "flood", 0);
  codex_free(warm);
  long rss0 = bu_rss_kib();
  codex_client **clients = (codex_client **)calloc(nclients, sizeof *clients);
  codex_thread **threads = (codex_thread **)calloc(nclients, sizeof *threads);
  codex_turn **turns = (codex_turn **)calloc(nclients, sizeof *turns);
  turn_ctx *ctx = (turn_ctx *)calloc(nclients, sizeof *ctx);
  for (unsigned long i = 0; i < nclients; i++) {
    clients[i] = fake_client(n, "flood", 0);
    threads[i] = start_thread(clients[i]);
  }
  long rss_idle = bu_rss_kib();
  uint64_t t0 = bu_now_ns();
  for (unsigned long i = 0; i < nclients; i++) {
    ctx_init(&ctx[i]);
    turns[i] = start_push_turn(threads[i], &ctx[i]);
  }
  long rss_peak = bu_rss_kib();
  for (unsigned long i = 0; i < nclients; i++) {
    ctx_wait(&ctx[i]);
    long r = bu_rss_kib();
    if (r > rss_peak) rss_peak = r;
  }
  double secs = bu_secs_since(t0);
  for (unsigned long i = 0; i < nclients; i++) expect_count(&ctx[i], n);
  char row[64];
  snprintf(row, sizeof row, "scale_clients_%lu", nclients);
  bu_result(row, (double)(n * nclients) / secs, "ev/s");
  snprintf(row, sizeof row, "rss_runtime");
  bu_result(row, (double)(rss0 - rss_before_any) / 1024.0, "MiB");
  snprintf(row, sizeof row, "rss_per_client_idle");
  bu_result(row, (double)(rss_idle - rss0) / 1024.0 / (double)nclients, "MiB");
  snprintf(row, sizeof row, "rss_per_client_streaming");
  bu_result(row, (double)(rss_peak - rss0) / 1024.0 / (double)nclients, "MiB");
  for (unsigned long i = 0; i < nclients; i++) {
    codex_turn_free(turns[i]);
    codex_thread_free(threads[i]);
    codex_free(clients[i]);
  }
  free(clients);
  free(threads);
  free(turns);
  free(ctx);
}

/* One long turn; RSS sampled every 100 ms. Flat = the last sample is no higher than the one
 * taken after the first tenth of the events (plus a little allocator slack). */
static void bench_memory(unsigned long n) {
  long rss0 = bu_rss_kib();
  codex_client *client = fake_client(n, "flood", 0);
  codex_thread *t = start_thread(client);
  turn_ctx c;
  ctx_init(&c);
  uint64_t t0 = bu_now_ns();
  codex_turn *turn = start_push_turn(t, &c);
  long at_tenth = -1, peak = 0, last = 0;
  for (;;) {
    pthread_mutex_lock(&c.mu);
    int done = c.done;
    pthread_mutex_unlock(&c.mu);
    long r = bu_rss_kib();
    if (r > peak) peak = r;
    last = r;
    if (at_tenth < 0 && atomic_load(&c.deltas) >= n / 10) at_tenth = r;
    /* The timeline goes to stderr (the run.sh log): RSS against events delivered. */
    fprintf(stderr, "mem: %.1fs rss %ld KiB delivered %lu\n", bu_secs_since(t0), r - rss0,
            (unsigned long)atomic_load(&c.deltas));
    if (done) break;
    usleep(100 * 1000);
  }
  double secs = bu_secs_since(t0);
  expect_count(&c, n);
  if (at_tenth < 0) at_tenth = last;
  char row[64];
  snprintf(row, sizeof row, "mem_%lu", n);
  bu_result(row, (double)n / secs, "ev/s");
  bu_result("mem_rss_at_10pct", (double)(at_tenth - rss0) / 1024.0, "MiB");
  bu_result("mem_rss_peak", (double)(peak - rss0) / 1024.0, "MiB");
  bu_result("mem_rss_end", (double)(last - rss0) / 1024.0, "MiB");
  bu_result("mem_growth_after_10pct", (double)(last - at_tenth) / 1024.0, "MiB");
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(client);
}

static unsigned long arg_ul(int argc, char **argv, int i, unsigned long def) {
  return i < argc ? strtoul(argv[i], NULL, 10) : def;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s FAKE callback|run|pull|latency|turns|clients|memory ARGS...\n", argv[0]);
    return 2;
  }
  g_fake = argv[1];
  const char *what = argv[2];
  if (strcmp(what, "callback") == 0) {
    bench_callback(arg_ul(argc, argv, 3, 100000));
  } else if (strcmp(what, "run") == 0) {
    bench_run(arg_ul(argc, argv, 3, 100000));
  } else if (strcmp(what, "pull") == 0) {
    bench_pull(arg_ul(argc, argv, 3, 100000));
  } else if (strcmp(what, "latency") == 0) {
    bench_latency(arg_ul(argc, argv, 3, 20000), arg_ul(argc, argv, 4, 20000), argc > 5 ? argv[5] : "cb");
  } else if (strcmp(what, "turns") == 0) {
    bench_turns(arg_ul(argc, argv, 3, 64), arg_ul(argc, argv, 4, 10000));
  } else if (strcmp(what, "clients") == 0) {
    bench_clients(arg_ul(argc, argv, 3, 16), arg_ul(argc, argv, 4, 10000));
  } else if (strcmp(what, "memory") == 0) {
    bench_memory(arg_ul(argc, argv, 3, 10000000));
  } else {
    bu_die("unknown benchmark %s", what);
  }
  return 0;
}
