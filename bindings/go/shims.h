/* C shims between codex.h and the Go trampolines (trampolines.go); see shims.c. */
#ifndef CODEX_GO_SHIMS_H
#define CODEX_GO_SHIMS_H

#include <stdint.h>
#include "codex.h"

/* user_data is a runtime/cgo.Handle value, passed as an integer. */
codex_status go_request_async(const codex_client *c, const char *method, const char *params,
                              int64_t timeout_ms, uintptr_t h, codex_error **err);
codex_status go_turn_on_complete(const codex_turn *t, uintptr_t h, codex_error **err);
codex_status go_login_on_complete(const codex_login *l, uintptr_t h, codex_error **err);
/* h == 0 removes the handler. */
codex_status go_set_server_request_handler(const codex_client *c, uintptr_t h, codex_error **err);
/* codex_thread_run_bounded with the Go event trampoline (h: the run's cgo.Handle; 0 = no events). */
codex_status go_thread_run_bounded(const codex_thread *t, const char *text, const char *params,
                                   int64_t deadline_ms, const codex_cancel *cancel, uintptr_t h,
                                   codex_turn_result **out, codex_error **err);
codex_status go_options_set_log(codex_options *o, codex_log_level max, uintptr_t h, codex_error **err);

#endif
