//! `codex_exec_result`, `codex_process` and `codex_process_output`: standalone commands in the
//! server's sandbox (`command/exec`), one-shot or as a process handle with streamed output,
//! stdin, terminate, resize and a wait; and `codex_file_matches` (`fuzzyFileSearch`).

use super::cancel::{codex_cancel, token_arg};
use super::client::{client_arg, codex_client};
use super::error::codex_error;
use super::handle::{free_boxed, into_boxed};
use super::{c_string, handle, json_arg, out_arg, str_arg, UserData};
use crate::{
    block_on, codex_match_type_t, codex_output_stream_t, with_cancel, CommandExecResponse, Error,
    FuzzyFileSearchResult, OutputChunk, Process, Result, Status,
};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// A finished command: exit code and buffered output. Free with codex_exec_result_free.
pub struct codex_exec_result {
    exit_code: i32,
    stdout: CString,
    stderr: CString,
}

impl super::handle::Boxed for codex_exec_result {}

fn result_out(r: CommandExecResponse, out: *mut *mut codex_exec_result) {
    let v = codex_exec_result {
        exit_code: r.exit_code,
        stdout: c_string(&r.stdout),
        stderr: c_string(&r.stderr),
    };
    // SAFETY: checked non-NULL by the caller.
    unsafe { *out = into_boxed(v) };
}

/// `argv[0..argc]`, each a required UTF-8 string.
unsafe fn argv_arg<'a>(argv: *const *const c_char, argc: usize) -> Result<Vec<&'a str>> {
    if argc == 0 {
        return Err(Error::invalid("argc is 0 (argv is empty)"));
    }
    if argv.is_null() {
        return Err(Error::invalid("argv is NULL"));
    }
    (0..argc)
        .map(|i| str_arg(*argv.add(i), &format!("argv[{i}]")))
        .collect()
}

/// Runs a command to its end in the server's sandbox, outside any thread (`command/exec`):
/// `argv[0..argc]` is the command, `params_json` (may be NULL) CommandExecParams without
/// `command`, e.g. `{"cwd":"/w","timeoutMs":5000,"env":{"K":"v"}}`. A command that runs and
/// fails is OK with its exit code (124 when its timeoutMs ran out); one that cannot start is
/// RPC. Bounded by the client's request timeout: stream longer commands with
/// codex_process_spawn.
#[no_mangle]
pub unsafe extern "C" fn codex_command_exec(
    client: *const codex_client,
    argv: *const *const c_char,
    argc: usize,
    params_json: *const c_char,
    out: *mut *mut codex_exec_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let argv = argv_arg(argv, argc)?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(out, "out")?;
        result_out(block_on(c.command_exec(&argv, params))?, out);
        Ok(())
    })
}

/// The command's exit code (137 when terminated by SIGKILL). NULL: -1.
#[no_mangle]
pub unsafe extern "C" fn codex_exec_result_exit_code(r: *const codex_exec_result) -> i32 {
    ffi_boundary!(|| r.as_ref().map_or(-1, |r| r.exit_code))
}

/// The buffered stdout (borrowed; empty for a process handle, whose output streamed).
#[no_mangle]
pub unsafe extern "C" fn codex_exec_result_stdout(r: *const codex_exec_result) -> *const c_char {
    ffi_boundary!(|| r.as_ref().map_or(std::ptr::null(), |r| r.stdout.as_ptr()))
}

/// The buffered stderr (borrowed; empty for a process handle).
#[no_mangle]
pub unsafe extern "C" fn codex_exec_result_stderr(r: *const codex_exec_result) -> *const c_char {
    ffi_boundary!(|| r.as_ref().map_or(std::ptr::null(), |r| r.stderr.as_ptr()))
}

/// Frees a result. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_exec_result_free(r: *mut codex_exec_result) {
    ffi_boundary!(|| free_boxed(r))
}

/// A running command with streamed output. Free with codex_process_free.
pub struct codex_process {
    process: Process,
    id: CString,
}

impl super::handle::Boxed for codex_process {}

/// One chunk of a process's output. Free with codex_process_output_free.
pub struct codex_process_output {
    chunk: OutputChunk,
}

impl super::handle::Boxed for codex_process_output {}

/// Receives a process's output on the client's delivery thread: each chunk (`data[0..len]`,
/// borrowed for the call), then once `CODEX_OUTPUT_END` with no data when the process has
/// exited (codex_process_wait then returns at once).
pub type codex_output_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        stream: codex_output_stream_t,
        data: *const u8,
        len: usize,
    ),
>;

/// Starts a command whose output streams to the returned handle (`command/exec` with the
/// caller's `process_id`, unique among this client's running processes). Its stdin stays open
/// until codex_process_close_stdin. `params_json` as for codex_command_exec; with
/// `{"tty":true,"size":{"rows":24,"cols":80}}` it runs in a terminal (codex_process_resize).
/// Returns once the request is sent: a command that cannot start fails its wait with RPC.
#[no_mangle]
pub unsafe extern "C" fn codex_process_spawn(
    client: *const codex_client,
    process_id: *const c_char,
    argv: *const *const c_char,
    argc: usize,
    params_json: *const c_char,
    out: *mut *mut codex_process,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let id = str_arg(process_id, "process_id")?;
        let argv = argv_arg(argv, argc)?;
        let params = json_arg(params_json, "params_json")?;
        out_arg(out, "out")?;
        let process = c.spawn_process(id, &argv, params)?;
        *out = into_boxed(codex_process {
            process,
            id: c_string(id),
        });
        Ok(())
    })
}

/// The process id given to codex_process_spawn (borrowed).
#[no_mangle]
pub unsafe extern "C" fn codex_process_id(p: *const codex_process) -> *const c_char {
    ffi_boundary!(|| p.as_ref().map_or(std::ptr::null(), |p| p.id.as_ptr()))
}

/// Writes `data[0..len]` to the process's stdin.
#[no_mangle]
pub unsafe extern "C" fn codex_process_write(
    p: *const codex_process,
    data: *const u8,
    len: usize,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let p = handle(p, "process")?;
        if data.is_null() && len > 0 {
            return Err(Error::invalid("data is NULL"));
        }
        let bytes = if len == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(data, len)
        };
        block_on(p.process.write(bytes))
    })
}

/// Closes the process's stdin: it reads end of file.
#[no_mangle]
pub unsafe extern "C" fn codex_process_close_stdin(
    p: *const codex_process,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || block_on(
        handle(p, "process")?.process.close_stdin()
    ))
}

/// Kills the process; its exit (code 137) then arrives as usual. RPC once it has exited.
#[no_mangle]
pub unsafe extern "C" fn codex_process_terminate(
    p: *const codex_process,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || block_on(handle(p, "process")?.process.terminate()))
}

/// Resizes the terminal of a process started with `"tty":true`. RPC for a process without one
/// or once it has exited.
#[no_mangle]
pub unsafe extern "C" fn codex_process_resize(
    p: *const codex_process,
    rows: u16,
    cols: u16,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || block_on(
        handle(p, "process")?.process.resize(rows, cols)
    ))
}

/// The next chunk of output, waiting up to `timeout_ms` (< 0: no limit): OK with `*out`,
/// TIMEOUT when none came in time, END once the process has exited and every chunk was taken
/// (no error object for either), or the failure that ended the process. INVALID_ARGUMENT
/// once an output callback is set.
#[no_mangle]
pub unsafe extern "C" fn codex_process_next_output(
    p: *const codex_process,
    timeout_ms: i64,
    out: *mut *mut codex_process_output,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || next_output(p, timeout_ms, out))
}

unsafe fn next_output(
    p: *const codex_process,
    timeout_ms: i64,
    out: *mut *mut codex_process_output,
) -> Result<()> {
    let p = handle(p, "process")?;
    out_arg(out, "out")?;
    match p
        .process
        .next_output_blocking(super::timeout_ms(timeout_ms))?
    {
        Some(chunk) => {
            *out = into_boxed(codex_process_output { chunk });
            Ok(())
        }
        None => Err(Error::new(Status::End, "the process has exited")),
    }
}

/// codex_process_next_output that also returns CANCELLED as soon as `cancel` (may be NULL) is
/// triggered; no output is lost.
#[no_mangle]
pub unsafe extern "C" fn codex_process_next_output_cancellable(
    p: *const codex_process,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_process_output,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || with_cancel(token_arg(cancel), || next_output(
        p, timeout_ms, out
    )))
}

/// Waits up to `timeout_ms` (< 0: no limit) for the process to exit: OK with its exit code
/// (stdout and stderr empty: they streamed), TIMEOUT leaving it running, or the failure that
/// ended it (RPC when it could not start).
#[no_mangle]
pub unsafe extern "C" fn codex_process_wait(
    p: *const codex_process,
    timeout_ms: i64,
    out: *mut *mut codex_exec_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || wait(p, timeout_ms, out))
}

unsafe fn wait(
    p: *const codex_process,
    timeout_ms: i64,
    out: *mut *mut codex_exec_result,
) -> Result<()> {
    let p = handle(p, "process")?;
    out_arg(out, "out")?;
    result_out(p.process.wait_blocking(super::timeout_ms(timeout_ms))?, out);
    Ok(())
}

/// codex_process_wait that also returns CANCELLED as soon as `cancel` (may be NULL) is
/// triggered; the process goes on (codex_process_terminate stops it).
#[no_mangle]
pub unsafe extern "C" fn codex_process_wait_cancellable(
    p: *const codex_process,
    timeout_ms: i64,
    cancel: *const codex_cancel,
    out: *mut *mut codex_exec_result,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || with_cancel(token_arg(cancel), || wait(
        p, timeout_ms, out
    )))
}

/// Delivers the output (from the first chunk not yet pulled) to `fn` on the client's delivery
/// thread, in order, then CODEX_OUTPUT_END once. Pulling is then no longer possible. After
/// codex_process_free returns `fn` never starts; `drop(user_data)` runs once after its last
/// call.
#[no_mangle]
pub unsafe extern "C" fn codex_process_set_output_callback(
    p: *const codex_process,
    r#fn: codex_output_fn,
    user_data: *mut c_void,
    drop: super::codex_drop_fn,
    err: *mut *mut codex_error,
) -> Status {
    let data = UserData::new(user_data, drop);
    ffi_boundary!(err, move || {
        let p = handle(p, "process")?;
        let f = r#fn.ok_or_else(|| Error::invalid("fn is NULL"))?;
        p.process
            .set_output_callback(Arc::new(move |chunk: Option<&OutputChunk>| match chunk {
                Some(c) => f(data.get(), c.stream, c.data.as_ptr(), c.data.len()),
                None => f(
                    data.get(),
                    codex_output_stream_t::CODEX_OUTPUT_END,
                    std::ptr::null(),
                    0,
                ),
            }))
    })
}

/// Frees the handle: its output callback never starts again once this returns (from inside
/// the callback, after it returns), and a process still running is terminated. NULL is a
/// no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_process_free(p: *mut codex_process) {
    ffi_boundary!(|| free_boxed(p))
}

/// Which stream the chunk came from (CODEX_OUTPUT_STDOUT or CODEX_OUTPUT_STDERR). NULL: END.
#[no_mangle]
pub unsafe extern "C" fn codex_process_output_stream(
    o: *const codex_process_output,
) -> codex_output_stream_t {
    ffi_boundary!(|| o
        .as_ref()
        .map_or(codex_output_stream_t::CODEX_OUTPUT_END, |o| o.chunk.stream))
}

/// The chunk's bytes (borrowed; not NUL-terminated), their count in `*len` (may be NULL).
#[no_mangle]
pub unsafe extern "C" fn codex_process_output_data(
    o: *const codex_process_output,
    len: *mut usize,
) -> *const u8 {
    ffi_boundary!(|| {
        let (ptr, n) = o.as_ref().map_or((std::ptr::null(), 0), |o| {
            (o.chunk.data.as_ptr(), o.chunk.data.len())
        });
        if let Some(l) = len.as_mut() {
            *l = n;
        }
        ptr
    })
}

/// Whether this was the last chunk of its stream because the output cap cut the rest.
#[no_mangle]
pub unsafe extern "C" fn codex_process_output_cap_reached(o: *const codex_process_output) -> bool {
    ffi_boundary!(|| o.as_ref().is_some_and(|o| o.chunk.cap_reached))
}

/// Frees a chunk. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_process_output_free(o: *mut codex_process_output) {
    ffi_boundary!(|| free_boxed(o))
}

/// File search matches, best first. Free with codex_file_matches_free.
pub struct codex_file_matches {
    matches: Vec<FileMatch>,
}

struct FileMatch {
    path: CString,
    root: CString,
    file_name: CString,
    score: u32,
    kind: codex_match_type_t,
}

impl super::handle::Boxed for codex_file_matches {}

impl From<&FuzzyFileSearchResult> for FileMatch {
    fn from(r: &FuzzyFileSearchResult) -> FileMatch {
        FileMatch {
            path: c_string(&r.path),
            root: c_string(&r.root),
            file_name: c_string(&r.file_name),
            score: r.score,
            kind: r.kind(),
        }
    }
}

/// Files and folders under `roots[0..n_roots]` whose path matches `query` fuzzily
/// (`fuzzyFileSearch`), best first.
#[no_mangle]
pub unsafe extern "C" fn codex_fuzzy_file_search(
    client: *const codex_client,
    query: *const c_char,
    roots: *const *const c_char,
    n_roots: usize,
    out: *mut *mut codex_file_matches,
    err: *mut *mut codex_error,
) -> Status {
    ffi_boundary!(err, || {
        let c = client_arg(client)?;
        let query = str_arg(query, "query")?;
        if roots.is_null() && n_roots > 0 {
            return Err(Error::invalid("roots is NULL"));
        }
        let roots: Vec<&str> = (0..n_roots)
            .map(|i| str_arg(*roots.add(i), &format!("roots[{i}]")))
            .collect::<Result<_>>()?;
        out_arg(out, "out")?;
        let found = block_on(c.fuzzy_file_search(query, &roots))?;
        *out = into_boxed(codex_file_matches {
            matches: found.iter().map(FileMatch::from).collect(),
        });
        Ok(())
    })
}

unsafe fn file_match<'a>(m: *const codex_file_matches, i: usize) -> Option<&'a FileMatch> {
    m.as_ref().and_then(|m| m.matches.get(i))
}

/// How many matches there are.
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_count(m: *const codex_file_matches) -> usize {
    ffi_boundary!(|| m.as_ref().map_or(0, |m| m.matches.len()))
}

/// Match `i`'s path, relative to its root (borrowed), or NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_path(
    m: *const codex_file_matches,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| file_match(m, i).map_or(std::ptr::null(), |f| f.path.as_ptr()))
}

/// The root match `i` was found under (borrowed), or NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_root(
    m: *const codex_file_matches,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| file_match(m, i).map_or(std::ptr::null(), |f| f.root.as_ptr()))
}

/// Match `i`'s file name (borrowed), or NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_file_name(
    m: *const codex_file_matches,
    i: usize,
) -> *const c_char {
    ffi_boundary!(|| file_match(m, i).map_or(std::ptr::null(), |f| f.file_name.as_ptr()))
}

/// Match `i`'s score (higher is better); 0 past the end.
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_score(m: *const codex_file_matches, i: usize) -> u32 {
    ffi_boundary!(|| file_match(m, i).map_or(0, |f| f.score))
}

/// Whether match `i` is a file or a directory (CODEX_MATCH_OTHER past the end).
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_type(
    m: *const codex_file_matches,
    i: usize,
) -> codex_match_type_t {
    ffi_boundary!(|| file_match(m, i).map_or(codex_match_type_t::CODEX_MATCH_OTHER, |f| f.kind))
}

/// Frees the matches. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn codex_file_matches_free(m: *mut codex_file_matches) {
    ffi_boundary!(|| free_boxed(m))
}
