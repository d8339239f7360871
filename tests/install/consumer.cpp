// A C++ program outside the checkout, built with CMake against codex::cpp: found through
// find_package(codex) (cmake_package/) or add_subdirectory of the checkout (cmake_subdirectory/).
// One turn against the offline fixture's loopback model.
#include <codex/codex.hpp>

#include <iostream>
#include <string>

int main() {
  try {
    codex::Client client{codex::Options().client_info("install_consumer", "install test")};
    std::cout << "libcodex " << codex_version() << ", app-server " << client.server_version() << "\n";
    client.login_api_key("sk-offline-install-test");
    codex::Thread thread = client.thread_start();
    const std::string prompt = "Hello from C++";
    codex::TurnResult result = thread.run(prompt);
    std::cout << "turn: " << result.final_response.value_or("(none)") << "\n";
    return result.completed() && result.final_response == "You said: " + prompt ? 0 : 1;
  } catch (const codex::Error &e) {
    std::cerr << "codex error: " << e.what() << "\n";
    return 1;
  }
}
