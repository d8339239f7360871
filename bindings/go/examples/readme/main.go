// The Go binding in one page: bindings/go/README.md shows this file as it is, and ctest (label
// docs) builds and runs it.
package main

import (
	"context"
	"fmt"
	"os"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err) // e.g. "codex: CODEX_STATUS_NOT_FOUND: ..."; errors.Is(err, codex.ErrNotFound)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	client, err := codex.New(ctx, codex.Options{}) // CODEX_BIN or PATH, CODEX_HOME inherited
	if err != nil {
		return err
	}
	defer client.Close()
	if key := os.Getenv("OPENAI_API_KEY"); key != "" { // else the login stored in CODEX_HOME
		if err := client.LoginAPIKey(ctx, key); err != nil { // or LoginChatGPT / LoginChatGPTDeviceCode
			return err
		}
	}

	thread, err := client.ThreadStart(ctx, codex.ThreadParams{Sandbox: codex.SandboxReadOnly})
	if err != nil {
		return err
	}
	defer thread.Close()
	result, err := thread.Run(ctx, "Summarise this repository", codex.TurnParams{Effort: "low"})
	if err != nil {
		return err
	}
	fmt.Println(result.Status, result.FinalResponse) // a failed turn: Status == codex.TurnFailed, err == nil

	turn, err := thread.Turn(ctx, "Now stream", codex.TurnParams{})
	if err != nil {
		return err
	}
	defer turn.Close()
	for ev, err := range turn.Events() { // Go 1.23 iterator, in order
		if err != nil {
			return err
		}
		if ev.Kind == codex.EventAgentMessageDelta {
			fmt.Print(ev.Delta)
		}
	}
	result, err = turn.Wait(ctx)
	if err != nil {
		return err
	}
	fmt.Println("\n" + string(result.Status))
	return nil
}
