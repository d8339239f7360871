package codex

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Status is the C library's codex_status: one per kind of failure.
type Status int

// The statuses of codex.h; the values are the C ones and never change.
const (
	StatusOK              Status = 0
	StatusInvalidArgument Status = 1
	StatusTimeout         Status = 2
	StatusEnd             Status = 3
	StatusCancelled       Status = 4
	StatusClosed          Status = 5
	StatusTransport       Status = 6
	StatusRPC             Status = 7
	StatusOverloaded      Status = 8
	StatusNotFound        Status = 9
	StatusExpired         Status = 10
	StatusVersion         Status = 11
	StatusWouldDeadlock   Status = 12
	StatusPanic           Status = 13
	StatusInternal        Status = 14
	StatusAuth            Status = 15
)

// String is the status's C name, e.g. "CODEX_STATUS_TIMEOUT", from the library's
// codex_status_str, so every language prints the same names. A value the library does not know
// gives "CODEX_STATUS_UNKNOWN(n)".
func (s Status) String() string {
	name := statusName(s)
	if name == "CODEX_STATUS_UNKNOWN" {
		return fmt.Sprintf("%s(%d)", name, int(s))
	}
	return name
}

func sentinel(s Status) error { return errors.New("codex: " + s.String()) }

// Sentinel errors, one per status, for errors.Is. Every error this package returns for a C
// status is an *Error that matches the sentinel of its Status.
var (
	ErrInvalidArgument = sentinel(StatusInvalidArgument)
	ErrTimeout         = sentinel(StatusTimeout)
	ErrEnd             = sentinel(StatusEnd)
	ErrCancelled       = sentinel(StatusCancelled)
	ErrClosed          = sentinel(StatusClosed)
	ErrTransport       = sentinel(StatusTransport)
	ErrRPC             = sentinel(StatusRPC)
	ErrOverloaded      = sentinel(StatusOverloaded)
	ErrNotFound        = sentinel(StatusNotFound)
	ErrExpired         = sentinel(StatusExpired)
	ErrVersion         = sentinel(StatusVersion)
	ErrWouldDeadlock   = sentinel(StatusWouldDeadlock)
	ErrPanic           = sentinel(StatusPanic)
	ErrInternal        = sentinel(StatusInternal)
	// ErrAuth: a remote app-server refused the connection's credentials (missing, invalid or
	// expired).
	ErrAuth = sentinel(StatusAuth)

	// ErrCallbackPanic matches a *CallbackPanicError: a Go callback of yours panicked.
	ErrCallbackPanic = errors.New("codex: callback panicked")
)

var sentinels = map[Status]error{
	StatusInvalidArgument: ErrInvalidArgument, StatusTimeout: ErrTimeout, StatusEnd: ErrEnd,
	StatusCancelled: ErrCancelled, StatusClosed: ErrClosed, StatusTransport: ErrTransport,
	StatusRPC: ErrRPC, StatusOverloaded: ErrOverloaded, StatusNotFound: ErrNotFound,
	StatusExpired: ErrExpired, StatusVersion: ErrVersion, StatusWouldDeadlock: ErrWouldDeadlock,
	StatusPanic: ErrPanic, StatusInternal: ErrInternal, StatusAuth: ErrAuth,
}

// Error is a failure reported by the C library (or an argument this package rejected before
// calling it). Use errors.Is with the Err* sentinels, or errors.As to read the details.
type Error struct {
	Status  Status
	Message string
	// Code and Data are the JSON-RPC error's code and data (Status == StatusRPC), else 0 / nil.
	Code int64
	Data json.RawMessage
	// StderrTail is the end of the app-server's stderr (secrets redacted) for transport errors.
	StderrTail string
}

// RPCError is the same type as Error: a JSON-RPC error is an *Error with StatusRPC, Code, Data.
type RPCError = Error

func (e *Error) Error() string {
	msg := "codex: " + e.Status.String()
	if e.Message != "" && e.Message != e.Status.String() {
		msg += ": " + e.Message
	}
	if e.Code != 0 {
		msg += fmt.Sprintf(" (code %d)", e.Code)
	}
	return msg
}

// Is makes errors.Is(err, ErrRPC) and friends work.
func (e *Error) Is(target error) bool {
	s, ok := sentinels[e.Status]
	return ok && s == target
}

func newError(st Status, msg string) *Error { return &Error{Status: st, Message: msg} }

func errClosed(what string) *Error { return newError(StatusClosed, what+" is closed") }

// CallbackPanicError is what a recovered panic in one of your callbacks becomes. It is handed
// to Options.OnCallbackError; the library then applies its safe default (a server request is
// declined).
type CallbackPanicError struct {
	Callback string // which callback, e.g. "server request handler"
	Value    any    // what was passed to panic
	Stack    string
}

func (e *CallbackPanicError) Error() string {
	return fmt.Sprintf("codex: %s panicked: %v", e.Callback, e.Value)
}

func (e *CallbackPanicError) Is(target error) bool { return target == ErrCallbackPanic }
