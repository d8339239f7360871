// Getting started with the Go binding: log in, run a first turn, continue the conversation,
// and stream a turn as it happens.
//
//	go run ./examples/getting_started --offline   # against the project's loopback mock model
//	go run ./examples/getting_started             # your CODEX_HOME's login, or CODEX_API_KEY
//
// With --offline it logs in with a placeholder API key (the loopback model accepts any key).
// Without it, it reuses the login in CODEX_HOME, logs in with $CODEX_API_KEY if set, or else
// starts a ChatGPT browser login and prints the URL to open.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func main() {
	offline := flag.Bool("offline", false, "log in with a placeholder key (loopback mock model)")
	flag.Parse()
	// Ctrl-C cancels the context: whatever is waiting returns, and a running turn is interrupted.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *offline); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		var cerr *codex.Error
		if errors.As(err, &cerr) && cerr.StderrTail != "" {
			fmt.Fprintln(os.Stderr, "app-server stderr:\n"+cerr.StderrTail)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, offline bool) error {
	// 1. Start the app-server (binary from CODEX_BIN or PATH, CODEX_HOME inherited).
	client, err := codex.New(ctx, codex.Options{ClientName: "go_getting_started"})
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}
	defer client.Close()
	fmt.Printf("codex-ffi %s, app-server %s (CODEX_HOME %s)\n", codex.Version(), client.ServerVersion, client.CodexHome)

	// 2. Log in.
	if err := login(ctx, client, offline); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	info, err := client.Account(ctx)
	if err != nil {
		return fmt.Errorf("account: %w", err)
	}
	if info.Account != nil {
		fmt.Printf("logged in: %s\n", info.Account.Type)
	}

	// 3. A first turn: Run waits for the whole turn and returns its result.
	thread, err := client.ThreadStart(ctx, codex.ThreadParams{})
	if err != nil {
		return fmt.Errorf("thread: %w", err)
	}
	defer thread.Close()
	fmt.Printf("thread %s\n", thread.ID)
	result, err := thread.Run(ctx, "Hello! My name is Gopher.", codex.TurnParams{})
	if err != nil {
		return fmt.Errorf("first turn: %w", err)
	}
	fmt.Printf("turn 1 (%s): %s\n", result.Status, result.FinalResponse)

	// 4. Multi-turn: the same thread keeps the conversation.
	result, err = thread.Run(ctx, "What is my name?", codex.TurnParams{})
	if err != nil {
		return fmt.Errorf("second turn: %w", err)
	}
	if result.Status == codex.TurnFailed { // a failed turn is a result, not an error
		return fmt.Errorf("second turn failed: %s", result.Error)
	}
	fmt.Printf("turn 2 (%s): %s\n", result.Status, result.FinalResponse)

	// 5. Streaming: start a turn and range over its events as they arrive.
	turn, err := thread.Turn(ctx, "stream 12 tokens please", codex.TurnParams{})
	if err != nil {
		return fmt.Errorf("third turn: %w", err)
	}
	defer turn.Close()
	fmt.Print("turn 3 streaming: ")
	deltas := 0
	for ev, err := range turn.EventsContext(ctx) {
		if err != nil {
			return fmt.Errorf("stream: %w", err)
		}
		if ev.Kind == codex.EventAgentMessageDelta {
			fmt.Print(ev.Delta)
			deltas++
		}
	}
	result, err = turn.Wait(ctx)
	if err != nil {
		return fmt.Errorf("third turn: %w", err)
	}
	fmt.Printf("\nturn 3 (%s): %d deltas, usage %s\n", result.Status, deltas, result.Usage)
	if result.Status != codex.TurnCompleted || deltas == 0 {
		return errors.New("the streamed turn did not complete with deltas")
	}
	return nil
}

func login(ctx context.Context, client *codex.Client, offline bool) error {
	if offline {
		return client.LoginAPIKey(ctx, "sk-offline-demo-key")
	}
	if key := os.Getenv("CODEX_API_KEY"); key != "" {
		return client.LoginAPIKey(ctx, key)
	}
	if info, err := client.Account(ctx); err == nil && (info.Account != nil || !info.RequiresOpenAIAuth) {
		return nil // already logged in (or no login needed)
	}
	l, err := client.LoginChatGPT(ctx)
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Printf("Open this URL to log in:\n  %s\n", l.AuthURL)
	waitCtx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	res, err := l.Wait(waitCtx)
	if err != nil {
		l.Cancel(context.Background())
		return err
	}
	if !res.Success {
		return fmt.Errorf("login failed: %s", res.Error)
	}
	return nil
}
