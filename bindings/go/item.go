package codex

/*
#include "codex.h"
*/
import "C"

import "encoding/json"

// ItemType is the type of a thread item (codex_item_type_t). Unknown types are ItemOther: read
// Item.JSON.
type ItemType int

const (
	ItemOther             ItemType = 0
	ItemUserMessage       ItemType = 1
	ItemAgentMessage      ItemType = 2
	ItemReasoning         ItemType = 3
	ItemCommandExecution  ItemType = 4
	ItemFileChange        ItemType = 5
	ItemMcpToolCall       ItemType = 6
	ItemWebSearch         ItemType = 7
	ItemPlan              ItemType = 8
	ItemDynamicToolCall   ItemType = 9
	ItemImageView         ItemType = 10
	ItemContextCompaction ItemType = 11
)

var itemTypeNames = [...]string{"other", "userMessage", "agentMessage", "reasoning",
	"commandExecution", "fileChange", "mcpToolCall", "webSearch", "plan", "dynamicToolCall",
	"imageView", "contextCompaction"}

func (t ItemType) String() string {
	if t >= 0 && int(t) < len(itemTypeNames) {
		return itemTypeNames[t]
	}
	return "unknown"
}

// ThreadStatus is a thread's status in a thread/status/changed event (codex_thread_status_t).
type ThreadStatus int

const (
	ThreadStatusOther       ThreadStatus = 0 // not a status event, or an unknown status
	ThreadStatusNotLoaded   ThreadStatus = 1
	ThreadStatusIdle        ThreadStatus = 2
	ThreadStatusActive      ThreadStatus = 3
	ThreadStatusSystemError ThreadStatus = 4
)

// FileChange is one path of a file change item.
type FileChange struct {
	Path string
	Kind string // "add", "delete", "update" or "other"
	Diff string // unified diff
}

// Item is one thread item, typed. Fields that do not apply to its Type are "" or -1.
type Item struct {
	Type             ItemType
	ID               string
	JSON             string // the item as the server sent it
	Text             string // agent message, plan, reasoning summary, user message text
	Status           string // command, file change, MCP call: "inProgress", "completed", ...
	Command          string // command execution
	Cwd              string
	AggregatedOutput string
	ExitCode         int64 // -1 if none
	DurationMs       int64 // command, MCP or dynamic tool call; -1 if none
	Changes          []FileChange
	McpServer        string // MCP tool call
	Tool             string // MCP or dynamic tool call
	McpResultJSON    string
	WebQuery         string // web search
}

// TokenUsage holds token counts (-1 where the server sent none): the thread's running totals,
// and Last* for the last model call.
type TokenUsage struct {
	Input, CachedInput, Output, ReasoningOutput, Total                     int64
	ContextWindow                                                          int64
	LastInput, LastCachedInput, LastOutput, LastReasoningOutput, LastTotal int64
}

// copyItem copies a C item; the library decodes it now, on this thread.
func copyItem(it *C.codex_item) Item {
	i := Item{
		Type:             ItemType(C.codex_item_type(it)),
		ID:               goString(C.codex_item_id(it)),
		JSON:             goString(C.codex_item_json(it)),
		Text:             goString(C.codex_item_text(it)),
		Status:           goString(C.codex_item_status(it)),
		Command:          goString(C.codex_item_command(it)),
		Cwd:              goString(C.codex_item_cwd(it)),
		AggregatedOutput: goString(C.codex_item_aggregated_output(it)),
		ExitCode:         int64(C.codex_item_exit_code(it)),
		DurationMs:       int64(C.codex_item_duration_ms(it)),
		McpServer:        goString(C.codex_item_mcp_server(it)),
		Tool:             goString(C.codex_item_tool(it)),
		McpResultJSON:    goString(C.codex_item_mcp_result_json(it)),
		WebQuery:         goString(C.codex_item_web_query(it)),
	}
	n := C.codex_item_change_count(it)
	for k := C.size_t(0); k < n; k++ {
		i.Changes = append(i.Changes, FileChange{
			Path: goString(C.codex_item_change_path(it, k)),
			Kind: goString(C.codex_item_change_kind(it, k)),
			Diff: goString(C.codex_item_change_diff(it, k)),
		})
	}
	return i
}

func takeItem(it *C.codex_item) Item {
	defer C.codex_item_free(it)
	return copyItem(it)
}

func readUsage(get func(f C.uint32_t) int64) *TokenUsage {
	if get(C.CODEX_TOKENS_TOTAL) < 0 {
		return nil
	}
	return &TokenUsage{
		Input:               get(C.CODEX_TOKENS_INPUT),
		CachedInput:         get(C.CODEX_TOKENS_CACHED_INPUT),
		Output:              get(C.CODEX_TOKENS_OUTPUT),
		ReasoningOutput:     get(C.CODEX_TOKENS_REASONING_OUTPUT),
		Total:               get(C.CODEX_TOKENS_TOTAL),
		ContextWindow:       get(C.CODEX_TOKENS_CONTEXT_WINDOW),
		LastInput:           get(C.CODEX_TOKENS_LAST_INPUT),
		LastCachedInput:     get(C.CODEX_TOKENS_LAST_CACHED_INPUT),
		LastOutput:          get(C.CODEX_TOKENS_LAST_OUTPUT),
		LastReasoningOutput: get(C.CODEX_TOKENS_LAST_REASONING_OUTPUT),
		LastTotal:           get(C.CODEX_TOKENS_LAST_TOTAL),
	}
}

// typedEventParts fills an event's typed fields (only for the kinds that have them).
func typedEventParts(ev *C.codex_event, e *Event) {
	switch e.Kind {
	case EventItemStarted, EventItemCompleted:
		var it *C.codex_item
		if C.codex_event_item(ev, &it, nil) == C.CODEX_STATUS_OK {
			item := takeItem(it)
			e.Item = &item
		}
	case EventTokenUsage:
		e.Usage = readUsage(func(f C.uint32_t) int64 { return int64(C.codex_event_token_usage(ev, f)) })
	case EventOther:
		e.ThreadStatus = ThreadStatus(C.codex_event_thread_status(ev))
		if e.Method == "turn/plan/updated" {
			e.Plan = readPlan(ev)
		}
	case EventError, EventRetry:
		var msg, info *C.char
		if C.codex_event_error_message(ev, &msg, nil) != C.CODEX_STATUS_OK {
			return
		}
		n := &ErrorNotice{Message: takeString(msg), WillRetry: bool(C.codex_event_will_retry(ev)),
			Attempt: int(C.codex_event_retry_attempt(ev))}
		if C.codex_event_error_info_json(ev, &info, nil) == C.CODEX_STATUS_OK && info != nil {
			n.CodexErrorInfo = json.RawMessage(takeString(info))
		}
		e.Notice = n
	}
}

// readPlan copies a turn/plan/updated event's steps.
func readPlan(ev *C.codex_event) []PlanStep {
	n := C.codex_event_plan_step_count(ev)
	steps := make([]PlanStep, 0, int(n))
	for i := C.size_t(0); i < n; i++ {
		var text *C.char
		if C.codex_event_plan_step(ev, i, &text, nil) != C.CODEX_STATUS_OK {
			break
		}
		steps = append(steps, PlanStep{Step: goString(text), Status: goString(C.codex_event_plan_step_status(ev, i))})
		C.codex_string_free(text)
	}
	return steps
}

func typedResultParts(r *C.codex_turn_result, res *TurnResult) {
	n := C.codex_turn_result_item_count(r)
	for i := C.size_t(0); i < n; i++ {
		var it *C.codex_item
		if C.codex_turn_result_item(r, i, &it, nil) == C.CODEX_STATUS_OK {
			res.TypedItems = append(res.TypedItems, takeItem(it))
		}
	}
	res.TokenUsage = readUsage(func(f C.uint32_t) int64 { return int64(C.codex_turn_result_token_usage(r, f)) })
}
