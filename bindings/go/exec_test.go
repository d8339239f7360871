package codex_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func TestCommandExecProcessAndSearch(t *testing.T) {
	c := newClientWith(t, options(t))
	ctx := testCtx(t)

	r, err := c.CommandExec(ctx, []string{"sh", "-c", "echo out; echo err >&2; exit 3"}, nil)
	must(t, err)
	if r.ExitCode != 3 || r.Stdout != "out\n" || r.Stderr != "err\n" {
		t.Errorf("one-shot: %+v", r)
	}
	if _, err := c.CommandExec(ctx, nil, nil); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("empty argv: %v", err)
	}

	// stdin in, stdout out, then the exit.
	p, err := c.SpawnProcess(ctx, "go-cat", []string{"cat"}, nil)
	must(t, err)
	defer p.Close()
	must(t, p.Write(ctx, []byte("hello go\n")))
	ch, err := p.Next(ctx)
	must(t, err)
	if ch.Stream != codex.Stdout || string(ch.Data) != "hello go\n" {
		t.Errorf("chunk: %+v", ch)
	}
	must(t, p.CloseStdin(ctx))
	res, err := p.Wait(ctx)
	must(t, err)
	if res.ExitCode != 0 {
		t.Errorf("cat exit: %+v", res)
	}
	if _, err := p.Next(ctx); err != io.EOF {
		t.Errorf("after the exit: %v, want io.EOF", err)
	}

	// terminate, measured; a cancelled wait returns at once.
	s, err := c.SpawnProcess(ctx, "go-sleep", []string{"sleep", "30"}, nil)
	must(t, err)
	defer s.Close()
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	if _, err := s.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("short wait: %v", err)
	}
	cancel()
	t0 := time.Now()
	must(t, s.Terminate(ctx))
	res, err = s.Wait(ctx)
	must(t, err)
	t.Logf("terminate -> exit %d in %v", res.ExitCode, time.Since(t0))
	if res.ExitCode != 137 {
		t.Errorf("terminated exit: %d", res.ExitCode)
	}

	// stderr is routed to its stream.
	e, err := c.SpawnProcess(ctx, "go-err", []string{"sh", "-c", "echo oops >&2"}, nil)
	must(t, err)
	defer e.Close()
	ch, err = e.Next(ctx)
	must(t, err)
	if ch.Stream != codex.Stderr || string(ch.Data) != "oops\n" {
		t.Errorf("stderr chunk: %+v", ch)
	}

	fixtures := env(t, "CODEX_TEST_FIXTURES")
	found, err := c.FuzzyFileSearch(ctx, "mcpserver", []string{fixtures})
	must(t, err)
	if len(found) == 0 || found[0].Path != "mcp_server.py" || found[0].FileName != "mcp_server.py" ||
		found[0].Root != fixtures || found[0].Score == 0 || found[0].Directory {
		t.Errorf("matches: %+v", found)
	}
}

func TestProcessTTYResize(t *testing.T) {
	home, err := os.MkdirTemp("/var/tmp", "codex-go-tty-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(home) })
	config, err := os.ReadFile(env(t, "CODEX_TEST_HOME_TEMPLATE"))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(home, "config.toml"), config, 0o600))
	opts := options(t)
	opts.CodexHome = home // outside /tmp: the server makes its sandbox helper aliases there
	c := newClientWith(t, opts)
	ctx := testCtx(t)
	p, err := c.SpawnProcess(ctx, "go-tty", []string{"sh", "-c", "stty size; read x; stty size"},
		[]byte(`{"tty":true,"size":{"rows":10,"cols":40}}`))
	must(t, err)
	defer p.Close()
	var out strings.Builder
	for !strings.Contains(out.String(), "10 40") {
		ch, err := p.Next(ctx)
		must(t, err)
		out.Write(ch.Data)
	}
	must(t, p.Resize(ctx, 20, 60))
	must(t, p.Write(ctx, []byte("\n")))
	for {
		ch, err := p.Next(ctx)
		if err == io.EOF {
			break
		}
		must(t, err)
		out.Write(ch.Data)
	}
	if !strings.Contains(out.String(), "20 60") {
		t.Errorf("after resize: %q", out.String())
	}
}

func TestMcpServers(t *testing.T) {
	server := filepath.Join(env(t, "CODEX_TEST_FIXTURES"), "mcp_server.py")
	opts := options(t)
	f, err := os.OpenFile(filepath.Join(opts.CodexHome, "config.toml"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString("\n[mcp_servers.testmcp]\ncommand = \"python3\"\nargs = [\"" + server + "\"]\n")
	must(t, err)
	f.Close()
	c := loggedIn(t, newClientWith(t, opts))
	ctx := testCtx(t)

	page, err := c.McpServerStatus(ctx, "", "", 0)
	must(t, err)
	if len(page.Servers) != 1 || page.Servers[0].Name != "testmcp" || page.Servers[0].AuthStatus != "unsupported" ||
		strings.Join(page.Servers[0].Tools, ",") != "echo,fail" || page.NextCursor != "" {
		t.Errorf("status: %+v", page.Servers)
	}
	must(t, c.McpReload(ctx))

	th := startThread(t, c, codex.ThreadParams{Config: map[string]any{
		"mcp_servers.other": map[string]any{"command": "python3", "args": []string{server}},
	}})
	r, err := th.McpToolCall(ctx, "testmcp", "echo", []byte(`{"text":"hi from go"}`))
	must(t, err)
	if r.IsError || r.Text != "echo: hi from go" {
		t.Errorf("echo: %+v", r)
	}
	r, err = th.McpToolCall(ctx, "testmcp", "fail", nil)
	must(t, err)
	if !r.IsError || r.Text != "tool failed" {
		t.Errorf("fail: %+v", r)
	}
	r, err = th.McpToolCall(ctx, "other", "echo", []byte(`{"text":"per thread"}`))
	must(t, err)
	if r.Text != "echo: per thread" {
		t.Errorf("per-thread server: %+v", r)
	}
	if _, err := th.McpToolCall(ctx, "nosuch", "echo", nil); !errors.Is(err, codex.ErrRPC) {
		t.Errorf("unknown server: %v", err)
	}
	tp, err := c.McpServerStatus(ctx, th.ID, "", 0)
	must(t, err)
	if len(tp.Servers) != 2 || tp.Servers[0].RuntimeStatus != "connected" {
		t.Errorf("thread status: %+v", tp.Servers)
	}
	contents, err := c.McpResourceRead(ctx, th.ID, "testmcp", "test://greeting")
	must(t, err)
	if len(contents) != 1 || contents[0].Text != "hello from mcp" || contents[0].MimeType != "text/plain" {
		t.Errorf("resource: %+v", contents)
	}
}

// The model calls an MCP tool during a turn: the real app-server reports an mcpToolCall item,
// read through the typed Item (server, tool, status, result). The mock's `calltool NS/NAME`
// calls tool NAME in namespace NS (Codex offers MCP tools as namespace mcp__<server>); the
// fixture's approval policy is "never", so the tool is pre-approved in its config.
func TestMcpToolCallItemIsTyped(t *testing.T) {
	server := filepath.Join(env(t, "CODEX_TEST_FIXTURES"), "mcp_server.py")
	opts := options(t)
	f, err := os.OpenFile(filepath.Join(opts.CodexHome, "config.toml"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString("\n[mcp_servers.testmcp]\ncommand = \"python3\"\nargs = [\"" + server +
		"\"]\n\n[mcp_servers.testmcp.tools.echo]\napproval_mode = \"approve\"\n")
	must(t, err)
	f.Close()
	c := loggedIn(t, newClientWith(t, opts))
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	res, err := th.Run(ctx, "calltool mcp__testmcp/echo", codex.TurnParams{})
	must(t, err)
	found := 0
	for _, it := range res.TypedItems {
		if it.Type != codex.ItemMcpToolCall {
			continue
		}
		found++
		if it.McpServer != "testmcp" || it.Tool != "echo" || it.Status != "completed" ||
			!strings.Contains(it.McpResultJSON, "echo: hi from the model") {
			t.Fatalf("mcp tool call item: %+v", it)
		}
	}
	if found != 1 {
		t.Fatalf("%d mcpToolCall items in %d", found, len(res.TypedItems))
	}
}
