package codex_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func TestHandshakeAndMetadata(t *testing.T) {
	opts := options(t)
	c := newClientWith(t, opts)
	// The version of the binary this run drives (the fixture asks `$CODEX_BIN --version`).
	want := env(t, "CODEX_TEST_SERVER_VERSION")
	if c.ServerVersion != want {
		t.Errorf("ServerVersion = %q, want %q", c.ServerVersion, want)
	}
	if !strings.Contains(c.UserAgent, "codex_ffi_go_tests/"+want) {
		t.Errorf("UserAgent = %q", c.UserAgent)
	}
	if c.CodexHome != opts.CodexHome {
		t.Errorf("CodexHome = %q, want %q", c.CodexHome, opts.CodexHome)
	}
	if c.PlatformOS != "linux" || c.PlatformFamily != "unix" {
		t.Errorf("platform = %q/%q", c.PlatformFamily, c.PlatformOS)
	}
	if v := codex.Version(); v == "" {
		t.Error("empty library version")
	}
}

func TestRawRequestAndModels(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	res, err := c.Request(ctx, "model/list", nil)
	must(t, err)
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	must(t, json.Unmarshal(res, &list))
	if len(list.Data) == 0 {
		t.Fatalf("model/list gave no models: %s", res)
	}
	models, err := c.Models(ctx, false)
	must(t, err)
	if !strings.Contains(string(models), list.Data[0].ID) {
		t.Errorf("Models() lacks %q", list.Data[0].ID)
	}
}

func TestRPCErrorCarriesCode(t *testing.T) {
	c := newClientWith(t, options(t))
	_, err := c.Request(testCtx(t), "no/such/method", json.RawMessage(`{}`))
	if !errors.Is(err, codex.ErrRPC) {
		t.Fatalf("err = %v, want ErrRPC", err)
	}
	var rpc *codex.RPCError
	if !errors.As(err, &rpc) || rpc.Code != -32600 || !strings.Contains(rpc.Message, "unknown variant") {
		t.Fatalf("err = %#v", err)
	}
	if errors.Is(err, codex.ErrTimeout) {
		t.Error("an RPC error must not match ErrTimeout")
	}
}

func TestInvalidArguments(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	if err := c.LoginAPIKey(ctx, "sk-\x00hidden"); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("NUL in key: %v", err)
	}
	if _, err := c.Request(ctx, "model/list", json.RawMessage(`{not json`)); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("bad JSON: %v", err)
	}
	if _, err := c.Request(ctx, "model\x00/list", nil); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("NUL in method: %v", err)
	}
	loggedIn(t, c)
	th := startThread(t, c, codex.ThreadParams{})
	if _, err := th.Run(ctx, "hi\x00there", codex.TurnParams{}); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("NUL in input: %v", err)
	}
	bad := codex.ThreadParams{Extra: map[string]json.RawMessage{"model": json.RawMessage(`{oops`)}}
	if _, err := c.ThreadStart(ctx, bad); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("bad Extra JSON: %v", err)
	}
}

func TestMissingBinaryIsNotFound(t *testing.T) {
	opts := options(t)
	opts.CodexBin = "/nonexistent/codex"
	_, err := codex.New(testCtx(t), opts)
	if !errors.Is(err, codex.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestCancelledContextReturnsAtOnce(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Request(ctx, "model/list", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Request: %v", err)
	}
	if _, err := c.ThreadStart(ctx, codex.ThreadParams{}); !errors.Is(err, context.Canceled) {
		t.Errorf("ThreadStart: %v", err)
	}
	if _, err := codex.New(ctx, options(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("New: %v", err)
	}
}

func TestThreadLifecycle(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{Cwd: env(t, "CODEX_TEST_WORKDIR")})
	res, err := th.Run(ctx, "remember the word pineapple", codex.TurnParams{})
	must(t, err)
	if res.Status != codex.TurnCompleted {
		t.Fatalf("status %s", res.Status)
	}
	must(t, th.SetName(ctx, "go lifecycle"))
	read, err := th.Read(ctx, false)
	must(t, err)
	if !strings.Contains(string(read), "go lifecycle") {
		t.Errorf("thread/read lacks the name: %s", read)
	}
	list, err := c.ThreadList(ctx, nil)
	must(t, err)
	if !strings.Contains(string(list), th.ID) {
		t.Errorf("thread/list lacks %s", th.ID)
	}

	fork, err := c.ThreadFork(ctx, th.ID, codex.ThreadParams{Extra: map[string]json.RawMessage{"excludeTurns": json.RawMessage("true")}})
	must(t, err)
	defer fork.Close()
	if fork.ID == "" || fork.ID == th.ID {
		t.Fatalf("fork id %q", fork.ID)
	}
	fres, err := fork.Run(ctx, "what word?", codex.TurnParams{})
	must(t, err)
	if fres.FinalResponse != "You said: what word?" {
		t.Errorf("fork answer %q", fres.FinalResponse)
	}
	// The fork carried the history: the model saw the first thread's message.
	if len(modelRequestsContaining(t, "what word?")) == 0 || !strings.Contains(modelRequestsContaining(t, "what word?")[0], "pineapple") {
		t.Error("the fork's request did not carry the source thread's history")
	}

	must(t, c.ThreadArchive(ctx, th.ID))
	un, err := c.ThreadUnarchive(ctx, th.ID)
	must(t, err)
	un.Close()
	resumed, err := c.ThreadResume(ctx, th.ID, codex.ThreadParams{})
	must(t, err)
	defer resumed.Close()
	rres, err := resumed.Run(ctx, "back again", codex.TurnParams{})
	must(t, err)
	if rres.FinalResponse != "You said: back again" {
		t.Errorf("resumed answer %q", rres.FinalResponse)
	}
	if _, err := c.ThreadResume(ctx, "00000000-0000-7000-8000-000000000000", codex.ThreadParams{}); !errors.Is(err, codex.ErrRPC) {
		t.Errorf("resume of an unknown id: %v", err)
	}
}

func TestNotificationsArrive(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	deadline, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for {
		ev, err := c.NextNotification(deadline)
		if err != nil {
			t.Fatalf("no thread/started for %s: %v", th.ID, err)
		}
		if ev.Method == "thread/started" && strings.Contains(string(ev.Params), th.ID) {
			return
		}
	}
}

func TestStatusNamesComeFromTheCLibrary(t *testing.T) {
	for st, want := range map[codex.Status]string{
		codex.StatusTimeout: "CODEX_STATUS_TIMEOUT",
		codex.StatusAuth:    "CODEX_STATUS_AUTH",
		codex.Status(999):   "CODEX_STATUS_UNKNOWN(999)",
	} {
		if got := st.String(); got != want {
			t.Errorf("Status(%d).String() = %q, want %q", int(st), got, want)
		}
	}
	err := &codex.Error{Status: codex.StatusAuth, Message: "credentials refused"}
	if !errors.Is(err, codex.ErrAuth) || errors.Is(err, codex.ErrInternal) {
		t.Errorf("errors.Is does not single out ErrAuth for %v", err)
	}
	if got, want := err.Error(), "codex: CODEX_STATUS_AUTH: credentials refused"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := codex.ErrTimeout.Error(), "codex: CODEX_STATUS_TIMEOUT"; got != want {
		t.Errorf("ErrTimeout = %q, want %q", got, want)
	}
}
