package codex_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

// turnIDOf reads result.turn.id of a review/start or turn/start answer.
func turnIDOf(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var r struct {
		Turn struct {
			ID string `json:"id"`
		} `json:"turn"`
	}
	must(t, json.Unmarshal(raw, &r))
	if r.Turn.ID == "" {
		t.Fatalf("no turn.id in %s", raw)
	}
	return r.Turn.ID
}

// A review turn started through Request is observed through an attached handle: its items and
// completion arrive.
func TestAttachReviewTurn(t *testing.T) {
	ctx := testCtx(t)
	c := loggedIn(t, newClient(t))
	th := startThread(t, c, codex.ThreadParams{})
	params := fmt.Sprintf(`{"threadId":%q,"target":{"type":"custom","instructions":"go review"}}`, th.ID)
	res, err := c.Request(ctx, "review/start", json.RawMessage(params))
	must(t, err)
	id := turnIDOf(t, res)
	turn, err := c.AttachTurn(th.ID, id)
	must(t, err)
	defer turn.Close()
	started, items, completed := 0, 0, 0
	for ev, err := range turn.EventsContext(ctx) {
		must(t, err)
		switch ev.Kind {
		case codex.EventTurnStarted:
			started++
		case codex.EventItemCompleted:
			items++
		case codex.EventTurnCompleted:
			completed++
		case codex.EventGap:
			t.Fatalf("unexpected gap of %d", ev.GapDropped)
		}
	}
	r, err := turn.Wait(ctx)
	must(t, err)
	if started != 1 || completed != 1 || items == 0 || r.Status != codex.TurnCompleted {
		t.Fatalf("started %d completed %d items %d status %s", started, completed, items, r.Status)
	}
	if !strings.Contains(string(r.Items), "exitedReviewMode") {
		t.Fatalf("items: %s", r.Items)
	}
	t.Logf("review turn %s: %d items through the attached handle", id, items)
}

// A late attach past the retention caps starts with a gap; the result stays exact. A thread
// stream sees the turn, and a finished turn whose handle is closed is no longer kept.
func TestAttachPastTheCapsAndThreadStream(t *testing.T) {
	ctx := testCtx(t)
	c := loggedIn(t, newClient(t))
	th := startThread(t, c, codex.ThreadParams{})
	s, err := c.ThreadStream(th.ID)
	must(t, err)
	defer s.Close()
	must(t, th.SetName(ctx, "go stream name"))
	params := fmt.Sprintf(`{"threadId":%q,"input":[{"type":"text","text":"stream 6000"}]}`, th.ID)
	res, err := c.Request(ctx, "turn/start", json.RawMessage(params))
	must(t, err)
	id := turnIDOf(t, res)
	name := 0
	for ev, err := range s.Events(ctx) {
		must(t, err)
		if ev.Method == "thread/name/updated" {
			name++
		}
		if ev.Kind == codex.EventTurnCompleted && ev.TurnID == id {
			break
		}
	}
	if name != 1 {
		t.Fatalf("thread/name/updated seen %d times", name)
	}
	turn, err := c.AttachTurn(th.ID, id)
	must(t, err)
	var dropped uint64
	n := 0
	for ev, err := range turn.EventsContext(ctx) {
		must(t, err)
		if n == 0 {
			if ev.Kind != codex.EventGap {
				t.Fatalf("first event %s, want gap", ev.Kind)
			}
			dropped = ev.GapDropped
		}
		n++
	}
	r, err := turn.Wait(ctx)
	must(t, err)
	var want strings.Builder
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&want, "t%d ", i)
	}
	if dropped == 0 || n-1 > 4096 || r.FinalResponse != want.String() {
		t.Fatalf("gap %d, then %d events, final response of %d bytes", dropped, n-1, len(r.FinalResponse))
	}
	t.Logf("late attach past the caps: gap of %d, then %d events; result exact", dropped, n-1)
	turn.Close()
	if _, err := c.AttachTurn(th.ID, id); !errors.Is(err, codex.ErrNotFound) {
		t.Fatalf("attach after close: %v, want ErrNotFound", err)
	}
	// Two consecutive turns reach the stream in order.
	r1, err := th.Run(ctx, "go first", codex.TurnParams{})
	must(t, err)
	r2, err := th.Run(ctx, "go second", codex.TurnParams{})
	must(t, err)
	var order []string
	for ev, err := range s.Events(ctx) {
		must(t, err)
		if ev.Kind == codex.EventTurnStarted || ev.Kind == codex.EventTurnCompleted {
			order = append(order, ev.TurnID+" "+ev.Kind.String())
		}
		if len(order) == 4 {
			break
		}
	}
	wantOrder := []string{r1.ID + " turnStarted", r1.ID + " turnCompleted", r2.ID + " turnStarted", r2.ID + " turnCompleted"}
	if strings.Join(order, ",") != strings.Join(wantOrder, ",") {
		t.Fatalf("order %v, want %v", order, wantOrder)
	}
}

// The compaction turn Thread.Compact starts is announced on the thread stream (its turn/started)
// and observed through an attached handle: its first item is contextCompaction, it completes,
// and the thread's next turn runs normally.
func TestAttachCompactionTurn(t *testing.T) {
	ctx := testCtx(t)
	c := loggedIn(t, newClient(t))
	th := startThread(t, c, codex.ThreadParams{})
	_, err := th.Run(ctx, "something to compact later", codex.TurnParams{})
	must(t, err)
	stream, err := c.ThreadStream(th.ID)
	must(t, err)
	defer stream.Close()
	must(t, th.Compact(ctx))
	id := ""
	for i := 0; i < 200 && id == ""; i++ {
		ev, err := stream.Next(ctx)
		must(t, err)
		if ev.Kind == codex.EventTurnStarted {
			id = ev.TurnID
		}
	}
	if id == "" {
		t.Fatal("no turn/started on the thread stream after Compact")
	}
	turn, err := c.AttachTurn(th.ID, id)
	must(t, err)
	defer turn.Close()
	started, completed, firstItem := 0, 0, ""
	for ev, err := range turn.EventsContext(ctx) {
		must(t, err)
		switch ev.Kind {
		case codex.EventTurnStarted:
			started++
		case codex.EventTurnCompleted:
			completed++
		case codex.EventItemStarted:
			if firstItem == "" {
				firstItem = string(ev.Params)
			}
		case codex.EventGap:
			t.Fatalf("unexpected gap of %d", ev.GapDropped)
		}
	}
	r, err := turn.Wait(ctx)
	must(t, err)
	if started != 1 || completed != 1 || !strings.Contains(firstItem, `"contextCompaction"`) || r.Status != codex.TurnCompleted {
		t.Fatalf("started %d completed %d first item %s status %s", started, completed, firstItem, r.Status)
	}
	next, err := th.Run(ctx, "after compaction", codex.TurnParams{})
	must(t, err)
	if next.FinalResponse != "You said: after compaction" {
		t.Fatalf("turn after compaction: %q", next.FinalResponse)
	}
}
