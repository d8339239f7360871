/*
 * auth_walkthrough: every way to sign in to Codex from C, in the order of the official Python
 * SDK's "Authenticate when needed" guide.
 *
 *   1. API key       codex_login_api_key: completes at once.
 *   2. account       codex_account: who is signed in (JSON from the app-server).
 *   3. logout        codex_logout.
 *   4. browser login codex_login_chatgpt: a handle with a URL to open; codex_login_wait
 *                    returns when the browser round trip finishes.
 *   5. device code   codex_login_chatgpt_device_code: a handle with a URL and a code to type
 *                    on any device; the server polls until you confirm.
 *   6. account, logout.
 *
 * Usage:
 *   auth_walkthrough            interactive: uses $OPENAI_API_KEY (step 1 is skipped if unset)
 *                               and waits for you to finish each ChatGPT login.
 *   auth_walkthrough --offline  for tests, inside tests/fixtures/run_with_fixture.py: a
 *                               placeholder key, and the browser login is completed by fetching
 *                               its URL (the mock issuer redirects to the server's callback).
 *
 * The app-server is found like codex_options_new says: $CODEX_BIN, then `codex` on PATH. It uses
 * $CODEX_HOME (where logins are stored) like the codex CLI. Secrets are never printed.
 */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Logins take a human in the loop; give them ten minutes. */
#define HUMAN_WAIT_MS (10 * 60 * 1000)

/* Every fallible call returns a status and fills `err` on failure: report it and stop. */
static void check(codex_status status, codex_error *err, const char *what) {
  if (status == CODEX_STATUS_OK) return;
  if (status == CODEX_STATUS_TIMEOUT) {
    fprintf(stderr, "%s: timed out\n", what); /* a wait's TIMEOUT carries no error object */
  } else {
    fprintf(stderr, "%s failed (status %d): %s\n", what, (int)status,
            err ? codex_error_message(err) : "?");
    if (err && codex_error_stderr_tail(err))
      fprintf(stderr, "app-server stderr (redacted):\n%s\n", codex_error_stderr_tail(err));
  }
  codex_error_free(err);
  exit(1);
}

static void print_account(codex_client *client) {
  char *json = NULL;
  codex_error *err = NULL;
  check(codex_account(client, false, &json, &err), err, "codex_account");
  printf("  account: %s\n", json); /* {"account":{"type":...},"requiresOpenaiAuth":...} */
  codex_string_free(json);
}

static void logout(codex_client *client) {
  codex_error *err = NULL;
  check(codex_logout(client, &err), err, "codex_logout");
  printf("  logged out\n");
  print_account(client);
}

/* Waits for an interactive login and reports how it ended. A failed or cancelled login is not an
 * error: the result says success == false and carries the server's message. */
static int wait_for_login(codex_login *login) {
  codex_login_result *result = NULL;
  codex_error *err = NULL;
  check(codex_login_wait(login, HUMAN_WAIT_MS, &result, &err), err, "codex_login_wait");
  int ok = codex_login_result_success(result);
  if (ok) {
    printf("  login %s completed\n", codex_login_id(login));
  } else {
    printf("  login %s failed: %s\n", codex_login_id(login),
           codex_login_result_error(result) ? codex_login_result_error(result) : "?");
  }
  codex_login_result_free(result);
  return ok;
}

/* --offline only: play the browser by GETting the URL (python3 follows the redirects). */
static void open_url_offline(const char *url) {
  pid_t pid = fork();
  if (pid == 0) {
    execlp("python3", "python3", "-c",
           "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=20).read()",
           url, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "could not fetch the auth URL\n");
    exit(1);
  }
}

int main(int argc, char **argv) {
  int offline = argc > 1 && strcmp(argv[1], "--offline") == 0;
  codex_error *err = NULL;

  /* Start one app-server (NULL options = defaults) and complete its handshake. */
  codex_client *client = NULL;
  check(codex_new(NULL, &client, &err), err, "codex_new");
  printf("app-server %s (%s)\n", codex_client_server_version(client), codex_client_codex_home(client));

  /* 1-3. API key: completes at once; the key is stored in CODEX_HOME by the server. */
  const char *key = getenv("OPENAI_API_KEY");
  if (offline) key = "sk-offline-placeholder-key"; /* the mock accepts anything */
  if (key && *key) {
    printf("\n[1] API key login\n");
    check(codex_login_api_key(client, key, &err), err, "codex_login_api_key");
    print_account(client);
    logout(client);
  } else {
    printf("\n[1] OPENAI_API_KEY is not set: skipping the API-key login\n");
  }

  /* 4. ChatGPT in a browser: show the URL, then wait for the round trip. */
  printf("\n[2] ChatGPT browser login\n");
  codex_login *browser = NULL;
  check(codex_login_chatgpt(client, &browser, &err), err, "codex_login_chatgpt");
  printf("  open this URL in a browser on this machine:\n  %s\n", codex_login_auth_url(browser));
  if (offline) {
    open_url_offline(codex_login_auth_url(browser));
  } else {
    printf("  waiting (up to 10 minutes)...\n");
    fflush(stdout);
  }
  int browser_ok = wait_for_login(browser);
  codex_login_free(browser);
  if (browser_ok) {
    print_account(client);
    logout(client);
  }

  /* 5. ChatGPT with a device code: for machines without a browser. */
  printf("\n[3] ChatGPT device-code login\n");
  codex_login *device = NULL;
  check(codex_login_chatgpt_device_code(client, &device, &err), err,
        "codex_login_chatgpt_device_code");
  printf("  visit %s and enter the code %s\n", codex_login_verification_url(device),
         codex_login_user_code(device));
  fflush(stdout);
  int device_ok = wait_for_login(device);
  codex_login_free(device);

  /* 6. Who is signed in now, then sign out again. */
  printf("\n[4] account and logout\n");
  print_account(client);
  logout(client);

  codex_free(client);
  /* Offline, every step must have worked: that is what the test checks. */
  return (offline && !(browser_ok && device_ok)) ? 1 : 0;
}
