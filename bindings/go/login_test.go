package codex_test

// Login tests. The browser ones use the host-global callback port 127.0.0.1:1455: ctest runs
// them (everything named TestLogin*) as their own entry under the browser-login RESOURCE_LOCK.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func TestLoginAPIKeyAccountLogout(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	info, err := c.Account(ctx)
	must(t, err)
	if info.Account != nil || !info.RequiresOpenAIAuth {
		t.Fatalf("before login: %s", info.Raw)
	}
	must(t, c.LoginAPIKey(ctx, fakeKey))
	info, err = c.Account(ctx)
	must(t, err)
	if info.Account == nil || info.Account.Type != "apiKey" {
		t.Fatalf("after login: %s", info.Raw)
	}
	must(t, c.Logout(ctx))
	info, err = c.Account(ctx)
	must(t, err)
	if info.Account != nil {
		t.Fatalf("after logout: %s", info.Raw)
	}
	must(t, c.Logout(ctx)) // nobody logged in: still fine
}

func TestLoginBrowserCancel(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	l, err := c.LoginChatGPT(ctx)
	must(t, err)
	defer l.Close()
	if l.ID == "" || !strings.HasPrefix(l.AuthURL, env(t, "CODEX_TEST_MOCK_URL")) {
		t.Fatalf("login %+v", l)
	}
	// A wait with a short ctx returns promptly and leaves the login pending.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := l.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait: %v", err)
	}
	must(t, l.Cancel(ctx))
	res, err := l.Wait(ctx)
	must(t, err)
	if res.Success || res.Error == "" || res.LoginID != l.ID {
		t.Fatalf("result %+v", res)
	}
	must(t, l.Cancel(ctx)) // twice is fine
}

// Plays the browser: GET the auth URL; the mock issuer redirects to the server's callback on
// 127.0.0.1:1455, which completes the login.
func TestLoginBrowserComplete(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	l, err := c.LoginChatGPT(ctx)
	must(t, err)
	defer l.Close()
	mock := env(t, "CODEX_TEST_MOCK_URL")
	if !strings.HasPrefix(l.AuthURL, mock+"/") {
		t.Fatalf("auth URL %q is not on the loopback mock %s", l.AuthURL, mock)
	}
	browser := &http.Client{
		Transport: &http.Transport{Proxy: nil}, // loopback only, never a proxy
		Timeout:   20 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if h := req.URL.Hostname(); h != "127.0.0.1" && h != "localhost" {
				return errors.New("refusing a non-loopback redirect to " + h)
			}
			return nil
		},
	}
	resp, err := browser.Get(l.AuthURL)
	must(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	res, err := l.Wait(ctx)
	must(t, err)
	if !res.Success || res.LoginID != l.ID {
		t.Fatalf("result %+v", res)
	}
	info, err := c.Account(ctx)
	must(t, err)
	if info.Account == nil || info.Account.Type != "chatgpt" {
		t.Fatalf("account %s", info.Raw)
	}
}

func TestLoginDeviceCode(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	l, err := c.LoginChatGPTDeviceCode(ctx)
	must(t, err)
	defer l.Close()
	if l.UserCode == "" || !strings.HasPrefix(l.VerificationURL, env(t, "CODEX_TEST_MOCK_URL")) || l.AuthURL != "" {
		t.Fatalf("login %+v", l)
	}
	res, err := l.Wait(ctx)
	must(t, err)
	if !res.Success {
		t.Fatalf("result %+v", res)
	}
	info, err := c.Account(ctx)
	must(t, err)
	if info.Account == nil || info.Account.Type != "chatgpt" {
		t.Fatalf("account %s", info.Raw)
	}
}

func TestLoginWaitEndsWithClose(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)
	l, err := c.LoginChatGPT(ctx)
	must(t, err)
	defer l.Close()
	done := make(chan error, 1)
	go func() { _, err := l.Wait(context.Background()); done <- err }()
	time.Sleep(100 * time.Millisecond)
	c.Close()
	select {
	case err := <-done:
		if !errors.Is(err, codex.ErrClosed) {
			t.Fatalf("Wait after Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait did not return after Close")
	}
}
