// Client basics: handshake metadata, raw requests, error mapping to exception types, argument
// checks before C is called, moved-from and closed clients, notifications.
#include "support.hpp"

#include <atomic>

TEST(Client, HandshakeAndMetadata) {
  ts::Home home;
  codex::Client c(ts::options(home));
  // The version of the binary this run drives (the fixture asks `$CODEX_BIN --version`).
  const std::string want = ts::env("CODEX_TEST_SERVER_VERSION");
  EXPECT_EQ(c.server_version(), want);
  EXPECT_TRUE(ts::contains(c.user_agent(), "codex_ffi_cpp_tests/" + want)) << c.user_agent();
  EXPECT_EQ(c.codex_home(), home.str());
  EXPECT_EQ(c.platform_family(), "unix");
  EXPECT_EQ(c.platform_os(), "linux");
  EXPECT_EQ(odr_second_tu_version(), std::string(CODEX_VERSION_STRING));
}

TEST(Client, RawRequestAndModels) {
  ts::Home home;
  codex::Client c(ts::options(home));
  EXPECT_TRUE(ts::contains(c.request("model/list", "{}"), "\"data\""));
  EXPECT_TRUE(ts::contains(c.request("model/list"), "\"data\""));  // empty params = {}
  EXPECT_TRUE(ts::contains(c.models(), "\"data\""));
}

TEST(Client, UnknownMethodIsRpcErrorWithCode) {
  ts::Home home;
  codex::Client c(ts::options(home));
  try {
    c.request("no/such/method", "{}");
    FAIL() << "expected RpcError";
  } catch (const codex::RpcError &e) {
    EXPECT_EQ(e.status(), codex::Status::Rpc);
    EXPECT_EQ(e.rpc_code(), -32600);
    EXPECT_TRUE(ts::contains(e.what(), "unknown variant")) << e.what();
  }
}

TEST(Status, NamesComeFromTheCLibraryAndAuthHasItsType) {
  EXPECT_STREQ(codex::to_string(codex::Status::Timeout), "CODEX_STATUS_TIMEOUT");
  EXPECT_STREQ(codex::to_string(codex::Status::Auth), "CODEX_STATUS_AUTH");
  EXPECT_STREQ(codex::to_string(codex::Status::Auth), codex_status_str(CODEX_STATUS_AUTH));
  EXPECT_STREQ(codex::to_string(static_cast<codex::Status>(999)), "CODEX_STATUS_UNKNOWN");
  EXPECT_EQ(static_cast<int>(codex::Status::Auth), 15);
  try {
    codex::detail::throw_status(codex::Status::Auth, "credentials refused");
    FAIL() << "expected AuthError";
  } catch (const codex::AuthError &e) {
    EXPECT_EQ(e.status(), codex::Status::Auth);
    EXPECT_STREQ(e.what(), "credentials refused");
  }
}

TEST(Client, InvalidArguments) {
  ts::Home home;
  codex::Client c(ts::options(home));
  // Interior NUL: rejected by the binding before C sees a shortened string.
  std::string with_nul("model/list\0junk", 15);
  EXPECT_THROW(c.request(with_nul, "{}"), codex::InvalidArgumentError);
  EXPECT_THROW(c.login_api_key(std::string("sk-a\0b", 6)), codex::InvalidArgumentError);
  // Bad JSON: rejected by the C layer.
  EXPECT_THROW(c.request("model/list", "{not json"), codex::InvalidArgumentError);
  try {
    c.thread_start("[1,");
    FAIL() << "expected InvalidArgumentError";
  } catch (const codex::Error &e) {
    EXPECT_EQ(e.status(), codex::Status::InvalidArgument);
    EXPECT_FALSE(e.message().empty());
  }
}

TEST(Client, MissingBinaryIsNotFound) {
  ts::Home home;
  codex::Options o = ts::options(home);
  o.codex_bin("/nonexistent/codex-binary");
  EXPECT_THROW(codex::Client c(o), codex::NotFoundError);
}

TEST(Client, ClosedAndMovedFrom) {
  ts::Home home;
  codex::Client a(ts::options(home));
  codex::Client b(std::move(a));
  EXPECT_THROW(a.account(), codex::ClosedError);  // NOLINT(bugprone-use-after-move): on purpose
  codex::Thread t = b.thread_start();
  EXPECT_FALSE(t.id().empty());
  b.close();
  EXPECT_FALSE(b.is_open());
  EXPECT_THROW(b.models(), codex::ClosedError);
  // A child handle outlives its client: its calls now fail with ClosedError.
  EXPECT_THROW(t.read(), codex::ClosedError);
}

TEST(Client, NotificationsPullAndPush) {
  ts::Home home;
  codex::Client c(ts::options(home));
  codex::Thread t = c.thread_start();
  bool saw_started = false;
  for (int i = 0; i < 20 && !saw_started; i++) {
    auto ev = c.next_notification(std::chrono::seconds(5));
    if (!ev) break;
    saw_started = ev->method() == "thread/started" && ev->params().find(t.id()) != std::string_view::npos;
  }
  EXPECT_TRUE(saw_started);

  std::atomic<int> pushed{0};
  c.set_notification_handler([&](const codex::Event &ev) {
    if (ev.method() != "thread/started") return;
    pushed++;
    throw std::runtime_error("notification handler failure");  // must stay on the C++ side
  });
  codex::Thread t2 = c.thread_start();
  // The exception is parked just after the handler's increment: wait for it, not the count.
  std::exception_ptr e;
  for (int i = 0; i < 100 && !e; i++) {
    e = c.take_callback_exception();
    if (!e) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(pushed.load(), 1);
  ASSERT_TRUE(e);
  EXPECT_THROW(std::rethrow_exception(e), std::runtime_error);
  EXPECT_FALSE(c.take_callback_exception());
  c.set_notification_handler(nullptr);
}

TEST(Client, RequestAsync) {
  ts::Home home;
  codex::Client c(ts::options(home));
  std::mutex m;
  std::condition_variable cv;
  int calls = 0;
  std::string result;
  codex::Status error_status = codex::Status::Ok;
  c.request_async("model/list", "{}", std::chrono::seconds(30), [&](const std::string *r, const codex::Error *e) {
    std::lock_guard<std::mutex> lock(m);
    if (r) result = *r;
    calls++;
    cv.notify_all();
    (void)e;
  });
  c.request_async("no/such/method", "{}", std::chrono::seconds(30), [&](const std::string *r, const codex::Error *e) {
    std::lock_guard<std::mutex> lock(m);
    if (e && !r) error_status = e->status();
    calls++;
    cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(m);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return calls == 2; }));
  EXPECT_TRUE(ts::contains(result, "\"data\""));
  EXPECT_EQ(error_status, codex::Status::Rpc);
}
