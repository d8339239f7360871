package codex

// LiveHandles exposes the count of cgo handles the library still holds, for the tests.
func LiveHandles() int64 { return liveHandles.Load() }
