// Authentication: API key, account, logout; ChatGPT browser login (cancel, timeout, completed
// through the mock issuer) and device-code login. BrowserLogin.* take the host-global callback
// port, so ctest runs them as their own entry under the browser_login_port lock.
#include "support.hpp"

TEST(Auth, ApiKeyLoginAccountLogout) {
  ts::Home home;
  codex::Client c(ts::options(home));
  std::string before = c.account();
  EXPECT_TRUE(ts::contains(before, "\"account\":null")) << before;
  c.login_api_key(ts::fake_key);
  std::string after = c.account();
  EXPECT_TRUE(ts::contains(after, "\"type\":\"apiKey\"")) << after;
  EXPECT_FALSE(ts::contains(after, ts::fake_key));  // the key is never echoed back
  c.logout();
  EXPECT_TRUE(ts::contains(c.account(), "\"account\":null"));
  c.logout();  // logging out twice is fine
}

TEST(Auth, DeviceCodeLoginCompletes) {
  ts::Home home;
  codex::Client c(ts::options(home));
  codex::LoginHandle login = c.login_chatgpt_device_code();
  EXPECT_FALSE(login.login_id().empty());
  EXPECT_FALSE(login.verification_url().empty());
  EXPECT_FALSE(login.user_code().empty());
  EXPECT_TRUE(login.auth_url().empty());
  codex::LoginResult r = login.wait(std::chrono::seconds(60));
  EXPECT_TRUE(r.success) << r.error.value_or("(no error)");
  EXPECT_EQ(r.login_id, login.login_id());
  EXPECT_TRUE(ts::contains(c.account(), "\"type\":\"chatgpt\"")) << c.account();
}

TEST(BrowserLogin, CancelEndsTheWait) {
  ts::Home home;
  codex::Client c(ts::options(home));
  codex::LoginHandle login = c.login_chatgpt();
  EXPECT_FALSE(login.login_id().empty());
  EXPECT_TRUE(ts::contains(login.auth_url(), "/oauth/authorize")) << login.auth_url();
  // A short wait on a pending login is a TimeoutError and leaves it pending.
  auto t0 = ts::Clock::now();
  EXPECT_THROW(login.wait(std::chrono::milliseconds(200)), codex::TimeoutError);
  EXPECT_LT(ts::ms_since(t0), 5000);
  login.cancel();
  codex::LoginResult r = login.wait(std::chrono::seconds(30));
  EXPECT_FALSE(r.success);
  login.cancel();  // cancelling again is OK
  EXPECT_TRUE(ts::contains(c.account(), "\"account\":null"));
}

TEST(BrowserLogin, CompletesThroughTheIssuerAndCallback) {
  ts::Home home;
  codex::Client c(ts::options(home));
  codex::LoginHandle login = c.login_chatgpt();
  std::mutex m;
  std::condition_variable cv;
  std::optional<codex::LoginResult> pushed;
  login.on_complete([&](const codex::LoginResult *r, const codex::Error *e) {
    std::lock_guard<std::mutex> lock(m);
    pushed = r ? *r : codex::LoginResult{false, e ? std::optional<std::string>(e->message()) : std::nullopt, ""};
    cv.notify_all();
  });
  // The "browser": the mock issuer redirects to the app-server's localhost callback.
  ASSERT_EQ(ts::http_get(login.auth_url()), 0) << login.auth_url();
  codex::LoginResult r = login.wait(std::chrono::seconds(60));
  EXPECT_TRUE(r.success) << r.error.value_or("(no error)");
  {
    std::unique_lock<std::mutex> lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return pushed.has_value(); }));
    EXPECT_TRUE(pushed->success);
    EXPECT_EQ(pushed->login_id, login.login_id());
  }
  EXPECT_TRUE(ts::contains(c.account(), "\"type\":\"chatgpt\"")) << c.account();
  c.logout();
}

TEST(BrowserLogin, CallbackExceptionIsReportedNotPropagatedIntoC) {
  ts::Home home;
  codex::Client c(ts::options(home));
  codex::LoginHandle login = c.login_chatgpt();
  std::atomic<bool> ran{false};
  login.on_complete([&](const codex::LoginResult *, const codex::Error *) {
    ran = true;
    throw std::logic_error("thrown by a login callback");
  });
  login.cancel();
  for (int i = 0; i < 200 && !ran; i++) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ASSERT_TRUE(ran.load());
  EXPECT_TRUE(login.callback_exception());
  EXPECT_THROW(login.wait(std::chrono::seconds(30)), std::logic_error);  // surfaced once
  EXPECT_FALSE(login.wait(std::chrono::seconds(30)).success);
  EXPECT_FALSE(c.account().empty());  // the client is still fine
}
