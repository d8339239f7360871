# Install rules (issue 14), included from the top-level CMakeLists.txt. With CODEX_INSTALL on (the
# default at the top level) `cmake --install build [--prefix P]` puts under the prefix:
#
#   lib/libcodex.so.<crate version>       the shared library, debug info stripped (see below)
#   lib/libcodex.so.<SOVERSION> -> ...    its soname (the ABI counter in build.rs, starting at 1)
#   lib/libcodex.so -> libcodex.so.<SOVERSION>   the link-time name
#   lib/libcodex.so.<crate version>.debug its debug info (objcopy --only-keep-debug; gdb finds it
#                                         through the .gnu_debuglink section)
#   lib/libcodex.a                        the static library, debug info stripped
#   include/codex.h, include/codex/*.hpp  the C header and the C++ binding's headers
#   lib/pkgconfig/codex.pc                Libs.private: the native libraries libcodex.a needs
#   lib/cmake/codex/codexConfig.cmake     imported targets codex::codex, codex::codex_static,
#   lib/cmake/codex/codexConfigVersion.cmake                    codex::cpp (find_package(codex))
#
# File names: the real file is named after the crate version and carries the soname of the ABI
# counter, as CMake names a library with VERSION <crate version> and SOVERSION <counter>
# (e.g. libcodex.so.0.1.0, soname libcodex.so.1). Programs record NEEDED libcodex.so.1 and keep
# working across crate releases until the counter is bumped (an ABI break).
#
# The build tree keeps full debug info (Cargo.toml: debug = 1, for valgrind and callgrind); the
# install step strips it (39 MB -> 4.4 MB for the .so, with LTO). CODEX_INSTALL_STRIP=OFF keeps it.
if(NOT CODEX_INSTALL)
  return()
endif()
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The crate version (Cargo.toml's [package] version) and the ABI counter (build.rs).
file(STRINGS ${CODEX_ROOT}/Cargo.toml CODEX_VERSION REGEX "^version = \"[0-9]+\\.[0-9]+\\.[0-9]+\"" LIMIT_COUNT 1)
string(REGEX REPLACE ".*\"(.*)\"" "\\1" CODEX_VERSION "${CODEX_VERSION}")
file(STRINGS ${CODEX_ROOT}/build.rs CODEX_SOVERSION REGEX "^const SOVERSION: &str = \"[0-9]+\";")
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" CODEX_SOVERSION "${CODEX_SOVERSION}")
if(NOT CODEX_VERSION OR NOT CODEX_SOVERSION)
  message(FATAL_ERROR "cannot read the crate version (Cargo.toml) or SOVERSION (build.rs)")
endif()

option(CODEX_INSTALL_STRIP "strip debug info at install time (kept in a .debug file)" ON)
if(CODEX_INSTALL_STRIP AND (NOT CMAKE_OBJCOPY OR NOT CMAKE_STRIP))
  message(FATAL_ERROR "CODEX_INSTALL_STRIP needs objcopy and strip (binutils)")
endif()

# The native libraries of a static link, captured whenever cargo rebuilt the library.
set(CODEX_NATIVE_LIBS_FILE ${CMAKE_CURRENT_BINARY_DIR}/codex-native-static-libs.txt)
add_custom_command(
  OUTPUT ${CODEX_NATIVE_LIBS_FILE}
  COMMAND ${CMAKE_COMMAND} -DRLIB=${CODEX_TARGET_DIR}/libcodex.rlib -DOUT=${CODEX_NATIVE_LIBS_FILE}
          -P ${CODEX_ROOT}/cmake/NativeStaticLibs.cmake
  DEPENDS ${CODEX_STATIC_LIB} ${CODEX_ROOT}/cmake/NativeStaticLibs.cmake
  WORKING_DIRECTORY ${CODEX_ROOT}
  COMMENT "native libraries of libcodex.a (rustc --print native-static-libs)"
  VERBATIM)
add_custom_target(codex_native_libs ALL DEPENDS ${CODEX_NATIVE_LIBS_FILE})
add_dependencies(codex_native_libs codex_rust)

write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/codexConfigVersion.cmake
  VERSION ${CODEX_VERSION}
  # 0.x: a minor release may break the API (semver), so 0.1 accepts 0.1.y only.
  COMPATIBILITY SameMinorVersion)

install(FILES ${CODEX_ROOT}/include/codex.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CODEX_ROOT}/bindings/cpp/include/codex DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/codexConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/codex)
# The libraries, their links, codex.pc and codexConfig.cmake: written by InstallLibrary.cmake
# at install time (it knows the final prefix, strips, and reads the native libraries).
install(CODE "
  set(CODEX_VERSION \"${CODEX_VERSION}\")
  set(CODEX_SOVERSION \"${CODEX_SOVERSION}\")
  set(CODEX_SHARED_LIB \"${CODEX_SHARED_LIB}\")
  set(CODEX_STATIC_LIB \"${CODEX_STATIC_LIB}\")
  set(CODEX_NATIVE_LIBS_FILE \"${CODEX_NATIVE_LIBS_FILE}\")
  set(CODEX_INSTALL_STRIP \"${CODEX_INSTALL_STRIP}\")
  set(CODEX_OBJCOPY \"${CMAKE_OBJCOPY}\")
  set(CODEX_STRIP \"${CMAKE_STRIP}\")
  set(CODEX_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(CODEX_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(CODEX_TEMPLATES \"${CODEX_ROOT}/cmake\")
  set(CODEX_STAGE \"${CMAKE_CURRENT_BINARY_DIR}/codex-install-stage\")
")
install(SCRIPT ${CODEX_ROOT}/cmake/InstallLibrary.cmake)
