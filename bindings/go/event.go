package codex

/*
#include "codex.h"
*/
import "C"

import (
	"encoding/json"
	"unsafe"
)

// EventKind is what kind of notification an Event is.
type EventKind int

const (
	EventTurnStarted        EventKind = 0
	EventTurnCompleted      EventKind = 1
	EventItemStarted        EventKind = 2
	EventItemCompleted      EventKind = 3
	EventAgentMessageDelta  EventKind = 4
	EventReasoningDelta     EventKind = 5
	EventCommandOutputDelta EventKind = 6
	EventTokenUsage         EventKind = 7
	EventError              EventKind = 8
	EventOther              EventKind = 9 // read Method and Params
	// EventRetry is an `error` notification with willRetry: true: the server retries by itself
	// (e.g. "Reconnecting..."); not fatal. Event.Notice has its attempt number and message.
	EventRetry EventKind = 10
	// EventGap is made by the library (method "codex/gap"): GapDropped events of this turn or
	// thread stream were not kept for its reader (a retention or lag cap was passed).
	EventGap EventKind = 11
)

var eventKindNames = [...]string{"turnStarted", "turnCompleted", "itemStarted", "itemCompleted",
	"agentMessageDelta", "reasoningDelta", "commandOutputDelta", "tokenUsage", "error", "other",
	"retry", "gap"}

func (k EventKind) String() string {
	if k >= 0 && int(k) < len(eventKindNames) && eventKindNames[k] != "" {
		return eventKindNames[k]
	}
	return "unknown"
}

// Event is one server notification, copied out of the library.
type Event struct {
	Kind     EventKind
	Method   string // e.g. "item/agentMessage/delta"
	ThreadID string
	TurnID   string
	ItemID   string          // for deltas
	Delta    string          // the text of a delta event
	Params   json.RawMessage // the notification's params ({} if none)
	Raw      json.RawMessage // the whole line as the server sent it
	// GapDropped is, for an EventGap event, how many events were dropped before it.
	GapDropped uint64

	// Typed parts (nil / zero for other kinds): the item of EventItemStarted and
	// EventItemCompleted, the counts of EventTokenUsage, the status of a
	// thread/status/changed event (ThreadStatusOther otherwise), what an EventError or
	// EventRetry says, a plan update's steps.
	Item         *Item
	Usage        *TokenUsage
	ThreadStatus ThreadStatus
	Notice       *ErrorNotice
	// Plan is the steps of a turn/plan/updated event (nil for other events).
	Plan []PlanStep
}

// PlanStep is one step of a plan update: Status is "pending", "inProgress" or "completed".
type PlanStep struct {
	Step, Status string
}

// ErrorNotice is what an EventError or EventRetry event says.
type ErrorNotice struct {
	Message        string          // e.g. "Reconnecting... 2/5"
	CodexErrorInfo json.RawMessage // codexErrorInfo as JSON, or nil if the server sent none
	WillRetry      bool            // true for EventRetry: the server retries by itself
	Attempt        int             // an EventRetry's attempt within its turn (1, 2, ...); 0 otherwise
}

// copyEvent copies a borrowed event.
func copyEvent(ev *C.codex_event) Event {
	var n C.size_t
	e := Event{
		Kind:     EventKind(C.codex_event_kind(ev)),
		Method:   goString(C.codex_event_method(ev)),
		ThreadID: goString(C.codex_event_thread_id(ev)),
		TurnID:   goString(C.codex_event_turn_id(ev)),
		ItemID:   goString(C.codex_event_item_id(ev)),
	}
	if p := C.codex_event_delta(ev, &n); p != nil {
		e.Delta = C.GoStringN(p, C.int(n))
	}
	if p := C.codex_event_params(ev, &n); p != nil {
		e.Params = C.GoBytes(unsafe.Pointer(p), C.int(n))
	}
	if p := C.codex_event_json(ev, &n); p != nil {
		e.Raw = C.GoBytes(unsafe.Pointer(p), C.int(n))
	}
	e.GapDropped = uint64(C.codex_event_gap_dropped(ev))
	typedEventParts(ev, &e)
	return e
}

// takeEvent copies and frees a pulled event.
func takeEvent(ev *C.codex_event) Event {
	defer C.codex_event_free(ev)
	return copyEvent(ev)
}
