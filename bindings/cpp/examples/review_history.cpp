// Review and history: runs two turns, asks the agent to review them, then walks the thread's
// history a page at a time (two turns per page).
//
//   cpp_review_history [--offline]
//
// Without --offline it uses your CODEX_HOME and OPENAI_API_KEY; --offline (used by ctest) talks
// to the project's loopback mock model.
#include <codex/codex.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

int main(int argc, char **argv) {
  const bool offline = argc > 1 && std::strcmp(argv[1], "--offline") == 0;
  try {
    codex::Options opts;
    if (const char *bin = std::getenv("CODEX_BIN")) opts.codex_bin(bin);
    codex::Client client(opts);
    const char *key = offline ? "sk-offline-demo" : std::getenv("OPENAI_API_KEY");
    if (key && *key) client.login_api_key(key);
    codex::Thread thread = client.thread_start();
    int n = 0;
    for (const char *prompt : {"Write a haiku about C headers.", "Now one about C++ bindings."}) {
      codex::TurnResult r = thread.run(prompt);
      std::cout << "turn " << ++n << ": " << r.final_response.value_or("") << "\n";
    }

    // The review is a turn like any other.
    codex::Turn review = thread.review(codex::ReviewTarget::Custom, "Review the two haiku for rhythm.");
    codex::TurnResult rr = review.wait(std::chrono::minutes(5));
    std::cout << "review: " << rr.final_response.value_or("(none)") << "\n";

    // History, two turns per page: pass each page's cursor back until there is none.
    int pages = 0;
    std::size_t turns = 0;
    std::string cursor;
    for (;;) {
      codex::Page page = thread.turns(cursor, 2);
      pages++;
      turns += page.items.size();
      std::cout << "page " << pages << ": " << page.items.size() << " turns\n";
      if (page.last() || pages >= 50) break;
      cursor = page.next_cursor;
    }
    std::cout << "history: " << turns << " turns in " << pages << " pages\n";
    // Two prompts and one review (a review is two turns in the history).
    return rr.completed() && turns == 4 && pages >= 2 ? 0 : 1;
  } catch (const codex::Error &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
