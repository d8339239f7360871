/* Approvals: the app-server asks the client before it runs a command outside the sandbox. A
 * handler registered with codex_set_server_request_handler gets each request, answers it (here
 * or later, from any thread) and frees it. Without a handler every approval is declined.
 *
 *   approvals [--offline] ["prompt"]
 *
 * The thread runs in a new temporary directory with a read-only sandbox and
 * approvalPolicy "on-request", so a command that wants to write asks first. Interactively you
 * answer y/n; with --offline (what ctest passes) the program approves by itself, the model is the
 * project's loopback mock (it asks to run `echo approved > approved.txt`) and the login uses a
 * placeholder key. Otherwise the stored login or OPENAI_API_KEY is used. */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, codex_status st, codex_error *err) {
  fprintf(stderr, "%s failed (status %d): %s\n", what, (int)st, err ? codex_error_message(err) : "");
  if (err && codex_error_stderr_tail(err)) fprintf(stderr, "app-server stderr:\n%s\n", codex_error_stderr_tail(err));
  codex_error_free(err);
  exit(1);
}

#define TRY(what, call)                                  \
  do {                                                   \
    codex_error *err = NULL;                             \
    codex_status st_ = (call);                           \
    if (st_ != CODEX_STATUS_OK) die(what, st_, err);     \
  } while (0)

/* Runs on the client's delivery thread. Blocking here (reading stdin) only delays this client's
 * callbacks; the turn's idle watchdog is paused while a request awaits its answer. */
static void on_server_request(void *user_data, codex_server_request *req) {
  int auto_approve = *(const int *)user_data;
  if (codex_server_request_kind(req) != CODEX_REQUEST_COMMAND_APPROVAL) {
    /* Not ours to decide: freeing it unanswered sends the safe default answer. */
    codex_server_request_free(req);
    return;
  }
  /* Typed getters: no JSON parsing (NULL where the server sent nothing). */
  const char *reason = codex_server_request_reason(req);
  printf("\nThe agent asks to run: %s\n  in: %s\n  because: %s\n", codex_server_request_command(req),
         codex_server_request_cwd(req), reason ? reason : "(no reason given)");
  int accept = auto_approve;
  if (!auto_approve) {
    printf("Allow it? [y/N] ");
    fflush(stdout);
    char line[16] = "";
    accept = fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y');
  }
  printf("%s\n", accept ? "approved" : "declined");
  codex_error *err = NULL;
  codex_status st = codex_server_request_answer(req, accept ? CODEX_DECISION_ACCEPT : CODEX_DECISION_DECLINE, &err);
  if (st != CODEX_STATUS_OK) {
    fprintf(stderr, "could not answer: %s\n", codex_error_message(err));
    codex_error_free(err);
  }
  codex_server_request_free(req);
}

int main(int argc, char **argv) {
  int offline = 0;
  const char *prompt = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--offline") == 0) offline = 1;
    else prompt = argv[i];
  }
  if (!prompt) prompt = offline ? "Please approve: write approved.txt here."
                                : "Create a file named approved.txt containing the word approved.";

  /* A scratch working directory: approved commands really run there. */
  char dir[] = "/tmp/codex-approvals-example-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }

  /* The server runs commands in a login shell, which reads your shell startup files. Offline
   * (in CI) those are the build machine's, so give the server an empty HOME there: the demo
   * then does not depend on them. (CODEX_HOME stays as it is.) */
  codex_options *opts = codex_options_new();
  if (offline) TRY("set HOME", codex_options_set_env(opts, "HOME", dir, &err));
  codex_client *codex = NULL;
  TRY("codex_new", codex_new(opts, &codex, &err));
  codex_options_free(opts);
  if (offline) printf("(offline: the model is the project's loopback mock; approving automatically)\n");
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));

  static int auto_approve;
  auto_approve = offline;
  TRY("handler", codex_set_server_request_handler(codex, on_server_request, &auto_approve, NULL, &err));

  char params[512];
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"" CODEX_APPROVAL_ON_REQUEST "\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"" CODEX_SANDBOX_READ_ONLY "\",\"cwd\":\"%s\"}", dir);
  codex_thread *thread = NULL;
  TRY("thread start", codex_thread_start(codex, params, &thread, &err));
  printf("working directory: %s\n> %s\n", dir, prompt);

  codex_turn_result *result = NULL;
  TRY("run", codex_thread_run(thread, prompt, NULL, NULL, NULL, &result, &err));
  const char *final = codex_turn_result_final_response(result);
  printf("final response: %s\n", final ? final : "(none)");
  /* Token usage, typed (-1 where the server sent none). */
  printf("tokens: %lld input (%lld cached), %lld output (%lld reasoning), %lld total\n",
         (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_INPUT),
         (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_CACHED_INPUT),
         (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_OUTPUT),
         (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_REASONING_OUTPUT),
         (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_TOTAL));

  char path[600];
  struct stat st;
  snprintf(path, sizeof path, "%s/approved.txt", dir);
  int ran = stat(path, &st) == 0;
  printf("approved.txt %s\n", ran ? "was written" : "was not written");
  int ok = codex_turn_result_status(result) == CODEX_TURN_COMPLETED && (!offline || ran);

  codex_turn_result_free(result);
  codex_thread_free(thread);
  codex_free(codex);
  if (ran) unlink(path);
  rmdir(dir);
  return ok ? 0 : 1;
}
