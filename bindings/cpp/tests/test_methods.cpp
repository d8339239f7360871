// Review, goals, account limits and dynamic tools through the C++ binding on the real
// app-server (issue 17 items 1, 3, 7, 8).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "support.hpp"

TEST(Methods, ReviewTurnAndDetachedRefused) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::Turn turn = thread.review(codex::ReviewTarget::Custom, "review the cpp binding");
  EXPECT_EQ(turn.thread_id(), thread.id());
  codex::TurnResult r = turn.wait(std::chrono::seconds(30));
  ASSERT_TRUE(r.completed());
  EXPECT_EQ(r.id, turn.id());
  ASSERT_TRUE(r.final_response.has_value());
  EXPECT_TRUE(ts::contains(*r.final_response, "review the cpp binding"));
  EXPECT_TRUE(ts::contains(r.items_json, "exitedReviewMode"));
  // Two turns in the history: the review's and the one that ran it.
  EXPECT_EQ(thread.turns().items.size(), 2u);
  try {
    thread.review(codex::ReviewTarget::UncommittedChanges, {}, codex::ReviewDelivery::Detached);
    FAIL() << "detached review was accepted";
  } catch (const codex::RpcError &e) {
    EXPECT_EQ(e.rpc_code(), -32600);
    EXPECT_TRUE(ts::contains(e.what(), "detached")) << e.what();
  }
  EXPECT_THROW(thread.review(codex::ReviewTarget::BaseBranch), codex::InvalidArgumentError);
}

TEST(Methods, GoalBudgetStopsItThenClear) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  EXPECT_FALSE(thread.goal().has_value());
  auto t0 = ts::Clock::now();
  codex::Goal g = thread.goal_set("write a cpp haiku", 30);
  EXPECT_EQ(g.status, codex::GoalStatus::Active);
  EXPECT_EQ(g.token_budget, 30);
  EXPECT_EQ(g.objective, "write a cpp haiku");
  EXPECT_EQ(g.thread_id, thread.id());
  std::optional<codex::Goal> now;
  while (ts::ms_since(t0) < 30000) {
    now = thread.goal();
    ASSERT_TRUE(now.has_value());
    if (now->status != codex::GoalStatus::Active) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::printf("  goal: %lld ms, %lld tokens\n", ts::ms_since(t0), static_cast<long long>(now->tokens_used));
  EXPECT_EQ(now->status, codex::GoalStatus::BudgetLimited);
  EXPECT_GE(now->tokens_used, 30);
  EXPECT_TRUE(thread.goal_clear());
  EXPECT_FALSE(thread.goal().has_value());
  EXPECT_FALSE(thread.goal_clear());
  codex::Goal paused = thread.goal_set("paused cpp goal", -1, codex::GoalStatus::Paused);
  EXPECT_EQ(paused.status, codex::GoalStatus::Paused);
  EXPECT_EQ(paused.token_budget, -1);
  EXPECT_THROW(thread.goal_set(" "), codex::InvalidArgumentError);
}

// The turns a goal drives arrive on the thread's stream (the library did not start them), and
// attach_turn follows one of them to its result.
TEST(Methods, GoalTurnsOnTheThreadStream) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::ThreadStream stream = c.thread_stream(thread.id());
  thread.goal_set("write a cpp haiku about streams", 30);
  std::string first, open;
  int started = 0, completed = 0;
  auto t0 = ts::Clock::now();
  while (completed < 2 && ts::ms_since(t0) < 20000) {
    std::optional<codex::Event> ev = stream.next_event(std::chrono::milliseconds(5000));
    ASSERT_TRUE(ev.has_value()) << "no event on the stream for 5 s";
    if (ev->kind() == codex::EventKind::TurnStarted) {
      EXPECT_TRUE(open.empty()) << "a goal turn started before the previous one completed";
      open = std::string(ev->turn_id());
      if (first.empty()) first = open;
      started++;
    } else if (ev->kind() == codex::EventKind::TurnCompleted) {
      EXPECT_EQ(std::string(ev->turn_id()), open);
      open.clear();
      completed++;
    }
  }
  std::printf("  goal turns on the stream: %d started, %d completed in %lld ms\n", started, completed,
              ts::ms_since(t0));
  ASSERT_GE(started, 2);
  ASSERT_GE(completed, 2);
  codex::Turn turn = c.attach_turn(thread.id(), first);
  codex::TurnResult r = turn.wait(std::chrono::milliseconds(5000));
  EXPECT_TRUE(r.status == codex::TurnStatus::Completed || r.status == codex::TurnStatus::Interrupted);
  thread.goal_clear();
}

TEST(Methods, AccountLimitsAfterChatGptLogin) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);  // API key: not enough
  try {
    c.rate_limits();
    FAIL() << "rate limits without a ChatGPT login";
  } catch (const codex::RpcError &e) {
    EXPECT_EQ(e.rpc_code(), -32600);
    EXPECT_TRUE(ts::contains(e.what(), "chatgpt authentication required")) << e.what();
  }
  EXPECT_THROW(c.account_usage(), codex::RpcError);
  codex::LoginHandle l = c.login_chatgpt_device_code();
  ASSERT_TRUE(l.wait(std::chrono::seconds(30)).success);
  codex::RateLimits rl = c.rate_limits();
  EXPECT_EQ(rl.primary_used_percent, 42);
  EXPECT_EQ(rl.primary_window_mins, 300);
  EXPECT_EQ(rl.primary_resets_at, 1800000000);
  EXPECT_EQ(rl.secondary_used_percent, 7);
  EXPECT_EQ(rl.secondary_window_mins, 10080);
  EXPECT_EQ(rl.plan_type, "plus");
  codex::AccountUsage u = c.account_usage();
  EXPECT_EQ(u.lifetime_tokens, 123456);
  EXPECT_EQ(u.peak_daily_tokens, 9000);
  EXPECT_EQ(u.longest_running_turn_sec, 75);
  EXPECT_EQ(u.current_streak_days, 3);
  EXPECT_EQ(u.longest_streak_days, 12);
  ASSERT_EQ(u.days.size(), 2u);
  EXPECT_EQ(u.days[0].date, "2026-11-30");
  EXPECT_EQ(u.days[0].tokens, 1500);
  c.logout();
}

TEST(Methods, DynamicToolAnsweredByTheHandler) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  std::mutex mu;
  std::string tool, args, call_id;
  std::atomic<int> calls{0};
  c.set_server_request_handler([&](codex::ServerRequest req) {
    if (req.kind() != codex::RequestKind::DynamicToolCall) return;  // dropped: the safe answer
    {
      std::lock_guard<std::mutex> lk(mu);
      tool = req.tool_name();
      args = req.tool_arguments();
      call_id = req.call_id();
    }
    calls++;
    req.answer_tool(true, "cloudy, 17 C in Paris");
  });
  codex::Thread thread = c.thread_start_with_tools(
      {{"lookup_weather", "The weather in a city",
        R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})"}});
  codex::TurnResult r = thread.run("calltool lookup_weather please");
  ASSERT_TRUE(r.completed());
  EXPECT_EQ(calls.load(), 1);
  {
    std::lock_guard<std::mutex> lk(mu);
    EXPECT_EQ(tool, "lookup_weather");
    EXPECT_TRUE(ts::contains(args, R"("city":"Paris")")) << args;
    EXPECT_FALSE(call_id.empty());
  }
  EXPECT_EQ(r.final_response.value_or(""), "tool said: cloudy, 17 C in Paris");
  bool found = false;
  for (const auto &it : r.items) found = found || it.type == codex::ItemType::DynamicToolCall;
  EXPECT_TRUE(found);
  EXPECT_THROW(c.thread_start_with_tools({}), codex::InvalidArgumentError);
  EXPECT_THROW(c.thread_start_with_tools({{"bad name", "d"}}), codex::InvalidArgumentError);
}
