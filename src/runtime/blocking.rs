//! How blocking callers (C, and Rust code outside async) wait for the runtime's futures.

use super::executor::handle;
use std::future::Future;
use std::time::Duration;

/// Runs a future to completion, blocking the calling thread. Called from inside some async
/// runtime (a Rust host's), it runs on a scoped helper thread, since tokio forbids nesting.
pub(crate) fn block_on<F: Future + Send>(fut: F) -> F::Output
where
    F::Output: Send,
{
    // Called from a callback, this thread may wait for the reader: the reader must not wait
    // for this thread's queue meanwhile.
    let _blocked = super::delivery::BlockedGuard::enter();
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| {
            s.spawn(|| handle().block_on(fut))
                .join()
                .expect("block_on helper panicked")
        })
    } else {
        handle().block_on(fut)
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

/// A blocking wait for something other threads must make happen, for up to `timeout` (`None` =
/// no limit; running out is `TIMEOUT` saying `what`). On a delivery thread (the host called it
/// from a callback) it gives up with `WOULD_DEADLOCK` as soon as a server request is posted to
/// this thread: that request could only be handled after this wait returns. Inside a
/// [`super::cancel::with_cancel`] scope it returns `CANCELLED` as soon as the token is cancelled
/// (at once if it already is); the operation itself goes on.
pub(crate) fn wait_deadlock_aware<T: Send, F: Future<Output = crate::Result<T>> + Send>(
    fut: F,
    timeout: Option<Duration>,
    what: &str,
) -> crate::Result<T> {
    let backlog = super::delivery::current_backlog();
    let cancel = super::cancel::current();
    if cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
        return Err(super::cancel::cancelled_error());
    }
    let fut = async move {
        match cancel {
            None => fut.await,
            Some(c) => tokio::select! {
                r = fut => r,
                _ = c.cancelled() => Err(super::cancel::cancelled_error()),
            },
        }
    };
    let guarded = async move {
        match backlog {
            None => fut.await,
            Some(b) => {
                let seen = b.requests_posted();
                tokio::select! {
                    r = fut => r,
                    _ = b.request_posted_after(seen) => Err(crate::Error::new(
                        crate::Status::WouldDeadlock,
                        "a server request arrived for this callback's thread while it was blocked in a wait; use the callback forms instead",
                    )),
                }
            }
        }
    };
    block_on_timeout(guarded, timeout)
        .unwrap_or_else(|| Err(crate::Error::new(crate::Status::Timeout, what)))
}
