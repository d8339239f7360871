/* ChatGPT browser login against the real app-server and the fixture's mock issuer (issue 3):
 * the handle's id and auth URL, a short wait that times out, cancel (twice), a second login
 * failing the first, a login completed for real by fetching its auth URL (the mock issuer
 * redirects to the server's 127.0.0.1:1455 callback), the callback form (fires once, drop runs
 * once), and codex_free releasing a blocked wait with CLOSED. The callback port is host-global:
 * this file's name contains "login" so CMake gives it the browser-login RESOURCE_LOCK. */
#include "test_support.h"

#include <pthread.h>
#include <sys/wait.h>

/* Requires `want`; for statuses that write an error it must exist with the same status. */
#define EXPECT(want, call)                                                        \
  do {                                                                            \
    codex_error_free(e);                                                          \
    e = NULL;                                                                     \
    codex_status st_ = (call);                                                    \
    if (st_ != (want))                                                            \
      TS_FAIL("%s returned %d, expected %d: %s", #call, (int)st_, (int)(want),    \
              e ? codex_error_message(e) : "(no error object)");                  \
    if ((want) == CODEX_STATUS_OK || (want) == CODEX_STATUS_TIMEOUT) {            \
      if (e) TS_FAIL("%s wrote an error object", #call);                          \
    } else if (!e || codex_error_status(e) != (want)) {                           \
      TS_FAIL("%s: missing or mismatched error object", #call);                   \
    }                                                                             \
  } while (0)

/* The account JSON without whitespace. */
static char *account_json(codex_client *c) {
  char *json = NULL;
  CHECK_OK(codex_account(c, false, &json, &err));
  char *w = json;
  for (const char *r = json; *r; r++)
    if (*r != ' ' && *r != '\n' && *r != '\t' && *r != '\r') *w++ = *r;
  *w = '\0';
  return json;
}

/* Plays the browser: GETs `url` with python3, following the mock issuer's redirect to the
 * server's loopback callback. Returns python's exit status. */
static int fetch_url(const char *url) {
  pid_t pid = fork();
  if (pid < 0) TS_FAIL("fork failed");
  if (pid == 0) {
    execlp("python3", "python3", "-c",
           "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=20).read()",
           url, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) TS_FAIL("waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static codex_login *start_browser_login(codex_client *c) {
  codex_login *l = NULL;
  CHECK_OK(codex_login_chatgpt(c, &l, &err));
  CHECK(l != NULL);
  return l;
}

/* Waits (bounded) for a login that must finish; returns the result (caller frees). */
static codex_login_result *wait_done(codex_login *l) {
  codex_login_result *r = NULL;
  CHECK_OK(codex_login_wait(l, 20000, &r, &err));
  CHECK(r != NULL);
  CHECK_STREQ(codex_login_result_login_id(r), codex_login_id(l));
  return r;
}

static void handle_short_wait_and_cancel(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_error *e = NULL;
  codex_login *l = start_browser_login(c);

  const char *id = codex_login_id(l);
  CHECK(id != NULL && strlen(id) > 0);
  const char *url = codex_login_auth_url(l);
  /* The issuer override points it at the mock; the redirect is the server's loopback listener. */
  CHECK(url != NULL && strncmp(url, ts_env("CODEX_TEST_MOCK_URL"), strlen(ts_env("CODEX_TEST_MOCK_URL"))) == 0);
  CHECK_CONTAINS(url, "/oauth/authorize?");
  CHECK_CONTAINS(url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A");
  CHECK(codex_login_verification_url(l) == NULL);
  CHECK(codex_login_user_code(l) == NULL);

  /* A short wait times out, writes nothing, and leaves the login pending. */
  codex_login_result *r = NULL;
  double t0 = ts_now_ms();
  EXPECT(CODEX_STATUS_TIMEOUT, codex_login_wait(l, 200, &r, &e));
  double took = ts_now_ms() - t0;
  CHECK(r == NULL);
  if (took < 190 || took > 2000) TS_FAIL("a 200 ms wait took %.0f ms", took);
  EXPECT(CODEX_STATUS_TIMEOUT, codex_login_wait(l, 0, &r, &e));

  /* Cancel: the handle completes with success == false and the server's message. */
  EXPECT(CODEX_STATUS_OK, codex_login_cancel(l, &e));
  r = wait_done(l);
  CHECK(!codex_login_result_success(r));
  CHECK(codex_login_result_error(r) != NULL && strlen(codex_login_result_error(r)) > 0);
  codex_login_result_free(r);
  /* Cancelling again (the server now says notFound) is OK; the outcome is kept for later waits. */
  EXPECT(CODEX_STATUS_OK, codex_login_cancel(l, &e));
  r = wait_done(l);
  CHECK(!codex_login_result_success(r));
  codex_login_result_free(r);
  codex_login_free(l);

  char *acc = account_json(c);
  CHECK_CONTAINS(acc, "\"account\":null");
  codex_string_free(acc);
  codex_free(c);
  free(home);
}

static void second_login_fails_the_first(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_error *e = NULL;
  codex_login *first = start_browser_login(c);
  codex_login *second = start_browser_login(c);
  CHECK(strcmp(codex_login_id(first), codex_login_id(second)) != 0);

  codex_login_result *r = wait_done(first);
  CHECK(!codex_login_result_success(r));
  CHECK(codex_login_result_error(r) != NULL && strlen(codex_login_result_error(r)) > 0);
  codex_login_result_free(r);

  /* The second one is still pending, and is the one that completes. */
  r = NULL;
  EXPECT(CODEX_STATUS_TIMEOUT, codex_login_wait(second, 100, &r, &e));
  CHECK(fetch_url(codex_login_auth_url(second)) == 0);
  r = wait_done(second);
  if (!codex_login_result_success(r))
    TS_FAIL("second login failed: %s", codex_login_result_error(r) ? codex_login_result_error(r) : "?");
  codex_login_result_free(r);
  codex_login_free(first);
  codex_login_free(second);
  CHECK_OK(codex_logout(c, &err));
  codex_free(c);
  free(home);
}

/* What the completion callback saw, guarded by a mutex (it runs on the delivery thread). */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int calls, drops;
  codex_status status;
  bool success;
  char login_id[128];
} completion;

static void completion_init(completion *k) {
  memset(k, 0, sizeof *k);
  pthread_mutex_init(&k->mu, NULL);
  pthread_cond_init(&k->cv, NULL);
}

static void on_complete(void *user_data, codex_status status, const codex_login_result *result,
                        const codex_error *error) {
  completion *k = (completion *)user_data;
  pthread_mutex_lock(&k->mu);
  k->calls++;
  k->status = status;
  k->success = result && codex_login_result_success(result);
  if (result) snprintf(k->login_id, sizeof k->login_id, "%s", codex_login_result_login_id(result));
  if (status != CODEX_STATUS_OK && !error) k->status = CODEX_STATUS_INTERNAL; /* must have one */
  pthread_cond_broadcast(&k->cv);
  pthread_mutex_unlock(&k->mu);
}

static void on_drop(void *user_data) {
  completion *k = (completion *)user_data;
  pthread_mutex_lock(&k->mu);
  k->drops++;
  pthread_cond_broadcast(&k->cv);
  pthread_mutex_unlock(&k->mu);
}

/* Waits up to `ms` for `calls` and `drops` to reach at least the given counts. */
static void completion_await(completion *k, int calls, int drops, int ms) {
  double deadline = ts_now_ms() + ms;
  pthread_mutex_lock(&k->mu);
  while ((k->calls < calls || k->drops < drops) && ts_now_ms() < deadline) {
    pthread_mutex_unlock(&k->mu);
    ts_sleep_ms(10);
    pthread_mutex_lock(&k->mu);
  }
  pthread_mutex_unlock(&k->mu);
}

static void login_completes_for_real(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_error *e = NULL;
  codex_login *l = start_browser_login(c);
  completion k;
  completion_init(&k);
  EXPECT(CODEX_STATUS_OK, codex_login_on_complete(l, on_complete, &k, on_drop, &e));

  /* Play the browser: mock issuer -> 302 -> the server's callback on 127.0.0.1. */
  int rc = fetch_url(codex_login_auth_url(l));
  if (rc != 0) TS_FAIL("fetching the auth URL failed (python exit %d)", rc);
  codex_login_result *r = wait_done(l);
  if (!codex_login_result_success(r))
    TS_FAIL("login failed: %s", codex_login_result_error(r) ? codex_login_result_error(r) : "?");
  CHECK(codex_login_result_error(r) == NULL);
  codex_login_result_free(r);

  /* The callback form fired exactly once, then its drop ran exactly once. */
  completion_await(&k, 1, 1, 5000);
  ts_sleep_ms(200); /* room for a (wrong) second call */
  pthread_mutex_lock(&k.mu);
  CHECK(k.calls == 1);
  CHECK(k.drops == 1);
  CHECK(k.status == CODEX_STATUS_OK);
  CHECK(k.success);
  CHECK_STREQ(k.login_id, codex_login_id(l));
  pthread_mutex_unlock(&k.mu);

  /* A second callback on a completed login fires at once (there, on the delivery thread). */
  completion k2;
  completion_init(&k2);
  EXPECT(CODEX_STATUS_OK, codex_login_on_complete(l, on_complete, &k2, on_drop, &e));
  completion_await(&k2, 1, 1, 5000);
  pthread_mutex_lock(&k2.mu);
  CHECK(k2.calls == 1 && k2.drops == 1 && k2.success);
  pthread_mutex_unlock(&k2.mu);
  /* A rejected registration (NULL fn) still runs drop, once. */
  completion k3;
  completion_init(&k3);
  EXPECT(CODEX_STATUS_INVALID_ARGUMENT, codex_login_on_complete(l, NULL, &k3, on_drop, &e));
  CHECK(k3.drops == 1 && k3.calls == 0);

  char *acc = account_json(c);
  CHECK_CONTAINS(acc, "\"type\":\"chatgpt\"");
  codex_string_free(acc);
  /* Cancelling after completion is OK. */
  EXPECT(CODEX_STATUS_OK, codex_login_cancel(l, &e));
  codex_login_free(l);
  CHECK_OK(codex_logout(c, &err));
  acc = account_json(c);
  CHECK_CONTAINS(acc, "\"account\":null");
  codex_string_free(acc);
  codex_free(c);
  free(home);
}

typedef struct {
  codex_login *login;
  codex_status status;
  codex_status err_status;
  codex_login_result *result;
  pthread_mutex_t mu;
  int done;
} blocked_wait;

static int blocked_done(blocked_wait *b) {
  pthread_mutex_lock(&b->mu);
  int d = b->done;
  pthread_mutex_unlock(&b->mu);
  return d;
}

static void *wait_forever(void *arg) {
  blocked_wait *b = (blocked_wait *)arg;
  codex_error *e = NULL;
  b->status = codex_login_wait(b->login, -1, &b->result, &e);
  b->err_status = e ? codex_error_status(e) : CODEX_STATUS_OK;
  codex_error_free(e);
  pthread_mutex_lock(&b->mu);
  b->done = 1;
  pthread_mutex_unlock(&b->mu);
  return NULL;
}

static void free_client_releases_blocked_wait(void) {
  char *home = ts_fresh_home();
  codex_client *c = ts_client(home);
  codex_error *e = NULL;
  codex_login *l = start_browser_login(c);
  completion k;
  completion_init(&k);
  EXPECT(CODEX_STATUS_OK, codex_login_on_complete(l, on_complete, &k, on_drop, &e));

  blocked_wait b;
  memset(&b, 0, sizeof b);
  b.login = l;
  pthread_mutex_init(&b.mu, NULL);
  pthread_t th;
  CHECK(pthread_create(&th, NULL, wait_forever, &b) == 0);
  ts_sleep_ms(300);
  CHECK(!blocked_done(&b)); /* really blocked */

  double t0 = ts_now_ms();
  codex_free(c);
  while (!blocked_done(&b) && ts_now_ms() - t0 < 5000) ts_sleep_ms(5);
  if (!blocked_done(&b)) TS_FAIL("codex_free did not release the blocked codex_login_wait");
  pthread_join(th, NULL);
  CHECK(b.status == CODEX_STATUS_CLOSED);
  CHECK(b.err_status == CODEX_STATUS_CLOSED);
  CHECK(b.result == NULL);

  /* The handle outlives its client: its calls say CLOSED until it is freed. */
  codex_login_result *r = NULL;
  EXPECT(CODEX_STATUS_CLOSED, codex_login_wait(l, 0, &r, &e));
  EXPECT(CODEX_STATUS_CLOSED, codex_login_cancel(l, &e));
  CHECK(codex_login_id(l) != NULL && strlen(codex_login_id(l)) > 0); /* getters still work */
  codex_login_free(l);
  /* The callback ran at most once (with CLOSED if it did) and its drop exactly once. */
  completion_await(&k, 0, 1, 5000);
  pthread_mutex_lock(&k.mu);
  CHECK(k.drops == 1);
  CHECK(k.calls <= 1);
  if (k.calls == 1) CHECK(k.status == CODEX_STATUS_CLOSED);
  pthread_mutex_unlock(&k.mu);
  codex_error_free(e);
  free(home);
}

int main(void) {
  RUN_TEST(handle_short_wait_and_cancel);
  RUN_TEST(second_login_fails_the_first);
  RUN_TEST(login_completes_for_real);
  RUN_TEST(free_client_releases_blocked_wait);
  return ts_finish();
}
