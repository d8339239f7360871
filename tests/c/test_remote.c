/* Remote app-servers (issue 18): codex_new connects to a real `codex app-server --listen
 * unix://PATH | ws://127.0.0.1:PORT` that this test starts (inside the fixture's loopback-only
 * network namespace), with a capability token or a signed bearer token (HS256 JWT). Faults: bad
 * credentials are CODEX_STATUS_AUTH at codex_new with the server's reason; a server killed
 * mid-turn or stopped (silent link: the ping timeout) releases every waiter with TRANSPORT;
 * codex_free leaves the server running. No token ever appears in an error or a log line. */
#include "remote_support.h"

#define TOKEN "cap-token-0123456789-remote-test"
#define SECRET "shared-secret-for-the-remote-jwt-test-0123456789"

/* Log lines of a client, joined (for the secret scan). */
static tt_buf log_lines;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static void collect_log(void *ud, codex_log_level level, const char *message) {
  (void)ud;
  (void)level;
  pthread_mutex_lock(&log_mu);
  tt_buf_append(&log_lines, message, strlen(message));
  tt_buf_append(&log_lines, "\n", 1);
  pthread_mutex_unlock(&log_mu);
}

/* A login and one turn that must answer "You said: <text>". */
static void one_turn(codex_client *c, const char *text) {
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = tt_run(t, text, NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  char want[256];
  snprintf(want, sizeof want, "You said: %s", text);
  CHECK_CONTAINS(codex_turn_result_final_response(r), want);
  codex_turn_result_free(r);
  codex_thread_free(t);
}

/* codex_new that must fail with `want`; returns the message (free it) and the time taken. */
static char *new_fails(codex_options *o, codex_status want, double *took_ms) {
  codex_client *c = NULL;
  codex_error *e = NULL;
  double t0 = ts_now_ms();
  codex_status st = codex_new(o, &c, &e);
  *took_ms = ts_now_ms() - t0;
  if (st != want)
    TS_FAIL("codex_new returned %d, expected %d: %s", (int)st, (int)want,
            e ? codex_error_message(e) : "(no error)");
  CHECK(c == NULL && e != NULL && codex_error_status(e) == want);
  char *msg = strdup(codex_error_message(e));
  codex_error_free(e);
  CHECK(strstr(msg, TOKEN) == NULL && strstr(msg, SECRET) == NULL);
  return msg;
}

/* A JWT made outside the library (python3, HMAC-SHA256) whose exp is now + exp_offset s. */
static char *python_jwt(const char *secret, long exp_offset) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "python3 -c 'import base64,hmac,hashlib,json,time,sys\n"
           "b=lambda d: base64.urlsafe_b64encode(d).rstrip(b\"=\").decode()\n"
           "now=int(time.time())\n"
           "h=b(json.dumps({\"alg\":\"HS256\",\"typ\":\"JWT\"}).encode())\n"
           "c=b(json.dumps({\"iss\":\"ffi-tests\",\"aud\":\"codex\",\"iat\":now-600,\"exp\":now+%ld}).encode())\n"
           "s=b(hmac.new(sys.argv[1].encode(),(h+\".\"+c).encode(),hashlib.sha256).digest())\n"
           "print(h+\".\"+c+\".\"+s)' '%s'",
           exp_offset, secret);
  FILE *p = popen(cmd, "r");
  CHECK(p != NULL);
  char buf[1024] = {0};
  CHECK(fgets(buf, sizeof buf, p) != NULL);
  pclose(p);
  buf[strcspn(buf, "\n")] = '\0';
  CHECK(strlen(buf) > 40);
  return strdup(buf);
}

static void unix_socket_turn(void) {
  char *dir = tt_temp_dir("remote-unix");
  char url[512];
  snprintf(url, sizeof url, "unix://%s/app.sock", dir);
  pid_t server = rs_start_server(url, NULL, NULL);
  struct stat st;
  CHECK(stat(url + 7, &st) == 0);
  printf("# socket mode %o\n", (unsigned)(st.st_mode & 0777));
  codex_options *o = rs_options(url);
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK(strlen(codex_client_server_version(c)) > 0);
  one_turn(c, "over the unix socket");
  codex_free(c);
  rs_stop(server);
  tt_remove_dir(dir);
  free(dir);
}

/* Server requests cross the link both ways: an approval asked by the remote server, answered by
 * this process's handler; the approved command then really runs on the server's side. */
static int approvals_seen;
static void approve(void *ud, codex_server_request *req) {
  (void)ud;
  if (strcmp(codex_server_request_method(req), "item/commandExecution/requestApproval") == 0)
    __atomic_add_fetch(&approvals_seen, 1, __ATOMIC_SEQ_CST);
  codex_server_request_respond(req, "{\"decision\":\"accept\"}", NULL);
  codex_server_request_free(req);
}

static void approval_over_the_unix_socket(void) {
  char *dir = tt_temp_dir("remote-approve");
  char url[512], params[1024], done[600];
  snprintf(url, sizeof url, "unix://%s/app.sock", dir);
  pid_t server = rs_start_server(url, NULL, NULL);
  codex_options *o = rs_options(url);
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_set_server_request_handler(c, approve, NULL, NULL, &err));
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"on-request\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"read-only\",\"cwd\":\"%s\"}", dir);
  codex_thread *t = tt_thread(c, params);
  codex_turn_result *r = tt_run(t, "please approve this command", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  printf("# approvals answered over the link: %d\n", __atomic_load_n(&approvals_seen, __ATOMIC_SEQ_CST));
  CHECK(__atomic_load_n(&approvals_seen, __ATOMIC_SEQ_CST) == 1);
  snprintf(done, sizeof done, "%s/approved.txt", dir);
  struct stat st;
  CHECK(stat(done, &st) == 0);
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  rs_stop(server);
  tt_remove_dir(dir);
  free(dir);
}

static void ws_capability_token(void) {
  char *token_file = rs_secret_file(TOKEN "\n");
  int port = rs_free_port();
  char url[128];
  snprintf(url, sizeof url, "ws://127.0.0.1:%d", port);
  const char *args[] = {"--ws-auth", "capability-token", "--ws-token-file", token_file, NULL};
  pid_t server = rs_start_server(url, args, NULL);

  /* The token from a file, with the log callback collecting every line. */
  codex_options *o = rs_options(url);
  CHECK_OK(codex_options_set_remote_token_file(o, token_file, &err));
  CHECK_OK(codex_options_set_log_callback(o, CODEX_LOG_LEVEL_DEBUG, collect_log, NULL, NULL, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  one_turn(c, "over a websocket");
  codex_free(c);

  /* The token as a string; a second client on the same server (codex_free left it running). */
  CHECK(rs_alive(server));
  o = rs_options(url);
  CHECK_OK(codex_options_set_remote_token(o, TOKEN, &err));
  c = ts_client_with(o);
  codex_options_free(o);
  one_turn(c, "second client");
  codex_free(c);
  CHECK(rs_alive(server));

  /* Faults: no token, a wrong one: AUTH at codex_new with the server's reason, at once. */
  double took = 0;
  o = rs_options(url);
  char *msg = new_fails(o, CODEX_STATUS_AUTH, &took);
  printf("# no token: AUTH in %.0f ms: %s\n", took, msg);
  CHECK_CONTAINS(msg, "missing websocket bearer token");
  CHECK(took < 5000);
  free(msg);
  CHECK_OK(codex_options_set_remote_token(o, "not-" TOKEN, &err));
  msg = new_fails(o, CODEX_STATUS_AUTH, &took);
  printf("# wrong token: AUTH in %.0f ms: %s\n", took, msg);
  CHECK_CONTAINS(msg, "invalid websocket bearer token");
  CHECK(took < 5000);
  free(msg);
  codex_options_free(o);

  pthread_mutex_lock(&log_mu);
  CHECK(log_lines.data == NULL || strstr(log_lines.data, TOKEN) == NULL);
  pthread_mutex_unlock(&log_mu);
  CHECK(rs_alive(server));
  rs_stop(server);
  unlink(token_file);
  free(token_file);
}

static void signed_bearer_token(void) {
  char *secret_file = rs_secret_file(SECRET);
  int port = rs_free_port();
  char url[128];
  snprintf(url, sizeof url, "ws://127.0.0.1:%d", port);
  const char *args[] = {"--ws-auth", "signed-bearer-token", "--ws-shared-secret-file", secret_file,
                        "--ws-issuer", "ffi-tests", "--ws-audience", "codex",
                        "--ws-max-clock-skew-seconds", "1", NULL};
  pid_t server = rs_start_server(url, args, NULL);

  /* The library makes the JWT: from the secret file, and from the secret as a string. */
  codex_options *o = rs_options(url);
  CHECK_OK(codex_options_set_remote_jwt_file(o, secret_file, "ffi-tests", "codex", 300, &err));
  codex_client *c = ts_client_with(o);
  one_turn(c, "signed and sealed");
  codex_free(c);
  CHECK_OK(codex_options_set_remote_jwt(o, SECRET, "ffi-tests", "codex", 300, &err));
  c = ts_client_with(o);
  codex_free(c);

  /* A ready JWT passed as the token. */
  char *ready = python_jwt(SECRET, 300);
  CHECK_OK(codex_options_set_remote_token(o, ready, &err));
  c = ts_client_with(o);
  codex_free(c);

  /* Faults: wrong secret, wrong audience, expired. */
  double took = 0;
  CHECK_OK(codex_options_set_remote_jwt(o, "a-different-secret-0123456789", "ffi-tests", "codex", 300, &err));
  char *msg = new_fails(o, CODEX_STATUS_AUTH, &took);
  printf("# wrong secret: AUTH in %.0f ms: %s\n", took, msg);
  CHECK_CONTAINS(msg, "invalid websocket jwt");
  free(msg);
  CHECK_OK(codex_options_set_remote_jwt(o, SECRET, "ffi-tests", "someone-else", 300, &err));
  msg = new_fails(o, CODEX_STATUS_AUTH, &took);
  printf("# wrong audience: AUTH in %.0f ms: %s\n", took, msg);
  free(msg);
  char *expired = python_jwt(SECRET, -120);
  CHECK_OK(codex_options_set_remote_token(o, expired, &err));
  msg = new_fails(o, CODEX_STATUS_AUTH, &took);
  printf("# expired: AUTH in %.0f ms: %s\n", took, msg);
  CHECK_CONTAINS(msg, "expired websocket jwt");
  CHECK(strstr(msg, expired) == NULL && strstr(msg, ready) == NULL);
  free(msg);
  codex_options_free(o);
  free(expired);
  free(ready);
  rs_stop(server);
  unlink(secret_file);
  free(secret_file);
}

/* Pulls events until the first agent-message delta (the mock is then holding the stream). */
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

/* A held turn on a fresh server; `fault` is SIGKILL (server killed: FIN) or SIGSTOP (silent
 * link: only the ping timeout can tell). The wait must end with TRANSPORT within `bound_ms`
 * of the fault. */
static void fault_mid_turn(int fault, int64_t ping_timeout_ms, double bound_ms) {
  char *token_file = rs_secret_file(TOKEN);
  int port = rs_free_port();
  char url[128];
  snprintf(url, sizeof url, "ws://127.0.0.1:%d", port);
  const char *args[] = {"--ws-auth", "capability-token", "--ws-token-file", token_file, NULL};
  pid_t server = rs_start_server(url, args, NULL);
  codex_options *o = rs_options(url);
  CHECK_OK(codex_options_set_remote_token_file(o, token_file, &err));
  CHECK_OK(codex_options_set_remote_ping_timeout_ms(o, ping_timeout_ms, &err));
  codex_client *c = ts_client_with(o);
  codex_options_free(o);
  CHECK_OK(codex_login_api_key(c, TT_FAKE_KEY, &err));
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "please hold the line", NULL, &turn, &err));
  until_first_delta(turn);

  double t0 = ts_now_ms();
  kill(-server, fault);
  codex_turn_result *r = NULL;
  codex_error *e = NULL;
  codex_status st = codex_turn_wait(turn, 20000, &r, &e);
  double took = ts_now_ms() - t0;
  printf("# %s: turn wait released with %d after %.0f ms (bound %.0f ms): %s\n",
         fault == SIGKILL ? "server killed" : "server stopped", (int)st, took, bound_ms,
         e ? codex_error_message(e) : "");
  CHECK(st == CODEX_STATUS_TRANSPORT);
  CHECK(took < bound_ms);
  codex_error_free(e);
  /* Every other call fails the same way, at once. */
  char *out = NULL;
  t0 = ts_now_ms();
  CHECK_STATUS(CODEX_STATUS_TRANSPORT, codex_request(c, "model/list", NULL, 5000, &out, &ts_err_));
  CHECK(ts_now_ms() - t0 < 1000);
  codex_turn_free(turn);
  codex_thread_free(t);
  t0 = ts_now_ms();
  codex_free(c);
  printf("# codex_free after the fault: %.0f ms\n", ts_now_ms() - t0);
  rs_stop(server);
  unlink(token_file);
  free(token_file);
}

static void server_killed_mid_turn(void) { fault_mid_turn(SIGKILL, 30000, 1000); }

static void silent_link_ping_timeout(void) {
  /* 600 ms ping timeout: released between 0.6 s and about 1 s after the link went silent. */
  fault_mid_turn(SIGSTOP, 600, 2500);
}

/* wss:// through a TLS-terminating proxy the test starts (tests/fixtures/tls_proxy.py, a
 * throwaway CA): trusted through the CA file, refused (TRANSPORT, a certificate error) with the
 * system's store. */
static void wss_through_a_tls_proxy(void) {
  int port = rs_free_port();
  char url[128];
  snprintf(url, sizeof url, "ws://127.0.0.1:%d", port);
  const char *args[] = {"--ws-auth", "capability-token", "--ws-token-file", NULL, NULL};
  char *token_file = rs_secret_file(TOKEN);
  args[3] = token_file;
  pid_t server = rs_start_server(url, args, NULL);

  char *dir = tt_temp_dir("remote-tls");
  char port_file[600], backend[64], proxy_path[512];
  snprintf(port_file, sizeof port_file, "%s/port", dir);
  snprintf(backend, sizeof backend, "127.0.0.1:%d", port);
  snprintf(proxy_path, sizeof proxy_path, "%s/tls_proxy.py", ts_env("CODEX_TEST_FIXTURES"));
  pid_t proxy = fork();
  CHECK(proxy >= 0);
  if (proxy == 0) {
    setpgid(0, 0);
    execlp("python3", "python3", proxy_path, "--dir", dir, "--backend", backend, "--port-file", port_file,
           (char *)NULL);
    _exit(127);
  }
  setpgid(proxy, proxy);
  if (rs_nservers < 16) rs_servers[rs_nservers++] = proxy;
  char *proxy_port = NULL;
  double deadline = ts_now_ms() + 30000;
  while (!(proxy_port = ts_read_file(port_file))) {
    if (ts_now_ms() > deadline) TS_FAIL("TLS proxy did not start");
    ts_sleep_ms(20);
  }
  char wss[128], ca[600];
  snprintf(wss, sizeof wss, "wss://127.0.0.1:%s", proxy_port);
  snprintf(ca, sizeof ca, "%s/ca.pem", dir);

  codex_options *o = rs_options(wss);
  CHECK_OK(codex_options_set_remote_token(o, TOKEN, &err));
  CHECK_OK(codex_options_set_remote_ca_file(o, ca, &err));
  codex_client *c = ts_client_with(o);
  one_turn(c, "through the tls proxy");
  codex_free(c);

  /* The same server without the CA: the certificate is not trusted. */
  CHECK_OK(codex_options_set_remote_ca_file(o, NULL, &err));
  double took = 0;
  char *msg = new_fails(o, CODEX_STATUS_TRANSPORT, &took);
  printf("# wss without the CA: TRANSPORT in %.0f ms: %s\n", took, msg);
  CHECK_CONTAINS(msg, "certificate");
  free(msg);
  /* A CA file that holds no certificate: INVALID_ARGUMENT at codex_new. */
  CHECK_OK(codex_options_set_remote_ca_file(o, token_file, &err));
  msg = new_fails(o, CODEX_STATUS_INVALID_ARGUMENT, &took);
  free(msg);
  codex_options_free(o);

  rs_stop(proxy);
  rs_stop(server);
  free(proxy_port);
  tt_remove_dir(dir);
  free(dir);
  unlink(token_file);
  free(token_file);
}

static void spawn_only_options_are_invalid(void) {
  const char *url = "ws://127.0.0.1:9";
  double took = 0;
  codex_options *o = rs_options(url);
  CHECK_OK(codex_options_set_codex_bin(o, ts_env("CODEX_BIN"), &err));
  char *msg = new_fails(o, CODEX_STATUS_INVALID_ARGUMENT, &took);
  CHECK_CONTAINS(msg, "codex_bin");
  free(msg);
  codex_options_free(o);
  o = rs_options(url);
  CHECK_OK(codex_options_set_env(o, "X", "1", &err));
  msg = new_fails(o, CODEX_STATUS_INVALID_ARGUMENT, &took);
  free(msg);
  codex_options_free(o);
  o = rs_options(url);
  CHECK_OK(codex_options_set_cwd(o, "/tmp", &err));
  msg = new_fails(o, CODEX_STATUS_INVALID_ARGUMENT, &took);
  free(msg);
  codex_options_free(o);
  /* A bad URL at the setter; credentials without a URL at codex_new. */
  o = codex_options_new();
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_options_set_remote_url(o, "http://x", &ts_err_));
  CHECK_OK(codex_options_set_remote_token(o, TOKEN, &err));
  msg = new_fails(o, CODEX_STATUS_INVALID_ARGUMENT, &took);
  free(msg);
  codex_options_free(o);
  /* Nobody listening: TRANSPORT, at once. */
  o = rs_options(url);
  msg = new_fails(o, CODEX_STATUS_TRANSPORT, &took);
  printf("# nobody listening: TRANSPORT in %.0f ms: %s\n", took, msg);
  CHECK(took < 5000);
  free(msg);
  codex_options_free(o);
  CHECK_STREQ(codex_status_str(CODEX_STATUS_AUTH), "CODEX_STATUS_AUTH");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  RUN_TEST(spawn_only_options_are_invalid);
  RUN_TEST(unix_socket_turn);
  RUN_TEST(approval_over_the_unix_socket);
  RUN_TEST(ws_capability_token);
  RUN_TEST(signed_bearer_token);
  RUN_TEST(wss_through_a_tls_proxy);
  RUN_TEST(server_killed_mid_turn);
  RUN_TEST(silent_link_ping_timeout);
  tt_buf_free(&log_lines);
  return ts_finish();
}
