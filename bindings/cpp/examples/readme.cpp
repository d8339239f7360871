// The C++ binding in one page: bindings/cpp/README.md shows this file as it is, and ctest (label
// docs) builds and runs it.
#include "codex/codex.hpp"

#include <cstdlib>
#include <iostream>

int main() try {
  codex::Client client;  // one `codex app-server` (CODEX_BIN or PATH)
  if (const char *key = std::getenv("OPENAI_API_KEY"); key && *key)
    client.login_api_key(key);  // or login_chatgpt() / login_chatgpt_device_code()

  codex::Thread thread = client.thread_start();  // params: the server's camelCase JSON, optional
  codex::TurnResult r = thread.run("Hello!");    // blocks until the turn ends
  if (r.failed()) std::cout << "turn failed: " << r.error.value_or("?") << "\n";  // not an exception
  std::cout << r.final_response.value_or("(no answer)") << "\n";

  codex::Turn turn = thread.turn("stream me something");
  for (const codex::Event &ev : turn)  // pull events; or turn.on_event(fn) to push
    if (ev.kind() == codex::EventKind::AgentMessageDelta) std::cout << ev.delta() << std::flush;
  codex::TurnResult streamed = turn.wait();  // steer(), interrupt() while it runs
  std::cout << "\n" << codex::to_string(streamed.status) << "\n";
  return streamed.completed() ? 0 : 1;
} catch (const codex::Error &e) {  // one exception type per status: TimeoutError, RpcError, ...
  std::cerr << codex::to_string(e.status()) << ": " << e.what() << "\n";
  return 1;
}
