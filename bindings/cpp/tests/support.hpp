// Shared helpers for the C++ binding tests: the fixture's environment, fresh CODEX_HOMEs,
// clients wired to the offline fixture (tests/fixtures/run_with_fixture.py), and small
// utilities. Every test runs against the real app-server and the loopback mock model.
#ifndef CODEX_CPP_TEST_SUPPORT_HPP
#define CODEX_CPP_TEST_SUPPORT_HPP

#include "codex/codex.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ts {

namespace fs = std::filesystem;

inline std::string env(const char *name) {
  const char *v = std::getenv(name);
  if (!v || !*v) {
    ADD_FAILURE() << "environment variable " << name << " is not set: run under tests/fixtures/run_with_fixture.py";
    throw std::runtime_error(std::string("missing ") + name);
  }
  return v;
}

inline std::string read_file(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A new empty temp directory, removed with its contents on destruction.
struct TempDir {
  fs::path path;
  explicit TempDir(const char *prefix = "codex-cpp-test-") {
    std::string tmpl = (fs::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  std::string str() const { return path.string(); }
};

/// A fresh CODEX_HOME holding a copy of the fixture's config.toml.
struct Home : TempDir {
  Home() : TempDir("codex-cpp-home-") {
    fs::copy_file(env("CODEX_TEST_HOME_TEMPLATE"), path / "config.toml");
  }
};

inline codex::Options options(const Home &home) {
  codex::Options o;
  o.codex_bin(env("CODEX_BIN"))
      .codex_home(home.str())
      .client_info("codex_ffi_cpp_tests", "codex-ffi C++ tests")
      .request_timeout(std::chrono::seconds(30));
  return o;
}

/// The mock provider requires auth: every client that runs turns logs in with a fake key.
inline constexpr const char *fake_key = "sk-test-cpp-binding-fake-key";

inline codex::Client logged_in_client(const Home &home) {
  codex::Client c(options(home));
  c.login_api_key(fake_key);
  return c;
}

inline bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

inline std::string request_log() { return read_file(env("CODEX_TEST_REQUEST_LOG")); }

/// GETs `url` following redirects (a browser visiting the login page), with python3 (the
/// fixture's own dependency). Returns the exit status.
inline int http_get(const std::string &url) {
  std::string cmd = "python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=20).read()' '" +
                    url + "' >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

using Clock = std::chrono::steady_clock;
inline long long ms_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

}  // namespace ts

// Defined in odr_second_tu.cpp: the header used from a second translation unit.
std::string odr_second_tu_version();
codex::TurnResult odr_second_tu_run(codex::Thread &thread, const std::string &input);

#endif
