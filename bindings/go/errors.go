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
)

var statusNames = map[Status]string{
	StatusOK: "ok", StatusInvalidArgument: "invalid argument", StatusTimeout: "timeout",
	StatusEnd: "end of stream", StatusCancelled: "cancelled", StatusClosed: "closed",
	StatusTransport: "transport", StatusRPC: "rpc", StatusOverloaded: "overloaded",
	StatusNotFound: "not found", StatusExpired: "expired", StatusVersion: "version",
	StatusWouldDeadlock: "would deadlock", StatusPanic: "panic", StatusInternal: "internal",
}

func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("status %d", int(s))
}

// Sentinel errors, one per status, for errors.Is. Every error this package returns for a C
// status is an *Error that matches the sentinel of its Status.
var (
	ErrInvalidArgument = errors.New("codex: invalid argument")
	ErrTimeout         = errors.New("codex: timeout")
	ErrEnd             = errors.New("codex: end of stream")
	ErrCancelled       = errors.New("codex: cancelled")
	ErrClosed          = errors.New("codex: closed")
	ErrTransport       = errors.New("codex: transport failure")
	ErrRPC             = errors.New("codex: JSON-RPC error")
	ErrOverloaded      = errors.New("codex: server overloaded")
	ErrNotFound        = errors.New("codex: not found")
	ErrExpired         = errors.New("codex: expired")
	ErrVersion         = errors.New("codex: unsupported server version")
	ErrWouldDeadlock   = errors.New("codex: would deadlock")
	ErrPanic           = errors.New("codex: panic in the library")
	ErrInternal        = errors.New("codex: internal error")

	// ErrCallbackPanic matches a *CallbackPanicError: a Go callback of yours panicked.
	ErrCallbackPanic = errors.New("codex: callback panicked")
)

var sentinels = map[Status]error{
	StatusInvalidArgument: ErrInvalidArgument, StatusTimeout: ErrTimeout, StatusEnd: ErrEnd,
	StatusCancelled: ErrCancelled, StatusClosed: ErrClosed, StatusTransport: ErrTransport,
	StatusRPC: ErrRPC, StatusOverloaded: ErrOverloaded, StatusNotFound: ErrNotFound,
	StatusExpired: ErrExpired, StatusVersion: ErrVersion, StatusWouldDeadlock: ErrWouldDeadlock,
	StatusPanic: ErrPanic, StatusInternal: ErrInternal,
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
