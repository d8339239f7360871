/* Continue the same thread: the second turn sees the first exchange. The C version of
 * "Continue the same thread (multi-turn)" in the Python SDK's getting started guide.
 *
 *   multi_turn [--offline]
 *
 * --offline (what ctest passes) talks to the project's loopback mock model and logs in with a
 * placeholder key; otherwise the stored login or OPENAI_API_KEY is used. */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Runs one turn and prints its answer; returns whether it completed with an answer. */
static int ask(codex_thread *thread, const char *label, const char *prompt) {
  codex_turn_result *result = NULL;
  TRY("run", codex_thread_run(thread, prompt, NULL, NULL, NULL, &result, &err));
  const char *final = codex_turn_result_final_response(result);
  printf("%s: %s\n", label, final ? final : "(none)");
  int ok = codex_turn_result_status(result) == CODEX_TURN_COMPLETED && final != NULL;
  codex_turn_result_free(result);
  return ok;
}

int main(int argc, char **argv) {
  int offline = argc > 1 && strcmp(argv[1], "--offline") == 0;

  codex_client *codex = NULL;
  TRY("codex_new", codex_new(NULL, &codex, &err));
  if (offline) printf("(offline: the model is the project's loopback mock)\n");
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));

  /* One thread for the whole conversation: a new thread per prompt would lose the context. */
  codex_thread *thread = NULL;
  TRY("thread start", codex_thread_start(codex, NULL, &thread, &err));
  int ok = ask(thread, "first", "Summarize Rust ownership in 2 bullets.");
  ok = ask(thread, "second", "Now explain it to a Python developer.") && ok;

  /* thread/read with its turns shows both exchanges stored on the thread. */
  char *json = NULL;
  TRY("thread read", codex_thread_read(thread, true, &json, &err));
  printf("thread %s stored %s\n", codex_thread_id(thread),
         strstr(json, "Summarize Rust ownership") && strstr(json, "Python developer") ? "both turns" : "?");
  codex_string_free(json);

  codex_thread_free(thread);
  codex_free(codex);
  return ok ? 0 : 1;
}
