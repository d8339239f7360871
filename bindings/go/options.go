package codex

/*
#include "shims.h"
*/
import "C"

import (
	"fmt"
	"sort"
	"time"
)

// LogLevel is the severity of a library diagnostic.
type LogLevel int

const (
	LogError LogLevel = 0
	LogWarn  LogLevel = 1
	LogInfo  LogLevel = 2
	LogDebug LogLevel = 3
)

// Options configure New. The zero value uses the library's defaults: the binary from CODEX_BIN
// or PATH, the inherited CODEX_HOME and cwd, 60 s request timeout, 10 min idle watchdog.
type Options struct {
	CodexBin  string            // path of the codex binary
	CodexHome string            // CODEX_HOME of the app-server
	Cwd       string            // working directory of the app-server (default cwd of threads)
	Env       map[string]string // extra environment variables of the app-server
	Config    []string          // `--config key=value` overrides, e.g. "features.plugins=false"

	ClientName, ClientTitle, ClientVersion string // clientInfo sent at initialize

	DisableExperimentalAPI bool
	AcceptAnyVersion       bool // accept a server outside the supported version range

	RequestTimeout       time.Duration // bound on calls that talk to the server (0 = library default)
	RetryLimit           *uint32       // overload retries (nil = library default)
	IdleTimeout          time.Duration // turn idle watchdog (0 = default, < 0 = off)
	ServerRequestTimeout time.Duration // how long a ServerRequestHandler may take (0 = default)

	// ServerRequestHandler answers approvals and other server requests. nil: the library's safe
	// default (decline approvals, grant nothing). See Client.SetServerRequestHandler.
	ServerRequestHandler ServerRequestHandler

	// Logger receives the library's diagnostics up to LogLevel, on the client's delivery
	// thread: keep it quick and do not call the client from it.
	Logger   func(level LogLevel, message string)
	LogLevel LogLevel

	// Remote connects to a running app-server instead of spawning one (nil = spawn).
	Remote *Remote

	// OnCallbackError receives errors from your callbacks that have no caller to return to:
	// a panicking or failing ServerRequestHandler (a *CallbackPanicError for panics), or an
	// answer the library refused. It may run on any goroutine.
	OnCallbackError func(error)
}

// logSink is the cgo.Handle target of the log callback.
type logSink struct {
	fn      func(LogLevel, string)
	onError func(error)
}

func (l *logSink) log(level LogLevel, msg string) {
	defer func() {
		if v := recover(); v != nil {
			reportPanic(l.onError, "logger", v)
		}
	}()
	l.fn(level, msg)
}

// buildOptions makes the C options; the caller frees them with C.codex_options_free.
func buildOptions(o *Options) (*C.codex_options, error) {
	opts := C.codex_options_new()
	if opts == nil {
		return nil, newError(StatusInternal, "codex_options_new failed")
	}
	var cs cstrings
	defer cs.free()
	fail := func(err error) (*C.codex_options, error) {
		C.codex_options_free(opts)
		return nil, err
	}
	set := func(f func(e **C.codex_error) C.codex_status) error {
		var e *C.codex_error
		return check(f(&e), e)
	}
	str := func(name, v string, setter func(p *C.char, e **C.codex_error) C.codex_status) error {
		if v == "" {
			return nil
		}
		p, err := cs.add(name, v)
		if err != nil {
			return err
		}
		return set(func(e **C.codex_error) C.codex_status { return setter(p, e) })
	}
	steps := []func() error{
		func() error { return applyRemote(opts, &cs, set, o.Remote) },
		func() error {
			return str("CodexBin", o.CodexBin, func(p *C.char, e **C.codex_error) C.codex_status {
				return C.codex_options_set_codex_bin(opts, p, e)
			})
		},
		func() error {
			return str("CodexHome", o.CodexHome, func(p *C.char, e **C.codex_error) C.codex_status {
				return C.codex_options_set_codex_home(opts, p, e)
			})
		},
		func() error {
			return str("Cwd", o.Cwd, func(p *C.char, e **C.codex_error) C.codex_status {
				return C.codex_options_set_cwd(opts, p, e)
			})
		},
		func() error {
			keys := make([]string, 0, len(o.Env))
			for k := range o.Env {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				name, err := cs.add("Env name", k)
				if err != nil {
					return err
				}
				val, err := cs.add("Env value", o.Env[k])
				if err != nil {
					return err
				}
				if err := set(func(e **C.codex_error) C.codex_status {
					return C.codex_options_set_env(opts, name, val, e)
				}); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			for _, kv := range o.Config {
				p, err := cs.add("Config", kv)
				if err != nil {
					return err
				}
				if err := set(func(e **C.codex_error) C.codex_status { return C.codex_options_add_config(opts, p, e) }); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			if o.ClientName == "" {
				if o.ClientTitle != "" || o.ClientVersion != "" {
					return newError(StatusInvalidArgument, "ClientTitle/ClientVersion need ClientName")
				}
				return nil
			}
			name, err := cs.add("ClientName", o.ClientName)
			if err != nil {
				return err
			}
			title, err := cs.opt("ClientTitle", o.ClientTitle)
			if err != nil {
				return err
			}
			version, err := cs.opt("ClientVersion", o.ClientVersion)
			if err != nil {
				return err
			}
			return set(func(e **C.codex_error) C.codex_status {
				return C.codex_options_set_client_info(opts, name, title, version, e)
			})
		},
		func() error {
			if !o.DisableExperimentalAPI {
				return nil
			}
			return set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_experimental_api(opts, false, e) })
		},
		func() error {
			if !o.AcceptAnyVersion {
				return nil
			}
			return set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_accept_any_version(opts, true, e) })
		},
		func() error {
			if o.RequestTimeout == 0 {
				return nil
			}
			if o.RequestTimeout < 0 {
				return newError(StatusInvalidArgument, "RequestTimeout must be positive")
			}
			return set(func(e **C.codex_error) C.codex_status {
				return C.codex_options_set_request_timeout_ms(opts, millis(o.RequestTimeout), e)
			})
		},
		func() error {
			if o.RetryLimit == nil {
				return nil
			}
			return set(func(e **C.codex_error) C.codex_status {
				return C.codex_options_set_retry_limit(opts, C.uint32_t(*o.RetryLimit), e)
			})
		},
		func() error {
			if o.IdleTimeout == 0 {
				return nil
			}
			ms := millis(o.IdleTimeout)
			if o.IdleTimeout < 0 {
				ms = 0 // the library's "off"
			}
			return set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_idle_timeout_ms(opts, ms, e) })
		},
		func() error {
			if o.ServerRequestTimeout == 0 {
				return nil
			}
			if o.ServerRequestTimeout < 0 {
				return newError(StatusInvalidArgument, "ServerRequestTimeout must be positive")
			}
			return set(func(e **C.codex_error) C.codex_status {
				return C.codex_options_set_server_request_timeout_ms(opts, millis(o.ServerRequestTimeout), e)
			})
		},
		func() error {
			if o.Logger == nil {
				return nil
			}
			if o.LogLevel < LogError || o.LogLevel > LogDebug {
				return newError(StatusInvalidArgument, fmt.Sprintf("bad LogLevel %d", o.LogLevel))
			}
			h := newHandle(&logSink{fn: o.Logger, onError: o.OnCallbackError})
			// On failure the library still runs drop, which deletes the handle.
			return set(func(e **C.codex_error) C.codex_status {
				return C.go_options_set_log(opts, C.codex_log_level(o.LogLevel), C.uintptr_t(h), e)
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fail(err)
		}
	}
	return opts, nil
}
