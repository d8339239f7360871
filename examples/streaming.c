/* Streaming: print a turn's answer as it arrives. A turn handle delivers its events to a callback
 * (push) on the client's delivery thread; a completion callback says when it is over. (Pull is
 * the other way: codex_turn_next_event in a loop until CODEX_STATUS_END; and codex_thread_run
 * takes a callback too, called on your own thread.)
 *
 *   streaming [--offline] ["prompt"]
 *
 * --offline (what ctest passes) talks to the project's loopback mock model and logs in with a
 * placeholder key; otherwise the stored login or OPENAI_API_KEY is used. */
#include "codex.h"

#include <pthread.h>
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

/* Shared between the callbacks (delivery thread) and main. */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t done_cv;
  int done;
  int deltas;
  int completed; /* the turn completed with an answer */
} progress;

/* Event callback: the event is borrowed, valid only during the call. */
static void on_event(void *user_data, const codex_event *ev) {
  progress *p = (progress *)user_data;
  switch (codex_event_kind(ev)) {
    case CODEX_EVENT_AGENT_MESSAGE_DELTA: {
      size_t len = 0;
      const char *text = codex_event_delta(ev, &len);
      fwrite(text, 1, len, stdout);
      fflush(stdout);
      pthread_mutex_lock(&p->mu);
      p->deltas++;
      pthread_mutex_unlock(&p->mu);
      break;
    }
    case CODEX_EVENT_ITEM_STARTED:
    case CODEX_EVENT_ITEM_COMPLETED:
      break; /* codex_event_params has the whole item when you need it */
    default:
      break;
  }
}

/* Completion callback: runs once, after the last event callback. */
static void on_complete(void *user_data, codex_status status, const codex_turn_result *result,
                        const codex_error *error) {
  progress *p = (progress *)user_data;
  if (status == CODEX_STATUS_OK) {
    const char *usage = codex_turn_result_usage_json(result);
    printf("\n[turn %s: %s]\n[usage: %s]\n", codex_turn_result_id(result),
           codex_turn_result_status(result) == CODEX_TURN_COMPLETED ? "completed" : "not completed",
           usage ? usage : "none");
  } else {
    printf("\n[turn ended without completing: %s]\n", codex_error_message(error));
  }
  pthread_mutex_lock(&p->mu);
  p->completed = status == CODEX_STATUS_OK && codex_turn_result_status(result) == CODEX_TURN_COMPLETED &&
                 codex_turn_result_final_response(result) != NULL;
  p->done = 1;
  pthread_cond_signal(&p->done_cv);
  pthread_mutex_unlock(&p->mu);
}

int main(int argc, char **argv) {
  int offline = 0;
  const char *prompt = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--offline") == 0) offline = 1;
    else prompt = argv[i];
  }
  /* Offline, "stream N" makes the mock model answer in N small pieces. */
  if (!prompt) prompt = offline ? "stream 25 words about streaming" : "Count from one to twenty-five, in words.";

  codex_client *codex = NULL;
  TRY("codex_new", codex_new(NULL, &codex, &err));
  if (offline) printf("(offline: the model is the project's loopback mock)\n");
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));

  codex_thread *thread = NULL;
  TRY("thread start", codex_thread_start(codex, NULL, &thread, &err));

  /* Start the turn and get its handle; events that arrive before the callback is set are kept
   * and delivered to it first, so nothing is missed. */
  codex_turn *turn = NULL;
  TRY("turn start", codex_thread_turn(thread, prompt, NULL, &turn, &err));
  printf("> %s\n", prompt);
  progress p;
  memset(&p, 0, sizeof p);
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.done_cv, NULL);
  TRY("event callback", codex_turn_set_event_callback(turn, on_event, &p, NULL, &err));
  TRY("completion callback", codex_turn_on_complete(turn, on_complete, &p, NULL, &err));

  /* A UI would go on with its own work here; this program just waits. */
  pthread_mutex_lock(&p.mu);
  while (!p.done) pthread_cond_wait(&p.done_cv, &p.mu);
  int ok = p.completed && p.deltas > 0;
  printf("[%d deltas]\n", p.deltas);
  pthread_mutex_unlock(&p.mu);

  codex_turn_free(turn); /* no callback starts after this returns */
  codex_thread_free(thread);
  codex_free(codex);
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.done_cv);
  return ok ? 0 : 1;
}
