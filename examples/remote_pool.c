/* A pool of remote app-servers: one process, one codex_client per host, turns spread across the
 * hosts round-robin and run concurrently. A host that fails (its server died, its link went
 * silent) is taken out of the pool and its turn goes to the next host.
 *
 *   remote_pool URL...        e.g. remote_pool ws://10.0.0.7:4500 ws://10.0.0.8:4500
 *                             (token from the file CODEX_REMOTE_TOKEN_FILE, if set)
 *   remote_pool --offline     what ctest runs: starts two local app-servers on Unix sockets
 *                             (`codex app-server --listen unix://PATH`) against the project's
 *                             loopback mock model, and pools them
 *
 * See docs/remote.md for running app-servers for remote use. */
#include "codex.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_HOSTS 8
#define TURNS 6

typedef struct {
  const char *url;
  codex_client *client;
  int alive;
} host;

static void report(const char *what, codex_status st, codex_error *err) {
  fprintf(stderr, "%s failed (%s): %s\n", what, codex_status_str((uint32_t)st), err ? codex_error_message(err) : "");
  codex_error_free(err);
}

/* Connects to one host (and logs in); 0 if the host cannot be used. */
static int connect_host(host *h, int offline) {
  codex_options *o = codex_options_new();
  codex_error *err = NULL;
  codex_status st = codex_options_set_remote_url(o, h->url, &err);
  const char *token_file = getenv("CODEX_REMOTE_TOKEN_FILE");
  if (st == CODEX_STATUS_OK && token_file && *token_file)
    st = codex_options_set_remote_token_file(o, token_file, &err);
  if (st == CODEX_STATUS_OK) st = codex_options_set_remote_ping_timeout_ms(o, 10000, &err);
  if (st == CODEX_STATUS_OK) st = codex_new(o, &h->client, &err);
  codex_options_free(o);
  if (st != CODEX_STATUS_OK) {
    report(h->url, st, err);
    return 0;
  }
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key && (st = codex_login_api_key(h->client, key, &err)) != CODEX_STATUS_OK) {
    report("login", st, err);
    return 0;
  }
  printf("connected to %s (app-server %s)\n", h->url, codex_client_server_version(h->client));
  return 1;
}

/* Offline: two local app-servers on Unix sockets in a temp dir; returns how many started. */
static char dir[] = "/tmp/codex-pool-XXXXXX";

static int start_local_servers(char urls[][256], pid_t *pids, int n) {
  if (!mkdtemp(dir)) return 0;
  const char *bin = getenv("CODEX_BIN");
  if (!bin) bin = "codex";
  for (int i = 0; i < n; i++) {
    snprintf(urls[i], 256, "unix://%s/host%d.sock", dir, i);
    pids[i] = fork();
    if (pids[i] == 0) {
      if (!freopen("/dev/null", "w", stderr)) _exit(126);
      execlp(bin, bin, "app-server", "--listen", urls[i], (char *)NULL);
      _exit(127);
    }
    /* Wait until the socket accepts connections. */
    for (int tries = 0; tries < 1500; tries++) {
      struct sockaddr_un a;
      memset(&a, 0, sizeof a);
      a.sun_family = AF_UNIX;
      snprintf(a.sun_path, sizeof a.sun_path, "%s", urls[i] + 7);
      int fd = socket(AF_UNIX, SOCK_STREAM, 0);
      int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
      close(fd);
      if (ok) break;
      usleep(20000);
    }
  }
  return n;
}

int main(int argc, char **argv) {
  int offline = argc > 1 && strcmp(argv[1], "--offline") == 0;
  static char local_urls[2][256];
  pid_t local_pids[2] = {0, 0};
  host hosts[MAX_HOSTS];
  int n = 0;
  memset(hosts, 0, sizeof hosts);
  if (offline) {
    printf("(offline: two local app-servers on Unix sockets, the model is the project's loopback mock)\n");
    int started = start_local_servers(local_urls, local_pids, 2);
    for (int i = 0; i < started; i++) hosts[n++].url = local_urls[i];
  } else {
    for (int i = 1; i < argc && n < MAX_HOSTS; i++) hosts[n++].url = argv[i];
  }
  if (n == 0) {
    fprintf(stderr, "usage: remote_pool URL... | --offline\n");
    return 2;
  }
  int alive = 0;
  for (int i = 0; i < n; i++) alive += hosts[i].alive = connect_host(&hosts[i], offline);

  /* Start every turn at once, each on its own thread (one turn runs at a time per thread),
   * round-robin over the live hosts; then collect the results. */
  codex_thread *threads[TURNS];
  codex_turn *turns[TURNS];
  memset(threads, 0, sizeof threads);
  memset(turns, 0, sizeof turns);
  int on_host[TURNS];
  int next = 0, done = 0;
  for (int t = 0; t < TURNS && alive > 0; t++) {
    char prompt[64];
    snprintf(prompt, sizeof prompt, "task number %d", t + 1);
    for (int tries = 0; tries < n; tries++, next++) {
      host *h = &hosts[next % n];
      if (!h->alive) continue;
      codex_error *err = NULL;
      codex_status st = codex_thread_start(h->client, NULL, &threads[t], &err);
      if (st == CODEX_STATUS_OK) st = codex_thread_turn(threads[t], prompt, NULL, &turns[t], &err);
      if (st == CODEX_STATUS_OK) {
        on_host[t] = next % n;
        next++;
        break;
      }
      report(h->url, st, err); /* a dead host leaves the pool */
      h->alive = 0;
      alive--;
      codex_thread_free(threads[t]);
      threads[t] = NULL;
      turns[t] = NULL;
    }
  }
  for (int t = 0; t < TURNS; t++) {
    if (!turns[t]) continue;
    codex_turn_result *r = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_wait(turns[t], -1, &r, &err);
    if (st == CODEX_STATUS_OK && codex_turn_result_status(r) == CODEX_TURN_COMPLETED) {
      const char *text = codex_turn_result_final_response(r);
      printf("turn %d on %s: %s\n", t + 1, hosts[on_host[t]].url, text ? text : "(none)");
      done++;
    } else if (st != CODEX_STATUS_OK) {
      report("turn", st, err);
    }
    codex_turn_result_free(r);
    codex_turn_free(turns[t]);
    codex_thread_free(threads[t]);
  }

  for (int i = 0; i < n; i++) {
    codex_free(hosts[i].client); /* closes the connection; the server keeps running */
  }
  for (int i = 0; i < 2; i++) {
    if (local_pids[i] > 0) {
      kill(local_pids[i], SIGTERM);
      waitpid(local_pids[i], NULL, 0);
      unlink(local_urls[i] + 7);
    }
  }
  if (offline) rmdir(dir);
  printf("%d of %d turns completed\n", done, TURNS);
  return done == TURNS ? 0 : 1;
}
