package codex

// The //export trampolines the C library calls (through the shims in cgo.go). user_data is
// always a runtime/cgo.Handle; the drop trampoline deletes it, so every handle lives exactly as
// long as the library holds it. They run on the client's delivery thread and never block it:
// they copy what they need and hand off to channels or goroutines.

/*
#include "codex.h"
*/
import "C"

import (
	"runtime/cgo"
	"sync/atomic"
	"unsafe"
)

// liveHandles counts handles given to the library and not yet dropped (tests check it).
var liveHandles atomic.Int64

// newHandle makes the user_data of a registration; only the drop trampoline deletes it.
func newHandle(v any) cgo.Handle {
	liveHandles.Add(1)
	return cgo.NewHandle(v)
}

// dropper is implemented by callback targets that want to know when the library lets go.
type dropper interface{ dropped() }

func handleValue(ud unsafe.Pointer) any { return cgo.Handle(uintptr(ud)).Value() }

//export codexGoDrop
func codexGoDrop(ud unsafe.Pointer) {
	h := cgo.Handle(uintptr(ud))
	if d, ok := h.Value().(dropper); ok {
		d.dropped()
	}
	h.Delete()
	liveHandles.Add(-1)
}

//export codexGoRequestDone
func codexGoRequestDone(ud unsafe.Pointer, st C.codex_status, result *C.char, e *C.codex_error) {
	w := handleValue(ud).(*requestWaiter)
	if st == C.CODEX_STATUS_OK {
		w.finish(goJSON(result), nil)
	} else {
		w.finish(nil, errorFrom(st, e))
	}
}

//export codexGoTurnDone
func codexGoTurnDone(ud unsafe.Pointer, st C.codex_status, r *C.codex_turn_result, e *C.codex_error) {
	w := handleValue(ud).(*turnWaiter)
	if st == C.CODEX_STATUS_OK {
		w.finish(copyTurnResult(r), nil)
	} else {
		w.finish(nil, errorFrom(st, e))
	}
}

//export codexGoLoginDone
func codexGoLoginDone(ud unsafe.Pointer, st C.codex_status, r *C.codex_login_result, e *C.codex_error) {
	w := handleValue(ud).(*loginWaiter)
	if st == C.CODEX_STATUS_OK {
		w.finish(copyLoginResult(r), nil)
	} else {
		w.finish(LoginResult{}, errorFrom(st, e))
	}
}

//export codexGoServerRequest
func codexGoServerRequest(ud unsafe.Pointer, req *C.codex_server_request) {
	// Owned request: the dispatcher answers and frees it on a goroutine of its own.
	handleValue(ud).(*dispatcher).dispatch(req)
}

//export codexGoLog
func codexGoLog(ud unsafe.Pointer, level C.codex_log_level, msg *C.char) {
	handleValue(ud).(*logSink).log(LogLevel(level), goString(msg))
}

// runEvents is the cgo.Handle target of a bounded run's events: they arrive on the calling
// goroutine's thread, inside the C call. A panic in the handler is kept and re-raised after the
// call (it must not unwind through C); later events skip the handler.
type runEvents struct {
	fn       func(Event)
	panicked any
}

//export codexGoRunEvent
func codexGoRunEvent(ud unsafe.Pointer, ev *C.codex_event) {
	r := handleValue(ud).(*runEvents)
	if r.panicked != nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			r.panicked = p
		}
	}()
	r.fn(copyEvent(ev))
}
