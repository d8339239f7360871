/* One streamed turn from C: README.md shows this file as it is, and ctest (label docs) builds
 * and runs it. Build: cc first_turn.c $(pkg-config --cflags --libs codex) */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>

/* Prints the answer as it streams (runs on this thread, inside codex_thread_run). */
static void on_event(void *user_data, const codex_event *event) {
  (void)user_data;
  if (codex_event_kind(event) == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
    fputs(codex_event_delta(event, NULL), stdout);
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  const char *prompt = argc > 1 ? argv[1] : "Say hello in one sentence.";
  const char *api_key = getenv("OPENAI_API_KEY"); /* unset: the login stored in CODEX_HOME */
  codex_client *client = NULL;
  codex_thread *thread = NULL;
  codex_turn_result *result = NULL;
  codex_error *err = NULL; /* must be NULL when passed in */

  /* Start `codex app-server` (CODEX_BIN, else `codex` on PATH), log in, start a thread with the
   * server's defaults (or e.g. "{\"model\":\"gpt-5.4\"}"), run one turn to its end. */
  codex_status st = codex_new(NULL, &client, &err);
  if (st == CODEX_STATUS_OK && api_key && *api_key) st = codex_login_api_key(client, api_key, &err);
  if (st == CODEX_STATUS_OK) st = codex_thread_start(client, NULL, &thread, &err);
  if (st == CODEX_STATUS_OK) st = codex_thread_run(thread, prompt, NULL, on_event, NULL, &result, &err);

  int exit_code = 1;
  if (st != CODEX_STATUS_OK) {
    fprintf(stderr, "%s: %s\n", codex_status_str(st), err ? codex_error_message(err) : "");
  } else if (codex_turn_result_status(result) == CODEX_TURN_COMPLETED) {
    const char *text = codex_turn_result_final_response(result); /* NULL if no answer */
    printf("\nfinal response: %s\n", text ? text : "(none)");
    exit_code = 0;
  } else {
    /* A failed or interrupted turn is still OK: the result says why, and has no answer. */
    const char *why = codex_turn_result_error(result);
    printf("\nthe turn did not complete: %s\n", why ? why : "interrupted");
  }

  codex_error_free(err);
  codex_turn_result_free(result);
  codex_thread_free(thread);
  codex_free(client);
  return exit_code;
}
