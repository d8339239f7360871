/* One process driving many hosts (issue 18): three isolated network namespaces, each with only
 * `lo` and a veth link to this test's own private namespace, each running its own mock model on
 * its 127.0.0.1 and a real app-server on its veth address with a capability token
 * (tests/fixtures/many_hosts.py sets them up; this test re-runs itself under it). One client per
 * host; concurrent turns on all three; host 1's app-server is killed mid-turn (TRANSPORT within
 * 1 s) while hosts 2 and 3 finish; then host 2's link is set down mid-turn (a silent link: only
 * the ping timeout can tell) while host 3 goes on. */
#include "remote_support.h"

#define HOSTS 3
#define PING_TIMEOUT_MS 1000

static char urls[HOSTS][512], token_files[HOSTS][512], links[HOSTS][512];
static pid_t pids[HOSTS];

static void split_env(const char *name, char out[][512], size_t width) {
  char *copy = strdup(ts_env(name));
  char *save = NULL;
  int i = 0;
  for (char *w = strtok_r(copy, " ", &save); w && i < HOSTS; w = strtok_r(NULL, " ", &save), i++)
  {
    if (strlen(w) >= width) TS_FAIL("%s: entry too long", name);
    memcpy(out[i], w, strlen(w) + 1);
  }
  if (i != HOSTS) TS_FAIL("%s has %d entries, want %d", name, i, HOSTS);
  free(copy);
}

static void read_hosts(void) {
  char tmp[HOSTS][512];
  split_env("CODEX_TEST_REMOTE_URLS", urls, sizeof urls[0]);
  split_env("CODEX_TEST_REMOTE_TOKEN_FILES", token_files, sizeof token_files[0]);
  split_env("CODEX_TEST_REMOTE_LINKS", links, sizeof links[0]);
  split_env("CODEX_TEST_REMOTE_PIDS", tmp, sizeof tmp[0]);
  for (int i = 0; i < HOSTS; i++) pids[i] = (pid_t)atoi(tmp[i]);
}

static codex_client *host_client(int i) {
  codex_options *o = rs_options(urls[i]);
  CHECK_OK(codex_options_set_remote_token_file(o, token_files[i], &err));
  CHECK_OK(codex_options_set_remote_ping_timeout_ms(o, PING_TIMEOUT_MS, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  return c;
}

static void until_first_delta(codex_turn *turn) {
  double deadline = ts_now_ms() + 30000;
  while (ts_now_ms() < deadline) {
    codex_event *ev = NULL;
    codex_error *e = NULL;
    codex_status st = codex_turn_next_event(turn, 1000, &ev, &e);
    if (st == CODEX_STATUS_TIMEOUT) continue;
    if (st != CODEX_STATUS_OK) TS_FAIL("next_event returned %d: %s", (int)st, e ? codex_error_message(e) : "");
    int delta = codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
    codex_event_free(ev);
    if (delta) return;
  }
  TS_FAIL("no delta within 30 s");
}

/* Waits for a turn that must fail with TRANSPORT; returns the ms it took from `t0`. */
static double wait_transport(codex_turn *turn, double t0, const char *what) {
  codex_turn_result *r = NULL;
  codex_error *e = NULL;
  codex_status st = codex_turn_wait(turn, 20000, &r, &e);
  double took = ts_now_ms() - t0;
  printf("# %s: turn released with %d after %.0f ms: %s\n", what, (int)st, took, e ? codex_error_message(e) : "");
  CHECK(st == CODEX_STATUS_TRANSPORT);
  codex_error_free(e);
  return took;
}

/* Waits for a turn that must complete with "You said: <text>". */
static void wait_completed(codex_turn *turn, const char *text) {
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 60000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  char want[256];
  snprintf(want, sizeof want, "You said: %s", text);
  CHECK_CONTAINS(codex_turn_result_final_response(r), want);
  codex_turn_result_free(r);
}

static void three_hosts_one_killed_one_cut_off(void) {
  read_hosts();
  codex_client *c[HOSTS];
  codex_thread *t[HOSTS];
  for (int i = 0; i < HOSTS; i++) {
    c[i] = host_client(i);
    t[i] = tt_thread(c[i], NULL);
    printf("# host %d: %s, server %s\n", i + 1, urls[i], codex_client_server_version(c[i]));
  }
  /* Concurrent turns: host 1 held open, hosts 2 and 3 ordinary. */
  codex_turn *held = NULL, *t2 = NULL, *t3 = NULL;
  CHECK_OK(codex_thread_turn(t[0], "please hold on host one", NULL, &held, &err));
  CHECK_OK(codex_thread_turn(t[1], "answer from host two", NULL, &t2, &err));
  CHECK_OK(codex_thread_turn(t[2], "answer from host three", NULL, &t3, &err));
  until_first_delta(held);
  double t0 = ts_now_ms();
  CHECK(kill(pids[0], SIGKILL) == 0);
  double took = wait_transport(held, t0, "host 1 app-server killed");
  CHECK(took < 1000);
  wait_completed(t2, "answer from host two");
  wait_completed(t3, "answer from host three");
  codex_turn_free(held);
  codex_turn_free(t2);
  codex_turn_free(t3);

  /* Host 2's cable pulled mid-turn: nothing fails, nothing arrives; the ping timeout tells. */
  codex_turn *cut = NULL;
  CHECK_OK(codex_thread_turn(t[1], "please hold on host two", NULL, &cut, &err));
  until_first_delta(cut);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "ip link set %s down", links[1]);
  t0 = ts_now_ms();
  CHECK(system(cmd) == 0);
  codex_turn *t3b = NULL;
  CHECK_OK(codex_thread_turn(t[2], "host three goes on", NULL, &t3b, &err));
  took = wait_transport(cut, t0, "host 2 link down");
  printf("# ping timeout %d ms: released after %.0f ms (bound %d ms)\n", PING_TIMEOUT_MS, took,
         PING_TIMEOUT_MS * 2 + 500);
  CHECK(took >= PING_TIMEOUT_MS - 100);
  CHECK(took < PING_TIMEOUT_MS * 2 + 500);
  wait_completed(t3b, "host three goes on");
  codex_turn_free(cut);
  codex_turn_free(t3b);

  for (int i = 0; i < HOSTS; i++) {
    codex_thread_free(t[i]);
    codex_free(c[i]);
  }
  /* codex_free left host 3's server running. */
  CHECK(kill(pids[2], 0) == 0);
}

int main(int argc, char **argv) {
  (void)argc;
  if (!getenv("CODEX_TEST_REMOTE_URLS")) {
    /* Re-run under the many-hosts fixture (inside run_with_fixture.py's private namespace). */
    char script[512];
    snprintf(script, sizeof script, "%s/many_hosts.py", ts_env("CODEX_TEST_FIXTURES"));
    fflush(stdout);
    execlp("python3", "python3", script, "--hosts", "3", "--", argv[0], (char *)NULL);
    TS_FAIL("cannot run python3 %s", script);
  }
  signal(SIGPIPE, SIG_IGN);
  RUN_TEST(three_hosts_one_killed_one_cut_off);
  return ts_finish();
}
