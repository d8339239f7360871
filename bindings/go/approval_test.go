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

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// approvalRun runs an "approve" turn (the mock asks to run `echo approved > approved.txt`
// escalated) in a fresh cwd and reports whether the file was written.
func approvalRun(t *testing.T, opts codex.Options) (requests []*codex.ServerRequest, wrote bool, res *codex.TurnResult) {
	t.Helper()
	var mu sync.Mutex
	inner := opts.ServerRequestHandler
	if inner != nil {
		opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
			mu.Lock()
			requests = append(requests, req)
			mu.Unlock()
			return inner(ctx, req)
		}
	}
	c := loggedIn(t, newClientWith(t, opts))
	work := t.TempDir()
	th := startThread(t, c, codex.ThreadParams{Cwd: work, Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest, ApprovalsReviewer: codex.ReviewerUser})
	res, err := th.Run(testCtx(t), "please approve this", codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("turn %s: %s", res.Status, res.Error)
	}
	_, statErr := os.Stat(filepath.Join(work, "approved.txt"))
	mu.Lock()
	defer mu.Unlock()
	return requests, statErr == nil, res
}

func commandStatus(t *testing.T, res *codex.TurnResult) string {
	var items []struct {
		Type   string `json:"type"`
		Status string `json:"status"`
	}
	must(t, json.Unmarshal(res.Items, &items))
	for _, it := range items {
		if it.Type == "commandExecution" {
			return it.Status
		}
	}
	t.Fatalf("no commandExecution item in %s", res.Items)
	return ""
}

func TestApprovalAccept(t *testing.T) {
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		return codex.Decision("accept"), nil
	}
	reqs, wrote, res := approvalRun(t, opts)
	if len(reqs) != 1 || reqs[0].Method != "item/commandExecution/requestApproval" {
		t.Fatalf("requests %+v", reqs)
	}
	r := reqs[0]
	if r.ThreadID != res.ThreadID || r.TurnID != res.ID || !strings.Contains(string(r.Params), "approved.txt") || len(r.ID) == 0 {
		t.Errorf("request %+v", r)
	}
	if !wrote {
		t.Error("accepted command did not write approved.txt")
	}
	if s := commandStatus(t, res); s != "completed" {
		t.Errorf("command status %s", s)
	}
}

func TestApprovalDecline(t *testing.T) {
	opts := options(t)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		return codex.Decision("decline"), nil
	}
	reqs, wrote, res := approvalRun(t, opts)
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	if wrote {
		t.Error("declined command wrote approved.txt")
	}
	if s := commandStatus(t, res); s != "declined" {
		t.Errorf("command status %s", s)
	}
}

func TestApprovalWithoutHandlerDeclines(t *testing.T) {
	_, wrote, res := approvalRun(t, options(t))
	if wrote {
		t.Error("no handler, yet the command ran")
	}
	if s := commandStatus(t, res); s != "declined" {
		t.Errorf("command status %s", s)
	}
}

// A panicking handler is recovered, reported, and the request gets the safe default.
func TestApprovalHandlerPanicDeclines(t *testing.T) {
	opts := options(t)
	reported := make(chan error, 4)
	opts.OnCallbackError = func(err error) { reported <- err }
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		panic("handler bug")
	}
	reqs, wrote, res := approvalRun(t, opts)
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	if wrote {
		t.Error("the command ran after a handler panic")
	}
	if s := commandStatus(t, res); s != "declined" {
		t.Errorf("command status %s", s)
	}
	select {
	case err := <-reported:
		var p *codex.CallbackPanicError
		if !errors.Is(err, codex.ErrCallbackPanic) || !errors.As(err, &p) || p.Value != "handler bug" {
			t.Errorf("reported %v", err)
		}
	default:
		t.Error("the panic was not reported")
	}
}

// The handler may be set after New, and may call back into the client.
func TestSetServerRequestHandlerLater(t *testing.T) {
	c := newClient(t)
	var calledBack bool
	must(t, c.SetServerRequestHandler(func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		_, err := c.Account(ctx) // re-entrant call from the handler
		calledBack = err == nil
		return codex.Decision("accept"), nil
	}))
	work := t.TempDir()
	th := startThread(t, c, codex.ThreadParams{Cwd: work, Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest, ApprovalsReviewer: codex.ReviewerUser})
	res, err := th.Run(testCtx(t), "approve again", codex.TurnParams{})
	must(t, err)
	if _, err := os.Stat(filepath.Join(work, "approved.txt")); err != nil || !calledBack {
		t.Fatalf("approved.txt: %v, called back: %v, status %s", err, calledBack, res.Status)
	}
}
