package codex_test

// Remote app-servers: the test starts a real `codex app-server --listen ws://127.0.0.1:PORT`
// with a capability token (inside the fixture's loopback-only network namespace) and connects
// to it instead of spawning one.

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

const remoteToken = "go-remote-capability-token-0123456789"

// startRemoteServer runs the app-server on a free loopback port with a capability token file;
// it is killed when the test ends. Returns its URL, token file and process.
func startRemoteServer(t *testing.T) (string, string, *exec.Cmd) {
	t.Helper()
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	must(t, os.WriteFile(tokenFile, []byte(remoteToken+"\n"), 0o600))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := l.Addr().String()
	must(t, l.Close())
	url := "ws://" + addr
	cmd := exec.Command(env(t, "CODEX_BIN"), "app-server", "--listen", url,
		"--ws-auth", "capability-token", "--ws-token-file", tokenFile)
	cmd.Env = append(os.Environ(), "CODEX_HOME="+freshHome(t), "HOME="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	must(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("app-server not listening on %s after 30 s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return url, tokenFile, cmd
}

func remoteOptions(r *codex.Remote) codex.Options {
	return codex.Options{
		ClientName:     "codex_ffi_go_tests",
		RequestTimeout: 30 * time.Second,
		Remote:         r,
	}
}

func TestRemoteTurnOverWebSocket(t *testing.T) {
	url, tokenFile, cmd := startRemoteServer(t)
	c := loggedIn(t, newClientWith(t, remoteOptions(&codex.Remote{URL: url, TokenFile: tokenFile})))
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "hello over ws", codex.TurnParams{})
	must(t, err)
	if !strings.Contains(res.FinalResponse, "You said: hello over ws") {
		t.Fatalf("final response %q", res.FinalResponse)
	}
	must(t, c.Close())
	// Close left the server running: a second client with the token as a string connects.
	if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("server gone after Close: %v", err)
	}
	c2 := newClientWith(t, remoteOptions(&codex.Remote{URL: url, Token: remoteToken}))
	must(t, c2.Close())
}

func TestRemoteAuthErrors(t *testing.T) {
	url, _, _ := startRemoteServer(t)
	for _, tc := range []struct {
		name, token, reason string
	}{
		{"missing", "", "missing websocket bearer token"},
		{"wrong", "wrong-" + remoteToken, "invalid websocket bearer token"},
	} {
		start := time.Now()
		_, err := codex.New(testCtx(t), remoteOptions(&codex.Remote{URL: url, Token: tc.token}))
		took := elapsedSince(start)
		t.Logf("%s token: %v in %v", tc.name, err, took)
		if !errors.Is(err, codex.ErrAuth) {
			t.Fatalf("%s token: want ErrAuth, got %v", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.reason) || strings.Contains(err.Error(), remoteToken) {
			t.Fatalf("%s token: message %q", tc.name, err.Error())
		}
		if took > 5*time.Second {
			t.Fatalf("%s token: took %v", tc.name, took)
		}
	}
	// Spawn-only options with a remote URL.
	opts := remoteOptions(&codex.Remote{URL: url, Token: remoteToken})
	opts.CodexBin = env(t, "CODEX_BIN")
	if _, err := codex.New(testCtx(t), opts); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Fatalf("CodexBin with a remote URL: want ErrInvalidArgument, got %v", err)
	}
}

func TestRemoteServerKilledMidTurn(t *testing.T) {
	url, _, cmd := startRemoteServer(t)
	c := loggedIn(t, newClientWith(t, remoteOptions(&codex.Remote{URL: url, Token: remoteToken})))
	th := startThread(t, c, codex.ThreadParams{})
	turn, err := th.Turn(testCtx(t), "please hold the line", codex.TurnParams{})
	must(t, err)
	defer turn.Close()
	// Wait for the first delta: the mock then holds the stream open.
	for ev, err := range turn.EventsContext(testCtx(t)) {
		must(t, err)
		if ev.Kind == codex.EventAgentMessageDelta {
			break
		}
	}
	start := time.Now()
	must(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL))
	_, err = turn.Wait(testCtx(t))
	took := elapsedSince(start)
	t.Logf("server killed: Wait returned %v after %v", err, took)
	if !errors.Is(err, codex.ErrTransport) {
		t.Fatalf("want ErrTransport, got %v", err)
	}
	if took > time.Second {
		t.Fatalf("released after %v (bound 1 s)", took)
	}
}

func TestRemoteSignedBearerToken(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	const secret = "go-remote-jwt-shared-secret-0123456789"
	must(t, os.WriteFile(secretFile, []byte(secret), 0o600))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := l.Addr().String()
	must(t, l.Close())
	cmd := exec.Command(env(t, "CODEX_BIN"), "app-server", "--listen", "ws://"+addr,
		"--ws-auth", "signed-bearer-token", "--ws-shared-secret-file", secretFile,
		"--ws-issuer", "go-tests", "--ws-audience", "codex")
	cmd.Env = append(os.Environ(), "CODEX_HOME="+freshHome(t), "HOME="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	must(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("app-server not listening")
		}
	}
	url := "ws://" + addr
	good := &codex.Remote{URL: url, JWTSecretFile: secretFile, JWTIssuer: "go-tests", JWTAudience: "codex", JWTTTL: time.Minute}
	c := loggedIn(t, newClientWith(t, remoteOptions(good)))
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(testCtx(t), "signed from go", codex.TurnParams{})
	must(t, err)
	if res.FinalResponse != "You said: signed from go" {
		t.Fatalf("final response %q", res.FinalResponse)
	}
	bad := &codex.Remote{URL: url, JWTSecret: "not-the-" + secret, JWTIssuer: "go-tests", JWTAudience: "codex"}
	_, err = codex.New(testCtx(t), remoteOptions(bad))
	t.Logf("wrong secret: %v", err)
	if !errors.Is(err, codex.ErrAuth) || !strings.Contains(err.Error(), "invalid websocket jwt") {
		t.Fatalf("wrong secret: want ErrAuth 'invalid websocket jwt', got %v", err)
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatal("the secret is in the error")
	}
	both := &codex.Remote{URL: url, Token: "x-0123456789", JWTSecret: secret}
	if _, err := codex.New(testCtx(t), remoteOptions(both)); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Fatalf("Token and JWTSecret: want ErrInvalidArgument, got %v", err)
	}
}
