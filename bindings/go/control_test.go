package codex_test

// Turn control (issue 15). These run as their own ctest entry (go_test_control, serial): they
// assert timings and start many turns.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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

// Blocked pulls (turn events with no limit in the library, notifications) end as soon as their
// ctx is cancelled, through a codex_cancel token instead of polling; afterwards
// runtime.NumGoroutine is back at its baseline (nothing was abandoned inside the library).
func TestControlCancelBlockedWaitsNoGoroutineLeak(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(ctx, "hold while pulls are cancelled", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	firstDelta(t, turn)
	// Drain the notifications the handshake and the thread left, so the pulls below block.
	for {
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		_, err := c.NextNotification(short)
		cancel()
		if err != nil {
			break
		}
	}
	time.Sleep(100 * time.Millisecond)
	runtime.GC()
	baseline := runtime.NumGoroutine()

	const n = 8
	waitCtx, cancelAll := context.WithCancel(ctx)
	errs := make(chan error, n+1)
	returned := make(chan time.Time, n+1)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.NextNotification(waitCtx)
			returned <- time.Now()
			errs <- err
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, err := range turn.EventsContext(waitCtx) {
			if err != nil {
				returned <- time.Now()
				errs <- err
				return
			}
		}
		returned <- time.Now()
		errs <- fmt.Errorf("the held turn's events ended without an error")
	}()
	time.Sleep(300 * time.Millisecond) // let them block inside the library
	cancelAt := time.Now()
	cancelAll()
	wg.Wait()
	close(errs)
	close(returned)
	for err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled wait returned %v, want context.Canceled", err)
		}
	}
	var slowest time.Duration
	for at := range returned {
		if d := at.Sub(cancelAt); d > slowest {
			slowest = d
		}
	}
	t.Logf("%d blocked waits returned within %v of the cancel", n+1, slowest)
	if slowest > time.Second {
		t.Errorf("slowest cancelled wait took %v", slowest)
	}
	var now int
	for i := 0; i < 40; i++ {
		runtime.GC()
		if now = runtime.NumGoroutine(); now <= baseline {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("goroutines: baseline %d, after the cancelled waits %d", baseline, now)
	if now > baseline {
		t.Errorf("goroutines: %d after the cancelled waits, baseline %d", now, baseline)
	}

	// The turn goes on after its pull was cancelled; no event was lost.
	must(t, turn.Interrupt(ctx))
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnInterrupted {
		t.Fatalf("status %s, want interrupted", res.Status)
	}
}

// Close while a pull is blocked in the library: it returns ErrClosed at once.
func TestControlCloseEndsBlockedPull(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	done := make(chan error, 1)
	go func() {
		for {
			if _, err := c.NextNotification(ctx); err != nil {
				done <- err
				return
			}
		}
	}()
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	c.Close()
	select {
	case err := <-done:
		if !errors.Is(err, codex.ErrClosed) {
			t.Errorf("NextNotification after Close: %v", err)
		}
		t.Logf("blocked NextNotification returned %v after Close", time.Since(start).Round(time.Microsecond))
	case <-time.After(2 * time.Second):
		t.Fatal("NextNotification still blocked 2 s after Close")
	}
}

// unreachableOptions are the test options with a provider at a closed loopback port and the
// app-server's default retries (the fixture's retry overrides removed): a turn there retries
// without end.
func unreachableOptions(t *testing.T) codex.Options {
	opts := options(t)
	path := filepath.Join(opts.CodexHome, "config.toml")
	config, err := os.ReadFile(path)
	must(t, err)
	var out []string
	for _, line := range strings.Split(string(config), "\n") {
		if strings.Contains(line, "max_retries") || strings.Contains(line, "unbounded_connection_retries") {
			continue
		}
		if strings.HasPrefix(line, "base_url") {
			line = `base_url = "http://127.0.0.1:9/v1"` // nothing listens on port 9
		}
		out = append(out, line)
	}
	must(t, os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o600))
	return opts
}

// RunBounded against an unreachable provider with default (endless) retries: the turn ends by
// its deadline, interrupted with DeadlineReached, and onEvent saw typed EventRetry events
// (attempts 1, 2, ... in order, message, codexErrorInfo), never an EventError.
func TestControlBoundedRunEndsARetryingTurnAtItsDeadline(t *testing.T) {
	c := loggedIn(t, newClientWith(t, unreachableOptions(t)))
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	var retries []codex.ErrorNotice
	errorsSeen := 0
	start := time.Now()
	res, err := th.RunBounded(ctx, "hello unreachable provider from go", codex.TurnParams{}, 10*time.Second,
		func(ev codex.Event) {
			switch ev.Kind {
			case codex.EventError:
				errorsSeen++
			case codex.EventRetry:
				if ev.Notice == nil {
					t.Errorf("retry event without a Notice: %s", ev.Params)
					return
				}
				retries = append(retries, *ev.Notice)
			}
		})
	took := time.Since(start)
	must(t, err)
	t.Logf("RunBounded 10 s: returned after %v, %s, %d retry events", took.Round(time.Millisecond), res.Status, len(retries))
	if res.Status != codex.TurnInterrupted || !res.DeadlineReached || res.WatchdogFired {
		t.Fatalf("status %s, DeadlineReached %v, WatchdogFired %v", res.Status, res.DeadlineReached, res.WatchdogFired)
	}
	if took < 9900*time.Millisecond || took > 16*time.Second {
		t.Errorf("returned after %v, want about 10 s", took)
	}
	if errorsSeen != 0 {
		t.Errorf("%d EventError events, want 0 (retries are EventRetry)", errorsSeen)
	}
	if len(retries) == 0 {
		t.Fatal("no EventRetry event")
	}
	for i, n := range retries {
		if n.Attempt != i+1 || !n.WillRetry || n.Message == "" {
			t.Errorf("retry %d: %+v", i, n)
		}
	}
	if len(retries[0].CodexErrorInfo) == 0 {
		t.Errorf("first retry without codexErrorInfo: %+v", retries[0])
	}
	t.Logf("first retry: message %q, codexErrorInfo %s", retries[0].Message, retries[0].CodexErrorInfo)
}

// A turn within its deadline completes; a held turn is interrupted at a short deadline and the
// thread goes on; a cancelled ctx ends a bounded run with ctx's error.
func TestControlBoundedRunWithinAndPastItsDeadline(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.RunBounded(ctx, "quick go bounded", codex.TurnParams{}, 30*time.Second, nil)
	must(t, err)
	if res.Status != codex.TurnCompleted || res.DeadlineReached || res.FinalResponse != "You said: quick go bounded" {
		t.Fatalf("quick run: %s %v %q", res.Status, res.DeadlineReached, res.FinalResponse)
	}
	start := time.Now()
	res, err = th.RunBounded(ctx, "hold past the go deadline", codex.TurnParams{}, time.Second, nil)
	took := time.Since(start)
	must(t, err)
	t.Logf("held turn, deadline 1 s: returned after %v", took.Round(time.Millisecond))
	if res.Status != codex.TurnInterrupted || !res.DeadlineReached {
		t.Fatalf("held run: %s, DeadlineReached %v", res.Status, res.DeadlineReached)
	}
	if took < 990*time.Millisecond || took > 6*time.Second {
		t.Errorf("held run returned after %v, want about 1 s", took)
	}
	res, err = th.Run(ctx, "after the go deadline", codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted || res.DeadlineReached {
		t.Fatalf("next run: %s %v", res.Status, res.DeadlineReached)
	}
	runCtx, cancel := context.WithCancel(ctx)
	go func() {
		time.Sleep(500 * time.Millisecond)
		cancel()
	}()
	start = time.Now()
	if _, err := th.RunBounded(runCtx, "hold while the go ctx is cancelled", codex.TurnParams{}, 30*time.Second, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunBounded with a cancelled ctx: %v, want context.Canceled", err)
	}
	t.Logf("ctx cancelled after 500 ms: RunBounded returned after %v", time.Since(start).Round(time.Millisecond))
	res, err = th.Run(ctx, "after the go cancel", codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("run after the cancel: %s", res.Status)
	}
}
