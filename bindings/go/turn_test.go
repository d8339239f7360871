package codex_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func TestFirstTurn(t *testing.T) {
	c := newClient(t)
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "hello there", codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted || res.FinalResponse != "You said: hello there" {
		t.Fatalf("result %+v", res)
	}
	if res.ThreadID != th.ID || res.ID == "" {
		t.Errorf("ids %q / %q", res.ID, res.ThreadID)
	}
	var items []map[string]any
	must(t, json.Unmarshal(res.Items, &items))
	var types []string
	for _, it := range items {
		types = append(types, fmt.Sprint(it["type"]))
	}
	if strings.Join(types, ",") != "userMessage,agentMessage" {
		t.Errorf("item types %v", types)
	}
	if !json.Valid(res.Usage) || !strings.Contains(string(res.Usage), "totalTokens") {
		t.Errorf("usage %s", res.Usage)
	}
	if res.Error != "" || res.ErrorJSON != nil {
		t.Errorf("error on a completed turn: %q %s", res.Error, res.ErrorJSON)
	}
}

func TestMultiTurnKeepsContext(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	name := nonce("gopher")
	first, err := th.Run(ctx, "my name is "+name, codex.TurnParams{})
	must(t, err)
	question := "what is my name " + nonce("q")
	second, err := th.Run(ctx, question, codex.TurnParams{})
	must(t, err)
	if first.ID == second.ID {
		t.Error("two turns with one id")
	}
	if second.FinalResponse != "You said: "+question {
		t.Errorf("second answer %q", second.FinalResponse)
	}
	reqs := modelRequestsContaining(t, question)
	if len(reqs) != 1 || !strings.Contains(reqs[0], "my name is "+name) || !strings.Contains(reqs[0], "You said: my name is "+name) {
		t.Fatalf("the second request did not carry the first turn (%d requests)", len(reqs))
	}
}

func TestStreamingOrder(t *testing.T) {
	c := newClient(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(testCtx(t), "stream 50", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	var deltas []string
	var kinds []codex.EventKind
	for ev, err := range turn.Events() {
		must(t, err)
		if ev.TurnID != "" && ev.TurnID != turn.ID {
			t.Errorf("event of turn %s in turn %s", ev.TurnID, turn.ID)
		}
		kinds = append(kinds, ev.Kind)
		if ev.Kind == codex.EventAgentMessageDelta {
			deltas = append(deltas, ev.Delta)
		}
	}
	if len(deltas) != 50 {
		t.Fatalf("%d deltas", len(deltas))
	}
	for i, d := range deltas {
		if d != fmt.Sprintf("t%d ", i) {
			t.Fatalf("delta %d = %q", i, d)
		}
	}
	if kinds[0] != codex.EventTurnStarted || kinds[len(kinds)-1] != codex.EventTurnCompleted {
		t.Errorf("first/last kinds %v/%v", kinds[0], kinds[len(kinds)-1])
	}
	res, err := turn.Wait(testCtx(t))
	must(t, err)
	if res.FinalResponse != strings.Join(deltas, "") {
		t.Errorf("final %q", res.FinalResponse)
	}
}

// firstDelta reads events until the first agent-message delta: the turn is then streaming.
func firstDelta(t *testing.T, turn *codex.Turn) {
	t.Helper()
	for ev, err := range turn.EventsContext(testCtx(t)) {
		must(t, err)
		if ev.Kind == codex.EventAgentMessageDelta {
			return
		}
	}
	t.Fatal("the turn ended before any delta")
}

func TestSteer(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(ctx, "hold for steering", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	firstDelta(t, turn)
	must(t, turn.Steer(ctx, "steered in from go"))
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnCompleted || res.FinalResponse != "You said: steered in from go" {
		t.Fatalf("result %s %q", res.Status, res.FinalResponse)
	}
	if err := turn.Steer(ctx, "too late"); !errors.Is(err, codex.ErrRPC) {
		t.Errorf("steer after the end: %v", err)
	}
}

func TestInterrupt(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(ctx, "hold until interrupted", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	firstDelta(t, turn)
	must(t, turn.Interrupt(ctx))
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnInterrupted {
		t.Fatalf("status %s", res.Status)
	}
	// A second raw turn/interrupt: app-server 0.163 sends no answer (until a later turn ends), so
	// the cancelled ctx (no deadline) must end the request at once; 0.171 answers at once with
	// -32600 "no active turn to interrupt". Either way the call returns promptly.
	rctx, cancel := context.WithCancel(ctx)
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	params, _ := json.Marshal(map[string]string{"threadId": th.ID, "turnId": turn.ID})
	if _, err := c.Request(rctx, "turn/interrupt", params); !errors.Is(err, context.Canceled) &&
		!errors.Is(err, codex.ErrRPC) {
		t.Fatalf("second interrupt: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancelled request took %v", d)
	}
	// The thread is usable afterwards.
	next, err := th.Run(ctx, "after the interrupt", codex.TurnParams{})
	must(t, err)
	if next.FinalResponse != "You said: after the interrupt" {
		t.Errorf("next answer %q", next.FinalResponse)
	}
}

func TestFailedTurnIsAResult(t *testing.T) {
	c := newClient(t)
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "please fail now", codex.TurnParams{})
	if err != nil {
		t.Fatalf("a failed turn must not be an error: %v", err)
	}
	if res.Status != codex.TurnFailed || !strings.Contains(res.Error, "boom upstream") || res.ErrorJSON == nil {
		t.Fatalf("result %s %q %s", res.Status, res.Error, res.ErrorJSON)
	}
}

func TestOutputSchemaIsSent(t *testing.T) {
	c := newClient(t)
	th := startThread(t, c, codex.ThreadParams{})
	schema := json.RawMessage(`{"type":"object","properties":{"goSchemaProbe":{"type":"string"}},"required":["goSchemaProbe"],"additionalProperties":false}`)
	prompt := "schema please " + nonce("s")
	res, err := th.Run(testCtx(t), prompt, codex.TurnParams{OutputSchema: schema, Effort: "low"})
	must(t, err)
	if res.FinalResponse != `{"answer":"42"}` {
		t.Errorf("final %q", res.FinalResponse)
	}
	reqs := modelRequestsContaining(t, prompt)
	if len(reqs) != 1 || !strings.Contains(reqs[0], "goSchemaProbe") {
		t.Fatalf("the model request did not carry the output schema (%d requests)", len(reqs))
	}
}

func TestConcurrentTurnsFromManyGoroutines(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			th, err := c.ThreadStart(ctx, codex.ThreadParams{})
			if err != nil {
				errs <- err
				return
			}
			defer th.Close()
			for j := 0; j < 2; j++ {
				want := fmt.Sprintf("goroutine %d turn %d", i, j)
				res, err := th.Run(ctx, want, codex.TurnParams{})
				if err != nil {
					errs <- err
					return
				}
				if res.FinalResponse != "You said: "+want || res.ThreadID != th.ID {
					errs <- fmt.Errorf("goroutine %d got %q on %s", i, res.FinalResponse, res.ThreadID)
					return
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A cancelled ctx on a turn wait returns at once and interrupts the turn.
func TestContextCancelInterruptsTurn(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(ctx, "hold while I cancel", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	firstDelta(t, turn)
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = turn.Wait(short)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Wait took %v after its deadline", d)
	}
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnInterrupted {
		t.Fatalf("status %s, want interrupted", res.Status)
	}

	// Run: the same through the one-call form; the thread's last turn ends up interrupted.
	th2 := startThread(t, c, codex.ThreadParams{})
	short2, cancel2 := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel2()
	start = time.Now()
	if _, err := th2.Run(short2, "hold in run", codex.TurnParams{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Run took %v", d)
	}
	for {
		read, err := th2.Read(ctx, true)
		must(t, err)
		var r struct {
			Thread struct {
				Turns []struct {
					Status string `json:"status"`
				} `json:"turns"`
			} `json:"thread"`
		}
		must(t, json.Unmarshal(read, &r))
		if n := len(r.Thread.Turns); n > 0 && r.Thread.Turns[n-1].Status == "interrupted" {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the Run turn was never interrupted: %s", read)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Close with turns in flight: every waiter and stream returns ErrClosed promptly.
func TestCloseWithTurnsInFlight(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	const n = 3
	turns := make([]*codex.Turn, n)
	for i := range turns {
		th := startThread(t, c, codex.ThreadParams{})
		turn, err := th.Turn(ctx, fmt.Sprintf("hold number %d", i), codex.TurnParams{})
		must(t, err)
		defer turn.Close()
		firstDelta(t, turn)
		turns[i] = turn
	}
	results := make(chan error, 2*n)
	for _, turn := range turns {
		go func(turn *codex.Turn) {
			_, err := turn.Wait(context.Background())
			results <- err
		}(turn)
		go func(turn *codex.Turn) {
			var last error
			for _, err := range turn.Events() {
				last = err
			}
			results <- last
		}(turn)
	}
	time.Sleep(200 * time.Millisecond) // let them block
	start := time.Now()
	must(t, c.Close())
	for i := 0; i < 2*n; i++ {
		select {
		case err := <-results:
			if !errors.Is(err, codex.ErrClosed) {
				t.Errorf("waiter returned %v, want ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a waiter did not return after Close")
		}
	}
	t.Logf("all waiters returned %v after Close", elapsedSince(start))
	if _, err := c.ThreadStart(ctx, codex.ThreadParams{}); !errors.Is(err, codex.ErrClosed) {
		t.Errorf("ThreadStart after Close: %v", err)
	}
	if err := turns[0].Interrupt(ctx); !errors.Is(err, codex.ErrClosed) {
		t.Errorf("Interrupt after Close: %v", err)
	}
	must(t, c.Close()) // idempotent
}

// An iterator nobody drains must not stall approvals or other turns of the same client.
func TestUndrainedEventsDoNotStall(t *testing.T) {
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		return codex.Decision("accept"), nil
	}
	c := loggedIn(t, newClientWith(t, opts))
	ctx := testCtx(t)
	slow := startThread(t, c, codex.ThreadParams{})
	big, err := slow.Turn(ctx, "stream 400", codex.TurnParams{})
	must(t, err)
	defer big.Close()
	// Nobody reads big's events while these run.
	other := startThread(t, c, codex.ThreadParams{})
	res, err := other.Run(ctx, "meanwhile", codex.TurnParams{})
	must(t, err)
	if res.FinalResponse != "You said: meanwhile" {
		t.Errorf("other turn %q", res.FinalResponse)
	}
	work := t.TempDir()
	appr := startThread(t, c, codex.ThreadParams{Cwd: work, Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest, ApprovalsReviewer: codex.ReviewerUser})
	ares, err := appr.Run(ctx, "approve this", codex.TurnParams{})
	must(t, err)
	if ares.Status != codex.TurnCompleted {
		t.Errorf("approval turn %s", ares.Status)
	}
	bres, err := big.Wait(ctx)
	must(t, err)
	if bres.Status != codex.TurnCompleted {
		t.Fatalf("big turn %s", bres.Status)
	}
	// Drained late, the stream is complete and in order.
	i := 0
	for ev, err := range big.Events() {
		must(t, err)
		if ev.Kind == codex.EventAgentMessageDelta {
			if ev.Delta != fmt.Sprintf("t%d ", i) {
				t.Fatalf("delta %d = %q", i, ev.Delta)
			}
			i++
		}
	}
	if i != 400 {
		t.Fatalf("%d deltas, want 400", i)
	}
}
