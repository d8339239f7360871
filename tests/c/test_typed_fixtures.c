/* Typed file changes, file-change approvals, user-input requests and plan updates (issue 16) on
 * the real app-server, driven by the mock's `patch`, `askuser` and `plan` replies
 * (tests/fixtures/README.md). Params come from the codex_params builders; every value asserted
 * comes from a typed getter: no JSON is parsed here. Offline mock. */
#include "turns_support.h"

#include <sys/stat.h>

static char *read_in(const char *dir, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return ts_read_file(path);
}

static void write_in(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  fputs(text, f);
  fclose(f);
}

typedef struct {
  pthread_mutex_t mu;
  int calls;
  uint32_t decision;
  codex_server_request_kind_t kind;
  char item_id[128];
  int reason_is_null, grant_root_is_null;
  /* user input */
  size_t questions, options;
  char qid[64], header[64], text[128], option0[64], option1[64];
  codex_status answered;
} request_seen;

static void on_request(void *user_data, codex_server_request *req) {
  request_seen *s = (request_seen *)user_data;
  pthread_mutex_lock(&s->mu);
  s->calls++;
  s->kind = codex_server_request_kind(req);
  const char *v;
  snprintf(s->item_id, sizeof s->item_id, "%s", (v = codex_server_request_item_id(req)) ? v : "");
  s->reason_is_null = codex_server_request_reason(req) == NULL;
  s->grant_root_is_null = codex_server_request_grant_root(req) == NULL;
  s->questions = codex_server_request_question_count(req);
  if (s->kind == CODEX_REQUEST_USER_INPUT && s->questions == 1) {
    snprintf(s->qid, sizeof s->qid, "%s", codex_server_request_question_id(req, 0));
    snprintf(s->header, sizeof s->header, "%s", codex_server_request_question_header(req, 0));
    snprintf(s->text, sizeof s->text, "%s", codex_server_request_question_text(req, 0));
    s->options = codex_server_request_question_option_count(req, 0);
    if (s->options >= 2) {
      snprintf(s->option0, sizeof s->option0, "%s", codex_server_request_question_option(req, 0, 0));
      snprintf(s->option1, sizeof s->option1, "%s", codex_server_request_question_option(req, 0, 1));
    }
    CHECK(codex_server_request_question_option(req, 0, s->options) == NULL);
    /* The typed answer: the second option's label. */
    CHECK_OK(codex_server_request_set_answer(req, 0, codex_server_request_question_option(req, 0, 1),
                                             &err));
    codex_error *e = NULL;
    CHECK(codex_server_request_set_answer(req, 1, "x", &e) == CODEX_STATUS_INVALID_ARGUMENT);
    codex_error_free(e);
  }
  s->answered = codex_server_request_answer(req, s->decision, NULL);
  pthread_mutex_unlock(&s->mu);
  codex_server_request_free(req);
}

/* Item events seen by codex_thread_run's on_event (the calling thread). */
typedef struct {
  int file_change_started;
  char started_id[128];
  int plan_events;
  size_t plan_steps;
  char step0[64], step1[64], step2[64];
  char status0[32], status1[32], status2[32];
} events_seen;

static void on_event(void *user_data, const codex_event *ev) {
  events_seen *s = (events_seen *)user_data;
  if (codex_event_kind(ev) == CODEX_EVENT_ITEM_STARTED) {
    codex_item *it = NULL;
    CHECK_OK(codex_event_item(ev, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_FILE_CHANGE) {
      s->file_change_started++;
      snprintf(s->started_id, sizeof s->started_id, "%s", codex_item_id(it));
      CHECK(codex_item_change_count(it) == 2); /* the paths are known before any approval */
    }
    codex_item_free(it);
  }
  if (codex_event_plan_step_count(ev) > 0) {
    s->plan_events++;
    s->plan_steps = codex_event_plan_step_count(ev);
    char *step = NULL;
    char *dst[3] = {s->step0, s->step1, s->step2};
    char *st[3] = {s->status0, s->status1, s->status2};
    for (size_t i = 0; i < 3 && i < s->plan_steps; i++) {
      CHECK_OK(codex_event_plan_step(ev, i, &step, &err));
      snprintf(dst[i], 64, "%s", step);
      codex_string_free(step);
      snprintf(st[i], 32, "%s", codex_event_plan_step_status(ev, i));
    }
    CHECK(codex_event_plan_step_status(ev, s->plan_steps) == NULL);
  }
}

/* A patch turn with `sandbox` and on-request approvals; the file-change item is checked from the
 * turn result. Returns the result. */
static codex_turn_result *patch_turn(codex_client *c, const char *cwd, const char *sandbox,
                                     events_seen *ev) {
  codex_params *p = codex_params_new(CODEX_PARAMS_THREAD);
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_CWD, cwd, &err));
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_SANDBOX, sandbox, &err));
  CHECK_OK(codex_params_set_string(p, CODEX_PARAM_APPROVAL_POLICY, CODEX_APPROVAL_ON_REQUEST, &err));
  codex_thread *t = tt_thread(c, codex_params_json(p));
  codex_params_free(p);
  write_in(cwd, "notes.txt", "old line\n");
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "please patch the notes", NULL, on_event, ev, &r, &err));
  codex_thread_free(t);
  return r;
}

/* Checks the result's one fileChange item: 2 changes, each path with its kind and diff. */
static void check_file_change(const codex_turn_result *r, const char *cwd, const char *want_status,
                              char *id_out, size_t id_len) {
  int found = 0;
  for (size_t i = 0; i < codex_turn_result_item_count(r); i++) {
    codex_item *it = NULL;
    CHECK_OK(codex_turn_result_item(r, i, &it, &err));
    if (codex_item_type(it) == CODEX_ITEM_FILE_CHANGE) {
      found++;
      snprintf(id_out, id_len, "%s", codex_item_id(it));
      CHECK_STREQ(codex_item_status(it), want_status);
      CHECK(codex_item_change_count(it) == 2);
      char notes[512], patched[512];
      snprintf(notes, sizeof notes, "%s/notes.txt", cwd);
      snprintf(patched, sizeof patched, "%s/patched.txt", cwd);
      int saw_update = 0, saw_add = 0;
      for (size_t k = 0; k < codex_item_change_count(it); k++) {
        const char *path = codex_item_change_path(it, k);
        const char *kind = codex_item_change_kind(it, k);
        const char *diff = codex_item_change_diff(it, k);
        printf("  change %zu: %s %s (%zu-byte diff)\n", k, kind, path, strlen(diff));
        if (strcmp(path, notes) == 0) {
          saw_update++;
          CHECK_STREQ(kind, "update");
          CHECK_CONTAINS(diff, "-old line");
          CHECK_CONTAINS(diff, "+new line");
        } else if (strcmp(path, patched) == 0) {
          saw_add++;
          CHECK_STREQ(kind, "add");
          CHECK_CONTAINS(diff, "patched by the mock");
        }
      }
      CHECK(saw_update == 1 && saw_add == 1);
      CHECK(codex_item_change_path(it, 2) == NULL && codex_item_change_kind(it, 2) == NULL);
      CHECK(codex_item_command(it) == NULL && codex_item_text(it) == NULL);
    }
    codex_item_free(it);
  }
  CHECK(found == 1);
}

/* workspace-write: the patch applies with no approval. */
static void file_change_item_is_typed(void) {
  request_seen rs;
  memset(&rs, 0, sizeof rs);
  pthread_mutex_init(&rs.mu, NULL);
  codex_client *c = tt_client(NULL);
  CHECK_OK(codex_set_server_request_handler(c, on_request, &rs, NULL, &err));
  char *cwd = tt_temp_dir("typed-patch");
  events_seen ev;
  memset(&ev, 0, sizeof ev);
  codex_turn_result *r = patch_turn(c, cwd, CODEX_SANDBOX_WORKSPACE_WRITE, &ev);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  char id[128];
  check_file_change(r, cwd, "completed", id, sizeof id);
  CHECK(ev.file_change_started == 1);
  CHECK_STREQ(ev.started_id, id);
  CHECK(rs.calls == 0);
  char *notes = read_in(cwd, "notes.txt");
  CHECK_STREQ(notes, "new line\n");
  free(notes);
  codex_turn_result_free(r);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
}

/* read-only: the server asks item/fileChange/requestApproval first; typed getters, then a typed
 * answer. Accept: the files change; decline: they do not. */
static void file_change_approval(uint32_t decision) {
  request_seen rs;
  memset(&rs, 0, sizeof rs);
  pthread_mutex_init(&rs.mu, NULL);
  rs.decision = decision;
  codex_client *c = tt_client(NULL);
  CHECK_OK(codex_set_server_request_handler(c, on_request, &rs, NULL, &err));
  char *cwd = tt_temp_dir("typed-patch-approval");
  events_seen ev;
  memset(&ev, 0, sizeof ev);
  codex_turn_result *r = patch_turn(c, cwd, CODEX_SANDBOX_READ_ONLY, &ev);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  char id[128];
  int accept = decision == CODEX_DECISION_ACCEPT;
  check_file_change(r, cwd, accept ? "completed" : "declined", id, sizeof id);
  pthread_mutex_lock(&rs.mu);
  printf("  approval: kind %d, item %s, reason %s, answered %s\n", (int)rs.kind, rs.item_id,
         rs.reason_is_null ? "NULL" : "set", codex_status_str(rs.answered));
  CHECK(rs.calls == 1);
  CHECK(rs.kind == CODEX_REQUEST_FILE_CHANGE_APPROVAL);
  /* The approval names the item whose paths were listed above (item/started came first). */
  CHECK_STREQ(rs.item_id, id);
  CHECK_STREQ(ev.started_id, id);
  CHECK(rs.reason_is_null && rs.grant_root_is_null); /* 0.163 sends null for an apply_patch */
  CHECK(rs.questions == 0);
  CHECK(rs.answered == CODEX_STATUS_OK);
  pthread_mutex_unlock(&rs.mu);
  char *notes = read_in(cwd, "notes.txt");
  CHECK_STREQ(notes, accept ? "new line\n" : "old line\n");
  free(notes);
  char patched[512];
  struct stat st;
  snprintf(patched, sizeof patched, "%s/patched.txt", cwd);
  CHECK((stat(patched, &st) == 0) == accept);
  codex_turn_result_free(r);
  codex_free(c);
  tt_remove_dir(cwd);
  free(cwd);
}

static void file_change_approval_accepted(void) { file_change_approval(CODEX_DECISION_ACCEPT); }
static void file_change_approval_declined(void) { file_change_approval(CODEX_DECISION_DECLINE); }

/* request_user_input is offered in Plan collaboration mode only: set it through the builder. */
static void user_input_request_and_typed_answer(void) {
  request_seen rs;
  memset(&rs, 0, sizeof rs);
  pthread_mutex_init(&rs.mu, NULL);
  rs.decision = CODEX_DECISION_ACCEPT;
  codex_client *c = tt_client(NULL);
  CHECK_OK(codex_set_server_request_handler(c, on_request, &rs, NULL, &err));
  codex_thread *t = tt_thread(c, NULL);
  codex_params *tp = codex_params_new(CODEX_PARAMS_TURN);
  CHECK_OK(codex_params_set_json(tp, CODEX_PARAM_COLLABORATION_MODE,
                                 "{\"mode\":\"plan\",\"settings\":{\"model\":\"mock-model\"}}",
                                 &err));
  codex_turn_result *r = tt_run(t, "askuser about the color", codex_params_json(tp));
  codex_params_free(tp);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  pthread_mutex_lock(&rs.mu);
  printf("  question %s [%s] \"%s\": %zu options (%s | %s)\n", rs.qid, rs.header, rs.text,
         rs.options, rs.option0, rs.option1);
  CHECK(rs.calls == 1);
  CHECK(rs.kind == CODEX_REQUEST_USER_INPUT);
  CHECK(rs.questions == 1);
  CHECK_STREQ(rs.qid, "color");
  CHECK_STREQ(rs.header, "Color");
  CHECK_STREQ(rs.text, "Which color should it be?");
  CHECK(rs.options == 2);
  CHECK_STREQ(rs.option0, "Red (Recommended)");
  CHECK_STREQ(rs.option1, "Blue");
  CHECK(rs.answered == CODEX_STATUS_OK);
  pthread_mutex_unlock(&rs.mu);
  /* The mock's follow-up echoes the tool output: the answer the server got from us. */
  const char *final = codex_turn_result_final_response(r);
  printf("  final: %s\n", final);
  CHECK_CONTAINS(final, "\"color\"");
  CHECK_CONTAINS(final, "Blue");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

/* update_plan exists only with tools.update_plan.enabled: a config override through the builder. */
static void plan_update_event_is_typed(void) {
  codex_client *c = tt_client(NULL);
  codex_params *p = codex_params_new(CODEX_PARAMS_THREAD);
  CHECK_OK(codex_params_set_json(p, CODEX_PARAM_CONFIG,
                                 "{\"tools\":{\"update_plan\":{\"enabled\":true}}}", &err));
  codex_thread *t = tt_thread(c, codex_params_json(p));
  codex_params_free(p);
  events_seen ev;
  memset(&ev, 0, sizeof ev);
  codex_turn_result *r = NULL;
  CHECK_OK(codex_thread_run(t, "make a plan first", NULL, on_event, &ev, &r, &err));
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  printf("  plan: %zu steps: %s (%s), %s (%s), %s (%s); final: %s\n", ev.plan_steps, ev.step0,
         ev.status0, ev.step1, ev.status1, ev.step2, ev.status2,
         codex_turn_result_final_response(r));
  CHECK(ev.plan_events == 1);
  CHECK(ev.plan_steps == 3);
  CHECK_STREQ(ev.step0, "Read the code");
  CHECK_STREQ(ev.status0, "completed");
  CHECK_STREQ(ev.step1, "Write the test");
  CHECK_STREQ(ev.status1, "inProgress");
  CHECK_STREQ(ev.step2, "Land it");
  CHECK_STREQ(ev.status2, "pending");
  CHECK_CONTAINS(codex_turn_result_final_response(r), "Plan updated");
  codex_turn_result_free(r);
  codex_thread_free(t);
  codex_free(c);
}

int main(void) {
  RUN_TEST(file_change_item_is_typed);
  RUN_TEST(file_change_approval_accepted);
  RUN_TEST(file_change_approval_declined);
  RUN_TEST(user_input_request_and_typed_answer);
  RUN_TEST(plan_update_event_is_typed);
  return ts_finish();
}
