//! The per-client delivery thread: every callback of a client runs here, in server order, so a
//! slow callback delays only its own client and never a runtime worker.
//!
//! Backpressure: the queue is unbounded (a callback may post more work), but when more than
//! `HIGH` jobs are waiting the stdout reader pauses until the thread catches up, so memory stays
//! flat when callbacks are slower than the server streams. The pause never becomes a deadlock:
//! it is skipped while the delivery thread is blocked inside a library call (which may be
//! waiting for the reader), and abandoned when the queue makes no progress for a while.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::{JoinHandle, ThreadId};
use std::time::Duration;

pub(crate) type Job = Box<dyn FnOnce() + Send>;

/// Jobs waiting above which the reader pauses, and below which it resumes.
const HIGH: usize = 8 * 1024;
const LOW: usize = 2 * 1024;
/// A queue that does not shrink for this long is treated as stuck: the reader goes on.
const STALL_LIMIT: Duration = Duration::from_millis(250);

/// What the reader needs to know about the delivery queue.
#[derive(Default)]
pub(crate) struct Backlog {
    queued: AtomicUsize,
    /// Depth of library calls the delivery thread is blocked in (from inside a callback).
    blocked: AtomicUsize,
    stopped: AtomicBool,
    drained: tokio::sync::Notify,
    /// Server requests posted so far: a wait blocked on this thread watches it, since a request
    /// it cannot answer while blocked would stall until the handler timeout.
    requests_posted: AtomicUsize,
    request_arrived: tokio::sync::Notify,
}

thread_local! {
    /// Set on delivery threads: the backlog of the client the thread delivers for.
    static CURRENT: RefCell<Option<Arc<Backlog>>> = const { RefCell::new(None) };
}

/// Marks the current thread as blocked in a library call while alive, if it is a delivery
/// thread (so the reader never waits for a thread that waits for the reader).
pub(crate) struct BlockedGuard(Option<Arc<Backlog>>);

impl BlockedGuard {
    pub(crate) fn enter() -> Self {
        let backlog = CURRENT.with(|c| c.borrow().clone());
        if let Some(b) = &backlog {
            b.blocked.fetch_add(1, Ordering::SeqCst);
            b.drained.notify_waiters();
        }
        BlockedGuard(backlog)
    }
}

impl Drop for BlockedGuard {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.blocked.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Whether the current thread is a delivery thread (of any client).
pub(crate) fn on_delivery_thread() -> bool {
    CURRENT.with(|c| c.borrow().is_some())
}

/// The backlog of the client whose delivery thread this is, if it is one.
pub(crate) fn current_backlog() -> Option<Arc<Backlog>> {
    CURRENT.with(|c| c.borrow().clone())
}

impl Backlog {
    /// How many server requests were posted so far.
    pub(crate) fn requests_posted(&self) -> usize {
        self.requests_posted.load(Ordering::SeqCst)
    }

    /// Resolves once a server request is posted after `seen` were.
    pub(crate) async fn request_posted_after(&self, seen: usize) {
        loop {
            let notified = self.request_arrived.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.requests_posted() != seen {
                return;
            }
            notified.await;
        }
    }

    /// Whether the reader should pause (cheap: one atomic load per read chunk).
    pub(crate) fn over_high(&self) -> bool {
        self.queued.load(Ordering::Relaxed) > HIGH
    }

    /// Waits until the queue is below `LOW`, the delivery thread blocks in a library call, the
    /// client stops, or the queue stalls.
    pub(crate) async fn throttle(&self) {
        let mut last = self.queued.load(Ordering::SeqCst);
        let mut stalled = Duration::ZERO;
        let step = Duration::from_millis(10);
        while last > LOW
            && self.blocked.load(Ordering::SeqCst) == 0
            && !self.stopped.load(Ordering::SeqCst)
        {
            let _ = tokio::time::timeout(step, self.drained.notified()).await;
            let now = self.queued.load(Ordering::SeqCst);
            if now >= last {
                stalled += step;
                if stalled >= STALL_LIMIT {
                    return;
                }
            } else {
                stalled = Duration::ZERO;
            }
            last = now;
        }
    }
}

pub(crate) struct Delivery {
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    thread_id: ThreadId,
    join: Mutex<Option<JoinHandle<()>>>,
    backlog: Arc<Backlog>,
    owner: super::fork::Owner,
}

impl Delivery {
    pub(crate) fn start(name: String) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel::<Job>();
        let backlog = Arc::new(Backlog::default());
        let thread_backlog = backlog.clone();
        let join = std::thread::Builder::new().name(name).spawn(move || {
            super::executor::block_sigpipe();
            CURRENT.with(|c| *c.borrow_mut() = Some(thread_backlog.clone()));
            while let Ok(job) = rx.recv() {
                // Jobs catch their own callback panics; this guard keeps the thread alive anyway.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                if thread_backlog.queued.fetch_sub(1, Ordering::SeqCst) == LOW + 1 {
                    thread_backlog.drained.notify_waiters();
                }
            }
            CURRENT.with(|c| c.borrow_mut().take());
        })?;
        Ok(Delivery {
            tx: Mutex::new(Some(tx)),
            thread_id: join.thread().id(),
            join: Mutex::new(Some(join)),
            backlog,
            owner: super::fork::Owner::current(),
        })
    }

    /// Queues a job; after `stop` jobs are dropped unrun.
    pub(crate) fn post(&self, job: Job) {
        if let Some(tx) = self.tx.lock().unwrap().as_ref() {
            self.backlog.queued.fetch_add(1, Ordering::SeqCst);
            if tx.send(job).is_err() {
                self.backlog.queued.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }

    /// Queues a server request's job, and tells a wait blocked on the delivery thread (which
    /// could only run the job after it returns) to give up.
    pub(crate) fn post_request(&self, job: Job) {
        self.post(job);
        self.backlog.requests_posted.fetch_add(1, Ordering::SeqCst);
        self.backlog.request_arrived.notify_waiters();
    }

    /// Jobs waiting for the delivery thread.
    pub(crate) fn queued(&self) -> usize {
        self.backlog.queued.load(Ordering::SeqCst)
    }

    pub(crate) fn backlog(&self) -> &Arc<Backlog> {
        &self.backlog
    }

    pub(crate) fn is_current(&self) -> bool {
        std::thread::current().id() == self.thread_id
    }

    /// Lets the thread finish its queue and exit. Joins it, unless called from a delivery
    /// thread (its own, or another client's: two clients whose callbacks free each other
    /// would otherwise each wait for the other) or in a forked child, where it does not exist.
    pub(crate) fn stop(&self) {
        self.backlog.stopped.store(true, Ordering::SeqCst);
        self.backlog.drained.notify_waiters();
        self.tx.lock().unwrap().take();
        let join = self.join.lock().unwrap().take();
        if let Some(join) = join {
            if on_delivery_thread() || self.owner.is_foreign() {
                drop(join); // detached: the thread exits on its own, never joined from here
            } else {
                let _ = join.join();
            }
        }
    }
}
