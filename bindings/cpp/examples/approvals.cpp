// Approvals with the C++ binding, typed: the handler prints what the agent asks to run (command,
// working directory, reason) and answers with a codex::Decision; the end prints the turn's token
// usage. No JSON is parsed.
//   approvals --offline   against the project's loopback mock model (CI runs this; approves)
//   approvals             your CODEX_HOME's login or $CODEX_DEMO_API_KEY; asks you y/n
#include "codex/codex.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
  bool offline = argc > 1 && std::string(argv[1]) == "--offline";
  try {
    std::string dir = (std::filesystem::temp_directory_path() / "codex-cpp-approvals-XXXXXX").string();
    if (!mkdtemp(dir.data())) return 1;
    codex::Options opts;
    if (offline) opts.env("HOME", dir);  // the login shell reads no host startup files
    codex::Client client(opts);
    const char *key = offline ? "sk-offline-demo-key" : std::getenv("CODEX_DEMO_API_KEY");
    if (key && *key) client.login_api_key(key);

    client.set_approval_handler([offline](codex::ServerRequest req) {
      if (req.kind() != codex::RequestKind::CommandApproval) return;  // freed: safe default
      std::cout << "The agent asks to run: " << req.command() << "\n  in: " << req.cwd()
                << "\n  because: " << (req.reason().empty() ? "(no reason given)" : req.reason()) << "\n";
      bool yes = offline;
      if (!offline) {
        std::cout << "Allow it? [y/N] " << std::flush;
        std::string line;
        yes = std::getline(std::cin, line) && !line.empty() && (line[0] == 'y' || line[0] == 'Y');
      }
      std::cout << (yes ? "approved" : "declined") << "\n";
      req.answer(yes ? codex::Decision::Accept : codex::Decision::Decline);
    });

    codex::Thread thread = client.thread_start(std::string(R"({"approvalPolicy":")") + codex::approval::on_request +
                                               R"(","approvalsReviewer":"user","sandbox":")" +
                                               codex::sandbox::read_only + R"(","cwd":")" + dir + R"("})");
    codex::TurnResult r = thread.run(offline ? "Please approve: write approved.txt here."
                                             : "Create a file named approved.txt containing the word approved.");
    std::cout << "final response: " << r.final_response.value_or("(none)") << "\n";
    std::cout << "tokens: " << r.usage.input << " input (" << r.usage.cached_input << " cached), " << r.usage.output
              << " output (" << r.usage.reasoning_output << " reasoning), " << r.usage.total << " total\n";
    bool ran = std::filesystem::exists(std::filesystem::path(dir) / "approved.txt");
    std::cout << "approved.txt " << (ran ? "was written" : "was not written") << "\n";
    std::filesystem::remove_all(dir);
    return r.completed() && (!offline || (ran && r.usage.total > 0)) ? 0 : 1;
  } catch (const codex::Error &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
