// codex-ffi C++ binding: codex::Options, codex::LoginHandle, codex::ServerRequest, codex::Client.
#ifndef CODEX_CPP_CLIENT_HPP
#define CODEX_CPP_CLIENT_HPP

#include "codex/turn.hpp"

#include <vector>

namespace codex {

enum class LogLevel : int {
  Error = CODEX_LOG_LEVEL_ERROR,
  Warn = CODEX_LOG_LEVEL_WARN,
  Info = CODEX_LOG_LEVEL_INFO,
  Debug = CODEX_LOG_LEVEL_DEBUG,
};
using LogHandler = std::function<void(LogLevel, std::string_view message)>;

namespace detail {
struct LogCb {
  LogHandler fn;
};
inline void log_trampoline(void *user_data, codex_log_level level, const char *message) {
  CallbackScope scope;
  try {
    static_cast<LogCb *>(user_data)->fn(static_cast<LogLevel>(level), message ? message : "");
  } catch (...) {
    // Diagnostics have no caller to report to; an exception from a log handler is dropped.
  }
}
}  // namespace detail

/// Options for a Client (builder style). Move-only.
class Options {
 public:
  Options() : h_(codex_options_new()) {
    if (!h_) throw InternalError(Status::Internal, "codex_options_new failed");
  }
  Options(Options &&) noexcept = default;
  Options &operator=(Options &&) noexcept = default;

  /// Path of the codex binary (default: $CODEX_BIN, then `codex` on PATH).
  Options &codex_bin(std::string_view path) { return set_path(codex_options_set_codex_bin, path, "codex_bin"); }
  /// CODEX_HOME of the app-server (default: inherited).
  Options &codex_home(std::string_view path) { return set_path(codex_options_set_codex_home, path, "codex_home"); }
  /// Working directory of the app-server and default cwd of threads (default: inherited).
  Options &cwd(std::string_view path) { return set_path(codex_options_set_cwd, path, "cwd"); }
  Options &env(std::string_view name, std::string_view value) {
    detail::CStr n(name, "env name"), v(value, "env value");
    detail::check([&](codex_error **e) { return codex_options_set_env(h_.get(), n.c_str(), v.c_str(), e); });
    return *this;
  }
  Options &unset_env(std::string_view name) {
    detail::CStr n(name, "env name");
    detail::check([&](codex_error **e) { return codex_options_set_env(h_.get(), n.c_str(), nullptr, e); });
    return *this;
  }
  /// A `--config key=value` override (value parsed as TOML), e.g. "features.plugins=false".
  Options &config(std::string_view key_value) {
    detail::CStr kv(key_value, "config");
    detail::check([&](codex_error **e) { return codex_options_add_config(h_.get(), kv.c_str(), e); });
    return *this;
  }
  /// clientInfo sent at initialize; empty title / version mean "none" / the library's version.
  Options &client_info(std::string_view name, std::string_view title = {}, std::string_view version = {}) {
    detail::CStr n(name, "client name");
    detail::OptJson t(title, "client title"), v(version, "client version");  // empty -> NULL
    detail::check([&](codex_error **e) { return codex_options_set_client_info(h_.get(), n.c_str(), t.get(), v.get(), e); });
    return *this;
  }
  Options &experimental_api(bool on) {
    detail::check([&](codex_error **e) { return codex_options_set_experimental_api(h_.get(), on, e); });
    return *this;
  }
  /// Bound on every call that talks to the server and is not itself a wait (default 60 s).
  Options &request_timeout(Timeout t) {
    detail::check([&](codex_error **e) { return codex_options_set_request_timeout_ms(h_.get(), t.count(), e); });
    return *this;
  }
  Options &retry_limit(std::uint32_t retries) {
    detail::check([&](codex_error **e) { return codex_options_set_retry_limit(h_.get(), retries, e); });
    return *this;
  }
  Options &accept_any_version(bool accept) {
    detail::check([&](codex_error **e) { return codex_options_set_accept_any_version(h_.get(), accept, e); });
    return *this;
  }
  /// Idle watchdog for turns (zero turns it off; default 10 min).
  Options &idle_timeout(Timeout t) {
    detail::check([&](codex_error **e) { return codex_options_set_idle_timeout_ms(h_.get(), t.count(), e); });
    return *this;
  }
  /// How long a server-request handler may take before the safe default answer (default 10 min).
  Options &server_request_timeout(Timeout t) {
    detail::check(
        [&](codex_error **e) { return codex_options_set_server_request_timeout_ms(h_.get(), t.count(), e); });
    return *this;
  }
  /// The library's diagnostics (never secrets), on the client's delivery thread. Exceptions
  /// thrown by `fn` are dropped. An empty `fn` removes the handler.
  Options &log_handler(LogHandler fn, LogLevel max_level = LogLevel::Info) {
    if (!fn) {
      detail::check([&](codex_error **e) {
        return codex_options_set_log_callback(h_.get(), static_cast<codex_log_level>(max_level), nullptr, nullptr,
                                              nullptr, e);
      });
      return *this;
    }
    auto *cb = new detail::LogCb{std::move(fn)};
    detail::check([&](codex_error **e) {
      return codex_options_set_log_callback(h_.get(), static_cast<codex_log_level>(max_level), detail::log_trampoline,
                                            cb, detail::delete_user_data<detail::LogCb>, e);
    });
    return *this;
  }

  /// Connect to a running app-server instead of spawning one: "unix://PATH", "ws://HOST:PORT"
  /// or "wss://HOST:PORT". The spawn-only options (codex_bin, codex_home, cwd, env, config) must
  /// then stay unset (InvalidArgumentError). Refused credentials: AuthError from the Client
  /// constructor, with the server's reason. See docs/remote.md.
  Options &remote_url(std::string_view url) { return set_path(codex_options_set_remote_url, url, "remote url"); }
  /// A capability token (`--ws-auth capability-token`) or a ready bearer token.
  Options &remote_token(std::string_view token) { return set_path(codex_options_set_remote_token, token, "token"); }
  /// The token read from a file when the client starts.
  Options &remote_token_file(std::string_view path) {
    return set_path(codex_options_set_remote_token_file, path, "token file");
  }
  /// A signed bearer token (`--ws-auth signed-bearer-token`): an HS256 JWT made from the shared
  /// secret, with issuer and audience (empty = left out), valid for `ttl`.
  Options &remote_jwt(std::string_view secret, std::string_view issuer = {}, std::string_view audience = {},
                      std::chrono::seconds ttl = std::chrono::minutes(5)) {
    detail::CStr s(secret, "secret");
    detail::OptJson i(issuer, "issuer"), a(audience, "audience");  // empty -> NULL
    detail::check([&](codex_error **e) {
      return codex_options_set_remote_jwt(h_.get(), s.c_str(), i.get(), a.get(), ttl.count(), e);
    });
    return *this;
  }
  /// remote_jwt with the shared secret read from a file when the client starts.
  Options &remote_jwt_file(std::string_view secret_path, std::string_view issuer = {},
                           std::string_view audience = {}, std::chrono::seconds ttl = std::chrono::minutes(5)) {
    detail::CStr s(secret_path, "secret path");
    detail::OptJson i(issuer, "issuer"), a(audience, "audience");
    detail::check([&](codex_error **e) {
      return codex_options_set_remote_jwt_file(h_.get(), s.c_str(), i.get(), a.get(), ttl.count(), e);
    });
    return *this;
  }
  /// PEM CAs a wss:// server must chain to (default: the system's store).
  Options &remote_ca_file(std::string_view path) { return set_path(codex_options_set_remote_ca_file, path, "CA file"); }
  /// A link on which nothing arrives for `t` is dead: waiters get TransportError (zero = never;
  /// default 30 s).
  Options &remote_ping_timeout(Timeout t) {
    detail::check([&](codex_error **e) { return codex_options_set_remote_ping_timeout_ms(h_.get(), t.count(), e); });
    return *this;
  }

  const codex_options *c_options() const noexcept { return h_.get(); }

 private:
  struct Free {
    void operator()(codex_options *o) const noexcept { codex_options_free(o); }
  };
  template <class F>
  Options &set_path(F f, std::string_view path, const char *what) {
    detail::CStr p(path, what);
    detail::check([&](codex_error **e) { return f(h_.get(), p.c_str(), e); });
    return *this;
  }
  std::unique_ptr<codex_options, Free> h_;
};

using LoginCompleteHandler = std::function<void(const LoginResult *result, const Error *error)>;

namespace detail {
struct LoginState {
  ExceptionSlot callback_error;
};
struct LoginCb {
  LoginCompleteHandler fn;
  std::shared_ptr<LoginState> st;
};
inline void login_complete_trampoline(void *user_data, codex_status status, const codex_login_result *result,
                                      const codex_error *error) {
  CallbackScope scope;
  auto *cb = static_cast<LoginCb *>(user_data);
  try {
    if (result) {
      LoginResult r = LoginResult::from(result);
      cb->fn(&r, nullptr);
    } else {
      Error e = error_value(status, error);
      cb->fn(nullptr, &e);
    }
  } catch (...) {
    cb->st->callback_error.store(std::current_exception());
  }
}
}  // namespace detail

/// A pending interactive (ChatGPT) login. Move-only; destroying it frees the handle (the login
/// goes on unless cancelled).
class LoginHandle {
 public:
  LoginHandle(LoginHandle &&) noexcept = default;
  LoginHandle &operator=(LoginHandle &&) noexcept = default;

  std::string login_id() const { return detail::copy_or_empty(codex_login_id(h())); }
  /// The URL to open for a browser login; empty for a device-code login.
  std::string auth_url() const { return detail::copy_or_empty(codex_login_auth_url(h())); }
  /// The page to visit for a device-code login; empty for a browser login.
  std::string verification_url() const { return detail::copy_or_empty(codex_login_verification_url(h())); }
  /// The code to enter for a device-code login; empty for a browser login.
  std::string user_code() const { return detail::copy_or_empty(codex_login_user_code(h())); }

  /// Waits for the login to end. A failed or cancelled login returns success == false. Throws
  /// TimeoutError when `timeout` runs out (the login stays pending), ClosedError /
  /// TransportError, or an exception an on_complete callback already threw (once).
  LoginResult wait(Timeout timeout = no_timeout) { return wait(timeout, nullptr); }
  /// wait() that throws CancelledError as soon as `cancel` is triggered (the login stays pending).
  LoginResult wait(Timeout timeout, const Cancel &cancel) { return wait(timeout, cancel.get()); }
  LoginResult wait(Timeout timeout, const codex_cancel *cancel) {
    codex_login_result *r = nullptr;
    detail::check([&](codex_error **e) {
      return codex_login_wait_cancellable(h(), detail::to_ms(timeout), cancel, &r, e);
    });
    std::unique_ptr<codex_login_result, void (*)(codex_login_result *)> guard(r, codex_login_result_free);
    LoginResult out = LoginResult::from(r);
    if (auto e = state_->callback_error.take()) std::rethrow_exception(e);
    return out;
  }
  /// Cancels the login (it then ends with success == false). Idempotent.
  void cancel() {
    detail::check([&](codex_error **e) { return codex_login_cancel(h(), e); });
  }
  /// Calls `fn` once, on the client's delivery thread, when the login ends.
  void on_complete(LoginCompleteHandler fn) {
    if (!fn) throw InvalidArgumentError(Status::InvalidArgument, "on_complete: empty function");
    auto *cb = new detail::LoginCb{std::move(fn), state_};
    detail::check([&](codex_error **e) {
      return codex_login_on_complete(h(), detail::login_complete_trampoline, cb,
                                     detail::delete_user_data<detail::LoginCb>, e);
    });
  }
  /// The exception an on_complete callback threw, if any, without clearing it.
  std::exception_ptr callback_exception() const { return state_->callback_error.peek(); }

 private:
  friend class Client;
  struct Free {
    void operator()(codex_login *l) const noexcept { codex_login_free(l); }
  };
  explicit LoginHandle(codex_login *l) : state_(std::make_shared<detail::LoginState>()), handle_(l) {}
  const codex_login *h() const {
    if (!handle_) throw InvalidArgumentError(Status::InvalidArgument, "use of a moved-from codex::LoginHandle");
    return handle_.get();
  }
  std::shared_ptr<detail::LoginState> state_;
  std::unique_ptr<codex_login, Free> handle_;
};

/// A request from the server (an approval, user input, an elicitation, ...). Move-only. Answer it
/// once, now or later from any thread; destroying it unanswered sends the safe default answer
/// (decline), as does a handler that throws. Views are valid while the request lives.
/// Mirrors codex_server_request_kind_t.
enum class RequestKind : int {
  Other = CODEX_REQUEST_OTHER,
  CommandApproval = CODEX_REQUEST_COMMAND_APPROVAL,
  FileChangeApproval = CODEX_REQUEST_FILE_CHANGE_APPROVAL,
  Permissions = CODEX_REQUEST_PERMISSIONS,
  UserInput = CODEX_REQUEST_USER_INPUT,
  McpElicitation = CODEX_REQUEST_MCP_ELICITATION,
  DynamicToolCall = CODEX_REQUEST_DYNAMIC_TOOL_CALL,
};

/// The kind of one content item of a dynamic tool's answer (codex_tool_content_t).
enum class ToolContent : std::uint32_t {
  Text = CODEX_TOOL_CONTENT_TEXT,
  ImageUrl = CODEX_TOOL_CONTENT_IMAGE_URL,
  AudioUrl = CODEX_TOOL_CONTENT_AUDIO_URL,
};

/// A function the model may call on a thread (Client::thread_start_with_tools).
struct DynamicTool {
  std::string name;         // ASCII letters, digits, '_' or '-'
  std::string description;  // for the model
  std::string input_schema_json = R"({"type":"object","properties":{}})";
};

/// The account's rate limits (Client::rate_limits): -1 where the server sent nothing.
struct RateLimits {
  std::int64_t primary_used_percent = -1, primary_window_mins = -1, primary_resets_at = -1;
  std::int64_t secondary_used_percent = -1, secondary_window_mins = -1, secondary_resets_at = -1;
  std::string plan_type;
  std::string json;
};

/// The account's token usage (Client::account_usage): -1 where the backend sent nothing.
struct AccountUsage {
  std::int64_t lifetime_tokens = -1, peak_daily_tokens = -1, longest_running_turn_sec = -1;
  std::int64_t current_streak_days = -1, longest_streak_days = -1;
  struct Day {
    std::string date;  // YYYY-MM-DD
    std::int64_t tokens = 0;
  };
  std::vector<Day> days;
  std::string json;
};

/// Mirrors codex_decision_t: a typed answer to a server request.
enum class Decision : std::uint32_t {
  Decline = CODEX_DECISION_DECLINE,  // the safe default
  Accept = CODEX_DECISION_ACCEPT,
  AcceptForSession = CODEX_DECISION_ACCEPT_FOR_SESSION,
  Cancel = CODEX_DECISION_CANCEL,
};

/// Thread and turn param values, spelled once (as Go's SandboxMode / ApprovalPolicy and
/// Swift's have them): e.g. `{"sandbox": codex::sandbox::read_only}` in the params JSON.
namespace sandbox {
inline constexpr const char *read_only = "read-only";
inline constexpr const char *workspace_write = "workspace-write";
inline constexpr const char *danger_full_access = "danger-full-access";
}  // namespace sandbox
namespace approval {
inline constexpr const char *untrusted = "untrusted";
inline constexpr const char *on_request = "on-request";
inline constexpr const char *never = "never";
}  // namespace approval

class ServerRequest {
 public:
  explicit ServerRequest(codex_server_request *r) noexcept : h_(r) {}
  ServerRequest(ServerRequest &&) noexcept = default;
  ServerRequest &operator=(ServerRequest &&) noexcept = default;

  /// e.g. "item/commandExecution/requestApproval".
  std::string_view method() const { return view(codex_server_request_method(h())); }
  /// The JSON-RPC id as JSON text.
  std::string_view id() const { return view(codex_server_request_id(h())); }
  std::string_view params() const { return view(codex_server_request_params(h())); }
  std::string_view thread_id() const { return view(codex_server_request_thread_id(h())); }
  std::string_view turn_id() const { return view(codex_server_request_turn_id(h())); }

  /// Answers with a result, e.g. `{"decision":"accept"}`. ExpiredError if already answered.
  void respond(std::string_view result_json) {
    detail::CStr r(result_json, "result_json");
    detail::check([&](codex_error **e) { return codex_server_request_respond(h(), r.c_str(), e); });
  }
  /// Answers with a JSON-RPC error (`code` must not be 0).
  void respond_error(std::int64_t code, std::string_view message) {
    detail::CStr m(message, "message");
    detail::check([&](codex_error **e) { return codex_server_request_respond_error(h(), code, m.c_str(), e); });
  }
  /// Shorthands for command / file-change approvals.
  void accept() { respond(R"({"decision":"accept"})"); }
  void decline() { respond(R"({"decision":"decline"})"); }

  // ---- typed view (decoded on first use, on this thread) ----
  RequestKind kind() const { return static_cast<RequestKind>(codex_server_request_kind(h())); }
  /// The item the request is about (its item/started event has a file change's paths).
  std::string_view item_id() const { return view(codex_server_request_item_id(h())); }
  /// A command approval's command and working directory (cwd also for permission requests).
  std::string_view command() const { return view(codex_server_request_command(h())); }
  std::string_view cwd() const { return view(codex_server_request_cwd(h())); }
  std::string_view reason() const { return view(codex_server_request_reason(h())); }
  /// A file-change approval's requested write root for the session.
  std::string_view grant_root() const { return view(codex_server_request_grant_root(h())); }
  /// A permission request's RequestPermissionProfile JSON.
  std::string_view permissions_json() const { return view(codex_server_request_permissions_json(h())); }
  /// The command prefix a command approval proposes to allow from now on (empty if none).
  std::vector<std::string> proposed_amendment() const {
    std::vector<std::string> v;
    for (size_t i = 0, n = codex_server_request_amendment_count(h()); i < n; i++)
      v.emplace_back(view(codex_server_request_amendment(h(), i)));
    return v;
  }
  /// The decisions a command approval offers, as the server names them.
  std::vector<std::string> offered_decisions() const {
    std::vector<std::string> v;
    for (size_t i = 0, n = codex_server_request_decision_count(h()); i < n; i++)
      v.emplace_back(view(codex_server_request_decision(h(), i)));
    return v;
  }
  /// A user-input request's questions.
  struct Question {
    std::string id, header, text;
    std::vector<std::string> options;  // option labels (empty = free text)
  };
  std::vector<Question> questions() const {
    std::vector<Question> v;
    for (size_t i = 0, n = codex_server_request_question_count(h()); i < n; i++) {
      Question q{std::string(view(codex_server_request_question_id(h(), i))),
                 std::string(view(codex_server_request_question_header(h(), i))),
                 std::string(view(codex_server_request_question_text(h(), i))), {}};
      for (size_t j = 0, m = codex_server_request_question_option_count(h(), i); j < m; j++)
        q.options.emplace_back(view(codex_server_request_question_option(h(), i, j)));
      v.push_back(std::move(q));
    }
    return v;
  }
  /// Sets the answer to question `index` of a user-input request (sent by answer(Accept)).
  void set_answer(size_t index, std::string_view answer) {
    detail::CStr a(answer, "answer");
    detail::check([&](codex_error **e) { return codex_server_request_set_answer(h(), index, a.c_str(), e); });
  }
  /// A dynamic tool call's tool, namespace (empty for plain tools), arguments JSON and call id.
  std::string_view tool_name() const { return view(codex_server_request_tool_name(h())); }
  std::string_view tool_namespace() const { return view(codex_server_request_tool_namespace(h())); }
  std::string_view tool_arguments() const { return view(codex_server_request_tool_arguments(h())); }
  std::string_view call_id() const { return view(codex_server_request_call_id(h())); }
  /// Adds a content item to a dynamic tool call's answer (sent by answer(): Accept = success).
  void add_tool_content(ToolContent kind, std::string_view value) {
    detail::CStr v(value, "value");
    detail::check([&](codex_error **e) {
      return codex_server_request_add_tool_content(h(), static_cast<std::uint32_t>(kind), v.c_str(), e);
    });
  }
  /// Answers a dynamic tool call with one text item: success or failure.
  void answer_tool(bool success, std::string_view text) {
    add_tool_content(ToolContent::Text, text);
    answer(success ? Decision::Accept : Decision::Decline);
  }
  /// Answers with a typed decision (see codex_server_request_answer). Decline is the safe one.
  void answer(Decision d) {
    detail::check([&](codex_error **e) {
      return codex_server_request_answer(h(), static_cast<std::uint32_t>(d), e);
    });
  }

 private:
  struct Free {
    void operator()(codex_server_request *r) const noexcept { codex_server_request_free(r); }
  };
  const codex_server_request *h() const {
    if (!h_) throw InvalidArgumentError(Status::InvalidArgument, "use of a moved-from codex::ServerRequest");
    return h_.get();
  }
  static std::string_view view(const char *s) noexcept { return s ? std::string_view(s) : std::string_view(); }
  std::unique_ptr<codex_server_request, Free> h_;
};

using ServerRequestHandler = std::function<void(ServerRequest)>;
using RequestCompleteHandler = std::function<void(const std::string *result_json, const Error *error)>;

namespace detail {
struct ClientState {
  ExceptionSlot callback_error;
};
struct ServerRequestCb {
  ServerRequestHandler fn;
  std::shared_ptr<ClientState> st;
};
inline void server_request_trampoline(void *user_data, codex_server_request *request) {
  CallbackScope scope;
  auto *cb = static_cast<ServerRequestCb *>(user_data);
  // Owned from here on: if the handler throws, unwinding frees it and the safe answer goes out.
  ServerRequest req(request);
  try {
    cb->fn(std::move(req));
  } catch (...) {
    cb->st->callback_error.store(std::current_exception());
  }
}
struct NotificationCb {
  EventHandler fn;
  std::shared_ptr<ClientState> st;
};
inline void notification_trampoline(void *user_data, const codex_event *ev) {
  CallbackScope scope;
  auto *cb = static_cast<NotificationCb *>(user_data);
  try {
    cb->fn(Event::borrow(ev));
  } catch (...) {
    cb->st->callback_error.store(std::current_exception());
  }
}
struct RequestCb {
  RequestCompleteHandler fn;
  std::shared_ptr<ClientState> st;
};
inline void request_trampoline(void *user_data, codex_status status, const char *result_json, const codex_error *error) {
  CallbackScope scope;
  auto *cb = static_cast<RequestCb *>(user_data);
  try {
    if (status == CODEX_STATUS_OK) {
      std::string r = result_json ? result_json : "null";
      cb->fn(&r, nullptr);
    } else {
      Error e = error_value(status, error);
      cb->fn(nullptr, &e);
    }
  } catch (...) {
    cb->st->callback_error.store(std::current_exception());
  }
}
}  // namespace detail

/// Everything scoped to one thread from the moment it was opened (Client::thread_stream): the
/// events of each of its turns, also turns the library did not start (their turn/started
/// announces them: attach with Client::attach_turn), and the thread's own notifications, in
/// server order. Pull with next_event() or push with on_event(), not both. A stream that lags
/// past its cap gets one EventKind::Gap event. Move-only; destroying it closes it.
class ThreadStream {
 public:
  ThreadStream(ThreadStream &&) noexcept = default;
  ThreadStream &operator=(ThreadStream &&) noexcept = default;

  std::string thread_id() const { return detail::copy_or_empty(codex_thread_stream_thread_id(h())); }
  /// The next event, or std::nullopt if none came within `timeout`.
  std::optional<Event> next_event(Timeout timeout = no_timeout) const { return next_event(timeout, nullptr); }
  /// next_event() that throws CancelledError as soon as `cancel` is triggered (no event is lost).
  std::optional<Event> next_event(Timeout timeout, const Cancel &cancel) const {
    return next_event(timeout, cancel.get());
  }
  std::optional<Event> next_event(Timeout timeout, const codex_cancel *cancel) const {
    codex_event *ev = nullptr;
    codex_error *err = nullptr;
    codex_status st = codex_thread_stream_next_event_cancellable(h(), detail::to_ms(timeout), cancel, &ev, &err);
    if (st == CODEX_STATUS_TIMEOUT) return std::nullopt;
    if (st != CODEX_STATUS_OK) detail::raise(st, err);
    return Event::adopt(ev);
  }
  /// Pushes the stream's events (what is queued, then each new one) to `fn` on the client's
  /// delivery thread. Its exceptions are kept for Client::take_callback_exception().
  void on_event(EventHandler fn) {
    if (!fn) throw InvalidArgumentError(Status::InvalidArgument, "on_event: empty function");
    auto *cb = new detail::NotificationCb{std::move(fn), state_};
    detail::check([&](codex_error **e) {
      return codex_thread_stream_set_event_callback(h(), detail::notification_trampoline, cb,
                                                    detail::delete_user_data<detail::NotificationCb>, e);
    });
  }
  const codex_thread_stream *c_stream() const noexcept { return handle_.get(); }

 private:
  friend class Client;
  struct Free {
    void operator()(codex_thread_stream *s) const noexcept { codex_thread_stream_free(s); }
  };
  ThreadStream(codex_thread_stream *s, std::shared_ptr<detail::ClientState> st) : state_(std::move(st)), handle_(s) {}
  const codex_thread_stream *h() const {
    if (!handle_) throw InvalidArgumentError(Status::InvalidArgument, "use of a moved-from codex::ThreadStream");
    return handle_.get();
  }
  std::shared_ptr<detail::ClientState> state_;
  std::unique_ptr<codex_thread_stream, Free> handle_;
};

/// One running `codex app-server`. Move-only; destroying it (or close()) shuts the server down.
/// Threads, turns and logins made from it stay valid objects; their calls then throw ClosedError.
class Client {
 public:
  /// Starts an app-server with the default options and completes the handshake. Throws
  /// NotFoundError (no binary), TransportError (it died), TimeoutError or VersionError.
  Client() : Client(nullptr) {}
  explicit Client(const Options &opts) : Client(opts.c_options()) {}
  Client(Client &&) noexcept = default;
  Client &operator=(Client &&) noexcept = default;

  /// Shuts the server down now (as the destructor does). Later calls throw ClosedError.
  void close() noexcept { handle_.reset(); }
  bool is_open() const noexcept { return static_cast<bool>(handle_); }

  std::string user_agent() const { return detail::copy_or_empty(codex_client_user_agent(h())); }
  std::string server_version() const { return detail::copy_or_empty(codex_client_server_version(h())); }
  std::string codex_home() const { return detail::copy_or_empty(codex_client_codex_home(h())); }
  std::string platform_family() const { return detail::copy_or_empty(codex_client_platform_family(h())); }
  std::string platform_os() const { return detail::copy_or_empty(codex_client_platform_os(h())); }

  // --- authentication
  /// Logs in with an API key (never logged or put in errors).
  void login_api_key(std::string_view api_key) {
    detail::CStr k(api_key, "api_key");
    detail::check([&](codex_error **e) { return codex_login_api_key(h(), k.c_str(), e); });
  }
  /// Starts a ChatGPT browser login: show auth_url(), then wait().
  LoginHandle login_chatgpt() {
    codex_login *l = nullptr;
    detail::check([&](codex_error **e) { return codex_login_chatgpt(h(), &l, e); });
    return LoginHandle(l);
  }
  /// Starts a ChatGPT device-code login: show verification_url() and user_code(), then wait().
  LoginHandle login_chatgpt_device_code() {
    codex_login *l = nullptr;
    detail::check([&](codex_error **e) { return codex_login_chatgpt_device_code(h(), &l, e); });
    return LoginHandle(l);
  }
  /// `account/read` JSON: `{"account":...,"requiresOpenaiAuth":...}`.
  std::string account(bool refresh_token = false) const {
    char *out = nullptr;
    detail::check([&](codex_error **e) { return codex_account(h(), refresh_token, &out, e); });
    return detail::take_string(out);
  }
  void logout() {
    detail::check([&](codex_error **e) { return codex_logout(h(), e); });
  }

  // --- threads (params are the app-server's camelCase JSON; empty = none)
  Thread thread_start(std::string_view params_json = {}) {
    detail::OptJson p(params_json, "params_json");
    codex_thread *t = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_start(h(), p.get(), &t, e); });
    return Thread(t);
  }
  Thread thread_resume(std::string_view thread_id, std::string_view params_json = {}) {
    detail::CStr id(thread_id, "thread_id");
    detail::OptJson p(params_json, "params_json");
    codex_thread *t = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_resume(h(), id.c_str(), p.get(), &t, e); });
    return Thread(t);
  }
  Thread thread_fork(std::string_view thread_id, std::string_view params_json = {}) {
    detail::CStr id(thread_id, "thread_id");
    detail::OptJson p(params_json, "params_json");
    codex_thread *t = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_fork(h(), id.c_str(), p.get(), &t, e); });
    return Thread(t);
  }
  /// Typed params (codex::ThreadParams) for start, resume and fork.
  /// (Templates only so that a `{}` argument still means "no params".)
  template <class P, std::enable_if_t<std::is_same_v<P, ThreadParams>, int> = 0>
  Thread thread_start(const P &params) {
    return thread_start(std::string_view(params.json()));
  }
  template <class P, std::enable_if_t<std::is_same_v<P, ThreadParams>, int> = 0>
  Thread thread_resume(std::string_view thread_id, const P &params) {
    return thread_resume(thread_id, std::string_view(params.json()));
  }
  template <class P, std::enable_if_t<std::is_same_v<P, ThreadParams>, int> = 0>
  Thread thread_fork(std::string_view thread_id, const P &params) {
    return thread_fork(thread_id, std::string_view(params.json()));
  }
  /// `thread/list` with typed params (codex::ListParams).
  template <class P, std::enable_if_t<std::is_same_v<P, ListParams>, int> = 0>
  std::string thread_list(const P &params) const {
    return thread_list(std::string_view(params.json()));
  }
  /// `thread/list` result JSON.
  std::string thread_list(std::string_view params_json = {}) const {
    detail::OptJson p(params_json, "params_json");
    char *out = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_list(h(), p.get(), &out, e); });
    return detail::take_string(out);
  }
  void thread_archive(std::string_view thread_id) {
    detail::CStr id(thread_id, "thread_id");
    detail::check([&](codex_error **e) { return codex_thread_archive(h(), id.c_str(), e); });
  }
  /// Unarchives a thread (resume it before running turns).
  Thread thread_unarchive(std::string_view thread_id) {
    detail::CStr id(thread_id, "thread_id");
    codex_thread *t = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_unarchive(h(), id.c_str(), &t, e); });
    return Thread(t);
  }
  /// One page of `thread/list` (`params_json`: ThreadListParams filters, empty = all). The
  /// server's cursor is a timestamp of whole seconds: threads updated in the same second as a
  /// page's last thread may not appear on the next page.
  Page thread_list_page(std::string_view params_json = {}, std::string_view cursor = {},
                        std::uint32_t limit = 0) const {
    detail::OptJson p(params_json, "params_json");
    detail::OptJson c(cursor, "cursor");
    codex_page *out = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_list_page(h(), p.get(), c.get(), limit, &out, e); });
    return detail::take_page(out);
  }
  /// One page of the ids of the threads loaded in the server (each item a JSON string).
  Page loaded_threads(std::string_view cursor = {}, std::uint32_t limit = 0) const {
    detail::OptJson c(cursor, "cursor");
    codex_page *out = nullptr;
    detail::check([&](codex_error **e) { return codex_loaded_threads(h(), c.get(), limit, &out, e); });
    return detail::take_page(out);
  }
  /// Deletes a stored thread by id.
  void thread_delete(std::string_view thread_id) {
    detail::CStr id(thread_id, "thread_id");
    detail::check([&](codex_error **e) { return codex_thread_delete(h(), id.c_str(), e); });
  }

  // --- configuration
  /// The effective config as JSON (`{"config":...,"origins":...}`), for `cwd`'s project if given.
  std::string config_read(std::string_view cwd = {}, bool include_layers = false) const {
    detail::OptJson d(cwd, "cwd");
    char *out = nullptr;
    detail::check([&](codex_error **e) { return codex_config_read(h(), d.get(), include_layers, &out, e); });
    return detail::take_string(out);
  }
  /// Sets `key_path` (dotted) to `value_json` in the user's config.toml.
  void config_write(std::string_view key_path, std::string_view value_json,
                    MergeStrategy merge = MergeStrategy::Upsert) {
    detail::CStr k(key_path, "key_path");
    detail::CStr v(value_json, "value_json");
    detail::check([&](codex_error **e) {
      return codex_config_write(h(), k.c_str(), v.c_str(), static_cast<std::uint32_t>(merge), e);
    });
  }
  /// A JSON array of {"keyPath","value","mergeStrategy"} edits, written at once.
  void config_batch_write(std::string_view edits_json) {
    detail::CStr v(edits_json, "edits_json");
    detail::check([&](codex_error **e) { return codex_config_batch_write(h(), v.c_str(), e); });
  }
  /// What an administrator requires, as JSON.
  std::string config_requirements() const {
    char *out = nullptr;
    detail::check([&](codex_error **e) { return codex_config_requirements(h(), &out, e); });
    return detail::take_string(out);
  }

  // --- commands, file search, MCP
  /// Runs a command to its end in the server's sandbox, outside any thread (`command/exec`).
  /// `params_json`: CommandExecParams without `command` (cwd, env, timeoutMs, ...). Bounded by
  /// the request timeout: spawn_process() for longer commands or to stream.
  ExecResult command_exec(const std::vector<std::string> &argv, std::string_view params_json = {}) const {
    detail::CStrs a(argv, "argv");
    detail::OptJson p(params_json, "params_json");
    codex_exec_result *r = nullptr;
    detail::check([&](codex_error **e) { return codex_command_exec(h(), a.ptrs.data(), a.ptrs.size(), p.get(), &r, e); });
    return detail::take_exec_result(r);
  }
  /// Starts a command with the caller's process id; its output streams to the Process, its
  /// stdin stays open until close_stdin(). `{"tty":true,"size":{...}}` gives it a terminal.
  Process spawn_process(std::string_view process_id, const std::vector<std::string> &argv,
                        std::string_view params_json = {}) const {
    detail::CStr id(process_id, "process_id");
    detail::CStrs a(argv, "argv");
    detail::OptJson p(params_json, "params_json");
    codex_process *out = nullptr;
    detail::check([&](codex_error **e) {
      return codex_process_spawn(h(), id.c_str(), a.ptrs.data(), a.ptrs.size(), p.get(), &out, e);
    });
    return Process(out);
  }
  /// Files and folders under `roots` whose path matches `query` fuzzily, best first.
  std::vector<FileMatch> fuzzy_file_search(std::string_view query, const std::vector<std::string> &roots) const {
    detail::CStr q(query, "query");
    detail::CStrs r(roots, "roots");
    codex_file_matches *out = nullptr;
    detail::check([&](codex_error **e) { return codex_fuzzy_file_search(h(), q.c_str(), r.ptrs.data(), r.ptrs.size(), &out, e); });
    return detail::take_file_matches(out);
  }
  /// One page of the configured MCP servers: of the user's config, or (`thread_id`) of that
  /// thread's, with their connection state.
  McpServerPage mcp_server_status(std::string_view thread_id = {}, std::string_view cursor = {},
                                  std::uint32_t limit = 0) const {
    detail::OptJson t(thread_id, "thread_id");
    detail::OptJson c(cursor, "cursor");
    codex_mcp_servers *out = nullptr;
    detail::check([&](codex_error **e) { return codex_mcp_server_status(h(), t.get(), c.get(), limit, &out, e); });
    return detail::take_mcp_servers(out);
  }
  /// Reloads the MCP servers from the config.
  void mcp_reload() { detail::check([&](codex_error **e) { return codex_mcp_reload(h(), e); }); }
  /// Reads resource `uri` of MCP server `server`, through `thread_id`'s connection if given.
  std::vector<McpResourceContent> mcp_resource_read(std::string_view server, std::string_view uri,
                                                    std::string_view thread_id = {}) const {
    detail::OptJson t(thread_id, "thread_id");
    detail::CStr s(server, "server");
    detail::CStr u(uri, "uri");
    codex_mcp_resource *out = nullptr;
    detail::check([&](codex_error **e) { return codex_mcp_resource_read(h(), t.get(), s.c_str(), u.c_str(), &out, e); });
    return detail::take_mcp_resource(out);
  }

  /// thread_start() with dynamic tools declared on the thread: the model's calls reach the
  /// server-request handler as RequestKind::DynamicToolCall.
  Thread thread_start_with_tools(const std::vector<DynamicTool> &tools, std::string_view params_json = {}) {
    detail::OptJson p(params_json, "params_json");
    std::vector<codex_dynamic_tool> list;
    list.reserve(tools.size());
    for (const auto &t : tools) {
      if (t.name.find('\0') != std::string::npos || t.description.find('\0') != std::string::npos ||
          t.input_schema_json.find('\0') != std::string::npos)
        throw InvalidArgumentError(Status::InvalidArgument, "a tool string contains a NUL byte");
      list.push_back({t.name.c_str(), t.description.c_str(), t.input_schema_json.c_str()});
    }
    codex_thread *t = nullptr;
    detail::check([&](codex_error **e) {
      return codex_thread_start_with_tools(h(), p.get(), list.empty() ? nullptr : list.data(), list.size(), &t, e);
    });
    return Thread(t);
  }

  // --- account limits (need a ChatGPT login: RpcError -32600 otherwise)
  /// The account's rate-limit windows.
  RateLimits rate_limits() const {
    codex_rate_limits *r = nullptr;
    detail::check([&](codex_error **e) { return codex_account_rate_limits(h(), &r, e); });
    RateLimits out;
    out.primary_used_percent = codex_rate_limits_get(r, CODEX_RATE_LIMIT_PRIMARY_USED_PERCENT);
    out.primary_window_mins = codex_rate_limits_get(r, CODEX_RATE_LIMIT_PRIMARY_WINDOW_MINS);
    out.primary_resets_at = codex_rate_limits_get(r, CODEX_RATE_LIMIT_PRIMARY_RESETS_AT);
    out.secondary_used_percent = codex_rate_limits_get(r, CODEX_RATE_LIMIT_SECONDARY_USED_PERCENT);
    out.secondary_window_mins = codex_rate_limits_get(r, CODEX_RATE_LIMIT_SECONDARY_WINDOW_MINS);
    out.secondary_resets_at = codex_rate_limits_get(r, CODEX_RATE_LIMIT_SECONDARY_RESETS_AT);
    out.plan_type = detail::copy_or_empty(codex_rate_limits_plan_type(r));
    out.json = detail::copy_or_empty(codex_rate_limits_json(r));
    codex_rate_limits_free(r);
    return out;
  }
  /// The account's token usage (with `thread_id`, the JSON estimates that thread's too).
  AccountUsage account_usage(std::string_view thread_id = {}) const {
    detail::OptJson id(thread_id, "thread_id");
    codex_account_usage *u = nullptr;
    detail::check([&](codex_error **e) { return codex_account_usage_read(h(), id.get(), &u, e); });
    AccountUsage out;
    out.lifetime_tokens = codex_account_usage_get(u, CODEX_USAGE_LIFETIME_TOKENS);
    out.peak_daily_tokens = codex_account_usage_get(u, CODEX_USAGE_PEAK_DAILY_TOKENS);
    out.longest_running_turn_sec = codex_account_usage_get(u, CODEX_USAGE_LONGEST_RUNNING_TURN_SEC);
    out.current_streak_days = codex_account_usage_get(u, CODEX_USAGE_CURRENT_STREAK_DAYS);
    out.longest_streak_days = codex_account_usage_get(u, CODEX_USAGE_LONGEST_STREAK_DAYS);
    for (std::size_t i = 0; i < codex_account_usage_day_count(u); i++)
      out.days.push_back({detail::copy_or_empty(codex_account_usage_day_date(u, i)), codex_account_usage_day_tokens(u, i)});
    out.json = detail::copy_or_empty(codex_account_usage_json(u));
    codex_account_usage_free(u);
    return out;
  }

  /// `model/list` result JSON (`{"data":[...]}`).
  std::string models(bool include_hidden = false) const {
    char *out = nullptr;
    detail::check([&](codex_error **e) { return codex_models(h(), include_hidden, &out, e); });
    return detail::take_string(out);
  }

  // --- raw protocol access
  /// Sends any app-server method; returns its result JSON. RpcError keeps the server's code.
  std::string request(std::string_view method, std::string_view params_json = {},
                      Timeout timeout = std::chrono::seconds(60)) const {
    detail::CStr m(method, "method");
    detail::OptJson p(params_json, "params_json");
    char *out = nullptr;
    detail::check([&](codex_error **e) {
      return codex_request(h(), m.c_str(), p.get(), detail::to_ms(timeout), &out, e);
    });
    return detail::take_string(out);
  }
  /// request() without blocking: `fn` runs once on the delivery thread (unless the client is
  /// closed first). Its exceptions are kept for take_callback_exception().
  void request_async(std::string_view method, std::string_view params_json, Timeout timeout,
                     RequestCompleteHandler fn) const {
    if (!fn) throw InvalidArgumentError(Status::InvalidArgument, "request_async: empty function");
    detail::CStr m(method, "method");
    detail::OptJson p(params_json, "params_json");
    auto *cb = new detail::RequestCb{std::move(fn), state_};
    detail::check([&](codex_error **e) {
      return codex_request_async(h(), m.c_str(), p.get(), detail::to_ms(timeout), detail::request_trampoline, cb,
                                 detail::delete_user_data<detail::RequestCb>, e);
    });
  }

  // --- any turn, any thread
  /// A handle on an existing turn (one the host did not start: review/start through request(),
  /// the compaction turn after Thread::compact(), a goal continuation), with the same pull,
  /// callbacks, wait and interrupt as a started one. It replays the turn from its first event
  /// within the retention caps (an EventKind::Gap event stands for what they dropped; the
  /// result stays exact). NotFoundError once the turn is no longer kept.
  Turn attach_turn(std::string_view thread_id, std::string_view turn_id) const {
    detail::CStr th(thread_id, "thread_id");
    detail::CStr tu(turn_id, "turn_id");
    codex_turn *t = nullptr;
    detail::check([&](codex_error **e) { return codex_turn_attach(h(), th.c_str(), tu.c_str(), &t, e); });
    return Turn(t);
  }
  /// Subscribes to everything scoped to `thread_id` from now on (see ThreadStream).
  ThreadStream thread_stream(std::string_view thread_id) const {
    detail::CStr th(thread_id, "thread_id");
    codex_thread_stream *s = nullptr;
    detail::check([&](codex_error **e) { return codex_thread_stream_open(h(), th.c_str(), &s, e); });
    return ThreadStream(s, state_);
  }

  // --- notifications no login or turn claimed
  /// The next unclaimed notification, or std::nullopt if none came within `timeout`.
  std::optional<Event> next_notification(Timeout timeout = no_timeout) const {
    return next_notification(timeout, nullptr);
  }
  /// next_notification() that throws CancelledError as soon as `cancel` is triggered.
  std::optional<Event> next_notification(Timeout timeout, const Cancel &cancel) const {
    return next_notification(timeout, cancel.get());
  }
  std::optional<Event> next_notification(Timeout timeout, const codex_cancel *cancel) const {
    codex_event *ev = nullptr;
    codex_error *err = nullptr;
    codex_status st = codex_next_notification_cancellable(h(), detail::to_ms(timeout), cancel, &ev, &err);
    if (st == CODEX_STATUS_TIMEOUT) return std::nullopt;
    if (st != CODEX_STATUS_OK) detail::raise(st, err);
    return Event::adopt(ev);
  }
  /// Pushes unclaimed notifications to `fn` instead (empty `fn` goes back to the queue).
  void set_notification_handler(EventHandler fn) {
    if (!fn) {
      detail::check([&](codex_error **e) { return codex_set_notification_callback(h(), nullptr, nullptr, nullptr, e); });
      return;
    }
    auto *cb = new detail::NotificationCb{std::move(fn), state_};
    detail::check([&](codex_error **e) {
      return codex_set_notification_callback(h(), detail::notification_trampoline, cb,
                                             detail::delete_user_data<detail::NotificationCb>, e);
    });
  }
  std::uint64_t notifications_lagged() const { return codex_notifications_lagged(h()); }

  // --- server requests
  /// Routes server requests (approvals, user input, elicitations, ...) to `fn`, on the client's
  /// delivery thread. An empty `fn` removes the handler. Without a handler, when the handler
  /// throws, or when it drops the request unanswered, the library answers safely (decline).
  void set_server_request_handler(ServerRequestHandler fn) {
    if (!fn) {
      detail::check([&](codex_error **e) { return codex_set_server_request_handler(h(), nullptr, nullptr, nullptr, e); });
      return;
    }
    auto *cb = new detail::ServerRequestCb{std::move(fn), state_};
    detail::check([&](codex_error **e) {
      return codex_set_server_request_handler(h(), detail::server_request_trampoline, cb,
                                              detail::delete_user_data<detail::ServerRequestCb>, e);
    });
  }
  /// Same as set_server_request_handler: approvals are server requests.
  void set_approval_handler(ServerRequestHandler fn) { set_server_request_handler(std::move(fn)); }

  /// The first exception thrown by a client-level callback (server-request handler, notification
  /// handler, request_async completion) since the last call; clears it.
  std::exception_ptr take_callback_exception() { return state_->callback_error.take(); }

  const codex_client *c_client() const noexcept { return handle_.get(); }

 private:
  struct Free {
    void operator()(codex_client *c) const noexcept { codex_free(c); }
  };
  explicit Client(const codex_options *opts) : state_(std::make_shared<detail::ClientState>()) {
    codex_client *c = nullptr;
    detail::check([&](codex_error **e) { return codex_new(opts, &c, e); });
    handle_.reset(c);
  }
  const codex_client *h() const {
    if (!handle_) throw ClosedError(Status::Closed, "the codex::Client is closed (or was moved from)");
    return handle_.get();
  }
  std::shared_ptr<detail::ClientState> state_;
  std::unique_ptr<codex_client, Free> handle_;
};

}  // namespace codex

#endif
