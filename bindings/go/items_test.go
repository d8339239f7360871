package codex_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// Typed items and token usage (issue 16) on the real app-server: no JSON is decoded here.
func TestTypedCommandExecutionItem(t *testing.T) {
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		return codex.Decision("accept"), nil
	}
	c := loggedIn(t, newClientWith(t, opts))
	work := t.TempDir()
	th := startThread(t, c, codex.ThreadParams{Cwd: work, Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest, ApprovalsReviewer: codex.ReviewerUser})
	turn, err := th.Turn(testCtx(t), "please approve this command", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	var streamed []codex.Item
	for ev, err := range turn.Events() {
		must(t, err)
		switch ev.Kind {
		case codex.EventItemCompleted:
			if ev.Item == nil {
				t.Fatalf("item/completed without a typed item: %s", ev.Params)
			}
			streamed = append(streamed, *ev.Item)
		case codex.EventItemStarted:
		default:
			if ev.Item != nil {
				t.Errorf("%s has an item", ev.Method)
			}
		}
	}
	res, err := turn.Wait(testCtx(t))
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("turn %s: %s", res.Status, res.Error)
	}
	if len(res.TypedItems) != len(streamed) || len(res.TypedItems) < 3 {
		t.Fatalf("%d typed items, %d streamed", len(res.TypedItems), len(streamed))
	}
	if it := res.TypedItems[0]; it.Type != codex.ItemUserMessage || it.Text != "please approve this command" {
		t.Errorf("first item %v %q", it.Type, it.Text)
	}
	commands := 0
	for i, it := range res.TypedItems {
		if it.ID == "" || it.ID != streamed[i].ID || !strings.Contains(it.JSON, it.ID) {
			t.Errorf("item %d id %q / %q", i, it.ID, streamed[i].ID)
		}
		if it.Type != codex.ItemCommandExecution {
			continue
		}
		commands++
		if !strings.Contains(it.Command, "echo approved > approved.txt") || it.Cwd != work ||
			it.Status != "completed" || it.ExitCode != 0 || it.DurationMs < 0 || it.Text != "" {
			t.Errorf("command item %+v", it)
		}
		t.Logf("command %s in %s: %s, exit %d", it.Command, it.Cwd, it.Status, it.ExitCode)
	}
	if commands != 1 {
		t.Errorf("%d command items", commands)
	}
}

func TestTypedTokenUsageAndThreadStatus(t *testing.T) {
	c := loggedIn(t, newClient(t))
	th := startThread(t, c, codex.ThreadParams{})
	first, err := th.Run(testCtx(t), "show your reasoning", codex.TurnParams{})
	must(t, err)
	reasoning := 0
	for _, it := range first.TypedItems {
		if it.Type == codex.ItemReasoning {
			reasoning++
			if !strings.Contains(it.Text, "Thinking hard") {
				t.Errorf("reasoning text %q", it.Text)
			}
		}
		if it.Type == codex.ItemAgentMessage && it.Text != first.FinalResponse {
			t.Errorf("agent message %q, final response %q", it.Text, first.FinalResponse)
		}
	}
	if reasoning != 1 || first.TokenUsage == nil {
		t.Fatalf("%d reasoning items, usage %+v", reasoning, first.TokenUsage)
	}

	// The mock's `usage` reply: input 100 (40 cached), output 20 (7 reasoning), total 120.
	turn, err := th.Turn(testCtx(t), "usage please", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	var streamed *codex.TokenUsage
	for ev, err := range turn.Events() {
		must(t, err)
		if ev.Kind == codex.EventTokenUsage {
			streamed = ev.Usage
		} else if ev.Usage != nil {
			t.Errorf("%s has a usage", ev.Method)
		}
	}
	res, err := turn.Wait(testCtx(t))
	must(t, err)
	u := res.TokenUsage
	if streamed == nil || streamed.LastCachedInput != 40 || u == nil {
		t.Fatalf("streamed usage %+v, result usage %+v", streamed, u)
	}
	if u.LastInput != 100 || u.LastCachedInput != 40 || u.LastOutput != 20 || u.LastReasoningOutput != 7 ||
		u.LastTotal != 120 || u.Total != 120+first.TokenUsage.Total || u.ContextWindow <= 0 {
		t.Errorf("usage %+v", *u)
	}
	t.Logf("tokens: input %d (cached %d), output %d (reasoning %d), total %d", u.Input, u.CachedInput,
		u.Output, u.ReasoningOutput, u.Total)

	// thread/status/changed is in the notification queue.
	active, idle := 0, 0
	for {
		ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
		ev, err := c.NextNotification(ctx)
		cancel()
		if err != nil {
			break
		}
		if ev.Method == "thread/status/changed" {
			switch ev.ThreadStatus {
			case codex.ThreadStatusActive:
				active++
			case codex.ThreadStatusIdle:
				idle++
			}
		} else if ev.ThreadStatus != codex.ThreadStatusOther {
			t.Errorf("%s has a thread status", ev.Method)
		}
	}
	if active < 1 || idle < 1 {
		t.Errorf("thread status changes: %d active, %d idle", active, idle)
	}
}

// Typed approvals: the prompt from typed fields, the answer as a typed decision.
func TestTypedApprovalPromptAndAnswers(t *testing.T) {
	for _, d := range []codex.DecisionKind{codex.DecisionAccept, codex.DecisionAcceptForSession, codex.DecisionDecline} {
		var seen []*codex.ServerRequest
		var mu sync.Mutex
		opts := options(t)
		opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
			mu.Lock()
			seen = append(seen, req)
			mu.Unlock()
			if err := req.SetAnswer(0, "x"); !errors.Is(err, codex.ErrInvalidArgument) {
				t.Errorf("SetAnswer on an approval: %v", err)
			}
			if err := req.Answer(d); err != nil {
				return nil, err
			}
			if err := req.Answer(codex.DecisionAccept); !errors.Is(err, codex.ErrExpired) {
				t.Errorf("second answer: %v", err)
			}
			return nil, nil
		}
		c := loggedIn(t, newClientWith(t, opts))
		work := t.TempDir()
		th := startThread(t, c, codex.ThreadParams{Cwd: work, Sandbox: codex.SandboxReadOnly,
			ApprovalPolicy: codex.ApprovalOnRequest, ApprovalsReviewer: codex.ReviewerUser})
		res, err := th.Run(testCtx(t), "please approve this command", codex.TurnParams{})
		must(t, err)
		mu.Lock()
		if len(seen) != 1 {
			t.Fatalf("%d requests", len(seen))
		}
		r := seen[0]
		mu.Unlock()
		if r.Kind != codex.RequestCommandApproval || !strings.Contains(r.Command, "echo approved > approved.txt") ||
			r.Cwd != work || r.Reason != "test approval" || r.ItemID == "" || len(r.OfferedDecisions) == 0 ||
			len(r.ProposedAmendment) == 0 || len(r.Questions) != 0 {
			t.Errorf("prompt %+v", r)
		}
		if err := r.Answer(codex.DecisionAccept); !errors.Is(err, codex.ErrExpired) {
			t.Errorf("answer after the handler returned: %v", err)
		}
		_, statErr := os.Stat(filepath.Join(work, "approved.txt"))
		want := "completed"
		if d == codex.DecisionDecline {
			want = "declined"
		}
		for _, it := range res.TypedItems {
			if it.Type == codex.ItemCommandExecution && (it.Status != want || it.ID != r.ItemID) {
				t.Errorf("decision %d: command item %s %s (request item %s)", d, it.Status, it.ID, r.ItemID)
			}
		}
		if (statErr == nil) != (d != codex.DecisionDecline) {
			t.Errorf("decision %d: file written %v", d, statErr == nil)
		}
		t.Logf("approve `%s` in %s? (%s) offered %v -> %s", r.Command, r.Cwd, r.Reason, r.OfferedDecisions, want)
	}
}

// The mock's `websearch` reply: a webSearch item with its query.
func TestTypedWebSearchItem(t *testing.T) {
	c := loggedIn(t, newClient(t))
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "do a websearch please", codex.TurnParams{})
	must(t, err)
	found := 0
	for _, it := range res.TypedItems {
		if it.Type == codex.ItemWebSearch {
			found++
			if it.WebQuery != "codex ffi typed items" {
				t.Errorf("query %q", it.WebQuery)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d web search items", found)
	}
}
