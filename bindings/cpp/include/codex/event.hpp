// codex-ffi C++ binding: events (server notifications) and the value types a turn or a login
// ends with. JSON stays text: no JSON library is imposed on users.
#ifndef CODEX_CPP_EVENT_HPP
#define CODEX_CPP_EVENT_HPP

#include "codex/error.hpp"
#include "codex/item.hpp"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace codex {

/// Mirrors codex_event_kind_t (same values).
enum class EventKind : int {
  TurnStarted = CODEX_EVENT_TURN_STARTED,
  TurnCompleted = CODEX_EVENT_TURN_COMPLETED,
  ItemStarted = CODEX_EVENT_ITEM_STARTED,
  ItemCompleted = CODEX_EVENT_ITEM_COMPLETED,
  AgentMessageDelta = CODEX_EVENT_AGENT_MESSAGE_DELTA,
  ReasoningDelta = CODEX_EVENT_REASONING_DELTA,
  CommandOutputDelta = CODEX_EVENT_COMMAND_OUTPUT_DELTA,
  TokenUsage = CODEX_EVENT_TOKEN_USAGE,
  Error = CODEX_EVENT_ERROR,
  Other = CODEX_EVENT_OTHER,  // read method() and params()
  Retry = CODEX_EVENT_RETRY,  // the server retries by itself (willRetry: true); not fatal
  Gap = CODEX_EVENT_GAP,      // made by the library: gap_dropped() events were not kept
};

/// What an Error or Retry event says (Event::error_notice()).
struct ErrorNotice {
  std::string message;                        // e.g. "Reconnecting... 2/5"
  std::optional<std::string> error_info_json;  // codexErrorInfo as JSON text, if the server sent one
  bool will_retry = false;                     // true for a Retry event
  std::int64_t attempt = 0;                    // a Retry event's attempt within its turn (1, 2, ...)
};

/// One server notification. A pulled Event (Turn::next_event, range-for) owns its data; the
/// `const Event &` handed to a callback is borrowed and valid only during that call. All views
/// returned here live as long as the Event. Missing ids are empty views.
class Event {
 public:
  Event(Event &&) noexcept = default;
  Event &operator=(Event &&) noexcept = default;

  EventKind kind() const noexcept { return static_cast<EventKind>(codex_event_kind(ev_)); }
  /// e.g. "item/agentMessage/delta".
  std::string_view method() const noexcept { return view(codex_event_method(ev_)); }
  std::string_view thread_id() const noexcept { return view(codex_event_thread_id(ev_)); }
  std::string_view turn_id() const noexcept { return view(codex_event_turn_id(ev_)); }
  std::string_view item_id() const noexcept { return view(codex_event_item_id(ev_)); }
  /// The text of a delta event (agent message, reasoning, command output); empty otherwise.
  std::string_view delta() const noexcept {
    size_t len = 0;
    const char *p = codex_event_delta(ev_, &len);
    return p ? std::string_view(p, len) : std::string_view();
  }
  /// For a Gap event, how many events were dropped before it (a cap was passed); 0 otherwise.
  std::uint64_t gap_dropped() const noexcept { return codex_event_gap_dropped(ev_); }
  bool is_delta() const noexcept {
    return codex_event_delta(ev_, nullptr) != nullptr;
  }
  /// The notification's params as JSON (`{}` if it had none).
  std::string_view params() const noexcept {
    size_t len = 0;
    const char *p = codex_event_params(ev_, &len);
    return p ? std::string_view(p, len) : std::string_view("{}");
  }
  /// The whole JSON-RPC line as the server sent it.
  std::string_view raw() const noexcept {
    size_t len = 0;
    const char *p = codex_event_json(ev_, &len);
    return p ? std::string_view(p, len) : std::string_view();
  }
  const codex_event *c_event() const noexcept { return ev_; }

  /// The item of an ItemStarted / ItemCompleted event, decoded now (on this thread); nullopt
  /// for other events.
  std::optional<Item> item() const {
    codex_item *it = nullptr;
    if (codex_event_item(ev_, &it, nullptr) != CODEX_STATUS_OK) return std::nullopt;
    return Item::adopt(it);
  }
  /// The counts of a TokenUsage event; nullopt for other events.
  std::optional<TokenUsage> token_usage() const {
    if (codex_event_token_usage(ev_, CODEX_TOKENS_TOTAL) < 0) return std::nullopt;
    return TokenUsage::read([&](codex_token_field_t f) { return codex_event_token_usage(ev_, f); });
  }
  /// A Retry event's attempt number within its turn (1, 2, ...); 0 for other events.
  std::int64_t retry_attempt() const noexcept { return codex_event_retry_attempt(ev_); }
  /// What an Error or Retry event says (message, codexErrorInfo, will-retry, attempt); nullopt
  /// for other events.
  std::optional<ErrorNotice> error_notice() const {
    char *message = nullptr;
    if (codex_event_error_message(ev_, &message, nullptr) != CODEX_STATUS_OK) return std::nullopt;
    ErrorNotice n;
    n.message = detail::take_string(message);
    char *info = nullptr;
    if (codex_event_error_info_json(ev_, &info, nullptr) == CODEX_STATUS_OK && info)
      n.error_info_json = detail::take_string(info);
    n.will_retry = codex_event_will_retry(ev_);
    n.attempt = codex_event_retry_attempt(ev_);
    return n;
  }
  /// The new status of a thread/status/changed event (Other for other events).
  ThreadStatus thread_status() const noexcept {
    return static_cast<ThreadStatus>(codex_event_thread_status(ev_));
  }
  /// One figure of an account/rateLimits/updated event (a codex_rate_limit_field_t); -1 if none.
  std::int64_t rate_limit(codex_rate_limit_field_t field) const noexcept {
    return codex_event_rate_limit(ev_, field);
  }
  /// The steps of a turn/plan/updated event as (text, status) pairs; empty for other events.
  std::vector<std::pair<std::string, std::string>> plan() const {
    std::vector<std::pair<std::string, std::string>> steps;
    for (size_t i = 0, n = codex_event_plan_step_count(ev_); i < n; i++) {
      char *text = nullptr;
      if (codex_event_plan_step(ev_, i, &text, nullptr) != CODEX_STATUS_OK) break;
      steps.emplace_back(text, detail::copy_or_empty(codex_event_plan_step_status(ev_, i)));
      codex_string_free(text);
    }
    return steps;
  }

  /// Takes ownership of a pulled event.
  static Event adopt(codex_event *ev) noexcept { return Event(ev, true); }
  /// Wraps an event the library lends to a callback.
  static Event borrow(const codex_event *ev) noexcept { return Event(const_cast<codex_event *>(ev), false); }

 private:
  struct Free {
    bool owned = true;
    void operator()(codex_event *e) const noexcept {
      if (owned) codex_event_free(e);
    }
  };
  Event(codex_event *ev, bool owned) noexcept : ev_(ev), holder_(ev, Free{owned}) {}
  static std::string_view view(const char *s) noexcept { return s ? std::string_view(s) : std::string_view(); }

  const codex_event *ev_;
  std::unique_ptr<codex_event, Free> holder_;
};

/// Mirrors codex_turn_status.
enum class TurnStatus : int {
  Completed = CODEX_TURN_COMPLETED,
  Interrupted = CODEX_TURN_INTERRUPTED,
  Failed = CODEX_TURN_FAILED,
};

inline const char *to_string(TurnStatus s) noexcept {
  switch (s) {
    case TurnStatus::Completed: return "completed";
    case TurnStatus::Interrupted: return "interrupted";
    case TurnStatus::Failed: return "failed";
  }
  return "unknown";
}

/// What a finished turn produced (a plain value: every field is copied out of the C result).
struct TurnResult {
  std::string id;
  std::string thread_id;
  TurnStatus status = TurnStatus::Failed;
  std::optional<std::string> error;       // message of a failed turn
  std::optional<std::string> error_json;  // the server's TurnError object
  std::optional<std::string> final_response;
  std::string items_json = "[]";          // every completed item, in order
  std::optional<std::string> usage_json;  // ThreadTokenUsage
  std::vector<Item> items;                // every completed item, typed (decoded when copied)
  TokenUsage usage;                       // the same usage, typed (-1 where none)
  std::int64_t started_at = -1;           // Unix seconds, -1 if the server sent none
  std::int64_t completed_at = -1;
  std::int64_t duration_ms = -1;
  std::int64_t elapsed_ms = -1;  // as seen by the library
  bool watchdog_fired = false;
  bool deadline_reached = false;  // Thread::run_bounded's deadline passed and interrupted the turn

  bool completed() const noexcept { return status == TurnStatus::Completed; }
  bool failed() const noexcept { return status == TurnStatus::Failed; }
  bool interrupted() const noexcept { return status == TurnStatus::Interrupted; }

  /// Copies a borrowed C result.
  static TurnResult from(const codex_turn_result *r) {
    TurnResult t;
    t.id = detail::copy_or_empty(codex_turn_result_id(r));
    t.thread_id = detail::copy_or_empty(codex_turn_result_thread_id(r));
    t.status = static_cast<TurnStatus>(codex_turn_result_status(r));
    t.error = detail::opt_string(codex_turn_result_error(r));
    t.error_json = detail::opt_string(codex_turn_result_error_json(r));
    t.final_response = detail::opt_string(codex_turn_result_final_response(r));
    t.items_json = detail::copy_or_empty(codex_turn_result_items_json(r));
    t.usage_json = detail::opt_string(codex_turn_result_usage_json(r));
    for (size_t i = 0, n = codex_turn_result_item_count(r); i < n; i++) {
      codex_item *it = nullptr;
      if (codex_turn_result_item(r, i, &it, nullptr) == CODEX_STATUS_OK) t.items.push_back(Item::adopt(it));
    }
    t.usage = TokenUsage::read([&](codex_token_field_t f) { return codex_turn_result_token_usage(r, f); });
    t.started_at = codex_turn_result_started_at(r);
    t.completed_at = codex_turn_result_completed_at(r);
    t.duration_ms = codex_turn_result_duration_ms(r);
    t.elapsed_ms = codex_turn_result_elapsed_ms(r);
    t.watchdog_fired = codex_turn_result_watchdog_fired(r);
    t.deadline_reached = codex_turn_result_deadline_reached(r);
    return t;
  }
  /// Copies, then frees, an owned C result.
  static TurnResult adopt(codex_turn_result *r) {
    std::unique_ptr<codex_turn_result, void (*)(codex_turn_result *)> guard(r, codex_turn_result_free);
    return from(r);
  }
};

/// How a login ended. A failed or cancelled login is a LoginResult with success == false.
struct LoginResult {
  bool success = false;
  std::optional<std::string> error;
  std::string login_id;

  static LoginResult from(const codex_login_result *r) {
    LoginResult l;
    l.success = codex_login_result_success(r);
    l.error = detail::opt_string(codex_login_result_error(r));
    l.login_id = detail::copy_or_empty(codex_login_result_login_id(r));
    return l;
  }
};

}  // namespace codex

#endif
