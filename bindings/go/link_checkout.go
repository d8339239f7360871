//go:build codex_checkout

package codex

// With -tags codex_checkout the header and the library come from the codex-ffi checkout this
// module sits in: include/codex.h and target/release/libcodex.so (built by
// `cargo build --release` or CMake; programs load it as libcodex.so.1, the link build.rs keeps
// beside it). The rpath lets binaries find the library without LD_LIBRARY_PATH.
// bindings/go/CMakeLists.txt builds and tests the binding this way.

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -lcodex -Wl,-rpath,${SRCDIR}/../../target/release
*/
import "C"
