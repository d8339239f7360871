// Turn control (issue 15): interrupt at any moment after start. Runs as its own ctest entry
// (cpp_binding_control, serial): it asserts timings and starts many turns.
#include "support.hpp"

#include <cstdio>

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
