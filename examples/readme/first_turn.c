/* Getting started from C: a thread with typed params, one streamed turn, a typed approval prompt
 * and the token usage, with no JSON parser. README.md shows this file as it is; ctest (label
 * docs) builds and runs it. Build: cc first_turn.c $(pkg-config --cflags --libs codex) */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>

/* Prints the answer as it streams (runs on this thread, inside codex_thread_run). */
static void on_event(void *user_data, const codex_event *event) {
  (void)user_data;
  if (codex_event_kind(event) == CODEX_EVENT_AGENT_MESSAGE_DELTA) fputs(codex_event_delta(event, NULL), stdout);
}

/* An approval the model asks for: show it, then decline (the safe default; or CODEX_DECISION_ACCEPT). */
static void on_request(void *user_data, codex_server_request *req) {
  (void)user_data;
  if (codex_server_request_kind(req) == CODEX_REQUEST_COMMAND_APPROVAL)
    printf("\nallow `%s` in %s? no\n", codex_server_request_command(req), codex_server_request_cwd(req));
  codex_server_request_answer(req, CODEX_DECISION_DECLINE, NULL);
  codex_server_request_free(req);
}

int main(int argc, char **argv) {
  const char *api_key = getenv("OPENAI_API_KEY"); /* unset: the login stored in CODEX_HOME */
  codex_client *client = NULL;
  codex_thread *thread = NULL;
  codex_turn_result *result = NULL;
  codex_error *err = NULL; /* must be NULL when passed in */
  codex_params *params = codex_params_new(CODEX_PARAMS_THREAD); /* typed: a misspelling fails */
  codex_params_set_string(params, CODEX_PARAM_SANDBOX, CODEX_SANDBOX_READ_ONLY, NULL);
  codex_params_set_string(params, CODEX_PARAM_APPROVAL_POLICY, CODEX_APPROVAL_ON_REQUEST, NULL);

  /* Start `codex app-server` (CODEX_BIN, else `codex` on PATH), log in, start a thread, run a turn. */
  codex_status st = codex_new(NULL, &client, &err);
  if (st == CODEX_STATUS_OK && api_key && *api_key) st = codex_login_api_key(client, api_key, &err);
  if (st == CODEX_STATUS_OK) st = codex_set_server_request_handler(client, on_request, NULL, NULL, &err);
  if (st == CODEX_STATUS_OK) st = codex_thread_start(client, codex_params_json(params), &thread, &err);
  if (st == CODEX_STATUS_OK)
    st = codex_thread_run(thread, argc > 1 ? argv[1] : "Say hello.", NULL, on_event, NULL, &result, &err);

  int failed = st != CODEX_STATUS_OK || codex_turn_result_status(result) != CODEX_TURN_COMPLETED;
  if (st != CODEX_STATUS_OK) {
    fprintf(stderr, "%s: %s\n", codex_status_str(st), err ? codex_error_message(err) : "");
  } else if (!failed) {
    const char *text = codex_turn_result_final_response(result); /* NULL if no answer */
    printf("\nfinal response: %s\ntokens: %lld in, %lld out\n", text ? text : "(none)",
           (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_INPUT),
           (long long)codex_turn_result_token_usage(result, CODEX_TOKENS_OUTPUT));
  } else { /* a failed or interrupted turn is still OK: the result says why */
    const char *why = codex_turn_result_error(result);
    printf("\nthe turn did not complete: %s\n", why ? why : "interrupted");
  }
  codex_error_free(err);
  codex_turn_result_free(result);
  codex_thread_free(thread);
  codex_params_free(params);
  codex_free(client);
  return failed;
}
