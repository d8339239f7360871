package codex_test

// Test helpers. The tests drive the real app-server against the loopback mock model, so they
// must run under tests/fixtures/run_with_fixture.py (ctest does that); without its environment
// they fail rather than skip.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

const fakeKey = "sk-test-go"

func env(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run the tests under tests/fixtures/run_with_fixture.py (ctest -R go does)", name)
	}
	return v
}

// freshHome is a new CODEX_HOME holding the fixture's offline config.toml.
func freshHome(t testing.TB) string {
	t.Helper()
	config, err := os.ReadFile(env(t, "CODEX_TEST_HOME_TEMPLATE"))
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "config.toml"), config, 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

// testCtx bounds a whole test, so a hang fails it instead of stalling ctest.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// options are the test defaults: a fresh CODEX_HOME, and an empty HOME for the app-server,
// because it runs shells (its shell snapshot, approved commands) as login shells that source
// $HOME's rc files; the host's (pyenv's rehash waits up to 60 s on a stale lock) must not make
// the tests depend on the machine.
func options(t testing.TB) codex.Options {
	return codex.Options{
		CodexBin:       env(t, "CODEX_BIN"),
		CodexHome:      freshHome(t),
		Env:            map[string]string{"HOME": t.TempDir()},
		ClientName:     "codex_ffi_go_tests",
		ClientTitle:    "codex-ffi Go tests",
		RequestTimeout: 30 * time.Second,
	}
}

// newClientWith starts a client (not logged in) and closes it when the test ends.
func newClientWith(t testing.TB, opts codex.Options) *codex.Client {
	t.Helper()
	c, err := codex.New(testCtx(t), opts)
	if err != nil {
		t.Fatalf("codex.New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// newClient is a client on a fresh home, logged in with a fake API key (the mock provider
// needs auth before any turn).
func newClient(t testing.TB) *codex.Client {
	t.Helper()
	return loggedIn(t, newClientWith(t, options(t)))
}

func loggedIn(t testing.TB, c *codex.Client) *codex.Client {
	t.Helper()
	if err := c.LoginAPIKey(testCtx(t), fakeKey); err != nil {
		t.Fatalf("LoginAPIKey: %v", err)
	}
	return c
}

func startThread(t testing.TB, c *codex.Client, p codex.ThreadParams) *codex.Thread {
	t.Helper()
	th, err := c.ThreadStart(testCtx(t), p)
	if err != nil {
		t.Fatalf("ThreadStart: %v", err)
	}
	t.Cleanup(func() { th.Close() })
	return th
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// requestLog is the mock model's JSONL request log so far.
func requestLog(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(env(t, "CODEX_TEST_REQUEST_LOG"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

// modelRequestsContaining returns the mock's /responses requests whose text contains needle.
func modelRequestsContaining(t testing.TB, needle string) []string {
	var out []string
	for _, line := range strings.Split(requestLog(t), "\n") {
		if strings.Contains(line, "/responses") && strings.Contains(line, needle) {
			out = append(out, line)
		}
	}
	return out
}

// nonce makes prompts unique, so request-log checks hold when the tests run twice (-count).
func nonce(prefix string) string { return fmt.Sprintf("%s%d", prefix, time.Now().UnixNano()) }

func elapsedSince(start time.Time) time.Duration { return time.Since(start).Round(time.Millisecond) }

type (
	ctxT = context.Context
	rawT = json.RawMessage
)
