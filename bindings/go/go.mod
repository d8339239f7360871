module github.com/codex-ffi/codex-ffi/bindings/go

go 1.23
