// Remote app-servers: the test starts a real `codex app-server --listen ws://127.0.0.1:PORT`
// with a capability token (inside the fixture's loopback-only network namespace) and the
// client connects to it instead of spawning one.
#include "support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr const char *kToken = "cpp-remote-capability-token-0123456789";

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

/// A real app-server on a free loopback port with a capability token file; killed on scope exit.
struct Server {
  ts::Home home;
  ts::TempDir dir{"codex-cpp-remote-"};
  std::string token_file = (dir.path / "token").string();
  std::string url;
  pid_t pid = -1;

  Server() {
    std::ofstream(token_file) << kToken << "\n";
    int port = free_port();
    url = "ws://127.0.0.1:" + std::to_string(port);
    std::string bin = ts::env("CODEX_BIN"), home_dir = home.str(), shell_home = dir.str();
    pid = fork();
    if (pid == 0) {
      setpgid(0, 0);
      setenv("CODEX_HOME", home_dir.c_str(), 1);
      setenv("HOME", shell_home.c_str(), 1);
      if (!freopen("/dev/null", "w", stderr)) _exit(126);
      execl(bin.c_str(), bin.c_str(), "app-server", "--listen", url.c_str(), "--ws-auth", "capability-token",
            "--ws-token-file", token_file.c_str(), static_cast<char *>(nullptr));
      _exit(127);
    }
    setpgid(pid, pid);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!accepts(port)) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("app-server not listening");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Server() { kill_now(); }
  void kill_now() {
    if (pid <= 0) return;
    kill(-pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    pid = -1;
  }
  bool alive() const { return pid > 0 && kill(pid, 0) == 0; }
  codex::Options options() const {
    codex::Options o;
    o.remote_url(url).client_info("codex_ffi_cpp_tests").request_timeout(std::chrono::seconds(30));
    return o;
  }
};

}  // namespace

TEST(Remote, TurnOverWebSocketAndCloseLeavesServerRunning) {
  Server server;
  codex::Options o = server.options();
  o.remote_token_file(server.token_file);
  {
    codex::Client c(o);
    c.login_api_key(ts::fake_key);
    codex::Thread thread = c.thread_start();
    codex::TurnResult r = thread.run("hello over a websocket");
    EXPECT_EQ(r.final_response.value_or(""), "You said: hello over a websocket");
  }
  EXPECT_TRUE(server.alive());
  codex::Options o2 = server.options();
  o2.remote_token(kToken);
  codex::Client again(o2);
  EXPECT_FALSE(again.server_version().empty());
}

TEST(Remote, BadCredentialsAreAuthErrors) {
  Server server;
  codex::Options none = server.options();
  try {
    codex::Client c(none);
    FAIL() << "connected without a token";
  } catch (const codex::AuthError &e) {
    std::printf("# missing token: %s\n", e.what());
    EXPECT_TRUE(ts::contains(e.what(), "missing websocket bearer token")) << e.what();
  }
  codex::Options wrong = server.options();
  wrong.remote_token("wrong-token-0123456789");
  EXPECT_THROW(codex::Client c(wrong), codex::AuthError);
  codex::Options spawn_only = server.options();
  spawn_only.codex_bin(ts::env("CODEX_BIN"));
  EXPECT_THROW(codex::Client c(spawn_only), codex::InvalidArgumentError);
  EXPECT_THROW(codex::Options().remote_url("http://nope"), codex::InvalidArgumentError);
}

TEST(Remote, ServerKilledMidTurnIsTransportWithinOneSecond) {
  Server server;
  codex::Options o = server.options();
  o.remote_token(kToken);
  codex::Client c(o);
  c.login_api_key(ts::fake_key);
  codex::Thread thread = c.thread_start();
  codex::Turn turn = thread.turn("please hold the line");
  for (;;) {  // the first delta: the mock then holds the stream open
    std::optional<codex::Event> ev = turn.next_event(std::chrono::seconds(30));
    ASSERT_TRUE(ev.has_value());
    if (ev->kind() == codex::EventKind::AgentMessageDelta) break;
  }
  auto t0 = std::chrono::steady_clock::now();
  server.kill_now();
  EXPECT_THROW(turn.wait(std::chrono::seconds(20)), codex::TransportError);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  std::printf("# server killed: wait threw TransportError after %lld ms (bound 1000)\n", static_cast<long long>(ms));
  EXPECT_LT(ms, 1000);
}

TEST(Remote, SignedBearerTokenMadeByTheLibrary) {
  // A second server in signed-bearer-token mode, started like Server but with a shared secret.
  ts::Home home;
  ts::TempDir dir{"codex-cpp-remote-jwt-"};
  const std::string secret = "cpp-remote-jwt-shared-secret-0123456789";
  std::string secret_file = (dir.path / "secret").string();
  std::ofstream(secret_file) << secret;
  int port = free_port();
  std::string url = "ws://127.0.0.1:" + std::to_string(port);
  std::string bin = ts::env("CODEX_BIN"), home_dir = home.str(), shell_home = dir.str();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setpgid(0, 0);
    setenv("CODEX_HOME", home_dir.c_str(), 1);
    setenv("HOME", shell_home.c_str(), 1);
    if (!freopen("/dev/null", "w", stderr)) _exit(126);
    execl(bin.c_str(), bin.c_str(), "app-server", "--listen", url.c_str(), "--ws-auth", "signed-bearer-token",
          "--ws-shared-secret-file", secret_file.c_str(), "--ws-issuer", "cpp-tests", "--ws-audience", "codex",
          static_cast<char *>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);
  struct Reap {
    pid_t pid;
    ~Reap() {
      kill(-pid, SIGKILL);
      int status;
      waitpid(pid, &status, 0);
    }
  } reap{pid};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!accepts(port)) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "app-server not listening";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  codex::Options o;
  o.remote_url(url).client_info("codex_ffi_cpp_tests").remote_jwt_file(secret_file, "cpp-tests", "codex",
                                                                          std::chrono::seconds(60));
  {
    codex::Client c(o);
    c.login_api_key(ts::fake_key);
    EXPECT_EQ(c.thread_start().run("signed from cpp").final_response.value_or(""), "You said: signed from cpp");
  }
  codex::Options wrong;
  wrong.remote_url(url).client_info("codex_ffi_cpp_tests").remote_jwt("not-the-" + secret, "cpp-tests", "codex");
  try {
    codex::Client c(wrong);
    FAIL() << "connected with a wrong secret";
  } catch (const codex::AuthError &e) {
    std::printf("# wrong secret: %s\n", e.what());
    EXPECT_TRUE(ts::contains(e.what(), "invalid websocket jwt")) << e.what();
    EXPECT_FALSE(ts::contains(e.what(), secret));
  }
}
