/* Helpers shared by the thread and turn tests (test_turns.c, test_streaming.c, ...): logged-in
 * clients, threads, one-call turns, and an event recorder that callbacks on any thread can feed.
 * Header-only; compiles as C11 and as C++ like test_support.h. */
#ifndef CODEX_TURNS_SUPPORT_H
#define CODEX_TURNS_SUPPORT_H

#include "test_support.h"

#include <pthread.h>

/* The mock provider has requires_openai_auth = true: a turn needs a login first. The key is fake;
 * the mock accepts anything. */
#define TT_FAKE_KEY "sk-test-offline-turns"

/* An empty HOME for the app-server, made once per test process. The server runs shells (its
 * shell snapshot, approved commands) as login shells that source $HOME's rc files; the host's
 * (here: pyenv's rehash, whose lock file a killed shell leaves behind, after which every login
 * shell waits 60 s for it) must not make command timings, and so these tests, depend on the
 * machine. CODEX_HOME is passed explicitly, so nothing else reads HOME. */
static char tt_shell_home_dir[64];

static inline void tt_remove_shell_home(void) {
  if (tt_shell_home_dir[0]) rmdir(tt_shell_home_dir);
}

static inline const char *tt_shell_home(void) {
  if (!tt_shell_home_dir[0]) {
    snprintf(tt_shell_home_dir, sizeof tt_shell_home_dir, "/tmp/codex-shellhome-XXXXXX");
    if (!mkdtemp(tt_shell_home_dir)) TS_FAIL("mkdtemp failed");
    atexit(tt_remove_shell_home);
  }
  return tt_shell_home_dir;
}

/* ts_options (test client defaults) plus the empty shell HOME. */
static inline codex_options *tt_options(const char *home) {
  codex_options *o = ts_options(home);
  CHECK_OK(codex_options_set_env(o, "HOME", tt_shell_home(), &err));
  return o;
}

/* A client on `home` (NULL = the fixture's CODEX_HOME), not logged in. */
static inline codex_client *tt_client_nologin(const char *home) {
  codex_options *o = tt_options(home);
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  return c;
}

/* A client on `home` (NULL = the fixture's CODEX_HOME), logged in with a fake API key. */
static inline codex_client *tt_client(const char *home) {
  codex_client *c = tt_client_nologin(home);
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  return c;
}

static inline codex_thread *tt_thread(codex_client *c, const char *params_json) {
  codex_thread *t = NULL;
  CHECK_OK(codex_thread_start(c, params_json, &t, &err));
  CHECK(t != NULL);
  CHECK(codex_thread_id(t) != NULL && strlen(codex_thread_id(t)) > 0);
  return t;
}

/* codex_thread_run that must return OK; the result is the caller's. */
static inline codex_turn_result *tt_run(codex_thread *t, const char *text, const char *params) {
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, text, params, NULL, NULL, &r, &err));
  CHECK(r != NULL);
  return r;
}

/* A growable string. */
typedef struct {
  char *data;
  size_t len, cap;
} tt_buf;

static inline void tt_buf_append(tt_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n + 1) cap *= 2;
    b->data = (char *)realloc(b->data, cap);
    CHECK(b->data != NULL);
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static inline const char *tt_buf_str(const tt_buf *b) { return b->data ? b->data : ""; }

static inline void tt_buf_free(tt_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

/* Records what a turn's event callback saw. Callbacks may run on the delivery thread, so every
 * field is guarded by `mu`. */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  tt_buf deltas;       /* agent-message deltas, concatenated in arrival order */
  tt_buf methods;      /* every method, one per line */
  int n_events;
  int n_deltas;
  int n_completed;     /* turn/completed events */
  int n_foreign;       /* events whose turn id differs from `turn_id` (when set) */
  char turn_id[128];   /* expected turn id, "" = do not check */
  int drops;           /* drop(user_data) calls */
} tt_rec;

static inline void tt_rec_init(tt_rec *r) {
  memset(r, 0, sizeof *r);
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->cv, NULL);
}

static inline void tt_rec_destroy(tt_rec *r) {
  tt_buf_free(&r->deltas);
  tt_buf_free(&r->methods);
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
}

/* A codex_event_fn that feeds a tt_rec. */
static inline void tt_rec_event(void *user_data, const codex_event *ev) {
  tt_rec *r = (tt_rec *)user_data;
  pthread_mutex_lock(&r->mu);
  r->n_events++;
  const char *m = codex_event_method(ev);
  tt_buf_append(&r->methods, m, strlen(m));
  tt_buf_append(&r->methods, "\n", 1);
  const char *tid = codex_event_turn_id(ev);
  if (r->turn_id[0] && tid && strcmp(tid, r->turn_id) != 0) r->n_foreign++;
  if (codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
    size_t n = 0;
    const char *d = codex_event_delta(ev, &n);
    if (d) tt_buf_append(&r->deltas, d, n);
    r->n_deltas++;
  }
  if (codex_event_kind(ev) == CODEX_EVENT_TURN_COMPLETED) r->n_completed++;
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

/* A codex_drop_fn that counts drops of a tt_rec. */
static inline void tt_rec_drop(void *user_data) {
  tt_rec *r = (tt_rec *)user_data;
  pthread_mutex_lock(&r->mu);
  r->drops++;
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

/* Waits up to `ms` until *counter >= want (counter is a field of r). Returns whether it got there. */
static inline int tt_rec_wait(tt_rec *r, const int *counter, int want, int ms) {
  double deadline = ts_now_ms() + ms;
  pthread_mutex_lock(&r->mu);
  while (*counter < want && ts_now_ms() < deadline) {
    pthread_mutex_unlock(&r->mu);
    ts_sleep_ms(5);
    pthread_mutex_lock(&r->mu);
  }
  int ok = *counter >= want;
  pthread_mutex_unlock(&r->mu);
  return ok;
}

/* "t0 t1 ... t{n-1} ": what the mock streams for "stream n". */
static inline char *tt_expected_stream(int n) {
  tt_buf b = {NULL, 0, 0};
  char piece[32];
  for (int i = 0; i < n; i++) {
    int k = snprintf(piece, sizeof piece, "t%d ", i);
    tt_buf_append(&b, piece, (size_t)k);
  }
  return b.data;
}

/* The lines of the mock's request log that are model requests (POST .../responses) and contain
 * `needle`, as a count. */
static inline int tt_model_requests_with(const char *needle) {
  char *log = ts_request_log();
  int n = 0;
  char *save = NULL;
  for (char *line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (strstr(line, "\"POST\"") && strstr(line, "/responses") && strstr(line, needle)) n++;
  }
  free(log);
  return n;
}

/* The last model request line containing `needle` (malloc'd), or NULL. */
static inline char *tt_last_model_request_with(const char *needle) {
  char *log = ts_request_log();
  char *found = NULL;
  char *save = NULL;
  for (char *line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (strstr(line, "\"POST\"") && strstr(line, "/responses") && strstr(line, needle)) {
      free(found);
      found = strdup(line);
    }
  }
  free(log);
  return found;
}

/* A temporary directory (malloc'd path). */
static inline char *tt_temp_dir(const char *tag) {
  char tmpl[256];
  snprintf(tmpl, sizeof tmpl, "/tmp/codex-%s-XXXXXX", tag);
  char *dir = mkdtemp(tmpl);
  if (!dir) TS_FAIL("mkdtemp failed");
  return strdup(dir);
}

/* Removes a home or temp dir made by a test (best effort; paths are our own mkdtemp dirs). */
static inline void tt_remove_dir(const char *dir) {
  if (!dir || strncmp(dir, "/tmp/codex-", 11) != 0) return;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", dir);
}

#endif
