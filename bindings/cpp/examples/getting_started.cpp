// Getting started with the C++ binding: log in, run a first turn, keep talking on the same
// thread, and stream a reply as it is generated.
//
//   getting_started --offline        against the project's loopback mock model (CI runs this)
//   getting_started "your prompt"    against your own login in CODEX_HOME, or the API key in
//                                    CODEX_DEMO_API_KEY
#include "codex/codex.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
  bool offline = false;
  std::string prompt = "stream 8 tokens, please";
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--offline") offline = true;
    else prompt = arg;
  }

  try {
    // 1. A client is one `codex app-server` process (found via CODEX_BIN or PATH).
    codex::Client client{codex::Options().client_info("cpp_getting_started", "C++ getting started")};
    std::cout << "codex-ffi " << codex_version() << ", app-server " << client.server_version() << "\n";

    // 2. Log in first. Offline, any key works; see README.md for the ChatGPT logins.
    const char *key = offline ? "sk-offline-demo-key" : std::getenv("CODEX_DEMO_API_KEY");
    if (key) client.login_api_key(key);
    std::cout << "account: " << client.account() << "\n";

    // 3. A first turn: run() blocks until the turn ends and returns its result.
    codex::Thread thread = client.thread_start();
    codex::TurnResult first = thread.run("Hello! Who are you?");
    std::cout << "thread " << thread.id() << "\n> Hello! Who are you?\n"
              << first.final_response.value_or("(no answer)") << "\n";

    // 4. Multi-turn: the same thread keeps the conversation.
    codex::TurnResult second = thread.run("And what did I just ask you?");
    std::cout << "> And what did I just ask you?\n" << second.final_response.value_or("(no answer)") << "\n";

    // 5. Streaming: iterate over a turn's events and print deltas as they arrive.
    std::cout << "> " << prompt << "\n";
    codex::Turn turn = thread.turn(prompt);
    for (const codex::Event &ev : turn) {
      if (ev.kind() == codex::EventKind::AgentMessageDelta) std::cout << ev.delta() << std::flush;
    }
    codex::TurnResult streamed = turn.wait();
    std::cout << "\nstatus: " << codex::to_string(streamed.status) << "\n";

    // A failed turn is a result, not an exception.
    bool ok = first.completed() && second.completed() && streamed.completed();
    if (offline) ok = ok && first.final_response == "You said: Hello! Who are you?";
    return ok ? 0 : 1;
  } catch (const codex::Error &e) {
    std::cerr << "codex error (" << codex::to_string(e.status()) << "): " << e.what() << "\n";
    if (e.stderr_tail()) std::cerr << "app-server stderr:\n" << *e.stderr_tail() << "\n";
    return 1;
  }
}
