package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"iter"
	"runtime"
	"sync"
	"time"
)

// TurnStatus is how a turn ended.
type TurnStatus string

const (
	TurnCompleted   TurnStatus = "completed"
	TurnInterrupted TurnStatus = "interrupted"
	TurnFailed      TurnStatus = "failed"
)

// TurnResult is what a finished turn produced.
type TurnResult struct {
	ID, ThreadID  string
	Status        TurnStatus
	Error         string          // the message of a failed turn
	ErrorJSON     json.RawMessage // the server's TurnError object, or nil
	FinalResponse string          // the final agent message ("" if none)
	Items         json.RawMessage // every completed item, in order, as a JSON array
	Usage         json.RawMessage // ThreadTokenUsage (total, last, modelContextWindow), or nil
	TypedItems    []Item          // the same items, typed
	TokenUsage    *TokenUsage     // the same usage, typed, or nil

	StartedAt, CompletedAt int64         // server Unix seconds, -1 if not sent
	Duration               time.Duration // server-measured, -1 if not sent
	Elapsed                time.Duration // measured by the library
	WatchdogFired          bool          // the idle watchdog ended the turn
	DeadlineReached        bool          // RunBounded's deadline passed and interrupted the turn
}

func copyTurnResult(r *C.codex_turn_result) *TurnResult {
	res := &TurnResult{
		ID:              goString(C.codex_turn_result_id(r)),
		ThreadID:        goString(C.codex_turn_result_thread_id(r)),
		Error:           goString(C.codex_turn_result_error(r)),
		ErrorJSON:       goJSON(C.codex_turn_result_error_json(r)),
		FinalResponse:   goString(C.codex_turn_result_final_response(r)),
		Items:           goJSON(C.codex_turn_result_items_json(r)),
		Usage:           goJSON(C.codex_turn_result_usage_json(r)),
		StartedAt:       int64(C.codex_turn_result_started_at(r)),
		CompletedAt:     int64(C.codex_turn_result_completed_at(r)),
		Duration:        time.Duration(C.codex_turn_result_duration_ms(r)) * time.Millisecond,
		Elapsed:         time.Duration(C.codex_turn_result_elapsed_ms(r)) * time.Millisecond,
		WatchdogFired:   bool(C.codex_turn_result_watchdog_fired(r)),
		DeadlineReached: bool(C.codex_turn_result_deadline_reached(r)),
	}
	if res.Duration < 0 {
		res.Duration = -1
	}
	typedResultParts(r, res)
	switch C.codex_turn_result_status(r) {
	case C.CODEX_TURN_COMPLETED:
		res.Status = TurnCompleted
	case C.CODEX_TURN_INTERRUPTED:
		res.Status = TurnInterrupted
	default:
		res.Status = TurnFailed
	}
	return res
}

// turnWaiter is the cgo.Handle target of codex_turn_on_complete.
type turnWaiter struct {
	once   sync.Once
	ch     chan struct{} // closed when result/err are set
	result *TurnResult
	err    error
}

func (w *turnWaiter) finish(r *TurnResult, err error) {
	w.once.Do(func() {
		w.result, w.err = r, err
		close(w.ch)
	})
}

func (w *turnWaiter) dropped() { w.finish(nil, errClosed("turn")) }

// Turn is a running turn. Safe for concurrent use; Close it when done (Run does).
type Turn struct {
	ID, ThreadID string

	c         *Client
	ptr       *C.codex_turn
	ref       *cref
	done      *turnWaiter
	interrupt sync.Once
}

func newTurn(c *Client, ptr *C.codex_turn) (*Turn, error) {
	t := &Turn{
		ID:       goString(C.codex_turn_id(ptr)),
		ThreadID: goString(C.codex_turn_thread_id(ptr)),
		c:        c,
		ptr:      ptr,
		ref:      newCref(func() { C.codex_turn_free(ptr) }),
		done:     &turnWaiter{ch: make(chan struct{})},
	}
	// Completion comes by callback (on the delivery thread, into a channel), so Wait can select
	// on ctx; events are pulled, so an undrained turn never holds the delivery thread.
	h := newHandle(t.done) // deleted by the drop trampoline
	var e *C.codex_error
	if err := check(C.go_turn_on_complete(ptr, C.uintptr_t(h), &e), e); err != nil {
		t.ref.close()
		return nil, err
	}
	runtime.SetFinalizer(t, (*Turn).Close)
	return t, nil
}

// Close releases the handle (the turn goes on unless interrupted). Idempotent.
func (t *Turn) Close() error {
	runtime.SetFinalizer(t, nil)
	t.ref.close()
	return nil
}

// Wait waits for the turn to end. A failed turn is a result with Status TurnFailed, not an
// error. If ctx ends first the turn is interrupted (in the background) and ctx's error is
// returned at once; Wait again to see the interrupted result. ErrClosed if the client closes.
func (t *Turn) Wait(ctx context.Context) (*TurnResult, error) {
	select {
	case <-t.done.ch:
		return t.done.result, t.done.err
	default:
	}
	select {
	case <-t.done.ch:
		return t.done.result, t.done.err
	case <-ctx.Done():
		t.interruptInBackground()
		return nil, ctx.Err()
	case <-t.c.closed:
		return nil, errClosed("client")
	}
}

// Done is closed when the turn has ended (Wait then returns at once).
func (t *Turn) Done() <-chan struct{} { return t.done.ch }

func (t *Turn) interruptInBackground() {
	t.interrupt.Do(func() {
		// Take the reference now, so a Close right after Wait returns cannot free the handle
		// before the interrupt is sent.
		if !t.ref.acquire() {
			return
		}
		go func() {
			defer t.ref.release()
			select {
			case <-t.done.ch:
				return
			default:
			}
			C.codex_turn_interrupt(t.ptr, nil) // held until the turn is active; OK if it has ended
		}()
	})
}

// Events iterates over the turn's events in order, ending after turn/completed. Breaking out
// early is fine; events you do not read are kept for later and never hold up other turns or
// approvals. A non-nil error (ErrClosed, ErrTransport, ...) is the last thing yielded.
func (t *Turn) Events() iter.Seq2[Event, error] {
	return t.EventsContext(context.Background())
}

// EventsContext is Events that also stops, yielding ctx's error, when ctx ends.
func (t *Turn) EventsContext(ctx context.Context) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for {
			ev, err, ok := t.next(ctx)
			if !ok {
				return
			}
			if !yield(ev, err) || err != nil {
				return
			}
		}
	}
}

// next pulls one event: ok false at the end of the stream. It blocks in the library with no
// limit; ctx ending cancels the wait (codex_cancel), and a closed client ends it with ErrClosed.
func (t *Turn) next(ctx context.Context) (ev Event, err error, ok bool) {
	if err := ctx.Err(); err != nil {
		return Event{}, err, true
	}
	tok, release := cancelOn(ctx, t.c.baseCtx)
	defer release()
	var st C.codex_status
	err = t.ref.with("turn", func() error {
		var out *C.codex_event
		var e *C.codex_error
		st = C.codex_turn_next_event_cancellable(t.ptr, -1, tok, &out, &e)
		switch st {
		case C.CODEX_STATUS_OK:
			ev = takeEvent(out)
			return nil
		case C.CODEX_STATUS_END:
			return nil
		case C.CODEX_STATUS_CANCELLED:
			C.codex_error_free(e)
			return nil
		}
		return check(st, e)
	})
	runtime.KeepAlive(t)
	switch {
	case err != nil:
		return Event{}, err, true
	case st == C.CODEX_STATUS_OK:
		return ev, nil, true
	case st == C.CODEX_STATUS_END:
		return Event{}, nil, false
	default: // cancelled: ctx ended or the client closed
		return Event{}, t.c.cancelledErr(ctx), true
	}
}

func (t *Turn) do(ctx context.Context, call func(p *C.codex_turn) error) error {
	return await0(ctx, t.c.closed, func() error {
		defer runtime.KeepAlive(t)
		return t.ref.with("turn", func() error { return call(t.ptr) })
	})
}

// Steer adds plain-text input to the running turn. ErrRPC if it is no longer active.
func (t *Turn) Steer(ctx context.Context, text string) error {
	var cs cstrings
	defer cs.free()
	s, err := cs.add("text", text)
	if err != nil {
		return err
	}
	return t.do(ctx, func(p *C.codex_turn) error {
		var e *C.codex_error
		return check(C.codex_turn_steer(p, s, &e), e)
	})
}

// SteerInput is Steer with structured input.
func (t *Turn) SteerInput(ctx context.Context, input []Input) error {
	body, err := json.Marshal(input)
	if err != nil {
		return newError(StatusInvalidArgument, "input: "+err.Error())
	}
	var cs cstrings
	defer cs.free()
	s, err := cs.add("input", string(body))
	if err != nil {
		return err
	}
	return t.do(ctx, func(p *C.codex_turn) error {
		var e *C.codex_error
		return check(C.codex_turn_steer_input(p, s, &e), e)
	})
}

// Interrupt stops the turn; it then ends with TurnInterrupted (TurnCompleted if it finished
// first). It works from the moment Turn returns: the library holds an interrupt asked for
// before the server has activated the turn and sends it then. A turn that has ended is nil.
func (t *Turn) Interrupt(ctx context.Context) error {
	return t.do(ctx, func(p *C.codex_turn) error {
		var e *C.codex_error
		return check(C.codex_turn_interrupt(p, &e), e)
	})
}

// SetIdleTimeout overrides the idle watchdog for this turn (0 turns it off).
func (t *Turn) SetIdleTimeout(d time.Duration) error {
	return t.ref.with("turn", func() error {
		var e *C.codex_error
		return check(C.codex_turn_set_idle_timeout_ms(t.ptr, millis(d), &e), e)
	})
}
