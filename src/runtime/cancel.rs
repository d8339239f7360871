//! Cancel tokens: another thread cancels a blocked wait (sqlite3_interrupt's idea, per call
//! rather than per connection). A token is triggered once and stays triggered until reset;
//! every wait that observes it returns `CANCELLED` at once and leaves the operation going on.
//!
//! Blocking waits observe the token of the scope they run in ([`with_cancel`]): the C layer's
//! `_cancellable` entry points set it around the same blocking forms the plain ones use.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A cancel token. Cheap to clone (clones share the state); thread-safe.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    notify: tokio::sync::Notify,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every wait that observes this token, now and until [`CancelToken::reset`].
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Makes the token usable again (waits that already returned stay cancelled).
    pub fn reset(&self) {
        self.inner.cancelled.store(false, Ordering::SeqCst);
    }

    /// Resolves when the token is cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<CancelToken>> = const { RefCell::new(None) };
}

/// Runs `f` with `token` as the calling thread's cancel token: blocking waits inside observe it.
pub fn with_cancel<T>(token: Option<&CancelToken>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<CancelToken>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let prev = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), token.cloned()));
    let _restore = Restore(prev);
    f()
}

/// The calling thread's cancel token, if a [`with_cancel`] scope set one.
pub(crate) fn current() -> Option<CancelToken> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The error a cancelled wait returns.
pub(crate) fn cancelled_error() -> crate::Error {
    crate::Error::new(crate::Status::Cancelled, "the wait was cancelled")
}
