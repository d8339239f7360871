// codex-ffi C++ binding: statuses, the exception hierarchy, and the small helpers every call uses
// (string checks, timeouts, turning a C status into an exception). Header-only; every free
// function is inline so the header can be included from any number of translation units.
#ifndef CODEX_CPP_ERROR_HPP
#define CODEX_CPP_ERROR_HPP

#include "codex.h"

#include <chrono>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace codex {

/// Mirrors codex_status (same values).
enum class Status : int {
  Ok = CODEX_STATUS_OK,
  InvalidArgument = CODEX_STATUS_INVALID_ARGUMENT,
  Timeout = CODEX_STATUS_TIMEOUT,
  End = CODEX_STATUS_END,
  Cancelled = CODEX_STATUS_CANCELLED,
  Closed = CODEX_STATUS_CLOSED,
  Transport = CODEX_STATUS_TRANSPORT,
  Rpc = CODEX_STATUS_RPC,
  Overloaded = CODEX_STATUS_OVERLOADED,
  NotFound = CODEX_STATUS_NOT_FOUND,
  Expired = CODEX_STATUS_EXPIRED,
  Version = CODEX_STATUS_VERSION,
  WouldDeadlock = CODEX_STATUS_WOULD_DEADLOCK,
  Panic = CODEX_STATUS_PANIC,
  Internal = CODEX_STATUS_INTERNAL,
  Auth = CODEX_STATUS_AUTH,
};

/// The status's C name, e.g. "CODEX_STATUS_TIMEOUT", from codex_status_str (so every language
/// prints the same names; a value this header does not know gives "CODEX_STATUS_UNKNOWN").
inline const char *to_string(Status s) noexcept {
  return codex_status_str(static_cast<std::uint32_t>(s));
}

/// Base of every exception the binding throws. A failed turn is NOT an Error: it is a
/// TurnResult whose status() is TurnStatus::Failed.
class Error : public std::runtime_error {
 public:
  Error(Status status, const std::string &message, std::int64_t rpc_code = 0,
        std::optional<std::string> rpc_data = std::nullopt,
        std::optional<std::string> stderr_tail = std::nullopt)
      : std::runtime_error(message),
        status_(status),
        rpc_code_(rpc_code),
        rpc_data_(std::move(rpc_data)),
        stderr_tail_(std::move(stderr_tail)) {}

  Status status() const noexcept { return status_; }
  std::string message() const { return what(); }
  /// The JSON-RPC error code, or 0 if the server sent none.
  std::int64_t rpc_code() const noexcept { return rpc_code_; }
  /// The JSON-RPC error data as JSON text, if any.
  const std::optional<std::string> &rpc_data() const noexcept { return rpc_data_; }
  /// The last lines of the app-server's stderr (secrets redacted), if any.
  const std::optional<std::string> &stderr_tail() const noexcept { return stderr_tail_; }

 private:
  Status status_;
  std::int64_t rpc_code_;
  std::optional<std::string> rpc_data_;
  std::optional<std::string> stderr_tail_;
};

#define CODEX_CPP_ERROR_TYPE(Name)    \
  class Name : public Error {         \
   public:                            \
    using Error::Error;               \
  };
CODEX_CPP_ERROR_TYPE(InvalidArgumentError)
CODEX_CPP_ERROR_TYPE(TimeoutError)  // a wait's time ran out; the operation goes on
CODEX_CPP_ERROR_TYPE(CancelledError)
CODEX_CPP_ERROR_TYPE(ClosedError)     // the client was closed or freed
CODEX_CPP_ERROR_TYPE(TransportError)  // the app-server died; see stderr_tail()
CODEX_CPP_ERROR_TYPE(RpcError)        // the server answered a JSON-RPC error; see rpc_code()
CODEX_CPP_ERROR_TYPE(OverloadedError)
CODEX_CPP_ERROR_TYPE(NotFoundError)
CODEX_CPP_ERROR_TYPE(ExpiredError)  // a server request was already answered
CODEX_CPP_ERROR_TYPE(VersionError)
CODEX_CPP_ERROR_TYPE(WouldDeadlockError)
CODEX_CPP_ERROR_TYPE(PanicError)
CODEX_CPP_ERROR_TYPE(InternalError)
CODEX_CPP_ERROR_TYPE(AuthError)  // a remote app-server refused the connection's credentials
#undef CODEX_CPP_ERROR_TYPE

/// Timeouts are std::chrono durations; anything coarser than milliseconds converts implicitly.
using Timeout = std::chrono::milliseconds;
/// Wait without a limit.
inline constexpr Timeout no_timeout{-1};

namespace detail {

[[noreturn]] inline void throw_status(Status st, std::string msg, std::int64_t code = 0,
                                      std::optional<std::string> data = std::nullopt,
                                      std::optional<std::string> tail = std::nullopt) {
  switch (st) {
    case Status::InvalidArgument: throw InvalidArgumentError(st, msg, code, data, tail);
    case Status::Timeout: throw TimeoutError(st, msg, code, data, tail);
    case Status::Cancelled: throw CancelledError(st, msg, code, data, tail);
    case Status::Closed: throw ClosedError(st, msg, code, data, tail);
    case Status::Transport: throw TransportError(st, msg, code, data, tail);
    case Status::Rpc: throw RpcError(st, msg, code, data, tail);
    case Status::Overloaded: throw OverloadedError(st, msg, code, data, tail);
    case Status::NotFound: throw NotFoundError(st, msg, code, data, tail);
    case Status::Expired: throw ExpiredError(st, msg, code, data, tail);
    case Status::Version: throw VersionError(st, msg, code, data, tail);
    case Status::WouldDeadlock: throw WouldDeadlockError(st, msg, code, data, tail);
    case Status::Panic: throw PanicError(st, msg, code, data, tail);
    case Status::Auth: throw AuthError(st, msg, code, data, tail);
    default: throw InternalError(st, msg, code, data, tail);
  }
}

inline std::optional<std::string> opt_string(const char *s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

/// Copies a C error (borrowed) into an exception object of the right type, without throwing it.
inline std::exception_ptr make_exception(codex_status st, const codex_error *err) {
  try {
    if (err) {
      throw_status(static_cast<Status>(codex_error_status(err)), codex_error_message(err),
                   codex_error_rpc_code(err), opt_string(codex_error_rpc_data(err)),
                   opt_string(codex_error_stderr_tail(err)));
    }
    throw_status(static_cast<Status>(st), st == CODEX_STATUS_TIMEOUT ? "timed out" : "codex call failed");
  } catch (...) {
    return std::current_exception();
  }
}

/// Throws the exception for a non-OK status, freeing the C error first.
[[noreturn]] inline void raise(codex_status st, codex_error *err) {
  std::exception_ptr e = make_exception(st, err);
  codex_error_free(err);
  std::rethrow_exception(e);
}

/// Runs `call(&err)` and throws on anything but OK. Used for every fallible C function.
template <class F>
inline void check(F &&call) {
  codex_error *err = nullptr;
  codex_status st = call(&err);
  if (st != CODEX_STATUS_OK) raise(st, err);
}

/// A NUL-terminated copy of a string argument. std::string can hold NUL bytes, C strings cannot:
/// such a string is rejected here rather than silently cut short by the C layer.
class CStr {
 public:
  CStr(std::string_view s, const char *what) : s_(s) {
    if (s_.find('\0') != std::string::npos)
      throw InvalidArgumentError(Status::InvalidArgument, std::string(what) + " contains a NUL byte");
  }
  const char *c_str() const noexcept { return s_.c_str(); }

 private:
  std::string s_;
};

/// An optional JSON argument: empty means NULL (the C layer then sends `{}` or no overrides).
class OptJson {
 public:
  OptJson(std::string_view s, const char *what) {
    if (!s.empty()) s_.emplace(s, what);
  }
  const char *get() const noexcept { return s_ ? s_->c_str() : nullptr; }

 private:
  std::optional<CStr> s_;
};

inline std::int64_t to_ms(Timeout t) noexcept { return t.count() < 0 ? -1 : static_cast<std::int64_t>(t.count()); }

/// Takes ownership of a `char **` output.
inline std::string take_string(char *s) {
  std::string out = s ? s : "";
  codex_string_free(s);
  return out;
}

inline std::string copy_or_empty(const char *s) { return s ? s : ""; }

/// The first exception a user callback threw; callbacks run on the client's delivery thread and
/// must never let an exception reach the C library, so the trampolines park it here and the
/// calling side rethrows it.
class ExceptionSlot {
 public:
  void store(std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(m_);
    if (!e_) e_ = std::move(e);
  }
  std::exception_ptr peek() const {
    std::lock_guard<std::mutex> lock(m_);
    return e_;
  }
  std::exception_ptr take() {
    std::lock_guard<std::mutex> lock(m_);
    return std::exchange(e_, nullptr);
  }

 private:
  mutable std::mutex m_;
  std::exception_ptr e_;
};

/// `drop` for heap-allocated callback state: the C library calls it exactly once.
template <class T>
inline void delete_user_data(void *p) noexcept {
  delete static_cast<T *>(p);
}

}  // namespace detail
}  // namespace codex

#endif
