package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/cgo"
	"runtime/debug"
	"sync"
	"time"
)

// ServerRequest is a request from the server the client must answer: an approval
// ("item/commandExecution/requestApproval", "item/fileChange/requestApproval", ...), a
// question for the user, an elicitation.
type ServerRequest struct {
	Method   string
	ID       json.RawMessage // a JSON number or string
	Params   json.RawMessage
	ThreadID string
	TurnID   string

	// The typed view (decoded by the library when the request arrived); "" / nil where it
	// does not apply. See Kind.
	Kind              RequestKind
	ItemID            string   // the item the request is about
	Command           string   // command approval
	Cwd               string   // command approval, permission request
	Reason            string   // approvals, permission request
	GrantRoot         string   // file-change approval: a root to write under for the session
	PermissionsJSON   string   // permission request: the RequestPermissionProfile asked for
	ProposedAmendment []string // command approval: a command prefix to allow from now on
	OfferedDecisions  []string // command approval: "accept", "acceptForSession", "decline", ...
	Questions         []Question
	ToolName          string          // dynamic tool call: the tool the model called
	ToolNamespace     string          // dynamic tool call: its namespace ("" for plain tools)
	ToolArguments     json.RawMessage // dynamic tool call: the arguments the model passed
	CallID            string          // dynamic tool call: its id

	h *requestHandle
}

// requestHandle is the C request while it may still be answered through Answer.
type requestHandle struct {
	mu sync.Mutex
	p  *C.codex_server_request
}

// ServerRequestHandler answers a server request. Return the result JSON to send, e.g.
// codex.Decision("accept"), or answer with req.Answer(codex.DecisionAccept) and return
// (nil, nil); return (nil, nil) without answering, or an error, to send the library's safe
// default (decline approvals, grant nothing). It runs on its own goroutine, so it may block and may
// call the client; ctx ends when the server-request timeout passes or the client closes.
// A panic is recovered, reported to Options.OnCallbackError, and the safe default is sent.
type ServerRequestHandler func(ctx context.Context, req *ServerRequest) (json.RawMessage, error)

// dispatcher is the cgo.Handle target of the server-request callback. It holds no reference
// to the Client, so a forgotten Client can still be finalized.
type dispatcher struct {
	handler ServerRequestHandler
	onError func(error)
	base    context.Context
	timeout time.Duration
}

// dispatch runs on the delivery thread: it copies the request and returns at once.
func (d *dispatcher) dispatch(req *C.codex_server_request) {
	sr := &ServerRequest{
		Method:   goString(C.codex_server_request_method(req)),
		ID:       goJSON(C.codex_server_request_id(req)),
		Params:   goJSON(C.codex_server_request_params(req)),
		ThreadID: goString(C.codex_server_request_thread_id(req)),
		TurnID:   goString(C.codex_server_request_turn_id(req)),
		h:        &requestHandle{p: req},
	}
	copyTypedRequest(req, sr)
	go d.answer(req, sr)
}

func (d *dispatcher) answer(req *C.codex_server_request, sr *ServerRequest) {
	// Freeing unanswered sends the safe default, so every path below ends in an answer.
	defer func() {
		sr.h.mu.Lock()
		sr.h.p = nil
		sr.h.mu.Unlock()
		C.codex_server_request_free(req)
	}()
	result, err := d.call(sr)
	if err != nil {
		report(d.onError, fmt.Errorf("codex: server request handler for %s: %w", sr.Method, err))
		return
	}
	if result == nil {
		return
	}
	var cs cstrings
	defer cs.free()
	js, err := cs.add("result", string(result))
	if err == nil {
		var e *C.codex_error
		err = check(C.codex_server_request_respond(req, js, &e), e)
	}
	if err != nil && !errors.Is(err, ErrClosed) {
		report(d.onError, fmt.Errorf("codex: answering %s: %w", sr.Method, err))
	}
}

// call runs the user's handler, turning a panic into an error.
func (d *dispatcher) call(sr *ServerRequest) (result json.RawMessage, err error) {
	defer func() {
		if v := recover(); v != nil {
			result, err = nil, &CallbackPanicError{Callback: "server request handler", Value: v, Stack: string(debug.Stack())}
		}
	}()
	ctx, cancel := context.WithTimeout(d.base, d.timeout)
	defer cancel()
	result, err = d.handler(ctx, sr)
	if err == nil && result != nil && !json.Valid(result) {
		err = newError(StatusInvalidArgument, "handler returned invalid JSON")
	}
	return result, err
}

// SetServerRequestHandler sets (or with nil removes) the handler for server requests. Without
// one the library answers safely: approvals are declined.
func (c *Client) SetServerRequestHandler(h ServerRequestHandler) error {
	c.handlerMu.Lock()
	defer c.handlerMu.Unlock()
	return c.ref.with("client", func() error {
		var handle cgo.Handle // 0 removes the handler
		if h != nil {
			// Made only once the call is sure to happen: the library's drop deletes it.
			handle = newHandle(&dispatcher{handler: h, onError: c.onError, base: c.baseCtx,
				timeout: c.handlerTimeout})
		}
		var e *C.codex_error
		return check(C.go_set_server_request_handler(c.ptr, C.uintptr_t(handle), &e), e)
	})
}

func report(onError func(error), err error) {
	if onError == nil {
		return
	}
	defer func() { _ = recover() }() // a panicking error hook must not take the process down
	onError(err)
}

func reportPanic(onError func(error), callback string, v any) {
	report(onError, &CallbackPanicError{Callback: callback, Value: v, Stack: string(debug.Stack())})
}
