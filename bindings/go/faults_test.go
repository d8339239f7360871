package codex_test

// Failures the real app-server cannot produce on demand, via the scripted fake server
// (tests/fixtures/fake_app_server.py, scenario from FAKE_SCENARIO / FAKE_ARG).

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func fakeOptions(t *testing.T, scenario, arg string) codex.Options {
	opts := options(t)
	opts.CodexBin = filepath.Join(env(t, "CODEX_TEST_FIXTURES"), "fake_app_server.py")
	opts.Env["FAKE_SCENARIO"] = scenario
	opts.Env["FAKE_ARG"] = arg
	return opts
}

func TestTransportErrorCarriesRedactedStderr(t *testing.T) {
	c := newClientWith(t, fakeOptions(t, "die_on_request", ""))
	_, err := c.Request(testCtx(t), "model/list", nil)
	if !errors.Is(err, codex.ErrTransport) {
		t.Fatalf("err = %v, want ErrTransport", err)
	}
	var e *codex.Error
	if !errors.As(err, &e) || !strings.Contains(e.StderrTail, "fatal: boom") {
		t.Fatalf("stderr tail %q", e.StderrTail)
	}
	if strings.Contains(e.StderrTail, "SECRET123") || strings.Contains(err.Error(), "SECRET123") {
		t.Fatal("a secret reached the error")
	}
	if _, err := c.ThreadStart(testCtx(t), codex.ThreadParams{}); err == nil {
		t.Fatal("calls on a dead server must fail")
	}
}

func TestOverloadedAfterRetries(t *testing.T) {
	opts := fakeOptions(t, "overload", "5")
	zero := uint32(0)
	opts.RetryLimit = &zero
	c := newClientWith(t, opts)
	_, err := c.Request(testCtx(t), "model/list", nil)
	if !errors.Is(err, codex.ErrOverloaded) {
		t.Fatalf("err = %v, want ErrOverloaded", err)
	}
}

func TestUnsupportedVersion(t *testing.T) {
	opts := fakeOptions(t, "echo", "")
	opts.Env["FAKE_SERVER_VERSION"] = "0.1.0"
	if _, err := codex.New(testCtx(t), opts); !errors.Is(err, codex.ErrVersion) {
		t.Fatalf("err = %v, want ErrVersion", err)
	}
	opts.AcceptAnyVersion = true
	c := newClientWith(t, opts)
	if c.ServerVersion != "0.1.0" {
		t.Errorf("ServerVersion %q", c.ServerVersion)
	}
}

// A blocking C call (thread/start here) that the server never answers: ctx ends the wait at
// once, and Close does not wait for the call either.
func TestContextEndsBlockingCall(t *testing.T) {
	opts := fakeOptions(t, "hang_on_request", "")
	opts.RequestTimeout = 3 * time.Second // so the abandoned call ends inside the test
	c := newClientWith(t, opts)
	ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.ThreadStart(ctx, codex.ThreadParams{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("ThreadStart returned %v after start", d)
	}
	// Without a ctx deadline the library's request timeout applies.
	start = time.Now()
	if _, err := c.ThreadStart(testCtx(t), codex.ThreadParams{}); !errors.Is(err, codex.ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d < 2*time.Second {
		t.Errorf("timed out after only %v", d)
	}
	// Close while a call is stuck in the library returns at once; so does the caller.
	done := make(chan error, 1)
	go func() { _, err := c.Models(context.Background(), false); done <- err }()
	time.Sleep(100 * time.Millisecond)
	start = time.Now()
	c.Close()
	select {
	case err := <-done:
		if !errors.Is(err, codex.ErrClosed) {
			t.Errorf("stuck call after Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the stuck call did not return after Close")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
}

// The Go side keeps up with a flood of events, in order, under the race detector.
func TestEventFlood(t *testing.T) {
	c := newClientWith(t, fakeOptions(t, "flood", "5000"))
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(ctx, "go", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	start := time.Now()
	n := 0
	for ev, err := range turn.Events() {
		must(t, err)
		if ev.Kind == codex.EventAgentMessageDelta {
			if ev.Delta != "x" {
				t.Fatalf("delta %q", ev.Delta)
			}
			n++
		}
	}
	if n != 5000 {
		t.Fatalf("%d deltas, want 5000", n)
	}
	t.Logf("5000 deltas in %v", elapsedSince(start))
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("status %s", res.Status)
	}
}
