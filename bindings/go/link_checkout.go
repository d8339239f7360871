//go:build !codex_pkgconfig

package codex

// By default the header and the library come from the checkout this module sits in:
// include/codex.h and target/release/libcodex.so (built by `cargo build --release` or CMake).
// The rpath lets binaries find the library without LD_LIBRARY_PATH.

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -lcodex -Wl,-rpath,${SRCDIR}/../../target/release
*/
import "C"
