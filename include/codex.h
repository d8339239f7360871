/*
 * codex.h: the C API of codex-ffi, the native SDK for the Codex app-server.
 *
 * This header is the API reference. The rules below hold for every function; each function's
 * comment adds what is particular to it. After the types, the functions are grouped by handle,
 * each group under a banner: options, client, login and account, threads, turns, turn results,
 * events, server requests, errors and statuses, strings and version. The same rules in full, with
 * the versioning policy, are docs/abi.md in the codex-ffi sources; changes are in CHANGELOG.md.
 *
 * OWNERSHIP
 * - Handles are opaque: codex_options, codex_client, codex_login, codex_login_result,
 *   codex_thread, codex_turn, codex_turn_result, codex_event, codex_item, codex_server_request,
 *   codex_params, codex_cancel, codex_page, codex_thread_stream, codex_goal, codex_rate_limits,
 *   codex_account_usage, codex_exec_result, codex_process, codex_process_output,
 *   codex_file_matches, codex_mcp_servers, codex_mcp_tool_result, codex_mcp_resource,
 *   codex_error.
 *   A handle written to an output (`codex_x **out`) is yours; free it with its own function
 *   (codex_free for a client). Freeing NULL does nothing.
 * - A child handle (login, thread, turn) keeps its client's state alive: after codex_free(client)
 *   it still needs its own free, and its calls return CODEX_STATUS_CLOSED.
 * - `char **` outputs are yours: free them with codex_string_free.
 * - `const char *` getters are borrowed: NUL-terminated, valid until their handle is freed.
 *   What a callback receives (event, result, error, strings) is borrowed for that call only,
 *   except the codex_server_request a server-request handler receives: that one it owns.
 * - Input strings are NUL-terminated UTF-8, checked. JSON parameters are the app-server's own
 *   camelCase JSON; where a function says a JSON parameter may be NULL, NULL means `{}` (or no
 *   overrides). Plain-text parameters are never parsed as JSON.
 * - No function keeps a pointer you passed after it returns, except the user_data of a
 *   registered callback (until its drop runs).
 *
 * STATUS AND ERRORS
 * - Every fallible function returns codex_status and takes `codex_error **err` last; err may be
 *   NULL. On CODEX_STATUS_OK the outputs are written and *err is untouched. On any other status
 *   the outputs are not written and, except for TIMEOUT and END (which carry no error), *err
 *   receives an owned error: free it with codex_error_free.
 * - *err must be NULL on entry. If it is not, the library neither reads nor frees it, leaves it
 *   as it is, and drops the new error.
 * - Misuse (NULL where a value is needed, invalid UTF-8, invalid JSON, an enumeration value the
 *   library does not know) returns CODEX_STATUS_INVALID_ARGUMENT; it never crashes. Enumerations
 *   passed in are uint32_t parameters; the enum types document their values.
 * - A failed turn or login is not an error: the call returns OK and the result says it failed.
 * - Status values are never renumbered and new ones are only appended: treat a value you do not
 *   know as a failure. codex_status_str names any value.
 *
 * NULL RESULTS
 * - A getter given a NULL handle returns NULL, false, 0 or -1.
 * - For a valid handle a getter returns NULL only where its comment says so ("or NULL", "else
 *   NULL"): the optional fields of events (thread, turn and item id, delta), errors (JSON-RPC
 *   data, stderr tail), logins (auth URL, verification URL, user code, a result's error), turn
 *   results (error, error JSON, final response, usage) and server requests (thread and turn id).
 *   The others, codex_error_message, codex_status_str and codex_version among them, never do.
 *
 * THREADS AND CALLBACKS
 * - Every handle may be used from several threads at once (the library locks internally). Free
 *   a handle once no other thread uses it; codex_close stops a client that other threads are
 *   still blocked on (they return CLOSED), codex_free then frees it.
 * - Each client has one delivery thread. Every registered callback of the client runs on it, in
 *   the order the server sent the events; a slow callback delays only its own client. A
 *   call-scoped callback (codex_thread_run's on_event) runs on the calling thread.
 * - Inside a callback you may call any function: steer, interrupt, answer a server request, even
 *   free the handle whose callback is running (the free takes effect when the callback returns).
 *   A blocking call that could only finish after the callback returns fails with
 *   CODEX_STATUS_WOULD_DEADLOCK instead of hanging. A callback must return normally: no C++
 *   exception and no longjmp may leave it.
 * - A registered callback is passed as (fn, user_data, drop, err): drop(user_data), if drop is
 *   not NULL, runs exactly once after the last call of fn, also on errors and frees. After a
 *   handle's free returns, no callback for it starts.
 * - Threads the library owns block SIGPIPE: a write to a dead app-server returns TRANSPORT.
 * - After fork(), a handle inherited from the parent is dead in the child: its calls return
 *   CODEX_STATUS_CLOSED and its free only releases memory (no signal, no write, no join); call
 *   codex_new in the child for a client of its own.
 *
 * TIMEOUTS
 * - Waits (codex_request, codex_next_notification, codex_login_wait, codex_turn_next_event,
 *   codex_turn_wait) take int64_t timeout_ms (< 0: no limit) and return CODEX_STATUS_TIMEOUT
 *   when it runs out, leaving the operation going on. Every other call that talks to the server
 *   is bounded by the client's request timeout (codex_options_set_request_timeout_ms, default
 *   60 s); codex_thread_run is bounded by the idle watchdog (default 10 min without an event;
 *   the server's retry events, CODEX_EVENT_RETRY, do not count as events for it), and
 *   codex_thread_run_bounded also by a deadline (none by default). The app-server's own retries
 *   of an unreachable model provider never end by default: bound such turns with a deadline.
 * - Each wait has a callback form for hosts that must not block: codex_request_async,
 *   codex_login_on_complete, codex_turn_set_event_callback, codex_turn_on_complete; and a
 *   _cancellable form taking a codex_cancel token another thread triggers (CANCELLED at once).
 *
 * CLOSE AND SECOND CLIENTS
 * - After codex_close, calls on the client's threads and turns return CODEX_STATUS_CLOSED at
 *   once, blocked ones included (a run, a wait with no limit; a pull first hands out the events
 *   already received); interrupt and steer send nothing; codex_cancel tokens are the caller's
 *   and keep working. Each handle still needs its own free.
 * - Each client is its own app-server. A thread one client has loaded cannot be resumed by
 *   another client on the same CODEX_HOME: CODEX_STATUS_RPC "thread <id> already has an active
 *   writer" until the first client is closed. docs/turn-control.md has the details.
 *
 * VERSIONS
 * - CODEX_VERSION_* are the version of this header; codex_version() and codex_version_number()
 *   that of the library loaded at run time. Within one soname (libcodex.so.1) changes are
 *   additive only: a program built against an older header runs with a newer library.
 */

#ifndef CODEX_H
#define CODEX_H

/* Generated by cbindgen from src/ffi (cbindgen.toml). Do not edit: run scripts/gen-header.sh. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#define CODEX_VERSION_MAJOR 0
#define CODEX_VERSION_MINOR 1
#define CODEX_VERSION_PATCH 0
#define CODEX_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH; compare with codex_version_number() at run time. */
#define CODEX_VERSION_NUMBER 100

/* Marks every function of the API. The library is built with its symbols visible; define
 * CODEX_API yourself before including this header to add attributes of your own. */
#ifndef CODEX_API
#if defined(__GNUC__) || defined(__clang__)
#define CODEX_API __attribute__((visibility("default")))
#else
#define CODEX_API
#endif
#endif

/* Values of the thread / turn params "sandbox" and "approvalPolicy", spelled once (as Go's
 * SandboxMode and ApprovalPolicy): string literals, to splice into params JSON. */
#define CODEX_SANDBOX_READ_ONLY "read-only"
#define CODEX_SANDBOX_WORKSPACE_WRITE "workspace-write"
#define CODEX_SANDBOX_DANGER_FULL_ACCESS "danger-full-access"
#define CODEX_APPROVAL_UNTRUSTED "untrusted"
#define CODEX_APPROVAL_ON_REQUEST "on-request"
#define CODEX_APPROVAL_NEVER "never"

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/* ==============================================================================================
 * Types: statuses, enumerations and handles
 * ============================================================================================== */

/**
 * What a server request asks for. The numbering is the C ABI's
 * (`codex_server_request_kind_t`) and never changes.
 */
typedef enum {
  /**
   * A method this library has no typed view of: read the params JSON.
   */
  CODEX_REQUEST_OTHER = 0,
  CODEX_REQUEST_COMMAND_APPROVAL = 1,
  CODEX_REQUEST_FILE_CHANGE_APPROVAL = 2,
  CODEX_REQUEST_PERMISSIONS = 3,
  CODEX_REQUEST_USER_INPUT = 4,
  CODEX_REQUEST_MCP_ELICITATION = 5,
  /**
   * A call of a dynamic tool the thread declared (`item/tool/call`): read its tool name,
   * arguments and call id; answer with content (codex_server_request_add_tool_content) and
   * codex_server_request_answer (ACCEPT = success, DECLINE = failure).
   */
  CODEX_REQUEST_DYNAMIC_TOOL_CALL = 6,
} codex_server_request_kind_t;

/**
 * Why a call did not succeed: the C ABI's `codex_status` (values explicit, never
 * renumbered; new ones only appended).
 */
typedef enum {
  /**
   * Success: outputs are written.
   */
  CODEX_STATUS_OK = 0,
  /**
   * NULL where a value is needed, invalid UTF-8, bad JSON, misuse.
   */
  CODEX_STATUS_INVALID_ARGUMENT = 1,
  /**
   * A wait's time ran out; the operation goes on. No error object is written.
   */
  CODEX_STATUS_TIMEOUT = 2,
  /**
   * A stream has no more events. No error object is written.
   */
  CODEX_STATUS_END = 3,
  /**
   * The operation was cancelled.
   */
  CODEX_STATUS_CANCELLED = 4,
  /**
   * The client was freed or shut down.
   */
  CODEX_STATUS_CLOSED = 5,
  /**
   * The app-server died or its pipes broke; the error carries the stderr tail.
   */
  CODEX_STATUS_TRANSPORT = 6,
  /**
   * The server answered a JSON-RPC error (code and data in the error object).
   */
  CODEX_STATUS_RPC = 7,
  /**
   * The server stayed overloaded (-32001) past the retry limit.
   */
  CODEX_STATUS_OVERLOADED = 8,
  /**
   * The codex binary, or an id the library itself does not know.
   */
  CODEX_STATUS_NOT_FOUND = 9,
  /**
   * An answer to a server request that was already answered by timeout or default.
   */
  CODEX_STATUS_EXPIRED = 10,
  /**
   * The server's version is outside the supported range.
   */
  CODEX_STATUS_VERSION = 11,
  /**
   * A blocking call from a callback that could only finish after that callback returns.
   */
  CODEX_STATUS_WOULD_DEADLOCK = 12,
  /**
   * A bug caught at the C boundary.
   */
  CODEX_STATUS_PANIC = 13,
  /**
   * Anything else.
   */
  CODEX_STATUS_INTERNAL = 14,
  /**
   * A remote app-server refused the connection's credentials (missing, invalid or expired).
   */
  CODEX_STATUS_AUTH = 15,
} codex_status;

/**
 * What kind of event this is. The numbering is the C ABI's (`codex_event_kind_t`) and never
 * changes; Rust code uses the [`EventKind`] names.
 */
typedef enum {
  CODEX_EVENT_TURN_STARTED = 0,
  CODEX_EVENT_TURN_COMPLETED = 1,
  CODEX_EVENT_ITEM_STARTED = 2,
  CODEX_EVENT_ITEM_COMPLETED = 3,
  CODEX_EVENT_AGENT_MESSAGE_DELTA = 4,
  CODEX_EVENT_REASONING_DELTA = 5,
  CODEX_EVENT_COMMAND_OUTPUT_DELTA = 6,
  CODEX_EVENT_TOKEN_USAGE = 7,
  CODEX_EVENT_ERROR = 8,
  /**
   * Any other method: read codex_event_method and codex_event_params.
   */
  CODEX_EVENT_OTHER = 9,
  /**
   * An `error` notification with `willRetry: true`: the server retries by itself (e.g.
   * "Reconnecting..."); not fatal. codex_event_retry_attempt counts them per turn (1, 2, ...);
   * the message and codexErrorInfo are in codex_event_params.
   */
  CODEX_EVENT_RETRY = 10,
  /**
   * Made by the library, not the server (method "codex/gap"): events of this turn or thread
   * stream were dropped before its reader took them (retention or lag caps, see docs/abi.md);
   * codex_event_gap_dropped says how many. The turn's result is still exact.
   */
  CODEX_EVENT_GAP = 11,
} codex_event_kind_t;

/**
 * Which stream a chunk of a process's output came from. The numbering is the C ABI's
 * (`codex_output_stream_t`) and never changes.
 */
typedef enum {
  /**
   * The end of the output (the process exited): the last callback call, with no data.
   */
  CODEX_OUTPUT_END = 0,
  /**
   * stdout (with `tty`, the terminal's whole output).
   */
  CODEX_OUTPUT_STDOUT = 1,
  CODEX_OUTPUT_STDERR = 2,
} codex_output_stream_t;

/**
 * What a file search match is. The numbering is the C ABI's (`codex_match_type_t`).
 */
typedef enum {
  /**
   * A kind this library does not know.
   */
  CODEX_MATCH_OTHER = 0,
  CODEX_MATCH_FILE = 1,
  CODEX_MATCH_DIRECTORY = 2,
} codex_match_type_t;

/**
 * Where a goal stands, for C (`codex_goal_status`, `codex_thread_goal_set`). The numbering
 * never changes; new values are appended.
 */
typedef enum {
  /**
   * A status this library does not know; as a codex_thread_goal_set argument: leave the
   * status as it is.
   */
  CODEX_GOAL_STATUS_OTHER = 0,
  /**
   * The server drives turns toward it.
   */
  CODEX_GOAL_STATUS_ACTIVE = 1,
  CODEX_GOAL_STATUS_PAUSED = 2,
  CODEX_GOAL_STATUS_BLOCKED = 3,
  /**
   * Stopped by the account's usage limits.
   */
  CODEX_GOAL_STATUS_USAGE_LIMITED = 4,
  /**
   * Stopped: its token budget is spent.
   */
  CODEX_GOAL_STATUS_BUDGET_LIMITED = 5,
  CODEX_GOAL_STATUS_COMPLETE = 6,
} codex_goal_status_t;

/**
 * The type of a thread item. The numbering is the C ABI's (`codex_item_type_t`) and never
 * changes; new types are appended. Unknown types are `CODEX_ITEM_OTHER`.
 */
typedef enum {
  /**
   * A type this library does not know: read codex_item_json.
   */
  CODEX_ITEM_OTHER = 0,
  CODEX_ITEM_USER_MESSAGE = 1,
  CODEX_ITEM_AGENT_MESSAGE = 2,
  CODEX_ITEM_REASONING = 3,
  CODEX_ITEM_COMMAND_EXECUTION = 4,
  CODEX_ITEM_FILE_CHANGE = 5,
  CODEX_ITEM_MCP_TOOL_CALL = 6,
  CODEX_ITEM_WEB_SEARCH = 7,
  CODEX_ITEM_PLAN = 8,
  CODEX_ITEM_DYNAMIC_TOOL_CALL = 9,
  CODEX_ITEM_IMAGE_VIEW = 10,
  CODEX_ITEM_CONTEXT_COMPACTION = 11,
} codex_item_type_t;

/**
 * A thread's status (`thread/status/changed`). The numbering is the C ABI's and never changes.
 */
typedef enum {
  /**
   * Not a status event, or a status this library does not know.
   */
  CODEX_THREAD_STATUS_OTHER = 0,
  CODEX_THREAD_STATUS_NOT_LOADED = 1,
  CODEX_THREAD_STATUS_IDLE = 2,
  CODEX_THREAD_STATUS_ACTIVE = 3,
  CODEX_THREAD_STATUS_SYSTEM_ERROR = 4,
} codex_thread_status_t;

/**
 * Severity of a diagnostic passed to the log callback (the C ABI's `codex_log_level`).
 */
typedef enum {
  CODEX_LOG_LEVEL_ERROR = 0,
  CODEX_LOG_LEVEL_WARN = 1,
  CODEX_LOG_LEVEL_INFO = 2,
  CODEX_LOG_LEVEL_DEBUG = 3,
} codex_log_level;

/**
 * How a turn ended. The numbering is the C ABI's (`codex_turn_status`) and never changes.
 */
typedef enum {
  CODEX_TURN_COMPLETED = 0,
  CODEX_TURN_INTERRUPTED = 1,
  CODEX_TURN_FAILED = 2,
} codex_turn_status;

/**
 * Which token count to read (`codex_event_token_usage`, `codex_turn_result_token_usage`). The
 * plain names are the thread's running totals; `LAST_*` are the last model call's.
 */
typedef enum {
  CODEX_TOKENS_INPUT = 0,
  CODEX_TOKENS_CACHED_INPUT = 1,
  CODEX_TOKENS_OUTPUT = 2,
  CODEX_TOKENS_REASONING_OUTPUT = 3,
  CODEX_TOKENS_TOTAL = 4,
  /**
   * The model's context window (tokens), if the server knows it.
   */
  CODEX_TOKENS_CONTEXT_WINDOW = 5,
  CODEX_TOKENS_LAST_INPUT = 6,
  CODEX_TOKENS_LAST_CACHED_INPUT = 7,
  CODEX_TOKENS_LAST_OUTPUT = 8,
  CODEX_TOKENS_LAST_REASONING_OUTPUT = 9,
  CODEX_TOKENS_LAST_TOTAL = 10,
} codex_token_field_t;

/**
 * Which rate-limit figure to read (`codex_event_rate_limit`).
 */
typedef enum {
  CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT = 0,
  CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS = 1,
  CODEX_RATE_LIMIT_PRIMARY_RESETS_AT = 2,
  CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT = 3,
  CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS = 4,
  CODEX_RATE_LIMIT_SECONDARY_RESETS_AT = 5,
} codex_rate_limit_field_t;

/**
 * A typed answer (`codex_server_request_answer`). Decline is 0: the safe default.
 */
typedef enum {
  /**
   * Refuse; the turn goes on (the safe default).
   */
  CODEX_DECISION_DECLINE = 0,
  /**
   * Allow this once (user input: send the answers set so far).
   */
  CODEX_DECISION_ACCEPT = 1,
  /**
   * Allow this and the same again for the rest of the session.
   */
  CODEX_DECISION_ACCEPT_FOR_SESSION = 2,
  /**
   * Refuse and interrupt the turn.
   */
  CODEX_DECISION_CANCEL = 3,
} codex_decision_t;

/**
 * How a config write combines with what is there (the C ABI's `codex_merge_strategy`).
 */
typedef enum {
  /**
   * Replace the value at the key path.
   */
  CODEX_MERGE_STRATEGY_REPLACE = 0,
  /**
   * Merge into the table at the key path (insert or update).
   */
  CODEX_MERGE_STRATEGY_UPSERT = 1,
} codex_merge_strategy;

/**
 * Which request a [`Params`] builds (`codex_params_new`).
 */
typedef enum {
  /**
   * ThreadStartParams, also valid for thread resume and fork (codex_thread_start/_resume/_fork).
   */
  CODEX_PARAMS_THREAD = 0,
  /**
   * TurnStartParams overrides (codex_thread_turn, codex_thread_run and their forms).
   */
  CODEX_PARAMS_TURN = 1,
  /**
   * ThreadListParams (codex_thread_list).
   */
  CODEX_PARAMS_THREAD_LIST = 2,
} codex_params_kind_t;

/**
 * A field of a params builder. The comment says its value type (set it with the setter of that
 * type) and the kinds it belongs to: T = thread, U = turn, L = thread list.
 */
typedef enum {
  /**
   * string, T U: `model`.
   */
  CODEX_PARAM_MODEL = 0,
  /**
   * string, T: `modelProvider`.
   */
  CODEX_PARAM_MODEL_PROVIDER = 1,
  /**
   * string, T U L: `cwd` (for a list: only threads with this cwd).
   */
  CODEX_PARAM_CWD = 2,
  /**
   * string, T U: `approvalPolicy`, one of CODEX_APPROVAL_* ("untrusted", "on-request",
   * "never").
   */
  CODEX_PARAM_APPROVAL_POLICY = 3,
  /**
   * string, T U: `approvalsReviewer`: "user", "auto_review" (or "guardian_subagent").
   */
  CODEX_PARAM_APPROVALS_REVIEWER = 4,
  /**
   * string, T U: one of CODEX_SANDBOX_* ("read-only", "workspace-write",
   * "danger-full-access"). A thread's `sandbox`; for a turn the library writes the matching
   * `sandboxPolicy` object (`{"type":"readOnly"}`, ...).
   */
  CODEX_PARAM_SANDBOX = 5,
  /**
   * string, T: `baseInstructions` (replace the built-in instructions).
   */
  CODEX_PARAM_BASE_INSTRUCTIONS = 6,
  /**
   * string, T: `developerInstructions`.
   */
  CODEX_PARAM_DEVELOPER_INSTRUCTIONS = 7,
  /**
   * bool, T: `ephemeral` (not stored on disk).
   */
  CODEX_PARAM_EPHEMERAL = 8,
  /**
   * JSON object, T: `config` (config.toml overrides, e.g. `{"model_reasoning_effort":"low"}`).
   */
  CODEX_PARAM_CONFIG = 9,
  /**
   * string, T U: `personality`: "none", "friendly", "pragmatic".
   */
  CODEX_PARAM_PERSONALITY = 10,
  /**
   * string, T U: `serviceTier`.
   */
  CODEX_PARAM_SERVICE_TIER = 11,
  /**
   * string, U: `effort` (a reasoning effort the model offers, e.g. "low", "high").
   */
  CODEX_PARAM_EFFORT = 12,
  /**
   * string, U: `summary`: "auto", "concise", "detailed", "none".
   */
  CODEX_PARAM_SUMMARY = 13,
  /**
   * JSON, U: `outputSchema` (a JSON Schema the final message follows; this turn only).
   */
  CODEX_PARAM_OUTPUT_SCHEMA = 14,
  /**
   * JSON object, U: `collaborationMode`, e.g.
   * `{"mode":"plan","settings":{"model":"gpt-5.4"}}`.
   */
  CODEX_PARAM_COLLABORATION_MODE = 15,
  /**
   * integer >= 1, L: `limit` (page size).
   */
  CODEX_PARAM_LIMIT = 16,
  /**
   * string, L: `cursor` (from the previous page's `nextCursor`).
   */
  CODEX_PARAM_CURSOR = 17,
  /**
   * bool, L: `archived` (list archived threads instead).
   */
  CODEX_PARAM_ARCHIVED = 18,
  /**
   * string, L: `sortKey`: "created_at", "updated_at", "recency_at", "section_position".
   */
  CODEX_PARAM_SORT_KEY = 19,
  /**
   * string, L: `sortDirection`: "asc", "desc".
   */
  CODEX_PARAM_SORT_DIRECTION = 20,
  /**
   * string, L: `searchTerm`.
   */
  CODEX_PARAM_SEARCH_TERM = 21,
} codex_param_t;

/**
 * What a review looks at (`ReviewTarget`; the C ABI's `codex_review_target`).
 */
typedef enum {
  /**
   * The working tree: staged, unstaged and untracked changes (no value).
   */
  CODEX_REVIEW_TARGET_UNCOMMITTED_CHANGES = 0,
  /**
   * The changes between the current branch and a base branch (value: the branch).
   */
  CODEX_REVIEW_TARGET_BASE_BRANCH = 1,
  /**
   * The changes one commit introduced (value: its sha).
   */
  CODEX_REVIEW_TARGET_COMMIT = 2,
  /**
   * Free-form review instructions (value: the instructions).
   */
  CODEX_REVIEW_TARGET_CUSTOM = 3,
} codex_review_target;

/**
 * Where a review runs (`ReviewDelivery`; the C ABI's `codex_review_delivery`).
 */
typedef enum {
  /**
   * On the thread itself, as its next turn (the default).
   */
  CODEX_REVIEW_DELIVERY_INLINE = 0,
  /**
   * Deprecated: on a new thread. app-server 0.163 refuses it on its own (paginated) threads
   * (-32600 "paginated threads do not support detached review"); 0.171 removes it.
   */
  CODEX_REVIEW_DELIVERY_DETACHED = 1,
} codex_review_delivery;

/**
 * Which account-wide token figure to read (`codex_account_usage_get`).
 */
typedef enum {
  CODEX_USAGE_LIFETIME_TOKENS = 0,
  CODEX_USAGE_PEAK_DAILY_TOKENS = 1,
  CODEX_USAGE_LONGEST_RUNNING_TURN_SEC = 2,
  CODEX_USAGE_CURRENT_STREAK_DAYS = 3,
  CODEX_USAGE_LONGEST_STREAK_DAYS = 4,
} codex_usage_field_t;

/**
 * The kind of one content item of a dynamic tool's answer (`DynamicToolCallOutputContentItem`).
 */
typedef enum {
  /**
   * Text for the model.
   */
  CODEX_TOOL_CONTENT_TEXT = 0,
  /**
   * An image, by URL (a data: URL works).
   */
  CODEX_TOOL_CONTENT_IMAGE_URL = 1,
  /**
   * Audio, by URL.
   */
  CODEX_TOOL_CONTENT_AUDIO_URL = 2,
} codex_tool_content_t;

/**
 * The account's token usage. Free with codex_account_usage_free.
 */
typedef struct codex_account_usage codex_account_usage;

/**
 * A cancel token. Thread-safe: trigger it from any thread, while other threads wait with it.
 * Free it with codex_cancel_free once no call uses it.
 */
typedef struct codex_cancel codex_cancel;

/**
 * A client: one running `codex app-server`. Thread-safe. Free with codex_free.
 */
typedef struct codex_client codex_client;

/**
 * An error: status, message, and where they apply the JSON-RPC code and data and the tail of
 * the app-server's stderr (secrets redacted). Free with codex_error_free.
 */
typedef struct codex_error codex_error;

/**
 * An event (a server notification). Opaque.
 */
typedef struct codex_event codex_event;

/**
 * A finished command: exit code and buffered output. Free with codex_exec_result_free.
 */
typedef struct codex_exec_result codex_exec_result;

/**
 * File search matches, best first. Free with codex_file_matches_free.
 */
typedef struct codex_file_matches codex_file_matches;

/**
 * A thread's goal as the server reported it. Free with codex_goal_free.
 */
typedef struct codex_goal codex_goal;

/**
 * One thread item (a command execution, a file change, an agent message, ...). Owned: free it
 * with codex_item_free. Its string getters are borrowed: valid until the item is freed.
 */
typedef struct codex_item codex_item;

/**
 * A pending interactive login. Free with codex_login_free.
 */
typedef struct codex_login codex_login;

/**
 * How a login ended. Free with codex_login_result_free (except the borrowed one passed to a
 * completion callback).
 */
typedef struct codex_login_result codex_login_result;

/**
 * The contents of an MCP resource. Free with codex_mcp_resource_free.
 */
typedef struct codex_mcp_resource codex_mcp_resource;

/**
 * One page of MCP server statuses. Free with codex_mcp_servers_free.
 */
typedef struct codex_mcp_servers codex_mcp_servers;

/**
 * What an MCP tool call returned. Free with codex_mcp_tool_result_free.
 */
typedef struct codex_mcp_tool_result codex_mcp_tool_result;

/**
 * Options for codex_new. Create with codex_options_new, free with codex_options_free.
 */
typedef struct codex_options codex_options;

/**
 * One page of a paged list: its items as JSON and the cursor of the next page. Free with
 * codex_page_free.
 */
typedef struct codex_page codex_page;

/**
 * A params builder. Create with codex_params_new, free with codex_params_free. Thread-safe
 * (locked), but codex_params_json's string is only valid until the next change.
 */
typedef struct codex_params codex_params;

/**
 * A running command with streamed output. Free with codex_process_free.
 */
typedef struct codex_process codex_process;

/**
 * One chunk of a process's output. Free with codex_process_output_free.
 */
typedef struct codex_process_output codex_process_output;

/**
 * The account's rate limits. Free with codex_rate_limits_free.
 */
typedef struct codex_rate_limits codex_rate_limits;

/**
 * A server request handed to the handler; owned by the host: answer it (now or later, from any
 * thread) and free it. Freeing it unanswered sends the safe default answer.
 */
typedef struct codex_server_request codex_server_request;

/**
 * A thread handle. Thread-safe. Free with codex_thread_free.
 */
typedef struct codex_thread codex_thread;

/**
 * A thread stream: every event scoped to one thread from the moment it was opened. Thread-safe.
 * Free with codex_thread_stream_free (also from inside its own callback).
 */
typedef struct codex_thread_stream codex_thread_stream;

/**
 * A turn handle. Thread-safe. Free with codex_turn_free (also from inside its own callbacks).
 */
typedef struct codex_turn codex_turn;

/**
 * What a finished turn produced. Free with codex_turn_result_free (except the borrowed one
 * passed to a completion callback).
 */
typedef struct codex_turn_result codex_turn_result;

/**
 * A function the model may call on a thread (codex_thread_start_with_tools). The strings are
 * read during the call only.
 */
typedef struct {
  /**
   * The name the model calls it by: ASCII letters, digits, '_' or '-'.
   */
  const char *name;
  /**
   * What it does, for the model.
   */
  const char *description;
  /**
   * The JSON Schema of its arguments (a JSON object), e.g.
   * `{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`.
   */
  const char *input_schema_json;
} codex_dynamic_tool;

/* ==============================================================================================
 * Callback types taken by functions of several groups
 * ============================================================================================== */

/**
 * Receives one event (borrowed: valid only during the call). Runs on the client's delivery
 * thread for registered callbacks, on the calling thread for codex_thread_run.
 */
typedef void (*codex_event_fn)(void *user_data, const codex_event *event);

/**
 * Frees `user_data` when a registered callback is released.
 */
typedef void (*codex_drop_fn)(void *user_data);

/* ==============================================================================================
 * Options
 *
 * codex_options: how codex_new starts the app-server. codex_options_new gives the
 * defaults, each setter changes one, codex_new copies them: free the options (or reuse
 * them) right after.
 * ============================================================================================== */

/**
 * Receives the library's diagnostics (never secrets), on the client's delivery thread.
 */
typedef void (*codex_log_fn)(void *user_data, codex_log_level level, const char *message);

/**
 * New options with the defaults: binary from CODEX_BIN or PATH, inherited CODEX_HOME and cwd,
 * client name "codex_ffi", experimental API on, 60 s request timeout, 6 overload retries,
 * 10 min idle watchdog, 10 min server-request handler timeout, no log callback.
 */
CODEX_API codex_options *codex_options_new(void);

/**
 * Frees options (clients made from them keep their own copy). NULL is a no-op.
 */
CODEX_API void codex_options_free(codex_options *opts);

/**
 * Path of the codex binary (NULL = look up CODEX_BIN, then `codex` on PATH).
 */
CODEX_API
codex_status codex_options_set_codex_bin(codex_options *opts,
                                         const char *path,
                                         codex_error **err);

/**
 * CODEX_HOME of the app-server (NULL = inherited).
 */
CODEX_API
codex_status codex_options_set_codex_home(codex_options *opts,
                                          const char *path,
                                          codex_error **err);

/**
 * Working directory of the app-server, the default cwd of threads (NULL = inherited).
 */
CODEX_API
codex_status codex_options_set_cwd(codex_options *opts,
                                   const char *path,
                                   codex_error **err);

/**
 * Sets (or, with value NULL, removes) an environment variable of the app-server.
 */
CODEX_API
codex_status codex_options_set_env(codex_options *opts,
                                   const char *name,
                                   const char *value,
                                   codex_error **err);

/**
 * Adds a `--config key=value` override (value parsed as TOML by the server), e.g.
 * "features.plugins=false".
 */
CODEX_API
codex_status codex_options_add_config(codex_options *opts,
                                      const char *key_value,
                                      codex_error **err);

/**
 * clientInfo sent at initialize (name is required; title may be NULL; version NULL = library's).
 */
CODEX_API
codex_status codex_options_set_client_info(codex_options *opts,
                                           const char *name,
                                           const char *title,
                                           const char *version,
                                           codex_error **err);

/**
 * Opt in to the experimental API (default true, like the official Python SDK).
 */
CODEX_API
codex_status codex_options_set_experimental_api(codex_options *opts,
                                                bool enabled,
                                                codex_error **err);

/**
 * Bound (ms, > 0) on every call that talks to the server and is not itself a wait.
 */
CODEX_API
codex_status codex_options_set_request_timeout_ms(codex_options *opts,
                                                  int64_t timeout_ms,
                                                  codex_error **err);

/**
 * How many times an overloaded (-32001) answer is retried before CODEX_STATUS_OVERLOADED.
 */
CODEX_API
codex_status codex_options_set_retry_limit(codex_options *opts,
                                           uint32_t retries,
                                           codex_error **err);

/**
 * Accept a server outside the supported version range (otherwise codex_new fails with VERSION).
 */
CODEX_API
codex_status codex_options_set_accept_any_version(codex_options *opts,
                                                  bool accept,
                                                  codex_error **err);

/**
 * Idle watchdog for turns in ms (0 = off; default 600000): a turn with no event for that long,
 * while no server request awaits an answer, is interrupted, then failed if it still does not end.
 */
CODEX_API
codex_status codex_options_set_idle_timeout_ms(codex_options *opts,
                                               int64_t timeout_ms,
                                               codex_error **err);

/**
 * How long (ms, > 0) a server-request handler may take before the safe default answer is sent
 * (default 600000). A later answer gets CODEX_STATUS_EXPIRED.
 */
CODEX_API
codex_status codex_options_set_server_request_timeout_ms(codex_options *opts,
                                                         int64_t timeout_ms,
                                                         codex_error **err);

/**
 * Sets the log callback and the most verbose level it receives. `fn` NULL removes it.
 * `drop(user_data)` runs once, when neither these options nor any client made from them use it.
 */
CODEX_API
codex_status codex_options_set_log_callback(codex_options *opts,
                                            uint32_t max_level,
                                            codex_log_fn fn,
                                            void *user_data,
                                            codex_drop_fn drop,
                                            codex_error **err);

/* ==============================================================================================
 * Remote app-servers
 *
 * codex_options_set_remote_*: codex_new connects to a running app-server (unix://PATH,
 * ws://HOST:PORT, wss://HOST:PORT) instead of spawning one, with a capability token or a
 * signed bearer token (HS256 JWT). Refused credentials are CODEX_STATUS_AUTH at codex_new;
 * a lost link releases every waiter with CODEX_STATUS_TRANSPORT. See docs/remote.md.
 * ============================================================================================== */

/**
 * Connect to a running app-server instead of spawning one: "unix://PATH", "ws://HOST:PORT" or
 * "wss://HOST:PORT" (NULL = spawn, the default). With a URL, codex_new returns
 * CODEX_STATUS_INVALID_ARGUMENT if a spawn-only option is set (codex_options_set_codex_bin,
 * codex_options_set_codex_home, codex_options_set_cwd, codex_options_set_env,
 * codex_options_add_config); it returns CODEX_STATUS_AUTH, with the server's reason, when the
 * server refuses the credentials. codex_free closes the connection; the server keeps running.
 */
CODEX_API
codex_status codex_options_set_remote_url(codex_options *opts,
                                          const char *url,
                                          codex_error **err);

/**
 * The bearer token sent to a remote app-server: the capability token of `--ws-auth
 * capability-token`, or a ready JWT (NULL = none). Never logged, never in an error.
 */
CODEX_API
codex_status codex_options_set_remote_token(codex_options *opts,
                                            const char *token,
                                            codex_error **err);

/**
 * Like codex_options_set_remote_token, the token read from a file at codex_new (a trailing
 * newline dropped).
 */
CODEX_API
codex_status codex_options_set_remote_token_file(codex_options *opts,
                                                 const char *path,
                                                 codex_error **err);

/**
 * A signed bearer token for `--ws-auth signed-bearer-token`: codex_new makes an HS256 JWT
 * from the shared `secret` with the claims `iss` = issuer and `aud` = audience (each NULL =
 * left out), `iat` = now and `exp` = now + ttl_seconds (>= 0).
 */
CODEX_API
codex_status codex_options_set_remote_jwt(codex_options *opts,
                                          const char *secret,
                                          const char *issuer,
                                          const char *audience,
                                          int64_t ttl_seconds,
                                          codex_error **err);

/**
 * Like codex_options_set_remote_jwt, the shared secret read from a file at codex_new (the
 * file the server's `--ws-shared-secret-file` names; a trailing newline dropped).
 */
CODEX_API
codex_status codex_options_set_remote_jwt_file(codex_options *opts,
                                               const char *secret_path,
                                               const char *issuer,
                                               const char *audience,
                                               int64_t ttl_seconds,
                                               codex_error **err);

/**
 * PEM file of the certificate authorities a wss:// server must chain to (NULL = the system's
 * store).
 */
CODEX_API
codex_status codex_options_set_remote_ca_file(codex_options *opts,
                                              const char *path,
                                              codex_error **err);

/**
 * A remote link on which nothing arrives for timeout_ms is declared dead: every waiter gets
 * CODEX_STATUS_TRANSPORT. Pings go out every third of it. 0 = never; default 30000.
 */
CODEX_API
codex_status codex_options_set_remote_ping_timeout_ms(codex_options *opts,
                                                      int64_t timeout_ms,
                                                      codex_error **err);

/* ==============================================================================================
 * Client
 *
 * codex_client: one running `codex app-server` and the connection to it. codex_free (or
 * codex_close) stops it; child handles then return CODEX_STATUS_CLOSED. codex_request
 * reaches any app-server method; notifications that no login or turn claimed are pulled
 * (codex_next_notification) or pushed (codex_set_notification_callback).
 * ============================================================================================== */

/**
 * Called once with a request's outcome: the result JSON (borrowed) on OK, else the error
 * (borrowed). Runs on the client's delivery thread.
 */
typedef void (*codex_request_fn)(void *user_data,
                                 codex_status status,
                                 const char *result_json,
                                 const codex_error *error);

/**
 * codex_request that also returns CANCELLED as soon as `cancel` (may be NULL) is triggered;
 * the request stays sent (its late answer is dropped).
 */
CODEX_API
codex_status codex_request_cancellable(const codex_client *client,
                                       const char *method,
                                       const char *params_json,
                                       int64_t timeout_ms,
                                       const codex_cancel *cancel,
                                       char **result_json,
                                       codex_error **err);

/**
 * codex_next_notification that also returns CANCELLED as soon as `cancel` (may be NULL) is
 * triggered; no notification is lost.
 */
CODEX_API
codex_status codex_next_notification_cancellable(const codex_client *client,
                                                 int64_t timeout_ms,
                                                 const codex_cancel *cancel,
                                                 codex_event **out,
                                                 codex_error **err);

/**
 * Starts an app-server and completes the initialize handshake. `opts` may be NULL (defaults).
 * Fails with NOT_FOUND (no binary; the message lists what was tried), TRANSPORT (it died; with
 * its stderr tail), TIMEOUT (no answer within the request timeout) or VERSION.
 */
CODEX_API codex_status codex_new(const codex_options *opts, codex_client **out, codex_error **err);

/**
 * Shuts the client down: every blocked call on it returns CLOSED, registered client callbacks
 * are released (no callback of the client starts after this returns), the server's stdin is
 * closed and its process group terminated if it lingers. Child handles (logins, threads,
 * turns) still need their own free; their calls then return CLOSED. NULL is a no-op.
 * Safe to call from inside a callback (it then does not wait for the delivery thread).
 */
CODEX_API void codex_free(codex_client *client);

/**
 * Shuts the client down without freeing it: the same as codex_free (every blocked call returns
 * CLOSED, client callbacks are released, the app-server is stopped) except that the handle stays
 * valid, so threads still inside a call on it can return safely; free it afterwards with
 * codex_free. Idempotent; NULL is a no-op. Turn control afterwards: a blocked run (bounded or
 * not) or wait returns CLOSED at once; a pull hands out the events already received, then
 * CLOSED; interrupt and steer return CLOSED and send nothing; new turns and runs are CLOSED;
 * codex_cancel tokens are the caller's and keep working.
 */
CODEX_API void codex_close(const codex_client *client);

/**
 * The server's user agent from initialize (borrowed).
 */
CODEX_API const char *codex_client_user_agent(const codex_client *client);

/**
 * The server's version, parsed from its user agent, e.g. "0.163.0" (borrowed).
 */
CODEX_API const char *codex_client_server_version(const codex_client *client);

/**
 * The CODEX_HOME the server resolved (borrowed).
 */
CODEX_API const char *codex_client_codex_home(const codex_client *client);

/**
 * The server's platform family, e.g. "unix" (borrowed).
 */
CODEX_API const char *codex_client_platform_family(const codex_client *client);

/**
 * The server's OS, e.g. "linux" (borrowed).
 */
CODEX_API const char *codex_client_platform_os(const codex_client *client);

/**
 * Sends any app-server method and waits up to `timeout_ms` (< 0 = no limit) for its result.
 * `params_json` NULL means `{}`. On OK `*result_json` is the result as JSON (free it with
 * codex_string_free). A JSON-RPC error is RPC (code, message, data in the error); overload
 * (-32001) is retried, then OVERLOADED.
 */
CODEX_API
codex_status codex_request(const codex_client *client,
                           const char *method,
                           const char *params_json,
                           int64_t timeout_ms,
                           char **result_json,
                           codex_error **err);

/**
 * The callback form of codex_request: returns at once; `fn` runs once on the delivery thread
 * with the outcome, then `drop(user_data)`. If the client is freed first, `fn` may not run;
 * `drop` always does.
 */
CODEX_API
codex_status codex_request_async(const codex_client *client,
                                 const char *method,
                                 const char *params_json,
                                 int64_t timeout_ms,
                                 codex_request_fn fn,
                                 void *user_data,
                                 codex_drop_fn drop,
                                 codex_error **err);

/**
 * Delivers notifications that no login or turn claimed (thread/started, account/updated,
 * warnings, ...) to `fn` on the delivery thread, instead of the pull queue. `fn` NULL removes
 * the callback (no call starts after this returns; the old `drop` runs once).
 */
CODEX_API
codex_status codex_set_notification_callback(const codex_client *client,
                                             codex_event_fn fn,
                                             void *user_data,
                                             codex_drop_fn drop,
                                             codex_error **err);

/**
 * Takes the next unclaimed notification, waiting up to `timeout_ms` (< 0 = no limit; TIMEOUT
 * when none came). The queue keeps the newest 1024; older ones are dropped. Free the event with
 * codex_event_free.
 */
CODEX_API
codex_status codex_next_notification(const codex_client *client,
                                     int64_t timeout_ms,
                                     codex_event **out,
                                     codex_error **err);

/**
 * How many unclaimed notifications were dropped because the queue was full.
 */
CODEX_API uint64_t codex_notifications_lagged(const codex_client *client);

/**
 * One page of the ids of the threads loaded in the server's memory (`thread/loaded/list`);
 * each item is a JSON string. `cursor` NULL = the first page, `limit` 0 = default.
 */
CODEX_API
codex_status codex_loaded_threads(const codex_client *client,
                                  const char *cursor,
                                  uint32_t limit,
                                  codex_page **out,
                                  codex_error **err);

/**
 * `model/list`: writes the result JSON (`{"data":[...]}`).
 */
CODEX_API
codex_status codex_models(const codex_client *client,
                          bool include_hidden,
                          char **out_json,
                          codex_error **err);

/* ==============================================================================================
 * Login and account
 *
 * codex_login: a pending interactive login (browser or device code); codex_login_result:
 * how it ended. An API-key login completes at once. Wait (codex_login_wait) or get a
 * callback (codex_login_on_complete). A failed or cancelled login is OK with
 * codex_login_result_success() false.
 * ============================================================================================== */

/**
 * Called once when a login completes: on OK `result` is set (borrowed), else `error`.
 */
typedef void (*codex_login_complete_fn)(void *user_data,
                                        codex_status status,
                                        const codex_login_result *result,
                                        const codex_error *error);

/**
 * codex_login_wait that also returns CANCELLED as soon as `cancel` (may be NULL) is triggered;
 * the login stays pending (codex_login_cancel ends it).
 */
CODEX_API
codex_status codex_login_wait_cancellable(const codex_login *login,
                                          int64_t timeout_ms,
                                          const codex_cancel *cancel,
                                          codex_login_result **out,
                                          codex_error **err);

/**
 * Logs in with an API key; completes at once. The key never appears in logs or errors.
 */
CODEX_API
codex_status codex_login_api_key(const codex_client *client,
                                 const char *api_key,
                                 codex_error **err);

/**
 * Starts a ChatGPT browser login. Show codex_login_auth_url to the user, then wait.
 * Starting another browser login makes the server fail this one.
 */
CODEX_API
codex_status codex_login_chatgpt(const codex_client *client,
                                 codex_login **out,
                                 codex_error **err);

/**
 * Starts a ChatGPT device-code login. Show codex_login_verification_url and
 * codex_login_user_code, then wait.
 */
CODEX_API
codex_status codex_login_chatgpt_device_code(const codex_client *client,
                                             codex_login **out,
                                             codex_error **err);

/**
 * The login id (borrowed).
 */
CODEX_API const char *codex_login_id(const codex_login *login);

/**
 * The URL to open for a browser login, else NULL (borrowed).
 */
CODEX_API const char *codex_login_auth_url(const codex_login *login);

/**
 * The page to visit for a device-code login, else NULL (borrowed).
 */
CODEX_API const char *codex_login_verification_url(const codex_login *login);

/**
 * The code to enter for a device-code login, else NULL (borrowed).
 */
CODEX_API const char *codex_login_user_code(const codex_login *login);

/**
 * Waits up to `timeout_ms` (< 0 = no limit) for the login to complete. TIMEOUT leaves it
 * pending. A failed or cancelled login is OK with success == false. CLOSED if the client was
 * freed, TRANSPORT if the server died.
 */
CODEX_API
codex_status codex_login_wait(const codex_login *login,
                              int64_t timeout_ms,
                              codex_login_result **out,
                              codex_error **err);

/**
 * Calls `fn` once, on the delivery thread, when the login completes (at once, there, if it
 * already has); then `drop(user_data)`. After codex_login_free returns, `fn` never starts.
 */
CODEX_API
codex_status codex_login_on_complete(const codex_login *login,
                                     codex_login_complete_fn fn,
                                     void *user_data,
                                     codex_drop_fn drop,
                                     codex_error **err);

/**
 * Cancels the login; the handle then completes with success == false. Cancelling twice, or
 * after completion, is OK.
 */
CODEX_API codex_status codex_login_cancel(const codex_login *login, codex_error **err);

/**
 * Frees the handle (the login itself goes on unless cancelled). NULL is a no-op.
 */
CODEX_API void codex_login_free(codex_login *login);

/**
 * Whether the login succeeded.
 */
CODEX_API bool codex_login_result_success(const codex_login_result *result);

/**
 * The server's error message for a failed login, else NULL (borrowed).
 */
CODEX_API const char *codex_login_result_error(const codex_login_result *result);

/**
 * The id of the login this result belongs to (borrowed).
 */
CODEX_API const char *codex_login_result_login_id(const codex_login_result *result);

/**
 * Frees a login result. NULL is a no-op.
 */
CODEX_API void codex_login_result_free(codex_login_result *result);

/**
 * `account/read`: writes the account JSON (`{"account":...,"requiresOpenaiAuth":...}`).
 */
CODEX_API
codex_status codex_account(const codex_client *client,
                           bool refresh_token,
                           char **account_json,
                           codex_error **err);

/**
 * Logs out (succeeds when nobody is logged in too).
 */
CODEX_API codex_status codex_logout(const codex_client *client, codex_error **err);

/* ==============================================================================================
 * Params builders
 *
 * codex_params: typed builders for the JSON params of thread start/resume/fork, turn start
 * and thread list. Each setter names its field with a codex_param_t, so a key cannot be
 * misspelled; a field of another kind, a wrong value type or an enumerated value the schema
 * does not list is INVALID_ARGUMENT. Pass codex_params_json(p) as the params argument;
 * codex_params_set_raw is the escape hatch for fields newer than the library.
 * ============================================================================================== */

/**
 * A new, empty builder for `kind` (a codex_params_kind_t: CODEX_PARAMS_THREAD for
 * codex_thread_start/_resume/_fork, CODEX_PARAMS_TURN for the turn functions,
 * CODEX_PARAMS_THREAD_LIST for codex_thread_list). NULL for an unknown kind.
 */
CODEX_API codex_params *codex_params_new(uint32_t kind);

/**
 * Frees a builder. NULL is a no-op.
 */
CODEX_API void codex_params_free(codex_params *params);

/**
 * Sets a string field (`param`: a codex_param_t whose comment says "string"). INVALID_ARGUMENT
 * for a field of another kind or type, an empty value, or a value an enumerated field does not
 * list (send those with codex_params_set_raw).
 */
CODEX_API
codex_status codex_params_set_string(codex_params *params,
                                     uint32_t param,
                                     const char *value,
                                     codex_error **err);

/**
 * Sets an integer field (CODEX_PARAM_LIMIT, at least 1).
 */
CODEX_API
codex_status codex_params_set_int(codex_params *params,
                                  uint32_t param,
                                  int64_t value,
                                  codex_error **err);

/**
 * Sets a bool field (CODEX_PARAM_EPHEMERAL, CODEX_PARAM_ARCHIVED).
 */
CODEX_API
codex_status codex_params_set_bool(codex_params *params,
                                   uint32_t param,
                                   bool value,
                                   codex_error **err);

/**
 * Sets a JSON-valued field (CODEX_PARAM_CONFIG, CODEX_PARAM_OUTPUT_SCHEMA,
 * CODEX_PARAM_COLLABORATION_MODE): `json` is the value as JSON text (config and
 * collaborationMode must be objects).
 */
CODEX_API
codex_status codex_params_set_json(codex_params *params,
                                   uint32_t param,
                                   const char *json,
                                   codex_error **err);

/**
 * The escape hatch, for fields newer than this library: sets `key` (the camelCase wire name,
 * unchecked) to `json` (a JSON value, checked to be JSON). Replaces a typed field of that name.
 */
CODEX_API
codex_status codex_params_set_raw(codex_params *params,
                                  const char *key,
                                  const char *json,
                                  codex_error **err);

/**
 * Removes a typed field set before (no-op when it is not set).
 */
CODEX_API codex_status codex_params_unset(codex_params *params, uint32_t param, codex_error **err);

/**
 * The params as JSON object text (`{}` when nothing is set), for the `params_json` /
 * `turn_params_json` arguments. Borrowed: valid until the next change to the builder or its
 * free. NULL for a NULL builder (which those arguments read as "no params").
 */
CODEX_API const char *codex_params_json(const codex_params *params);

/* ==============================================================================================
 * Account limits and usage
 *
 * codex_rate_limits and codex_account_usage: the account's rate-limit windows and its
 * token usage. Both need a ChatGPT login (with an API key the server answers -32600).
 * ============================================================================================== */

/**
 * Reads the account's rate limits (`account/rateLimits/read`). Needs a ChatGPT login: with an
 * API key or none it is RPC (-32600 "chatgpt authentication required to read rate limits").
 */
CODEX_API
codex_status codex_account_rate_limits(const codex_client *client,
                                       codex_rate_limits **out,
                                       codex_error **err);

/**
 * One figure (`field`: a codex_rate_limit_field_t) of the rate limits: used percent, window
 * length in minutes, or reset time (Unix seconds) of the primary or secondary window; -1 when
 * the server did not send it or for an unknown `field`.
 */
CODEX_API int64_t codex_rate_limits_get(const codex_rate_limits *limits, uint32_t field);

/**
 * The account's plan ("plus", "pro", ...), or NULL (borrowed).
 */
CODEX_API const char *codex_rate_limits_plan_type(const codex_rate_limits *limits);

/**
 * The whole answer as JSON (borrowed): per-limit buckets, credits, reset credits.
 */
CODEX_API const char *codex_rate_limits_json(const codex_rate_limits *limits);

/**
 * Frees rate limits. NULL is a no-op.
 */
CODEX_API void codex_rate_limits_free(codex_rate_limits *limits);

/**
 * Reads the account's token usage (`account/usage/read`); with `thread_id` (may be NULL) the
 * JSON also estimates that thread's usage when the backend can. Needs a ChatGPT login: with an
 * API key or none it is RPC (-32600 "chatgpt authentication required to read token usage").
 */
CODEX_API
codex_status codex_account_usage_read(const codex_client *client,
                                      const char *thread_id,
                                      codex_account_usage **out,
                                      codex_error **err);

/**
 * One account-wide figure (`field`: a codex_usage_field_t), or -1 when the backend did not
 * send it or for an unknown `field`.
 */
CODEX_API int64_t codex_account_usage_get(const codex_account_usage *usage, uint32_t field);

/**
 * How many daily buckets the usage has (0 when the backend sent none).
 */
CODEX_API size_t codex_account_usage_day_count(const codex_account_usage *usage);

/**
 * Day `index`'s date ("YYYY-MM-DD"), or NULL past the end (borrowed).
 */
CODEX_API const char *codex_account_usage_day_date(const codex_account_usage *usage, size_t index);

/**
 * Day `index`'s tokens, or -1 past the end.
 */
CODEX_API int64_t codex_account_usage_day_tokens(const codex_account_usage *usage, size_t index);

/**
 * The whole answer as JSON (borrowed).
 */
CODEX_API const char *codex_account_usage_json(const codex_account_usage *usage);

/**
 * Frees account usage. NULL is a no-op.
 */
CODEX_API void codex_account_usage_free(codex_account_usage *usage);

/* ==============================================================================================
 * Goals
 *
 * codex_goal: a thread's goal as the server reported it (codex_thread_goal_set / _get).
 * An active goal makes the server run turns on the thread by itself until it is complete,
 * paused or out of its token budget.
 * ============================================================================================== */

/**
 * The goal's objective (borrowed).
 */
CODEX_API const char *codex_goal_objective(const codex_goal *goal);

/**
 * The id of the goal's thread (borrowed).
 */
CODEX_API const char *codex_goal_thread_id(const codex_goal *goal);

/**
 * Where the goal stands (CODEX_GOAL_STATUS_OTHER for a status this library does not know).
 */
CODEX_API codex_goal_status_t codex_goal_status(const codex_goal *goal);

/**
 * The goal's token budget, or -1 without one.
 */
CODEX_API int64_t codex_goal_token_budget(const codex_goal *goal);

/**
 * Tokens the goal's turns used so far.
 */
CODEX_API int64_t codex_goal_tokens_used(const codex_goal *goal);

/**
 * Seconds the goal's turns ran so far.
 */
CODEX_API int64_t codex_goal_time_used_seconds(const codex_goal *goal);

/**
 * The server's answer as JSON (borrowed).
 */
CODEX_API const char *codex_goal_json(const codex_goal *goal);

/**
 * Frees a goal. NULL is a no-op.
 */
CODEX_API void codex_goal_free(codex_goal *goal);

/* ==============================================================================================
 * Configuration
 *
 * The app-server's config (config.toml and its layers): read the effective values, write
 * one or a batch, read what an administrator requires.
 * ============================================================================================== */

/**
 * `config/read`: writes the effective config as JSON (`{"config":...,"origins":...}`, and
 * `layers` when `include_layers`), for `cwd`'s project if `cwd` is not NULL. Free it with
 * codex_string_free.
 */
CODEX_API
codex_status codex_config_read(const codex_client *client,
                               const char *cwd,
                               bool include_layers,
                               char **out_json,
                               codex_error **err);

/**
 * `config/value/write`: sets `key_path` (dotted, e.g. "model") to `value_json` in the user's
 * config.toml. `merge` is a codex_merge_strategy (REPLACE or UPSERT; another value is
 * INVALID_ARGUMENT).
 */
CODEX_API
codex_status codex_config_write(const codex_client *client,
                                const char *key_path,
                                const char *value_json,
                                uint32_t merge,
                                codex_error **err);

/**
 * `config/batchWrite`: `edits_json` is a JSON array of
 * `{"keyPath":...,"value":...,"mergeStrategy":"upsert"|"replace"}`.
 */
CODEX_API
codex_status codex_config_batch_write(const codex_client *client,
                                      const char *edits_json,
                                      codex_error **err);

/**
 * `configRequirements/read`: writes what an administrator requires, as JSON. Free it with
 * codex_string_free.
 */
CODEX_API
codex_status codex_config_requirements(const codex_client *client,
                                       char **out_json,
                                       codex_error **err);

/* ==============================================================================================
 * Pages
 *
 * codex_page: one page of a paged list (threads, loaded threads, a thread's turns or
 * items): its items as JSON and the cursor of the next page (NULL on the last).
 * ============================================================================================== */

/**
 * How many items the page holds.
 */
CODEX_API size_t codex_page_count(const codex_page *page);

/**
 * Item `index` of the page as JSON (borrowed), or NULL past the end.
 */
CODEX_API const char *codex_page_item_json(const codex_page *page, size_t index);

/**
 * The cursor of the next page (pass it to the same call), or NULL on the last page
 * (borrowed).
 */
CODEX_API const char *codex_page_next_cursor(const codex_page *page);

/**
 * The whole response as JSON (borrowed).
 */
CODEX_API const char *codex_page_json(const codex_page *page);

/**
 * Frees a page. NULL is a no-op.
 */
CODEX_API void codex_page_free(codex_page *page);

/* ==============================================================================================
 * Threads
 *
 * codex_thread: a conversation on the server. Freeing the handle leaves the thread on the
 * server (resume it by id). codex_thread_run runs one turn to its end; codex_thread_turn
 * starts one and returns its codex_turn.
 * ============================================================================================== */

/**
 * codex_thread_run with a deadline and a cancel token. `deadline_ms` (< 0 = none) counts from
 * the call: when it passes the library interrupts the turn and the call returns OK with the
 * result (normally INTERRUPTED) and codex_turn_result_deadline_reached true; if the server has
 * not ended the turn 5 s after that interrupt, it is ended here as FAILED. `cancel` (may be
 * NULL) works as in codex_thread_run_cancellable. Retries of an unreachable provider do not
 * extend the deadline (they reach `on_event` as CODEX_EVENT_RETRY).
 */
CODEX_API
codex_status codex_thread_run_bounded(const codex_thread *thread,
                                      const char *text,
                                      const char *turn_params_json,
                                      int64_t deadline_ms,
                                      const codex_cancel *cancel,
                                      codex_event_fn on_event,
                                      void *user_data,
                                      codex_turn_result **out,
                                      codex_error **err);

/**
 * codex_thread_run that returns CANCELLED as soon as `cancel` (may be NULL) is triggered
 * (at once, starting no turn, if it already is). The run's turn has no other handle, so a
 * cancel also interrupts it (in the background; the thread's next turn runs normally).
 */
CODEX_API
codex_status codex_thread_run_cancellable(const codex_thread *thread,
                                          const char *text,
                                          const char *turn_params_json,
                                          const codex_cancel *cancel,
                                          codex_event_fn on_event,
                                          void *user_data,
                                          codex_turn_result **out,
                                          codex_error **err);

/**
 * codex_thread_stream_next_event that also returns CANCELLED as soon as `cancel` (may be NULL)
 * is triggered; no event is lost.
 */
CODEX_API
codex_status codex_thread_stream_next_event_cancellable(const codex_thread_stream *stream,
                                                        int64_t timeout_ms,
                                                        const codex_cancel *cancel,
                                                        codex_event **out,
                                                        codex_error **err);

/**
 * Sets the thread's goal, or updates it (`thread/goal/set`); writes the goal as it now is.
 * `objective` NULL keeps the current one (a new goal needs one). `token_budget` < 0 sends
 * none; otherwise the goal stops with CODEX_GOAL_STATUS_BUDGET_LIMITED once its turns used
 * that many tokens. `status` is a codex_goal_status_t (CODEX_GOAL_STATUS_OTHER = leave it as it
 * is; PAUSED pauses, ACTIVE resumes). An active goal makes the server start turns on the
 * thread by itself, until the goal is complete, paused, or out of budget; with a model that
 * never completes it, set a budget.
 */
CODEX_API
codex_status codex_thread_goal_set(const codex_thread *thread,
                                   const char *objective,
                                   int64_t token_budget,
                                   uint32_t status,
                                   codex_goal **out,
                                   codex_error **err);

/**
 * The thread's goal (`thread/goal/get`): OK with `*out` set to NULL when it has none.
 */
CODEX_API
codex_status codex_thread_goal_get(const codex_thread *thread,
                                   codex_goal **out,
                                   codex_error **err);

/**
 * Removes the thread's goal (`thread/goal/clear`); `*out_cleared` (may be NULL) says whether
 * there was one.
 */
CODEX_API
codex_status codex_thread_goal_clear(const codex_thread *thread,
                                     bool *out_cleared,
                                     codex_error **err);

/**
 * One page of `thread/list`: `params_json` (ThreadListParams filters, NULL = all), `cursor`
 * (NULL = the first page), `limit` (0 = the server's default). Note: the server's cursor is a
 * timestamp of whole seconds; threads updated in the same second as a page's last thread may
 * not appear on the next page.
 */
CODEX_API
codex_status codex_thread_list_page(const codex_client *client,
                                    const char *params_json,
                                    const char *cursor,
                                    uint32_t limit,
                                    codex_page **out,
                                    codex_error **err);

/**
 * One page of the thread's turns (`thread/turns/list`; each item a Turn as JSON).
 */
CODEX_API
codex_status codex_thread_turns(const codex_thread *thread,
                                const char *cursor,
                                uint32_t limit,
                                codex_page **out,
                                codex_error **err);

/**
 * One page of the thread's items (`thread/items/list`; each a ThreadItem as JSON), of the
 * turn `turn_id` or (NULL) of every turn.
 */
CODEX_API
codex_status codex_thread_items(const codex_thread *thread,
                                const char *turn_id,
                                const char *cursor,
                                uint32_t limit,
                                codex_page **out,
                                codex_error **err);

/**
 * Deletes a stored thread by id (`thread/delete`).
 */
CODEX_API
codex_status codex_thread_delete(const codex_client *client,
                                 const char *thread_id,
                                 codex_error **err);

/**
 * Stops this connection receiving the thread's events (`thread/unsubscribe`). OK also when
 * the thread was not loaded or not subscribed.
 */
CODEX_API codex_status codex_thread_unsubscribe(const codex_thread *thread, codex_error **err);

/**
 * Drops the turn `before_turn_id` and every later turn from the thread (`thread/revert`).
 */
CODEX_API
codex_status codex_thread_revert(const codex_thread *thread,
                                 const char *before_turn_id,
                                 codex_error **err);

/**
 * Updates the thread's metadata: `metadata_json` is ThreadMetadataUpdateParams without
 * `threadId`, e.g. `{"gitInfo":{"branch":"main"}}`.
 */
CODEX_API
codex_status codex_thread_update_metadata(const codex_thread *thread,
                                          const char *metadata_json,
                                          codex_error **err);

/**
 * Adds items to the thread's history without running a turn (`thread/inject_items`):
 * `items_json` is a JSON array of response items.
 */
CODEX_API
codex_status codex_thread_inject_items(const codex_thread *thread,
                                       const char *items_json,
                                       codex_error **err);

/**
 * Starts a review on the thread (`review/start`); its turn is written to `*out` like
 * codex_thread_turn's (events, wait, interrupt). `target` is a codex_review_target:
 * UNCOMMITTED_CHANGES (`value` NULL), BASE_BRANCH (`value` = the branch), COMMIT (`value` =
 * the sha) or CUSTOM (`value` = the review instructions); a target that needs a value and
 * gets NULL or blanks is INVALID_ARGUMENT. The review's text is the `exitedReviewMode` item's
 * and the turn result's final response.
 *
 * `delivery` is a codex_review_delivery: INLINE (0) runs the review as the thread's next turn.
 * DETACHED is deprecated and documented only: app-server 0.163 refuses it on the threads it
 * makes (RPC, -32600 "paginated threads do not support detached review") and 0.171 removes
 * it; for a separate review thread, start a thread and review inline on it.
 */
CODEX_API
codex_status codex_thread_review(const codex_thread *thread,
                                 uint32_t target,
                                 const char *value,
                                 uint32_t delivery,
                                 codex_turn **out,
                                 codex_error **err);

/**
 * Starts a thread. `params_json`: ThreadStartParams (camelCase), NULL = `{}` (server defaults),
 * e.g. `{"model":"gpt-5.4","sandbox":"read-only","approvalPolicy":"on-request","cwd":"/tmp/x"}`.
 */
CODEX_API
codex_status codex_thread_start(const codex_client *client,
                                const char *params_json,
                                codex_thread **out,
                                codex_error **err);

/**
 * Resumes a stored thread by id (ThreadResumeParams overrides in `params_json`, NULL = none).
 * A thread another client (another app-server on the same CODEX_HOME) has loaded is RPC
 * "thread <id> already has an active writer" until that client is closed.
 */
CODEX_API
codex_status codex_thread_resume(const codex_client *client,
                                 const char *thread_id,
                                 const char *params_json,
                                 codex_thread **out,
                                 codex_error **err);

/**
 * Forks a thread by id into a new thread (ThreadForkParams in `params_json`, NULL = none).
 */
CODEX_API
codex_status codex_thread_fork(const codex_client *client,
                               const char *thread_id,
                               const char *params_json,
                               codex_thread **out,
                               codex_error **err);

/**
 * The thread id (borrowed).
 */
CODEX_API const char *codex_thread_id(const codex_thread *thread);

/**
 * `thread/read`: writes `{"thread":...}` JSON; `include_turns` fills `thread.turns`.
 */
CODEX_API
codex_status codex_thread_read(const codex_thread *thread,
                               bool include_turns,
                               char **out_json,
                               codex_error **err);

/**
 * Names the thread.
 */
CODEX_API
codex_status codex_thread_set_name(const codex_thread *thread,
                                   const char *name,
                                   codex_error **err);

/**
 * Starts compaction of the thread's context (progress arrives as turn events).
 */
CODEX_API codex_status codex_thread_compact(const codex_thread *thread, codex_error **err);

/**
 * Frees a thread handle (the thread itself stays on the server). NULL is a no-op.
 */
CODEX_API void codex_thread_free(codex_thread *thread);

/**
 * `thread/list` (ThreadListParams in `params_json`, NULL = `{}`): writes the result JSON.
 */
CODEX_API
codex_status codex_thread_list(const codex_client *client,
                               const char *params_json,
                               char **out_json,
                               codex_error **err);

/**
 * Archives a thread (the server unloads it).
 */
CODEX_API
codex_status codex_thread_archive(const codex_client *client,
                                  const char *thread_id,
                                  codex_error **err);

/**
 * Unarchives a thread and returns a handle to it (resume it before running turns).
 */
CODEX_API
codex_status codex_thread_unarchive(const codex_client *client,
                                    const char *thread_id,
                                    codex_thread **out,
                                    codex_error **err);

/**
 * Starts a turn with one plain-text input (`text` is never parsed as JSON) and returns its
 * handle. `turn_params_json`: TurnStartParams overrides (camelCase, e.g. `{"effort":"high",
 * "outputSchema":{...}}`), NULL = none. On a busy thread the server joins the active turn: the
 * handle then has that turn's id and sees its events from this call on.
 */
CODEX_API
codex_status codex_thread_turn(const codex_thread *thread,
                               const char *text,
                               const char *turn_params_json,
                               codex_turn **out,
                               codex_error **err);

/**
 * codex_thread_turn with structured input: `input_json` is a JSON array of UserInput
 * (`{"type":"text","text":...}`, `{"type":"image","url":"data:..."}`,
 * `{"type":"localImage","path":...}`, `{"type":"skill","name":...,"path":...}`,
 * `{"type":"mention","name":...,"path":...}`).
 */
CODEX_API
codex_status codex_thread_turn_input(const codex_thread *thread,
                                     const char *input_json,
                                     const char *turn_params_json,
                                     codex_turn **out,
                                     codex_error **err);

/**
 * Runs a turn with one plain-text input to completion: blocks until that turn's
 * `turn/completed` (bounded by the idle watchdog). `on_event` (may be NULL) sees every event
 * of the turn, in order, on this thread, before the call returns. A failed turn is OK with
 * result status FAILED. Free the result with codex_turn_result_free.
 */
CODEX_API
codex_status codex_thread_run(const codex_thread *thread,
                              const char *text,
                              const char *turn_params_json,
                              codex_event_fn on_event,
                              void *user_data,
                              codex_turn_result **out,
                              codex_error **err);

/**
 * codex_thread_run with structured input (a JSON array of UserInput; see
 * codex_thread_turn_input).
 */
CODEX_API
codex_status codex_thread_run_input(const codex_thread *thread,
                                    const char *input_json,
                                    const char *turn_params_json,
                                    codex_event_fn on_event,
                                    void *user_data,
                                    codex_turn_result **out,
                                    codex_error **err);

/**
 * Opens a stream of everything scoped to `thread_id` from now on: the events of every turn
 * on it (also turns the library did not start: their turn/started announces them, to
 * codex_turn_attach) and the thread's own notifications (thread/status/changed,
 * thread/name/updated, ...), in server order. Those still reach turn handles and the
 * notification queue as well. Pull with codex_thread_stream_next_event or set a callback.
 */
CODEX_API
codex_status codex_thread_stream_open(const codex_client *client,
                                      const char *thread_id,
                                      codex_thread_stream **out,
                                      codex_error **err);

/**
 * The stream's thread id (borrowed).
 */
CODEX_API const char *codex_thread_stream_thread_id(const codex_thread_stream *stream);

/**
 * Takes the stream's next event, waiting up to `timeout_ms` (< 0 = no limit). OK with `*out`
 * (free it with codex_event_free); a CODEX_EVENT_GAP event if the stream lagged past its cap
 * (docs/abi.md); TIMEOUT if none came; TRANSPORT / CLOSED once the client is gone and nothing
 * is queued. INVALID_ARGUMENT once an event callback is set.
 */
CODEX_API
codex_status codex_thread_stream_next_event(const codex_thread_stream *stream,
                                            int64_t timeout_ms,
                                            codex_event **out,
                                            codex_error **err);

/**
 * Delivers the stream's events (what is queued, then each new one) to `fn` on the client's
 * delivery thread, in order. Pulling is then no longer possible. After
 * codex_thread_stream_free returns `fn` never starts; `drop(user_data)` runs once after its
 * last call.
 */
CODEX_API
codex_status codex_thread_stream_set_event_callback(const codex_thread_stream *stream,
                                                    codex_event_fn fn,
                                                    void *user_data,
                                                    codex_drop_fn drop,
                                                    codex_error **err);

/**
 * Closes the stream: no event reaches it, and its callback never starts, after this returns
 * (from inside its own callback: when the callback returns). NULL is a no-op.
 */
CODEX_API void codex_thread_stream_free(codex_thread_stream *stream);

/**
 * codex_thread_start with `count` dynamic tools declared on the thread (`dynamicTools`, an
 * experimental field: needs the experimental API, on by default). When the model calls one,
 * the client's server-request handler receives a CODEX_REQUEST_DYNAMIC_TOOL_CALL request; with
 * no handler, or none answering in time, the call fails (`success: false`) and the turn goes
 * on. `params_json` as for codex_thread_start (NULL = `{}`).
 */
CODEX_API
codex_status codex_thread_start_with_tools(const codex_client *client,
                                           const char *params_json,
                                           const codex_dynamic_tool *tools,
                                           size_t count,
                                           codex_thread **out,
                                           codex_error **err);

/* ==============================================================================================
 * Turns
 *
 * codex_turn: a running turn. Its events are either pulled (codex_turn_next_event) or
 * pushed (codex_turn_set_event_callback), not both. Steer and interrupt it while it runs;
 * codex_turn_wait or codex_turn_on_complete gives its result. A turn the server abandons
 * is ended by the idle watchdog.
 * ============================================================================================== */

/**
 * Called once when a turn ends: on OK `result` is set (borrowed: valid during the call), else
 * `error` (TRANSPORT, CLOSED, ...). Runs on the delivery thread after the turn's last event
 * callback.
 */
typedef void (*codex_turn_complete_fn)(void *user_data,
                                       codex_status status,
                                       const codex_turn_result *result,
                                       const codex_error *error);

/**
 * codex_turn_wait that also returns CANCELLED as soon as `cancel` (may be NULL: no token) is
 * triggered, at once if it already is; the turn goes on (interrupt it to stop it).
 */
CODEX_API
codex_status codex_turn_wait_cancellable(const codex_turn *turn,
                                         int64_t timeout_ms,
                                         const codex_cancel *cancel,
                                         codex_turn_result **out,
                                         codex_error **err);

/**
 * codex_turn_next_event that also returns CANCELLED as soon as `cancel` (may be NULL) is
 * triggered; no event is lost (the next call takes it).
 */
CODEX_API
codex_status codex_turn_next_event_cancellable(const codex_turn *turn,
                                               int64_t timeout_ms,
                                               const codex_cancel *cancel,
                                               codex_event **out,
                                               codex_error **err);

/**
 * A handle on an existing turn of a thread, by ids: a turn the library did not start
 * (`review/start` through codex_request, whose response has `turn.id`; the compaction turn
 * after codex_thread_compact, announced by its turn/started on a thread stream; a goal
 * continuation) or one another handle has. It has the same pull, callback, wait and interrupt
 * as a started turn and replays the turn from its first event, within the retention caps
 * (docs/abi.md): what they dropped arrives first as one CODEX_EVENT_GAP event; the result is
 * exact either way. A turn none of whose events has arrived yet is waited for. NOT_FOUND if
 * the turn is no longer kept (ended with its handles freed, or past the caps);
 * INVALID_ARGUMENT if it belongs to another thread. Free with codex_turn_free.
 */
CODEX_API
codex_status codex_turn_attach(const codex_client *client,
                               const char *thread_id,
                               const char *turn_id,
                               codex_turn **out,
                               codex_error **err);

/**
 * The turn id (borrowed).
 */
CODEX_API const char *codex_turn_id(const codex_turn *turn);

/**
 * The id of the turn's thread (borrowed).
 */
CODEX_API const char *codex_turn_thread_id(const codex_turn *turn);

/**
 * Takes the turn's next event, waiting up to `timeout_ms` (< 0 = no limit). OK with `*out`
 * (free it with codex_event_free); END after turn/completed was taken; TIMEOUT if none came;
 * TRANSPORT / CLOSED if the turn ended without completing. INVALID_ARGUMENT once an event
 * callback is set (events then go there).
 */
CODEX_API
codex_status codex_turn_next_event(const codex_turn *turn,
                                   int64_t timeout_ms,
                                   codex_event **out,
                                   codex_error **err);

/**
 * Delivers the turn's events (from the first one not yet pulled) to `fn` on the client's
 * delivery thread, in order. Pulling is then no longer possible. After codex_turn_free returns
 * `fn` never starts; `drop(user_data)` runs once after its last call.
 */
CODEX_API
codex_status codex_turn_set_event_callback(const codex_turn *turn,
                                           codex_event_fn fn,
                                           void *user_data,
                                           codex_drop_fn drop,
                                           codex_error **err);

/**
 * Calls `fn` once when the turn ends (at once, on the delivery thread, if it already has);
 * then `drop(user_data)`.
 */
CODEX_API
codex_status codex_turn_on_complete(const codex_turn *turn,
                                    codex_turn_complete_fn fn,
                                    void *user_data,
                                    codex_drop_fn drop,
                                    codex_error **err);

/**
 * Adds plain-text input to the running turn (`turn/steer`). RPC if the turn is no longer
 * active.
 */
CODEX_API
codex_status codex_turn_steer(const codex_turn *turn,
                              const char *text,
                              codex_error **err);

/**
 * codex_turn_steer with structured input (a JSON array of UserInput).
 */
CODEX_API
codex_status codex_turn_steer_input(const codex_turn *turn,
                                    const char *input_json,
                                    codex_error **err);

/**
 * Interrupts the turn; it then ends with status INTERRUPTED (or COMPLETED if it finished
 * first). Works from the moment the turn-starting call returned: before the server has
 * activated the turn (its turn/started), the library holds the interrupt and sends it then.
 * On a turn that has already ended, or was already interrupted, this is OK and sends nothing.
 */
CODEX_API codex_status codex_turn_interrupt(const codex_turn *turn, codex_error **err);

/**
 * Overrides the idle watchdog for this turn: `timeout_ms` > 0 sets it, 0 turns it off.
 */
CODEX_API
codex_status codex_turn_set_idle_timeout_ms(const codex_turn *turn,
                                            int64_t timeout_ms,
                                            codex_error **err);

/**
 * Waits up to `timeout_ms` (< 0 = no limit) for the turn to end. TIMEOUT leaves it running.
 * A failed turn is OK with status FAILED. Free the result with codex_turn_result_free.
 */
CODEX_API
codex_status codex_turn_wait(const codex_turn *turn,
                             int64_t timeout_ms,
                             codex_turn_result **out,
                             codex_error **err);

/**
 * Frees the turn handle: its callbacks stop (none starts after this returns; from inside its own
 * callback the free takes effect when the callback returns). The turn itself goes on unless
 * interrupted. NULL is a no-op.
 */
CODEX_API void codex_turn_free(codex_turn *turn);

/* ==============================================================================================
 * Turn results
 *
 * codex_turn_result: what a finished turn produced. A failed turn is a result (status
 * CODEX_TURN_FAILED with its error; the final response may then be NULL), not an error.
 * ============================================================================================== */

/**
 * Whether the run's deadline passed and the library interrupted the turn
 * (codex_thread_run_bounded).
 */
CODEX_API bool codex_turn_result_deadline_reached(const codex_turn_result *result);

/**
 * How many items the turn completed (codex_turn_result_items_json's array length).
 */
CODEX_API size_t codex_turn_result_item_count(const codex_turn_result *result);

/**
 * The turn's item number `index` (0-based, in completion order, the user message included) as
 * an owned `*out` (free it with codex_item_free). INVALID_ARGUMENT if `index` is out of range.
 */
CODEX_API
codex_status codex_turn_result_item(const codex_turn_result *result,
                                    size_t index,
                                    codex_item **out,
                                    codex_error **err);

/**
 * One token count (`field`: a codex_token_field_t) of the turn's last usage; -1 if the turn
 * reported none or `field` is unknown. Same figures as codex_turn_result_usage_json, no JSON.
 */
CODEX_API int64_t codex_turn_result_token_usage(const codex_turn_result *result, uint32_t field);

/**
 * The turn id (borrowed).
 */
CODEX_API const char *codex_turn_result_id(const codex_turn_result *result);

/**
 * The thread id (borrowed).
 */
CODEX_API const char *codex_turn_result_thread_id(const codex_turn_result *result);

/**
 * How the turn ended.
 */
CODEX_API codex_turn_status codex_turn_result_status(const codex_turn_result *result);

/**
 * The error message of a failed turn, else NULL (borrowed).
 */
CODEX_API const char *codex_turn_result_error(const codex_turn_result *result);

/**
 * The server's TurnError object as JSON, else NULL (borrowed).
 */
CODEX_API const char *codex_turn_result_error_json(const codex_turn_result *result);

/**
 * The final response: the last final_answer-phase agent message, else the last phase-less one,
 * else NULL (borrowed).
 */
CODEX_API const char *codex_turn_result_final_response(const codex_turn_result *result);

/**
 * Every item/completed item of the turn, in order (user message included), as a JSON array
 * (borrowed).
 */
CODEX_API const char *codex_turn_result_items_json(const codex_turn_result *result);

/**
 * The turn's last token usage (ThreadTokenUsage JSON: total, last, modelContextWindow), else
 * NULL (borrowed).
 */
CODEX_API const char *codex_turn_result_usage_json(const codex_turn_result *result);

/**
 * Server timestamps (Unix seconds) and duration (ms); -1 where the server sent none.
 */
CODEX_API int64_t codex_turn_result_started_at(const codex_turn_result *result);

/**
 * See codex_turn_result_started_at.
 */
CODEX_API int64_t codex_turn_result_completed_at(const codex_turn_result *result);

/**
 * See codex_turn_result_started_at.
 */
CODEX_API int64_t codex_turn_result_duration_ms(const codex_turn_result *result);

/**
 * Milliseconds the library saw between the turn's first tracking and its end.
 */
CODEX_API int64_t codex_turn_result_elapsed_ms(const codex_turn_result *result);

/**
 * Whether the idle watchdog ended the turn.
 */
CODEX_API bool codex_turn_result_watchdog_fired(const codex_turn_result *result);

/**
 * Frees a turn result. NULL is a no-op.
 */
CODEX_API void codex_turn_result_free(codex_turn_result *result);

/* ==============================================================================================
 * Commands and file search
 *
 * Standalone commands in the server's sandbox, outside any thread (`command/exec`):
 * codex_command_exec runs one to its end (codex_exec_result: exit code, stdout, stderr);
 * codex_process_spawn starts one as a codex_process, with a caller-chosen process id,
 * whose output streams (pulled with codex_process_next_output as codex_process_output
 * chunks, or pushed to codex_process_set_output_callback), with stdin write/close,
 * terminate, resize (tty) and a wait for its exit. codex_fuzzy_file_search finds files
 * (codex_file_matches).
 * ============================================================================================== */

/**
 * Receives a process's output on the client's delivery thread: each chunk (`data[0..len]`,
 * borrowed for the call), then once `CODEX_OUTPUT_END` with no data when the process has
 * exited (codex_process_wait then returns at once).
 */
typedef void (*codex_output_fn)(void *user_data,
                                codex_output_stream_t stream,
                                const uint8_t *data,
                                size_t len);

/**
 * Runs a command to its end in the server's sandbox, outside any thread (`command/exec`):
 * `argv[0..argc]` is the command, `params_json` (may be NULL) CommandExecParams without
 * `command`, e.g. `{"cwd":"/w","timeoutMs":5000,"env":{"K":"v"}}`. A command that runs and
 * fails is OK with its exit code (124 when its timeoutMs ran out); one that cannot start is
 * RPC. Bounded by the client's request timeout: stream longer commands with
 * codex_process_spawn.
 */
CODEX_API
codex_status codex_command_exec(const codex_client *client,
                                const char *const *argv,
                                size_t argc,
                                const char *params_json,
                                codex_exec_result **out,
                                codex_error **err);

/**
 * The command's exit code (137 when terminated by SIGKILL). NULL: -1.
 */
CODEX_API int32_t codex_exec_result_exit_code(const codex_exec_result *r);

/**
 * The buffered stdout (borrowed; empty for a process handle, whose output streamed).
 */
CODEX_API const char *codex_exec_result_stdout(const codex_exec_result *r);

/**
 * The buffered stderr (borrowed; empty for a process handle).
 */
CODEX_API const char *codex_exec_result_stderr(const codex_exec_result *r);

/**
 * Frees a result. NULL is a no-op.
 */
CODEX_API void codex_exec_result_free(codex_exec_result *r);

/**
 * Starts a command whose output streams to the returned handle (`command/exec` with the
 * caller's `process_id`, unique among this client's running processes). Its stdin stays open
 * until codex_process_close_stdin. `params_json` as for codex_command_exec; with
 * `{"tty":true,"size":{"rows":24,"cols":80}}` it runs in a terminal (codex_process_resize).
 * Returns once the request is sent: a command that cannot start fails its wait with RPC.
 */
CODEX_API
codex_status codex_process_spawn(const codex_client *client,
                                 const char *process_id,
                                 const char *const *argv,
                                 size_t argc,
                                 const char *params_json,
                                 codex_process **out,
                                 codex_error **err);

/**
 * The process id given to codex_process_spawn (borrowed).
 */
CODEX_API const char *codex_process_id(const codex_process *p);

/**
 * Writes `data[0..len]` to the process's stdin.
 */
CODEX_API
codex_status codex_process_write(const codex_process *p,
                                 const uint8_t *data,
                                 size_t len,
                                 codex_error **err);

/**
 * Closes the process's stdin: it reads end of file.
 */
CODEX_API codex_status codex_process_close_stdin(const codex_process *p, codex_error **err);

/**
 * Kills the process; its exit (code 137) then arrives as usual. RPC once it has exited.
 */
CODEX_API codex_status codex_process_terminate(const codex_process *p, codex_error **err);

/**
 * Resizes the terminal of a process started with `"tty":true`. RPC for a process without one
 * or once it has exited.
 */
CODEX_API
codex_status codex_process_resize(const codex_process *p,
                                  uint16_t rows,
                                  uint16_t cols,
                                  codex_error **err);

/**
 * The next chunk of output, waiting up to `timeout_ms` (< 0: no limit): OK with `*out`,
 * TIMEOUT when none came in time, END once the process has exited and every chunk was taken
 * (no error object for either), or the failure that ended the process. INVALID_ARGUMENT
 * once an output callback is set.
 */
CODEX_API
codex_status codex_process_next_output(const codex_process *p,
                                       int64_t timeout_ms,
                                       codex_process_output **out,
                                       codex_error **err);

/**
 * codex_process_next_output that also returns CANCELLED as soon as `cancel` (may be NULL) is
 * triggered; no output is lost.
 */
CODEX_API
codex_status codex_process_next_output_cancellable(const codex_process *p,
                                                   int64_t timeout_ms,
                                                   const codex_cancel *cancel,
                                                   codex_process_output **out,
                                                   codex_error **err);

/**
 * Waits up to `timeout_ms` (< 0: no limit) for the process to exit: OK with its exit code
 * (stdout and stderr empty: they streamed), TIMEOUT leaving it running, or the failure that
 * ended it (RPC when it could not start).
 */
CODEX_API
codex_status codex_process_wait(const codex_process *p,
                                int64_t timeout_ms,
                                codex_exec_result **out,
                                codex_error **err);

/**
 * codex_process_wait that also returns CANCELLED as soon as `cancel` (may be NULL) is
 * triggered; the process goes on (codex_process_terminate stops it).
 */
CODEX_API
codex_status codex_process_wait_cancellable(const codex_process *p,
                                            int64_t timeout_ms,
                                            const codex_cancel *cancel,
                                            codex_exec_result **out,
                                            codex_error **err);

/**
 * Delivers the output (from the first chunk not yet pulled) to `fn` on the client's delivery
 * thread, in order, then CODEX_OUTPUT_END once. Pulling is then no longer possible. After
 * codex_process_free returns `fn` never starts; `drop(user_data)` runs once after its last
 * call.
 */
CODEX_API
codex_status codex_process_set_output_callback(const codex_process *p,
                                               codex_output_fn fn,
                                               void *user_data,
                                               codex_drop_fn drop,
                                               codex_error **err);

/**
 * Frees the handle: its output callback never starts again once this returns (from inside
 * the callback, after it returns), and a process still running is terminated. NULL is a
 * no-op.
 */
CODEX_API void codex_process_free(codex_process *p);

/**
 * Which stream the chunk came from (CODEX_OUTPUT_STDOUT or CODEX_OUTPUT_STDERR). NULL: END.
 */
CODEX_API codex_output_stream_t codex_process_output_stream(const codex_process_output *o);

/**
 * The chunk's bytes (borrowed; not NUL-terminated), their count in `*len` (may be NULL).
 */
CODEX_API const uint8_t *codex_process_output_data(const codex_process_output *o, size_t *len);

/**
 * Whether this was the last chunk of its stream because the output cap cut the rest.
 */
CODEX_API bool codex_process_output_cap_reached(const codex_process_output *o);

/**
 * Frees a chunk. NULL is a no-op.
 */
CODEX_API void codex_process_output_free(codex_process_output *o);

/**
 * Files and folders under `roots[0..n_roots]` whose path matches `query` fuzzily
 * (`fuzzyFileSearch`), best first.
 */
CODEX_API
codex_status codex_fuzzy_file_search(const codex_client *client,
                                     const char *query,
                                     const char *const *roots,
                                     size_t n_roots,
                                     codex_file_matches **out,
                                     codex_error **err);

/**
 * How many matches there are.
 */
CODEX_API size_t codex_file_matches_count(const codex_file_matches *m);

/**
 * Match `i`'s path, relative to its root (borrowed), or NULL past the end.
 */
CODEX_API const char *codex_file_matches_path(const codex_file_matches *m, size_t i);

/**
 * The root match `i` was found under (borrowed), or NULL past the end.
 */
CODEX_API const char *codex_file_matches_root(const codex_file_matches *m, size_t i);

/**
 * Match `i`'s file name (borrowed), or NULL past the end.
 */
CODEX_API const char *codex_file_matches_file_name(const codex_file_matches *m, size_t i);

/**
 * Match `i`'s score (higher is better); 0 past the end.
 */
CODEX_API uint32_t codex_file_matches_score(const codex_file_matches *m, size_t i);

/**
 * Whether match `i` is a file or a directory (CODEX_MATCH_OTHER past the end).
 */
CODEX_API codex_match_type_t codex_file_matches_type(const codex_file_matches *m, size_t i);

/**
 * Frees the matches. NULL is a no-op.
 */
CODEX_API void codex_file_matches_free(codex_file_matches *m);

/* ==============================================================================================
 * MCP servers
 *
 * MCP servers configured in `[mcp_servers.NAME]` (or per thread, through thread/start's
 * `config` override `mcp_servers.NAME`): their status (codex_mcp_servers, paged), reload,
 * a tool call on a thread (codex_mcp_tool_result) and a resource read
 * (codex_mcp_resource).
 * ============================================================================================== */

/**
 * One page of the configured MCP servers and their status (`mcpServerStatus/list`): of the
 * user's config, or (`thread_id` not NULL) of that thread's, with each server's connection
 * state. `cursor` NULL = the first page, `limit` 0 = the server's default.
 */
CODEX_API
codex_status codex_mcp_server_status(const codex_client *client,
                                     const char *thread_id,
                                     const char *cursor,
                                     uint32_t limit,
                                     codex_mcp_servers **out,
                                     codex_error **err);

/**
 * How many servers the page holds.
 */
CODEX_API size_t codex_mcp_servers_count(const codex_mcp_servers *s);

/**
 * Server `i`'s name (its `[mcp_servers.NAME]`), borrowed; NULL past the end.
 */
CODEX_API const char *codex_mcp_servers_name(const codex_mcp_servers *s, size_t i);

/**
 * Server `i`'s auth status ("unsupported", "notLoggedIn", "bearerToken", "oAuth",
 * "unknown"), borrowed; NULL past the end.
 */
CODEX_API const char *codex_mcp_servers_auth_status(const codex_mcp_servers *s, size_t i);

/**
 * Server `i`'s connection state in the thread ("connected", "starting", "failed", ...), or
 * NULL when the list was not for a thread (or past the end). Borrowed.
 */
CODEX_API const char *codex_mcp_servers_runtime_status(const codex_mcp_servers *s, size_t i);

/**
 * How many tools server `i` offers (0 past the end).
 */
CODEX_API size_t codex_mcp_servers_tool_count(const codex_mcp_servers *s, size_t i);

/**
 * The name of server `i`'s tool `j` (sorted by name), borrowed; NULL past the end.
 */
CODEX_API const char *codex_mcp_servers_tool_name(const codex_mcp_servers *s, size_t i, size_t j);

/**
 * Why server `i`'s tools could not be listed, or NULL. Borrowed.
 */
CODEX_API const char *codex_mcp_servers_tools_error(const codex_mcp_servers *s, size_t i);

/**
 * The cursor of the next page, or NULL on the last page (borrowed).
 */
CODEX_API const char *codex_mcp_servers_next_cursor(const codex_mcp_servers *s);

/**
 * The whole response as JSON (tool schemas, resources, server info), borrowed.
 */
CODEX_API const char *codex_mcp_servers_json(const codex_mcp_servers *s);

/**
 * Frees the page. NULL is a no-op.
 */
CODEX_API void codex_mcp_servers_free(codex_mcp_servers *s);

/**
 * Reloads the MCP servers from the config (`config/mcpServer/reload`), e.g. after a
 * codex_config_write to `mcp_servers`.
 */
CODEX_API codex_status codex_mcp_reload(const codex_client *client, codex_error **err);

/**
 * Calls `tool` of the thread's MCP server `server` (`mcpServer/tool/call`) with
 * `arguments_json` (a JSON object, or NULL for none). A tool that fails is OK with
 * codex_mcp_tool_result_is_error true; an unknown server is RPC.
 */
CODEX_API
codex_status codex_mcp_tool_call(const codex_thread *thread,
                                 const char *server,
                                 const char *tool,
                                 const char *arguments_json,
                                 codex_mcp_tool_result **out,
                                 codex_error **err);

/**
 * Whether the tool reported an error (`isError`).
 */
CODEX_API bool codex_mcp_tool_result_is_error(const codex_mcp_tool_result *r);

/**
 * The text of the result's text blocks, joined by newlines (borrowed; empty if none).
 */
CODEX_API const char *codex_mcp_tool_result_text(const codex_mcp_tool_result *r);

/**
 * The result's content blocks as a JSON array (borrowed).
 */
CODEX_API const char *codex_mcp_tool_result_content_json(const codex_mcp_tool_result *r);

/**
 * The result's `structuredContent` as JSON, or NULL when the tool sent none (borrowed).
 */
CODEX_API const char *codex_mcp_tool_result_structured_json(const codex_mcp_tool_result *r);

/**
 * The whole response as JSON (borrowed).
 */
CODEX_API const char *codex_mcp_tool_result_json(const codex_mcp_tool_result *r);

/**
 * Frees a tool result. NULL is a no-op.
 */
CODEX_API void codex_mcp_tool_result_free(codex_mcp_tool_result *r);

/**
 * Reads resource `uri` of MCP server `server` (`mcpServer/resource/read`), through the
 * thread `thread_id`'s connection to it if not NULL.
 */
CODEX_API
codex_status codex_mcp_resource_read(const codex_client *client,
                                     const char *thread_id,
                                     const char *server,
                                     const char *uri,
                                     codex_mcp_resource **out,
                                     codex_error **err);

/**
 * How many contents the resource has.
 */
CODEX_API size_t codex_mcp_resource_count(const codex_mcp_resource *r);

/**
 * Content `i`'s URI (borrowed), or NULL past the end.
 */
CODEX_API const char *codex_mcp_resource_uri(const codex_mcp_resource *r, size_t i);

/**
 * Content `i`'s MIME type, or NULL (borrowed).
 */
CODEX_API const char *codex_mcp_resource_mime_type(const codex_mcp_resource *r, size_t i);

/**
 * Content `i`'s text, or NULL for a binary content (borrowed).
 */
CODEX_API const char *codex_mcp_resource_text(const codex_mcp_resource *r, size_t i);

/**
 * Content `i`'s bytes in base64, or NULL for a text content (borrowed).
 */
CODEX_API const char *codex_mcp_resource_blob(const codex_mcp_resource *r, size_t i);

/**
 * The whole response as JSON (borrowed).
 */
CODEX_API const char *codex_mcp_resource_json(const codex_mcp_resource *r);

/**
 * Frees a resource. NULL is a no-op.
 */
CODEX_API void codex_mcp_resource_free(codex_mcp_resource *r);

/* ==============================================================================================
 * Cancellation
 *
 * codex_cancel: a token another thread triggers to end blocked waits. Each blocking wait
 * has a `_cancellable` form taking one (NULL = none): once the token is triggered the wait
 * returns CODEX_STATUS_CANCELLED at once and the operation goes on (codex_thread_run's
 * turn is interrupted). A token stays triggered until codex_cancel_reset.
 * ============================================================================================== */

/**
 * A new, untriggered cancel token (never NULL).
 */
CODEX_API codex_cancel *codex_cancel_new(void);

/**
 * Triggers the token: every `_cancellable` wait using it returns CANCELLED at once (the
 * operation it waited for goes on), and so does every later one that would have to wait, until
 * codex_cancel_reset (a wait whose result is already there still returns it). Idempotent; NULL
 * is a no-op.
 */
CODEX_API void codex_cancel_trigger(const codex_cancel *cancel);

/**
 * Whether the token has been triggered (and not reset since). NULL: false.
 */
CODEX_API bool codex_cancel_is_triggered(const codex_cancel *cancel);

/**
 * Makes a triggered token usable again. NULL is a no-op.
 */
CODEX_API void codex_cancel_reset(const codex_cancel *cancel);

/**
 * Frees a token. No call may be using it any more. NULL is a no-op.
 */
CODEX_API void codex_cancel_free(codex_cancel *cancel);

/* ==============================================================================================
 * Events
 *
 * codex_event: one server notification. A pulled event (codex_turn_next_event,
 * codex_next_notification) is owned: free it with codex_event_free. An event passed to a
 * callback is borrowed for that call only.
 * ============================================================================================== */

/**
 * The attempt number of a CODEX_EVENT_RETRY event within its turn (1, 2, ...); 0 for any
 * other event (or NULL).
 */
CODEX_API int64_t codex_event_retry_attempt(const codex_event *event);

/**
 * The message of a CODEX_EVENT_RETRY or CODEX_EVENT_ERROR event (e.g. "Reconnecting... 2/5"),
 * as an owned `*out` (free it with codex_string_free). INVALID_ARGUMENT for any other event.
 */
CODEX_API
codex_status codex_event_error_message(const codex_event *event,
                                       char **out,
                                       codex_error **err);

/**
 * The `codexErrorInfo` of a CODEX_EVENT_RETRY or CODEX_EVENT_ERROR event as JSON text (a
 * string such as `"serverOverloaded"` or an object such as
 * `{"responseStreamDisconnected":{"httpStatusCode":null}}`), as an owned `*out` (free it with
 * codex_string_free); `*out` is NULL when the server sent none. INVALID_ARGUMENT for any
 * other event.
 */
CODEX_API
codex_status codex_event_error_info_json(const codex_event *event,
                                         char **out,
                                         codex_error **err);

/**
 * The `willRetry` flag of an `error` notification: true for CODEX_EVENT_RETRY (the server
 * retries by itself), false for CODEX_EVENT_ERROR and any other event (or NULL).
 */
CODEX_API bool codex_event_will_retry(const codex_event *event);

/**
 * The event's kind.
 */
CODEX_API codex_event_kind_t codex_event_kind(const codex_event *event);

/**
 * The notification method, e.g. "item/agentMessage/delta" (borrowed).
 */
CODEX_API const char *codex_event_method(const codex_event *event);

/**
 * The thread id, or NULL (borrowed).
 */
CODEX_API const char *codex_event_thread_id(const codex_event *event);

/**
 * The turn id, or NULL (borrowed): `turnId`, else `turn.rootTurnId`, else `turn.id` (a
 * review's inner turn/started names the review turn here, as its items and turn/completed do).
 */
CODEX_API const char *codex_event_turn_id(const codex_event *event);

/**
 * The item id of a delta, or NULL (borrowed).
 */
CODEX_API const char *codex_event_item_id(const codex_event *event);

/**
 * The text of a delta event (agent message, reasoning, command output), or NULL. `len` (may
 * be NULL) receives its length in bytes; the text is also NUL-terminated.
 */
CODEX_API const char *codex_event_delta(const codex_event *event, size_t *len);

/**
 * The notification's params as JSON (`{}` if it had none): `len` bytes, NOT NUL-terminated.
 */
CODEX_API const char *codex_event_params(const codex_event *event, size_t *len);

/**
 * The whole line as the server sent it: `len` bytes, NOT NUL-terminated.
 */
CODEX_API const char *codex_event_json(const codex_event *event, size_t *len);

/**
 * For a CODEX_EVENT_GAP event, how many events were dropped before it; 0 for other kinds.
 */
CODEX_API uint64_t codex_event_gap_dropped(const codex_event *event);

/**
 * Frees a pulled event. Never free an event passed to a callback. NULL is a no-op.
 */
CODEX_API void codex_event_free(codex_event *event);

/**
 * The item of an item/started or item/completed event (CODEX_EVENT_ITEM_STARTED /
 * CODEX_EVENT_ITEM_COMPLETED), as an owned `*out` (free it with codex_item_free; it outlives
 * the event). INVALID_ARGUMENT if the event carries no item. Decoding happens later, on the
 * first getter call, on the calling thread.
 */
CODEX_API
codex_status codex_event_item(const codex_event *event,
                              codex_item **out,
                              codex_error **err);

/**
 * One token count (`field`: a codex_token_field_t) of a CODEX_EVENT_TOKEN_USAGE event; -1 for
 * any other event, a field the server did not send, or a `field` this library does not know.
 */
CODEX_API int64_t codex_event_token_usage(const codex_event *event, uint32_t field);

/**
 * The new status of a `thread/status/changed` event; CODEX_THREAD_STATUS_OTHER for any other
 * event or a status this library does not know.
 */
CODEX_API codex_thread_status_t codex_event_thread_status(const codex_event *event);

/**
 * One figure (`field`: a codex_rate_limit_field_t) of an `account/rateLimits/updated` event;
 * -1 for any other event, a figure the server did not send, or an unknown `field`.
 */
CODEX_API int64_t codex_event_rate_limit(const codex_event *event, uint32_t field);

/**
 * How many steps the plan of a `turn/plan/updated` event has (0 for any other event).
 */
CODEX_API size_t codex_event_plan_step_count(const codex_event *event);

/**
 * The text of step number `index` of a `turn/plan/updated` event's plan, as an owned `*out`
 * (free it with codex_string_free). INVALID_ARGUMENT for another event or an index out of
 * range.
 */
CODEX_API
codex_status codex_event_plan_step(const codex_event *event,
                                   size_t index,
                                   char **out,
                                   codex_error **err);

/**
 * The status of step number `index` of a `turn/plan/updated` event's plan: "pending",
 * "inProgress", "completed" or "other"; NULL for another event or an index out of range
 * (static).
 */
CODEX_API const char *codex_event_plan_step_status(const codex_event *event, size_t index);

/**
 * The turn's aggregated unified diff of a `turn/diff/updated` event, as an owned `*out` (free
 * it with codex_string_free). INVALID_ARGUMENT for any other event.
 */
CODEX_API
codex_status codex_event_turn_diff(const codex_event *event,
                                   char **out,
                                   codex_error **err);

/* ==============================================================================================
 * Items
 *
 * codex_item: one thread item (command execution, file change, MCP tool call, web search,
 * plan, reasoning, agent message, ...), typed. Get one from an item event
 * (codex_event_item) or a turn result (codex_turn_result_item); free it with
 * codex_item_free. It is decoded on the first getter call, on the calling thread; getters
 * that do not apply to its type return NULL, 0 or -1.
 * ============================================================================================== */

/**
 * Frees an item. NULL is a no-op.
 */
CODEX_API void codex_item_free(codex_item *item);

/**
 * The item's type; CODEX_ITEM_OTHER for a type this library does not know (read its JSON).
 */
CODEX_API codex_item_type_t codex_item_type(const codex_item *item);

/**
 * The item id, or NULL (borrowed).
 */
CODEX_API const char *codex_item_id(const codex_item *item);

/**
 * The item as the server sent it (ThreadItem JSON, borrowed).
 */
CODEX_API const char *codex_item_json(const codex_item *item);

/**
 * The item's text: an agent message's text, a plan's text, a reasoning item's summary parts
 * joined by newlines, a user message's text inputs joined by newlines; else NULL (borrowed).
 */
CODEX_API const char *codex_item_text(const codex_item *item);

/**
 * The status of a command execution, file change or MCP tool call: "inProgress",
 * "completed", "failed", "declined" (commands, file changes) or "other" (a value this library
 * does not know); NULL for other items (static).
 */
CODEX_API const char *codex_item_status(const codex_item *item);

/**
 * A command execution's command line, else NULL (borrowed).
 */
CODEX_API const char *codex_item_command(const codex_item *item);

/**
 * A command execution's working directory, else NULL (borrowed).
 */
CODEX_API const char *codex_item_cwd(const codex_item *item);

/**
 * A command execution's output (stdout and stderr, aggregated), else NULL (borrowed).
 */
CODEX_API const char *codex_item_aggregated_output(const codex_item *item);

/**
 * A command execution's exit code; -1 when there is none (still running, declined, or not a
 * command).
 */
CODEX_API int64_t codex_item_exit_code(const codex_item *item);

/**
 * The duration in milliseconds of a command execution, MCP or dynamic tool call; -1 if none.
 */
CODEX_API int64_t codex_item_duration_ms(const codex_item *item);

/**
 * How many paths a file change touches (0 for other items).
 */
CODEX_API size_t codex_item_change_count(const codex_item *item);

/**
 * The path of a file change's change number `index`, else NULL (borrowed).
 */
CODEX_API const char *codex_item_change_path(const codex_item *item, size_t index);

/**
 * The kind of a file change's change number `index`: "add", "delete", "update" or "other",
 * else NULL (static).
 */
CODEX_API const char *codex_item_change_kind(const codex_item *item, size_t index);

/**
 * The unified diff of a file change's change number `index`, else NULL (borrowed).
 */
CODEX_API const char *codex_item_change_diff(const codex_item *item, size_t index);

/**
 * An MCP tool call's server name, else NULL (borrowed).
 */
CODEX_API const char *codex_item_mcp_server(const codex_item *item);

/**
 * An MCP or dynamic tool call's tool name, else NULL (borrowed).
 */
CODEX_API const char *codex_item_tool(const codex_item *item);

/**
 * An MCP tool call's result (McpToolCallResult JSON), else NULL (borrowed).
 */
CODEX_API const char *codex_item_mcp_result_json(const codex_item *item);

/**
 * A web search's query, else NULL (borrowed).
 */
CODEX_API const char *codex_item_web_query(const codex_item *item);

/* ==============================================================================================
 * Server requests
 *
 * codex_server_request: a request from the server (an approval, user input, ...). The
 * handler receives it owned: answer it once, now or later from any thread, then free it.
 * A request freed unanswered, or not answered in time, gets the safe answer (decline).
 * ============================================================================================== */

/**
 * Receives an owned server request, on the client's delivery thread.
 */
typedef void (*codex_server_request_fn)(void *user_data, codex_server_request *request);

/**
 * What the request asks for: a command or file-change approval, a permission request, user
 * input, an MCP elicitation, or CODEX_REQUEST_OTHER (read its method and params).
 */
CODEX_API
codex_server_request_kind_t codex_server_request_kind(const codex_server_request *request);

/**
 * The id of the item the request is about (the command execution, file change, ...), or NULL
 * (borrowed). A file change's paths and diffs are on that item (its item/started event).
 */
CODEX_API const char *codex_server_request_item_id(const codex_server_request *request);

/**
 * The command a command approval asks to run, or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_command(const codex_server_request *request);

/**
 * The working directory of a command approval or permission request, or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_cwd(const codex_server_request *request);

/**
 * Why the agent asks (approvals and permission requests), or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_reason(const codex_server_request *request);

/**
 * The root a file-change approval asks to write under for the session, or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_grant_root(const codex_server_request *request);

/**
 * The permissions a permission request asks for (RequestPermissionProfile JSON), or NULL
 * (borrowed).
 */
CODEX_API const char *codex_server_request_permissions_json(const codex_server_request *request);

/**
 * How many words the command prefix a command approval proposes to allow from now on has
 * (its proposed execpolicy amendment; 0 if none).
 */
CODEX_API size_t codex_server_request_amendment_count(const codex_server_request *request);

/**
 * Word `index` of the proposed amendment, or NULL (borrowed).
 */
CODEX_API
const char *codex_server_request_amendment(const codex_server_request *request,
                                           size_t index);

/**
 * How many decisions a command approval offers (0 if the server did not say).
 */
CODEX_API size_t codex_server_request_decision_count(const codex_server_request *request);

/**
 * Offered decision `index` as the server names it ("accept", "acceptForSession", "decline",
 * "cancel", "acceptWithExecpolicyAmendment", ...), or NULL (borrowed).
 */
CODEX_API
const char *codex_server_request_decision(const codex_server_request *request,
                                          size_t index);

/**
 * How many questions a user-input request asks (0 for other requests).
 */
CODEX_API size_t codex_server_request_question_count(const codex_server_request *request);

/**
 * Question `index`'s id, or NULL (borrowed).
 */
CODEX_API
const char *codex_server_request_question_id(const codex_server_request *request,
                                             size_t index);

/**
 * Question `index`'s short header, or NULL (borrowed).
 */
CODEX_API
const char *codex_server_request_question_header(const codex_server_request *request,
                                                 size_t index);

/**
 * Question `index`'s text, or NULL (borrowed).
 */
CODEX_API
const char *codex_server_request_question_text(const codex_server_request *request,
                                               size_t index);

/**
 * How many options question `index` offers (0 = free text).
 */
CODEX_API
size_t codex_server_request_question_option_count(const codex_server_request *request,
                                                  size_t index);

/**
 * The label of option `option` of question `index`, or NULL (borrowed).
 */
CODEX_API
const char *codex_server_request_question_option(const codex_server_request *request,
                                                 size_t index,
                                                 size_t option);

/**
 * Sets the answer to question `index` of a user-input request (an option's label, or free
 * text); sent by codex_server_request_answer with CODEX_DECISION_ACCEPT. INVALID_ARGUMENT for
 * another request or an index out of range.
 */
CODEX_API
codex_status codex_server_request_set_answer(const codex_server_request *request,
                                             size_t index,
                                             const char *answer,
                                             codex_error **err);

/**
 * Answers with a typed decision (`decision`: a codex_decision_t): for command and file-change
 * approvals `{"decision": ...}`; for a permission request ACCEPT grants the requested
 * permissions for the turn, ACCEPT_FOR_SESSION for the session, DECLINE and CANCEL grant
 * none; for a user-input request ACCEPT sends the answers set with
 * codex_server_request_set_answer, DECLINE and CANCEL send none; for a dynamic tool call
 * ACCEPT answers success and any other decision failure, each with the content added by
 * codex_server_request_add_tool_content. DECLINE is the safe default.
 * INVALID_ARGUMENT for an unknown `decision` or a request with no typed answer (elicitations,
 * other methods: use codex_server_request_respond); EXPIRED if it was already answered.
 */
CODEX_API
codex_status codex_server_request_answer(const codex_server_request *request,
                                         uint32_t decision,
                                         codex_error **err);

/**
 * Routes server requests (command / file-change / permission approvals, user input,
 * elicitations, ...) to `fn`. `fn` NULL removes the handler. Without a handler, or when the
 * handler does not answer within the server-request timeout, the library answers safely:
 * decline approvals, grant no permissions, empty user input, decline elicitations, and a
 * JSON-RPC error for methods it does not know.
 */
CODEX_API
codex_status codex_set_server_request_handler(const codex_client *client,
                                              codex_server_request_fn fn,
                                              void *user_data,
                                              codex_drop_fn drop,
                                              codex_error **err);

/**
 * The method, e.g. "item/commandExecution/requestApproval" (borrowed).
 */
CODEX_API const char *codex_server_request_method(const codex_server_request *request);

/**
 * The request id as JSON text (a number or a quoted string) (borrowed).
 */
CODEX_API const char *codex_server_request_id(const codex_server_request *request);

/**
 * The params as JSON text (borrowed, NUL-terminated).
 */
CODEX_API const char *codex_server_request_params(const codex_server_request *request);

/**
 * The thread id, or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_thread_id(const codex_server_request *request);

/**
 * The turn id, or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_turn_id(const codex_server_request *request);

/**
 * Answers with a result (JSON text), e.g. `{"decision":"accept"}`. EXPIRED if it was already
 * answered (by the handler timeout or an earlier answer): nothing is sent then.
 */
CODEX_API
codex_status codex_server_request_respond(const codex_server_request *request,
                                          const char *result_json,
                                          codex_error **err);

/**
 * Answers with a JSON-RPC error (the server treats it as a failed approval).
 */
CODEX_API
codex_status codex_server_request_respond_error(const codex_server_request *request,
                                                int64_t code,
                                                const char *message,
                                                codex_error **err);

/**
 * Frees the request; if it was never answered the safe default answer is sent. NULL is a no-op.
 */
CODEX_API void codex_server_request_free(codex_server_request *request);

/**
 * The tool a dynamic tool call asks for, or NULL for another request (borrowed).
 */
CODEX_API const char *codex_server_request_tool_name(const codex_server_request *request);

/**
 * The namespace of the called tool, or NULL (plain tools have none) (borrowed).
 */
CODEX_API const char *codex_server_request_tool_namespace(const codex_server_request *request);

/**
 * The arguments the model passed to a dynamic tool, as JSON, or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_tool_arguments(const codex_server_request *request);

/**
 * A dynamic tool call's id (the `dynamicToolCall` item's id), or NULL (borrowed).
 */
CODEX_API const char *codex_server_request_call_id(const codex_server_request *request);

/**
 * Adds one content item to a dynamic tool call's answer (`kind`: a codex_tool_content_t; TEXT
 * takes the text, IMAGE_URL and AUDIO_URL a URL), sent by codex_server_request_answer
 * (ACCEPT = success, DECLINE = failure). INVALID_ARGUMENT for another request or an unknown
 * `kind`.
 */
CODEX_API
codex_status codex_server_request_add_tool_content(const codex_server_request *request,
                                                   uint32_t kind,
                                                   const char *value,
                                                   codex_error **err);

/* ==============================================================================================
 * Errors and statuses
 *
 * codex_error: the details behind a status other than OK, TIMEOUT and END (message,
 * JSON-RPC code and data, stderr tail). Free it with codex_error_free. codex_status_str
 * names any status value, known or not.
 * ============================================================================================== */

/**
 * The status this error stands for.
 */
CODEX_API codex_status codex_error_status(const codex_error *err);

/**
 * A human-readable message (borrowed; never NULL for a non-NULL error).
 */
CODEX_API const char *codex_error_message(const codex_error *err);

/**
 * The JSON-RPC error code, or 0 if the server sent none.
 */
CODEX_API int64_t codex_error_rpc_code(const codex_error *err);

/**
 * The JSON-RPC error data as JSON text (borrowed), or NULL.
 */
CODEX_API const char *codex_error_rpc_data(const codex_error *err);

/**
 * The last lines of the app-server's stderr (borrowed, secrets redacted), or NULL.
 */
CODEX_API const char *codex_error_stderr_tail(const codex_error *err);

/**
 * Frees an error. NULL is a no-op.
 */
CODEX_API void codex_error_free(codex_error *err);

/**
 * The name of a status, e.g. "CODEX_STATUS_TIMEOUT" (static; never NULL). A value the library
 * does not know gives "CODEX_STATUS_UNKNOWN". The bindings print statuses through this.
 */
CODEX_API const char *codex_status_str(uint32_t status);

/* ==============================================================================================
 * Strings and version
 *
 * Strings returned through `char **`, and the version of the library loaded at run time
 * (CODEX_VERSION_* above are those of this header).
 * ============================================================================================== */

/**
 * Frees a string the library returned through a `char **` output. NULL is a no-op.
 */
CODEX_API void codex_string_free(char *s);

/**
 * The library's version ("MAJOR.MINOR.PATCH"), static.
 */
CODEX_API const char *codex_version(void);

/**
 * The library's version as one number, MAJOR * 10000 + MINOR * 100 + PATCH (e.g. 100 for
 * 0.1.0), to compare with CODEX_VERSION_NUMBER (the header's) at run time.
 */
CODEX_API uint32_t codex_version_number(void);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* CODEX_H */
