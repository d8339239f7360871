package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
	"time"
)

// Client is one running `codex app-server`. Safe for concurrent use. Close it when done (a
// finalizer closes a forgotten one, but only at the garbage collector's pace).
type Client struct {
	ptr    *C.codex_client
	ref    *cref
	closed chan struct{} // closed by Close: every wait on the client returns ErrClosed
	once   sync.Once

	onError        func(error)
	handlerTimeout time.Duration
	baseCtx        context.Context // cancelled by Close; parent of server-request handler contexts
	cancelBase     context.CancelFunc
	handlerMu      sync.Mutex // serialises SetServerRequestHandler

	// Metadata from the initialize handshake.
	UserAgent, ServerVersion, CodexHome, PlatformFamily, PlatformOS string
}

// New starts an app-server and completes the initialize handshake. ctx bounds the start-up:
// if it ends first New returns its error and the half-started server is shut down.
func New(ctx context.Context, opts Options) (*Client, error) {
	copts, err := buildOptions(&opts)
	if err != nil {
		return nil, err
	}
	ptr, err := await(ctx, nil, func() (*C.codex_client, error) {
		defer C.codex_options_free(copts)
		var out *C.codex_client
		var e *C.codex_error
		if err := check(C.codex_new(copts, &out, &e), e); err != nil {
			return nil, err
		}
		return out, nil
	}, func(p *C.codex_client) { C.codex_free(p) })
	if err != nil {
		return nil, err
	}
	c := &Client{
		ptr:            ptr,
		closed:         make(chan struct{}),
		onError:        opts.OnCallbackError,
		handlerTimeout: opts.ServerRequestTimeout,
		UserAgent:      goString(C.codex_client_user_agent(ptr)),
		ServerVersion:  goString(C.codex_client_server_version(ptr)),
		CodexHome:      goString(C.codex_client_codex_home(ptr)),
		PlatformFamily: goString(C.codex_client_platform_family(ptr)),
		PlatformOS:     goString(C.codex_client_platform_os(ptr)),
	}
	if c.handlerTimeout <= 0 {
		c.handlerTimeout = 10 * time.Minute
	}
	c.baseCtx, c.cancelBase = context.WithCancel(context.Background())
	c.ref = newCref(func() { C.codex_free(ptr) })
	if opts.ServerRequestHandler != nil {
		if err := c.SetServerRequestHandler(opts.ServerRequestHandler); err != nil {
			c.Close()
			return nil, err
		}
	}
	runtime.SetFinalizer(c, (*Client).Close)
	return c, nil
}

// Close shuts the client down: every wait on it (turns, logins, requests) returns ErrClosed at
// once, later calls return ErrClosed, and the app-server is stopped (as soon as calls already
// inside the library return). Threads, turns and logins should still be closed. Idempotent.
func (c *Client) Close() error {
	c.once.Do(func() {
		runtime.SetFinalizer(c, nil)
		close(c.closed)
		c.cancelBase()
		c.ref.close()
	})
	return nil
}

// do runs a blocking C call on the client pointer under ctx (see await).
func (c *Client) do(ctx context.Context, call func(p *C.codex_client) error) error {
	return await0(ctx, c.closed, func() error {
		defer runtime.KeepAlive(c) // the reference count already guards the pointer; belt and braces
		return c.ref.with("client", func() error { return call(c.ptr) })
	})
}

// doThread runs a C call that produces a thread handle; an abandoned one is freed.
func (c *Client) doThread(ctx context.Context, call func(p *C.codex_client, out **C.codex_thread, e **C.codex_error) C.codex_status) (*Thread, error) {
	ptr, err := await(ctx, c.closed, func() (*C.codex_thread, error) {
		var out *C.codex_thread
		err := c.ref.with("client", func() error {
			var e *C.codex_error
			return check(call(c.ptr, &out, &e), e)
		})
		return out, err
	}, func(p *C.codex_thread) { C.codex_thread_free(p) })
	if err != nil {
		return nil, err
	}
	return newThread(c, ptr), nil
}

// doJSON runs a C call that writes an owned JSON string.
func (c *Client) doJSON(ctx context.Context, call func(p *C.codex_client, out **C.char, e **C.codex_error) C.codex_status) (json.RawMessage, error) {
	var result json.RawMessage
	err := c.do(ctx, func(p *C.codex_client) error {
		var out *C.char
		var e *C.codex_error
		if err := check(call(p, &out, &e), e); err != nil {
			return err
		}
		result = json.RawMessage(takeString(out))
		return nil
	})
	return result, err
}

// requestWaiter is the cgo.Handle target of codex_request_async.
type requestWaiter struct {
	once sync.Once
	ch   chan requestOutcome // buffered: the delivery thread never blocks on it
}

type requestOutcome struct {
	result json.RawMessage
	err    error
}

func (w *requestWaiter) finish(result json.RawMessage, err error) {
	w.once.Do(func() { w.ch <- requestOutcome{result, err} })
}

// dropped: the library let go without an answer (the client closed first).
func (w *requestWaiter) dropped() { w.finish(nil, errClosed("client")) }

// Request sends any app-server method with raw JSON params (nil = {}) and returns the raw
// result. It waits for ctx (its deadline, if any, is also passed to the library); a JSON-RPC
// error is an *Error with StatusRPC, Code and Data.
func (c *Client) Request(ctx context.Context, method string, params json.RawMessage) (json.RawMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var cs cstrings
	defer cs.free()
	m, err := cs.add("method", method)
	if err != nil {
		return nil, err
	}
	p, err := cs.json("params", params)
	if err != nil {
		return nil, err
	}
	timeout := C.int64_t(-1)
	if dl, ok := ctx.Deadline(); ok {
		timeout = millis(time.Until(dl))
		if timeout <= 0 {
			return nil, context.DeadlineExceeded
		}
	}
	w := &requestWaiter{ch: make(chan requestOutcome, 1)}
	err = c.ref.with("client", func() error {
		h := newHandle(w) // deleted by the drop trampoline, which always runs
		var e *C.codex_error
		return check(C.go_request_async(c.ptr, m, p, timeout, C.uintptr_t(h), &e), e)
	})
	if err != nil {
		return nil, err
	}
	select {
	case o := <-w.ch:
		if e, ok := o.err.(*Error); ok && e.Status == StatusTimeout && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return o.result, o.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.closed:
		return nil, errClosed("client")
	}
}

// LoginAPIKey logs in with an API key (completes at once; the key is never logged).
func (c *Client) LoginAPIKey(ctx context.Context, apiKey string) error {
	var cs cstrings
	defer cs.free()
	k, err := cs.add("api key", apiKey)
	if err != nil {
		return err
	}
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_login_api_key(p, k, &e), e)
	})
}

// LoginChatGPT starts a ChatGPT browser login: show Login.AuthURL to the user, then Wait.
func (c *Client) LoginChatGPT(ctx context.Context) (*Login, error) {
	return c.startLogin(ctx, func(p *C.codex_client, out **C.codex_login, e **C.codex_error) C.codex_status {
		return C.codex_login_chatgpt(p, out, e)
	})
}

// LoginChatGPTDeviceCode starts a device-code login: show Login.VerificationURL and
// Login.UserCode, then Wait.
func (c *Client) LoginChatGPTDeviceCode(ctx context.Context) (*Login, error) {
	return c.startLogin(ctx, func(p *C.codex_client, out **C.codex_login, e **C.codex_error) C.codex_status {
		return C.codex_login_chatgpt_device_code(p, out, e)
	})
}

// Account reads the account (`account/read`).
func (c *Client) Account(ctx context.Context) (*AccountInfo, error) {
	raw, err := c.doJSON(ctx, func(p *C.codex_client, out **C.char, e **C.codex_error) C.codex_status {
		return C.codex_account(p, false, out, e)
	})
	if err != nil {
		return nil, err
	}
	return parseAccount(raw)
}

// Logout logs out (also fine when nobody is logged in).
func (c *Client) Logout(ctx context.Context) error {
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_logout(p, &e), e)
	})
}

// Models lists the models (`model/list`), as raw JSON `{"data":[...]}`.
func (c *Client) Models(ctx context.Context, includeHidden bool) (json.RawMessage, error) {
	return c.doJSON(ctx, func(p *C.codex_client, out **C.char, e **C.codex_error) C.codex_status {
		return C.codex_models(p, C.bool(includeHidden), out, e)
	})
}

// ThreadStart starts a thread.
func (c *Client) ThreadStart(ctx context.Context, params ThreadParams) (*Thread, error) {
	return c.threadCall(ctx, nil, params, func(p *C.codex_client, id, js *C.char, out **C.codex_thread, e **C.codex_error) C.codex_status {
		return C.codex_thread_start(p, js, out, e)
	})
}

// ThreadResume resumes a stored thread; params override its settings.
func (c *Client) ThreadResume(ctx context.Context, threadID string, params ThreadParams) (*Thread, error) {
	return c.threadCall(ctx, &threadID, params, func(p *C.codex_client, id, js *C.char, out **C.codex_thread, e **C.codex_error) C.codex_status {
		return C.codex_thread_resume(p, id, js, out, e)
	})
}

// ThreadFork forks a thread into a new one.
func (c *Client) ThreadFork(ctx context.Context, threadID string, params ThreadParams) (*Thread, error) {
	return c.threadCall(ctx, &threadID, params, func(p *C.codex_client, id, js *C.char, out **C.codex_thread, e **C.codex_error) C.codex_status {
		return C.codex_thread_fork(p, id, js, out, e)
	})
}

// ThreadUnarchive unarchives a thread (resume it before running turns).
func (c *Client) ThreadUnarchive(ctx context.Context, threadID string) (*Thread, error) {
	return c.threadCall(ctx, &threadID, ThreadParams{}, func(p *C.codex_client, id, _ *C.char, out **C.codex_thread, e **C.codex_error) C.codex_status {
		return C.codex_thread_unarchive(p, id, out, e)
	})
}

// threadCall runs a thread-producing call; threadID nil means the call takes none.
func (c *Client) threadCall(ctx context.Context, threadID *string, params ThreadParams,
	call func(p *C.codex_client, id, js *C.char, out **C.codex_thread, e **C.codex_error) C.codex_status) (*Thread, error) {
	var cs cstrings
	defer cs.free()
	var id *C.char
	if threadID != nil {
		var err error
		if id, err = cs.add("thread id", *threadID); err != nil {
			return nil, err
		}
	}
	body, err := params.MarshalJSON()
	if err != nil {
		return nil, err
	}
	js, err := cs.json("params", body)
	if err != nil {
		return nil, err
	}
	return c.doThread(ctx, func(p *C.codex_client, out **C.codex_thread, e **C.codex_error) C.codex_status {
		return call(p, id, js, out, e)
	})
}

// ThreadList lists stored threads (`thread/list`; params nil = {}), as raw JSON.
func (c *Client) ThreadList(ctx context.Context, params json.RawMessage) (json.RawMessage, error) {
	var cs cstrings
	defer cs.free()
	js, err := cs.json("params", params)
	if err != nil {
		return nil, err
	}
	return c.doJSON(ctx, func(p *C.codex_client, out **C.char, e **C.codex_error) C.codex_status {
		return C.codex_thread_list(p, js, out, e)
	})
}

// ThreadListWith is ThreadList with typed params.
func (c *Client) ThreadListWith(ctx context.Context, params ListParams) (json.RawMessage, error) {
	js, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	return c.ThreadList(ctx, js)
}

// ThreadArchive archives a thread (the server unloads it).
func (c *Client) ThreadArchive(ctx context.Context, threadID string) error {
	var cs cstrings
	defer cs.free()
	id, err := cs.add("thread id", threadID)
	if err != nil {
		return err
	}
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_thread_archive(p, id, &e), e)
	})
}

// NextNotification takes the next notification no turn or login claimed (thread/started,
// account/updated, ...), waiting for ctx.
func (c *Client) NextNotification(ctx context.Context) (Event, error) {
	if err := ctx.Err(); err != nil {
		return Event{}, err
	}
	tok, release := cancelOn(ctx, c.baseCtx)
	defer release()
	var ev Event
	var st C.codex_status
	err := c.ref.with("client", func() error {
		var out *C.codex_event
		var e *C.codex_error
		st = C.codex_next_notification_cancellable(c.ptr, -1, tok, &out, &e)
		if st == C.CODEX_STATUS_CANCELLED {
			C.codex_error_free(e)
			return nil
		}
		if err := check(st, e); err != nil {
			return err
		}
		ev = takeEvent(out)
		return nil
	})
	if err == nil && st == C.CODEX_STATUS_CANCELLED {
		return Event{}, c.cancelledErr(ctx)
	}
	return ev, err
}
