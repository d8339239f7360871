package codex

/*
#include "shims.h"
*/
import "C"

import "context"

// cancelOn maps contexts onto one codex_cancel token for one blocking C call, as
// mattn/go-sqlite3 maps ctx.Done() onto sqlite3_interrupt: the token is triggered when any of
// them ends (the caller's ctx, the client's base context that Close cancels), and the call
// returns CODEX_STATUS_CANCELLED at once. release must run after the call returns: it frees the
// token once a trigger that started has finished. No goroutine outlives release, and none is
// started unless a context ends. If no context can end the token is NULL (the plain wait).
func cancelOn(ctxs ...context.Context) (tok *C.codex_cancel, release func()) {
	var live []context.Context
	for _, ctx := range ctxs {
		if ctx.Done() != nil {
			live = append(live, ctx)
		}
	}
	if len(live) == 0 {
		return nil, func() {}
	}
	tok = C.codex_cancel_new()
	stops := make([]func() bool, len(live))
	fired := make([]chan struct{}, len(live))
	for i, ctx := range live {
		done := make(chan struct{})
		fired[i] = done
		stops[i] = context.AfterFunc(ctx, func() {
			C.codex_cancel_trigger(tok)
			close(done)
		})
	}
	return tok, func() {
		for i, stop := range stops {
			if !stop() {
				<-fired[i] // the trigger started: let it finish before the token is freed
			}
		}
		C.codex_cancel_free(tok)
	}
}

// cancelledErr is the error of a wait cancelled through cancelOn(ctx, c.baseCtx).
func (c *Client) cancelledErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errClosed("client")
}
