/* Bounded turns (issue 15 item 6): codex_thread_run_bounded interrupts its turn at the deadline
 * and returns OK with the result INTERRUPTED and codex_turn_result_deadline_reached; the server's
 * retries (error notifications with willRetry: true) reach the host as CODEX_EVENT_RETRY with an
 * attempt number counted per turn. The unreachable provider is a copy of the fixture's config
 * whose base_url is a closed loopback port and without the retry overrides (the app-server's
 * default retries, which never end by themselves). Real app-server. Timing figures are printed;
 * the test runs serially. */
#include "turns_support.h"

/* A fresh CODEX_HOME whose provider is at a closed port, with the default retry settings. */
static char *unreachable_home(void) {
  char *dir = ts_fresh_home();
  char path[512];
  snprintf(path, sizeof path, "%s/config.toml", dir);
  char *config = ts_read_file(path);
  CHECK(config != NULL);
  FILE *f = fopen(path, "wb");
  CHECK(f != NULL);
  for (char *line = strtok(config, "\n"); line; line = strtok(NULL, "\n")) {
    if (strstr(line, "max_retries") || strstr(line, "unbounded_connection_retries")) continue;
    if (strncmp(line, "base_url", 8) == 0) {
      fputs("base_url = \"http://127.0.0.1:9/v1\"\n", f); /* nothing listens on port 9 */
      continue;
    }
    fprintf(f, "%s\n", line);
  }
  fclose(f);
  free(config);
  return dir;
}

typedef struct {
  int retries;
  int64_t last_attempt;
  int attempts_in_order;
  int errors;
  int typed_ok;
  char first_retry[512];
  char message[256];
  char info[256];
} retry_rec;

static void on_event(void *user_data, const codex_event *ev) {
  retry_rec *r = (retry_rec *)user_data; /* runs on the calling thread */
  if (codex_event_kind(ev) == CODEX_EVENT_ERROR) r->errors++;
  if (codex_event_kind(ev) != CODEX_EVENT_RETRY) {
    CHECK(codex_event_retry_attempt(ev) == 0);
    CHECK(!codex_event_will_retry(ev));
    if (codex_event_kind(ev) != CODEX_EVENT_ERROR) {
      char *none = NULL;
      codex_error *e = NULL;
      CHECK(codex_event_error_message(ev, &none, &e) == CODEX_STATUS_INVALID_ARGUMENT);
      CHECK(none == NULL);
      codex_error_free(e);
    }
    return;
  }
  /* The typed view: message, codexErrorInfo, willRetry. */
  char *message = NULL, *info = NULL;
  codex_error *e = NULL;
  int ok = codex_event_will_retry(ev) && codex_event_error_message(ev, &message, &e) == CODEX_STATUS_OK &&
           message != NULL && message[0] != '\0' && codex_event_error_info_json(ev, &info, &e) == CODEX_STATUS_OK;
  codex_error_free(e);
  if (r->retries == 0) {
    r->typed_ok = ok;
    snprintf(r->message, sizeof r->message, "%s", message ? message : "");
    snprintf(r->info, sizeof r->info, "%s", info ? info : "(none)");
  } else if (!ok) {
    r->typed_ok = 0;
  }
  codex_string_free(message);
  codex_string_free(info);
  int64_t attempt = codex_event_retry_attempt(ev);
  if (attempt != r->last_attempt + 1) r->attempts_in_order = 0;
  r->last_attempt = attempt;
  if (r->retries++ == 0) {
    size_t n = 0;
    const char *params = codex_event_params(ev, &n);
    snprintf(r->first_retry, sizeof r->first_retry, "%.*s", (int)(n < 400 ? n : 400), params);
  }
}

static void deadline_ends_a_turn_that_retries_forever(void) {
  char *home = unreachable_home();
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);
  retry_rec rec;
  memset(&rec, 0, sizeof rec);
  rec.attempts_in_order = 1;
  codex_turn_result *r = NULL;
  double t0 = ts_now_ms();
  CHECK_OK(codex_thread_run_bounded(t, "hello unreachable provider", NULL, 10000, NULL, on_event, &rec, &r, &err));
  double took = ts_now_ms() - t0;
  printf("# deadline 10000 ms: the run returned after %.0f ms, status %d, %d retry events (last attempt %lld), "
         "%d error events\n",
         took, (int)codex_turn_result_status(r), rec.retries, (long long)rec.last_attempt, rec.errors);
  printf("# first retry event params: %s\n", rec.first_retry);
  printf("# first retry, typed: message \"%s\", codexErrorInfo %s\n", rec.message, rec.info);
  CHECK(codex_turn_result_deadline_reached(r));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  CHECK(took >= 9900 && took < 16000);
  CHECK(rec.retries >= 1);
  CHECK(rec.attempts_in_order);
  CHECK(rec.errors == 0); /* retries are not CODEX_EVENT_ERROR */
  CHECK_CONTAINS(rec.first_retry, "\"willRetry\":true");
  CHECK(rec.typed_ok);
  CHECK_CONTAINS(rec.first_retry, rec.message); /* the typed message is the params' message */
  CHECK(strcmp(rec.info, "(none)") != 0);        /* a closed port: responseStreamDisconnected */
  CHECK_CONTAINS(rec.first_retry, rec.info);
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(home);
  free(home);
}

static void turn_within_its_deadline_completes(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run_bounded(t, "quick within the deadline", NULL, 30000, NULL, NULL, NULL, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK(!codex_turn_result_deadline_reached(r));
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: quick within the deadline");
  codex_turn_result_free(r);
  /* A held turn and a short deadline: interrupted at the deadline, and the thread goes on. */
  double t0 = ts_now_ms();
  CHECK_OK(codex_thread_run_bounded(t, "hold past the deadline", NULL, 1000, NULL, NULL, NULL, &r, &err));
  double took = ts_now_ms() - t0;
  printf("# held turn, deadline 1000 ms: returned after %.0f ms\n", took);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  CHECK(codex_turn_result_deadline_reached(r));
  CHECK(took >= 990 && took < 6000);
  codex_turn_result_free(r);
  r = tt_run(t, "after the deadline", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(turn_within_its_deadline_completes);
  RUN_TEST(deadline_ends_a_turn_that_retries_forever);
  return ts_finish();
}
