package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"time"
)

// Thread is a conversation on the server. Safe for concurrent use. Close releases the handle
// (the thread itself stays on the server).
type Thread struct {
	ID  string
	c   *Client
	ptr *C.codex_thread
	ref *cref
}

func newThread(c *Client, ptr *C.codex_thread) *Thread {
	t := &Thread{ID: goString(C.codex_thread_id(ptr)), c: c, ptr: ptr,
		ref: newCref(func() { C.codex_thread_free(ptr) })}
	runtime.SetFinalizer(t, (*Thread).Close)
	return t
}

// Close releases the handle. Idempotent.
func (t *Thread) Close() error {
	runtime.SetFinalizer(t, nil)
	t.ref.close()
	return nil
}

func (t *Thread) do(ctx context.Context, call func(p *C.codex_thread) error) error {
	return await0(ctx, t.c.closed, func() error {
		defer runtime.KeepAlive(t)
		return t.ref.with("thread", func() error { return call(t.ptr) })
	})
}

// Turn starts a turn with plain-text input (never parsed as JSON) and returns at once; read
// its Events and/or Wait for it. On a busy thread the server joins the active turn instead.
func (t *Thread) Turn(ctx context.Context, input string, params TurnParams) (*Turn, error) {
	return t.startTurn(ctx, input, false, params)
}

// TurnInput is Turn with structured input (text, images, skills, mentions).
func (t *Thread) TurnInput(ctx context.Context, input []Input, params TurnParams) (*Turn, error) {
	body, err := json.Marshal(input)
	if err != nil {
		return nil, newError(StatusInvalidArgument, "input: "+err.Error())
	}
	return t.startTurn(ctx, string(body), true, params)
}

// Run runs a turn to its end. A failed turn is a result with Status TurnFailed, not an error.
// If ctx ends first the turn is interrupted and ctx's error returned.
func (t *Thread) Run(ctx context.Context, input string, params TurnParams) (*TurnResult, error) {
	turn, err := t.Turn(ctx, input, params)
	if err != nil {
		return nil, err
	}
	defer turn.Close()
	return turn.Wait(ctx)
}

// RunBounded is Run with a deadline (counted from the call; <= 0: none): when it passes the
// library interrupts the turn and RunBounded returns its result, normally TurnInterrupted, with
// DeadlineReached set (a turn the server has not ended 5 s after that interrupt ends as
// TurnFailed). onEvent (may be nil) sees each event in order, on this goroutine, before
// RunBounded returns; the server's retries (an unreachable provider) arrive as EventRetry and do
// not extend the deadline. If ctx ends first the turn is interrupted and ctx's error returned.
func (t *Thread) RunBounded(ctx context.Context, input string, params TurnParams, deadline time.Duration,
	onEvent func(Event)) (*TurnResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var cs cstrings
	defer cs.free()
	in, err := cs.add("input", input)
	if err != nil {
		return nil, err
	}
	body, err := params.MarshalJSON()
	if err != nil {
		return nil, err
	}
	js, err := cs.json("turn params", body)
	if err != nil {
		return nil, err
	}
	deadlineMs := int64(-1)
	if deadline > 0 {
		deadlineMs = deadline.Milliseconds()
	}
	var h cgo.Handle
	events := &runEvents{fn: onEvent}
	if onEvent != nil {
		h = cgo.NewHandle(events)
		defer h.Delete()
	}
	tok, release := cancelOn(ctx, t.c.baseCtx)
	var res *TurnResult
	var st C.codex_status
	err = t.ref.with("thread", func() error {
		var out *C.codex_turn_result
		var e *C.codex_error
		st = C.go_thread_run_bounded(t.ptr, in, js, C.int64_t(deadlineMs), tok, C.uintptr_t(h), &out, &e)
		if st == C.CODEX_STATUS_CANCELLED {
			C.codex_error_free(e)
			return nil
		}
		if err := check(st, e); err != nil {
			return err
		}
		res = copyTurnResult(out)
		C.codex_turn_result_free(out)
		return nil
	})
	release()
	runtime.KeepAlive(t)
	if events.panicked != nil {
		panic(events.panicked)
	}
	if err != nil {
		return nil, err
	}
	if st == C.CODEX_STATUS_CANCELLED {
		return nil, t.c.cancelledErr(ctx)
	}
	return res, nil
}

// RunInput is Run with structured input.
func (t *Thread) RunInput(ctx context.Context, input []Input, params TurnParams) (*TurnResult, error) {
	turn, err := t.TurnInput(ctx, input, params)
	if err != nil {
		return nil, err
	}
	defer turn.Close()
	return turn.Wait(ctx)
}

func (t *Thread) startTurn(ctx context.Context, input string, structured bool, params TurnParams) (*Turn, error) {
	var cs cstrings
	defer cs.free()
	in, err := cs.add("input", input)
	if err != nil {
		return nil, err
	}
	body, err := params.MarshalJSON()
	if err != nil {
		return nil, err
	}
	js, err := cs.json("turn params", body)
	if err != nil {
		return nil, err
	}
	ptr, err := await(ctx, t.c.closed, func() (*C.codex_turn, error) {
		var out *C.codex_turn
		err := t.ref.with("thread", func() error {
			var e *C.codex_error
			if structured {
				return check(C.codex_thread_turn_input(t.ptr, in, js, &out, &e), e)
			}
			return check(C.codex_thread_turn(t.ptr, in, js, &out, &e), e)
		})
		return out, err
	}, func(p *C.codex_turn) {
		// Nobody will wait for this turn: stop it.
		C.codex_turn_interrupt(p, nil)
		C.codex_turn_free(p)
	})
	if err != nil {
		return nil, err
	}
	return newTurn(t.c, ptr)
}

// Read returns `thread/read` as raw JSON ({"thread":...}); includeTurns fills thread.turns.
func (t *Thread) Read(ctx context.Context, includeTurns bool) (json.RawMessage, error) {
	var result json.RawMessage
	err := t.do(ctx, func(p *C.codex_thread) error {
		var out *C.char
		var e *C.codex_error
		if err := check(C.codex_thread_read(p, C.bool(includeTurns), &out, &e), e); err != nil {
			return err
		}
		result = json.RawMessage(takeString(out))
		return nil
	})
	return result, err
}

// SetName names the thread.
func (t *Thread) SetName(ctx context.Context, name string) error {
	var cs cstrings
	defer cs.free()
	n, err := cs.add("name", name)
	if err != nil {
		return err
	}
	return t.do(ctx, func(p *C.codex_thread) error {
		var e *C.codex_error
		return check(C.codex_thread_set_name(p, n, &e), e)
	})
}

// Compact starts compaction of the thread's context.
func (t *Thread) Compact(ctx context.Context) error {
	return t.do(ctx, func(p *C.codex_thread) error {
		var e *C.codex_error
		return check(C.codex_thread_compact(p, &e), e)
	})
}
