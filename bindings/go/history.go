package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
)

// Page is one page of a paged list (threads, loaded threads, a thread's turns or items): each
// item as JSON, and the cursor of the next page ("" on the last one; pass it back to continue).
type Page struct {
	Items      []json.RawMessage
	NextCursor string
	JSON       json.RawMessage
}

// Last reports whether this is the last page.
func (p *Page) Last() bool { return p.NextCursor == "" }

// takePage copies a codex_page out and frees it.
func takePage(p *C.codex_page) *Page {
	defer C.codex_page_free(p)
	n := int(C.codex_page_count(p))
	page := &Page{Items: make([]json.RawMessage, 0, n)}
	for i := 0; i < n; i++ {
		page.Items = append(page.Items, goJSON(C.codex_page_item_json(p, C.size_t(i))))
	}
	page.NextCursor = goString(C.codex_page_next_cursor(p))
	page.JSON = goJSON(C.codex_page_json(p))
	return page
}

// MergeStrategy says how a config write combines with what is there.
type MergeStrategy uint32

const (
	MergeReplace MergeStrategy = C.CODEX_MERGE_STRATEGY_REPLACE
	MergeUpsert  MergeStrategy = C.CODEX_MERGE_STRATEGY_UPSERT
)

// ThreadListPage returns one page of `thread/list` (params: ThreadListParams filters, nil =
// all; cursor "" = the first page; limit 0 = the server's default). The server's cursor is a
// timestamp of whole seconds: threads updated in the same second as a page's last thread may
// not appear on the next page.
func (c *Client) ThreadListPage(ctx context.Context, params json.RawMessage, cursor string, limit uint32) (*Page, error) {
	var cs cstrings
	defer cs.free()
	js, err := cs.json("params", params)
	if err != nil {
		return nil, err
	}
	cur, err := cs.opt("cursor", cursor)
	if err != nil {
		return nil, err
	}
	var page *Page
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_page
		var e *C.codex_error
		if err := check(C.codex_thread_list_page(p, js, cur, C.uint32_t(limit), &out, &e), e); err != nil {
			return err
		}
		page = takePage(out)
		return nil
	})
	return page, err
}

// LoadedThreads returns one page of the ids of the threads loaded in the server (each item
// a JSON string).
func (c *Client) LoadedThreads(ctx context.Context, cursor string, limit uint32) (*Page, error) {
	var cs cstrings
	defer cs.free()
	cur, err := cs.opt("cursor", cursor)
	if err != nil {
		return nil, err
	}
	var page *Page
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_page
		var e *C.codex_error
		if err := check(C.codex_loaded_threads(p, cur, C.uint32_t(limit), &out, &e), e); err != nil {
			return err
		}
		page = takePage(out)
		return nil
	})
	return page, err
}

// ThreadDelete deletes a stored thread by id.
func (c *Client) ThreadDelete(ctx context.Context, threadID string) error {
	var cs cstrings
	defer cs.free()
	id, err := cs.add("thread id", threadID)
	if err != nil {
		return err
	}
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_thread_delete(p, id, &e), e)
	})
}

// ConfigRead returns the effective config as JSON ({"config":...,"origins":...}), for cwd's
// project if cwd is not "".
func (c *Client) ConfigRead(ctx context.Context, cwd string, includeLayers bool) (json.RawMessage, error) {
	var cs cstrings
	defer cs.free()
	d, err := cs.opt("cwd", cwd)
	if err != nil {
		return nil, err
	}
	return c.doJSON(ctx, func(p *C.codex_client, out **C.char, e **C.codex_error) C.codex_status {
		return C.codex_config_read(p, d, C.bool(includeLayers), out, e)
	})
}

// ConfigWrite sets keyPath (dotted, e.g. "model") to value (JSON) in the user's config.toml.
func (c *Client) ConfigWrite(ctx context.Context, keyPath string, value json.RawMessage, merge MergeStrategy) error {
	var cs cstrings
	defer cs.free()
	k, err := cs.add("key path", keyPath)
	if err != nil {
		return err
	}
	v, err := cs.add("value", string(value))
	if err != nil {
		return err
	}
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_config_write(p, k, v, C.uint32_t(merge), &e), e)
	})
}

// ConfigEdit is one edit of ConfigBatchWrite.
type ConfigEdit struct {
	KeyPath       string          `json:"keyPath"`
	Value         json.RawMessage `json:"value"`
	MergeStrategy string          `json:"mergeStrategy"` // "upsert" or "replace"
}

// ConfigBatchWrite writes several values at once.
func (c *Client) ConfigBatchWrite(ctx context.Context, edits []ConfigEdit) error {
	raw, err := json.Marshal(edits)
	if err != nil {
		return newError(StatusInvalidArgument, "edits: "+err.Error())
	}
	var cs cstrings
	defer cs.free()
	js, err := cs.add("edits", string(raw))
	if err != nil {
		return err
	}
	return c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_config_batch_write(p, js, &e), e)
	})
}

// ConfigRequirements returns what an administrator requires, as JSON.
func (c *Client) ConfigRequirements(ctx context.Context) (json.RawMessage, error) {
	return c.doJSON(ctx, func(p *C.codex_client, out **C.char, e **C.codex_error) C.codex_status {
		return C.codex_config_requirements(p, out, e)
	})
}

// Turns returns one page of this thread's turns (each a Turn as JSON).
func (t *Thread) Turns(ctx context.Context, cursor string, limit uint32) (*Page, error) {
	var cs cstrings
	defer cs.free()
	cur, err := cs.opt("cursor", cursor)
	if err != nil {
		return nil, err
	}
	var page *Page
	err = t.do(ctx, func(p *C.codex_thread) error {
		var out *C.codex_page
		var e *C.codex_error
		if err := check(C.codex_thread_turns(p, cur, C.uint32_t(limit), &out, &e), e); err != nil {
			return err
		}
		page = takePage(out)
		return nil
	})
	return page, err
}

// Items returns one page of this thread's items, of one turn (turnID) or of all ("").
func (t *Thread) Items(ctx context.Context, turnID, cursor string, limit uint32) (*Page, error) {
	var cs cstrings
	defer cs.free()
	tid, err := cs.opt("turn id", turnID)
	if err != nil {
		return nil, err
	}
	cur, err := cs.opt("cursor", cursor)
	if err != nil {
		return nil, err
	}
	var page *Page
	err = t.do(ctx, func(p *C.codex_thread) error {
		var out *C.codex_page
		var e *C.codex_error
		if err := check(C.codex_thread_items(p, tid, cur, C.uint32_t(limit), &out, &e), e); err != nil {
			return err
		}
		page = takePage(out)
		return nil
	})
	return page, err
}

// Revert drops the turn beforeTurnID and every later one.
func (t *Thread) Revert(ctx context.Context, beforeTurnID string) error {
	return t.withString(ctx, "before turn id", beforeTurnID, func(p *C.codex_thread, s *C.char, e **C.codex_error) C.codex_status {
		return C.codex_thread_revert(p, s, e)
	})
}

// UpdateMetadata updates the thread's metadata (ThreadMetadataUpdateParams without threadId,
// e.g. {"gitInfo":{"branch":"main"}}).
func (t *Thread) UpdateMetadata(ctx context.Context, metadata json.RawMessage) error {
	return t.withString(ctx, "metadata", string(metadata), func(p *C.codex_thread, s *C.char, e **C.codex_error) C.codex_status {
		return C.codex_thread_update_metadata(p, s, e)
	})
}

// InjectItems adds items (a JSON array of response items) to the history without a turn.
func (t *Thread) InjectItems(ctx context.Context, items json.RawMessage) error {
	return t.withString(ctx, "items", string(items), func(p *C.codex_thread, s *C.char, e **C.codex_error) C.codex_status {
		return C.codex_thread_inject_items(p, s, e)
	})
}

// Unsubscribe stops this connection receiving the thread's events.
func (t *Thread) Unsubscribe(ctx context.Context) error {
	return t.do(ctx, func(p *C.codex_thread) error {
		var e *C.codex_error
		return check(C.codex_thread_unsubscribe(p, &e), e)
	})
}

// withString runs a thread call taking one string argument.
func (t *Thread) withString(ctx context.Context, name, value string,
	call func(p *C.codex_thread, s *C.char, e **C.codex_error) C.codex_status) error {
	var cs cstrings
	defer cs.free()
	s, err := cs.add(name, value)
	if err != nil {
		return err
	}
	return t.do(ctx, func(p *C.codex_thread) error {
		var e *C.codex_error
		return check(call(p, s, &e), e)
	})
}
