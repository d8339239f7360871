/* Benchmarks against the REAL app-server inside the offline fixture (run_with_fixture.py).
 *
 *   bench_real start K     client start: codex_new until ready vs a bare spawn+initialize
 *                          (posix_spawn, write initialize, read its answer), alternated K times
 *   bench_real turns K     K sequential short turns (codex_thread_run) against the mock model,
 *                          after an API-key login
 *
 * Uses CODEX_BIN and CODEX_HOME from the fixture's environment.
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

extern char **environ;

/* The same initialize the library sends (client info, experimental API on). */
static const char INIT_LINE[] =
    "{\"id\":1,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"codex_ffi_bench\","
    "\"title\":null,\"version\":\"0.1.0\"},\"capabilities\":{\"experimentalApi\":true}}}\n";

/* Spawns `bin app-server --listen stdio://`, initializes it, and returns the seconds it took. */
static double bare_start(const char *bin) {
  int in[2], out[2];
  if (pipe(in) || pipe(out)) bu_die("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  /* The library drains the server's stderr; here it goes nowhere, so it costs no terminal. */
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  char *args[] = {(char *)bin, "app-server", "--listen", "stdio://", NULL};
  uint64_t t0 = bu_now_ns();
  pid_t pid;
  if (posix_spawn(&pid, bin, &fa, NULL, args, environ) != 0) bu_die("spawn %s failed", bin);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(out[1]);
  if (write(in[1], INIT_LINE, sizeof INIT_LINE - 1) != (ssize_t)(sizeof INIT_LINE - 1)) bu_die("write failed");
  /* Read until the answer to id 1 (a line starting {"id":1,). */
  char buf[65536];
  size_t have = 0;
  int answered = 0;
  while (!answered) {
    ssize_t k = read(out[0], buf + have, sizeof buf - 1 - have);
    if (k <= 0) bu_die("the app-server closed its stdout before answering initialize");
    have += (size_t)k;
    buf[have] = '\0';
    char *line = buf;
    char *nl;
    while ((nl = strchr(line, '\n')) != NULL) {
      if (strncmp(line, "{\"id\":1,", 8) == 0) answered = 1;
      line = nl + 1;
    }
    memmove(buf, line, have - (size_t)(line - buf));
    have -= (size_t)(line - buf);
  }
  static const char INITIALIZED[] = "{\"method\":\"initialized\"}\n";
  if (write(in[1], INITIALIZED, sizeof INITIALIZED - 1) < 0) bu_die("write failed");
  double secs = bu_secs_since(t0);
  close(in[1]); /* stdin EOF: the server exits */
  close(out[0]);
  int status;
  waitpid(pid, &status, 0);
  return secs;
}

static double lib_start(const char *bin) {
  codex_options *o = codex_options_new();
  BU_OK(codex_options_set_codex_bin(o, bin, &bu_err_));
  codex_client *c = NULL;
  uint64_t t0 = bu_now_ns();
  BU_OK(codex_new(o, &c, &bu_err_));
  double secs = bu_secs_since(t0);
  codex_options_free(o);
  codex_free(c);
  return secs;
}

static void bench_start(int k) {
  const char *bin = bu_env("CODEX_BIN");
  double *lib = (double *)calloc((size_t)k, sizeof *lib);
  double *bare = (double *)calloc((size_t)k, sizeof *bare);
  lib_start(bin); /* warm the page cache and the library's runtime once */
  bare_start(bin);
  for (int i = 0; i < k; i++) { /* alternate, so drift hits both alike */
    lib[i] = lib_start(bin);
    bare[i] = bare_start(bin);
  }
  bu_result("start_lib", bu_median(lib, (size_t)k) * 1000, "ms");
  bu_result("start_bare", bu_median(bare, (size_t)k) * 1000, "ms");
  free(lib);
  free(bare);
}

static void bench_turns(int k) {
  codex_options *o = codex_options_new();
  BU_OK(codex_options_set_codex_bin(o, bu_env("CODEX_BIN"), &bu_err_));
  BU_OK(codex_options_set_request_timeout_ms(o, 60000, &bu_err_));
  codex_client *c = NULL;
  BU_OK(codex_new(o, &c, &bu_err_));
  codex_options_free(o);
  BU_OK(codex_login_api_key(c, "sk-bench-fake-key", &bu_err_));
  char params[1024];
  snprintf(params, sizeof params, "{\"cwd\":\"%s\"}", bu_env("CODEX_TEST_WORKDIR"));
  codex_thread *t = NULL;
  BU_OK(codex_thread_start(c, params, &t, &bu_err_));
  uint64_t t0 = bu_now_ns();
  for (int i = 0; i < k; i++) {
    char text[64];
    snprintf(text, sizeof text, "hello number %d", i);
    codex_turn_result *r = NULL;
    uint64_t ti = bu_now_ns();
    BU_OK(codex_thread_run(t, text, NULL, NULL, NULL, &r, &bu_err_));
    fprintf(stderr, "turn %d: %.1f ms\n", i, bu_secs_since(ti) * 1000);
    if (codex_turn_result_status(r) != CODEX_TURN_COMPLETED) bu_die("turn %d did not complete", i);
    const char *resp = codex_turn_result_final_response(r);
    if (!resp || !strstr(resp, "You said")) bu_die("turn %d: unexpected response %s", i, resp ? resp : "(null)");
    codex_turn_result_free(r);
  }
  double secs = bu_secs_since(t0);
  char row[64];
  snprintf(row, sizeof row, "turns_lib_%d", k);
  bu_result(row, secs * 1000 / k, "ms/turn");
  codex_thread_free(t);
  codex_free(c);
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    fprintf(stderr, "usage: %s start|turns [K]\n", argv[0]);
    return 2;
  }
  int k = argc > 2 ? atoi(argv[2]) : 10;
  if (strcmp(argv[1], "start") == 0) {
    bench_start(k);
  } else if (strcmp(argv[1], "turns") == 0) {
    bench_turns(k);
  } else {
    bu_die("unknown benchmark %s", argv[1]);
  }
  return 0;
}
