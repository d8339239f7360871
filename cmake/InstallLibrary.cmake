# Install-time half of cmake/Install.cmake (run by `cmake --install`, which sets the CODEX_*
# variables first): strips the cargo-built libraries into a staging folder, makes the soname
# links, writes codex.pc and codexConfig.cmake for the final prefix, then installs them all with
# file(INSTALL) (which honours DESTDIR and the install manifest).
foreach(lib "${CODEX_SHARED_LIB}" "${CODEX_STATIC_LIB}" "${CODEX_NATIVE_LIBS_FILE}")
  if(NOT EXISTS "${lib}")
    message(FATAL_ERROR "${lib} is missing: build first (cmake --build <build dir>)")
  endif()
endforeach()

set(prefix "${CMAKE_INSTALL_PREFIX}")
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CODEX_${kind}}")
    set(abs_${kind} "${CODEX_${kind}}")
  else()
    set(abs_${kind} "${prefix}/${CODEX_${kind}}")
  endif()
endforeach()

set(stage "${CODEX_STAGE}")
file(REMOVE_RECURSE "${stage}")
file(MAKE_DIRECTORY "${stage}/lib" "${stage}/pkgconfig" "${stage}/cmake")

# The shared library: libcodex.so.<version> with libcodex.so.<SOVERSION> and libcodex.so links.
set(real "libcodex.so.${CODEX_VERSION}")
set(soname "libcodex.so.${CODEX_SOVERSION}")
set(stage_files "${stage}/lib/${soname}" "${stage}/lib/libcodex.so" "${stage}/lib/libcodex.a")
if(CODEX_INSTALL_STRIP)
  # Keep the debug info beside the library; the stripped copy points at it (.gnu_debuglink).
  execute_process(COMMAND "${CODEX_OBJCOPY}" --only-keep-debug "${CODEX_SHARED_LIB}" "${stage}/lib/${real}.debug"
                  COMMAND_ERROR_IS_FATAL ANY)
  # --strip-unneeded as distributions strip shared libraries: the local symbol table goes too
  # (it is in the .debug file); the dynamic symbols (the codex_* exports) stay.
  execute_process(COMMAND "${CODEX_OBJCOPY}" --strip-unneeded "--add-gnu-debuglink=${real}.debug"
                          "${CODEX_SHARED_LIB}" "${stage}/lib/${real}"
                  WORKING_DIRECTORY "${stage}/lib" COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND "${CODEX_STRIP}" --strip-debug -o "${stage}/lib/libcodex.a" "${CODEX_STATIC_LIB}"
                  COMMAND_ERROR_IS_FATAL ANY)
  list(APPEND stage_files "${stage}/lib/${real}.debug")
else()
  file(COPY_FILE "${CODEX_SHARED_LIB}" "${stage}/lib/${real}")
  file(COPY_FILE "${CODEX_STATIC_LIB}" "${stage}/lib/libcodex.a")
endif()
file(CREATE_LINK "${real}" "${stage}/lib/${soname}" SYMBOLIC)
file(CREATE_LINK "${soname}" "${stage}/lib/libcodex.so" SYMBOLIC)

# codex.pc: absolute paths for this prefix; Libs.private from the build's native-libs probe.
file(READ "${CODEX_NATIVE_LIBS_FILE}" CODEX_NATIVE_LIBS)
string(STRIP "${CODEX_NATIVE_LIBS}" CODEX_NATIVE_LIBS)
set(CODEX_PC_PREFIX "${prefix}")
string(REPLACE "${prefix}/" "\${prefix}/" CODEX_PC_LIBDIR "${abs_LIBDIR}")
string(REPLACE "${prefix}/" "\${prefix}/" CODEX_PC_INCLUDEDIR "${abs_INCLUDEDIR}")
configure_file("${CODEX_TEMPLATES}/codex.pc.in" "${stage}/pkgconfig/codex.pc" @ONLY)

# codexConfig.cmake: paths relative to its own folder, so the prefix can move.
set(pkgdir "${abs_LIBDIR}/cmake/codex")
file(RELATIVE_PATH CODEX_CONFIG_TO_PREFIX "${pkgdir}" "${prefix}")
foreach(kind LIBDIR INCLUDEDIR)
  file(RELATIVE_PATH rel "${prefix}" "${abs_${kind}}")
  if(IS_ABSOLUTE "${CODEX_${kind}}")
    set(CODEX_CONFIG_${kind} "${abs_${kind}}")
  else()
    set(CODEX_CONFIG_${kind} "\${_codex_prefix}/${rel}")
  endif()
endforeach()
set(CODEX_NATIVE_LIBS_LIST "")
separate_arguments(native UNIX_COMMAND "${CODEX_NATIVE_LIBS}")
foreach(flag ${native})
  string(REGEX REPLACE "^-l" "" flag "${flag}")
  list(APPEND CODEX_NATIVE_LIBS_LIST "${flag}")
endforeach()
configure_file("${CODEX_TEMPLATES}/codexConfig.cmake.in" "${stage}/cmake/codexConfig.cmake" @ONLY)

file(INSTALL ${stage_files} DESTINATION "${abs_LIBDIR}"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(INSTALL "${stage}/lib/${real}" DESTINATION "${abs_LIBDIR}"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                      WORLD_READ WORLD_EXECUTE)
file(INSTALL "${stage}/pkgconfig/codex.pc" DESTINATION "${abs_LIBDIR}/pkgconfig")
file(INSTALL "${stage}/cmake/codexConfig.cmake" DESTINATION "${pkgdir}")
