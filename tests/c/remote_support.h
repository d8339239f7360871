/* Helpers for the remote-transport tests: start a real `codex app-server --listen URL` as a
 * child of the test (its own process group, the fixture's offline CODEX_HOME), find a free
 * loopback port, wait until the listener accepts, write token files, stop the server.
 * Header-only; compiles as C11 and as C++. */
#ifndef CODEX_REMOTE_SUPPORT_H
#define CODEX_REMOTE_SUPPORT_H

#include "turns_support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

/* A free TCP port on 127.0.0.1 (bound, read back, released). */
static inline int rs_free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(fd >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
  socklen_t len = sizeof a;
  CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
  close(fd);
  return ntohs(a.sin_port);
}

/* Whether something accepts connections at `url` (ws://127.0.0.1:PORT or unix://PATH). */
static inline int rs_accepts(const char *url) {
  int fd = -1, ok = 0;
  if (strncmp(url, "unix://", 7) == 0) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    snprintf(a.sun_path, sizeof a.sun_path, "%s", url + 7);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
  } else {
    const char *hostport = strstr(url, "://") + 3;
    char host[64];
    int port = 0;
    if (sscanf(hostport, "%63[^:]:%d", host, &port) != 2) TS_FAIL("bad url %s", url);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, host, &a.sin_addr);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
  }
  if (fd >= 0) close(fd);
  return ok;
}

/* Every server a test started, killed at exit (a failed check exits at once; a server left
 * running would keep the fixture's pipes open). */
static pid_t rs_servers[16];
static int rs_nservers;

static inline void rs_kill_all(void) {
  for (int i = 0; i < rs_nservers; i++) {
    if (rs_servers[i] > 0) {
      kill(-rs_servers[i], SIGCONT);
      kill(-rs_servers[i], SIGKILL);
    }
  }
}

/* Starts `$CODEX_BIN app-server --listen URL [extra...]` (extra NULL-terminated) on `home`
 * (NULL = the fixture's CODEX_HOME) and waits until it accepts (30 s at most). */
static inline pid_t rs_start_server(const char *url, const char *const *extra, const char *home) {
  const char *argv[32];
  int n = 0;
  argv[n++] = ts_env("CODEX_BIN");
  argv[n++] = "app-server";
  argv[n++] = "--listen";
  argv[n++] = url;
  for (int i = 0; extra && extra[i] && n < 30; i++) argv[n++] = extra[i];
  argv[n] = NULL;
  const char *shell_home = tt_shell_home();
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    setpgid(0, 0);
    /* Its log goes to a file: the test's own output stays readable. */
    char log[256];
    snprintf(log, sizeof log, "/tmp/codex-remote-server-%d.log", (int)getpid());
    FILE *f = freopen(log, "w", stderr);
    (void)f;
    FILE *n = freopen("/dev/null", "w", stdout);
    (void)n;
    setenv("HOME", shell_home, 1);
    if (home) setenv("CODEX_HOME", home, 1);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  setpgid(pid, pid);
  if (rs_nservers == 0) atexit(rs_kill_all);
  if (rs_nservers < 16) rs_servers[rs_nservers++] = pid;
  double deadline = ts_now_ms() + 30000;
  while (!rs_accepts(url)) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) TS_FAIL("app-server for %s exited at start", url);
    if (ts_now_ms() > deadline) TS_FAIL("app-server for %s not listening after 30 s", url);
    ts_sleep_ms(20);
  }
  return pid;
}

/* Whether the server process still runs. */
static inline int rs_alive(pid_t pid) {
  int status;
  return waitpid(pid, &status, WNOHANG) == 0;
}

/* Stops the server (SIGKILL to its group) and reaps it. */
static inline void rs_stop(pid_t pid) {
  kill(-pid, SIGCONT);
  kill(-pid, SIGKILL);
  int status;
  waitpid(pid, &status, 0);
  for (int i = 0; i < rs_nservers; i++)
    if (rs_servers[i] == pid) rs_servers[i] = 0;
  char log[256];
  snprintf(log, sizeof log, "/tmp/codex-remote-server-%d.log", (int)pid);
  unlink(log);
}

/* Writes `text` to a new mode-0600 file under /tmp; returns its path (free it). */
static inline char *rs_secret_file(const char *text) {
  char tmpl[] = "/tmp/codex-remote-secret-XXXXXX";
  int fd = mkstemp(tmpl);
  CHECK(fd >= 0);
  size_t len = strlen(text);
  CHECK(write(fd, text, len) == (ssize_t)len);
  close(fd);
  return strdup(tmpl);
}

/* Options for a remote client with the test defaults (no spawn-only option). */
static inline codex_options *rs_options(const char *url) {
  codex_options *o = codex_options_new();
  CHECK(o != NULL);
  CHECK_OK(codex_options_set_remote_url(o, url, &err));
  CHECK_OK(codex_options_set_client_info(o, "codex_ffi_tests", "codex-ffi tests", NULL, &err));
  CHECK_OK(codex_options_set_request_timeout_ms(o, 30000, &err));
  return o;
}

#endif
