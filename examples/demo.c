/* The demo: log in, start a thread, stream one real turn to the terminal, print the result.
 *
 *   ./scripts/demo.sh            runs it against the project's loopback demo model (offline)
 *   demo "your prompt"           with a real CODEX_HOME / login, runs it against your model
 *
 * With --offline (what demo.sh passes) it logs in with a placeholder API key, because the
 * loopback model accepts any key; otherwise it reuses the login already in CODEX_HOME, or the
 * key in CODEX_DEMO_API_KEY. */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, codex_status st, codex_error *err) {
  fprintf(stderr, "%s failed (status %d): %s\n", what, (int)st, err ? codex_error_message(err) : "");
  if (err && codex_error_stderr_tail(err)) fprintf(stderr, "app-server stderr:\n%s\n", codex_error_stderr_tail(err));
  codex_error_free(err);
  return 1;
}

/* Streams agent-message deltas to stdout as they arrive (runs on this thread). */
static void print_delta(void *user_data, const codex_event *ev) {
  (void)user_data;
  if (codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
    size_t len = 0;
    const char *text = codex_event_delta(ev, &len);
    fwrite(text, 1, len, stdout);
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  int offline = 0;
  const char *prompt = "stream 12 tokens: say hello to the native Codex SDK";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--offline") == 0) offline = 1;
    else prompt = argv[i];
  }

  codex_error *err = NULL;
  codex_status st;
  codex_client *client = NULL;
  if ((st = codex_new(NULL, &client, &err)) != CODEX_STATUS_OK) return fail("codex_new", st, err);
  printf("codex-ffi %s, app-server %s on %s (CODEX_HOME %s)\n", codex_version(),
         codex_client_server_version(client), codex_client_platform_os(client), codex_client_codex_home(client));
  if (offline) printf("offline: talking to the project's loopback demo model\n");

  /* 1. Log in first: API key here; see examples/auth_walkthrough.c for the ChatGPT flows. */
  const char *key = offline ? "sk-offline-demo-key" : getenv("CODEX_DEMO_API_KEY");
  if (key && (st = codex_login_api_key(client, key, &err)) != CODEX_STATUS_OK) return fail("login", st, err);
  char *account = NULL;
  if ((st = codex_account(client, false, &account, &err)) != CODEX_STATUS_OK) return fail("account", st, err);
  printf("account: %s\n", account);
  codex_string_free(account);

  /* 2. A thread, and one streamed turn on it. */
  codex_thread *thread = NULL;
  if ((st = codex_thread_start(client, NULL, &thread, &err)) != CODEX_STATUS_OK) return fail("thread start", st, err);
  printf("thread %s\n> %s\n", codex_thread_id(thread), prompt);
  codex_turn_result *result = NULL;
  st = codex_thread_run(thread, prompt, NULL, print_delta, NULL, &result, &err);
  if (st != CODEX_STATUS_OK) return fail("turn", st, err);
  printf("\n");

  const char *status_names[] = {"completed", "interrupted", "failed"};
  printf("status: %s\n", status_names[codex_turn_result_status(result)]);
  printf("final response: %s\n", codex_turn_result_final_response(result) ? codex_turn_result_final_response(result) : "(none)");
  printf("usage: %s\n", codex_turn_result_usage_json(result) ? codex_turn_result_usage_json(result) : "(none)");
  int ok = codex_turn_result_status(result) == CODEX_TURN_COMPLETED;
  codex_turn_result_free(result);
  codex_thread_free(thread);
  codex_free(client);
  return ok ? 0 : 1;
}
