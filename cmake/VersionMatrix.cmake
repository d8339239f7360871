# Version matrix and protocol snapshots (issue 13), included at the end of the top-level
# CMakeLists.txt.
#
# Every test above runs against the pinned app-server 0.163.0 (.deps/codex-cli, the fixture's
# default CODEX_BIN). This file registers a second pass against the newest tested app-server,
# .deps/codex-next (installed and pinned by scripts/setup-matrix.sh, cached outside the clone):
#   label `next`: the C suite, the C examples, the C++ binding tests and the Go binding tests (the Go race
#                 detector only on a focused set: the whole Go suite already runs under -race
#                 on 0.163.0), each with CODEX_BIN switched to the newer binary;
#   label `protocol`: the schema drift test for each version (its own snapshot under
#                 protocol/schema/<version>/), the library's method names against every snapshot,
#                 and docs/compatibility.md's generated report being current.
# `ctest -L next` runs the second pass alone; `ctest -LE next` runs everything else.

if(CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(CODEX_NEXT_TRIPLE aarch64-unknown-linux-musl)
else()
  set(CODEX_NEXT_TRIPLE x86_64-unknown-linux-musl)
endif()
set(CODEX_NEXT_BIN ${CODEX_ROOT}/.deps/codex-next/vendor/${CODEX_NEXT_TRIPLE}/bin/codex
  CACHE FILEPATH "the newer app-server of the version matrix (scripts/setup-matrix.sh)")
set(CODEX_SCHEMA_TOOLS ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/protocol/schema_tools.py)

# ---- protocol: snapshots, drift, method names --------------------------------------------
add_test(NAME protocol_methods COMMAND ${CODEX_SCHEMA_TOOLS} methods)
set_tests_properties(protocol_methods PROPERTIES LABELS "protocol" TIMEOUT 120)

# schema_tools.py itself, on small synthetic schemas and Rust sources.
add_test(NAME protocol_tools_selftest
  COMMAND ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/protocol/test_schema_tools.py)
set_tests_properties(protocol_tools_selftest PROPERTIES LABELS "protocol" TIMEOUT 120)

# The library's serde types (src/protocol/): names, fields and required fields against every
# snapshot (passes with a notice while there are none).
add_test(NAME protocol_types COMMAND ${CODEX_SCHEMA_TOOLS} types)
set_tests_properties(protocol_types PROPERTIES LABELS "protocol" TIMEOUT 120)

add_test(NAME protocol_drift COMMAND ${CODEX_FIXTURE} ${CODEX_SCHEMA_TOOLS} drift)
set_tests_properties(protocol_drift PROPERTIES LABELS "protocol" TIMEOUT 120)

add_test(NAME protocol_initialize_capabilities
  COMMAND ${CODEX_FIXTURE} ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/protocol/check_initialize.py
          $<TARGET_FILE:example_approvals> --offline)
set_tests_properties(protocol_initialize_capabilities PROPERTIES LABELS "protocol" TIMEOUT 300)

add_test(NAME protocol_compat_doc_current
  COMMAND ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/protocol/gen_compat_doc.py --check)
set_tests_properties(protocol_compat_doc_current PROPERTIES LABELS "protocol" TIMEOUT 120)

# ---- the second pass -------------------------------------------------------------------------
if(NOT EXISTS ${CODEX_NEXT_BIN})
  # Fail loudly rather than skip: a missing second version must not look like a pass.
  message(WARNING "${CODEX_NEXT_BIN} is missing (run scripts/setup.sh): the `next` tests fail")
  add_test(NAME next_app_server_installed COMMAND ${CMAKE_COMMAND} -E false)
  set_tests_properties(next_app_server_installed PROPERTIES LABELS "next")
  return()
endif()
set(CODEX_NEXT_ENV "CODEX_BIN=${CODEX_NEXT_BIN}")

add_test(NAME next_protocol_drift COMMAND ${CODEX_FIXTURE} ${CODEX_SCHEMA_TOOLS} drift)
set_tests_properties(next_protocol_drift PROPERTIES LABELS "protocol;next" TIMEOUT 120
  ENVIRONMENT "${CODEX_NEXT_ENV}")

# The C suite (tests/c/test_*.c, built above).
foreach(src ${CODEX_C_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME next_c_${name} COMMAND ${CODEX_FIXTURE} $<TARGET_FILE:${name}>)
  set_tests_properties(next_c_${name} PROPERTIES LABELS "next" TIMEOUT 300
    ENVIRONMENT "${CODEX_NEXT_ENV}")
  if(name MATCHES "login")
    set_tests_properties(next_c_${name} PROPERTIES RESOURCE_LOCK ${CODEX_LOGIN_LOCK})
  endif()
  if(name MATCHES "^test_remote")
    set_tests_properties(next_c_${name} PROPERTIES RUN_SERIAL TRUE)
  endif()
endforeach()

# The C examples (each one flow a user runs first: demo, login, turns, streaming, approvals).
foreach(src ${CODEX_C_EXAMPLES})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME next_example_${name} COMMAND ${CODEX_FIXTURE} $<TARGET_FILE:example_${name}> --offline)
  set_tests_properties(next_example_${name} PROPERTIES LABELS "next" TIMEOUT 300
    ENVIRONMENT "${CODEX_NEXT_ENV}")
  if(name MATCHES "login|auth|demo")
    set_tests_properties(next_example_${name} PROPERTIES RESOURCE_LOCK ${CODEX_LOGIN_LOCK})
  endif()
endforeach()

# What the library declares in initialize (no requiredHumanApproval) and the approvals the server
# then sends, recorded by a stdio proxy in front of the real binary (tests/protocol/check_initialize.py).
add_test(NAME next_initialize_capabilities
  COMMAND ${CODEX_FIXTURE} ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/protocol/check_initialize.py
          $<TARGET_FILE:example_approvals> --offline)
set_tests_properties(next_initialize_capabilities PROPERTIES LABELS "protocol;next" TIMEOUT 300
  ENVIRONMENT "${CODEX_NEXT_ENV}")

# The C++ binding tests (bindings/cpp/CMakeLists.txt).
if(TARGET cpp_binding_tests)
  add_test(NAME next_cpp_binding
    COMMAND ${CODEX_FIXTURE} $<TARGET_FILE:cpp_binding_tests> --gtest_filter=-BrowserLogin.*)
  set_tests_properties(next_cpp_binding PROPERTIES LABELS "next" TIMEOUT 600
    ENVIRONMENT "${CODEX_NEXT_ENV}")
  add_test(NAME next_cpp_binding_login
    COMMAND ${CODEX_FIXTURE} $<TARGET_FILE:cpp_binding_tests> --gtest_filter=BrowserLogin.*)
  set_tests_properties(next_cpp_binding_login PROPERTIES LABELS "next" TIMEOUT 300
    ENVIRONMENT "${CODEX_NEXT_ENV}" RESOURCE_LOCK ${CODEX_LOGIN_LOCK})
endif()

# The Go binding tests (bindings/go/CMakeLists.txt): the whole suite without -race, plus -race on
# the tests where goroutines race the real server's stream (turns, steering, interrupts, close).
if(TARGET codex_go)
  # The Go environment and build tags exactly as bindings/go/CMakeLists.txt sets them.
  get_directory_property(CODEX_NEXT_GO_ENV DIRECTORY ${CODEX_ROOT}/bindings/go DEFINITION CODEX_GO_ENV)
  get_directory_property(CODEX_NEXT_GO_TAGS DIRECTORY ${CODEX_ROOT}/bindings/go DEFINITION CODEX_GO_TAGS)
  set(CODEX_NEXT_GO ${CMAKE_COMMAND} -E env ${CODEX_NEXT_GO_ENV} ${CODEX_GO} test ${CODEX_NEXT_GO_TAGS} -count=1)
  set(CODEX_NEXT_GO_RACE_SET
    "^(TestConcurrentTurnsFromManyGoroutines|TestCloseWithTurnsInFlight|TestContextCancelInterruptsTurn|TestSteer|TestInterrupt|TestApprovalAccept|TestStreamingOrder)$")
  add_test(NAME next_go_test
    COMMAND ${CODEX_FIXTURE} ${CODEX_NEXT_GO} -timeout 600s -skip ^TestLogin ./...
    WORKING_DIRECTORY ${CODEX_ROOT}/bindings/go)
  set_tests_properties(next_go_test PROPERTIES LABELS "next" TIMEOUT 900
    ENVIRONMENT "${CODEX_NEXT_ENV}")
  add_test(NAME next_go_test_login
    COMMAND ${CODEX_FIXTURE} ${CODEX_NEXT_GO} -timeout 300s -run ^TestLogin ./...
    WORKING_DIRECTORY ${CODEX_ROOT}/bindings/go)
  set_tests_properties(next_go_test_login PROPERTIES LABELS "next" TIMEOUT 600
    ENVIRONMENT "${CODEX_NEXT_ENV}" RESOURCE_LOCK ${CODEX_LOGIN_LOCK})
  add_test(NAME next_go_test_race
    COMMAND ${CODEX_FIXTURE} ${CODEX_NEXT_GO} -race -timeout 600s -run ${CODEX_NEXT_GO_RACE_SET} ./...
    WORKING_DIRECTORY ${CODEX_ROOT}/bindings/go)
  set_tests_properties(next_go_test_race PROPERTIES LABELS "next" TIMEOUT 900
    ENVIRONMENT "${CODEX_NEXT_ENV}")
endif()
