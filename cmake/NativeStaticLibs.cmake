# Writes the native libraries a program needs when it links libcodex.a statically: what
# `cargo rustc --crate-type staticlib -- --print native-static-libs` prints, without rebuilding
# the crate. rustc links a one-line staticlib crate against the codex rlib cargo already built
# (a staticlib bundles every upstream crate, so it needs the same native libraries), in ~0.3 s.
#
#   cmake -DRLIB=<target>/release/libcodex.rlib -DOUT=<file> -P NativeStaticLibs.cmake
#
# OUT gets one line of linker flags, e.g. `-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc`.
# cmake/Install.cmake runs it at build time; the install step puts the line into codex.pc
# (Libs.private) and the CMake package (codex::codex_static).
foreach(var RLIB OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "NativeStaticLibs.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT EXISTS "${RLIB}")
  message(FATAL_ERROR "NativeStaticLibs.cmake: ${RLIB} does not exist (build the library first)")
endif()
get_filename_component(profile_dir "${RLIB}" DIRECTORY)
set(work "${OUT}.work")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")
file(WRITE "${work}/probe.rs" "extern crate codex;\n")
find_program(RUSTC rustc HINTS $ENV{CARGO_HOME}/bin $ENV{HOME}/.cargo/bin REQUIRED)
execute_process(
  COMMAND "${RUSTC}" --edition 2021 --crate-type staticlib --crate-name codex_native_libs_probe
          --print native-static-libs -L "dependency=${profile_dir}/deps"
          --extern "codex=${RLIB}" -o "${work}/probe.a" "${work}/probe.rs"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
file(REMOVE_RECURSE "${work}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "NativeStaticLibs.cmake: rustc failed (${rc}):\n${out}")
endif()
if(NOT out MATCHES "native-static-libs: ([^\r\n]*)")
  message(FATAL_ERROR "NativeStaticLibs.cmake: no native-static-libs line in rustc's output:\n${out}")
endif()
string(STRIP "${CMAKE_MATCH_1}" libs)
file(WRITE "${OUT}" "${libs}\n")
message(STATUS "libcodex.a needs: ${libs}")
