// A second translation unit including the binding: if any free function or variable in the
// header were not inline, linking this binary would fail with duplicate symbols (ODR check).
#include "codex/codex.hpp"

#include <string>

std::string odr_second_tu_version() { return codex_version(); }

codex::TurnResult odr_second_tu_run(codex::Thread &thread, const std::string &input) {
  std::string streamed;
  codex::TurnResult r = thread.run(input, {}, [&](const codex::Event &ev) {
    if (ev.kind() == codex::EventKind::AgentMessageDelta) streamed += ev.delta();
  });
  if (r.final_response && streamed != *r.final_response)
    throw std::runtime_error("streamed text differs from the final response: " + streamed);
  return r;
}
