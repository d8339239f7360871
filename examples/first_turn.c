/* Your first turn: start the app-server, log in, start a thread, run one turn and read its final
 * response, items and usage. The C version of "Run your first turn" in the Python SDK's getting
 * started guide.
 *
 *   first_turn [--offline] ["prompt"]
 *
 * --offline (what ctest passes) talks to the project's loopback mock model and logs in with a
 * placeholder key. Otherwise the login already stored in CODEX_HOME is reused, or OPENAI_API_KEY
 * is used when set. */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints the error (with the server's stderr tail when there is one) and exits. */
static void die(const char *what, codex_status st, codex_error *err) {
  fprintf(stderr, "%s failed (status %d): %s\n", what, (int)st, err ? codex_error_message(err) : "");
  if (err && codex_error_stderr_tail(err)) fprintf(stderr, "app-server stderr:\n%s\n", codex_error_stderr_tail(err));
  codex_error_free(err);
  exit(1);
}

/* Runs a codex call that takes `&err` last and stops the program if it fails. */
#define TRY(what, call)                                  \
  do {                                                   \
    codex_error *err = NULL;                             \
    codex_status st_ = (call);                           \
    if (st_ != CODEX_STATUS_OK) die(what, st_, err);     \
  } while (0)

/* How many items a JSON array of items holds (counts the objects at depth 1). */
static int count_items(const char *json) {
  int depth = 0, n = 0, in_string = 0;
  for (const char *p = json; *p; p++) {
    if (in_string) {
      if (*p == '\\' && p[1]) p++;
      else if (*p == '"') in_string = 0;
    } else if (*p == '"') in_string = 1;
    else if (*p == '[' || *p == '{') {
      if (*p == '{' && depth == 1) n++;
      depth++;
    } else if (*p == ']' || *p == '}') depth--;
  }
  return n;
}

int main(int argc, char **argv) {
  int offline = 0;
  const char *prompt = "Say hello in one sentence.";
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--offline") == 0) offline = 1;
    else prompt = argv[i];
  }

  /* 1. Start and initialize `codex app-server` (binary from CODEX_BIN or PATH). */
  codex_client *codex = NULL;
  TRY("codex_new", codex_new(NULL, &codex, &err));
  printf("Server: codex app-server %s\n", codex_client_server_version(codex));
  if (offline) printf("(offline: the model is the project's loopback mock)\n");

  /* 2. Authenticate when needed. An API-key login completes at once. */
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));

  /* 3. A thread: params are the app-server's own ThreadStartParams (camelCase JSON). Add
   *    "model":"gpt-5.4" to pick a model; the offline config already names its mock model. */
  codex_thread *thread = NULL;
  TRY("thread start", codex_thread_start(codex, "{\"config\":{\"model_reasoning_effort\":\"high\"}}", &thread, &err));

  /* 4. Run a turn: blocks until the turn completes, then hands back what it produced. */
  codex_turn_result *result = NULL;
  TRY("run", codex_thread_run(thread, prompt, NULL, NULL, NULL, &result, &err));

  const char *final = codex_turn_result_final_response(result); /* NULL if no answer message */
  const char *usage = codex_turn_result_usage_json(result);
  printf("Thread: %s\n", codex_thread_id(thread));
  printf("Text: %s\n", final ? final : "(none)");
  printf("Items: %d\n", count_items(codex_turn_result_items_json(result)));
  printf("Usage: %s\n", usage ? usage : "(none)");

  /* A failed turn is not an error of the call: check the status. */
  int ok = codex_turn_result_status(result) == CODEX_TURN_COMPLETED && final != NULL;
  if (!ok) fprintf(stderr, "turn did not complete: %s\n", codex_turn_result_error(result) ? codex_turn_result_error(result) : "?");

  codex_turn_result_free(result);
  codex_thread_free(thread);
  codex_free(codex); /* stops the app-server */
  return ok ? 0 : 1;
}
