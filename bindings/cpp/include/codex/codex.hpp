// codex-ffi C++17 binding: header-only, RAII, exceptions, std::function callbacks, JSON as text.
// Include this one header; link the CMake target codex::cpp. See bindings/cpp/README.md.
#ifndef CODEX_CPP_CODEX_HPP
#define CODEX_CPP_CODEX_HPP

#include "codex/error.hpp"
#include "codex/event.hpp"
#include "codex/turn.hpp"
#include "codex/client.hpp"

#endif
