// Typed params (codex::ThreadParams / TurnParams / ListParams) and the mock's `patch`, `askuser`
// and `plan` replies on the real app-server (issue 16): builder misuse throws; what the builders
// set reaches the model's request; a file change's paths, kinds and diffs, its approval, a
// user-input request answered with a typed answer, and a plan update, all from typed values.
#include "support.hpp"

#include <fstream>
#include <sstream>
#include <mutex>

TEST(Params, BuilderRefusesMisuse) {
  codex::ThreadParams t;
  EXPECT_EQ(t.json(), "{}");
  EXPECT_THROW(t.sandbox("readonly"), codex::InvalidArgumentError);
  EXPECT_THROW(t.model(""), codex::InvalidArgumentError);
  EXPECT_THROW(t.config_json("[1]"), codex::InvalidArgumentError);
  EXPECT_THROW(t.raw("newField", "{oops"), codex::InvalidArgumentError);
  try {
    t.approval_policy("on_request");
    FAIL() << "accepted a misspelled approval policy";
  } catch (const codex::InvalidArgumentError &e) {
    std::printf("refused: %s\n", e.what());
    EXPECT_TRUE(ts::contains(e.what(), "untrusted, on-request, never")) << e.what();
  }
  t.model("m").sandbox(codex::sandbox::read_only).ephemeral(true).raw("newField", "[1]");
  EXPECT_EQ(t.json(), R"({"ephemeral":true,"model":"m","newField":[1],"sandbox":"read-only"})");
  codex::TurnParams u;
  u.sandbox(codex::sandbox::workspace_write).effort("low");
  EXPECT_EQ(u.json(), R"({"effort":"low","sandboxPolicy":{"type":"workspaceWrite"}})");
  EXPECT_THROW(u.summary("brief"), codex::InvalidArgumentError);
  codex::ListParams l;
  EXPECT_THROW(l.limit(0), codex::InvalidArgumentError);
  EXPECT_EQ(l.limit(2).sort_direction("desc").json(), R"({"limit":2,"sortDirection":"desc"})");
}

TEST(Params, BuilderParamsReachTheModel) {
  ts::Home home;
  ts::TempDir cwd;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start(codex::ThreadParams()
                                            .model("cpp-builder-model")
                                            .cwd(cwd.str())
                                            .sandbox(codex::sandbox::read_only)
                                            .approval_policy(codex::approval::never)
                                            .developer_instructions("Cpp builder instructions 91c2"));
  ASSERT_TRUE(thread.run("hello from the cpp builder 91c2").completed());
  codex::TurnResult r = thread.run("second cpp builder turn 91c2", codex::TurnParams().model("cpp-turn-model").effort("high"));
  ASSERT_TRUE(r.completed());
  std::string log = ts::request_log();
  std::string first, second;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (ts::contains(line, "hello from the cpp builder 91c2") && !ts::contains(line, "second cpp")) first = line;
    if (ts::contains(line, "second cpp builder turn 91c2")) second = line;
  }
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(ts::contains(first, R"("model": "cpp-builder-model")"));
  EXPECT_TRUE(ts::contains(first, "Cpp builder instructions 91c2"));
  EXPECT_TRUE(ts::contains(first, cwd.str()));
  ASSERT_FALSE(second.empty());
  EXPECT_TRUE(ts::contains(second, R"("model": "cpp-turn-model")"));
  EXPECT_TRUE(ts::contains(second, R"("effort": "high")"));
  std::string list = c.thread_list(codex::ListParams().limit(1));
  EXPECT_TRUE(ts::contains(list, "\"data\"")) << list;
}

namespace {
struct Seen {
  std::mutex mu;
  int calls = 0;
  codex::RequestKind kind = codex::RequestKind::Other;
  std::string item_id, reason;
  std::vector<codex::ServerRequest::Question> questions;
};
}  // namespace

TEST(Params, FileChangeItemAndApproval) {
  ts::Home home;
  ts::TempDir cwd;
  codex::Client c = ts::logged_in_client(home);
  Seen seen;
  c.set_approval_handler([&](codex::ServerRequest req) {
    std::lock_guard<std::mutex> g(seen.mu);
    seen.calls++;
    seen.kind = req.kind();
    seen.item_id = std::string(req.item_id());
    seen.reason = std::string(req.reason());
    req.answer(codex::Decision::Accept);
  });
  { std::ofstream(cwd.path / "notes.txt") << "old line\n"; }
  codex::Thread thread = c.thread_start(codex::ThreadParams()
                                            .cwd(cwd.str())
                                            .sandbox(codex::sandbox::read_only)
                                            .approval_policy(codex::approval::on_request));
  codex::TurnResult r = thread.run("please patch the notes");
  ASSERT_TRUE(r.completed()) << r.error.value_or("");
  int found = 0;
  for (const codex::Item &it : r.items) {
    if (it.type != codex::ItemType::FileChange) continue;
    found++;
    EXPECT_EQ(it.status, "completed");
    ASSERT_EQ(it.changes.size(), 2u);
    for (const codex::FileChange &ch : it.changes) {
      std::printf("change: %s %s\n", ch.kind.c_str(), ch.path.c_str());
      if (ch.path == (cwd.path / "notes.txt").string()) {
        EXPECT_EQ(ch.kind, "update");
        EXPECT_TRUE(ts::contains(ch.diff, "-old line") && ts::contains(ch.diff, "+new line")) << ch.diff;
      } else {
        EXPECT_EQ(ch.path, (cwd.path / "patched.txt").string());
        EXPECT_EQ(ch.kind, "add");
        EXPECT_TRUE(ts::contains(ch.diff, "patched by the mock")) << ch.diff;
      }
    }
    std::lock_guard<std::mutex> g(seen.mu);
    EXPECT_EQ(seen.item_id, it.id);
  }
  EXPECT_EQ(found, 1);
  std::lock_guard<std::mutex> g(seen.mu);
  EXPECT_EQ(seen.calls, 1);
  EXPECT_EQ(seen.kind, codex::RequestKind::FileChangeApproval);
  EXPECT_EQ(seen.reason, "");  // 0.163 sends none for apply_patch
  EXPECT_EQ(ts::read_file(cwd.path / "notes.txt"), "new line\n");
}

TEST(Params, UserInputRequestTypedAnswer) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  Seen seen;
  c.set_approval_handler([&](codex::ServerRequest req) {
    std::lock_guard<std::mutex> g(seen.mu);
    seen.calls++;
    seen.kind = req.kind();
    seen.questions = req.questions();
    if (!seen.questions.empty() && seen.questions[0].options.size() == 2) req.set_answer(0, seen.questions[0].options[1]);
    req.answer(codex::Decision::Accept);
  });
  codex::Thread thread = c.thread_start();
  codex::TurnResult r = thread.run(
      "askuser about the color",
      codex::TurnParams().collaboration_mode_json(R"({"mode":"plan","settings":{"model":"mock-model"}})"));
  ASSERT_TRUE(r.completed()) << r.error.value_or("");
  std::lock_guard<std::mutex> g(seen.mu);
  EXPECT_EQ(seen.calls, 1);
  EXPECT_EQ(seen.kind, codex::RequestKind::UserInput);
  ASSERT_EQ(seen.questions.size(), 1u);
  EXPECT_EQ(seen.questions[0].id, "color");
  EXPECT_EQ(seen.questions[0].header, "Color");
  EXPECT_EQ(seen.questions[0].text, "Which color should it be?");
  EXPECT_EQ(seen.questions[0].options, (std::vector<std::string>{"Red (Recommended)", "Blue"}));
  std::printf("final: %s\n", r.final_response.value_or("").c_str());
  EXPECT_TRUE(ts::contains(r.final_response.value_or(""), "Blue"));
}

TEST(Params, PlanUpdateEvent) {
  ts::Home home;
  codex::Client c = ts::logged_in_client(home);
  codex::Thread thread = c.thread_start(codex::ThreadParams().config_json(R"({"tools":{"update_plan":{"enabled":true}}})"));
  std::vector<std::pair<std::string, std::string>> plan;
  int plan_events = 0;
  codex::TurnResult r = thread.run("make a plan first", [&](const codex::Event &ev) {
    auto steps = ev.plan();
    if (!steps.empty()) {
      plan_events++;
      plan = steps;
    }
  });
  ASSERT_TRUE(r.completed()) << r.error.value_or("");
  EXPECT_EQ(plan_events, 1);
  std::vector<std::pair<std::string, std::string>> want = {
      {"Read the code", "completed"}, {"Write the test", "inProgress"}, {"Land it", "pending"}};
  EXPECT_EQ(plan, want);
}
