package codex

import (
	"context"
	"sync"
)

// cref guards one C handle: calls hold a reference while they use the pointer, and Close only
// marks it closed; the C free runs once the last call has returned. So Close never blocks on a
// call in flight, and no call ever uses a freed pointer.
type cref struct {
	mu     sync.Mutex
	refs   int
	closed bool
	freeFn func() // the C free; nil once run
}

func newCref(free func()) *cref { return &cref{freeFn: free} }

// acquire takes a reference; false once the handle is closed.
func (r *cref) acquire() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.refs++
	return true
}

func (r *cref) release() {
	r.mu.Lock()
	r.refs--
	f := r.takeFreeLocked()
	r.mu.Unlock()
	if f != nil {
		f()
	}
}

// close marks the handle closed (false if it already was) and frees it now if unused.
func (r *cref) close() bool {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return false
	}
	r.closed = true
	f := r.takeFreeLocked()
	r.mu.Unlock()
	if f != nil {
		f()
	}
	return true
}

func (r *cref) isClosed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closed
}

func (r *cref) takeFreeLocked() func() {
	if !r.closed || r.refs > 0 || r.freeFn == nil {
		return nil
	}
	f := r.freeFn
	r.freeFn = nil
	return f
}

// with runs f holding a reference, or returns ErrClosed.
func (r *cref) with(what string, f func() error) error {
	if !r.acquire() {
		return errClosed(what)
	}
	defer r.release()
	return f()
}

// await runs a blocking C call on its own goroutine so that ctx and the client's Close can end
// the wait at once. An abandoned call finishes in the background; `abandon` (may be nil) then
// disposes of what it produced (frees a handle, interrupts a turn).
func await[T any](ctx context.Context, closed <-chan struct{}, call func() (T, error), abandon func(T)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	type outcome struct {
		v   T
		err error
	}
	ch := make(chan outcome, 1)
	go func() {
		v, err := call()
		ch <- outcome{v, err}
	}()
	giveUp := func(err error) (T, error) {
		go func() {
			if o := <-ch; o.err == nil && abandon != nil {
				abandon(o.v)
			}
		}()
		return zero, err
	}
	select {
	case o := <-ch:
		return o.v, o.err
	case <-ctx.Done():
		return giveUp(ctx.Err())
	case <-closed:
		return giveUp(errClosed("client"))
	}
}

// await0 is await for calls that produce nothing.
func await0(ctx context.Context, closed <-chan struct{}, call func() error) error {
	_, err := await(ctx, closed, func() (struct{}, error) { return struct{}{}, call() }, nil)
	return err
}
