package codex_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func TestMethodsReviewTurnAndDetachedRefused(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Review(ctx, codex.ReviewCustom, "review the go binding", codex.ReviewInline)
	must(t, err)
	defer turn.Close()
	if turn.ThreadID != th.ID {
		t.Errorf("review turn on thread %q, want %q", turn.ThreadID, th.ID)
	}
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnCompleted || res.ID != turn.ID {
		t.Fatalf("review result: %s %s", res.Status, res.ID)
	}
	if !strings.Contains(res.FinalResponse, "review the go binding") || !strings.Contains(string(res.Items), "exitedReviewMode") {
		t.Errorf("review result: %q %s", res.FinalResponse, res.Items)
	}
	page, err := th.Turns(ctx, "", 0)
	must(t, err)
	if len(page.Items) != 2 {
		t.Errorf("history after one review: %d turns, want 2", len(page.Items))
	}
	_, err = th.Review(ctx, codex.ReviewUncommittedChanges, "", codex.ReviewDetached)
	var ce *codex.Error
	if !errors.Is(err, codex.ErrRPC) || !errors.As(err, &ce) || ce.Code != -32600 || !strings.Contains(ce.Message, "detached") {
		t.Errorf("detached review: %v", err)
	}
	if _, err := th.Review(ctx, codex.ReviewCommit, "", codex.ReviewInline); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("commit review without a sha: %v", err)
	}
}

func TestMethodsGoalBudgetStopsItThenClear(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	if g, err := th.Goal(ctx); err != nil || g != nil {
		t.Fatalf("goal before any: %+v, %v", g, err)
	}
	start := time.Now()
	g, err := th.SetGoal(ctx, "write a go haiku", 30, codex.GoalOther)
	must(t, err)
	if g.Status != codex.GoalActive || g.TokenBudget != 30 || g.Objective != "write a go haiku" || g.ThreadID != th.ID {
		t.Fatalf("set goal: %+v", g)
	}
	for time.Since(start) < 30*time.Second {
		g, err = th.Goal(ctx)
		must(t, err)
		if g.Status != codex.GoalActive {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("goal: status %d (5 = budgetLimited) after %v, %d tokens", g.Status, elapsedSince(start), g.TokensUsed)
	if g.Status != codex.GoalBudgetLimited || g.TokensUsed < 30 {
		t.Fatalf("goal after its budget: %+v", g)
	}
	cleared, err := th.ClearGoal(ctx)
	must(t, err)
	if !cleared {
		t.Error("ClearGoal: nothing cleared")
	}
	if g, err := th.Goal(ctx); err != nil || g != nil {
		t.Errorf("goal after clear: %+v, %v", g, err)
	}
	paused, err := th.SetGoal(ctx, "a paused go goal", -1, codex.GoalPaused)
	must(t, err)
	if paused.Status != codex.GoalPaused || paused.TokenBudget != -1 {
		t.Errorf("paused goal: %+v", paused)
	}
	if _, err := th.SetGoal(ctx, "x", -1, codex.GoalStatus(99)); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("unknown status: %v", err)
	}
}

func TestMethodsAccountLimitsAfterChatGPTLogin(t *testing.T) {
	c := newClient(t) // an API key: not enough
	ctx := testCtx(t)
	_, err := c.RateLimits(ctx)
	var ce *codex.Error
	if !errors.As(err, &ce) || ce.Code != -32600 || !strings.Contains(ce.Message, "chatgpt authentication required") {
		t.Fatalf("rate limits without ChatGPT: %v", err)
	}
	if _, err := c.AccountUsage(ctx, ""); !errors.Is(err, codex.ErrRPC) {
		t.Errorf("usage without ChatGPT: %v", err)
	}
	l, err := c.LoginChatGPTDeviceCode(ctx)
	must(t, err)
	lr, err := l.Wait(ctx)
	must(t, err)
	if !lr.Success {
		t.Fatalf("device login: %s", lr.Error)
	}
	rl, err := c.RateLimits(ctx)
	must(t, err)
	if rl.PrimaryUsedPercent != 42 || rl.PrimaryWindowMins != 300 || rl.PrimaryResetsAt != 1800000000 ||
		rl.SecondaryUsedPercent != 7 || rl.SecondaryWindowMins != 10080 || rl.PlanType != "plus" {
		t.Errorf("rate limits: %+v", rl)
	}
	u, err := c.AccountUsage(ctx, "")
	must(t, err)
	if u.LifetimeTokens != 123456 || u.PeakDailyTokens != 9000 || u.LongestRunningTurnSec != 75 ||
		u.CurrentStreakDays != 3 || u.LongestStreakDays != 12 || len(u.Days) != 2 ||
		u.Days[1] != (codex.UsageDay{Date: "2026-12-01", Tokens: 2345}) {
		t.Errorf("usage: %+v", u)
	}
}

func TestMethodsDynamicToolAnsweredByTheHandler(t *testing.T) {
	var mu sync.Mutex
	var seen []*codex.ServerRequest
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		if req.Kind != codex.RequestDynamicToolCall {
			return nil, nil
		}
		mu.Lock()
		seen = append(seen, req)
		mu.Unlock()
		return nil, req.AnswerTool(true, codex.ToolContent{Kind: codex.ToolText, Value: "windy, 12 C in Paris"})
	}
	c := loggedIn(t, newClientWith(t, opts))
	ctx := testCtx(t)
	th, err := c.ThreadStartWithTools(ctx, []codex.DynamicTool{{
		Name:        "lookup_weather",
		Description: "The weather in a city",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`),
	}}, codex.ThreadParams{})
	must(t, err)
	defer th.Close()
	res, err := th.Run(ctx, "calltool lookup_weather please", codex.TurnParams{})
	must(t, err)
	if res.FinalResponse != "tool said: windy, 12 C in Paris" {
		t.Errorf("final response: %q", res.FinalResponse)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0].ToolName != "lookup_weather" || seen[0].CallID == "" || seen[0].ThreadID != th.ID ||
		!strings.Contains(string(seen[0].ToolArguments), `"city":"Paris"`) {
		t.Fatalf("tool calls seen: %d %+v", len(seen), seen)
	}
	found := false
	for _, it := range res.TypedItems {
		found = found || it.Type == codex.ItemDynamicToolCall
	}
	if !found {
		t.Error("no dynamicToolCall item in the result")
	}
	if _, err := c.ThreadStartWithTools(ctx, nil, codex.ThreadParams{}); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("no tools: %v", err)
	}
	if _, err := c.ThreadStartWithTools(ctx, []codex.DynamicTool{{Name: "bad name"}}, codex.ThreadParams{}); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("bad name: %v", err)
	}
}

// The turns a goal drives arrive on the thread's stream (the library did not start them), and
// AttachTurn follows one of them to its result.
func TestMethodsGoalTurnsOnTheThreadStream(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	stream, err := c.ThreadStream(th.ID)
	must(t, err)
	defer stream.Close()
	_, err = th.SetGoal(ctx, "write a go haiku about streams", 30, codex.GoalOther)
	must(t, err)
	var first, open string
	started, completed := 0, 0
	start := time.Now()
	for completed < 2 && time.Since(start) < 20*time.Second {
		pullCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ev, err := stream.Next(pullCtx)
		cancel()
		must(t, err)
		switch ev.Kind {
		case codex.EventTurnStarted:
			if open != "" {
				t.Fatalf("turn %s started before turn %s completed", ev.TurnID, open)
			}
			open = ev.TurnID
			if first == "" {
				first = ev.TurnID
			}
			started++
		case codex.EventTurnCompleted:
			if ev.TurnID != open {
				t.Fatalf("turn %s completed, expected %s", ev.TurnID, open)
			}
			open = ""
			completed++
		}
	}
	t.Logf("goal turns on the stream: %d started, %d completed in %v", started, completed, elapsedSince(start))
	if started < 2 || completed < 2 {
		t.Fatalf("goal turns on the stream: %d started, %d completed", started, completed)
	}
	turn, err := c.AttachTurn(th.ID, first)
	must(t, err)
	res, err := turn.Wait(ctx)
	must(t, err)
	if res.Status != codex.TurnCompleted && res.Status != codex.TurnInterrupted {
		t.Fatalf("attached goal turn: status %v", res.Status)
	}
	_, err = th.ClearGoal(ctx)
	must(t, err)
}
