// Approvals with the Go binding, typed: the handler prints what the agent asks to run
// (command, working directory, reason) and answers with a codex.DecisionKind; the end prints
// the turn's token usage. No JSON is parsed.
//
//	go run ./examples/approvals --offline   # against the project's loopback mock model (approves)
//	go run ./examples/approvals             # your CODEX_HOME's login or $CODEX_API_KEY; asks y/n
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func main() {
	offline := flag.Bool("offline", false, "log in with a placeholder key and approve by itself")
	flag.Parse()
	if err := run(*offline); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(offline bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "codex-go-approvals-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	opts := codex.Options{}
	if offline {
		opts.Env = map[string]string{"HOME": dir} // the login shell reads no host startup files
	}
	stdin := bufio.NewReader(os.Stdin)
	opts.ServerRequestHandler = func(ctx context.Context, req *codex.ServerRequest) (json.RawMessage, error) {
		if req.Kind != codex.RequestCommandApproval {
			return nil, nil // the safe default
		}
		reason := req.Reason
		if reason == "" {
			reason = "(no reason given)"
		}
		fmt.Printf("The agent asks to run: %s\n  in: %s\n  because: %s\n", req.Command, req.Cwd, reason)
		yes := offline
		if !offline {
			fmt.Print("Allow it? [y/N] ")
			line, _ := stdin.ReadString('\n')
			yes = strings.HasPrefix(strings.ToLower(line), "y")
		}
		d := codex.DecisionDecline
		if yes {
			d = codex.DecisionAccept
		}
		fmt.Println(map[bool]string{true: "approved", false: "declined"}[yes])
		return nil, req.Answer(d)
	}
	client, err := codex.New(ctx, opts)
	if err != nil {
		return err
	}
	defer client.Close()
	key := os.Getenv("CODEX_API_KEY")
	if offline {
		key = "sk-offline-demo-key"
	}
	if key != "" {
		if err := client.LoginAPIKey(ctx, key); err != nil {
			return err
		}
	}
	th, err := client.ThreadStart(ctx, codex.ThreadParams{Cwd: dir, Sandbox: codex.SandboxReadOnly,
		ApprovalPolicy: codex.ApprovalOnRequest, ApprovalsReviewer: codex.ReviewerUser})
	if err != nil {
		return err
	}
	prompt := "Create a file named approved.txt containing the word approved."
	if offline {
		prompt = "Please approve: write approved.txt here."
	}
	res, err := th.Run(ctx, prompt, codex.TurnParams{})
	if err != nil {
		return err
	}
	fmt.Printf("final response: %s\n", res.FinalResponse)
	if u := res.TokenUsage; u != nil {
		fmt.Printf("tokens: %d input (%d cached), %d output (%d reasoning), %d total\n",
			u.Input, u.CachedInput, u.Output, u.ReasoningOutput, u.Total)
	}
	_, statErr := os.Stat(filepath.Join(dir, "approved.txt"))
	fmt.Printf("approved.txt written: %v\n", statErr == nil)
	if res.Status != codex.TurnCompleted || (offline && (statErr != nil || res.TokenUsage == nil)) {
		return fmt.Errorf("turn %s, file written %v", res.Status, statErr == nil)
	}
	return nil
}
