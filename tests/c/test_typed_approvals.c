/* Typed approvals (issue 16) on the real app-server: the mock asks to run
 * `echo approved > approved.txt` escalated in a read-only sandbox; the handler reads the prompt
 * through typed getters (kind, command, cwd, reason, offered decisions) and answers with
 * codex_server_request_answer. No JSON is built or parsed here. Offline mock. */
#include "turns_support.h"

#include <sys/stat.h>

typedef struct {
  pthread_mutex_t mu;
  uint32_t decision;
  int calls;
  codex_server_request_kind_t kind;
  char command[512];
  char cwd[512];
  char reason[256];
  char item_id[128];
  char decisions[256]; /* the offered decisions, comma-separated */
  char amendment[256]; /* the proposed command prefix, space-separated */
  codex_status bad_decision;
  codex_status answered;
  codex_status answered_again;
} prompt;

static void on_request(void *user_data, codex_server_request *req) {
  prompt *p = (prompt *)user_data;
  pthread_mutex_lock(&p->mu);
  p->calls++;
  p->kind = codex_server_request_kind(req);
  const char *s;
  snprintf(p->command, sizeof p->command, "%s", (s = codex_server_request_command(req)) ? s : "");
  snprintf(p->cwd, sizeof p->cwd, "%s", (s = codex_server_request_cwd(req)) ? s : "");
  snprintf(p->reason, sizeof p->reason, "%s", (s = codex_server_request_reason(req)) ? s : "");
  snprintf(p->item_id, sizeof p->item_id, "%s", (s = codex_server_request_item_id(req)) ? s : "");
  p->decisions[0] = 0;
  for (size_t i = 0; i < codex_server_request_decision_count(req); i++) {
    size_t len = strlen(p->decisions);
    snprintf(p->decisions + len, sizeof p->decisions - len, "%s%s", i ? "," : "",
             codex_server_request_decision(req, i));
  }
  p->amendment[0] = 0;
  for (size_t i = 0; i < codex_server_request_amendment_count(req); i++) {
    size_t len = strlen(p->amendment);
    snprintf(p->amendment + len, sizeof p->amendment - len, "%s%s", i ? " " : "",
             codex_server_request_amendment(req, i));
  }
  CHECK(codex_server_request_decision(req, codex_server_request_decision_count(req)) == NULL);
  CHECK(codex_server_request_grant_root(req) == NULL);
  CHECK(codex_server_request_permissions_json(req) == NULL);
  /* Not a user-input request: no questions, and no answers to set. */
  CHECK(codex_server_request_question_count(req) == 0);
  codex_error *e = NULL;
  CHECK(codex_server_request_set_answer(req, 0, "x", &e) == CODEX_STATUS_INVALID_ARGUMENT);
  codex_error_free(e);
  e = NULL;
  p->bad_decision = codex_server_request_answer(req, 99, &e);
  codex_error_free(e);
  p->answered = codex_server_request_answer(req, p->decision, NULL);
  p->answered_again = codex_server_request_answer(req, CODEX_DECISION_ACCEPT, NULL);
  pthread_mutex_unlock(&p->mu);
  codex_server_request_free(req);
}

static int file_exists_in(const char *dir, const char *name) {
  char path[512];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0;
}

/* One approval turn answered with `decision`; returns whether the command ran. */
static int approval_turn(prompt *p, uint32_t decision, char **cwd_out, char **command_status) {
  memset(p, 0, sizeof *p);
  pthread_mutex_init(&p->mu, NULL);
  p->decision = decision;
  codex_client *c = tt_client(NULL);
  CHECK_OK(codex_set_server_request_handler(c, on_request, p, NULL, &err));
  char *cwd = tt_temp_dir("typed-approval");
  char params[1024];
  snprintf(params, sizeof params,
           "{\"approvalPolicy\":\"" CODEX_APPROVAL_ON_REQUEST "\",\"approvalsReviewer\":\"user\","
           "\"sandbox\":\"" CODEX_SANDBOX_READ_ONLY "\",\"cwd\":\"%s\"}", cwd);
  codex_thread *t = tt_thread(c, params);
  codex_turn_result *r = tt_run(t, "please approve this command", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  int ran = file_exists_in(cwd, "approved.txt");
  *command_status = NULL;
  for (size_t i = 0; i < codex_turn_result_item_count(r); i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_COMMAND_EXECUTION) {
      *command_status = strdup(codex_item_status(it));
      CHECK_STREQ(codex_item_id(it), p->item_id);
    }
    codex_item_free(it);
  }
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
  *cwd_out = cwd;
  return ran;
}

static void check_prompt(prompt *p, const char *cwd) {
  CHECK(p->calls == 1);
  CHECK(p->kind == CODEX_REQUEST_COMMAND_APPROVAL);
  CHECK_CONTAINS(p->command, "echo approved > approved.txt");
  CHECK_STREQ(p->cwd, cwd);
  CHECK(p->item_id[0] != 0);
  CHECK_STREQ(p->reason, "test approval"); /* the model's justification */
  CHECK_CONTAINS(p->decisions, "accept");
  CHECK_CONTAINS(p->amendment, "echo");
  CHECK(p->bad_decision == CODEX_STATUS_INVALID_ARGUMENT);
  CHECK(p->answered == CODEX_STATUS_OK);
  CHECK(p->answered_again == CODEX_STATUS_EXPIRED);
  printf("  approve `%s` in %s? reason: %s; offered: %s; proposed prefix: %s\n", p->command,
         p->cwd, p->reason, p->decisions, p->amendment);
}

static void accept_runs_the_command(void) {
  prompt p;
  char *cwd = NULL, *status = NULL;
  int ran = approval_turn(&p, CODEX_DECISION_ACCEPT, &cwd, &status);
  check_prompt(&p, cwd);
  CHECK(ran);
  CHECK(status && strcmp(status, "completed") == 0);
  free(status);
  tt_remove_dir(cwd);
  free(cwd);
  pthread_mutex_destroy(&p.mu);
}

static void accept_for_session_runs_the_command(void) {
  prompt p;
  char *cwd = NULL, *status = NULL;
  int ran = approval_turn(&p, CODEX_DECISION_ACCEPT_FOR_SESSION, &cwd, &status);
  check_prompt(&p, cwd);
  CHECK(ran);
  CHECK(status && strcmp(status, "completed") == 0);
  free(status);
  tt_remove_dir(cwd);
  free(cwd);
  pthread_mutex_destroy(&p.mu);
}

static void decline_keeps_it_from_running(void) {
  prompt p;
  char *cwd = NULL, *status = NULL;
  int ran = approval_turn(&p, CODEX_DECISION_DECLINE, &cwd, &status);
  check_prompt(&p, cwd);
  CHECK(!ran);
  CHECK(status && strcmp(status, "declined") == 0);
  free(status);
  tt_remove_dir(cwd);
  free(cwd);
  pthread_mutex_destroy(&p.mu);
}

int main(void) {
  RUN_TEST(accept_runs_the_command);
  RUN_TEST(accept_for_session_runs_the_command);
  RUN_TEST(decline_keeps_it_from_running);
  return ts_finish();
}
