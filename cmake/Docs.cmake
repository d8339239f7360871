# Docs that run (label docs). Every C, C++, Go and Swift code block of README.md and the C++ and
# Go bindings' READMEs is a file, shown verbatim (tests/check_readme_samples.py checks that);
# the C, C++ and Go ones are built here and run in the offline fixture, the Swift one is the core
# of the Swift example (parsed and call-checked by the swift checks, run where Swift exists).
# The samples log in with OPENAI_API_KEY when it is set: the fixture's mock takes any key.
set(CODEX_DOCS_KEY --env OPENAI_API_KEY=sk-readme-sample-key)
set(CODEX_DOCS_RUN ${CODEX_FIXTURE} ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/run_sample.py ${CODEX_DOCS_KEY})
set(CODEX_DOCS_BUILT
  --built examples/readme/first_turn.c
  --built bindings/cpp/examples/readme.cpp
  --built bindings/swift/Examples/GettingStarted/main.swift)

# README.md: C. As a user compiles it (C11, the header and the library only), warning-free.
add_executable(readme_c ${CODEX_ROOT}/examples/readme/first_turn.c)
target_link_libraries(readme_c PRIVATE codex::codex)
target_compile_options(readme_c PRIVATE ${CODEX_WARNINGS} -pedantic)
add_test(NAME docs_readme_c
  COMMAND ${CODEX_DOCS_RUN} --exit 0 --expect "final response: You said: Say hello" -- $<TARGET_FILE:readme_c>)
# A failed turn is OK with a NULL final response: the sample says why and exits 1, no crash.
add_test(NAME docs_readme_c_failed_turn
  COMMAND ${CODEX_DOCS_RUN} --exit 1 --expect "the turn did not complete: .*boom upstream" -- $<TARGET_FILE:readme_c> "Please fail.")

# bindings/cpp/README.md
if(TARGET codex::cpp)
  add_executable(readme_cpp ${CODEX_ROOT}/bindings/cpp/examples/readme.cpp)
  target_link_libraries(readme_cpp PRIVATE codex::cpp)
  # The strict set bindings/cpp/CMakeLists.txt holds its example to.
  target_compile_options(readme_cpp PRIVATE ${CODEX_WARNINGS} -Wpedantic -Wshadow -Wconversion
    -Wsign-conversion -Wold-style-cast -Wnon-virtual-dtor)
  add_test(NAME docs_readme_cpp
    COMMAND ${CODEX_DOCS_RUN} --exit 0 --expect "You said: stream me something\ncompleted" -- $<TARGET_FILE:readme_cpp>)
  set_tests_properties(docs_readme_cpp PROPERTIES LABELS "docs;cpp" TIMEOUT 300)
endif()

# bindings/go/README.md (the Go binding links target/release).
if(CODEX_GO AND CODEX_CARGO_PROFILE STREQUAL "release")
  set(CODEX_DOCS_GO_BIN ${CMAKE_BINARY_DIR}/docs/readme_go_sample)
  add_custom_command(
    OUTPUT ${CODEX_DOCS_GO_BIN}
    COMMAND ${CMAKE_COMMAND} -E env CGO_ENABLED=1 GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOWORK=off
            ${CODEX_GO} build -tags codex_checkout -o ${CODEX_DOCS_GO_BIN} ./examples/readme
    DEPENDS ${CODEX_ROOT}/bindings/go/examples/readme/main.go ${CODEX_ROOT}/include/codex.h ${CODEX_SHARED_LIB}
    WORKING_DIRECTORY ${CODEX_ROOT}/bindings/go
    COMMENT "go build (README sample)")
  add_custom_target(readme_go ALL DEPENDS ${CODEX_DOCS_GO_BIN})
  add_dependencies(readme_go codex_rust)
  if(TARGET codex_go)
    add_dependencies(readme_go codex_go)  # one go build at a time
  endif()
  add_test(NAME docs_readme_go
    COMMAND ${CODEX_DOCS_RUN} --exit 0 --expect "completed You said: Summarise this repository" -- ${CODEX_DOCS_GO_BIN})
  set_tests_properties(docs_readme_go PROPERTIES LABELS "docs;go" TIMEOUT 300)
  list(APPEND CODEX_DOCS_BUILT --built bindings/go/examples/readme/main.go)
else()
  # Go switched off (CODEX_BUILD_GO) or not installed: the block is still compared, not run.
  list(APPEND CODEX_DOCS_BUILT --not-run bindings/go/examples/readme/main.go)
endif()

set_tests_properties(docs_readme_c docs_readme_c_failed_turn PROPERTIES LABELS "docs" TIMEOUT 300)

# Every README sample block equals its file, and every file is one built and run above.
add_test(NAME docs_readme_blocks
  COMMAND ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/check_readme_samples.py ${CODEX_DOCS_BUILT})
set_tests_properties(docs_readme_blocks PROPERTIES LABELS "docs")

# The written rules (docs/abi.md, CHANGELOG.md, README.md, the header's comments) name only what
# the header declares, and docs/abi.md lists every status and handle.
add_test(NAME docs_abi_names COMMAND ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/check_abi_doc.py)
set_tests_properties(docs_abi_names PROPERTIES LABELS "docs;header")
