/* Standalone commands and file search through the C ABI on the real app-server, sandboxed
 * (read-only) and offline: a one-shot run's exit code, stdout and stderr; a process handle's
 * streamed output (routed by process id), stdin write and close, terminate, a wait with a
 * timeout, the output callback, freeing the handle while output streams, resize of a tty
 * process (its CODEX_HOME outside /tmp: the server makes no sandbox helper aliases under /tmp),
 * and fuzzyFileSearch's typed matches. */
#include "turns_support.h"

static const char *const ECHO_BOTH[] = {"sh", "-c", "echo out; echo err >&2; exit 3"};

static void one_shot(void) {
  codex_client *c = tt_client_nologin(NULL);
  codex_exec_result *r = NULL;
  CHECK_OK(codex_command_exec(c, ECHO_BOTH, 3, NULL, &r, &err));
  CHECK(codex_exec_result_exit_code(r) == 3);
  CHECK(strcmp(codex_exec_result_stdout(r), "out\n") == 0);
  CHECK(strcmp(codex_exec_result_stderr(r), "err\n") == 0);
  codex_exec_result_free(r);

  /* Sandboxed: read-only outside the workspace. */
  const char *const touch[] = {"sh", "-c", "touch /tmp/codex-exec-sandbox-probe"};
  CHECK_OK(codex_command_exec(c, touch, 3, NULL, &r, &err));
  CHECK(codex_exec_result_exit_code(r) != 0);
  CHECK_CONTAINS(codex_exec_result_stderr(r), "Read-only file system");
  codex_exec_result_free(r);

  /* The command's own timeout: 124. */
  const char *const slow[] = {"sleep", "5"};
  double t0 = ts_now_ms();
  CHECK_OK(codex_command_exec(c, slow, 2, "{\"timeoutMs\":300}", &r, &err));
  printf("# timeoutMs 300 -> exit %d after %.0f ms\n", codex_exec_result_exit_code(r),
         ts_now_ms() - t0);
  CHECK(codex_exec_result_exit_code(r) == 124);
  codex_exec_result_free(r);

  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_command_exec(c, ECHO_BOTH, 0, NULL, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_command_exec(c, ECHO_BOTH, 3, "[1]", &r, &ts_err_));
  codex_free(c);
}

/* Pulls every chunk until END; appends stdout and stderr to their buffers. */
static void drain(codex_process *p, tt_buf *out, tt_buf *errb) {
  for (;;) {
    codex_process_output *o = NULL;
    codex_error *e = NULL;
    codex_status st = codex_process_next_output(p, 20000, &o, &e);
    if (st == CODEX_STATUS_END) return;
    if (st != CODEX_STATUS_OK) TS_FAIL("next_output: %s %s", codex_status_str(st), e ? codex_error_message(e) : "");
    size_t n = 0;
    const uint8_t *d = codex_process_output_data(o, &n);
    tt_buf *b = codex_process_output_stream(o) == CODEX_OUTPUT_STDERR ? errb : out;
    tt_buf_append(b, (const char *)d, n);
    codex_process_output_free(o);
  }
}

static void streamed_stdin_terminate(void) {
  codex_client *c = tt_client_nologin(NULL);
  codex_process *p = NULL;
  CHECK_OK(codex_process_spawn(c, "both", ECHO_BOTH, 3, NULL, &p, &err));
  CHECK(strcmp(codex_process_id(p), "both") == 0);
  tt_buf out = {NULL, 0, 0}, errb = {NULL, 0, 0};
  drain(p, &out, &errb);
  CHECK(out.data && strcmp(out.data, "out\n") == 0);
  CHECK(errb.data && strcmp(errb.data, "err\n") == 0);
  codex_exec_result *r = NULL;
  CHECK_OK(codex_process_wait(p, 5000, &r, &err));
  CHECK(codex_exec_result_exit_code(r) == 3);
  CHECK(strcmp(codex_exec_result_stdout(r), "") == 0); /* it streamed */
  codex_exec_result_free(r);
  codex_process_free(p);
  tt_buf_free(&out);
  tt_buf_free(&errb);

  /* stdin: cat echoes what it reads until its stdin closes. */
  const char *const cat[] = {"cat"};
  CHECK_OK(codex_process_spawn(c, "cat", cat, 1, NULL, &p, &err));
  /* A second process with a running one's id is refused. */
  codex_process *dup = NULL;
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_process_spawn(c, "cat", cat, 1, NULL, &dup, &ts_err_));
  CHECK(dup == NULL);
  CHECK_OK(codex_process_write(p, (const uint8_t *)"hello\n", 6, &err));
  codex_process_output *o = NULL;
  CHECK_OK(codex_process_next_output(p, 20000, &o, &err));
  size_t n = 0;
  const uint8_t *d = codex_process_output_data(o, &n);
  CHECK(n == 6 && memcmp(d, "hello\n", 6) == 0);
  CHECK(codex_process_output_stream(o) == CODEX_OUTPUT_STDOUT);
  codex_process_output_free(o);
  /* Still running: a short wait times out (no error object), the process goes on. */
  CHECK(codex_process_wait(p, 100, &r, NULL) == CODEX_STATUS_TIMEOUT);
  CHECK(codex_process_next_output(p, 100, &o, NULL) == CODEX_STATUS_TIMEOUT);
  CHECK_OK(codex_process_close_stdin(p, &err));
  CHECK_OK(codex_process_wait(p, 20000, &r, &err));
  CHECK(codex_exec_result_exit_code(r) == 0);
  codex_exec_result_free(r);
  CHECK(codex_process_next_output(p, 100, &o, NULL) == CODEX_STATUS_END);
  codex_process_free(p);

  /* terminate: SIGKILL, exit 137, measured. */
  const char *const sleeper[] = {"sleep", "30"};
  CHECK_OK(codex_process_spawn(c, "sleeper", sleeper, 2, NULL, &p, &err));
  CHECK(codex_process_wait(p, 200, &r, NULL) == CODEX_STATUS_TIMEOUT);
  double t0 = ts_now_ms();
  CHECK_OK(codex_process_terminate(p, &err));
  CHECK_OK(codex_process_wait(p, 10000, &r, &err));
  double ms = ts_now_ms() - t0;
  printf("# terminate -> exit %d in %.0f ms\n", codex_exec_result_exit_code(r), ms);
  CHECK(codex_exec_result_exit_code(r) == 137);
  CHECK(ms < 5000);
  codex_exec_result_free(r);
  /* After the exit: the server knows the id no more. */
  CHECK_STATUS(CODEX_STATUS_RPC, codex_process_terminate(p, &ts_err_));
  codex_process_free(p);

  /* The id is free again after the exit; a cancel token ends a wait at once. */
  CHECK_OK(codex_process_spawn(c, "sleeper", sleeper, 2, NULL, &p, &err));
  codex_cancel *cancel = codex_cancel_new();
  codex_cancel_trigger(cancel);
  CHECK_STATUS(CODEX_STATUS_CANCELLED, codex_process_wait_cancellable(p, 10000, cancel, &r, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_CANCELLED, codex_process_next_output_cancellable(p, 10000, cancel, &o, &ts_err_));
  codex_cancel_free(cancel);
  codex_process_free(p); /* still running: terminated by the free */

  /* A command that cannot start fails the wait with the server's error. */
  const char *const missing[] = {"/nonexistent/codex-ffi-no-such-binary"};
  CHECK_OK(codex_process_spawn(c, "missing", missing, 1, NULL, &p, &err));
  codex_error *e = NULL;
  codex_status st = codex_process_wait(p, 20000, &r, &e);
  printf("# missing binary -> %s: %s\n", codex_status_str(st), e ? codex_error_message(e) : "");
  if (st == CODEX_STATUS_OK) {
    CHECK(codex_exec_result_exit_code(r) != 0);
    codex_exec_result_free(r);
  } else {
    CHECK(st == CODEX_STATUS_RPC);
  }
  codex_error_free(e);
  codex_process_free(p);
  codex_free(c);
}

typedef struct {
  pthread_mutex_t mu;
  tt_buf out;
  int ends, chunks;
} sink;

static void on_output(void *ud, codex_output_stream_t s, const uint8_t *d, size_t n) {
  sink *k = (sink *)ud;
  pthread_mutex_lock(&k->mu);
  if (s == CODEX_OUTPUT_END) {
    k->ends++;
  } else {
    k->chunks++;
    tt_buf_append(&k->out, (const char *)d, n);
  }
  pthread_mutex_unlock(&k->mu);
}

static int g_dropped;
static void on_drop(void *ud) {
  (void)ud;
  g_dropped++;
}

static void output_callback_and_free_while_streaming(void) {
  codex_client *c = tt_client_nologin(NULL);
  sink k;
  memset(&k, 0, sizeof k);
  pthread_mutex_init(&k.mu, NULL);
  const char *const seq[] = {"sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done"};
  codex_process *p = NULL;
  CHECK_OK(codex_process_spawn(c, "seq", seq, 3, NULL, &p, &err));
  CHECK_OK(codex_process_set_output_callback(p, on_output, &k, NULL, &err));
  codex_process_output *o = NULL;
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_process_next_output(p, 0, &o, &ts_err_));
  codex_exec_result *r = NULL;
  CHECK_OK(codex_process_wait(p, 20000, &r, &err));
  codex_exec_result_free(r);
  /* The END call follows the last chunk on the delivery thread. */
  for (int i = 0; i < 200; i++) {
    pthread_mutex_lock(&k.mu);
    int ends = k.ends;
    pthread_mutex_unlock(&k.mu);
    if (ends) break;
    ts_sleep_ms(10);
  }
  CHECK(k.ends == 1);
  CHECK(k.out.data && strcmp(k.out.data, "line1\nline2\nline3\nline4\nline5\n") == 0);
  codex_process_free(p);

  /* Free while output streams fast: no callback after the free returns, drop runs once. */
  const char *const yes[] = {"sh", "-c", "while :; do echo yyyyyyyyyyyyyyyyyyyyyyyyyyyy; done"};
  for (int round = 0; round < 3; round++) {
    sink s2;
    memset(&s2, 0, sizeof s2);
    pthread_mutex_init(&s2.mu, NULL);
    char id[32];
    snprintf(id, sizeof id, "yes-%d", round);
    CHECK_OK(codex_process_spawn(c, id, yes, 3, NULL, &p, &err));
    g_dropped = 0;
    CHECK_OK(codex_process_set_output_callback(p, on_output, &s2, on_drop, &err));
    for (int i = 0; i < 500; i++) {
      pthread_mutex_lock(&s2.mu);
      int got = s2.chunks;
      pthread_mutex_unlock(&s2.mu);
      if (got >= 3) break;
      ts_sleep_ms(5);
    }
    codex_process_free(p);
    CHECK(g_dropped == 1);
    pthread_mutex_lock(&s2.mu);
    int after_free = s2.chunks;
    pthread_mutex_unlock(&s2.mu);
    ts_sleep_ms(100);
    pthread_mutex_lock(&s2.mu);
    CHECK(s2.chunks == after_free);
    printf("# round %d: %d chunks before the free, none after\n", round, after_free);
    pthread_mutex_unlock(&s2.mu);
    CHECK(after_free >= 3);
    tt_buf_free(&s2.out);
  }
  /* The client still works (the killed processes' ids are free once they exit). */
  codex_exec_result *r2 = NULL;
  CHECK_OK(codex_command_exec(c, ECHO_BOTH, 3, NULL, &r2, &err));
  CHECK(codex_exec_result_exit_code(r2) == 3);
  codex_exec_result_free(r2);
  tt_buf_free(&k.out);
  codex_free(c);
}

/* A CODEX_HOME outside /tmp, with the fixture's config. */
static char *home_outside_tmp(void) {
  char tmpl[] = "/var/tmp/codex-exec-home-XXXXXX";
  char *dir = mkdtemp(tmpl);
  if (!dir) TS_FAIL("mkdtemp under /var/tmp failed");
  char *config = ts_read_file(ts_env("CODEX_TEST_HOME_TEMPLATE"));
  char path[512];
  snprintf(path, sizeof path, "%s/config.toml", dir);
  FILE *f = fopen(path, "wb");
  if (!f) TS_FAIL("cannot write %s", path);
  fputs(config, f);
  fclose(f);
  free(config);
  return strdup(dir);
}

static void rm_rf(const char *dir) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "# could not remove %s\n", dir);
}

static const char *const STTY[] = {"sh", "-c", "stty size; read x; stty size"};
#define TTY_PARAMS "{\"tty\":true,\"size\":{\"rows\":10,\"cols\":40}}"

static void tty_resize(void) {
  /* Under /tmp the 0.163 server cannot make its sandbox helper, so a tty process fails to
   * start there (newer servers may run it). */
  codex_client *c = tt_client_nologin(NULL);
  codex_process *p = NULL;
  const char *const size_only[] = {"stty", "size"};
  CHECK_OK(codex_process_spawn(c, "tty", size_only, 2, TTY_PARAMS, &p, &err));
  codex_exec_result *r = NULL;
  codex_error *e = NULL;
  codex_status st = codex_process_wait(p, 20000, &r, &e);
  printf("# tty with CODEX_HOME under /tmp on %s: %s %s\n", ts_env("CODEX_TEST_SERVER_VERSION"),
         codex_status_str(st), e ? codex_error_message(e) : "");
  if (strncmp(ts_env("CODEX_TEST_SERVER_VERSION"), "0.163.", 6) == 0) {
    CHECK(st == CODEX_STATUS_RPC);
    CHECK_CONTAINS(codex_error_message(e), "codex-linux-sandbox");
  } else {
    CHECK(st == CODEX_STATUS_OK || st == CODEX_STATUS_RPC);
  }
  if (st == CODEX_STATUS_OK) codex_exec_result_free(r);
  codex_error_free(e);
  /* Resizing a process that is not running is the server's error. */
  CHECK_STATUS(CODEX_STATUS_RPC, codex_process_resize(p, 20, 60, &ts_err_));
  codex_process_free(p);
  codex_free(c);

  char *home = home_outside_tmp();
  c = tt_client_nologin(home);
  CHECK_OK(codex_process_spawn(c, "tty", STTY, 3, TTY_PARAMS, &p, &err));
  tt_buf out = {NULL, 0, 0};
  while (!out.data || !strstr(out.data, "10 40")) {
    codex_process_output *o = NULL;
    CHECK_OK(codex_process_next_output(p, 20000, &o, &err));
    size_t n = 0;
    const uint8_t *d = codex_process_output_data(o, &n);
    tt_buf_append(&out, (const char *)d, n);
    codex_process_output_free(o);
  }
  CHECK_OK(codex_process_resize(p, 20, 60, &err));
  CHECK_OK(codex_process_write(p, (const uint8_t *)"\n", 1, &err));
  tt_buf rest = {NULL, 0, 0}, errb = {NULL, 0, 0};
  drain(p, &rest, &errb);
  CHECK_CONTAINS(rest.data, "20 60");
  CHECK_OK(codex_process_wait(p, 5000, &r, &err));
  CHECK(codex_exec_result_exit_code(r) == 0);
  codex_exec_result_free(r);
  codex_process_free(p);
  tt_buf_free(&out);
  tt_buf_free(&rest);
  tt_buf_free(&errb);
  codex_free(c);
  rm_rf(home);
  free(home);
}

static void fuzzy_search(void) {
  codex_client *c = tt_client_nologin(NULL);
  const char *roots[] = {ts_env("CODEX_TEST_FIXTURES")};
  codex_file_matches *m = NULL;
  CHECK_OK(codex_fuzzy_file_search(c, "mcpserver", roots, 1, &m, &err));
  CHECK(codex_file_matches_count(m) >= 1);
  CHECK(strcmp(codex_file_matches_path(m, 0), "mcp_server.py") == 0);
  CHECK(strcmp(codex_file_matches_file_name(m, 0), "mcp_server.py") == 0);
  CHECK(strcmp(codex_file_matches_root(m, 0), roots[0]) == 0);
  CHECK(codex_file_matches_score(m, 0) > 0);
  CHECK(codex_file_matches_type(m, 0) == CODEX_MATCH_FILE);
  CHECK(codex_file_matches_path(m, codex_file_matches_count(m)) == NULL);
  codex_file_matches_free(m);
  CHECK_OK(codex_fuzzy_file_search(c, "zzqqxxnotafile", roots, 1, &m, &err));
  CHECK(codex_file_matches_count(m) == 0);
  codex_file_matches_free(m);
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_fuzzy_file_search(c, "x", roots, 0, &m, &ts_err_));
  codex_free(c);
}

int main(void) {
  RUN_TEST(one_shot);
  RUN_TEST(streamed_stdin_terminate);
  RUN_TEST(output_callback_and_free_while_streaming);
  RUN_TEST(tty_resize);
  RUN_TEST(fuzzy_search);
  return ts_finish();
}
