// Package codex drives the Codex app-server from Go, through the codex-ffi C library
// (include/codex.h): logins, threads, turns with streamed events, approvals.
//
//	client, err := codex.New(ctx, codex.Options{})
//	defer client.Close()
//	thread, err := client.ThreadStart(ctx, codex.ThreadParams{})
//	result, err := thread.Run(ctx, "Say hello", codex.TurnParams{})
//	fmt.Println(result.FinalResponse)
//
// Every wait takes a context.Context: when it ends the call returns at once (a turn is also
// interrupted). Errors are *Error values that match the Err* sentinels with errors.Is; a failed
// turn is a TurnResult with Status TurnFailed, not an error. Callbacks from the library reach
// Go through runtime/cgo handles and never block the library's delivery thread.
package codex
