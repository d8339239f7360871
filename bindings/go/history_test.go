package codex_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	codex "github.com/codex-ffi/codex-ffi/bindings/go"
)

func TestHistoryPagesRevertAndConfig(t *testing.T) {
	c := newClient(t)
	ctx := testCtx(t)
	th := startThread(t, c, codex.ThreadParams{})
	one, err := th.Run(ctx, "history go one", codex.TurnParams{})
	must(t, err)
	two, err := th.Run(ctx, "history go two", codex.TurnParams{})
	must(t, err)

	p1, err := th.Turns(ctx, "", 1)
	must(t, err)
	if len(p1.Items) != 1 || p1.Last() {
		t.Fatalf("first page: %d items, last %v: %s", len(p1.Items), p1.Last(), p1.JSON)
	}
	p2, err := th.Turns(ctx, p1.NextCursor, 1)
	must(t, err)
	both := string(p1.Items[0]) + string(p2.Items[0])
	if !strings.Contains(both, one.ID) || !strings.Contains(both, two.ID) {
		t.Errorf("the two pages lack a turn: %s", both)
	}
	items, err := th.Items(ctx, two.ID, "", 0)
	must(t, err)
	if !strings.Contains(string(items.JSON), "history go two") {
		t.Errorf("items of the second turn: %s", items.JSON)
	}
	loaded, err := c.LoadedThreads(ctx, "", 0)
	must(t, err)
	if !strings.Contains(string(loaded.JSON), th.ID) {
		t.Errorf("loaded threads lack %s: %s", th.ID, loaded.JSON)
	}

	must(t, th.Revert(ctx, two.ID))
	after, err := th.Turns(ctx, "", 0)
	must(t, err)
	if len(after.Items) != 1 || !strings.Contains(string(after.Items[0]), one.ID) {
		t.Errorf("after revert: %s", after.JSON)
	}
	if err := th.UpdateMetadata(ctx, json.RawMessage("[1]")); !errors.Is(err, codex.ErrInvalidArgument) {
		t.Errorf("bad metadata: %v", err)
	}
	must(t, th.Unsubscribe(ctx))

	must(t, c.ConfigWrite(ctx, "model_reasoning_summary", json.RawMessage(`"concise"`), codex.MergeUpsert))
	cfg, err := c.ConfigRead(ctx, "", false)
	must(t, err)
	if !strings.Contains(string(cfg), "concise") {
		t.Errorf("config after write: %.300s", cfg)
	}
	must(t, c.ConfigBatchWrite(ctx, []codex.ConfigEdit{{KeyPath: "model_reasoning_summary", Value: json.RawMessage(`"detailed"`), MergeStrategy: "replace"}}))
	cfg, err = c.ConfigRead(ctx, "", true)
	must(t, err)
	if !strings.Contains(string(cfg), "detailed") {
		t.Errorf("config after batch: %.300s", cfg)
	}
	_, err = c.ConfigRequirements(ctx)
	must(t, err)

	must(t, c.ThreadDelete(ctx, th.ID))
	if _, err := th.Read(ctx, false); !errors.Is(err, codex.ErrRPC) {
		t.Errorf("read after delete: %v", err)
	}
}
