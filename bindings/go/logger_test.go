package codex_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// The logger receives the library's diagnostics (here the app-server's stderr at debug level);
// a panicking logger is reported and the client keeps working.
func TestLoggerAndLoggerPanic(t *testing.T) {
	opts := options(t)
	opts.Env["RUST_LOG"] = "info" // make the app-server write to stderr
	opts.LogLevel = codex.LogDebug
	var mu sync.Mutex
	var lines []string
	var reported []error
	opts.Logger = func(level codex.LogLevel, msg string) {
		mu.Lock()
		lines = append(lines, msg)
		n := len(lines)
		mu.Unlock()
		if n == 1 {
			panic("logger bug")
		}
	}
	opts.OnCallbackError = func(err error) {
		mu.Lock()
		reported = append(reported, err)
		mu.Unlock()
	}
	c := loggedIn(t, newClientWith(t, opts))
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "log something", codex.TurnParams{})
	must(t, err)
	if res.FinalResponse != "You said: log something" {
		t.Errorf("final %q", res.FinalResponse)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "app-server") {
		t.Fatalf("logger got %d lines: %q", len(lines), lines)
	}
	if len(reported) != 1 || !errors.Is(reported[0], codex.ErrCallbackPanic) {
		t.Fatalf("reported %v", reported)
	}
	for _, l := range lines {
		if strings.Contains(l, fakeKey) {
			t.Fatal("the API key reached the log")
		}
	}
}
