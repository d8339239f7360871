/* Review and history: runs two turns on a thread, asks the agent to review (custom
 * instructions, or with --uncommitted the working tree's uncommitted changes), then walks the
 * thread's history a page at a time (two turns per page) with the cursor the library returns.
 *
 *   review_history [--offline] [--uncommitted] [DIR]
 *
 * DIR is the thread's working directory (default: the current one). Without --offline it uses
 * your CODEX_HOME and OPENAI_API_KEY; --offline (used by ctest) talks to the project's loopback
 * mock model. */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, codex_status st, codex_error *err) {
  fprintf(stderr, "%s failed (status %d): %s\n", what, (int)st, err ? codex_error_message(err) : "");
  codex_error_free(err);
  exit(1);
}

#define TRY(what, call)                              \
  do {                                               \
    codex_error *err = NULL;                         \
    codex_status st_ = (call);                       \
    if (st_ != CODEX_STATUS_OK) die(what, st_, err); \
  } while (0)

int main(int argc, char **argv) {
  int offline = 0, uncommitted = 0;
  const char *dir = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--offline") == 0) offline = 1;
    else if (strcmp(argv[i], "--uncommitted") == 0) uncommitted = 1;
    else dir = argv[i];
  }
  codex_options *opts = codex_options_new();
  const char *bin = getenv("CODEX_BIN");
  if (bin) TRY("codex_bin", codex_options_set_codex_bin(opts, bin, &err));
  codex_client *codex = NULL;
  TRY("codex_new", codex_new(opts, &codex, &err));
  codex_options_free(opts);
  const char *key = offline ? "sk-offline-demo" : getenv("OPENAI_API_KEY");
  if (key && *key) TRY("login", codex_login_api_key(codex, key, &err));

  char params[1200] = "{}";
  if (dir) snprintf(params, sizeof params, "{\"cwd\":\"%s\"}", dir);
  codex_thread *thread = NULL;
  TRY("thread start", codex_thread_start(codex, params, &thread, &err));
  const char *prompts[] = {"Write a haiku about C headers.", "Now one about Go bindings."};
  for (int i = 0; i < 2; i++) {
    codex_turn_result *r = NULL;
    TRY("turn", codex_thread_run(thread, prompts[i], NULL, NULL, NULL, &r, &err));
    printf("turn %d: %s\n", i + 1, codex_turn_result_final_response(r) ? codex_turn_result_final_response(r) : "");
    codex_turn_result_free(r);
  }

  /* The review is a turn like any other: wait for it, read its final response. */
  codex_turn *review = NULL;
  if (uncommitted)
    TRY("review", codex_thread_review(thread, CODEX_REVIEW_TARGET_UNCOMMITTED_CHANGES, NULL, CODEX_REVIEW_DELIVERY_INLINE, &review, &err));
  else
    TRY("review", codex_thread_review(thread, CODEX_REVIEW_TARGET_CUSTOM, "Review the two haiku for rhythm.", CODEX_REVIEW_DELIVERY_INLINE, &review, &err));
  codex_turn_result *rr = NULL;
  TRY("review wait", codex_turn_wait(review, 300000, &rr, &err));
  int reviewed = codex_turn_result_status(rr) == CODEX_TURN_COMPLETED;
  printf("review: %s\n", codex_turn_result_final_response(rr) ? codex_turn_result_final_response(rr) : "(none)");
  codex_turn_result_free(rr);
  codex_turn_free(review);

  /* History, two turns per page: pass each page's cursor back until there is none. */
  int pages = 0, turns = 0;
  char cursor[512] = "";
  do {
    codex_page *page = NULL;
    TRY("turns page", codex_thread_turns(thread, cursor[0] ? cursor : NULL, 2, &page, &err));
    pages++;
    turns += (int)codex_page_count(page);
    printf("page %d: %zu turns\n", pages, codex_page_count(page));
    const char *next = codex_page_next_cursor(page);
    snprintf(cursor, sizeof cursor, "%s", next ? next : "");
    codex_page_free(page);
  } while (cursor[0] && pages < 50);
  printf("history: %d turns in %d pages\n", turns, pages);

  codex_thread_free(thread);
  codex_free(codex);
  /* Two prompts and one review (a review is two turns in the history). */
  return reviewed && turns == 4 && pages >= 2 ? 0 : 1;
}
