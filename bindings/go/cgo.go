package codex

// The cgo layer: helpers for strings and errors. Where the header and the library are found is
// in link_pkgconfig.go (default: pkg-config's codex.pc) or link_checkout.go (-tags
// codex_checkout). The callback shims are in shims.c, the trampolines they call in trampolines.go.

/*
#include <stdlib.h>
#include "codex.h"
*/
import "C"

import (
	"encoding/json"
	"strings"
	"time"
	"unsafe"
)

// cstrings collects C copies of Go strings so one deferred free releases them all.
type cstrings []*C.char

// add copies s to C memory. Strings with interior NULs are rejected before any C call,
// because C would silently cut them.
func (cs *cstrings) add(name, s string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, newError(StatusInvalidArgument, name+" contains a NUL byte")
	}
	p := C.CString(s)
	*cs = append(*cs, p)
	return p, nil
}

// opt is add for optional arguments: "" becomes NULL.
func (cs *cstrings) opt(name, s string) (*C.char, error) {
	if s == "" {
		return nil, nil
	}
	return cs.add(name, s)
}

// json copies optional JSON: nil or empty becomes NULL (the library's `{}`).
func (cs *cstrings) json(name string, raw []byte) (*C.char, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	return cs.add(name, string(raw))
}

func (cs *cstrings) free() {
	for _, p := range *cs {
		C.free(unsafe.Pointer(p))
	}
	*cs = nil
}

// goString copies a borrowed C string; NULL becomes "".
func goString(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// goJSON copies borrowed NUL-terminated JSON text; NULL becomes nil.
func goJSON(p *C.char) json.RawMessage {
	if p == nil {
		return nil
	}
	return json.RawMessage(C.GoString(p))
}

// takeString copies and frees an owned `char **` output.
func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	defer C.codex_string_free(p)
	return C.GoString(p)
}

// check turns a status and its error object into a Go error (nil on OK), freeing the object.
func check(st C.codex_status, e *C.codex_error) error {
	if st == C.CODEX_STATUS_OK {
		return nil
	}
	defer C.codex_error_free(e)
	return errorFrom(st, e)
}

// errorFrom copies a status and a borrowed error object (may be NULL) into an *Error.
func errorFrom(st C.codex_status, e *C.codex_error) *Error {
	err := &Error{Status: Status(st)}
	if e == nil {
		err.Message = Status(st).String()
		return err
	}
	err.Status = Status(C.codex_error_status(e))
	err.Message = goString(C.codex_error_message(e))
	err.Code = int64(C.codex_error_rpc_code(e))
	err.Data = goJSON(C.codex_error_rpc_data(e))
	err.StderrTail = goString(C.codex_error_stderr_tail(e))
	return err
}

// millis converts a Go duration to the library's milliseconds (at least 1 for a positive one).
func millis(d time.Duration) C.int64_t {
	ms := d.Milliseconds()
	if ms == 0 && d > 0 {
		ms = 1
	}
	return C.int64_t(ms)
}

// statusName is codex_status_str: the C name of any status value (static, never NULL).
func statusName(s Status) string { return C.GoString(C.codex_status_str(C.uint32_t(s))) }

// Version is the C library's version ("MAJOR.MINOR.PATCH").
func Version() string { return C.GoString(C.codex_version()) }
