#!/usr/bin/env bash
# Installs codex-ffi into a temporary prefix and builds programs against it OUTSIDE the checkout,
# the way a user would (ctest label `install`; tests/install/CMakeLists.txt runs each step
# inside the offline fixture, so every consumer runs one real turn against the loopback model).
#
#   run.sh STEP    with CODEX_SOURCE_DIR (the checkout), CODEX_BUILD_DIR (its built build dir),
#                  CODEX_INSTALL_TEST_DIR (scratch folder outside the checkout), CODEX_CARGO_PROFILE
#
#   install             cmake --install into $W/prefix; the installed files, SONAME, size, exports
#   c_pkgconfig         a C program with `pkg-config --cflags --libs codex` (shared), and
#                       `pkg-config --static` linking libcodex.a
#   cmake_package       C++ with find_package(codex) (codex::cpp), and C with codex::codex_static
#   cmake_subdirectory  C++ with add_subdirectory(<checkout>): only the library and C++ targets,
#                       configured with Python hidden
#   go                  a Go module of its own: `replace` to a copy of bindings/go, GOPROXY=off,
#                       GOFLAGS=-mod=mod, the installed library through pkg-config (the default)
#   cleanup             removes $W
set -euo pipefail
step="${1:?usage: run.sh install|c_pkgconfig|cmake_package|cmake_subdirectory|go|cleanup}"
src="${CODEX_SOURCE_DIR:?}"
build="${CODEX_BUILD_DIR:?}"
W="${CODEX_INSTALL_TEST_DIR:?}"
profile="${CODEX_CARGO_PROFILE:-release}"
here="$src/tests/install"
prefix="$W/prefix"
libdir="$prefix/lib"
soname=libcodex.so.1
max_bytes=$((5 * 1024 * 1024))

say() { printf '[install:%s] %s\n' "$step" "$*"; }
die() { printf '[install:%s] FAIL: %s\n' "$step" "$*" >&2; exit 1; }
case "$W" in "$src"/*) die "the scratch folder $W is inside the checkout" ;; esac
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

# The consumer's NEEDED entries name libcodex.so.1, never a path (or none for a static link).
check_needed() { # binary static|shared
  local needed
  needed="$(readelf -d "$1" | awk '/\(NEEDED\)/ {print $NF}' | tr -d '[]')"
  say "$(basename "$1") NEEDED: $(echo $needed)"
  if [ "$2" = static ]; then
    ! grep -q codex <<<"$needed" || die "$1 links libcodex dynamically"
  else
    grep -qx "$soname" <<<"$needed" || die "$1 does not record NEEDED $soname"
    ! grep -q / <<<"$needed" || die "$1 records a path in NEEDED"
  fi
}

# The loader finds libcodex.so.1 where it should (the prefix, or the checkout for a subproject).
check_resolves() { # binary dir [env...]
  local bin="$1" dir="$2"; shift 2
  local line
  line="$(env "$@" ldd "$bin" | grep "$soname" || true)"
  say "ldd: ${line# }"
  [[ "$line" == *"=> $dir/$soname "* ]] || die "$bin loads $soname from elsewhere than $dir"
}

# One turn (the fixture's environment is exported by run_with_fixture.py).
run_turn() {
  [ -n "${CODEX_TEST_MOCK_URL:-}" ] || die "not inside tests/fixtures/run_with_fixture.py"
  say "run: $*"
  "$@" || die "$1 failed"
}

case "$step" in
install)
  rm -rf "$W"
  mkdir -p "$W"
  cmake --install "$build" --prefix "$prefix" >"$W/install.log" || { cat "$W/install.log"; die "cmake --install"; }
  (cd "$prefix" && find . \( -type f -o -type l \) -printf '%p %s %l\n' | sort) | sed 's/^/  /'
  for f in include/codex.h include/codex/codex.hpp lib/libcodex.a lib/pkgconfig/codex.pc \
           lib/cmake/codex/codexConfig.cmake lib/cmake/codex/codexConfigVersion.cmake; do
    [ -f "$prefix/$f" ] || die "$f not installed"
  done
  real="$(readlink "$libdir/$soname")"
  [ "$(readlink "$libdir/libcodex.so")" = "$soname" ] || die "libcodex.so is not a link to $soname"
  [ -f "$libdir/$real" ] && [ ! -L "$libdir/$real" ] || die "$soname does not point at a file"
  readelf -d "$libdir/$real" | grep SONAME
  readelf -d "$libdir/$real" | grep -q "Library soname: \[$soname\]" || die "SONAME is not $soname"
  size="$(stat -c %s "$libdir/$real")"
  say "$real: $size bytes (limit $max_bytes)"
  [ "$size" -lt "$max_bytes" ] || die "$real is $size bytes, over 5 MB"
  ! readelf -S "$libdir/$real" | grep -q '\.debug_info' || die "$real still has debug info"
  readelf -S "$libdir/$real.debug" | grep -q '\.debug_info' || die "$real.debug has no debug info"
  readelf -p .gnu_debuglink "$libdir/$real" | grep -q "$real.debug" || die "no .gnu_debuglink to $real.debug"
  # Only the C ABI is exported.
  exports="$(nm -D --defined-only "$libdir/$real" | awk '{print $3}')"
  others="$(grep -v '^codex_' <<<"$exports" || true)"
  [ -z "$others" ] || die "exports other than codex_*: $(echo $others | head -c 400)"
  say "$(wc -l <<<"$exports") exported symbols, all codex_*"
  grep -q '^Libs.private: .*-l' "$libdir/pkgconfig/codex.pc" || die "codex.pc has no Libs.private"
  ;;

c_pkgconfig)
  export PKG_CONFIG_PATH="$libdir/pkgconfig"
  out="$W/c_pkgconfig"
  rm -rf "$out" && mkdir -p "$out"
  cflags="$(pkg-config --cflags codex)"
  libs="$(pkg-config --libs codex)"
  say "pkg-config --cflags --libs codex: $cflags $libs"
  # shared: the prefix is not a system one, so the program carries an rpath to it
  cc -std=c11 -Wall -Wextra -Werror -o "$out/consumer_shared" "$here/consumer.c" $cflags $libs \
     -Wl,-rpath,"$(pkg-config --variable=libdir codex)"
  check_needed "$out/consumer_shared" shared
  check_resolves "$out/consumer_shared" "$libdir"
  run_turn "$out/consumer_shared"
  # static: `--static` adds Libs.private; -l:libcodex.a picks the archive over the .so in the
  # same folder (what meson's `static: true` does), the system libraries stay shared.
  static_libs="$(pkg-config --static --libs codex)"
  say "pkg-config --static --libs codex: $static_libs"
  cc -std=c11 -Wall -Wextra -Werror -o "$out/consumer_static" "$here/consumer.c" $cflags \
     ${static_libs//-lcodex/-l:libcodex.a}
  check_needed "$out/consumer_static" static
  run_turn "$out/consumer_static"
  ;;

cmake_package)
  out="$W/cmake_package"
  rm -rf "$out"
  cmake -S "$here/cmake_package" -B "$out" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$prefix" >"$out.log" || { cat "$out.log"; die "configure"; }
  cmake --build "$out" >>"$out.log" 2>&1 || { cat "$out.log"; die "build"; }
  check_needed "$out/consumer_cpp" shared
  check_resolves "$out/consumer_cpp" "$libdir"
  run_turn "$out/consumer_cpp"
  check_needed "$out/consumer_c_static" static
  run_turn "$out/consumer_c_static"
  ;;

cmake_subdirectory)
  out="$W/cmake_subdirectory"
  rm -rf "$out"
  # Python hidden: the subproject must not look for it.
  cmake -S "$here/cmake_subdirectory" -B "$out" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DCODEX_SOURCE_DIR="$src" -DCODEX_CARGO_PROFILE="$profile" \
        -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON --no-warn-unused-cli >"$out.log" || { cat "$out.log"; die "configure"; }
  # Only the library, the C++ target and the consumer: none of the project's own targets.
  targets="$(cmake --build "$out" --target help | awk -F: '/:/ {print $1}' | sort -u)"
  for t in test_misuse test_misuse_asan example_demo cpp_binding_tests cpp_getting_started \
           codex_go codex_swift_check bench_fake bench_events codex_native_libs; do
    ! grep -qx "$t" <<<"$targets" || die "the subproject defines $t"
  done
  [ ! -e "$out/codex-ffi/CTestTestfile.cmake" ] || die "the subproject registers tests"
  say "targets: $(grep -E '^(codex|consumer)' <<<"$targets" | tr '\n' ' ')"
  cmake --build "$out" >>"$out.log" 2>&1 || { cat "$out.log"; die "build"; }
  check_needed "$out/consumer_cpp" shared
  case "$profile" in dev) tdir=debug ;; *) tdir="$profile" ;; esac
  check_resolves "$out/consumer_cpp" "$src/target/$tdir"
  run_turn "$out/consumer_cpp"
  ;;

go)
  command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"
  out="$W/go"
  rm -rf "$out" && mkdir -p "$out/app"
  # What a module download holds: the module's folder alone, away from the checkout.
  cp -r "$src/bindings/go" "$out/codex-go"
  cp "$here/go/main.go" "$out/app/"
  cat >"$out/app/go.mod" <<GOMOD
module example.com/codexconsumer

go 1.23

require github.com/codex-ffi/codex-ffi/bindings/go v0.0.0

replace github.com/codex-ffi/codex-ffi/bindings/go => ../codex-go
GOMOD
  export PKG_CONFIG_PATH="$libdir/pkgconfig" GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local \
         GOWORK=off CGO_ENABLED=1
  (cd "$out/app" && go build -o "$out/consumer_go" .) || die "go build"
  check_needed "$out/consumer_go" shared
  check_resolves "$out/consumer_go" "$libdir" LD_LIBRARY_PATH="$libdir"
  LD_LIBRARY_PATH="$libdir" run_turn "$out/consumer_go"
  ;;

cleanup)
  rm -rf "$W"
  ;;

*) die "unknown step $step" ;;
esac
say "ok"
