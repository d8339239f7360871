/* C shims: callbacks with the exact (const-qualified) types of codex.h that forward to the Go
 * trampolines, and wrappers that register them. They live in a .c file because a Go file with
 * //export may only declare C functions in its preamble. C never holds a Go pointer: user_data
 * is a runtime/cgo.Handle (an integer) that the drop trampoline deletes. */
#include "shims.h"

/* Exported by trampolines.go (signatures as cgo writes them in _cgo_export.h). */
extern void codexGoDrop(void *);
extern void codexGoRequestDone(void *, codex_status, char *, codex_error *);
extern void codexGoTurnDone(void *, codex_status, codex_turn_result *, codex_error *);
extern void codexGoLoginDone(void *, codex_status, codex_login_result *, codex_error *);
extern void codexGoServerRequest(void *, codex_server_request *);
extern void codexGoLog(void *, codex_log_level, char *);
extern void codexGoRunEvent(void *, codex_event *);

static void shim_request(void *ud, codex_status st, const char *res, const codex_error *e) {
  codexGoRequestDone(ud, st, (char *)res, (codex_error *)e);
}
static void shim_turn(void *ud, codex_status st, const codex_turn_result *r, const codex_error *e) {
  codexGoTurnDone(ud, st, (codex_turn_result *)r, (codex_error *)e);
}
static void shim_login(void *ud, codex_status st, const codex_login_result *r, const codex_error *e) {
  codexGoLoginDone(ud, st, (codex_login_result *)r, (codex_error *)e);
}
static void shim_server_request(void *ud, codex_server_request *req) { codexGoServerRequest(ud, req); }
static void shim_run_event(void *ud, const codex_event *ev) { codexGoRunEvent(ud, (codex_event *)ev); }
static void shim_log(void *ud, codex_log_level level, const char *msg) {
  codexGoLog(ud, level, (char *)msg);
}

codex_status go_request_async(const codex_client *c, const char *method, const char *params,
                              int64_t timeout_ms, uintptr_t h, codex_error **err) {
  return codex_request_async(c, method, params, timeout_ms, shim_request, (void *)h, codexGoDrop, err);
}
codex_status go_turn_on_complete(const codex_turn *t, uintptr_t h, codex_error **err) {
  return codex_turn_on_complete(t, shim_turn, (void *)h, codexGoDrop, err);
}
codex_status go_login_on_complete(const codex_login *l, uintptr_t h, codex_error **err) {
  return codex_login_on_complete(l, shim_login, (void *)h, codexGoDrop, err);
}
codex_status go_set_server_request_handler(const codex_client *c, uintptr_t h, codex_error **err) {
  if (h == 0) return codex_set_server_request_handler(c, NULL, NULL, NULL, err);
  return codex_set_server_request_handler(c, shim_server_request, (void *)h, codexGoDrop, err);
}
codex_status go_options_set_log(codex_options *o, codex_log_level max, uintptr_t h, codex_error **err) {
  return codex_options_set_log_callback(o, max, shim_log, (void *)h, codexGoDrop, err);
}
codex_status go_thread_run_bounded(const codex_thread *t, const char *text, const char *params,
                                   int64_t deadline_ms, const codex_cancel *cancel, uintptr_t h,
                                   codex_turn_result **out, codex_error **err) {
  return codex_thread_run_bounded(t, text, params, deadline_ms, cancel, h ? shim_run_event : NULL, (void *)h,
                                  out, err);
}
