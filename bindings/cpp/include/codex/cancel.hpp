// codex-ffi C++ binding: codex::Cancel, a token another thread triggers to end blocked waits.
#ifndef CODEX_CPP_CANCEL_HPP
#define CODEX_CPP_CANCEL_HPP

#include "codex/error.hpp"

#include <memory>

namespace codex {

/// A cancel token (codex_cancel). Pass it to a wait (Turn::wait, Turn::next_event,
/// Thread::run); trigger() from any other thread makes that wait throw CancelledError at once
/// while the operation goes on (a run's turn is interrupted). It stays triggered until reset().
/// Thread-safe; move-only; must outlive the waits that use it.
class Cancel {
 public:
  Cancel() : handle_(codex_cancel_new()) {
    if (!handle_) throw InternalError(Status::Internal, "codex_cancel_new failed");
  }
  Cancel(Cancel &&) noexcept = default;
  Cancel &operator=(Cancel &&) noexcept = default;

  void trigger() const noexcept { codex_cancel_trigger(handle_.get()); }
  bool triggered() const noexcept { return codex_cancel_is_triggered(handle_.get()); }
  void reset() const noexcept { codex_cancel_reset(handle_.get()); }
  const codex_cancel *get() const noexcept { return handle_.get(); }

 private:
  struct Free {
    void operator()(codex_cancel *c) const noexcept { codex_cancel_free(c); }
  };
  std::unique_ptr<codex_cancel, Free> handle_;
};

}  // namespace codex

#endif
