// Turn control (issue 15): interrupt at any moment after start. Runs as its own ctest entry
// (cpp_binding_control, serial): it asserts timings and starts many turns.
#include "support.hpp"

#include <cstdio>
#include <vector>

using namespace std::chrono_literals;

// interrupt() right after turn() returns (before the server has activated the turn), at offsets
// 0..50 ms, 5 times each: every turn ends Interrupted, never an exception, and the next turn on
// the thread completes normally.
TEST(Control, InterruptAtAnyMoment) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  for (int offset : {0, 1, 2, 5, 10, 20, 50}) {
    long long worst = 0;
    for (int k = 0; k < 5; k++) {
      codex::Turn turn = thread.turn("hold at offset " + std::to_string(offset) + " try " + std::to_string(k));
      if (offset > 0) std::this_thread::sleep_for(std::chrono::milliseconds(offset));
      auto t0 = ts::Clock::now();
      ASSERT_NO_THROW(turn.interrupt()) << "offset " << offset << " try " << k;
      codex::TurnResult r = turn.wait(30s);
      worst = std::max(worst, ts::ms_since(t0));
      EXPECT_EQ(r.status, codex::TurnStatus::Interrupted) << "offset " << offset << " try " << k;
      EXPECT_FALSE(r.watchdog_fired);
    }
    EXPECT_LT(worst, 5000);
    std::string next = "after offset " + std::to_string(offset);
    codex::TurnResult r = thread.run(next);
    EXPECT_TRUE(r.completed()) << codex::to_string(r.status);
    EXPECT_EQ(r.final_response.value_or(""), "You said: " + next);
    std::printf("# offset %2d ms: slowest interrupt to completion %lld ms\n", offset, worst);
  }
}

// steer() right after turn() returns is accepted and answered.
TEST(Control, SteerRightAfterStart) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::Turn turn = thread.turn("hold before the steer");
  turn.steer("steered at once by cpp");
  codex::TurnResult r = turn.wait(30s);
  EXPECT_TRUE(r.completed()) << codex::to_string(r.status);
  EXPECT_EQ(r.final_response.value_or(""), "You said: steered at once by cpp");
}

// A wait blocked with no limit throws CancelledError right after another thread triggers the
// token; the turn goes on, and no event is lost.
TEST(Control, CancelBlockedWait) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::Turn turn = thread.turn("hold while the cpp wait is cancelled");
  codex::Cancel cancel;
  ts::Clock::time_point fired;
  std::thread trigger([&] {
    std::this_thread::sleep_for(300ms);
    fired = ts::Clock::now();
    cancel.trigger();
  });
  EXPECT_THROW(turn.wait(codex::no_timeout, cancel), codex::CancelledError);
  auto lag = ts::ms_since(fired);
  trigger.join();
  EXPECT_LT(lag, 1000);
  std::printf("# Turn::wait: CancelledError %lld ms after the trigger\n", lag);
  EXPECT_TRUE(cancel.triggered());
  auto t0 = ts::Clock::now();
  EXPECT_THROW(turn.wait(codex::no_timeout, cancel), codex::CancelledError);  // triggered: at once
  EXPECT_LT(ts::ms_since(t0), 500);
  cancel.reset();
  EXPECT_FALSE(cancel.triggered());
  turn.interrupt();
  codex::TurnResult r = turn.wait(30s, cancel);
  EXPECT_TRUE(r.interrupted());
  int completed = 0;
  while (auto ev = turn.next_event(10s, cancel)) completed += ev->kind() == codex::EventKind::TurnCompleted;
  EXPECT_EQ(completed, 1);
}

// Thread::run with a token: a trigger ends it with CancelledError and interrupts its turn; the
// thread's next run completes.
TEST(Control, CancelRun) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::Cancel cancel;
  std::thread trigger([&] {
    std::this_thread::sleep_for(1000ms);
    cancel.trigger();
  });
  EXPECT_THROW(thread.run("hold in a cpp run", cancel), codex::CancelledError);
  trigger.join();
  EXPECT_THROW(thread.run("never sent from cpp", cancel), codex::CancelledError);
  cancel.reset();
  codex::TurnResult r = thread.run("after the cpp cancel", cancel);
  EXPECT_TRUE(r.completed()) << codex::to_string(r.status);
  EXPECT_EQ(r.final_response.value_or(""), "You said: after the cpp cancel");
}

// A CODEX_HOME whose provider is at a closed loopback port, with the app-server's default
// retries (the fixture's retry overrides removed): a turn there retries without end.
static void make_unreachable(const ts::Home &home) {
  std::istringstream in(ts::read_file(home.path / "config.toml"));
  std::ostringstream out;
  for (std::string line; std::getline(in, line);) {
    if (ts::contains(line, "max_retries") || ts::contains(line, "unbounded_connection_retries")) continue;
    if (line.rfind("base_url", 0) == 0) line = "base_url = \"http://127.0.0.1:9/v1\"";  // nothing on port 9
    out << line << "\n";
  }
  std::ofstream(home.path / "config.toml", std::ios::binary | std::ios::trunc) << out.str();
}

// run_bounded() against an unreachable provider with default (endless) retries: the turn ends
// by its deadline, Interrupted with deadline_reached, and the handler saw typed Retry events
// (attempt 1, 2, ... in order, message, codexErrorInfo), never an Error event.
TEST(Control, BoundedRunEndsARetryingTurnAtItsDeadline) {
  ts::Home home;
  make_unreachable(home);
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  std::vector<codex::ErrorNotice> retries;
  int errors = 0;
  auto t0 = ts::Clock::now();
  codex::TurnResult r = thread.run_bounded("hello unreachable provider from cpp", 10s, [&](const codex::Event &ev) {
    if (ev.kind() == codex::EventKind::Error) errors++;
    if (ev.kind() != codex::EventKind::Retry) {
      EXPECT_EQ(ev.retry_attempt(), 0);
      return;
    }
    auto n = ev.error_notice();
    ASSERT_TRUE(n.has_value());
    retries.push_back(*n);
  });
  long long took = ts::ms_since(t0);
  std::printf("# cpp run_bounded 10000 ms: returned after %lld ms, %s, %zu retry events\n", took,
              codex::to_string(r.status), retries.size());
  EXPECT_EQ(r.status, codex::TurnStatus::Interrupted);
  EXPECT_TRUE(r.deadline_reached);
  EXPECT_FALSE(r.watchdog_fired);
  EXPECT_GE(took, 9900);
  EXPECT_LT(took, 16000);
  EXPECT_EQ(errors, 0);
  ASSERT_GE(retries.size(), 1u);
  for (size_t i = 0; i < retries.size(); i++) {
    EXPECT_EQ(retries[i].attempt, static_cast<std::int64_t>(i + 1));
    EXPECT_TRUE(retries[i].will_retry);
    EXPECT_FALSE(retries[i].message.empty());
  }
  ASSERT_TRUE(retries[0].error_info_json.has_value());
  std::printf("# first retry: message \"%s\", codexErrorInfo %s\n", retries[0].message.c_str(),
              retries[0].error_info_json->c_str());
}

// A turn that finishes within its deadline completes normally; a held turn is interrupted at a
// short deadline and the thread's next turn runs normally.
TEST(Control, BoundedRunWithinAndPastItsDeadline) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::TurnResult r = thread.run_bounded("quick cpp bounded", 30s);
  EXPECT_TRUE(r.completed()) << codex::to_string(r.status);
  EXPECT_FALSE(r.deadline_reached);
  EXPECT_EQ(r.final_response.value_or(""), "You said: quick cpp bounded");
  auto t0 = ts::Clock::now();
  r = thread.run_bounded("hold past the cpp deadline", 1000ms);
  long long took = ts::ms_since(t0);
  std::printf("# cpp held turn, deadline 1000 ms: returned after %lld ms\n", took);
  EXPECT_TRUE(r.interrupted()) << codex::to_string(r.status);
  EXPECT_TRUE(r.deadline_reached);
  EXPECT_GE(took, 990);
  EXPECT_LT(took, 6000);
  r = thread.run("after the cpp deadline");
  EXPECT_TRUE(r.completed()) << codex::to_string(r.status);
  EXPECT_FALSE(r.deadline_reached);
  // A token still works with a deadline: triggered, the run throws CancelledError at once.
  codex::Cancel cancel;
  cancel.trigger();
  EXPECT_THROW(thread.run_bounded("never sent by the bounded cpp run", 30s, cancel), codex::CancelledError);
}
