/* Resume an existing thread by id, from a new client (a new app-server process) on the same
 * CODEX_HOME, and continue it. The C version of "Resume an existing thread" in the Python SDK's
 * getting started guide.
 *
 *   resume [--offline] [THREAD_ID]
 *
 * Without THREAD_ID it first makes a thread with one turn (and a first client), so there is
 * something to resume. --offline (what ctest passes) talks to the project's loopback mock model
 * and logs in with a placeholder key; otherwise the stored login or OPENAI_API_KEY is used. */
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

static codex_client *connect_client(int offline) {
  codex_client *codex = NULL;
  TRY("codex_new", codex_new(NULL, &codex, &err));
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));
  return codex;
}

static int run_and_print(codex_thread *thread, const char *prompt) {
  codex_turn_result *result = NULL;
  TRY("run", codex_thread_run(thread, prompt, NULL, NULL, NULL, &result, &err));
  const char *final = codex_turn_result_final_response(result);
  printf("> %s\n%s\n", prompt, final ? final : "(no answer)");
  int ok = codex_turn_result_status(result) == CODEX_TURN_COMPLETED && final != NULL;
  codex_turn_result_free(result);
  return ok;
}

int main(int argc, char **argv) {
  int offline = 0;
  const char *given_id = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--offline") == 0) offline = 1;
    else given_id = argv[i];
  }
  if (offline) printf("(offline: the model is the project's loopback mock)\n");

  char thread_id[128];
  int ok = 1;
  if (given_id) {
    snprintf(thread_id, sizeof thread_id, "%s", given_id);
  } else {
    /* Earlier session: a thread with one turn. The thread is stored under CODEX_HOME. */
    codex_client *first = connect_client(offline);
    codex_thread *thread = NULL;
    TRY("thread start", codex_thread_start(first, NULL, &thread, &err));
    ok = run_and_print(thread, "My favourite fruit is the papaya. Remember it.");
    snprintf(thread_id, sizeof thread_id, "%s", codex_thread_id(thread));
    codex_thread_free(thread);
    codex_free(first); /* that app-server is gone now */
  }

  /* Later: a new client, the thread resumed by its id, a turn that continues it. */
  codex_client *codex = connect_client(offline);
  codex_thread *thread = NULL;
  TRY("thread resume", codex_thread_resume(codex, thread_id, NULL, &thread, &err));
  printf("resumed thread %s\n", codex_thread_id(thread));
  ok = run_and_print(thread, "Continue where we left off.") && ok;

  /* A fork branches the conversation into a new thread with the same history. */
  codex_thread *fork = NULL;
  TRY("thread fork", codex_thread_fork(codex, thread_id, NULL, &fork, &err));
  printf("forked into thread %s\n", codex_thread_id(fork));
  ok = run_and_print(fork, "Which fruit did I mention?") && ok;
  ok = ok && strcmp(codex_thread_id(fork), thread_id) != 0;

  codex_thread_free(fork);
  codex_thread_free(thread);
  codex_free(codex);
  return ok ? 0 : 1;
}
