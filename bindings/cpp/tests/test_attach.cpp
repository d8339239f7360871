// Attach to any turn and thread streams (issue 15 items 2-3) on the real app-server: a review
// turn started through request() observed through Client::attach_turn; a late attach past the
// retention caps starts with a Gap event and the result stays exact; a thread stream sees
// thread/name/updated and two consecutive turns in order.
#include "support.hpp"

#include <algorithm>
#include <cstdio>

using namespace std::chrono_literals;

namespace {
// The id after `"turn":{"id":"` in a JSON text.
std::string turn_id_of(const std::string &json) {
  auto p = json.find("\"turn\":{");
  if (p == std::string::npos) return {};
  p = json.find("\"id\":\"", p);
  if (p == std::string::npos) return {};
  p += 6;
  return json.substr(p, json.find('"', p) - p);
}

void wait_completed_on(codex::ThreadStream &s, const std::string &turn_id) {
  auto deadline = ts::Clock::now() + 60s;
  while (ts::Clock::now() < deadline) {
    auto ev = s.next_event(1s);
    if (ev && ev->kind() == codex::EventKind::TurnCompleted && ev->turn_id() == turn_id) return;
  }
  FAIL() << "no turn/completed for " << turn_id;
}
}  // namespace

TEST(Attach, ReviewTurnThroughAttachedHandle) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  std::string res = c.request("review/start", "{\"threadId\":\"" + thread.id() +
                                                   "\",\"target\":{\"type\":\"custom\",\"instructions\":\"cpp review\"}}");
  std::string id = turn_id_of(res);
  ASSERT_FALSE(id.empty()) << res;
  codex::Turn turn = c.attach_turn(thread.id(), id);
  EXPECT_EQ(turn.id(), id);
  int started = 0, items = 0, completed = 0;
  for (const codex::Event &ev : turn) {
    if (ev.kind() == codex::EventKind::TurnStarted) started++;
    if (ev.kind() == codex::EventKind::ItemCompleted) items++;
    if (ev.kind() == codex::EventKind::TurnCompleted) completed++;
    EXPECT_NE(ev.kind(), codex::EventKind::Gap);
  }
  EXPECT_EQ(started, 1);
  EXPECT_GT(items, 0);
  EXPECT_EQ(completed, 1);
  codex::TurnResult r = turn.wait(5s);
  EXPECT_TRUE(r.completed());
  EXPECT_NE(r.items_json.find("exitedReviewMode"), std::string::npos);
  std::printf("# review turn %s: %d items through the attached handle\n", id.c_str(), items);
}

// The compaction turn Thread::compact() starts is announced on the thread stream and observed
// through an attached handle: its first item is contextCompaction, it completes, and the
// thread's next turn runs normally.
TEST(Attach, CompactionTurnAnnouncedAndAttached) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  thread.run("something to compact later");
  codex::ThreadStream s = c.thread_stream(thread.id());
  thread.compact();
  std::string id;
  for (int i = 0; i < 200 && id.empty(); i++) {
    auto ev = s.next_event(30s);
    ASSERT_TRUE(ev.has_value()) << "no event on the thread stream after compact()";
    if (ev->kind() == codex::EventKind::TurnStarted) id = std::string(ev->turn_id());
  }
  ASSERT_FALSE(id.empty());
  codex::Turn turn = c.attach_turn(thread.id(), id);
  int started = 0, completed = 0;
  std::string first_item;
  for (const codex::Event &ev : turn) {
    if (ev.kind() == codex::EventKind::TurnStarted) started++;
    if (ev.kind() == codex::EventKind::TurnCompleted) completed++;
    if (ev.kind() == codex::EventKind::ItemStarted && first_item.empty()) first_item = std::string(ev.params());
    EXPECT_NE(ev.kind(), codex::EventKind::Gap);
  }
  EXPECT_EQ(started, 1);
  EXPECT_EQ(completed, 1);
  EXPECT_NE(first_item.find("\"contextCompaction\""), std::string::npos) << first_item;
  codex::TurnResult r = turn.wait(5s);
  EXPECT_TRUE(r.completed());
  EXPECT_EQ(thread.run("after compaction").final_response, "You said: after compaction");
}

TEST(Attach, LateAttachPastTheCapsStartsWithAGap) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::ThreadStream s = c.thread_stream(thread.id());
  std::string res = c.request("turn/start", "{\"threadId\":\"" + thread.id() +
                                                 "\",\"input\":[{\"type\":\"text\",\"text\":\"stream 6000\"}]}");
  std::string id = turn_id_of(res);
  ASSERT_FALSE(id.empty()) << res;
  wait_completed_on(s, id);
  codex::Turn turn = c.attach_turn(thread.id(), id);
  std::uint64_t dropped = 0;
  int events = 0, completed = 0;
  std::string text;
  for (const codex::Event &ev : turn) {
    if (events++ == 0) {
      ASSERT_EQ(ev.kind(), codex::EventKind::Gap);
      dropped = ev.gap_dropped();
    }
    if (ev.kind() == codex::EventKind::AgentMessageDelta) text += ev.delta();
    if (ev.kind() == codex::EventKind::TurnCompleted) completed++;
  }
  EXPECT_GT(dropped, 0u);
  EXPECT_LE(events - 1, 4096);
  EXPECT_EQ(completed, 1);
  std::string want;
  for (int i = 0; i < 6000; i++) want += "t" + std::to_string(i) + " ";
  codex::TurnResult r = turn.wait(5s);
  EXPECT_EQ(r.final_response.value_or(""), want);
  std::printf("# late attach past the caps: gap of %llu, then %d events; result exact\n",
              static_cast<unsigned long long>(dropped), events - 1);
  // A finished turn whose last handle is gone is no longer kept.
  codex::Turn moved = std::move(turn);
  { codex::Turn gone = std::move(moved); }
  EXPECT_THROW(c.attach_turn(thread.id(), id), codex::NotFoundError);
}

TEST(Attach, ThreadStreamSeesNameAndTwoTurnsInOrder) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::ThreadStream s = c.thread_stream(thread.id());
  EXPECT_EQ(s.thread_id(), thread.id());
  std::mutex m;
  std::vector<std::string> pushed;
  codex::ThreadStream p = c.thread_stream(thread.id());
  p.on_event([&](const codex::Event &ev) {
    std::lock_guard<std::mutex> lock(m);
    pushed.emplace_back(ev.method());
  });
  thread.set_name("cpp stream name");
  codex::TurnResult r1 = thread.run("cpp first");
  codex::TurnResult r2 = thread.run("cpp second");
  // turn 1 started/completed, then turn 2 started/completed, and the name update.
  std::vector<std::string> order;
  int name = 0;
  while (order.size() < 4) {
    auto ev = s.next_event(10s);
    ASSERT_TRUE(ev.has_value()) << "stream ran dry after " << order.size();
    if (ev->method() == "thread/name/updated") name++;
    if (ev->kind() == codex::EventKind::TurnStarted || ev->kind() == codex::EventKind::TurnCompleted)
      order.push_back(std::string(ev->turn_id()) + (ev->kind() == codex::EventKind::TurnStarted ? " start" : " end"));
  }
  EXPECT_EQ(name, 1);
  EXPECT_EQ(order, (std::vector<std::string>{r1.id + " start", r1.id + " end", r2.id + " start", r2.id + " end"}));
  auto deadline = ts::Clock::now() + 5s;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(m);
      if (std::count(pushed.begin(), pushed.end(), "turn/completed") == 2) break;
    }
    ASSERT_LT(ts::Clock::now(), deadline) << "callback stream did not see both turns";
    std::this_thread::sleep_for(10ms);
  }
  std::lock_guard<std::mutex> lock(m);
  EXPECT_EQ(std::count(pushed.begin(), pushed.end(), "thread/name/updated"), 1);
}
