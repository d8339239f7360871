// A Go program in its own module, using the binding through a `replace` to a copy of
// bindings/go (what a module download holds) and the installed library through pkg-config.
// One turn against the offline fixture's loopback model.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	client, err := codex.New(ctx, codex.Options{ClientName: "install_consumer_go"})
	if err != nil {
		return err
	}
	defer client.Close()
	fmt.Printf("libcodex %s, app-server %s\n", codex.Version(), client.ServerVersion)
	if err := client.LoginAPIKey(ctx, "sk-offline-install-test"); err != nil {
		return err
	}
	thread, err := client.ThreadStart(ctx, codex.ThreadParams{})
	if err != nil {
		return err
	}
	defer thread.Close()
	const prompt = "Hello from Go"
	result, err := thread.Run(ctx, prompt, codex.TurnParams{})
	if err != nil {
		return err
	}
	fmt.Printf("turn %s: %s\n", result.Status, result.FinalResponse)
	if result.Status != codex.TurnCompleted || result.FinalResponse != "You said: "+prompt {
		return fmt.Errorf("unexpected turn result %s %q", result.Status, result.FinalResponse)
	}
	return nil
}
