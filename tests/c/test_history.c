/* Thread history and management, and config, through the C ABI on the real app-server:
 * paged turns and items (codex_page), loaded threads, revert, metadata, injected items,
 * unsubscribe, delete; config read / write / batch write / requirements. */
#include "turns_support.h"

static void turns_items_revert_unsubscribe_delete(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  codex_thread *t = tt_thread(c, NULL);
  codex_turn_result *r1 = tt_run(t, "history c one", NULL);
  codex_turn_result *r2 = tt_run(t, "history c two", NULL);
  char first[128], second[128];
  snprintf(first, sizeof first, "%s", codex_turn_result_id(r1));
  snprintf(second, sizeof second, "%s", codex_turn_result_id(r2));
  codex_turn_result_free(r1);
  codex_turn_result_free(r2);

  /* One turn per page; the cursor leads to the other one, then there is no next page. */
  codex_page *p1 = NULL, *p2 = NULL;
  CHECK_OK(codex_thread_turns(t, NULL, 1, &p1, &err));
  CHECK(codex_page_count(p1) == 1);
  CHECK(codex_page_next_cursor(p1) != NULL);
  CHECK_OK(codex_thread_turns(t, codex_page_next_cursor(p1), 1, &p2, &err));
  CHECK(codex_page_count(p2) == 1);
  CHECK(codex_page_item_json(p2, 1) == NULL);
  int has_first = strstr(codex_page_item_json(p1, 0), first) || strstr(codex_page_item_json(p2, 0), first);
  int has_second = strstr(codex_page_item_json(p1, 0), second) || strstr(codex_page_item_json(p2, 0), second);
  CHECK(has_first && has_second);
  codex_page_free(p1);
  codex_page_free(p2);

  codex_page *items = NULL;
  CHECK_OK(codex_thread_items(t, second, NULL, 0, &items, &err));
  int saw = 0;
  for (size_t i = 0; i < codex_page_count(items); i++)
    if (strstr(codex_page_item_json(items, i), "history c two")) saw = 1;
  CHECK(saw);
  codex_page_free(items);

  codex_page *loaded = NULL;
  CHECK_OK(codex_loaded_threads(c, NULL, 0, &loaded, &err));
  CHECK_CONTAINS(codex_page_json(loaded), codex_thread_id(t));
  codex_page_free(loaded);

  /* Revert before the second turn: only the first is left. */
  CHECK_OK(codex_thread_revert(t, second, &err));
  codex_page *after = NULL;
  CHECK_OK(codex_thread_turns(t, NULL, 0, &after, &err));
  CHECK(codex_page_count(after) == 1);
  CHECK_CONTAINS(codex_page_item_json(after, 0), first);
  codex_page_free(after);

  CHECK_OK(codex_thread_update_metadata(t, "{\"gitInfo\":{\"branch\":\"topic-c\"}}", &err));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_update_metadata(t, "[1]", &ts_err_));
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT, codex_thread_inject_items(t, "{}", &ts_err_));
  CHECK_OK(codex_thread_unsubscribe(t, &err));

  char id[128];
  snprintf(id, sizeof id, "%s", codex_thread_id(t));
  CHECK_OK(codex_thread_delete(c, id, &err));
  char *json = NULL;
  CHECK_STATUS(CODEX_STATUS_RPC, codex_thread_read(t, false, &json, &ts_err_));
  codex_thread_free(t);
  codex_free(c);
  free(home);
}

static void config_read_write_batch(void) {
  char *home = ts_fresh_home();
  codex_client *c = tt_client(home);
  char *json = NULL;
  CHECK_OK(codex_config_read(c, NULL, false, &json, &err));
  CHECK_CONTAINS(json, "\"config\"");
  codex_string_free(json);

  CHECK_OK(codex_config_write(c, "model_reasoning_summary", "\"concise\"",
                              CODEX_MERGE_STRATEGY_UPSERT, &err));
  CHECK_OK(codex_config_read(c, NULL, false, &json, &err));
  CHECK_CONTAINS(json, "concise");
  codex_string_free(json);
  CHECK_STATUS(CODEX_STATUS_INVALID_ARGUMENT,
               codex_config_write(c, "model_reasoning_summary", "\"x\"", 7, &ts_err_));

  CHECK_OK(codex_config_batch_write(
      c, "[{\"keyPath\":\"model_reasoning_summary\",\"value\":\"detailed\",\"mergeStrategy\":\"replace\"}]",
      &err));
  CHECK_OK(codex_config_read(c, NULL, true, &json, &err));
  CHECK_CONTAINS(json, "detailed");
  codex_string_free(json);

  CHECK_OK(codex_config_requirements(c, &json, &err));
  CHECK(json != NULL);
  codex_string_free(json);
  codex_free(c);
  free(home);
}

int main(void) {
  RUN_TEST(turns_items_revert_unsubscribe_delete);
  RUN_TEST(config_read_write_batch);
  return ts_finish();
}
