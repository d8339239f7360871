//go:build !codex_checkout

package codex

// By default the header and the library come from pkg-config's `codex` package, which
// `cmake --install` writes (lib/pkgconfig/codex.pc). Point PKG_CONFIG_PATH at it when the
// prefix is not a system one, e.g. PKG_CONFIG_PATH=$HOME/.local/lib/pkgconfig.
// Inside a codex-ffi checkout, -tags codex_checkout links the cargo build instead
// (link_checkout.go; the project's own tests build that way).

/*
#cgo pkg-config: codex
*/
import "C"
