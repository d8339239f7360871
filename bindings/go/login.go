package codex

/*
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
)

// Login is a pending interactive ChatGPT login. Close it when done.
type Login struct {
	ID              string
	AuthURL         string // browser login: the URL to open
	VerificationURL string // device-code login: the page to visit
	UserCode        string // device-code login: the code to enter

	c    *Client
	ptr  *C.codex_login
	ref  *cref
	done *loginWaiter
}

// LoginResult is how a login ended. A failed or cancelled login is a result, not an error.
type LoginResult struct {
	LoginID string
	Success bool
	Error   string // the server's message when !Success
}

// loginWaiter is the cgo.Handle target of codex_login_on_complete.
type loginWaiter struct {
	once   sync.Once
	ch     chan struct{} // closed when result/err are set
	result LoginResult
	err    error
}

func (w *loginWaiter) finish(r LoginResult, err error) {
	w.once.Do(func() {
		w.result, w.err = r, err
		close(w.ch)
	})
}

func (w *loginWaiter) dropped() { w.finish(LoginResult{}, errClosed("login")) }

func copyLoginResult(r *C.codex_login_result) LoginResult {
	return LoginResult{
		LoginID: goString(C.codex_login_result_login_id(r)),
		Success: bool(C.codex_login_result_success(r)),
		Error:   goString(C.codex_login_result_error(r)),
	}
}

func (c *Client) startLogin(ctx context.Context, call func(p *C.codex_client, out **C.codex_login, e **C.codex_error) C.codex_status) (*Login, error) {
	ptr, err := await(ctx, c.closed, func() (*C.codex_login, error) {
		var out *C.codex_login
		err := c.ref.with("client", func() error {
			var e *C.codex_error
			return check(call(c.ptr, &out, &e), e)
		})
		return out, err
	}, func(p *C.codex_login) {
		// Nobody will see this login: cancel it so it does not hold the callback port.
		C.codex_login_cancel(p, nil)
		C.codex_login_free(p)
	})
	if err != nil {
		return nil, err
	}
	l := &Login{
		ID:              goString(C.codex_login_id(ptr)),
		AuthURL:         goString(C.codex_login_auth_url(ptr)),
		VerificationURL: goString(C.codex_login_verification_url(ptr)),
		UserCode:        goString(C.codex_login_user_code(ptr)),
		c:               c,
		ptr:             ptr,
		ref:             newCref(func() { C.codex_login_free(ptr) }),
		done:            &loginWaiter{ch: make(chan struct{})},
	}
	h := newHandle(l.done) // deleted by the drop trampoline
	var e *C.codex_error
	if err := check(C.go_login_on_complete(ptr, C.uintptr_t(h), &e), e); err != nil {
		l.ref.close()
		return nil, err
	}
	runtime.SetFinalizer(l, (*Login).Close)
	return l, nil
}

// Wait waits for the login to complete. If ctx ends first it returns ctx's error and the login
// stays pending (Cancel it if it should stop).
func (l *Login) Wait(ctx context.Context) (LoginResult, error) {
	select {
	case <-l.done.ch:
		return l.done.result, l.done.err
	default:
	}
	select {
	case <-l.done.ch:
		return l.done.result, l.done.err
	case <-ctx.Done():
		return LoginResult{}, ctx.Err()
	case <-l.c.closed:
		return LoginResult{}, errClosed("client")
	}
}

// Cancel cancels the login; Wait then returns a result with Success false.
func (l *Login) Cancel(ctx context.Context) error {
	return await0(ctx, l.c.closed, func() error {
		return l.ref.with("login", func() error {
			var e *C.codex_error
			return check(C.codex_login_cancel(l.ptr, &e), e)
		})
	})
}

// Close releases the handle (the login goes on unless cancelled). Idempotent.
func (l *Login) Close() error {
	runtime.SetFinalizer(l, nil)
	l.ref.close()
	return nil
}

// AccountInfo is the answer of `account/read`.
type AccountInfo struct {
	Account            *Account // nil when not logged in
	RequiresOpenAIAuth bool
	Raw                json.RawMessage
}

// Account is the logged-in account: Type "apiKey", "chatgpt" (with Email, PlanType) or other.
type Account struct {
	Type     string          `json:"type"`
	Email    string          `json:"email,omitempty"`
	PlanType string          `json:"planType,omitempty"`
	Raw      json.RawMessage `json:"-"`
}

func parseAccount(raw json.RawMessage) (*AccountInfo, error) {
	var wire struct {
		Account            json.RawMessage `json:"account"`
		RequiresOpenAIAuth bool            `json:"requiresOpenaiAuth"`
	}
	if err := json.Unmarshal(raw, &wire); err != nil {
		return nil, newError(StatusInternal, "account/read answer: "+err.Error())
	}
	info := &AccountInfo{RequiresOpenAIAuth: wire.RequiresOpenAIAuth, Raw: raw}
	if len(wire.Account) > 0 && string(wire.Account) != "null" {
		info.Account = &Account{Raw: wire.Account}
		if err := json.Unmarshal(wire.Account, info.Account); err != nil {
			return nil, newError(StatusInternal, "account/read answer: "+err.Error())
		}
	}
	return info, nil
}
