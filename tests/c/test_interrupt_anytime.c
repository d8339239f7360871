/* Interrupt at any moment (issue 15 item 1): codex_turn_interrupt right after the turn-starting
 * call returns, before the server has activated the turn, still ends that turn INTERRUPTED (the
 * library holds the interrupt until turn/started), never an RPC error, and the thread's next turn
 * runs normally. The mock's "hold" reply only ends when the turn is interrupted (or after 60 s).
 * Real app-server, offline mock. Timing figures are printed; the test runs serially. */
#include "turns_support.h"

#include <time.h>

static void sleep_ms(int ms) {
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

static void interrupt_at_offsets(void) {
  static const int offsets[] = {0, 1, 2, 5, 10, 20, 50};
  const int tries = 5;
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  int n = 0;
  for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
    double worst = 0;
    for (int k = 0; k < tries; k++) {
      char prompt[96];
      snprintf(prompt, sizeof prompt, "hold at offset %d try %d", offsets[o], k);
      codex_turn *turn = NULL;
      CHECK_OK(codex_thread_turn(t, prompt, NULL, &turn, &err));
      if (offsets[o] > 0) sleep_ms(offsets[o]);
      double t0 = ts_now_ms();
      codex_error *ierr = NULL;
      codex_status st = codex_turn_interrupt(turn, &ierr);
      if (st != CODEX_STATUS_OK)
        TS_FAIL("offset %d try %d: interrupt returned %s: %s", offsets[o], k, codex_status_str((uint32_t)st),
                ierr ? codex_error_message(ierr) : "");
      /* A second interrupt of the same turn is OK too and sends nothing more. */
      CHECK_OK(codex_turn_interrupt(turn, &err));
      codex_turn_result *r = NULL;
      CHECK_OK(codex_turn_wait(turn, 30000, &r, &err));
      double took = ts_now_ms() - t0;
      if (took > worst) worst = took;
      if (codex_turn_result_status(r) != CODEX_TURN_INTERRUPTED)
        TS_FAIL("offset %d try %d: status %d (%s), want INTERRUPTED", offsets[o], k, (int)codex_turn_result_status(r),
                codex_turn_result_error(r) ? codex_turn_result_error(r) : "");
      CHECK(!codex_turn_result_watchdog_fired(r));
      CHECK_STREQ(codex_turn_result_id(r), codex_turn_id(turn));
      codex_turn_result_free(r);
      codex_turn_free(turn);
      if (took >= 5000) TS_FAIL("offset %d try %d: interrupt to completion took %.0f ms", offsets[o], k, took);
      n++;
    }
    /* The thread's next turn is a new turn and runs to its end. */
    char next[64];
    snprintf(next, sizeof next, "after offset %d", offsets[o]);
    codex_turn_result *r = tt_run(t, next, NULL);
    CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
    char want[96];
    snprintf(want, sizeof want, "You said: %s", next);
    CHECK_STREQ(codex_turn_result_final_response(r), want);
    codex_turn_result_free(r);
    printf("# offset %2d ms: %d/%d interrupted, slowest interrupt to completion %.0f ms\n", offsets[o], tries, tries,
           worst);
  }
  CHECK(n == 35);
  codex_thread_free(t);
  codex_free(c);
}

/* Interrupting with a pulling handle: the pull side ends too (END after turn/completed). */
static void interrupt_at_once_then_pull(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn *turn = NULL;
  CHECK_OK(codex_thread_turn(t, "hold then pull", NULL, &turn, &err));
  CHECK_OK(codex_turn_interrupt(turn, &err));
  int completed = 0;
  for (;;) {
    codex_event *ev = NULL;
    codex_error *e = NULL;
    codex_status st = codex_turn_next_event(turn, 30000, &ev, &e);
    if (st == CODEX_STATUS_END) break;
    if (st != CODEX_STATUS_OK) TS_FAIL("next_event returned %d: %s", (int)st, e ? codex_error_message(e) : "");
    completed += codex_event_kind(ev) == CODEX_EVENT_TURN_COMPLETED;
    codex_event_free(ev);
  }
  CHECK(completed == 1);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_turn_wait(turn, 1000, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_INTERRUPTED);
  codex_turn_result_free(r);
  codex_turn_free(turn);
  codex_thread_free(t);
  codex_free(c);
}

/* Steer right after the turn-starting call returns is accepted: the turn answers the steer. */
static void steer_right_after_start(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = tt_thread(c, NULL);
  for (int k = 0; k < 3; k++) {
    codex_turn *turn = NULL;
    CHECK_OK(codex_thread_turn(t, "hold before the steer", NULL, &turn, &err));
    char steer[64];
    snprintf(steer, sizeof steer, "steer: answer now %d", k);
    CHECK_OK(codex_turn_steer(turn, steer, &err));
    codex_turn_result *r = NULL;
    CHECK_OK(codex_turn_wait(turn, 30000, &r, &err));
    CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
    CHECK_CONTAINS(codex_turn_result_final_response(r), steer);
    codex_turn_result_free(r);
    codex_turn_free(turn);
  }
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(interrupt_at_offsets);
  RUN_TEST(interrupt_at_once_then_pull);
  RUN_TEST(steer_right_after_start);
  return ts_finish();
}
