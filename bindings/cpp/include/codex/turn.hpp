// codex-ffi C++ binding: codex::Turn (pull, push, steer, interrupt, wait) and codex::Thread.
#ifndef CODEX_CPP_TURN_HPP
#define CODEX_CPP_TURN_HPP

#include "codex/cancel.hpp"
#include "codex/event.hpp"
#include "codex/params.hpp"
#include "codex/exec.hpp"

#include <condition_variable>
#include <functional>
#include <iterator>
#include <type_traits>
#include <optional>
#include <vector>

namespace codex {

using EventHandler = std::function<void(const Event &)>;
/// Completion callbacks receive exactly one non-null pointer: the result, or the error that
/// ended the turn without a result (TransportError, ClosedError, ...). A failed turn is a result.
using TurnCompleteHandler = std::function<void(const TurnResult *result, const Error *error)>;

namespace detail {

/// Non-zero while this thread runs one of the binding's trampolines (a library callback). A
/// blocking wait there must not wait for other callbacks of the same client: they run on this
/// very thread, after it returns.
inline thread_local int callback_depth = 0;
struct CallbackScope {
  CallbackScope() noexcept { ++callback_depth; }
  ~CallbackScope() { --callback_depth; }
  CallbackScope(const CallbackScope &) = delete;
  CallbackScope &operator=(const CallbackScope &) = delete;
};

/// An Error value (status, message, rpc code/data, stderr tail) copied from a borrowed C error.
inline Error error_value(codex_status st, const codex_error *err) {
  if (!err) return Error(static_cast<Status>(st), "codex call failed");
  return Error(static_cast<Status>(codex_error_status(err)), codex_error_message(err), codex_error_rpc_code(err),
               opt_string(codex_error_rpc_data(err)), opt_string(codex_error_stderr_tail(err)));
}

/// What a Turn shares with its callbacks (which may outlive the Turn until their drop runs).
struct TurnState {
  ExceptionSlot callback_error;
  std::mutex m;
  std::condition_variable cv;
  bool done = false;            // the completion trampoline finished, or was released unrun
  bool has_callbacks = false;   // the user registered on_event or on_complete
  bool events_stopped = false;  // an event callback threw: later events are not delivered to it
  std::optional<TurnResult> result;
  std::optional<Error> failure;
  std::exception_ptr failure_ptr;
  TurnCompleteHandler user_complete;
};

struct TurnEventCb {
  EventHandler fn;
  std::shared_ptr<TurnState> st;
};

struct TurnCompleteCb {
  std::shared_ptr<TurnState> st;
  ~TurnCompleteCb() {
    // Runs from `drop`: exactly once, after the last call (or instead of it).
    std::lock_guard<std::mutex> lock(st->m);
    st->done = true;
    st->cv.notify_all();
  }
};

inline void turn_event_trampoline(void *user_data, const codex_event *ev) {
  CallbackScope scope;
  auto *cb = static_cast<TurnEventCb *>(user_data);
  try {
    {
      std::lock_guard<std::mutex> lock(cb->st->m);
      if (cb->st->events_stopped) return;
    }
    cb->fn(Event::borrow(ev));
  } catch (...) {
    cb->st->callback_error.store(std::current_exception());
    try {
      std::lock_guard<std::mutex> lock(cb->st->m);
      cb->st->events_stopped = true;
    } catch (...) {
    }
  }
}

inline void turn_complete_trampoline(void *user_data, codex_status status, const codex_turn_result *result,
                                     const codex_error *error) {
  CallbackScope scope;
  auto *cb = static_cast<TurnCompleteCb *>(user_data);
  auto &st = *cb->st;
  try {
    TurnCompleteHandler user;
    {
      std::lock_guard<std::mutex> lock(st.m);
      if (result) {
        st.result = TurnResult::from(result);
      } else {
        st.failure = error_value(status, error);
        st.failure_ptr = make_exception(status, error);
      }
      user = st.user_complete;
    }
    if (user) {
      try {
        if (st.result) user(&*st.result, nullptr);
        else user(nullptr, &*st.failure);
      } catch (...) {
        st.callback_error.store(std::current_exception());
      }
    }
    std::lock_guard<std::mutex> lock(st.m);
    st.done = true;
    st.cv.notify_all();
  } catch (...) {
    // Nothing may reach the C library; the drop still marks the state done.
  }
}

}  // namespace detail

class Thread;

/// A running turn. Move-only; destroying it frees the handle (the turn itself goes on unless
/// interrupted). Pull events with next_event() or a range-for, or push them with on_event();
/// not both. Exceptions thrown by on_event / on_complete callbacks never reach the C library:
/// the first one is rethrown (once) by wait(), and later events are not passed to a callback
/// that threw.
class Turn {
 public:
  Turn(Turn &&) noexcept = default;
  Turn &operator=(Turn &&) noexcept = default;

  std::string id() const { return detail::copy_or_empty(codex_turn_id(h())); }
  std::string thread_id() const { return detail::copy_or_empty(codex_turn_thread_id(h())); }

  /// The next event, or std::nullopt once turn/completed has been taken. Throws TimeoutError if
  /// none came within `timeout` (the turn goes on), TransportError / ClosedError if the turn
  /// ended without completing, InvalidArgumentError once on_event() is set.
  std::optional<Event> next_event(Timeout timeout = no_timeout) { return next_event_impl(timeout, nullptr); }
  /// next_event() that throws CancelledError as soon as `cancel` is triggered (no event is lost).
  std::optional<Event> next_event(Timeout timeout, const Cancel &cancel) { return next_event_impl(timeout, cancel.get()); }

 private:
  std::optional<Event> next_event_impl(Timeout timeout, const codex_cancel *cancel) {
    codex_event *ev = nullptr;
    codex_error *err = nullptr;
    codex_status st = codex_turn_next_event_cancellable(h(), detail::to_ms(timeout), cancel, &ev, &err);
    if (st == CODEX_STATUS_END) return std::nullopt;
    if (st != CODEX_STATUS_OK) detail::raise(st, err);
    return Event::adopt(ev);
  }

 public:
  /// Input iterator over the remaining events (each next_event() without a time limit).
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Event;
    using difference_type = std::ptrdiff_t;
    using pointer = const Event *;
    using reference = const Event &;

    iterator() = default;
    explicit iterator(Turn *t) : turn_(t) { ++*this; }
    reference operator*() const { return *cur_; }
    pointer operator->() const { return &*cur_; }
    iterator &operator++() {
      cur_ = turn_->next_event();
      if (!cur_) turn_ = nullptr;
      return *this;
    }
    bool operator==(const iterator &o) const { return turn_ == o.turn_; }
    bool operator!=(const iterator &o) const { return turn_ != o.turn_; }

   private:
    Turn *turn_ = nullptr;
    std::optional<Event> cur_;
  };
  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

  /// Pushes the turn's events (from the first not yet pulled) to `fn` on the client's delivery
  /// thread, in order. Pulling is then no longer possible.
  void on_event(EventHandler fn) {
    if (!fn) throw InvalidArgumentError(Status::InvalidArgument, "on_event: empty function");
    {
      std::lock_guard<std::mutex> lock(state_->m);
      state_->has_callbacks = true;
    }
    auto *cb = new detail::TurnEventCb{std::move(fn), state_};
    detail::check([&](codex_error **e) {
      return codex_turn_set_event_callback(h(), detail::turn_event_trampoline, cb,
                                           detail::delete_user_data<detail::TurnEventCb>, e);
    });
  }

  /// Calls `fn` once when the turn ends, on the delivery thread after the last event callback;
  /// if the turn has already ended, at once on this thread (its exception then propagates).
  void on_complete(TurnCompleteHandler fn) {
    std::unique_lock<std::mutex> lock(state_->m);
    state_->has_callbacks = true;
    // The trampoline records the outcome and reads user_complete under this lock, so exactly
    // one of the two sides calls fn.
    if (!state_->result && !state_->failure) {
      state_->user_complete = std::move(fn);
      return;
    }
    auto result = state_->result;
    auto failure = state_->failure;
    lock.unlock();
    if (fn) {
      if (result) fn(&*result, nullptr);
      else if (failure) fn(nullptr, &*failure);
    }
  }

  /// Adds plain-text input to the running turn. RpcError if it is no longer active.
  void steer(std::string_view text) {
    detail::CStr t(text, "text");
    detail::check([&](codex_error **e) { return codex_turn_steer(h(), t.c_str(), e); });
  }
  /// steer() with structured input (a JSON array of UserInput).
  void steer_input(std::string_view input_json) {
    detail::CStr t(input_json, "input_json");
    detail::check([&](codex_error **e) { return codex_turn_steer_input(h(), t.c_str(), e); });
  }
  /// Interrupts the turn; it then ends with TurnStatus::Interrupted (Completed if it finished
  /// first). Works right after turn() returns: the library holds the interrupt until the
  /// server has activated the turn. Does nothing on a turn that has ended.
  void interrupt() {
    detail::check([&](codex_error **e) { return codex_turn_interrupt(h(), e); });
  }
  /// Overrides the idle watchdog for this turn; zero turns it off.
  void set_idle_timeout(Timeout idle) {
    detail::check([&](codex_error **e) { return codex_turn_set_idle_timeout_ms(h(), idle.count(), e); });
  }

  /// Waits for the turn to end. A failed turn is returned, not thrown. Throws TimeoutError when
  /// `timeout` runs out (the turn goes on), or the exception a callback of this turn threw.
  TurnResult wait(Timeout timeout = no_timeout) { return wait_impl(timeout, nullptr); }
  /// wait() that throws CancelledError as soon as `cancel` is triggered (the turn goes on).
  TurnResult wait(Timeout timeout, const Cancel &cancel) { return wait_impl(timeout, cancel.get()); }

 private:
  TurnResult wait_impl(Timeout timeout, const codex_cancel *cancel) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    codex_turn_result *r = nullptr;
    codex_error *err = nullptr;
    codex_status st = codex_turn_wait_cancellable(h(), detail::to_ms(timeout), cancel, &r, &err);
    if (st == CODEX_STATUS_TIMEOUT || st == CODEX_STATUS_CANCELLED) detail::raise(st, err);
    std::exception_ptr c_error = st == CODEX_STATUS_OK ? nullptr : detail::make_exception(st, err);
    codex_error_free(err);
    std::optional<TurnResult> result;
    if (r) result = TurnResult::adopt(r);
    await_callbacks(timeout.count() < 0 ? std::nullopt : std::optional(deadline));
    if (auto e = state_->callback_error.take()) std::rethrow_exception(e);
    if (c_error) std::rethrow_exception(c_error);
    return std::move(*result);
  }

 public:
  /// The exception a callback threw, if any, without clearing it.
  std::exception_ptr callback_exception() const { return state_->callback_error.peek(); }
  const codex_turn *c_turn() const noexcept { return handle_.get(); }

 private:
  friend class Thread;
  friend class Client;
  struct Free {
    void operator()(codex_turn *t) const noexcept { codex_turn_free(t); }
  };

  explicit Turn(codex_turn *t) : state_(std::make_shared<detail::TurnState>()), handle_(t) {
    // One completion callback, registered up front, tells wait() when the delivery thread has
    // finished this turn's callbacks (so their exceptions are not missed) and forwards to the
    // user's on_complete.
    auto *cb = new detail::TurnCompleteCb{state_};
    detail::check([&](codex_error **e) {
      return codex_turn_on_complete(h(), detail::turn_complete_trampoline, cb,
                                    detail::delete_user_data<detail::TurnCompleteCb>, e);
    });
  }

  const codex_turn *h() const {
    if (!handle_) throw InvalidArgumentError(Status::InvalidArgument, "use of a moved-from codex::Turn");
    return handle_.get();
  }

  void await_callbacks(std::optional<std::chrono::steady_clock::time_point> deadline) {
    // Inside a callback the remaining callbacks run on this thread after it returns: don't wait.
    if (detail::callback_depth > 0) return;
    std::unique_lock<std::mutex> lock(state_->m);
    if (!state_->has_callbacks) return;
    auto ready = [&] { return state_->done; };
    if (deadline) state_->cv.wait_until(lock, *deadline, ready);
    else state_->cv.wait(lock, ready);
  }

  // Declared before handle_ so the handle is freed first (its callbacks hold the state).
  std::shared_ptr<detail::TurnState> state_;
  std::unique_ptr<codex_turn, Free> handle_;
};

namespace detail {
struct RunCb {
  const EventHandler *fn;
  std::exception_ptr error;
};
inline void run_event_trampoline(void *user_data, const codex_event *ev) {
  auto *cb = static_cast<RunCb *>(user_data);
  if (cb->error) return;  // a callback already threw: skip the rest, rethrow after the run
  try {
    (*cb->fn)(Event::borrow(ev));
  } catch (...) {
    cb->error = std::current_exception();
  }
}
}  // namespace detail

class Client;

/// One page of a paged list (threads, loaded threads, a thread's turns or items): each item as
/// JSON, and the cursor of the next page (empty on the last one; pass it back to continue).
struct Page {
  std::vector<std::string> items;
  std::string next_cursor;
  std::string json;
  bool last() const noexcept { return next_cursor.empty(); }
};

/// How a config write combines with what is there.
enum class MergeStrategy : std::uint32_t {
  Replace = CODEX_MERGE_STRATEGY_REPLACE,
  Upsert = CODEX_MERGE_STRATEGY_UPSERT,
};

/// What a review looks at (codex_review_target).
enum class ReviewTarget : std::uint32_t {
  UncommittedChanges = CODEX_REVIEW_TARGET_UNCOMMITTED_CHANGES,  // no value
  BaseBranch = CODEX_REVIEW_TARGET_BASE_BRANCH,                  // value: the branch
  Commit = CODEX_REVIEW_TARGET_COMMIT,                           // value: the sha
  Custom = CODEX_REVIEW_TARGET_CUSTOM,                           // value: the instructions
};

/// Where a review runs (codex_review_delivery). Detached is deprecated: app-server 0.163 refuses
/// it on its own threads (RpcError -32600) and 0.171 removes it.
enum class ReviewDelivery : std::uint32_t {
  Inline = CODEX_REVIEW_DELIVERY_INLINE,
  Detached = CODEX_REVIEW_DELIVERY_DETACHED,
};

/// Where a goal stands (codex_goal_status_t). As a goal_set argument, Other leaves it as it is.
enum class GoalStatus : std::uint32_t {
  Other = CODEX_GOAL_STATUS_OTHER,
  Active = CODEX_GOAL_STATUS_ACTIVE,
  Paused = CODEX_GOAL_STATUS_PAUSED,
  Blocked = CODEX_GOAL_STATUS_BLOCKED,
  UsageLimited = CODEX_GOAL_STATUS_USAGE_LIMITED,
  BudgetLimited = CODEX_GOAL_STATUS_BUDGET_LIMITED,
  Complete = CODEX_GOAL_STATUS_COMPLETE,
};

/// A thread's goal as the server reported it.
struct Goal {
  std::string thread_id;
  std::string objective;
  GoalStatus status = GoalStatus::Other;
  std::int64_t token_budget = -1;  // -1: none
  std::int64_t tokens_used = 0;
  std::int64_t time_used_seconds = 0;
  std::string json;
};

namespace detail {
/// Takes ownership of a codex_goal and copies it out.
inline Goal take_goal(codex_goal *g) {
  Goal out;
  out.thread_id = copy_or_empty(codex_goal_thread_id(g));
  out.objective = copy_or_empty(codex_goal_objective(g));
  out.status = static_cast<GoalStatus>(codex_goal_status(g));
  out.token_budget = codex_goal_token_budget(g);
  out.tokens_used = codex_goal_tokens_used(g);
  out.time_used_seconds = codex_goal_time_used_seconds(g);
  out.json = copy_or_empty(codex_goal_json(g));
  codex_goal_free(g);
  return out;
}

/// Takes ownership of a codex_page and copies it out.
inline Page take_page(codex_page *p) {
  Page out;
  for (std::size_t i = 0; i < codex_page_count(p); i++) out.items.emplace_back(codex_page_item_json(p, i));
  out.next_cursor = copy_or_empty(codex_page_next_cursor(p));
  out.json = copy_or_empty(codex_page_json(p));
  codex_page_free(p);
  return out;
}
}  // namespace detail

/// A thread on the server. Move-only; destroying it frees the handle (the thread stays stored).
class Thread {
 public:
  Thread(Thread &&) noexcept = default;
  Thread &operator=(Thread &&) noexcept = default;

  std::string id() const { return detail::copy_or_empty(codex_thread_id(h())); }

  /// Runs a turn with plain-text input to its end, on this thread. `on_event` (may be empty)
  /// sees each event in order before run() returns. A failed turn is a TurnResult. If on_event
  /// throws, later events skip it, the turn runs to its end, then the exception is rethrown
  /// (use turn() + interrupt() to stop a turn early).
  TurnResult run(std::string_view input, std::string_view turn_params_json = {}, const EventHandler &on_event = {}) {
    detail::CStr text(input, "input");
    detail::OptJson params(turn_params_json, "turn_params_json");
    return run_impl(on_event, [&](codex_event_fn fn, void *ud, codex_turn_result **out, codex_error **e) {
      return codex_thread_run(h(), text.c_str(), params.get(), fn, ud, out, e);
    });
  }
  TurnResult run(std::string_view input, const EventHandler &on_event) { return run(input, {}, on_event); }
  /// run() with typed turn overrides (a template only so that `run(input, {}, handler)` still
  /// means "no overrides").
  template <class P, std::enable_if_t<std::is_same_v<P, TurnParams>, int> = 0>
  TurnResult run(std::string_view input, const P &params, const EventHandler &on_event = {}) {
    return run(input, std::string_view(params.json()), on_event);
  }
  /// run() that throws CancelledError as soon as `cancel` is triggered from another thread (at
  /// once, starting nothing, if it already is); the run's turn is then interrupted.
  TurnResult run(std::string_view input, const Cancel &cancel, std::string_view turn_params_json = {},
                 const EventHandler &on_event = {}) {
    detail::CStr text(input, "input");
    detail::OptJson params(turn_params_json, "turn_params_json");
    return run_impl(on_event, [&](codex_event_fn fn, void *ud, codex_turn_result **out, codex_error **e) {
      return codex_thread_run_cancellable(h(), text.c_str(), params.get(), cancel.get(), fn, ud, out, e);
    });
  }

  /// run() bounded by `deadline` (counted from the call; no_timeout = none): when it passes
  /// the library interrupts the turn and run_bounded() returns its result, normally
  /// Interrupted, with deadline_reached set (a turn the server has not ended 5 s after that
  /// interrupt is ended as Failed). The server's retries (an unreachable provider) reach
  /// `on_event` as EventKind::Retry and do not extend the deadline.
  TurnResult run_bounded(std::string_view input, Timeout deadline, std::string_view turn_params_json = {},
                         const EventHandler &on_event = {}) {
    return run_bounded_impl(input, deadline, nullptr, turn_params_json, on_event);
  }
  TurnResult run_bounded(std::string_view input, Timeout deadline, const EventHandler &on_event) {
    return run_bounded(input, deadline, {}, on_event);
  }
  /// run_bounded() that also throws CancelledError as soon as `cancel` is triggered (as run()).
  TurnResult run_bounded(std::string_view input, Timeout deadline, const Cancel &cancel,
                         std::string_view turn_params_json = {}, const EventHandler &on_event = {}) {
    return run_bounded_impl(input, deadline, cancel.get(), turn_params_json, on_event);
  }

  /// run() with structured input: a JSON array of UserInput.
  TurnResult run_input(std::string_view input_json, std::string_view turn_params_json = {},
                       const EventHandler &on_event = {}) {
    detail::CStr input(input_json, "input_json");
    detail::OptJson params(turn_params_json, "turn_params_json");
    return run_impl(on_event, [&](codex_event_fn fn, void *ud, codex_turn_result **out, codex_error **e) {
      return codex_thread_run_input(h(), input.c_str(), params.get(), fn, ud, out, e);
    });
  }

  /// Starts a turn with plain-text input and returns its handle.
  Turn turn(std::string_view input, std::string_view turn_params_json = {}) {
    detail::CStr text(input, "input");
    detail::OptJson params(turn_params_json, "turn_params_json");
    codex_turn *t = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_turn(h(), text.c_str(), params.get(), &t, e); });
    return Turn(t);
  }
  /// turn() with typed turn overrides.
  template <class P, std::enable_if_t<std::is_same_v<P, TurnParams>, int> = 0>
  Turn turn(std::string_view input, const P &params) {
    return turn(input, std::string_view(params.json()));
  }
  /// turn() with structured input: a JSON array of UserInput.
  Turn turn_input(std::string_view input_json, std::string_view turn_params_json = {}) {
    detail::CStr input(input_json, "input_json");
    detail::OptJson params(turn_params_json, "turn_params_json");
    codex_turn *t = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_turn_input(h(), input.c_str(), params.get(), &t, e); });
    return Turn(t);
  }

  /// `thread/read`: the `{"thread":...}` JSON; `include_turns` fills thread.turns.
  std::string read(bool include_turns = false) const {
    char *out = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_read(h(), include_turns, &out, e); });
    return detail::take_string(out);
  }
  void set_name(std::string_view name) {
    detail::CStr n(name, "name");
    detail::check([&](codex_error **e) { return codex_thread_set_name(h(), n.c_str(), e); });
  }
  /// Starts compaction of the thread's context.
  void compact() {
    detail::check([&](codex_error **e) { return codex_thread_compact(h(), e); });
  }

  // --- history and management
  /// One page of this thread's turns (each a Turn as JSON); `cursor` empty = the first page,
  /// `limit` 0 = the server's default.
  Page turns(std::string_view cursor = {}, std::uint32_t limit = 0) const {
    detail::OptJson c(cursor, "cursor");
    codex_page *p = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_turns(h(), c.get(), limit, &p, e); });
    return detail::take_page(p);
  }
  /// One page of this thread's items, of one turn (`turn_id`) or of all (empty).
  Page items(std::string_view turn_id = {}, std::string_view cursor = {}, std::uint32_t limit = 0) const {
    detail::OptJson t(turn_id, "turn_id");
    detail::OptJson c(cursor, "cursor");
    codex_page *p = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_items(h(), t.get(), c.get(), limit, &p, e); });
    return detail::take_page(p);
  }
  /// Calls `tool` of the thread's MCP server `server` with `arguments_json` (an object; empty =
  /// none). A failing tool is a result with is_error; an unknown server is RpcError.
  McpToolResult mcp_tool_call(std::string_view server, std::string_view tool,
                              std::string_view arguments_json = {}) const {
    detail::CStr s(server, "server");
    detail::CStr t(tool, "tool");
    detail::OptJson a(arguments_json, "arguments_json");
    codex_mcp_tool_result *out = nullptr;
    detail::check([&](codex_error **e) { return codex_mcp_tool_call(h(), s.c_str(), t.c_str(), a.get(), &out, e); });
    return detail::take_mcp_tool_result(out);
  }
  /// Drops the turn `before_turn_id` and every later one.
  void revert(std::string_view before_turn_id) {
    detail::CStr id(before_turn_id, "before_turn_id");
    detail::check([&](codex_error **e) { return codex_thread_revert(h(), id.c_str(), e); });
  }
  /// ThreadMetadataUpdateParams without threadId, e.g. `{"gitInfo":{"branch":"main"}}`.
  void update_metadata(std::string_view metadata_json) {
    detail::CStr m(metadata_json, "metadata_json");
    detail::check([&](codex_error **e) { return codex_thread_update_metadata(h(), m.c_str(), e); });
  }
  /// Adds items (a JSON array of response items) to the history without a turn.
  void inject_items(std::string_view items_json) {
    detail::CStr i(items_json, "items_json");
    detail::check([&](codex_error **e) { return codex_thread_inject_items(h(), i.c_str(), e); });
  }
  /// Stops this connection receiving the thread's events.
  void unsubscribe() {
    detail::check([&](codex_error **e) { return codex_thread_unsubscribe(h(), e); });
  }

  // --- review
  /// Starts a review (`value`: the branch, sha or instructions the target needs; empty for
  /// UncommittedChanges); its turn comes back like turn()'s. The review's text is the final
  /// response. In the thread's history a review is two turns (the review's and the one that ran
  /// it, whose rootTurnId is the review's).
  Turn review(ReviewTarget target, std::string_view value = {},
              ReviewDelivery delivery = ReviewDelivery::Inline) {
    detail::OptJson v(value, "value");
    codex_turn *t = nullptr;
    detail::check([&](codex_error **e) {
      return codex_thread_review(h(), static_cast<std::uint32_t>(target), v.get(),
                                 static_cast<std::uint32_t>(delivery), &t, e);
    });
    return Turn(t);
  }

  // --- goal
  /// Sets or updates the goal: empty `objective` keeps the current one, `token_budget` < 0 sends
  /// none, GoalStatus::Other keeps the status. An active goal makes the server run turns on the
  /// thread by itself until it is complete, paused or out of budget.
  Goal goal_set(std::string_view objective, std::int64_t token_budget = -1,
                GoalStatus status = GoalStatus::Other) {
    detail::OptJson o(objective, "objective");
    codex_goal *g = nullptr;
    detail::check([&](codex_error **e) {
      return codex_thread_goal_set(h(), o.get(), token_budget, static_cast<std::uint32_t>(status), &g, e);
    });
    return detail::take_goal(g);
  }
  /// The goal, or nullopt when the thread has none.
  std::optional<Goal> goal() const {
    codex_goal *g = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_goal_get(h(), &g, e); });
    if (!g) return std::nullopt;
    return detail::take_goal(g);
  }
  /// Removes the goal; whether there was one.
  bool goal_clear() {
    bool cleared = false;
    detail::check([&](codex_error **e) { return codex_thread_goal_clear(h(), &cleared, e); });
    return cleared;
  }
  const codex_thread *c_thread() const noexcept { return handle_.get(); }

 private:
  friend class Client;
  struct Free {
    void operator()(codex_thread *t) const noexcept { codex_thread_free(t); }
  };
  explicit Thread(codex_thread *t) noexcept : handle_(t) {}

  const codex_thread *h() const {
    if (!handle_) throw InvalidArgumentError(Status::InvalidArgument, "use of a moved-from codex::Thread");
    return handle_.get();
  }

  TurnResult run_bounded_impl(std::string_view input, Timeout deadline, const codex_cancel *cancel,
                              std::string_view turn_params_json, const EventHandler &on_event) {
    detail::CStr text(input, "input");
    detail::OptJson params(turn_params_json, "turn_params_json");
    return run_impl(on_event, [&](codex_event_fn fn, void *ud, codex_turn_result **out, codex_error **e) {
      return codex_thread_run_bounded(h(), text.c_str(), params.get(), detail::to_ms(deadline), cancel, fn, ud, out, e);
    });
  }

  template <class F>
  TurnResult run_impl(const EventHandler &on_event, F &&call) {
    detail::RunCb cb{&on_event, nullptr};
    codex_turn_result *r = nullptr;
    codex_error *err = nullptr;
    codex_status st = on_event ? call(detail::run_event_trampoline, &cb, &r, &err) : call(nullptr, nullptr, &r, &err);
    if (cb.error) {
      codex_turn_result_free(r);
      codex_error_free(err);
      std::rethrow_exception(cb.error);
    }
    if (st != CODEX_STATUS_OK) detail::raise(st, err);
    return TurnResult::adopt(r);
  }

  std::unique_ptr<codex_thread, Free> handle_;
};

}  // namespace codex

#endif
