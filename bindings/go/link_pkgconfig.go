//go:build codex_pkgconfig

package codex

// With -tags codex_pkgconfig the header and the library come from pkg-config's `codex`
// package instead (see README.md for a codex.pc that points at a checkout or an install).

/*
#cgo pkg-config: codex
*/
import "C"
