/* Command approvals through codex_set_server_request_handler. The mock model asks to run
 * `echo approved > approved.txt` with sandbox_permissions "require_escalated" in a read-only
 * sandbox, so the server must ask the client. Each case runs in its own temporary cwd (the
 * command really runs when approved). Real app-server, offline mock. */
#include "turns_support.h"

#include <sys/stat.h>

#define APPROVAL_METHOD "item/commandExecution/requestApproval"

typedef enum { ANSWER_ACCEPT, ANSWER_DECLINE, ANSWER_LATER } answer_mode;

typedef struct {
  pthread_mutex_t mu;
  answer_mode mode;
  int calls;
  int drops;
  char method[128];
  char thread_id[128];
  char turn_id[128];
  int params_mention_file;
  codex_status first_answer;
  codex_status second_answer; /* answering twice: the second must be EXPIRED */
  codex_server_request *kept; /* ANSWER_LATER: the request, answered from another pthread */
} approver;

static void approver_init(approver *a, answer_mode mode) {
  memset(a, 0, sizeof *a);
  pthread_mutex_init(&a->mu, NULL);
  a->mode = mode;
  a->first_answer = a->second_answer = CODEX_STATUS_INTERNAL;
}

static void on_request(void *user_data, codex_server_request *req) {
  approver *a = (approver *)user_data;
  pthread_mutex_lock(&a->mu);
  a->calls++;
  snprintf(a->method, sizeof a->method, "%s", codex_server_request_method(req));
  const char *tid = codex_server_request_thread_id(req);
  const char *uid = codex_server_request_turn_id(req);
  snprintf(a->thread_id, sizeof a->thread_id, "%s", tid ? tid : "");
  snprintf(a->turn_id, sizeof a->turn_id, "%s", uid ? uid : "");
  a->params_mention_file = strstr(codex_server_request_params(req), "approved.txt") != NULL;
  answer_mode mode = a->mode;
  pthread_mutex_unlock(&a->mu);

  if (mode == ANSWER_LATER) {
    pthread_mutex_lock(&a->mu);
    a->kept = req; /* owned by us now; answered and freed by the answering pthread */
    pthread_mutex_unlock(&a->mu);
    return;
  }
  const char *answer = mode == ANSWER_ACCEPT ? "{\"decision\":\"accept\"}" : "{\"decision\":\"decline\"}";
  codex_status first = codex_server_request_respond(req, answer, NULL);
  codex_status second = codex_server_request_respond(req, "{\"decision\":\"accept\"}", NULL);
  pthread_mutex_lock(&a->mu);
  a->first_answer = first;
  a->second_answer = second;
  pthread_mutex_unlock(&a->mu);
  codex_server_request_free(req);
}

static void on_drop(void *user_data) {
  approver *a = (approver *)user_data;
  pthread_mutex_lock(&a->mu);
  a->drops++;
  pthread_mutex_unlock(&a->mu);
}

/* Answers the kept request from another host thread, a little later. */
static void *answer_later(void *arg) {
  approver *a = (approver *)arg;
  codex_server_request *req = NULL;
  double deadline = ts_now_ms() + 30000;
  while (!req && ts_now_ms() < deadline) {
    pthread_mutex_lock(&a->mu);
    req = a->kept;
    a->kept = NULL;
    pthread_mutex_unlock(&a->mu);
    if (!req) ts_sleep_ms(10);
  }
  if (!req) return NULL;
  ts_sleep_ms(300); /* the turn waits for us meanwhile */
  codex_status first = codex_server_request_respond(req, "{\"decision\":\"accept\"}", NULL);
  codex_status second = codex_server_request_respond(req, "{\"decision\":\"decline\"}", NULL);
  pthread_mutex_lock(&a->mu);
  a->first_answer = first;
  a->second_answer = second;
  pthread_mutex_unlock(&a->mu);
  codex_server_request_free(req);
  return NULL;
}

static char *thread_params(const char *cwd) {
  char *p = (char *)malloc(1024);
  snprintf(p, 1024,
           "{\"approvalPolicy\":\"on-request\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"read-only\",\"cwd\":\"%s\"}",
           cwd);
  return p;
}

static int file_exists_in(const char *dir, const char *name) {
  char path[512];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0;
}

typedef struct {
  codex_turn_status status;
  char items[16384];
  char thread_id[128];
  char turn_id[128];
  int ran; /* approved.txt exists */
} outcome;

/* One approval turn in a fresh cwd; `a` NULL = no handler. */
static outcome approval_turn(approver *a) {
  codex_client *c = tt_client(NULL);
  if (a) CHECK_OK(codex_set_server_request_handler(c, on_request, a, on_drop, &err));
  char *cwd = tt_temp_dir("approval-cwd");
  char *params = thread_params(cwd);
  codex_thread *t = tt_thread(c, params);

  pthread_t answerer;
  int later = a && a->mode == ANSWER_LATER;
  if (later) CHECK(pthread_create(&answerer, NULL, answer_later, a) == 0);
  codex_turn_result *r = tt_run(t, "please approve this command", NULL);
  if (later) CHECK(pthread_join(answerer, NULL) == 0);

  outcome o;
  memset(&o, 0, sizeof o);
  o.status = codex_turn_result_status(r);
  snprintf(o.items, sizeof o.items, "%s", codex_turn_result_items_json(r));
  snprintf(o.thread_id, sizeof o.thread_id, "%s", codex_thread_id(t));
  snprintf(o.turn_id, sizeof o.turn_id, "%s", codex_turn_result_id(r));
  o.ran = file_exists_in(cwd, "approved.txt");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  if (a) {
    /* The handler was released by codex_free: drop ran once. */
    pthread_mutex_lock(&a->mu);
    CHECK(a->drops == 1);
    pthread_mutex_unlock(&a->mu);
  }
  tt_remove_dir(cwd);
  free(cwd);
  free(params);
  return o;
}

static void check_handler_saw_the_request(approver *a, const outcome *o) {
  pthread_mutex_lock(&a->mu);
  CHECK(a->calls == 1);
  CHECK_STREQ(a->method, APPROVAL_METHOD);
  CHECK_STREQ(a->thread_id, o->thread_id);
  CHECK_STREQ(a->turn_id, o->turn_id);
  CHECK(a->params_mention_file);
  CHECK(a->first_answer == CODEX_STATUS_OK);
  CHECK(a->second_answer == CODEX_STATUS_EXPIRED);
  pthread_mutex_unlock(&a->mu);
}

static void handler_accepts(void) {
  approver a;
  approver_init(&a, ANSWER_ACCEPT);
  outcome o = approval_turn(&a);
  check_handler_saw_the_request(&a, &o);
  CHECK(o.status == CODEX_TURN_COMPLETED);
  CHECK(o.ran);
  CHECK_CONTAINS(o.items, "\"type\":\"commandExecution\"");
  CHECK_CONTAINS(o.items, "\"status\":\"completed\"");
  CHECK(strstr(o.items, "\"status\":\"declined\"") == NULL);
  pthread_mutex_destroy(&a.mu);
}

static void handler_declines(void) {
  approver a;
  approver_init(&a, ANSWER_DECLINE);
  outcome o = approval_turn(&a);
  check_handler_saw_the_request(&a, &o);
  CHECK(o.status == CODEX_TURN_COMPLETED);
  CHECK(!o.ran);
  CHECK_CONTAINS(o.items, "\"type\":\"commandExecution\"");
  CHECK_CONTAINS(o.items, "\"status\":\"declined\"");
  pthread_mutex_destroy(&a.mu);
}

static void no_handler_declines_safely(void) {
  outcome o = approval_turn(NULL);
  CHECK(o.status == CODEX_TURN_COMPLETED);
  CHECK(!o.ran);
  CHECK_CONTAINS(o.items, "\"type\":\"commandExecution\"");
  CHECK_CONTAINS(o.items, "\"status\":\"declined\"");
}

static void handler_answers_later_from_another_thread(void) {
  approver a;
  approver_init(&a, ANSWER_LATER);
  outcome o = approval_turn(&a);
  check_handler_saw_the_request(&a, &o);
  CHECK(o.status == CODEX_TURN_COMPLETED);
  CHECK(o.ran);
  CHECK_CONTAINS(o.items, "\"status\":\"completed\"");
  pthread_mutex_destroy(&a.mu);
}

/* A handler that frees the request unanswered: the safe default (decline) goes out. */
static void free_unanswered(void *user_data, codex_server_request *req) {
  (void)user_data;
  codex_server_request_free(req);
}

static void freeing_unanswered_declines(void) {
  codex_client *c = tt_client(NULL);
  CHECK_OK(codex_set_server_request_handler(c, free_unanswered, NULL, NULL, &err));
  char *cwd = tt_temp_dir("approval-cwd");
  char *params = thread_params(cwd);
  codex_thread *t = tt_thread(c, params);
  codex_turn_result *r = tt_run(t, "approve it or not", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_CONTAINS(codex_turn_result_items_json(r), "\"status\":\"declined\"");
  CHECK(!file_exists_in(cwd, "approved.txt"));
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
  free(params);
}

int main(void) {
  RUN_TEST(handler_accepts);
  RUN_TEST(handler_declines);
  RUN_TEST(no_handler_declines_safely);
  RUN_TEST(handler_answers_later_from_another_thread);
  RUN_TEST(freeing_unanswered_declines);
  return ts_finish();
}
