package codex

/*
#include "codex.h"
*/
import "C"

import (
	"context"
	"iter"
	"runtime"
)

// AttachTurn returns a handle on an existing turn of a thread: one this program did not start
// (review/start through Request, whose result has turn.id; the compaction turn after
// Thread.Compact, announced by its turn/started on a ThreadStream; a goal continuation), with
// the same Events, Wait and Interrupt as a started one. It replays the turn from its first
// event within the retention caps; an EventGap event stands for what they dropped, and the
// result stays exact. ErrNotFound once the turn is no longer kept.
func (c *Client) AttachTurn(threadID, turnID string) (*Turn, error) {
	var cs cstrings
	defer cs.free()
	th, err := cs.add("thread id", threadID)
	if err != nil {
		return nil, err
	}
	tu, err := cs.add("turn id", turnID)
	if err != nil {
		return nil, err
	}
	var out *C.codex_turn
	err = c.ref.with("client", func() error {
		var e *C.codex_error
		return check(C.codex_turn_attach(c.ptr, th, tu, &out, &e), e)
	})
	if err != nil {
		return nil, err
	}
	return newTurn(c, out)
}

// ThreadStream is everything scoped to one thread from the moment it was opened: the events of
// each of its turns (also turns this program did not start: their turn/started announces them)
// and the thread's own notifications, in server order. A stream that lags past its cap gets
// one EventGap event. Close it when done (a finalizer also does).
type ThreadStream struct {
	ThreadID string

	c   *Client
	ptr *C.codex_thread_stream
	ref *cref
}

// ThreadStream subscribes to everything scoped to threadID from now on. Those events still
// reach turn handles and NextNotification as before.
func (c *Client) ThreadStream(threadID string) (*ThreadStream, error) {
	var cs cstrings
	defer cs.free()
	th, err := cs.add("thread id", threadID)
	if err != nil {
		return nil, err
	}
	var out *C.codex_thread_stream
	err = c.ref.with("client", func() error {
		var e *C.codex_error
		return check(C.codex_thread_stream_open(c.ptr, th, &out, &e), e)
	})
	if err != nil {
		return nil, err
	}
	ptr := out
	s := &ThreadStream{ThreadID: threadID, c: c, ptr: ptr, ref: newCref(func() { C.codex_thread_stream_free(ptr) })}
	runtime.SetFinalizer(s, (*ThreadStream).Close)
	return s, nil
}

// Close closes the stream. Idempotent.
func (s *ThreadStream) Close() error {
	runtime.SetFinalizer(s, nil)
	s.ref.close()
	return nil
}

// Next waits for the stream's next event. ctx ending returns ctx's error at once (no event is
// lost); ErrClosed once the client is closed.
func (s *ThreadStream) Next(ctx context.Context) (Event, error) {
	if err := ctx.Err(); err != nil {
		return Event{}, err
	}
	tok, release := cancelOn(ctx, s.c.baseCtx)
	defer release()
	var ev Event
	var st C.codex_status
	err := s.ref.with("thread stream", func() error {
		var out *C.codex_event
		var e *C.codex_error
		st = C.codex_thread_stream_next_event_cancellable(s.ptr, -1, tok, &out, &e)
		if st == C.CODEX_STATUS_CANCELLED {
			C.codex_error_free(e)
			return nil
		}
		if err := check(st, e); err != nil {
			return err
		}
		ev = takeEvent(out)
		return nil
	})
	runtime.KeepAlive(s)
	if err == nil && st == C.CODEX_STATUS_CANCELLED {
		return Event{}, s.c.cancelledErr(ctx)
	}
	return ev, err
}

// Events yields the stream's events until ctx ends or an error (yielded last).
func (s *ThreadStream) Events(ctx context.Context) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for {
			ev, err := s.Next(ctx)
			if !yield(ev, err) || err != nil {
				return
			}
		}
	}
}
