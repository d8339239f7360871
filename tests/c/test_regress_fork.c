/* Issue 12 regression: fork() in the host. The library's runtime and delivery threads do not
 * exist in a forked child, so today every call there on an inherited handle hangs forever.
 * Expected: in the child every call on an inherited handle returns CLOSED at once (the message
 * says fork), its _free only releases memory (no signal, no write, no join: the child's copy
 * shares the parent's pipes and process group), and the parent's client is untouched: its next
 * turn completes. codex_new in the child starts afresh. Children report through their exit code
 * and stderr; a SIGALRM deadline in the child turns a hang into a failure. Real app-server,
 * offline mock. */
#include "regress_support.h"

#include <sys/types.h>
#include <sys/wait.h>

/* ---- in the child: async-signal-safe-ish reporting, _exit only (no atexit handlers, which
 * would remove the parent's temp dirs) ---------------------------------------------------- */

static int child_failures = 0;

static void child_say(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1;
  rg_write_stderr(buf);
}

#define CHILD_EXPECT(cond, ...)                                             \
  do {                                                                      \
    if (!(cond)) {                                                          \
      child_say("FAIL %s (child, %s:%d): ", ts_current, __FILE__, __LINE__); \
      child_say(__VA_ARGS__);                                               \
      child_say("\n");                                                      \
      child_failures++;                                                     \
    }                                                                       \
  } while (0)

/* A call on an inherited handle: CLOSED, promptly, saying fork. */
static void child_expect_closed(const char *what, codex_status st, codex_error *err, double ms) {
  const char *msg = rg_msg(err);
  child_say("# child: %s -> %s in %.0f ms: %s\n", what, codex_status_str((uint32_t)st), ms, msg);
  CHILD_EXPECT(st == CODEX_STATUS_CLOSED, "%s in the child returned %s, expected CLOSED", what,
               codex_status_str((uint32_t)st));
  CHILD_EXPECT(strstr(msg, "fork") != NULL, "%s: the error should mention fork: \"%s\"", what,
               msg);
  CHILD_EXPECT(ms < 1000, "%s took %.0f ms", what, ms);
}

/* Runs `body` in a forked child under a `deadline_s` SIGALRM deadline; the parent waits for it
 * (20 s longer, then kills it) and fails the case unless the child exited 0. */
static void run_in_child(void (*body)(void), unsigned deadline_s, const char *hang_message) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) TS_FAIL("fork failed");
  if (pid == 0) {
    rg_deadline(deadline_s, hang_message);
    body();
    _exit(child_failures == 0 ? 0 : 1);
  }
  int status = 0;
  double deadline = ts_now_ms() + (deadline_s + 20) * 1000.0;
  pid_t got = 0;
  while ((got = waitpid(pid, &status, WNOHANG)) == 0 && ts_now_ms() < deadline) ts_sleep_ms(20);
  if (got == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    RG_EXPECT(0, "the child did not exit, even after its own %u s deadline: killed", deadline_s);
    return;
  }
  if (WIFSIGNALED(status))
    RG_EXPECT(0, "the child was killed by signal %d", WTERMSIG(status));
  else
    RG_EXPECT(WEXITSTATUS(status) == 0, "the child exited with %d (see its messages above)",
              WEXITSTATUS(status));
}

/* ---- inherited handles ------------------------------------------------------------------- */

static codex_client *g_client;
static codex_thread *g_thread;

static void child_uses_inherited_handles(void) {
  codex_error *err = NULL;
  char *out = NULL;
  double t0 = ts_now_ms();
  codex_status st = codex_request(g_client, "model/list", NULL, -1, &out, &err);
  child_expect_closed("codex_request (no time limit)", st, err, ts_now_ms() - t0);
  codex_string_free(out);
  codex_error_free(err);
  err = NULL;

  codex_thread *t = NULL;
  t0 = ts_now_ms();
  st = codex_thread_start(g_client, NULL, &t, &err);
  child_expect_closed("codex_thread_start", st, err, ts_now_ms() - t0);
  codex_thread_free(t);
  codex_error_free(err);
  err = NULL;

  codex_turn_result *r = NULL;
  t0 = ts_now_ms();
  st = codex_thread_run(g_thread, "from the child", NULL, NULL, NULL, &r, &err);
  child_expect_closed("codex_thread_run on the inherited thread", st, err, ts_now_ms() - t0);
  codex_turn_result_free(r);
  codex_error_free(err);
  err = NULL;

  /* The child's copies: memory only. */
  t0 = ts_now_ms();
  codex_thread_free(g_thread);
  codex_free(g_client);
  double took = ts_now_ms() - t0;
  child_say("# child: codex_thread_free + codex_free took %.0f ms\n", took);
  CHILD_EXPECT(took < 1000, "freeing the inherited handles took %.0f ms", took);
}

static void inherited_client_is_closed_in_the_child(void) {
  rg_deadline(120, "the parent side did not finish within 120 s");
  g_client = tt_client(NULL);
  g_thread = tt_thread(g_client, NULL);
  codex_turn_result *r = tt_run(g_thread, "before the fork", NULL);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: before the fork");
  codex_turn_result_free(r);

  run_in_child(child_uses_inherited_handles, 10,
               "the forked child hung in a call on the inherited client (see its last "
               "'# child:' line; none = the first call, codex_request)");

  /* The parent's client is untouched by the child: a turn still completes. */
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(g_thread, "after the fork", NULL, &turn, &err));
  codex_turn_result *after = NULL;
  codex_error *err = NULL;
  codex_status st = codex_turn_wait(turn, 30000, &after, &err);
  RG_EXPECT(st == CODEX_STATUS_OK, "the parent's turn after the fork: %s (%s)",
            codex_status_str((uint32_t)st), rg_msg(err));
  if (after) {
    RG_EXPECT(codex_turn_result_status(after) == CODEX_TURN_COMPLETED, "status %d",
              (int)codex_turn_result_status(after));
    CHECK_STREQ(codex_turn_result_final_response(after), "You said: after the fork");
  }
  codex_turn_result_free(after);
  codex_error_free(err);
  codex_turn_free(turn);
  codex_thread_free(g_thread);
  codex_free(g_client);
  rg_deadline(0, "");
}

/* ---- a new client in the child ----------------------------------------------------------- */

static codex_options *g_child_options;

static void child_starts_a_new_client(void) {
  codex_client *c = NULL;
  codex_error *err = NULL;
  double t0 = ts_now_ms();
  codex_status st = codex_new(g_child_options, &c, &err);
  child_say("# child: codex_new -> %s in %.0f ms %s\n", codex_status_str((uint32_t)st),
            ts_now_ms() - t0, err ? rg_msg(err) : "");
  CHILD_EXPECT(st == CODEX_STATUS_OK, "codex_new in the child: %s (%s)",
               codex_status_str((uint32_t)st), rg_msg(err));
  codex_error_free(err);
  err = NULL;
  if (st != CODEX_STATUS_OK) return;
  st = codex_login_api_key(c, TT_FAKE_KEY, &err);
  CHILD_EXPECT(st == CODEX_STATUS_OK, "login in the child: %s", rg_msg(err));
  codex_error_free(err);
  err = NULL;
  codex_thread *t = NULL;
  st = codex_thread_start(c, NULL, &t, &err);
  CHILD_EXPECT(st == CODEX_STATUS_OK, "codex_thread_start in the child: %s", rg_msg(err));
  codex_error_free(err);
  err = NULL;
  if (st == CODEX_STATUS_OK) {
    codex_turn_result *r = NULL;
    st = codex_thread_run(t, "hello from the child", NULL, NULL, NULL, &r, &err);
    CHILD_EXPECT(st == CODEX_STATUS_OK, "a turn in the child: %s", rg_msg(err));
    if (r) {
      const char *fr = codex_turn_result_final_response(r);
      CHILD_EXPECT(fr && strcmp(fr, "You said: hello from the child") == 0,
                   "the child's turn answered \"%s\"", fr ? fr : "(null)");
      child_say("# child: a turn on a new client completed: %s\n", fr ? fr : "(null)");
    }
    codex_turn_result_free(r);
    codex_error_free(err);
  }
  codex_thread_free(t);
  codex_free(c);
}

static void new_client_in_the_child_starts_afresh(void) {
  rg_deadline(120, "the parent side did not finish within 120 s");
  /* The parent has a live client (the library's runtime runs) when it forks. */
  codex_client *parent = tt_client(NULL);
  g_child_options = tt_options(NULL);
  run_in_child(child_starts_a_new_client, 40,
               "the forked child hung starting and using a new client (see its last "
               "'# child:' line; none = codex_new)");
  codex_options_free(g_child_options);
  codex_thread *t = tt_thread(parent, NULL);
  codex_turn_result *r = tt_run(t, "parent still fine", NULL);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: parent still fine");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(parent);
  rg_deadline(0, "");
}

int main(void) {
  RG_RUN(inherited_client_is_closed_in_the_child);
  RG_RUN(new_client_in_the_child_starts_afresh);
  return ts_finish();
}
