package codex

/*
#include "shims.h"
*/
import "C"

import "time"

// Remote connects New to an app-server that already runs (`codex app-server --listen URL`)
// instead of spawning one. With it, the spawn-only options (CodexBin, CodexHome, Cwd, Env,
// Config) must stay empty (ErrInvalidArgument). Credentials refused by the server are ErrAuth
// from New, with the server's reason; they never appear in an error or a log line. See
// docs/remote.md.
type Remote struct {
	URL string // unix://PATH, ws://HOST:PORT or wss://HOST:PORT

	// A capability token (`--ws-auth capability-token`) or a ready bearer token: at most one
	// of Token and TokenFile.
	Token, TokenFile string

	// A signed bearer token (`--ws-auth signed-bearer-token`): the library makes an HS256 JWT
	// from the shared secret (at most one of JWTSecret and JWTSecretFile) with these claims,
	// valid for JWTTTL (0 = 5 minutes).
	JWTSecret, JWTSecretFile string
	JWTIssuer, JWTAudience   string
	JWTTTL                   time.Duration

	CAFile string // PEM CAs a wss:// server must chain to ("" = the system's)

	// A link on which nothing arrives for this long is dead: every waiter gets ErrTransport
	// (0 = the library's 30 s, < 0 = never).
	PingTimeout time.Duration
}

// applyRemote sets the remote options on the C options.
func applyRemote(opts *C.codex_options, cs *cstrings, set func(func(e **C.codex_error) C.codex_status) error, r *Remote) error {
	if r == nil {
		return nil
	}
	url, err := cs.add("Remote.URL", r.URL)
	if err != nil {
		return err
	}
	if err := set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_remote_url(opts, url, e) }); err != nil {
		return err
	}
	secrets := 0
	for _, s := range []string{r.Token, r.TokenFile, r.JWTSecret, r.JWTSecretFile} {
		if s != "" {
			secrets++
		}
	}
	if secrets > 1 {
		return newError(StatusInvalidArgument, "Remote: set at most one of Token, TokenFile, JWTSecret, JWTSecretFile")
	}
	ttl := C.int64_t(300)
	if r.JWTTTL > 0 {
		ttl = C.int64_t(r.JWTTTL / time.Second)
	}
	switch {
	case r.Token != "":
		p, err := cs.add("Remote.Token", r.Token)
		if err != nil {
			return err
		}
		if err := set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_remote_token(opts, p, e) }); err != nil {
			return err
		}
	case r.TokenFile != "":
		p, err := cs.add("Remote.TokenFile", r.TokenFile)
		if err != nil {
			return err
		}
		if err := set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_remote_token_file(opts, p, e) }); err != nil {
			return err
		}
	case r.JWTSecret != "" || r.JWTSecretFile != "":
		iss, err := cs.opt("Remote.JWTIssuer", r.JWTIssuer)
		if err != nil {
			return err
		}
		aud, err := cs.opt("Remote.JWTAudience", r.JWTAudience)
		if err != nil {
			return err
		}
		if r.JWTSecret != "" {
			p, err := cs.add("Remote.JWTSecret", r.JWTSecret)
			if err != nil {
				return err
			}
			err = set(func(e **C.codex_error) C.codex_status {
				return C.codex_options_set_remote_jwt(opts, p, iss, aud, ttl, e)
			})
			if err != nil {
				return err
			}
		} else {
			p, err := cs.add("Remote.JWTSecretFile", r.JWTSecretFile)
			if err != nil {
				return err
			}
			err = set(func(e **C.codex_error) C.codex_status {
				return C.codex_options_set_remote_jwt_file(opts, p, iss, aud, ttl, e)
			})
			if err != nil {
				return err
			}
		}
	}
	if r.CAFile != "" {
		p, err := cs.add("Remote.CAFile", r.CAFile)
		if err != nil {
			return err
		}
		if err := set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_remote_ca_file(opts, p, e) }); err != nil {
			return err
		}
	}
	if r.PingTimeout != 0 {
		ms := millis(r.PingTimeout)
		if r.PingTimeout < 0 {
			ms = 0 // the library's "never"
		}
		if err := set(func(e **C.codex_error) C.codex_status { return C.codex_options_set_remote_ping_timeout_ms(opts, ms, e) }); err != nil {
			return err
		}
	}
	return nil
}
