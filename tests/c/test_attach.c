/* Attach to any turn, thread streams, memory without stalls (issue 15 items 2-4), on the real
 * app-server with the offline mock (the 10^6-delta flood uses the scripted fake):
 * - a review/start turn (started through codex_request) and a compaction turn (announced by its
 *   turn/started on a thread stream) observed through codex_turn_attach handles;
 * - a late attach within the retention caps replays everything; one past them starts with a
 *   CODEX_EVENT_GAP event and the result stays exact;
 * - a thread stream sees thread/name/updated and two consecutive turns' events in order (pull
 *   and callback forms), and the global queue still gets thread/name/updated;
 * - a turn only waited on completes over 10^6 deltas with memory bounded. */
#include "turns_support.h"

/* The id after `"<key>":{"id":"` in a JSON text (malloc'd), or NULL. */
static char *id_after(const char *json, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":{", key);
  const char *p = json ? strstr(json, pat) : NULL;
  if (!p) return NULL;
  p = strstr(p, "\"id\":\"");
  if (!p) return NULL;
  p += 6;
  const char *e = strchr(p, '"');
  if (!e) return NULL;
  char *out = (char *)malloc((size_t)(e - p) + 1);
  memcpy(out, p, (size_t)(e - p));
  out[e - p] = '\0';
  return out;
}

/* Pulls a stream until turn/completed of `turn_id` (NULL: any turn); returns how many of the
 * events seen were that turn's. */
static int drain_stream_until_completed(codex_thread_stream *s, const char *turn_id, int ms) {
  int n = 0;
  double deadline = ts_now_ms() + ms;
  while (ts_now_ms() < deadline) {
    codex_event *ev = NULL;
    codex_error *e = NULL;
    codex_status st = codex_thread_stream_next_event(s, 1000, &ev, &e);
    if (st == CODEX_STATUS_TIMEOUT) {
      codex_error_free(e);
      continue;
    }
    if (st != CODEX_STATUS_OK) {
      TS_FAIL("stream: %s", e ? codex_error_message(e) : "");
      codex_error_free(e);
      return n;
    }
    const char *tid = codex_event_turn_id(ev);
    int mine = !turn_id || (tid && strcmp(tid, turn_id) == 0);
    if (mine) n++;
    int done = mine && codex_event_kind(ev) == CODEX_EVENT_TURN_COMPLETED;
    codex_event_free(ev);
    if (done) return n;
  }
  TS_FAIL("no turn/completed on the stream within %d ms", ms);
  return n;
}

/* Starts a turn behind the library's back (codex_request turn/start); returns its id. */
static char *raw_turn_start(codex_client *c, codex_thread *t, const char *text) {
  char params[256], *res = NULL;
  snprintf(params, sizeof params, "{\"threadId\":\"%s\",\"input\":[{\"type\":\"text\",\"text\":\"%s\"}]}",
           codex_thread_id(t), text);
  CHECK_OK(codex_request(c, "turn/start", params, 30000, &res, &err));
  char *id = id_after(res, "turn");
  CHECK(id != NULL);
  codex_string_free(res);
  return id;
}

static void review_turn_through_attached_handle(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  char params[256], *res = NULL;
  snprintf(params, sizeof params,
           "{\"threadId\":\"%s\",\"target\":{\"type\":\"custom\",\"instructions\":\"review the attach code\"}}",
           codex_thread_id(t));
  CHECK_OK(codex_request(c, "review/start", params, 30000, &res, &err));
  char *turn_id = id_after(res, "turn");
  CHECK(turn_id != NULL);
  codex_string_free(res);
  codex_turn *turn = NULL;
  CHECK_OK(codex_turn_attach(c, codex_thread_id(t), turn_id, &turn, &err));
  CHECK_STREQ(codex_turn_id(turn), turn_id);
  CHECK_STREQ(codex_turn_thread_id(turn), codex_thread_id(t));
  tt_rec rec;
  tt_rec_init(&rec);
  snprintf(rec.turn_id, sizeof rec.turn_id, "%s", turn_id);
  CHECK_OK(codex_turn_set_event_callback(turn, tt_rec_event, &rec, NULL, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 60000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK(codex_turn_result_item_count(r) > 0);
  CHECK(tt_rec_wait(&rec, &rec.n_completed, 1, 5000));
  pthread_mutex_lock(&rec.mu);
  CHECK_CONTAINS(tt_buf_str(&rec.methods), "turn/started\n");
  CHECK_CONTAINS(tt_buf_str(&rec.methods), "item/completed\n");
  CHECK_CONTAINS(codex_turn_result_items_json(r), "exitedReviewMode");
  CHECK(rec.n_foreign == 0);
  printf("# review turn %s: %d events through the attached handle, %zu items\n", turn_id, rec.n_events,
         codex_turn_result_item_count(r));
  pthread_mutex_unlock(&rec.mu);
  codex_turn_result_free(r);
  codex_turn_free(turn);
  tt_rec_destroy(&rec);
  free(turn_id);
  codex_thread_free(t);
  codex_free(c);
}

static void compaction_turn_announced_and_attached(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result_free(tt_run(t, "something to compact later", NULL));
  codex_thread_stream *s = NULL;
  CHECK_OK(codex_thread_stream_open(c, codex_thread_id(t), &s, &err));
  CHECK_STREQ(codex_thread_stream_thread_id(s), codex_thread_id(t));
  CHECK_OK(codex_thread_compact(t, &err));
  /* The compaction turn is the next turn/started on the thread: the stream announces it. */
  char *turn_id = NULL;
  for (int i = 0; i < 200 && !turn_id; i++) {
    codex_event *ev = NULL;
    CHECK_OK(codex_thread_stream_next_event(s, 30000, &ev, &err));
    if (!ev) break;
    if (codex_event_kind(ev) == CODEX_EVENT_TURN_STARTED) turn_id = strdup(codex_event_turn_id(ev));
    codex_event_free(ev);
  }
  CHECK(turn_id != NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_turn_attach(c, codex_thread_id(t), turn_id, &turn, &err));
  int started = 0, first_item_compaction = -1, completed = 0;
  for (;;) {
    codex_event *ev = NULL;
    codex_error *e = NULL;
    codex_status st = codex_turn_next_event(turn, 30000, &ev, &e);
    if (st == CODEX_STATUS_END) {
      codex_error_free(e);
      break;
    }
    if (st != CODEX_STATUS_OK) {
      TS_FAIL("next_event: %s", e ? codex_error_message(e) : "");
      codex_error_free(e);
      break;
    }
    codex_event_kind_t k = codex_event_kind(ev);
    if (k == CODEX_EVENT_TURN_STARTED) started++;
    if (k == CODEX_EVENT_TURN_COMPLETED) completed++;
    if (k == CODEX_EVENT_ITEM_STARTED && first_item_compaction < 0) {
      size_t n = 0;
      const char *p = codex_event_params(ev, &n);
      first_item_compaction = p && strstr(p, "\"contextCompaction\"") != NULL;
    }
    CHECK(k != CODEX_EVENT_GAP);
    codex_event_free(ev);
  }
  CHECK(started == 1);
  CHECK(completed == 1);
  CHECK(first_item_compaction == 1);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 1000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_items_json(r), "contextCompaction");
  printf("# compaction turn %s announced on the thread stream and attached\n", turn_id);
  codex_turn_result_free(r);
  codex_turn_free(turn);
  free(turn_id);
  codex_thread_stream_free(s);
  /* The thread's next turn runs normally. */
  codex_turn_result *next = tt_run(t, "after compaction", NULL);
  CHECK_STREQ(codex_turn_result_final_response(next), "You said: after compaction");
  codex_turn_result_free(next);
  codex_thread_free(t);
  codex_free(c);
}

/* Attaches to a finished turn and pulls everything: counts events, GAP drops, deltas. */
typedef struct {
  int events, gaps, deltas, started, completed;
  uint64_t dropped;
  tt_buf text;
  codex_event_kind_t first;
} pulled;

static pulled pull_all(codex_turn *turn) {
  pulled p;
  memset(&p, 0, sizeof p);
  p.first = CODEX_EVENT_OTHER;
  for (;;) {
    codex_event *ev = NULL;
    codex_error *e = NULL;
    codex_status st = codex_turn_next_event(turn, 30000, &ev, &e);
    if (st != CODEX_STATUS_OK) {
      if (st != CODEX_STATUS_END) TS_FAIL("next_event: %s", e ? codex_error_message(e) : "");
      codex_error_free(e);
      break;
    }
    codex_event_kind_t k = codex_event_kind(ev);
    if (p.events == 0) p.first = k;
    p.events++;
    if (k == CODEX_EVENT_GAP) {
      p.gaps++;
      p.dropped += codex_event_gap_dropped(ev);
      CHECK_STREQ(codex_event_method(ev), "codex/gap");
      CHECK_STREQ(codex_event_turn_id(ev), codex_turn_id(turn));
    } else {
      CHECK(codex_event_gap_dropped(ev) == 0);
    }
    if (k == CODEX_EVENT_TURN_STARTED) p.started++;
    if (k == CODEX_EVENT_TURN_COMPLETED) p.completed++;
    if (k == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
      size_t n = 0;
      const char *d = codex_event_delta(ev, &n);
      tt_buf_append(&p.text, d, n);
      p.deltas++;
    }
    codex_event_free(ev);
  }
  return p;
}

static void late_attach_within_and_past_the_caps(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_thread_stream *s = NULL;
  CHECK_OK(codex_thread_stream_open(c, codex_thread_id(t), &s, &err));

  /* Within the caps: 50 deltas, attached after the turn ended: nothing lost. */
  char *id = raw_turn_start(c, t, "stream 50");
  int on_stream = drain_stream_until_completed(s, id, 60000);
  codex_turn *turn = NULL;
  CHECK_OK(codex_turn_attach(c, codex_thread_id(t), id, &turn, &err));
  pulled p = pull_all(turn);
  char *want = tt_expected_stream(50);
  CHECK(p.gaps == 0);
  CHECK(p.first == CODEX_EVENT_TURN_STARTED);
  CHECK(p.started == 1 && p.completed == 1);
  CHECK(p.deltas == 50);
  CHECK(p.events == on_stream);
  CHECK_STREQ(tt_buf_str(&p.text), want);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 1000, &r, &err));
  CHECK_STREQ(codex_turn_result_final_response(r), want);
  printf("# late attach within the caps: %d of %d events replayed, no gap\n", p.events, on_stream);
  codex_turn_result_free(r);
  codex_turn_free(turn);
  tt_buf_free(&p.text);
  free(want);
  /* Its last handle is gone and it ended: the turn is no longer kept. */
  codex_error *e = NULL;
  CHECK(codex_turn_attach(c, codex_thread_id(t), id, &turn, &e) == CODEX_STATUS_NOT_FOUND);
  codex_error_free(e);
  free(id);

  /* Past the caps (4096 events / 1 MiB): the replay starts with a GAP, the result is exact. */
  const int n = 6000;
  char text[32];
  snprintf(text, sizeof text, "stream %d", n);
  id = raw_turn_start(c, t, text);
  on_stream = drain_stream_until_completed(s, id, 120000);
  CHECK_OK(codex_turn_attach(c, codex_thread_id(t), id, &turn, &err));
  p = pull_all(turn);
  want = tt_expected_stream(n);
  CHECK(p.gaps == 1);
  CHECK(p.first == CODEX_EVENT_GAP);
  CHECK(p.dropped > 0);
  CHECK(p.completed == 1);
  CHECK((int)p.dropped + p.events - 1 == on_stream);
  if (p.events - 1 > 4096)
    TS_FAIL("replayed %d events after a GAP of %llu (turn had %d)", p.events - 1, (unsigned long long)p.dropped,
            on_stream);
  CHECK_OK(codex_turn_wait(turn, 1000, &r, &err));
  CHECK_STREQ(codex_turn_result_final_response(r), want);
  printf("# late attach past the caps: GAP of %llu events, then %d of %d replayed; result exact (%zu bytes)\n",
         (unsigned long long)p.dropped, p.events - 1, on_stream, strlen(want));
  codex_turn_result_free(r);
  codex_turn_free(turn);
  tt_buf_free(&p.text);
  free(want);
  free(id);
  /* Bad arguments. */
  e = NULL;
  CHECK(codex_turn_attach(c, "", "x", &turn, &e) == CODEX_STATUS_INVALID_ARGUMENT);
  codex_error_free(e);
  codex_thread_stream_free(s);
  codex_thread_free(t);
  codex_free(c);
}

static void thread_stream_sees_name_and_two_turns_in_order(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_thread_stream *s = NULL;
  CHECK_OK(codex_thread_stream_open(c, codex_thread_id(t), &s, &err));
  tt_rec rec;
  tt_rec_init(&rec);
  codex_thread_stream *pushed = NULL;
  CHECK_OK(codex_thread_stream_open(c, codex_thread_id(t), &pushed, &err));
  CHECK_OK(codex_thread_stream_set_event_callback(pushed, tt_rec_event, &rec, tt_rec_drop, &err));
  codex_error *e = NULL;
  codex_event *none = NULL;
  CHECK(codex_thread_stream_next_event(pushed, 0, &none, &e) == CODEX_STATUS_INVALID_ARGUMENT);
  codex_error_free(e);

  CHECK_OK(codex_thread_set_name(t, "attach stream name", &err));
  codex_turn_result *r1 = tt_run(t, "first of two", NULL);
  codex_turn_result *r2 = tt_run(t, "second of two", NULL);
  char id1[128], id2[128];
  snprintf(id1, sizeof id1, "%s", codex_turn_result_id(r1));
  snprintf(id2, sizeof id2, "%s", codex_turn_result_id(r2));

  /* Pull: name update, then turn 1 from turn/started to turn/completed, then turn 2's. */
  int name_seen = 0, phase = 0, events = 0;
  tt_buf text1 = {NULL, 0, 0}, text2 = {NULL, 0, 0};
  while (phase < 4) {
    codex_event *ev = NULL;
    e = NULL;
    codex_status st = codex_thread_stream_next_event(s, 10000, &ev, &e);
    if (st != CODEX_STATUS_OK) {
      TS_FAIL("stream at phase %d: %s", phase, e ? codex_error_message(e) : "");
      codex_error_free(e);
      break;
    }
    events++;
    const char *m = codex_event_method(ev);
    const char *tid = codex_event_turn_id(ev);
    CHECK_STREQ(codex_event_thread_id(ev), codex_thread_id(t));
    CHECK(codex_event_kind(ev) != CODEX_EVENT_GAP);
    if (strcmp(m, "thread/name/updated") == 0) {
      name_seen++;
      size_t n = 0;
      const char *p = codex_event_params(ev, &n);
      CHECK(p && strstr(p, "attach stream name"));
    }
    codex_event_kind_t k = codex_event_kind(ev);
    if (tid && strcmp(tid, id1) == 0) {
      if (phase == 1 && k == CODEX_EVENT_TURN_COMPLETED) phase = 2;
      else if (phase == 0 && k == CODEX_EVENT_TURN_STARTED) phase = 1;
      else if (phase != 1) TS_FAIL("turn 1 event %s at phase %d", m, phase);
      if (k == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
        size_t n = 0;
        const char *d = codex_event_delta(ev, &n);
        tt_buf_append(&text1, d, n);
      }
    } else if (tid && strcmp(tid, id2) == 0) {
      if (phase == 3 && k == CODEX_EVENT_TURN_COMPLETED) phase = 4;
      else if (phase == 2 && k == CODEX_EVENT_TURN_STARTED) phase = 3;
      else if (phase != 3) TS_FAIL("turn 2 event %s at phase %d", m, phase);
      if (k == CODEX_EVENT_AGENT_MESSAGE_DELTA) {
        size_t n = 0;
        const char *d = codex_event_delta(ev, &n);
        tt_buf_append(&text2, d, n);
      }
    }
    codex_event_free(ev);
  }
  CHECK(phase == 4);
  CHECK(name_seen == 1);
  CHECK_STREQ(tt_buf_str(&text1), "You said: first of two");
  CHECK_STREQ(tt_buf_str(&text2), "You said: second of two");
  /* The callback stream saw the same: both completions. */
  CHECK(tt_rec_wait(&rec, &rec.n_completed, 2, 5000));
  pthread_mutex_lock(&rec.mu);
  CHECK_CONTAINS(tt_buf_str(&rec.methods), "thread/name/updated\n");
  pthread_mutex_unlock(&rec.mu);
  /* The global queue still got the thread notification. */
  int global_name = 0;
  for (int i = 0; i < 500 && !global_name; i++) {
    codex_event *ev = NULL;
    e = NULL;
    if (codex_next_notification(c, 2000, &ev, &e) != CODEX_STATUS_OK) {
      codex_error_free(e);
      break;
    }
    global_name = strcmp(codex_event_method(ev), "thread/name/updated") == 0;
    codex_event_free(ev);
  }
  CHECK(global_name);
  printf("# thread stream: %d events pulled in order (name update, turn 1, turn 2); callback form %d events\n",
         events, rec.n_events);
  codex_thread_stream_free(pushed);
  CHECK(rec.drops == 1);
  codex_thread_stream_free(s);
  tt_buf_free(&text1);
  tt_buf_free(&text2);
  codex_turn_result_free(r1);
  codex_turn_result_free(r2);
  tt_rec_destroy(&rec);
  codex_thread_free(t);
  codex_free(c);
}

static long rss_kb(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long v = -1;
  size_t n = strlen(field);
  while (fgets(line, sizeof line, f))
    if (strncmp(line, field, n) == 0) v = strtol(line + n, NULL, 10);
  fclose(f);
  return v;
}

/* 10^6 deltas to a turn that is only waited on: memory stays bounded (the handle's window is
 * the lag caps, 65536 events / 16 MiB; the reader never stalls). Scripted fake: the real server
 * cannot flood. */
static void wait_only_turn_over_a_million_deltas(void) {
  const char *n = "1000000";
  codex_options *o = codex_options_new();
  CHECK_OK(codex_options_set_codex_bin(o, ts_fake_server(), &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_SCENARIO", "flood", &err));
  CHECK_OK(codex_options_set_env(o, "FAKE_ARG", n, &err));
  codex_client *c = NULL;
  CHECK_OK(codex_new(o, &c, &err));
  codex_options_free(o);
  codex_thread *t = NULL;
  CHECK_OK(codex_thread_start(c, NULL, &t, &err));
  long before = rss_kb("VmRSS:");
  double t0 = ts_now_ms();
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "flood", NULL, &turn, &err));
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 120000, &r, &err));
  double took = ts_now_ms() - t0;
  long peak = rss_kb("VmHWM:"), after = rss_kb("VmRSS:");
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  /* A first pull after the fact: a GAP for what the window dropped, then the kept tail. */
  pulled p = pull_all(turn);
  CHECK(p.first == CODEX_EVENT_GAP);
  CHECK(p.completed == 1);
  CHECK(p.events - 1 <= 65536);
  CHECK(p.dropped + (uint64_t)p.events - 1 == 1000002);
  printf("# wait-only turn over 10^6 deltas: %.0f ms; RSS %ld kB before, %ld kB after, peak %ld kB; "
         "a late pull got a GAP of %llu then %d events\n",
         took, before, after, peak, (unsigned long long)p.dropped, p.events - 1);
  /* Every line kept would be ~110 MB; the window is ~0.5 MB. Generous bound. */
  CHECK(after - before < 48 * 1024);
  tt_buf_free(&p.text);
  codex_turn_result_free(r);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(review_turn_through_attached_handle);
  RUN_TEST(compaction_turn_announced_and_attached);
  RUN_TEST(late_attach_within_and_past_the_caps);
  RUN_TEST(thread_stream_sees_name_and_two_turns_in_order);
  RUN_TEST(wait_only_turn_over_a_million_deltas);
  return ts_finish();
}
