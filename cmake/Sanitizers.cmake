# Reliability checks (issue 7), included at the end of the top-level CMakeLists.txt.
#
# Each group has its own ctest label so it can run alone (`ctest -L asan`, `-L valgrind`,
# `-L fuzz`, `-L security`). Sanitizer and valgrind runs cover a focused subset, so the whole
# suite stays well inside the CI budget on 2 cores:
#   test_misuse, test_fault_injection (this issue) and test_turns (real app-server turns).
# The Rust library itself is not instrumented (stable Rust has no -Zsanitizer), but it allocates
# through the system malloc, so ASan/LSan and memcheck see its heap and its leaks too.

set(CODEX_CHECKED_TESTS test_misuse test_fault_injection test_turns)
# ASan also runs the stress test (a use-after-free between threads shows up there at once) and
# test_exec (a process handle freed while its output callback streams).
set(CODEX_ASAN_ONLY_TESTS test_stress test_exec)

# ---- AddressSanitizer + UndefinedBehaviorSanitizer (gcc's libasan / libubsan) -------------
include(CheckCSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "-fsanitize=address,undefined")
set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=address,undefined")
check_c_source_compiles("int main(void) { return 0; }" CODEX_HAVE_ASAN)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_LINK_OPTIONS)

set(CODEX_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
foreach(name ${CODEX_CHECKED_TESTS} ${CODEX_ASAN_ONLY_TESTS})
  set(src ${CODEX_ROOT}/tests/c/${name}.c)
  if(NOT EXISTS ${src})
    continue()
  endif()
  if(CODEX_HAVE_ASAN)
    add_executable(${name}_asan ${src})
    target_link_libraries(${name}_asan PRIVATE codex::codex pthread)
    target_compile_options(${name}_asan PRIVATE ${CODEX_WARNINGS} ${CODEX_SAN_FLAGS})
    target_link_options(${name}_asan PRIVATE ${CODEX_SAN_FLAGS})
    add_test(NAME asan_${name} COMMAND ${CODEX_FIXTURE} $<TARGET_FILE:${name}_asan>)
    # detect_leaks: LeakSanitizer runs at exit; no suppression file is needed (the Rust
    # runtime's process-wide state stays reachable from statics, which LSan does not report).
    set_tests_properties(asan_${name} PROPERTIES LABELS "asan" TIMEOUT 600 ENVIRONMENT
      "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=98;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1;CODEX_TEST_TIME_SCALE=5")
  endif()
endforeach()
if(NOT CODEX_HAVE_ASAN)
  message(WARNING "the C compiler cannot build with -fsanitize=address,undefined: no asan tests")
endif()

# ---- valgrind memcheck ------------------------------------------------------------------
# The plain test binaries, under memcheck. The codex child is not traced (--trace-children=no,
# the default). Time limits in the tests scale by CODEX_TEST_TIME_SCALE; the 64 MiB line is cut
# to 8 MiB (memcheck copies every byte through its shadow memory: 64 MiB takes minutes).
find_program(CODEX_VALGRIND valgrind)
if(CODEX_VALGRIND)
  foreach(name ${CODEX_CHECKED_TESTS})
    if(NOT TARGET ${name})
      continue()
    endif()
    add_test(NAME valgrind_${name} COMMAND ${CODEX_FIXTURE} ${CODEX_VALGRIND}
      --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
      --show-leak-kinds=definite --trace-children=no --num-callers=30
      --suppressions=${CODEX_ROOT}/tests/valgrind.supp $<TARGET_FILE:${name}>)
    set_tests_properties(valgrind_${name} PROPERTIES LABELS "valgrind" TIMEOUT 900 ENVIRONMENT
      "CODEX_TEST_TIME_SCALE=25;CODEX_TEST_HUGE_MIB=8")
  endforeach()
else()
  message(WARNING "valgrind not found: no valgrind tests (scripts/setup.sh installs it)")
endif()

# ---- generated misuse calls stay in step with the header --------------------------------
add_test(NAME misuse_calls_current
  COMMAND ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/gen_misuse_calls.py --check)
set_tests_properties(misuse_calls_current PROPERTIES LABELS "header")

# ---- fuzzing ----------------------------------------------------------------------------------
# A short bounded run of the router fuzz target (fuzz/run.sh builds it with cargo-fuzz on stable,
# --sanitizer none, seeded from real app-server transcripts). The long run is documented in
# fuzz/README.md. The first build of the instrumented crate takes a few minutes.
add_test(NAME fuzz_router_short COMMAND ${CODEX_ROOT}/fuzz/run.sh 45)
set_tests_properties(fuzz_router_short PROPERTIES LABELS "fuzz" TIMEOUT 1500)

# ---- secret scan ---------------------------------------------------------------------------------
# Runs the key-handling test programs in one fixture and greps their output, the mock's request
# log and the CODEX_HOMEs for every test key in the sources (tests/check_secrets.py).
add_test(NAME security_secret_scan
  COMMAND ${CODEX_FIXTURE} ${Python3_EXECUTABLE} ${CODEX_ROOT}/tests/check_secrets.py
          ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(security_secret_scan PROPERTIES LABELS "security" TIMEOUT 900
  RESOURCE_LOCK ${CODEX_LOGIN_LOCK})
