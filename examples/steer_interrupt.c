/* Steer a running turn (add input while it works) and interrupt one (stop it). Both need the
 * turn's handle, so the turn is started with codex_thread_turn and its events are pulled with
 * codex_turn_next_event.
 *
 *   steer_interrupt [--offline]
 *
 * --offline (what ctest passes) talks to the project's loopback mock model, which holds a reply
 * containing "hold" open until it is steered or interrupted, and logs in with a placeholder key.
 * Otherwise the stored login or OPENAI_API_KEY is used. */
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

/* Pulls events and prints the answer text. With stop_at_first_delta, returns after the first
 * piece of text (the turn is under way); otherwise runs until the turn's end (CODEX_STATUS_END). */
static void pull(codex_turn *turn, int stop_at_first_delta) {
  for (;;) {
    codex_event *ev = NULL;
    codex_error *err = NULL;
    codex_status st = codex_turn_next_event(turn, 60000, &ev, &err);
    if (st == CODEX_STATUS_END) return;
    if (st == CODEX_STATUS_TIMEOUT) die("waiting for events", st, NULL);
    if (st != CODEX_STATUS_OK) die("next event", st, err);
    int is_delta = codex_event_kind(ev) == CODEX_EVENT_AGENT_MESSAGE_DELTA;
    if (is_delta) {
      size_t len = 0;
      const char *text = codex_event_delta(ev, &len);
      fwrite(text, 1, len, stdout);
      fflush(stdout);
    }
    codex_event_free(ev); /* pulled events are ours to free */
    if (is_delta && stop_at_first_delta) return;
  }
}

static const char *status_name(codex_turn_status s) {
  return s == CODEX_TURN_COMPLETED ? "completed" : s == CODEX_TURN_INTERRUPTED ? "interrupted" : "failed";
}

int main(int argc, char **argv) {
  int offline = argc > 1 && strcmp(argv[1], "--offline") == 0;
  codex_client *codex = NULL;
  TRY("codex_new", codex_new(NULL, &codex, &err));
  if (offline) printf("(offline: the model is the project's loopback mock)\n");
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));
  codex_thread *thread = NULL;
  TRY("thread start", codex_thread_start(codex, NULL, &thread, &err));
  int ok = 1;

  /* 1. Steer: once the answer has started, add an instruction to the same turn. */
  const char *task = offline ? "Write a long essay about tea; hold on until I steer you."
                             : "Write a long, detailed essay about the history of tea.";
  const char *steer = "Actually, just answer in one sentence.";
  codex_turn *turn = NULL;
  TRY("turn start", codex_thread_turn(thread, task, NULL, &turn, &err));
  printf("> %s\n", task);
  pull(turn, 1);
  codex_error *err = NULL;
  codex_status st = codex_turn_steer(turn, steer, &err);
  if (st == CODEX_STATUS_OK) {
    printf("\n[steered: %s]\n", steer);
  } else if (st == CODEX_STATUS_RPC && !offline) {
    /* A real model may finish first: the server then has no active turn to steer. */
    printf("\n[too late to steer: %s]\n", codex_error_message(err));
    codex_error_free(err);
  } else {
    die("steer", st, err);
  }
  pull(turn, 0);
  codex_turn_result *result = NULL;
  TRY("wait", codex_turn_wait(turn, 0, &result, &err)); /* it has ended: no waiting */
  const char *final = codex_turn_result_final_response(result);
  printf("\n[%s] final response: %s\n", status_name(codex_turn_result_status(result)), final ? final : "(none)");
  ok = codex_turn_result_status(result) == CODEX_TURN_COMPLETED;
  if (offline) ok = ok && final && strstr(final, steer);
  codex_turn_result_free(result);
  codex_turn_free(turn);

  /* 2. Interrupt: stop a turn; it ends promptly with status "interrupted". */
  const char *long_task = offline ? "Hold on and write forever." : "Write a 5000-word story.";
  TRY("turn start", codex_thread_turn(thread, long_task, NULL, &turn, &err));
  printf("> %s\n", long_task);
  pull(turn, 1);
  TRY("interrupt", codex_turn_interrupt(turn, &err));
  TRY("wait", codex_turn_wait(turn, 30000, &result, &err));
  printf("\n[%s]\n", status_name(codex_turn_result_status(result)));
  ok = ok && codex_turn_result_status(result) == CODEX_TURN_INTERRUPTED;
  codex_turn_result_free(result);
  codex_turn_free(turn);

  codex_thread_free(thread);
  codex_free(codex);
  return ok ? 0 : 1;
}
