package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"unsafe"
)

// ReviewTarget is what a review looks at (codex_review_target).
type ReviewTarget uint32

const (
	ReviewUncommittedChanges ReviewTarget = C.CODEX_REVIEW_TARGET_UNCOMMITTED_CHANGES // no value
	ReviewBaseBranch         ReviewTarget = C.CODEX_REVIEW_TARGET_BASE_BRANCH         // value: the branch
	ReviewCommit             ReviewTarget = C.CODEX_REVIEW_TARGET_COMMIT              // value: the sha
	ReviewCustom             ReviewTarget = C.CODEX_REVIEW_TARGET_CUSTOM              // value: the instructions
)

// ReviewDelivery is where a review runs (codex_review_delivery). ReviewDetached is deprecated:
// app-server 0.163 refuses it on its own threads (-32600) and 0.171 removes it.
type ReviewDelivery uint32

const (
	ReviewInline   ReviewDelivery = C.CODEX_REVIEW_DELIVERY_INLINE
	ReviewDetached ReviewDelivery = C.CODEX_REVIEW_DELIVERY_DETACHED
)

// Review starts a review on the thread and returns its turn (events, Wait, Interrupt as for
// Turn). value is the branch, sha or instructions the target needs ("" for
// ReviewUncommittedChanges). The review's text is the result's FinalResponse. In the thread's
// history a review is two turns: the review's and the one that ran it.
func (t *Thread) Review(ctx context.Context, target ReviewTarget, value string, delivery ReviewDelivery) (*Turn, error) {
	var cs cstrings
	defer cs.free()
	v, err := cs.opt("value", value)
	if err != nil {
		return nil, err
	}
	ptr, err := await(ctx, t.c.closed, func() (*C.codex_turn, error) {
		var out *C.codex_turn
		err := t.ref.with("thread", func() error {
			var e *C.codex_error
			return check(C.codex_thread_review(t.ptr, C.uint32_t(target), v, C.uint32_t(delivery), &out, &e), e)
		})
		return out, err
	}, func(p *C.codex_turn) {
		C.codex_turn_interrupt(p, nil)
		C.codex_turn_free(p)
	})
	if err != nil {
		return nil, err
	}
	return newTurn(t.c, ptr)
}

// GoalStatus is where a goal stands (codex_goal_status_t). As a SetGoal argument, GoalOther
// leaves the status as it is.
type GoalStatus uint32

const (
	GoalOther         GoalStatus = C.CODEX_GOAL_STATUS_OTHER
	GoalActive        GoalStatus = C.CODEX_GOAL_STATUS_ACTIVE
	GoalPaused        GoalStatus = C.CODEX_GOAL_STATUS_PAUSED
	GoalBlocked       GoalStatus = C.CODEX_GOAL_STATUS_BLOCKED
	GoalUsageLimited  GoalStatus = C.CODEX_GOAL_STATUS_USAGE_LIMITED
	GoalBudgetLimited GoalStatus = C.CODEX_GOAL_STATUS_BUDGET_LIMITED
	GoalComplete      GoalStatus = C.CODEX_GOAL_STATUS_COMPLETE
)

// Goal is a thread's goal as the server reported it.
type Goal struct {
	ThreadID        string
	Objective       string
	Status          GoalStatus
	TokenBudget     int64 // -1: none
	TokensUsed      int64
	TimeUsedSeconds int64
	JSON            json.RawMessage
}

func takeGoal(g *C.codex_goal) *Goal {
	defer C.codex_goal_free(g)
	return &Goal{
		ThreadID:        goString(C.codex_goal_thread_id(g)),
		Objective:       goString(C.codex_goal_objective(g)),
		Status:          GoalStatus(C.codex_goal_status(g)),
		TokenBudget:     int64(C.codex_goal_token_budget(g)),
		TokensUsed:      int64(C.codex_goal_tokens_used(g)),
		TimeUsedSeconds: int64(C.codex_goal_time_used_seconds(g)),
		JSON:            goJSON(C.codex_goal_json(g)),
	}
}

// SetGoal sets or updates the thread's goal: objective "" keeps the current one, tokenBudget
// < 0 sends none, GoalOther keeps the status. An active goal makes the server run turns on the
// thread by itself until it is complete, paused or out of budget.
func (t *Thread) SetGoal(ctx context.Context, objective string, tokenBudget int64, status GoalStatus) (*Goal, error) {
	var cs cstrings
	defer cs.free()
	o, err := cs.opt("objective", objective)
	if err != nil {
		return nil, err
	}
	var goal *Goal
	err = t.do(ctx, func(p *C.codex_thread) error {
		var out *C.codex_goal
		var e *C.codex_error
		if err := check(C.codex_thread_goal_set(p, o, C.int64_t(tokenBudget), C.uint32_t(status), &out, &e), e); err != nil {
			return err
		}
		goal = takeGoal(out)
		return nil
	})
	return goal, err
}

// Goal returns the thread's goal, nil (and no error) when it has none.
func (t *Thread) Goal(ctx context.Context) (*Goal, error) {
	var goal *Goal
	err := t.do(ctx, func(p *C.codex_thread) error {
		var out *C.codex_goal
		var e *C.codex_error
		if err := check(C.codex_thread_goal_get(p, &out, &e), e); err != nil {
			return err
		}
		if out != nil {
			goal = takeGoal(out)
		}
		return nil
	})
	return goal, err
}

// ClearGoal removes the thread's goal and reports whether there was one.
func (t *Thread) ClearGoal(ctx context.Context) (bool, error) {
	var cleared C.bool
	err := t.do(ctx, func(p *C.codex_thread) error {
		var e *C.codex_error
		return check(C.codex_thread_goal_clear(p, &cleared, &e), e)
	})
	return bool(cleared), err
}

// RateLimits are the account's rate-limit windows (-1 where the server sent nothing).
type RateLimits struct {
	PrimaryUsedPercent, PrimaryWindowMins, PrimaryResetsAt       int64
	SecondaryUsedPercent, SecondaryWindowMins, SecondaryResetsAt int64
	PlanType                                                     string
	JSON                                                         json.RawMessage
}

// RateLimits reads the account's rate limits. It needs a ChatGPT login: with an API key the
// server answers -32600 (ErrRPC).
func (c *Client) RateLimits(ctx context.Context) (*RateLimits, error) {
	var rl *RateLimits
	err := c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_rate_limits
		var e *C.codex_error
		if err := check(C.codex_account_rate_limits(p, &out, &e), e); err != nil {
			return err
		}
		defer C.codex_rate_limits_free(out)
		get := func(f C.codex_rate_limit_field_t) int64 { return int64(C.codex_rate_limits_get(out, C.uint32_t(f))) }
		rl = &RateLimits{
			PrimaryUsedPercent:   get(C.CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT),
			PrimaryWindowMins:    get(C.CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS),
			PrimaryResetsAt:      get(C.CODEX_RATE_LIMIT_PRIMARY_RESETS_AT),
			SecondaryUsedPercent: get(C.CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT),
			SecondaryWindowMins:  get(C.CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS),
			SecondaryResetsAt:    get(C.CODEX_RATE_LIMIT_SECONDARY_RESETS_AT),
			PlanType:             goString(C.codex_rate_limits_plan_type(out)),
			JSON:                 goJSON(C.codex_rate_limits_json(out)),
		}
		return nil
	})
	return rl, err
}

// UsageDay is the tokens used on one day.
type UsageDay struct {
	Date   string // YYYY-MM-DD
	Tokens int64
}

// AccountUsage is the account's token usage (-1 where the backend sent nothing).
type AccountUsage struct {
	LifetimeTokens, PeakDailyTokens, LongestRunningTurnSec int64
	CurrentStreakDays, LongestStreakDays                   int64
	Days                                                   []UsageDay
	JSON                                                   json.RawMessage
}

// AccountUsage reads the account's token usage (threadID "" = account-wide only; with one, the
// JSON also estimates that thread's usage). It needs a ChatGPT login, as RateLimits does.
func (c *Client) AccountUsage(ctx context.Context, threadID string) (*AccountUsage, error) {
	var cs cstrings
	defer cs.free()
	id, err := cs.opt("thread id", threadID)
	if err != nil {
		return nil, err
	}
	var u *AccountUsage
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_account_usage
		var e *C.codex_error
		if err := check(C.codex_account_usage_read(p, id, &out, &e), e); err != nil {
			return err
		}
		defer C.codex_account_usage_free(out)
		get := func(f C.codex_usage_field_t) int64 { return int64(C.codex_account_usage_get(out, C.uint32_t(f))) }
		u = &AccountUsage{
			LifetimeTokens:        get(C.CODEX_USAGE_LIFETIME_TOKENS),
			PeakDailyTokens:       get(C.CODEX_USAGE_PEAK_DAILY_TOKENS),
			LongestRunningTurnSec: get(C.CODEX_USAGE_LONGEST_RUNNING_TURN_SEC),
			CurrentStreakDays:     get(C.CODEX_USAGE_CURRENT_STREAK_DAYS),
			LongestStreakDays:     get(C.CODEX_USAGE_LONGEST_STREAK_DAYS),
			JSON:                  goJSON(C.codex_account_usage_json(out)),
		}
		for i, n := C.size_t(0), C.codex_account_usage_day_count(out); i < n; i++ {
			u.Days = append(u.Days, UsageDay{
				Date:   goString(C.codex_account_usage_day_date(out, i)),
				Tokens: int64(C.codex_account_usage_day_tokens(out, i)),
			})
		}
		return nil
	})
	return u, err
}

// DynamicTool is a function the model may call on a thread (ThreadStartWithTools).
type DynamicTool struct {
	Name        string          // ASCII letters, digits, '_' or '-'
	Description string          // for the model
	InputSchema json.RawMessage // JSON Schema of the arguments (an object); nil = no arguments
}

// ThreadStartWithTools is ThreadStart with dynamic tools declared on the thread: the model's
// calls reach the ServerRequestHandler as RequestDynamicToolCall requests (answer them with
// AnswerTool); with no handler the call fails and the turn goes on.
func (c *Client) ThreadStartWithTools(ctx context.Context, tools []DynamicTool, params ThreadParams) (*Thread, error) {
	if len(tools) == 0 {
		return nil, newError(StatusInvalidArgument, "no tools given")
	}
	var cs cstrings
	defer cs.free()
	arr := (*C.codex_dynamic_tool)(C.calloc(C.size_t(len(tools)), C.size_t(unsafe.Sizeof(C.codex_dynamic_tool{}))))
	defer C.free(unsafe.Pointer(arr))
	list := unsafe.Slice(arr, len(tools))
	for i, t := range tools {
		schema := string(t.InputSchema)
		if schema == "" {
			schema = `{"type":"object","properties":{}}`
		}
		var err error
		if list[i].name, err = cs.add("tool name", t.Name); err != nil {
			return nil, err
		}
		if list[i].description, err = cs.add("tool description", t.Description); err != nil {
			return nil, err
		}
		if list[i].input_schema_json, err = cs.add("tool input schema", schema); err != nil {
			return nil, err
		}
	}
	return c.threadCall(ctx, nil, params, func(p *C.codex_client, _, js *C.char, out **C.codex_thread, e **C.codex_error) C.codex_status {
		return C.codex_thread_start_with_tools(p, js, arr, C.size_t(len(tools)), out, e)
	})
}

// ToolContentKind is the kind of one content item of a dynamic tool's answer.
type ToolContentKind uint32

const (
	ToolText     ToolContentKind = C.CODEX_TOOL_CONTENT_TEXT
	ToolImageURL ToolContentKind = C.CODEX_TOOL_CONTENT_IMAGE_URL
	ToolAudioURL ToolContentKind = C.CODEX_TOOL_CONTENT_AUDIO_URL
)

// ToolContent is one content item of a dynamic tool's answer.
type ToolContent struct {
	Kind  ToolContentKind
	Value string // the text, or the URL
}

// AnswerTool answers a dynamic tool call (from the handler, before it returns; the handler then
// returns (nil, nil)): success or failure, with the content the model sees.
func (r *ServerRequest) AnswerTool(success bool, content ...ToolContent) error {
	return r.withHandle(func(p *C.codex_server_request) error {
		var cs cstrings
		defer cs.free()
		for _, item := range content {
			v, err := cs.add("tool content", item.Value)
			if err != nil {
				return err
			}
			var e *C.codex_error
			if err := check(C.codex_server_request_add_tool_content(p, C.uint32_t(item.Kind), v, &e), e); err != nil {
				return err
			}
		}
		d := DecisionDecline
		if success {
			d = DecisionAccept
		}
		var e *C.codex_error
		return check(C.codex_server_request_answer(p, C.uint32_t(d), &e), e)
	})
}
