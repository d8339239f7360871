// Command review_history runs two turns, asks the agent to review them, then walks the thread's
// history a page at a time (two turns per page).
//
//	review_history [--offline]
//
// Without --offline it uses your CODEX_HOME and OPENAI_API_KEY; --offline (used by ctest) talks
// to the project's loopback mock model.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func main() {
	offline := len(os.Args) > 1 && os.Args[1] == "--offline"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := codex.New(ctx, codex.Options{CodexBin: os.Getenv("CODEX_BIN")})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	key := os.Getenv("OPENAI_API_KEY")
	if offline {
		key = "sk-offline-demo"
	}
	if key != "" {
		if err := c.LoginAPIKey(ctx, key); err != nil {
			log.Fatal(err)
		}
	}
	th, err := c.ThreadStart(ctx, codex.ThreadParams{})
	if err != nil {
		log.Fatal(err)
	}
	defer th.Close()
	for i, p := range []string{"Write a haiku about C headers.", "Now one about Go bindings."} {
		r, err := th.Run(ctx, p, codex.TurnParams{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("turn %d: %s\n", i+1, r.FinalResponse)
	}

	// The review is a turn like any other.
	review, err := th.Review(ctx, codex.ReviewCustom, "Review the two haiku for rhythm.", codex.ReviewInline)
	if err != nil {
		log.Fatal(err)
	}
	defer review.Close()
	rr, err := review.Wait(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("review: %s\n", rr.FinalResponse)

	// History, two turns per page: pass each page's cursor back until there is none.
	pages, turns, cursor := 0, 0, ""
	for {
		page, err := th.Turns(ctx, cursor, 2)
		if err != nil {
			log.Fatal(err)
		}
		pages++
		turns += len(page.Items)
		fmt.Printf("page %d: %d turns\n", pages, len(page.Items))
		if page.Last() || pages >= 50 {
			break
		}
		cursor = page.NextCursor
	}
	fmt.Printf("history: %d turns in %d pages\n", turns, pages)
	// Two prompts and one review (a review is two turns in the history).
	if rr.Status != codex.TurnCompleted || turns != 4 || pages < 2 {
		os.Exit(1)
	}
}
