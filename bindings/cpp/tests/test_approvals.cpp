// Approvals (server requests): the mock model asks to run `echo approved > approved.txt` with
// escalated permissions in a read-only sandbox; the handler accepts or declines. With no
// handler, or a handler that throws, the library declines.
#include "support.hpp"

using namespace std::chrono_literals;

namespace {

std::string approval_params(const ts::TempDir &cwd) {
  return R"({"approvalPolicy":"on-request","approvalsReviewer":"user","sandbox":"read-only","cwd":")" + cwd.str() +
         R"("})";
}

struct Seen {
  std::mutex m;
  std::vector<std::string> methods;
  std::string params;
  std::string thread_id;
};

}  // namespace

TEST(Approvals, AcceptRunsTheCommand) {
  ts::Home home;
  ts::TempDir cwd;
  codex::Client c = ts::logged_in_client(home);
  Seen seen;
  c.set_approval_handler([&](codex::ServerRequest req) {
    std::lock_guard<std::mutex> lock(seen.m);
    seen.methods.emplace_back(req.method());
    seen.params = std::string(req.params());
    seen.thread_id = std::string(req.thread_id());
    EXPECT_FALSE(req.id().empty());
    req.accept();
    EXPECT_THROW(req.accept(), codex::ExpiredError);  // answered once only
  });
  codex::Thread thread = c.thread_start(approval_params(cwd));
  codex::TurnResult r = thread.run("approve please");
  EXPECT_TRUE(r.completed()) << r.error.value_or("");
  std::lock_guard<std::mutex> lock(seen.m);
  ASSERT_EQ(seen.methods.size(), 1u);
  EXPECT_EQ(seen.methods[0], "item/commandExecution/requestApproval");
  EXPECT_TRUE(ts::contains(seen.params, "approved.txt")) << seen.params;
  EXPECT_EQ(seen.thread_id, thread.id());
  EXPECT_TRUE(ts::fs::exists(cwd.path / "approved.txt"));
  EXPECT_TRUE(ts::contains(r.final_response.value_or(""), "tool said")) << r.final_response.value_or("");
  EXPECT_FALSE(c.take_callback_exception());
}

TEST(Approvals, DeclineKeepsTheCommandFromRunning) {
  ts::Home home;
  ts::TempDir cwd;
  codex::Client c = ts::logged_in_client(home);
  std::atomic<int> asked{0};
  c.set_approval_handler([&](codex::ServerRequest req) {
    asked++;
    // Answer later, from another thread, as an app with a dialog would.
    std::thread([r = std::move(req)]() mutable { r.decline(); }).detach();
  });
  codex::Thread thread = c.thread_start(approval_params(cwd));
  codex::TurnResult r = thread.run("approve please");
  EXPECT_TRUE(r.completed());
  EXPECT_EQ(asked.load(), 1);
  EXPECT_FALSE(ts::fs::exists(cwd.path / "approved.txt"));
  EXPECT_TRUE(ts::contains(r.items_json, "\"declined\"")) << r.items_json;
}

TEST(Approvals, NoHandlerAndThrowingHandlerDecline) {
  ts::Home home;
  ts::TempDir cwd;
  codex::Client c = ts::logged_in_client(home);
  {
    codex::Thread thread = c.thread_start(approval_params(cwd));
    codex::TurnResult r = thread.run("approve please");
    EXPECT_TRUE(r.completed());
    EXPECT_FALSE(ts::fs::exists(cwd.path / "approved.txt"));
    EXPECT_TRUE(ts::contains(r.items_json, "\"declined\"")) << r.items_json;
  }
  c.set_server_request_handler([](codex::ServerRequest) { throw std::runtime_error("handler bug"); });
  codex::Thread thread = c.thread_start(approval_params(cwd));
  codex::TurnResult r = thread.run("approve please");
  EXPECT_TRUE(r.completed());
  EXPECT_FALSE(ts::fs::exists(cwd.path / "approved.txt"));
  EXPECT_TRUE(ts::contains(r.items_json, "\"declined\"")) << r.items_json;
  auto e = c.take_callback_exception();
  ASSERT_TRUE(e);
  EXPECT_THROW(std::rethrow_exception(e), std::runtime_error);
  c.set_server_request_handler(nullptr);
}
