//! The one process-wide tokio runtime that does all I/O, and the helpers blocking callers use.

use once_cell::sync::Lazy;
use std::future::Future;
use std::time::Duration;

static RUNTIME: Lazy<tokio::runtime::Runtime> = Lazy::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("codex-io")
        .enable_all()
        .on_thread_start(block_sigpipe)
        .build()
        .expect("failed to start the codex-ffi tokio runtime")
});

/// The shared runtime.
pub(crate) fn handle() -> &'static tokio::runtime::Runtime {
    &RUNTIME
}

/// Runs a future to completion, blocking the calling thread. Called from inside some async
/// runtime (a Rust host's), it runs on a scoped helper thread, since tokio forbids nesting.
pub(crate) fn block_on<F: Future + Send>(fut: F) -> F::Output
where
    F::Output: Send,
{
    // Called from a callback, this thread may wait for the reader: the reader must not wait
    // for this thread's queue meanwhile.
    let _blocked = crate::delivery::BlockedGuard::enter();
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| {
            s.spawn(|| RUNTIME.block_on(fut))
                .join()
                .expect("block_on helper panicked")
        })
    } else {
        RUNTIME.block_on(fut)
    }
}

/// Runs a future with an optional time limit: `None` waits forever.
pub(crate) fn block_on_timeout<F: Future + Send>(
    fut: F,
    timeout: Option<Duration>,
) -> Option<F::Output>
where
    F::Output: Send,
{
    match timeout {
        None => Some(block_on(fut)),
        Some(d) => block_on(async move { tokio::time::timeout(d, fut).await.ok() }),
    }
}

/// A C wait: runs `fut` for up to `timeout_ms` (`< 0` = no limit); running out of time is a
/// `TIMEOUT` error saying `what` (the operation itself goes on).
pub(crate) fn wait_ms<T: Send, F: Future<Output = crate::Result<T>> + Send>(
    fut: F,
    timeout_ms: i64,
    what: &str,
) -> crate::Result<T> {
    block_on_timeout(fut, timeout_from_ms(timeout_ms))
        .unwrap_or_else(|| Err(crate::Error::new(crate::Status::Timeout, what)))
}

/// Converts the C convention (`< 0` = no limit) into an optional duration.
pub(crate) fn timeout_from_ms(ms: i64) -> Option<Duration> {
    if ms < 0 {
        None
    } else {
        Some(Duration::from_millis(ms as u64))
    }
}

/// Library-owned threads block SIGPIPE, so a write to a dead app-server returns EPIPE (and so a
/// `TRANSPORT` error) instead of killing the host process. Children do not inherit this: the
/// standard library resets the signal mask before exec.
pub(crate) fn block_sigpipe() {
    // SAFETY: plain libc calls on a local, initialised sigset.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
