package codex_test

// Turn control (issue 15). These run as their own ctest entry (go_test_control, serial): they
// assert timings and start many turns.

import (
	"context"
	"fmt"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// Cancelling the ctx right after Turn returns (before the server has activated the turn), at
// offsets 0..50 ms, 5 times each: Wait returns the ctx's error at once, the turn ends
// interrupted, and the thread's next turn completes normally.
func TestControlCancelRightAfterTurn(t *testing.T) {
	c := newClient(t)
	ctx, stop := context.WithTimeout(context.Background(), 300*time.Second)
	defer stop()
	th := startThread(t, c, codex.ThreadParams{})
	for _, offset := range []int{0, 1, 2, 5, 10, 20, 50} {
		var worst time.Duration
		for k := 0; k < 5; k++ {
			turnCtx, cancel := context.WithCancel(ctx)
			turn, err := th.Turn(turnCtx, fmt.Sprintf("hold at offset %d try %d", offset, k), codex.TurnParams{})
			must(t, err)
			time.Sleep(time.Duration(offset) * time.Millisecond)
			cancel()
			start := time.Now()
			if _, err := turn.Wait(turnCtx); err != context.Canceled {
				t.Fatalf("offset %d try %d: Wait with a cancelled ctx: %v", offset, k, err)
			}
			res, err := turn.Wait(ctx)
			must(t, err)
			if d := time.Since(start); d > worst {
				worst = d
			}
			if res.Status != codex.TurnInterrupted {
				t.Fatalf("offset %d try %d: status %s (%s), want interrupted", offset, k, res.Status, res.Error)
			}
			turn.Close()
		}
		if worst > 5*time.Second {
			t.Errorf("offset %d: slowest cancel to interrupted result %v", offset, worst)
		}
		next := fmt.Sprintf("after offset %d", offset)
		res, err := th.Run(ctx, next, codex.TurnParams{})
		must(t, err)
		if res.Status != codex.TurnCompleted || res.FinalResponse != "You said: "+next {
			t.Fatalf("next turn after offset %d: %s %q", offset, res.Status, res.FinalResponse)
		}
		t.Logf("offset %2d ms: slowest cancel to interrupted result %v", offset, worst.Round(time.Millisecond))
	}
}

// Interrupt right after Turn returns: no error, the turn ends interrupted.
func TestControlInterruptRightAfterTurn(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(ctx, "hold for an early interrupt", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	must(t, turn.Interrupt(ctx))
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnInterrupted {
		t.Fatalf("status %s, want interrupted", res.Status)
	}
}
