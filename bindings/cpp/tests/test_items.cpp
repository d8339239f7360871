// Typed items and token usage (issue 16) against the real app-server: a command execution's
// command, cwd, status, exit code and duration from the streamed item event and from the turn
// result; reasoning and agent message text; token counts of the mock's `usage` reply. No JSON
// parsing in the test: every value comes from a typed field.
#include "support.hpp"

#include <vector>

TEST(Items, CommandExecutionIsTyped) {
  ts::Home home;
  ts::TempDir cwd;
  codex::Client c = ts::logged_in_client(home);
  c.set_approval_handler([](codex::ServerRequest req) { req.accept(); });
  codex::Thread thread = c.thread_start(
      R"({"approvalPolicy":"on-request","approvalsReviewer":"user","sandbox":"read-only","cwd":")" + cwd.str() +
      R"("})");
  std::vector<codex::Item> streamed;
  codex::TurnResult r = thread.run("please approve this command", [&](const codex::Event &ev) {
    if (ev.kind() == codex::EventKind::ItemCompleted) {
      auto it = ev.item();
      ASSERT_TRUE(it.has_value());
      streamed.push_back(std::move(*it));
    } else if (ev.kind() != codex::EventKind::ItemStarted) {
      EXPECT_FALSE(ev.item().has_value());
    }
  });
  ASSERT_TRUE(r.completed()) << r.error.value_or("");
  ASSERT_EQ(r.items.size(), streamed.size());
  ASSERT_GE(r.items.size(), 3u);
  EXPECT_EQ(r.items[0].type, codex::ItemType::UserMessage);
  EXPECT_EQ(r.items[0].text, "please approve this command");
  int commands = 0;
  for (size_t i = 0; i < r.items.size(); i++) {
    const codex::Item &it = r.items[i];
    EXPECT_EQ(it.id, streamed[i].id);
    EXPECT_FALSE(it.id.empty());
    EXPECT_TRUE(ts::contains(it.json, it.id));
    if (it.type != codex::ItemType::CommandExecution) continue;
    commands++;
    EXPECT_TRUE(ts::contains(it.command, "echo approved > approved.txt")) << it.command;
    EXPECT_EQ(it.cwd, cwd.str());
    EXPECT_EQ(it.status, "completed");
    EXPECT_EQ(it.exit_code, 0);
    EXPECT_GE(it.duration_ms, 0);
    EXPECT_TRUE(it.changes.empty());
    EXPECT_TRUE(it.text.empty());
    std::printf("command %s in %s: %s, exit %lld\n", it.command.c_str(), it.cwd.c_str(), it.status.c_str(),
                static_cast<long long>(it.exit_code));
  }
  EXPECT_EQ(commands, 1);
}

TEST(Items, ReasoningTextAndTokenUsage) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::TurnResult first = thread.run("show your reasoning");
  ASSERT_TRUE(first.completed());
  int reasoning = 0;
  for (const codex::Item &it : first.items) {
    if (it.type == codex::ItemType::Reasoning) {
      reasoning++;
      EXPECT_TRUE(ts::contains(it.text, "Thinking hard")) << it.text;
    }
    if (it.type == codex::ItemType::AgentMessage) {
      EXPECT_EQ(it.text, first.final_response.value_or("?"));
    }
  }
  EXPECT_EQ(reasoning, 1);
  ASSERT_GT(first.usage.total, 0);

  // The mock's `usage` reply: input 100 (40 cached), output 20 (7 reasoning), total 120.
  std::optional<codex::TokenUsage> streamed;
  codex::TurnResult r = thread.run("usage please", [&](const codex::Event &ev) {
    if (ev.kind() == codex::EventKind::TokenUsage) {
      streamed = ev.token_usage();
    } else {
      EXPECT_FALSE(ev.token_usage().has_value());
    }
  });
  ASSERT_TRUE(r.completed());
  ASSERT_TRUE(streamed.has_value());
  EXPECT_EQ(streamed->last_cached_input, 40);
  EXPECT_EQ(r.usage.last_input, 100);
  EXPECT_EQ(r.usage.last_cached_input, 40);
  EXPECT_EQ(r.usage.last_output, 20);
  EXPECT_EQ(r.usage.last_reasoning_output, 7);
  EXPECT_EQ(r.usage.last_total, 120);
  EXPECT_EQ(r.usage.total, 120 + first.usage.total);
  EXPECT_GT(r.usage.context_window, 0);
  std::printf("tokens: input %lld (cached %lld), output %lld (reasoning %lld), total %lld\n",
              static_cast<long long>(r.usage.input), static_cast<long long>(r.usage.cached_input),
              static_cast<long long>(r.usage.output), static_cast<long long>(r.usage.reasoning_output),
              static_cast<long long>(r.usage.total));

  // thread/status/changed waits in the notification queue: typed.
  int active = 0, idle = 0;
  while (auto ev = c.next_notification(std::chrono::milliseconds(300))) {
    if (ev->method() == "thread/status/changed") {
      active += ev->thread_status() == codex::ThreadStatus::Active;
      idle += ev->thread_status() == codex::ThreadStatus::Idle;
    } else {
      EXPECT_EQ(ev->thread_status(), codex::ThreadStatus::Other);
    }
  }
  EXPECT_GE(active, 1);
  EXPECT_GE(idle, 1);
}

// Typed approvals: the prompt from typed getters, the answer as a typed decision.
namespace {
struct Prompt {
  std::mutex m;
  int calls = 0;
  codex::RequestKind kind = codex::RequestKind::Other;
  std::string command, cwd, reason, item_id;
  std::vector<std::string> offered, amendment;
};

bool approval_turn(codex::Decision d, Prompt &p, std::string &status, std::string &cwd_out) {
  ts::Home home;
  ts::TempDir cwd;
  cwd_out = cwd.str();
  codex::Client c = ts::logged_in_client(home);
  c.set_approval_handler([&](codex::ServerRequest req) {
    {
      std::lock_guard<std::mutex> lock(p.m);
      p.calls++;
      p.kind = req.kind();
      p.command = std::string(req.command());
      p.cwd = std::string(req.cwd());
      p.reason = std::string(req.reason());
      p.item_id = std::string(req.item_id());
      p.offered = req.offered_decisions();
      p.amendment = req.proposed_amendment();
      EXPECT_TRUE(req.questions().empty());
      EXPECT_THROW(req.set_answer(0, "x"), codex::InvalidArgumentError);
    }
    req.answer(d);
    EXPECT_THROW(req.answer(codex::Decision::Accept), codex::ExpiredError);
  });
  codex::Thread thread = c.thread_start(std::string(R"({"approvalPolicy":")") + codex::approval::on_request +
                                        R"(","approvalsReviewer":"user","sandbox":")" + codex::sandbox::read_only +
                                        R"(","cwd":")" + cwd.str() + R"("})");
  codex::TurnResult r = thread.run("please approve this command");
  EXPECT_TRUE(r.completed());
  for (const codex::Item &it : r.items) {
    if (it.type == codex::ItemType::CommandExecution) {
      status = it.status;
      EXPECT_EQ(it.id, p.item_id);
    }
  }
  return ts::fs::exists(cwd.path / "approved.txt");
}
}  // namespace

TEST(Items, TypedApprovalPromptAndAnswers) {
  for (codex::Decision d : {codex::Decision::Accept, codex::Decision::AcceptForSession, codex::Decision::Decline}) {
    Prompt p;
    std::string status, cwd;
    bool ran = approval_turn(d, p, status, cwd);
    std::lock_guard<std::mutex> lock(p.m);
    EXPECT_EQ(p.calls, 1);
    EXPECT_EQ(p.kind, codex::RequestKind::CommandApproval);
    EXPECT_TRUE(ts::contains(p.command, "echo approved > approved.txt")) << p.command;
    EXPECT_EQ(p.cwd, cwd);
    EXPECT_EQ(p.reason, "test approval");
    EXPECT_FALSE(p.item_id.empty());
    EXPECT_FALSE(p.offered.empty());
    EXPECT_FALSE(p.amendment.empty());
    bool accepted = d != codex::Decision::Decline;
    EXPECT_EQ(ran, accepted);
    EXPECT_EQ(status, accepted ? "completed" : "declined");
    std::printf("approve `%s` in %s? (%s) -> %s\n", p.command.c_str(), p.cwd.c_str(), p.reason.c_str(),
                status.c_str());
  }
}

// The mock's `websearch` reply: a webSearch item with its query.
TEST(Items, WebSearchQuery) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start();
  codex::TurnResult r = thread.run("do a websearch please");
  ASSERT_TRUE(r.completed());
  int found = 0;
  for (const codex::Item &it : r.items) {
    if (it.type != codex::ItemType::WebSearch) continue;
    found++;
    EXPECT_EQ(it.web_query, "codex ffi typed items");
  }
  EXPECT_EQ(found, 1);
}
