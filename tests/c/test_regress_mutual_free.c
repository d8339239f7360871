/* Issue 12 regression: two clients whose callbacks free each other. Client A's turn-completion
 * callback frees client B while B's completion callback frees A. Both callbacks are held at a
 * rendezvous until both run, so each free happens while the other client's delivery thread is
 * inside its callback. Today each codex_free joins the other client's delivery thread, which is
 * itself joining the first one: a deadlock. Both frees must return promptly. A SIGALRM deadline
 * turns a deadlock into a failure. Real app-server, offline mock. */
#include "regress_support.h"

typedef struct {
  pthread_mutex_t mu;
  codex_client *clients[2];
  int entered;        /* completion callbacks that reached the rendezvous */
  int no_overlap;     /* a callback gave up waiting for the other one */
  int freed[2];       /* callback i returned from codex_free(the other client) */
  double free_ms[2];  /* how long that codex_free took */
  codex_status status[2];
} pair_state;

typedef struct {
  pair_state *s;
  int me;
} side;

static int ps_get(pair_state *s, const int *field) {
  pthread_mutex_lock(&s->mu);
  int v = *field;
  pthread_mutex_unlock(&s->mu);
  return v;
}

static void on_turn_done(void *user_data, codex_status status, const codex_turn_result *result,
                         const codex_error *error) {
  (void)result, (void)error;
  side *sd = (side *)user_data;
  pair_state *s = sd->s;
  pthread_mutex_lock(&s->mu);
  s->status[sd->me] = status;
  s->entered++;
  pthread_mutex_unlock(&s->mu);
  /* Rendezvous: both completion callbacks are running before either frees the other client. */
  double deadline = ts_now_ms() + 10000;
  while (ps_get(s, &s->entered) < 2 && ts_now_ms() < deadline) ts_sleep_ms(2);
  if (ps_get(s, &s->entered) < 2) {
    pthread_mutex_lock(&s->mu);
    s->no_overlap = 1;
    pthread_mutex_unlock(&s->mu);
    return;
  }
  double t0 = ts_now_ms();
  codex_free(s->clients[1 - sd->me]);
  double took = ts_now_ms() - t0;
  pthread_mutex_lock(&s->mu);
  s->freed[sd->me] = 1;
  s->free_ms[sd->me] = took;
  pthread_mutex_unlock(&s->mu);
}

static void callbacks_freeing_each_others_client(void) {
  rg_deadline(90, "setting up two clients with a turn each took over 90 s");
  pair_state s;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mu, NULL);
  side sides[2] = {{&s, 0}, {&s, 1}};
  codex_thread *threads[2];
  codex_turn *turns[2];
  for (int i = 0; i < 2; i++) {
    s.clients[i] = tt_client(NULL);
    threads[i] = tt_thread(s.clients[i], NULL);
  }
  for (int i = 0; i < 2; i++) {
    turns[i] = NULL;
    CHECK_OK(codex_thread_turn(threads[i], i == 0 ? "mutual free a" : "mutual free b", NULL,
                               &turns[i], &err));
  }

  rg_deadline(20,
              "clients A and B, each freeing the other from its turn-completion callback, "
              "deadlocked: codex_free did not return within 20 s (each joins the other's "
              "delivery thread, which is blocked in its own codex_free)");
  for (int i = 0; i < 2; i++)
    CHECK_OK(codex_turn_on_complete(turns[i], on_turn_done, &sides[i], NULL, &err));

  while (!(ps_get(&s, &s.freed[0]) && ps_get(&s, &s.freed[1])) && !ps_get(&s, &s.no_overlap))
    ts_sleep_ms(5);
  rg_deadline(0, "");

  RG_EXPECT(!s.no_overlap, "the two completion callbacks never ran at the same time (setup)");
  for (int i = 0; i < 2; i++) {
    RG_EXPECT(s.status[i] == CODEX_STATUS_OK, "turn %c completed with status %d", 'A' + i,
              (int)s.status[i]);
    RG_EXPECT(s.free_ms[i] < 5000, "codex_free(client %c) from %c's callback took %.0f ms",
              'B' - i, 'A' + i, s.free_ms[i]);
  }
  printf("# codex_free from the callbacks took %.0f ms and %.0f ms\n", s.free_ms[0], s.free_ms[1]);

  /* The clients are gone; their child handles still need freeing (calls on them are CLOSED). */
  for (int i = 0; i < 2; i++) {
    codex_turn_free(turns[i]);
    codex_thread_free(threads[i]);
  }
  pthread_mutex_destroy(&s.mu);
}

int main(void) {
  RG_RUN(callbacks_freeing_each_others_client);
  return ts_finish();
}
