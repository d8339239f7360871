package codex_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// serversUsingHome lists the pids of processes whose environment has CODEX_HOME=home.
func serversUsingHome(home string) []string {
	want := []byte("CODEX_HOME=" + home + "\x00")
	var pids []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err == nil && bytes.Contains(env, want) {
			pids = append(pids, filepath.Base(d))
		}
	}
	return pids
}

// A Client nobody closed is closed by its finalizer once unreachable: its app-server exits.
// (Proves the callback handles hold no reference back to the Client.)
func TestFinalizerClosesForgottenClient(t *testing.T) {
	opts := options(t)
	opts.ServerRequestHandler = func(ctx ctxT, req *codex.ServerRequest) (rawT, error) { return nil, nil }
	opts.Logger = func(codex.LogLevel, string) {}
	func() {
		c, err := codex.New(testCtx(t), opts)
		must(t, err)
		th, err := c.ThreadStart(testCtx(t), codex.ThreadParams{})
		must(t, err)
		_ = th.ID
		if len(serversUsingHome(opts.CodexHome)) == 0 {
			t.Fatal("cannot see the app-server in /proc")
		}
	}()
	deadline := time.Now().Add(15 * time.Second)
	for len(serversUsingHome(opts.CodexHome)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the forgotten client's app-server still runs: %v", serversUsingHome(opts.CodexHome))
		}
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
	}
}

// Every cgo handle given to the library (request, turn and login completions, the server
// request handler, the logger) is deleted by its drop callback once the library lets go.
func TestHandlesAreReleased(t *testing.T) {
	runtime.GC()
	time.Sleep(50 * time.Millisecond) // let pending finalizers of earlier tests run
	baseline := codex.LiveHandles()
	opts := options(t)
	opts.ServerRequestHandler = func(ctx ctxT, req *codex.ServerRequest) (rawT, error) {
		return codex.Decision("decline"), nil
	}
	opts.Logger = func(codex.LogLevel, string) {}
	c, err := codex.New(testCtx(t), opts)
	must(t, err)
	ctx := testCtx(t)
	must(t, c.LoginAPIKey(ctx, fakeKey))
	_, err = c.Request(ctx, "model/list", nil)
	must(t, err)
	th, err := c.ThreadStart(ctx, codex.ThreadParams{Cwd: t.TempDir(), Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest})
	must(t, err)
	_, err = th.Run(ctx, "approve it", codex.TurnParams{})
	must(t, err)
	held, err := th.Turn(ctx, "hold on", codex.TurnParams{}) // closed while running
	must(t, err)
	l, err := c.LoginChatGPTDeviceCode(ctx) // closed while pending
	must(t, err)
	if n := codex.LiveHandles() - baseline; n < 4 {
		t.Fatalf("only %d live handles while a turn, a login, a handler and a logger are registered", n)
	}
	held.Close()
	l.Close()
	th.Close()
	c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for codex.LiveHandles() > baseline {
		if time.Now().After(deadline) {
			t.Fatalf("%d handles never dropped", codex.LiveHandles()-baseline)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
