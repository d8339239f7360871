/* A program outside the checkout, built against the installed library (pkg-config, shared and
 * static): one turn against the offline fixture's loopback model (run.sh runs it inside
 * tests/fixtures/run_with_fixture.py, which exports CODEX_BIN and CODEX_HOME). */
#include <codex.h>

#include <stdio.h>
#include <string.h>

static int fail(const char *what, codex_status st, codex_error *err) {
  fprintf(stderr, "%s: %s: %s\n", what, codex_status_str((uint32_t)st), err ? codex_error_message(err) : "");
  codex_error_free(err);
  return 1;
}

int main(void) {
  const char *prompt = "Hello from an installed libcodex";
  codex_error *err = NULL;
  codex_client *client = NULL;
  codex_status st = codex_new(NULL, &client, &err);
  if (st != CODEX_STATUS_OK) return fail("codex_new", st, err);
  printf("libcodex %s (%u), app-server %s\n", codex_version(), (unsigned)codex_version_number(),
         codex_client_server_version(client));
  int rc = 1;
  codex_thread *thread = NULL;
  codex_turn_result *result = NULL;
  if ((st = codex_login_api_key(client, "sk-offline-install-test", &err)) != CODEX_STATUS_OK) {
    rc = fail("login", st, err);
  } else if ((st = codex_thread_start(client, NULL, &thread, &err)) != CODEX_STATUS_OK) {
    rc = fail("thread start", st, err);
  } else if ((st = codex_thread_run(thread, prompt, NULL, NULL, NULL, &result, &err)) != CODEX_STATUS_OK) {
    rc = fail("run", st, err);
  } else {
    const char *text = codex_turn_result_final_response(result); /* NULL when the turn failed */
    char want[128];
    snprintf(want, sizeof want, "You said: %s", prompt);
    printf("turn %d: %s\n", (int)codex_turn_result_status(result), text ? text : "(none)");
    rc = codex_turn_result_status(result) == CODEX_TURN_COMPLETED && text && strcmp(text, want) == 0 ? 0 : 1;
  }
  codex_turn_result_free(result);
  codex_thread_free(thread);
  codex_free(client);
  return rc;
}
