package codex

/*
#include <stdlib.h>
#include "codex.h"
*/
import "C"

// RequestKind is what a server request asks for (codex_server_request_kind_t).
type RequestKind int

const (
	RequestOther              RequestKind = 0 // read Method and Params
	RequestCommandApproval    RequestKind = 1
	RequestFileChangeApproval RequestKind = 2
	RequestPermissions        RequestKind = 3
	RequestUserInput          RequestKind = 4
	RequestMcpElicitation     RequestKind = 5
	RequestDynamicToolCall    RequestKind = 6 // read ToolName, ToolArguments, CallID; answer with AnswerTool
)

// DecisionKind is a typed answer to a server request (codex_decision_t). DecisionDecline is
// the safe default.
type DecisionKind uint32

const (
	DecisionDecline          DecisionKind = 0
	DecisionAccept           DecisionKind = 1
	DecisionAcceptForSession DecisionKind = 2
	DecisionCancel           DecisionKind = 3
)

// Question is one question of a user-input request.
type Question struct {
	ID, Header, Text string
	Options          []string // option labels (empty = free text)
}

func copyTypedRequest(req *C.codex_server_request, sr *ServerRequest) {
	sr.Kind = RequestKind(C.codex_server_request_kind(req))
	sr.ItemID = goString(C.codex_server_request_item_id(req))
	sr.Command = goString(C.codex_server_request_command(req))
	sr.Cwd = goString(C.codex_server_request_cwd(req))
	sr.Reason = goString(C.codex_server_request_reason(req))
	sr.GrantRoot = goString(C.codex_server_request_grant_root(req))
	sr.PermissionsJSON = goString(C.codex_server_request_permissions_json(req))
	sr.ToolName = goString(C.codex_server_request_tool_name(req))
	sr.ToolNamespace = goString(C.codex_server_request_tool_namespace(req))
	if args := C.codex_server_request_tool_arguments(req); args != nil {
		sr.ToolArguments = goJSON(args)
	}
	sr.CallID = goString(C.codex_server_request_call_id(req))
	for i, n := C.size_t(0), C.codex_server_request_amendment_count(req); i < n; i++ {
		sr.ProposedAmendment = append(sr.ProposedAmendment, goString(C.codex_server_request_amendment(req, i)))
	}
	for i, n := C.size_t(0), C.codex_server_request_decision_count(req); i < n; i++ {
		sr.OfferedDecisions = append(sr.OfferedDecisions, goString(C.codex_server_request_decision(req, i)))
	}
	for i, n := C.size_t(0), C.codex_server_request_question_count(req); i < n; i++ {
		q := Question{
			ID:     goString(C.codex_server_request_question_id(req, i)),
			Header: goString(C.codex_server_request_question_header(req, i)),
			Text:   goString(C.codex_server_request_question_text(req, i)),
		}
		for j, m := C.size_t(0), C.codex_server_request_question_option_count(req, i); j < m; j++ {
			q.Options = append(q.Options, goString(C.codex_server_request_question_option(req, i, j)))
		}
		sr.Questions = append(sr.Questions, q)
	}
}

func (r *ServerRequest) withHandle(call func(p *C.codex_server_request) error) error {
	if r.h == nil {
		return newError(StatusInvalidArgument, "this ServerRequest was not received by a handler")
	}
	r.h.mu.Lock()
	defer r.h.mu.Unlock()
	if r.h.p == nil {
		return newError(StatusExpired, "the request was already answered (its handler returned)")
	}
	return call(r.h.p)
}

// SetAnswer sets the answer to question i of a user-input request (an option label or free
// text), sent by Answer(DecisionAccept). Call it from the handler, before it returns.
func (r *ServerRequest) SetAnswer(i int, answer string) error {
	if i < 0 {
		return newError(StatusInvalidArgument, "negative question index")
	}
	return r.withHandle(func(p *C.codex_server_request) error {
		var cs cstrings
		defer cs.free()
		a, err := cs.add("answer", answer)
		if err != nil {
			return err
		}
		var e *C.codex_error
		return check(C.codex_server_request_set_answer(p, C.size_t(i), a, &e), e)
	})
}

// Answer answers with a typed decision (see codex_server_request_answer), from the handler,
// before it returns; the handler then returns (nil, nil). ErrExpired-like error if the
// request was already answered.
func (r *ServerRequest) Answer(d DecisionKind) error {
	return r.withHandle(func(p *C.codex_server_request) error {
		var e *C.codex_error
		return check(C.codex_server_request_answer(p, C.uint32_t(d), &e), e)
	})
}
