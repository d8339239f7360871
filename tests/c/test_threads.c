/* Threads: resume by id from a new client on the same CODEX_HOME, fork, list / read / name /
 * archive / unarchive, compaction, and the model list. Real app-server, offline mock. */
#include "turns_support.h"

static char *read_thread(codex_thread *t, bool include_turns) {
  char *json = NULL;
  CHECK_OK(codex_thread_read(t, include_turns, &json, &err));
  CHECK(json != NULL);
  return json;
}

static void resume_with_a_new_client_and_fork(void) {
  char *home = ts_fresh_home();
  char id[128];

  /* Client 1: a thread with one turn, then the client goes away. */
  {
    codex_client *c = tt_client(home);
    codex_thread *t = tt_thread(c, NULL);
    snprintf(id, sizeof id, "%s", codex_thread_id(t));
    codex_turn_result *r = tt_run(t, "remember papaya-12", NULL);
    CHECK_STREQ(codex_turn_result_final_response(r), "You said: remember papaya-12");
    codex_turn_result_free(r);
    codex_thread_free(t);
    codex_free(c);
  }

  /* Client 2 on the same home: the login persisted there, the thread resumes by id. */
  codex_client *c = tt_client_nologin(home);
  char *account = NULL;
  CHECK_OK(codex_account(c, false, &account, &err));
  CHECK_CONTAINS(account, "apiKey");
  codex_string_free(account);

  codex_thread *t = NULL;
  CHECK_OK(codex_thread_resume(c, id, NULL, &t, &err));
  CHECK_STREQ(codex_thread_id(t), id);
  codex_turn_result *r = tt_run(t, "continue with banana-44", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: continue with banana-44");
  CHECK_STREQ(codex_turn_result_thread_id(r), id);
  codex_turn_result_free(r);
  /* The resumed thread's model request carries the first client's exchange. */
  char *req = tt_last_model_request_with("continue with banana-44");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "remember papaya-12");
  CHECK_CONTAINS(req, "You said: remember papaya-12");
  free(req);

  char *json = read_thread(t, true);
  CHECK_CONTAINS(json, id);
  CHECK(ts_count(json, "\"status\":\"completed\"") >= 2); /* both turns */
  codex_string_free(json);

  /* Fork: a new id, and a turn on the fork works and sees the history. */
  codex_thread *fork = NULL;
  CHECK_OK(codex_thread_fork(c, id, NULL, &fork, &err));
  CHECK(fork != NULL);
  CHECK(strcmp(codex_thread_id(fork), id) != 0);
  r = tt_run(fork, "on the fork cherry-9", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: on the fork cherry-9");
  CHECK_STREQ(codex_turn_result_thread_id(r), codex_thread_id(fork));
  codex_turn_result_free(r);
  req = tt_last_model_request_with("on the fork cherry-9");
  CHECK(req != NULL);
  CHECK_CONTAINS(req, "remember papaya-12");
  free(req);

  /* The original thread did not get the fork's turn. */
  json = read_thread(t, true);
  CHECK(strstr(json, "cherry-9") == NULL);
  codex_string_free(json);

  codex_thread_free(fork);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(home);
  free(home);
}

static void resume_unknown_id_is_rpc(void) {
  codex_client *c = tt_client(NULL);
  codex_thread *t = NULL;
  codex_error *err = NULL;
  CHECK(codex_thread_resume(c, "019a0000-0000-7000-8000-000000000000", NULL, &t, &err) ==
        CODEX_STATUS_RPC);
  CHECK(t == NULL);
  CHECK(err != NULL && codex_error_rpc_code(err) != 0);
  codex_error_free(err);
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_resume(c, NULL, NULL, &t, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_start(c, "[1,2]", &t, &ts_err_));
  CHECK(t == NULL);
  codex_free(c);
}

static void list_read_name_archive_unarchive(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);
  char id[128];
  snprintf(id, sizeof id, "%s", codex_thread_id(t));
  /* A thread is stored once it has a turn. */
  codex_turn_result *r = tt_run(t, "a thread to list", NULL);
  codex_turn_result_free(r);

  char *list = NULL;
  CHECK_OK(codex_thread_list(c, NULL, &list, &err));
  CHECK_CONTAINS(list, "\"data\"");
  CHECK_CONTAINS(list, id);
  codex_string_free(list);

  CHECK_OK(codex_thread_set_name(t, "grocery planning", &err));
  char *json = read_thread(t, false);
  CHECK_CONTAINS(json, "\"name\":\"grocery planning\"");
  CHECK_CONTAINS(json, id);
  codex_string_free(json);

  CHECK_OK(codex_thread_archive(c, id, &err));
  list = NULL;
  CHECK_OK(codex_thread_list(c, "{}", &list, &err));
  CHECK(strstr(list, id) == NULL); /* archived threads leave the default listing */
  codex_string_free(list);
  list = NULL;
  CHECK_OK(codex_thread_list(c, "{\"archived\":true}", &list, &err));
  CHECK_CONTAINS(list, id);
  codex_string_free(list);

  codex_thread *back = NULL;
  CHECK_OK(codex_thread_unarchive(c, id, &back, &err));
  CHECK_STREQ(codex_thread_id(back), id);
  list = NULL;
  CHECK_OK(codex_thread_list(c, "{}", &list, &err));
  CHECK_CONTAINS(list, id);
  codex_string_free(list);

  /* Unarchived threads are not loaded: resume, then run a turn. */
  codex_thread *resumed = NULL;
  CHECK_OK(codex_thread_resume(c, id, NULL, &resumed, &err));
  r = tt_run(resumed, "back from the archive", NULL);
  CHECK(codex_turn_result_status(r) == CODEX_TURN_COMPLETED);
  CHECK_STREQ(codex_turn_result_final_response(r), "You said: back from the archive");
  codex_turn_result_free(r);

  /* Compaction is accepted on a loaded thread. */
  CHECK_OK(codex_thread_compact(resumed, &err));

  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_set_name(t, NULL, &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_archive(c, NULL, &ts_err_));
  codex_thread_free(resumed);
  codex_thread_free(back);
  codex_thread_free(t);
  codex_free(c);
  tt_remove_dir(home);
  free(home);
}

static void model_list(void) {
  codex_client *c = tt_client(NULL);
  char *json = NULL;
  CHECK_OK(codex_models(c, false, &json, &err));
  CHECK_CONTAINS(json, "\"data\":[");
  CHECK_CONTAINS(json, "\"id\"");
  codex_string_free(json);
  json = NULL;
  CHECK_OK(codex_models(c, true, &json, &err));
  CHECK_CONTAINS(json, "\"data\":[");
  codex_string_free(json);
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_models(c, false, NULL, &ts_err_));
  codex_free(c);
}

int main(void) {
  RUN_TEST(resume_with_a_new_client_and_fork);
  RUN_TEST(resume_unknown_id_is_rpc);
  RUN_TEST(list_read_name_archive_unarchive);
  RUN_TEST(model_list);
  return ts_finish();
}
