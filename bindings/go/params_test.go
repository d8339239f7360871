package codex_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// Typed params reach the model (issue 16): what ThreadParams / TurnParams / ListParams set is
// in the mock model's request (or the list's page size); Extra keeps working beside them.
func TestTypedParamsReachTheModel(t *testing.T) {
	c := loggedIn(t, newClient(t))
	work := t.TempDir()
	tag := nonce("go-params-")
	th := startThread(t, c, codex.ThreadParams{Model: "go-builder-model", Cwd: work,
		Sandbox: codex.SandboxReadOnly, ApprovalPolicy: codex.ApprovalNever,
		DeveloperInstructions: "Go builder instructions " + tag})
	res, err := th.Run(testCtx(t), "hello from "+tag, codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("turn %s: %s", res.Status, res.Error)
	}
	reqs := modelRequestsContaining(t, "hello from "+tag)
	if len(reqs) != 1 {
		t.Fatalf("%d model requests with the prompt", len(reqs))
	}
	for _, want := range []string{`"model": "go-builder-model"`, "Go builder instructions " + tag, work} {
		if !strings.Contains(reqs[0], want) {
			t.Errorf("model request lacks %s", want)
		}
	}
	res, err = th.Run(testCtx(t), "second turn "+tag, codex.TurnParams{Model: "go-turn-model", Effort: "high"})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("turn %s: %s", res.Status, res.Error)
	}
	reqs = modelRequestsContaining(t, "second turn "+tag)
	if len(reqs) != 1 || !strings.Contains(reqs[0], `"model": "go-turn-model"`) || !strings.Contains(reqs[0], `"effort": "high"`) {
		t.Errorf("second request: %d lines, model/effort missing", len(reqs))
	}
	page, err := c.ThreadListWith(testCtx(t), codex.ListParams{Limit: 1, SortKey: "created_at"})
	must(t, err)
	var list struct {
		Data []json.RawMessage `json:"data"`
	}
	must(t, json.Unmarshal(page, &list))
	if len(list.Data) != 1 {
		t.Errorf("limit 1 gave %d threads", len(list.Data))
	}
}

// The mock's `patch` reply under a read-only sandbox: a file-change approval (typed kind and
// item id), accepted with a typed answer; the fileChange item's paths, kinds and diffs.
func TestTypedFileChangeAndApproval(t *testing.T) {
	var mu sync.Mutex
	var seen []codex.ServerRequest
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		mu.Lock()
		seen = append(seen, *req)
		mu.Unlock()
		return nil, req.Answer(codex.DecisionAccept)
	}
	c := loggedIn(t, newClientWith(t, opts))
	work := t.TempDir()
	must(t, os.WriteFile(filepath.Join(work, "notes.txt"), []byte("old line\n"), 0o644))
	th := startThread(t, c, codex.ThreadParams{Cwd: work, Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest})
	res, err := th.Run(testCtx(t), "please patch the notes", codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("turn %s: %s", res.Status, res.Error)
	}
	var change *codex.Item
	for i := range res.TypedItems {
		if res.TypedItems[i].Type == codex.ItemFileChange {
			change = &res.TypedItems[i]
		}
	}
	if change == nil {
		t.Fatalf("no fileChange item in %d items", len(res.TypedItems))
	}
	if change.Status != "completed" || len(change.Changes) != 2 {
		t.Fatalf("file change %s with %d changes", change.Status, len(change.Changes))
	}
	for _, ch := range change.Changes {
		t.Logf("change: %s %s", ch.Kind, ch.Path)
		switch ch.Path {
		case filepath.Join(work, "notes.txt"):
			if ch.Kind != "update" || !strings.Contains(ch.Diff, "-old line") || !strings.Contains(ch.Diff, "+new line") {
				t.Errorf("notes.txt: %s %q", ch.Kind, ch.Diff)
			}
		case filepath.Join(work, "patched.txt"):
			if ch.Kind != "add" || !strings.Contains(ch.Diff, "patched by the mock") {
				t.Errorf("patched.txt: %s %q", ch.Kind, ch.Diff)
			}
		default:
			t.Errorf("unexpected path %s", ch.Path)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0].Kind != codex.RequestFileChangeApproval || seen[0].ItemID != change.ID {
		t.Fatalf("requests %+v (file change %s)", seen, change.ID)
	}
	if seen[0].Reason != "" || seen[0].GrantRoot != "" {
		t.Errorf("reason %q grant root %q (0.163 sends none for apply_patch)", seen[0].Reason, seen[0].GrantRoot)
	}
	if b, _ := os.ReadFile(filepath.Join(work, "notes.txt")); string(b) != "new line\n" {
		t.Errorf("notes.txt is %q", b)
	}
}

// The mock's `askuser` reply in Plan collaboration mode: a user-input request's typed questions,
// answered with SetAnswer + Answer; the model's follow-up echoes the answer it received.
func TestTypedUserInputRequest(t *testing.T) {
	var mu sync.Mutex
	var questions []codex.Question
	var kind codex.RequestKind
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		mu.Lock()
		defer mu.Unlock()
		kind, questions = req.Kind, req.Questions
		if len(req.Questions) == 1 && len(req.Questions[0].Options) == 2 {
			if err := req.SetAnswer(0, req.Questions[0].Options[1]); err != nil {
				return nil, err
			}
		}
		return nil, req.Answer(codex.DecisionAccept)
	}
	c := loggedIn(t, newClientWith(t, opts))
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "askuser about the color", codex.TurnParams{
		CollaborationMode: json.RawMessage(`{"mode":"plan","settings":{"model":"mock-model"}}`)})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("turn %s: %s", res.Status, res.Error)
	}
	mu.Lock()
	defer mu.Unlock()
	if kind != codex.RequestUserInput || len(questions) != 1 {
		t.Fatalf("kind %d, %d questions", kind, len(questions))
	}
	q := questions[0]
	if q.ID != "color" || q.Header != "Color" || q.Text != "Which color should it be?" ||
		len(q.Options) != 2 || q.Options[0] != "Red (Recommended)" || q.Options[1] != "Blue" {
		t.Errorf("question %+v", q)
	}
	t.Logf("final: %s", res.FinalResponse)
	if !strings.Contains(res.FinalResponse, `"color"`) || !strings.Contains(res.FinalResponse, "Blue") {
		t.Errorf("the model got another answer: %s", res.FinalResponse)
	}
}

// The mock's `plan` reply with the update_plan tool on (a config override): Event.Plan.
func TestTypedPlanUpdate(t *testing.T) {
	c := loggedIn(t, newClient(t))
	th := startThread(t, c, codex.ThreadParams{Config: map[string]any{
		"tools": map[string]any{"update_plan": map[string]any{"enabled": true}}}})
	turn, err := th.Turn(testCtx(t), "make a plan first", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	var plans [][]codex.PlanStep
	for ev, err := range turn.Events() {
		must(t, err)
		if ev.Plan != nil {
			plans = append(plans, ev.Plan)
		} else if ev.Method == "turn/plan/updated" {
			t.Errorf("plan update without typed steps: %s", ev.Params)
		}
	}
	want := []codex.PlanStep{{Step: "Read the code", Status: "completed"},
		{Step: "Write the test", Status: "inProgress"}, {Step: "Land it", Status: "pending"}}
	if len(plans) != 1 || len(plans[0]) != 3 {
		t.Fatalf("plans %+v", plans)
	}
	for i := range want {
		if plans[0][i] != want[i] {
			t.Errorf("step %d: %+v, want %+v", i, plans[0][i], want[i])
		}
	}
}
