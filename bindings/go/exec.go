package codex

/*
#include <stdlib.h>
#include "shims.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"io"
	"runtime"
	"unsafe"
)

// array copies strings to a C array of C strings (freed with the others).
func (cs *cstrings) array(name string, ss []string) (**C.char, error) {
	if len(ss) == 0 {
		return nil, nil
	}
	p := (**C.char)(C.malloc(C.size_t(len(ss)) * C.size_t(unsafe.Sizeof(uintptr(0)))))
	*cs = append(*cs, (*C.char)(unsafe.Pointer(p)))
	arr := unsafe.Slice(p, len(ss))
	for i, s := range ss {
		c, err := cs.add(name, s)
		if err != nil {
			return nil, err
		}
		arr[i] = c
	}
	return p, nil
}

// ExecResult is how a command ended: its exit code (124: its timeoutMs ran out; 137: killed)
// and its buffered output (empty for a Process, whose output streamed).
type ExecResult struct {
	ExitCode       int
	Stdout, Stderr string
}

func takeExecResult(r *C.codex_exec_result) *ExecResult {
	defer C.codex_exec_result_free(r)
	return &ExecResult{
		ExitCode: int(C.codex_exec_result_exit_code(r)),
		Stdout:   goString(C.codex_exec_result_stdout(r)),
		Stderr:   goString(C.codex_exec_result_stderr(r)),
	}
}

// CommandExec runs a command to its end in the server's sandbox, outside any thread
// (`command/exec`). params is CommandExecParams without `command` (cwd, env, timeoutMs,
// sandboxPolicy, ...; nil = none). Bounded by the request timeout: use SpawnProcess for longer
// commands or to stream.
func (c *Client) CommandExec(ctx context.Context, argv []string, params json.RawMessage) (*ExecResult, error) {
	var cs cstrings
	defer cs.free()
	av, err := cs.array("argv", argv)
	if err != nil {
		return nil, err
	}
	js, err := cs.json("params", params)
	if err != nil {
		return nil, err
	}
	var res *ExecResult
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_exec_result
		var e *C.codex_error
		if err := check(C.codex_command_exec(p, av, C.size_t(len(argv)), js, &out, &e), e); err != nil {
			return err
		}
		res = takeExecResult(out)
		return nil
	})
	return res, err
}

// OutputStream says which stream a chunk of output came from.
type OutputStream int

const (
	Stdout OutputStream = C.CODEX_OUTPUT_STDOUT
	Stderr OutputStream = C.CODEX_OUTPUT_STDERR
)

// OutputChunk is one chunk of a process's output.
type OutputChunk struct {
	Stream     OutputStream
	Data       []byte
	CapReached bool // the output cap cut the rest of this stream
}

// Process is a running command whose output streams to it. Safe for concurrent use; Close it
// when done (a process still running is then terminated).
type Process struct {
	ID  string
	c   *Client
	ptr *C.codex_process
	ref *cref
}

// SpawnProcess starts a command with the caller's process id (unique among this client's
// running processes). Its stdin stays open until CloseStdin. params as for CommandExec;
// `{"tty":true,"size":{"rows":24,"cols":80}}` gives it a terminal (Resize). A command that
// cannot start fails Wait.
func (c *Client) SpawnProcess(ctx context.Context, id string, argv []string, params json.RawMessage) (*Process, error) {
	var cs cstrings
	defer cs.free()
	cid, err := cs.add("id", id)
	if err != nil {
		return nil, err
	}
	av, err := cs.array("argv", argv)
	if err != nil {
		return nil, err
	}
	js, err := cs.json("params", params)
	if err != nil {
		return nil, err
	}
	var ptr *C.codex_process
	err = c.do(ctx, func(p *C.codex_client) error {
		var e *C.codex_error
		return check(C.codex_process_spawn(p, cid, av, C.size_t(len(argv)), js, &ptr, &e), e)
	})
	if err != nil {
		return nil, err
	}
	pr := &Process{ID: id, c: c, ptr: ptr, ref: newCref(func() { C.codex_process_free(ptr) })}
	runtime.SetFinalizer(pr, (*Process).Close)
	return pr, nil
}

// Close releases the handle; a process still running is terminated. Idempotent.
func (p *Process) Close() error {
	runtime.SetFinalizer(p, nil)
	p.ref.close()
	return nil
}

func (p *Process) do(ctx context.Context, call func(ptr *C.codex_process, e **C.codex_error) C.codex_status) error {
	return await0(ctx, p.c.closed, func() error {
		defer runtime.KeepAlive(p)
		return p.ref.with("process", func() error {
			var e *C.codex_error
			return check(call(p.ptr, &e), e)
		})
	})
}

// Write writes data to the process's stdin.
func (p *Process) Write(ctx context.Context, data []byte) error {
	if len(data) == 0 {
		return nil
	}
	buf := C.CBytes(data)
	defer C.free(buf)
	return p.do(ctx, func(ptr *C.codex_process, e **C.codex_error) C.codex_status {
		return C.codex_process_write(ptr, (*C.uint8_t)(buf), C.size_t(len(data)), e)
	})
}

// CloseStdin closes the process's stdin (it reads end of file).
func (p *Process) CloseStdin(ctx context.Context) error {
	return p.do(ctx, func(ptr *C.codex_process, e **C.codex_error) C.codex_status {
		return C.codex_process_close_stdin(ptr, e)
	})
}

// Terminate kills the process; Wait then returns exit code 137.
func (p *Process) Terminate(ctx context.Context) error {
	return p.do(ctx, func(ptr *C.codex_process, e **C.codex_error) C.codex_status {
		return C.codex_process_terminate(ptr, e)
	})
}

// Resize resizes the terminal of a process started with "tty": true.
func (p *Process) Resize(ctx context.Context, rows, cols uint16) error {
	return p.do(ctx, func(ptr *C.codex_process, e **C.codex_error) C.codex_status {
		return C.codex_process_resize(ptr, C.uint16_t(rows), C.uint16_t(cols), e)
	})
}

// Next returns the next chunk of output; io.EOF once the process has exited and every chunk
// was read. ctx ending (or the client closing) ends the wait at once; no output is lost.
func (p *Process) Next(ctx context.Context) (OutputChunk, error) {
	if err := ctx.Err(); err != nil {
		return OutputChunk{}, err
	}
	tok, release := cancelOn(ctx, p.c.baseCtx)
	defer release()
	var chunk OutputChunk
	var st C.codex_status
	err := p.ref.with("process", func() error {
		var out *C.codex_process_output
		var e *C.codex_error
		st = C.codex_process_next_output_cancellable(p.ptr, -1, tok, &out, &e)
		switch st {
		case C.CODEX_STATUS_OK:
			defer C.codex_process_output_free(out)
			var n C.size_t
			d := C.codex_process_output_data(out, &n)
			chunk = OutputChunk{
				Stream:     OutputStream(C.codex_process_output_stream(out)),
				Data:       C.GoBytes(unsafe.Pointer(d), C.int(n)),
				CapReached: bool(C.codex_process_output_cap_reached(out)),
			}
			return nil
		case C.CODEX_STATUS_END:
			return io.EOF
		case C.CODEX_STATUS_CANCELLED:
			C.codex_error_free(e)
			return p.c.cancelledErr(ctx)
		}
		return check(st, e)
	})
	runtime.KeepAlive(p)
	return chunk, err
}

// Wait waits for the process to exit (its stdout and stderr are empty: they streamed).
// ctx ending returns its error at once and leaves the process running.
func (p *Process) Wait(ctx context.Context) (*ExecResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tok, release := cancelOn(ctx, p.c.baseCtx)
	defer release()
	var res *ExecResult
	err := p.ref.with("process", func() error {
		var out *C.codex_exec_result
		var e *C.codex_error
		st := C.codex_process_wait_cancellable(p.ptr, -1, tok, &out, &e)
		if st == C.CODEX_STATUS_CANCELLED {
			C.codex_error_free(e)
			return p.c.cancelledErr(ctx)
		}
		if err := check(st, e); err != nil {
			return err
		}
		res = takeExecResult(out)
		return nil
	})
	runtime.KeepAlive(p)
	return res, err
}

// FileMatch is one fuzzy file search match.
type FileMatch struct {
	Path      string // relative to Root
	Root      string
	FileName  string
	Score     uint32 // higher is better
	Directory bool
}

// FuzzyFileSearch finds files and folders under roots whose path matches query fuzzily
// (`fuzzyFileSearch`), best first.
func (c *Client) FuzzyFileSearch(ctx context.Context, query string, roots []string) ([]FileMatch, error) {
	var cs cstrings
	defer cs.free()
	q, err := cs.add("query", query)
	if err != nil {
		return nil, err
	}
	rs, err := cs.array("roots", roots)
	if err != nil {
		return nil, err
	}
	var found []FileMatch
	err = c.do(ctx, func(p *C.codex_client) error {
		var out *C.codex_file_matches
		var e *C.codex_error
		if err := check(C.codex_fuzzy_file_search(p, q, rs, C.size_t(len(roots)), &out, &e), e); err != nil {
			return err
		}
		defer C.codex_file_matches_free(out)
		n := int(C.codex_file_matches_count(out))
		found = make([]FileMatch, 0, n)
		for i := 0; i < n; i++ {
			j := C.size_t(i)
			found = append(found, FileMatch{
				Path:      goString(C.codex_file_matches_path(out, j)),
				Root:      goString(C.codex_file_matches_root(out, j)),
				FileName:  goString(C.codex_file_matches_file_name(out, j)),
				Score:     uint32(C.codex_file_matches_score(out, j)),
				Directory: C.codex_file_matches_type(out, j) == C.CODEX_MATCH_DIRECTORY,
			})
		}
		return nil
	})
	return found, err
}
